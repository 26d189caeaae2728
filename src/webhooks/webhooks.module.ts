import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CyclesModule } from '../cycles/cycles.module';
import { DirectoryModule } from '../directory/directory.module';
import { FollowThroughModule } from '../follow-through/follow-through.module';
import { JobsModule } from '../jobs/jobs.module';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookPublisher } from './webhook-publisher.service';
import { WebhooksApiController } from './webhooks-api.controller';
import { WebhooksController } from './webhooks.controller';

/**
 * Webhooks: admins register HTTPS endpoints for events of cycles and follow-through; each
 * delivery is signed, sent and retried through the job queue, logged, and can be replayed.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery]),
    CyclesModule,
    DirectoryModule,
    FollowThroughModule,
    JobsModule,
  ],
  controllers: [WebhooksController, WebhooksApiController],
  providers: [WebhookEndpointsService, WebhookDeliveriesService, WebhookPublisher],
})
export class WebhooksModule {}
