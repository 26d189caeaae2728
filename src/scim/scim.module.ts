import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '../directory/directory.module';
import { DirectoryProvisioningService } from '../directory/provisioning.service';
import { ScimToken } from './entities/scim-token.entity';
import { ScimBodyParser } from './scim-body-parser';
import { ScimDiscoveryController } from './scim-discovery.controller';
import { ScimGroupsController } from './scim-groups.controller';
import { ScimGroupsService } from './scim-groups.service';
import { ScimTokenGuard } from './scim-token.guard';
import { ScimTokensController } from './scim-tokens.controller';
import { ScimTokensService } from './scim-tokens.service';
import { ScimUsersController } from './scim-users.controller';
import { ScimUsersService } from './scim-users.service';

/**
 * Directory provisioning with SCIM 2.0 (RFC 7643/7644) at /scim/v2: an identity provider
 * creates, updates and deactivates employees (Users) and keeps units (Groups), with a SCIM
 * token of its own that admins create and revoke on /admin/scim.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ScimToken]), DirectoryModule],
  controllers: [
    ScimUsersController,
    ScimGroupsController,
    ScimDiscoveryController,
    ScimTokensController,
  ],
  providers: [
    // The directory's lookups for provisioning (its own queries, in src/directory), provided
    // here since only provisioning uses them.
    DirectoryProvisioningService,
    ScimTokensService,
    ScimUsersService,
    ScimGroupsService,
    ScimTokenGuard,
    ScimBodyParser,
  ],
})
export class ScimModule {}
