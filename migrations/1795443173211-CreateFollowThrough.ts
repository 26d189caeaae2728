import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Follow-through: customer follow-ups with their trail and the managers' daily digests; team
 * action plans (1–3 actions each) with theirs.
 */
export class CreateFollowThrough1795443173211 implements MigrationInterface {
  name = 'CreateFollowThrough1795443173211';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "action_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cycle_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "created_by_id" uuid, "share_count" integer NOT NULL DEFAULT '0', "shared_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_action_plans" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_action_plans_unit" ON "action_plans"  ("unit_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_action_plans_cycle_unit" ON "action_plans"  ("cycle_id", "unit_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "action_plan_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "position" integer NOT NULL, "what" text NOT NULL, "owner" text NOT NULL, "due_on" date NOT NULL, "dimension" text, "status" text NOT NULL DEFAULT 'planned', "done_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_action_plan_actions_status" CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')), CONSTRAINT "ck_action_plan_actions_position" CHECK (position BETWEEN 1 AND 3), CONSTRAINT "pk_action_plan_actions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_action_plan_actions_position" ON "action_plan_actions"  ("plan_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "action_plan_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "plan_id" uuid NOT NULL, "action_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_name" text, "kind" text NOT NULL, "from_state" text, "to_state" text, "note" text, "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "pk_action_plan_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_action_plan_events_plan" ON "action_plan_events"  ("plan_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "follow_up_digests" ("user_id" uuid NOT NULL, "digest_on" date NOT NULL, "follow_ups" integer NOT NULL DEFAULT '0', "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_follow_up_digests" PRIMARY KEY ("user_id", "digest_on"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "follow_ups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "response_id" uuid NOT NULL, "cycle_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "account_id" uuid, "contact_id" uuid, "reasons" text array NOT NULL, "nps" integer, "csat" integer, "comment" text, "state" text NOT NULL DEFAULT 'open', "assignee_id" uuid, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "contacted_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by_id" uuid, "resolution" text, "heard_you" text, "heard_you_message" text, "heard_you_sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_follow_ups_state" CHECK (state IN ('open', 'assigned', 'contacted', 'resolved')), CONSTRAINT "pk_follow_ups" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_follow_ups_cycle" ON "follow_ups"  ("cycle_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_follow_ups_state_due" ON "follow_ups"  ("state", "due_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_follow_ups_unit_state" ON "follow_ups"  ("unit_id", "state") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_follow_ups_response" ON "follow_ups"  ("response_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "follow_up_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "follow_up_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_name" text, "kind" text NOT NULL, "from_state" text, "to_state" text, "note" text, "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "pk_follow_up_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_follow_up_events_follow_up" ON "follow_up_events"  ("follow_up_id", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plans" ADD CONSTRAINT "fk_action_plans_cycle" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plans" ADD CONSTRAINT "fk_action_plans_unit" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plans" ADD CONSTRAINT "fk_action_plans_created_by" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plan_actions" ADD CONSTRAINT "fk_action_plan_actions_plan" FOREIGN KEY ("plan_id") REFERENCES "action_plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plan_events" ADD CONSTRAINT "fk_action_plan_events_plan" FOREIGN KEY ("plan_id") REFERENCES "action_plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plan_events" ADD CONSTRAINT "fk_action_plan_events_action" FOREIGN KEY ("action_id") REFERENCES "action_plan_actions"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plan_events" ADD CONSTRAINT "fk_action_plan_events_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_digests" ADD CONSTRAINT "fk_follow_up_digests_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "fk_follow_ups_response" FOREIGN KEY ("response_id") REFERENCES "customer_responses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "fk_follow_ups_cycle" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "fk_follow_ups_unit" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "fk_follow_ups_account" FOREIGN KEY ("account_id") REFERENCES "customer_accounts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "fk_follow_ups_contact" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "fk_follow_ups_assignee" FOREIGN KEY ("assignee_id") REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "fk_follow_ups_resolved_by" FOREIGN KEY ("resolved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_events" ADD CONSTRAINT "fk_follow_up_events_follow_up" FOREIGN KEY ("follow_up_id") REFERENCES "follow_ups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_events" ADD CONSTRAINT "fk_follow_up_events_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "follow_up_events" DROP CONSTRAINT "fk_follow_up_events_actor"`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_events" DROP CONSTRAINT "fk_follow_up_events_follow_up"`,
    );
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_resolved_by"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_assignee"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_contact"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_account"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_unit"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_cycle"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "fk_follow_ups_response"`);
    await queryRunner.query(
      `ALTER TABLE "follow_up_digests" DROP CONSTRAINT "fk_follow_up_digests_user"`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plan_events" DROP CONSTRAINT "fk_action_plan_events_actor"`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plan_events" DROP CONSTRAINT "fk_action_plan_events_action"`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plan_events" DROP CONSTRAINT "fk_action_plan_events_plan"`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plan_actions" DROP CONSTRAINT "fk_action_plan_actions_plan"`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_plans" DROP CONSTRAINT "fk_action_plans_created_by"`,
    );
    await queryRunner.query(`ALTER TABLE "action_plans" DROP CONSTRAINT "fk_action_plans_unit"`);
    await queryRunner.query(`ALTER TABLE "action_plans" DROP CONSTRAINT "fk_action_plans_cycle"`);
    await queryRunner.query(`DROP INDEX "public"."ix_follow_up_events_follow_up"`);
    await queryRunner.query(`DROP TABLE "follow_up_events"`);
    await queryRunner.query(`DROP INDEX "public"."uq_follow_ups_response"`);
    await queryRunner.query(`DROP INDEX "public"."ix_follow_ups_unit_state"`);
    await queryRunner.query(`DROP INDEX "public"."ix_follow_ups_state_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_follow_ups_cycle"`);
    await queryRunner.query(`DROP TABLE "follow_ups"`);
    await queryRunner.query(`DROP TABLE "follow_up_digests"`);
    await queryRunner.query(`DROP INDEX "public"."ix_action_plan_events_plan"`);
    await queryRunner.query(`DROP TABLE "action_plan_events"`);
    await queryRunner.query(`DROP INDEX "public"."uq_action_plan_actions_position"`);
    await queryRunner.query(`DROP TABLE "action_plan_actions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_action_plans_cycle_unit"`);
    await queryRunner.query(`DROP INDEX "public"."ix_action_plans_unit"`);
    await queryRunner.query(`DROP TABLE "action_plans"`);
  }
}
