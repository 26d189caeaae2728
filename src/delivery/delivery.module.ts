import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InvitationBulkService } from './invitation-bulk.service';
import { CyclesModule } from '../cycles/cycles.module';
import { DirectoryModule } from '../directory/directory.module';
import { SurveysModule } from '../surveys/surveys.module';
import { EmailRenderer } from './email-renderer.service';
import { JobsModule } from '../jobs/jobs.module';
import { Invitation } from './entities/invitation.entity';
import { InvitationToken } from './entities/invitation-token.entity';
import { InvitationQueue } from './invitation-queue.service';
import { InvitationSender } from './invitation-sender.service';
import { InvitationTokensService } from './invitation-tokens.service';
import { InvitationsService } from './invitations.service';
import { MailableFacts } from './mailable-facts.service';
import { MailTransport } from './mail-transport.service';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';
import { PrintedCodesController } from './printed-codes.controller';
import { RecipientPrivacyService } from './recipient-privacy.service';
import { PrintedCodesService } from './printed-codes.service';
import { SurveyLinksService } from './survey-links.service';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeLinksService } from './unsubscribe-links.service';
import { UnsubscribeService } from './unsubscribe.service';

/**
 * Invitations, tokens, email rendering and transport, unsubscribe and the dev outbox. Exports
 * InvitationQueue (mail a cycle's invitations or a reminder round) and
 * InvitationTokensService (token → invitation), InvitationsService (create a cycle's
 * invitations, count them) and SurveyLinksService (a survey link's invitation; using links). Cycles and delivery import each other (a cycle opens by creating
 * invitations; an invitation's state depends on its cycle), hence the forwardRef.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Invitation, InvitationToken]),
    JobsModule,
    DirectoryModule,
    forwardRef(() => SurveysModule),
    forwardRef(() => CyclesModule),
  ],
  controllers: [OutboxController, PrintedCodesController, UnsubscribeController],
  providers: [
    InvitationBulkService,
    MailTransport,
    EmailRenderer,
    InvitationSender,
    InvitationQueue,
    InvitationTokensService,
    InvitationsService,
    MailableFacts,
    UnsubscribeService,
    OutboxService,
    PrintedCodesService,
    RecipientPrivacyService,
    SurveyLinksService,
    UnsubscribeLinksService,
  ],
  exports: [
    InvitationBulkService,
    InvitationQueue,
    InvitationTokensService,
    InvitationsService,
    MailTransport,
    RecipientPrivacyService,
    SurveyLinksService,
    UnsubscribeLinksService,
  ],
})
export class DeliveryModule {}
