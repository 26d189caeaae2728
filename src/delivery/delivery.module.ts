import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Invitation } from './entities/invitation.entity';
import { InvitationToken } from './entities/invitation-token.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Invitation, InvitationToken])],
})
export class DeliveryModule {}
