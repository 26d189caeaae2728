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
import { ListQueryDto } from './dto/list-query.dto';
import { UnitItemDto, UnitPageDto } from './dto/responses.dto';
import { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';
import { UnitsService } from './units.service';

@ApiTags('Directory: units')
@ApiBearerAuth()
@Controller('api/v1/units')
export class UnitsApiController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOkResponse({ type: UnitPageDto, description: 'Units in tree order, within your scope' })
  list(@Me() me: CurrentUser, @Query() query: ListQueryDto) {
    return this.units.list(me, query);
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The list as CSV in the import format' })
  async export(@Me() me: CurrentUser, @Query() query: ListQueryDto, @Res() reply: FastifyReply) {
    return sendCsv(reply, 'units.csv', await this.units.exportRows(me, query));
  }

  @Get(':id')
  @ApiOkResponse({ type: UnitItemDto })
  async get(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.item(me, id);
  }

  @Post()
  @ApiCreatedResponse({ type: UnitItemDto })
  async create(@Me() me: CurrentUser, @Body() body: CreateUnitDto) {
    return this.item(me, (await this.units.create(me, body)).id);
  }

  @Patch(':id')
  @ApiOkResponse({
    type: UnitItemDto,
    description: 'A new parentId moves the unit and its subtree',
  })
  async update(
    @Me() me: CurrentUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUnitDto,
  ) {
    await this.units.update(me, id, body);
    return this.item(me, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deactivated (soft); the unit must be empty' })
  async deactivate(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.units.deactivate(me, id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: UnitItemDto })
  async reactivate(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.units.reactivate(me, id);
    return this.item(me, id);
  }

  private async item(me: CurrentUser, id: string): Promise<UnitItemDto> {
    const { unit, parent, counts, ancestors } = await this.units.get(me, id);
    return {
      id: unit.id,
      externalId: unit.externalId,
      name: unit.name,
      parentId: unit.parentId,
      parentName: parent?.name ?? null,
      depth: ancestors.length,
      deactivatedAt: unit.deactivatedAt,
      employees: counts.employees,
      subtreeEmployees: counts.subtreeEmployees,
      accounts: counts.accounts,
    };
  }
}
