import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { postForm, redirectTo, redirectWithFlash, showPage } from '../common/form-post';
import { Page } from '../common/page.decorator';
import { PageRenderer } from '../common/page-renderer.service';
import { CreateWebhookDto } from './dto/webhook.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { deliveryView, endpointView, eventChoices } from './webhook-views';

const LIST = 'webhooks/index';

@ApiExcludeController()
@Roles('admin')
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page(LIST)
  list() {
    return this.listModel({}, {});
  }

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const me = request.currentUser!;
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateWebhookDto,
      view: LIST,
      model: (values, errors) => this.listModel(values, errors),
      submit: async (value) => {
        const { endpoint, secret } = await this.endpoints.create(value, `${me.name} (${me.email})`);
        // The secret is shown this once, so the page is rendered rather than redirected to.
        return showPage(LIST, {
          ...(await this.listModel({}, {})),
          created: { id: endpoint.id, url: endpoint.url, secret },
        });
      },
    });
  }

  @Get(':id')
  @Page('webhooks/show')
  async show(@Param('id', ParseUUIDPipe) id: string, @Query('page') page = '1') {
    const endpoint = endpointView(await this.endpoints.get(id));
    const log = await this.deliveries.log(id, page);
    return {
      title: `Webhook ${endpoint.url}`,
      endpoint,
      ...log,
      items: log.items.map(deliveryView),
      query: {},
      errors: {},
    };
  }

  @Post(':id/disable')
  async disable(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.endpoints.setEnabled(id, false);
    return redirectWithFlash(
      request,
      reply,
      `/admin/webhooks/${id}`,
      'Endpoint disabled: it gets nothing until enabled again.',
    );
  }

  @Post(':id/enable')
  async enable(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.endpoints.setEnabled(id, true);
    return redirectWithFlash(request, reply, `/admin/webhooks/${id}`, 'Endpoint enabled.');
  }

  @Get(':id/delete')
  @Page('webhooks/delete')
  async confirmDelete(@Param('id', ParseUUIDPipe) id: string) {
    return {
      title: 'Delete webhook endpoint',
      endpoint: endpointView(await this.endpoints.get(id)),
      errors: {},
    };
  }

  @Post(':id/delete')
  async delete(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    return postForm(this.pages, request, reply, {
      view: 'webhooks/delete',
      errorStatus: 409,
      model: async (_values, errors) => ({
        title: 'Delete webhook endpoint',
        endpoint: endpointView(await this.endpoints.get(id)),
        errors,
      }),
      submit: async () => {
        await this.endpoints.remove(id);
        return redirectTo('/admin/webhooks', 'Endpoint deleted with its delivery log.');
      },
    });
  }

  @Post(':id/deliveries/:deliveryId/replay')
  async replay(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
  ) {
    return postForm(this.pages, request, reply, {
      view: 'webhooks/show',
      errorStatus: 409,
      model: async (_values, errors) => ({ ...(await this.show(id, '1')), errors }),
      submit: async () => {
        await this.deliveries.replay(id, deliveryId);
        return redirectTo(`/admin/webhooks/${id}`, 'Delivery queued again.');
      },
    });
  }

  private async listModel(values: Record<string, unknown>, errors: Record<string, string>) {
    const [endpoints, tallies] = await Promise.all([
      this.endpoints.list(),
      this.deliveries.tallies(),
    ]);
    return {
      title: 'Webhooks',
      endpoints: endpoints.map((e) => ({
        ...endpointView(e),
        tally: tallies.get(e.id) ?? { delivered: 0, failed: 0, waiting: 0 },
      })),
      events: eventChoices(values.events),
      values,
      errors,
    };
  }
}
