import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailRenderer } from './email-renderer.service';
import { Invitation } from './entities/invitation.entity';
import { InvitationToken } from './entities/invitation-token.entity';
import { InvitationSender } from './invitation-sender.service';
import { InvitationTokensService } from './invitation-tokens.service';
import { JobQueue } from './job-queue.service';
import { MailTransport } from './mail-transport.service';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';

/**
 * Invitations, tokens, email rendering and transport, the pg-boss job queue, unsubscribe and
 * the dev outbox. Exports JobQueue (other modules' jobs), InvitationSender (queue sends) and
 * InvitationTokensService (token → invitation).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Invitation, InvitationToken])],
  controllers: [OutboxController, UnsubscribeController],
  providers: [
    JobQueue,
    MailTransport,
    EmailRenderer,
    InvitationSender,
    InvitationTokensService,
    UnsubscribeService,
    OutboxService,
  ],
  exports: [JobQueue, InvitationSender, InvitationTokensService, MailTransport],
})
export class DeliveryModule {}
