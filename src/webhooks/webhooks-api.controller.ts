import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { CurrentUser, Me } from '../auth/current-user';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { deliveryJson, endpointJson } from './webhook-views';

@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/webhooks')
export class WebhooksApiController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Registered webhook endpoints' })
  async list() {
    return (await this.endpoints.list()).map(endpointJson);
  }

  @Post()
  @ApiOperation({
    summary: 'Register an endpoint',
    description: 'The answer carries the signing secret, this once; Tandem never shows it again.',
  })
  async create(@Me() me: CurrentUser, @Body() dto: CreateWebhookDto) {
    const { endpoint, secret } = await this.endpoints.create(
      dto,
      `${me.name} (${me.email}) via API key`,
    );
    return { ...endpointJson(endpoint), secret };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Enable or disable an endpoint' })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateWebhookDto) {
    return endpointJson(await this.endpoints.setEnabled(id, dto.enabled));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint and its delivery log' })
  async remove(@Param('id', ParseUUIDPipe) id: string) {
    await this.endpoints.remove(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "The endpoint's delivery log, newest first (20 a page)" })
  async log(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto) {
    await this.endpoints.get(id);
    const log = await this.deliveries.log(id, query.page);
    return { ...log, items: log.items.map(deliveryJson) };
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @ApiOperation({ summary: 'Send a delivery again (same event id, a fresh signature)' })
  async replay(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
  ) {
    return deliveryJson(await this.deliveries.replay(id, deliveryId));
  }
}
