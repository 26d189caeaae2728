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
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { sendCsv } from '../common/csv-download';
import { CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import { ListQueryDto } from './dto/list-query.dto';
import { ContactItemDto, ContactPageDto } from './dto/responses.dto';
import { ContactsService } from './contacts.service';

@ApiTags('Directory: contacts')
@ApiBearerAuth()
@Controller('api/v1/contacts')
export class ContactsApiController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @ApiOkResponse({ type: ContactPageDto })
  list(@Me() me: CurrentUser, @Query() query: ListQueryDto) {
    return this.contacts.list(me, query);
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The list as CSV in the import format' })
  async export(@Me() me: CurrentUser, @Query() query: ListQueryDto, @Res() reply: FastifyReply) {
    return sendCsv(reply, 'contacts.csv', await this.contacts.exportRows(me, query));
  }

  @Get(':id')
  @ApiOkResponse({ type: ContactItemDto })
  get(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.contacts.get(me, id);
  }

  @Post()
  @ApiCreatedResponse({ type: ContactItemDto })
  async create(@Me() me: CurrentUser, @Body() body: CreateContactDto) {
    return this.contacts.get(me, (await this.contacts.create(me, body)).id);
  }

  @Patch(':id')
  @ApiOkResponse({
    type: ContactItemDto,
    description: 'A new accountId moves the contact; subscribed: false stops surveys',
  })
  async update(
    @Me() me: CurrentUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateContactDto,
  ) {
    await this.contacts.update(me, id, body);
    return this.contacts.get(me, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deactivated (soft), for records made in error' })
  async deactivate(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.contacts.deactivate(me, id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: ContactItemDto })
  async reactivate(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.contacts.reactivate(me, id);
    return this.contacts.get(me, id);
  }
}
