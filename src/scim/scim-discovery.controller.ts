import { Get, Param } from '@nestjs/common';
import { listResponse } from './scim-paging';
import { ScimController, ScimRoute } from './scim-route';
import { RESOURCE_TYPES, SCHEMAS, SERVICE_PROVIDER_CONFIG } from './scim-schemas';
import { ScimError } from './scim.errors';

/** What this SCIM service supports (RFC 7644 §4); behind the SCIM token like the rest. */
@ScimController('')
export class ScimDiscoveryController {
  @Get('ServiceProviderConfig')
  @ScimRoute()
  serviceProviderConfig() {
    return SERVICE_PROVIDER_CONFIG;
  }

  @Get('ResourceTypes')
  @ScimRoute()
  resourceTypes() {
    return listResponse(
      { startIndex: 1, count: RESOURCE_TYPES.length },
      RESOURCE_TYPES.length,
      RESOURCE_TYPES,
    );
  }

  @Get('ResourceTypes/:id')
  @ScimRoute()
  resourceType(@Param('id') id: string) {
    const found = RESOURCE_TYPES.find((r) => r.id === id);
    if (!found) throw ScimError.notFound(`No resource type ${id}.`);
    return found;
  }

  @Get('Schemas')
  @ScimRoute()
  schemas() {
    return listResponse({ startIndex: 1, count: SCHEMAS.length }, SCHEMAS.length, SCHEMAS);
  }

  @Get('Schemas/:id')
  @ScimRoute()
  schema(@Param('id') id: string) {
    const found = SCHEMAS.find((s) => s.id === id);
    if (!found) throw ScimError.notFound(`No schema ${id}.`);
    return found;
  }
}
