import { MigrationInterface, QueryRunner } from 'typeorm';

/** The two templates Tandem ships, with the fixed ids of src/surveys/builtin-surveys.ts. */
const EMPLOYEE_PULSE_ID = '5e1f0000-0000-4000-8000-000000000001';
const CUSTOMER_RELATIONSHIP_ID = '5e1f0000-0000-4000-8000-000000000002';

type Row = [key: string, kind: string, text: string, dimension: string | null, required: boolean];

const EMPLOYEE: Row[] = [
  [
    'enps',
    'nps',
    'How likely are you to recommend working here to a friend or former colleague?',
    'loyalty',
    true,
  ],
  ['eng_proud', 'likert5', 'I am proud to tell people where I work.', 'engagement', true],
  [
    'eng_recommend_work',
    'likert5',
    'I would tell a friend that this is a good place to work.',
    'engagement',
    true,
  ],
  ['eng_motivated', 'likert5', 'My work here makes me want to give my best.', 'engagement', true],
  [
    'eng_stay',
    'likert5',
    'I expect to still be working here two years from now.',
    'engagement',
    true,
  ],
  [
    'ena_resources',
    'likert5',
    'I have the tools and information I need to do my job well.',
    'enablement',
    true,
  ],
  [
    'ena_processes',
    'likert5',
    'Our ways of working help me serve customers instead of getting in the way.',
    'enablement',
    true,
  ],
  ['mgr_feedback', 'likert5', 'My manager gives me useful feedback on my work.', 'manager', true],
  ['mgr_cares', 'likert5', 'My manager cares about me as a person.', 'manager', true],
  ['wb_workload', 'likert5', 'My workload is manageable in a normal week.', 'wellbeing', true],
  ['wb_switch_off', 'likert5', 'I can switch off from work when I need to.', 'wellbeing', true],
  ['comment', 'text', 'What one change would make working here better?', null, false],
];

const CUSTOMER: Row[] = [
  ['nps', 'nps', 'How likely are you to recommend us to a colleague or a friend?', 'loyalty', true],
  [
    'csat',
    'rating5',
    'Overall, how satisfied are you with the service you receive from us?',
    'satisfaction',
    true,
  ],
  [
    'trust_promises',
    'likert5',
    'The team that serves you keeps the promises it makes.',
    'trust',
    true,
  ],
  ['respect_listens', 'likert5', 'They listen carefully to what you tell them.', 'respect', true],
  [
    'responsiveness_proactive',
    'likert5',
    'They raise ideas and problems with you before you have to ask.',
    'responsiveness',
    true,
  ],
  [
    'respect_needs',
    'likert5',
    'They understand what your organisation needs from us.',
    'respect',
    true,
  ],
  [
    'effort_details',
    'likert5',
    'They get the details right, so you do not have to chase them.',
    'effort',
    true,
  ],
  [
    'trust_knowledge',
    'likert5',
    'The people you deal with know their subject well.',
    'trust',
    true,
  ],
  [
    'trust_honest',
    'likert5',
    'They are honest with you, even when the news is not good.',
    'trust',
    true,
  ],
  ['comment', 'text', 'What is one thing we could do better for you?', null, false],
];

export class SeedBuiltinSurveys1795441602900 implements MigrationInterface {
  name = 'SeedBuiltinSurveys1795441602900';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.insert(
      queryRunner,
      EMPLOYEE_PULSE_ID,
      'Employee engagement pulse',
      'employee',
      'eNPS and ten short statements on engagement, enablement, your manager and wellbeing. About two minutes.',
      EMPLOYEE,
    );
    await this.insert(
      queryRunner,
      CUSTOMER_RELATIONSHIP_ID,
      'Customer relationship survey',
      'customer',
      'NPS, overall satisfaction and seven statements on trust, respect, responsiveness and effort. About two minutes.',
      CUSTOMER,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "surveys" WHERE "id" IN ($1, $2)`, [
      EMPLOYEE_PULSE_ID,
      CUSTOMER_RELATIONSHIP_ID,
    ]);
  }

  private async insert(
    queryRunner: QueryRunner,
    id: string,
    name: string,
    audience: string,
    description: string,
    rows: Row[],
  ): Promise<void> {
    await queryRunner.query(
      `INSERT INTO "surveys" ("id", "name", "audience", "description", "builtin") VALUES ($1, $2, $3, $4, true)
       ON CONFLICT ("id") DO NOTHING`,
      [id, name, audience, description],
    );
    await queryRunner.query(
      `INSERT INTO "questions" ("survey_id", "position", "key", "kind", "text", "dimension", "required")
       SELECT $1, r.position, r.key, r.kind, r.text, r.dimension, r.required
         FROM jsonb_to_recordset($2::jsonb)
           AS r(position int, key text, kind text, text text, dimension text, required boolean)
       ON CONFLICT ("survey_id", "key") DO NOTHING`,
      [
        id,
        JSON.stringify(
          rows.map(([key, kind, text, dimension, required], i) => ({
            position: i + 1,
            key,
            kind,
            text,
            dimension,
            required,
          })),
        ),
      ],
    );
  }
}
