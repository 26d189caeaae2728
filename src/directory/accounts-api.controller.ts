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
import { CreateAccountDto, UpdateAccountDto } from './dto/account.dto';
import { ListQueryDto } from './dto/list-query.dto';
import { AccountItemDto, AccountPageDto } from './dto/responses.dto';
import { AccountsService } from './accounts.service';

@ApiTags('Directory: customer accounts')
@ApiBearerAuth()
@Controller('api/v1/accounts')
export class AccountsApiController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOkResponse({ type: AccountPageDto })
  list(@Me() me: CurrentUser, @Query() query: ListQueryDto) {
    return this.accounts.list(me, query);
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The list as CSV in the import format' })
  async export(@Me() me: CurrentUser, @Query() query: ListQueryDto, @Res() reply: FastifyReply) {
    return sendCsv(reply, 'accounts.csv', await this.accounts.exportRows(me, query));
  }

  @Get(':id')
  @ApiOkResponse({ type: AccountItemDto })
  get(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.accounts.get(me, id);
  }

  @Post()
  @ApiCreatedResponse({ type: AccountItemDto })
  async create(@Me() me: CurrentUser, @Body() body: CreateAccountDto) {
    return this.accounts.get(me, (await this.accounts.create(me, body)).id);
  }

  @Patch(':id')
  @ApiOkResponse({
    type: AccountItemDto,
    description: 'A new unitId moves the account; churnDate records a lost customer',
  })
  async update(
    @Me() me: CurrentUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateAccountDto,
  ) {
    await this.accounts.update(me, id, body);
    return this.accounts.get(me, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deactivated (soft), for records made in error' })
  async deactivate(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.accounts.deactivate(me, id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: AccountItemDto })
  async reactivate(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.accounts.reactivate(me, id);
    return this.accounts.get(me, id);
  }
}
