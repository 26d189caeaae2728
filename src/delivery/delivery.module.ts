import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailRenderer } from './email-renderer.service';
import { JobsModule } from '../jobs/jobs.module';
import { Invitation } from './entities/invitation.entity';
import { InvitationToken } from './entities/invitation-token.entity';
import { InvitationQueue } from './invitation-queue.service';
import { InvitationSender } from './invitation-sender.service';
import { InvitationTokensService } from './invitation-tokens.service';
import { MailTransport } from './mail-transport.service';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';

/**
 * Invitations, tokens, email rendering and transport, unsubscribe and the dev outbox. Exports
 * InvitationQueue (mail a cycle's invitations or a reminder round) and
 * InvitationTokensService (token → invitation).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Invitation, InvitationToken]), JobsModule],
  controllers: [OutboxController, UnsubscribeController],
  providers: [
    MailTransport,
    EmailRenderer,
    InvitationSender,
    InvitationQueue,
    InvitationTokensService,
    UnsubscribeService,
    OutboxService,
  ],
  exports: [InvitationQueue, InvitationTokensService, MailTransport],
})
export class DeliveryModule {}
