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
import { CreateEmployeeDto, UpdateEmployeeDto } from './dto/employee.dto';
import { ListQueryDto } from './dto/list-query.dto';
import { EmployeeItemDto, EmployeePageDto } from './dto/responses.dto';
import { EmployeesService } from './employees.service';

@ApiTags('Directory: employees')
@ApiBearerAuth()
@Controller('api/v1/employees')
export class EmployeesApiController {
  constructor(private readonly employees: EmployeesService) {}

  @Get()
  @ApiOkResponse({ type: EmployeePageDto })
  list(@Me() me: CurrentUser, @Query() query: ListQueryDto) {
    return this.employees.list(me, query);
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The list as CSV in the import format' })
  async export(@Me() me: CurrentUser, @Query() query: ListQueryDto, @Res() reply: FastifyReply) {
    return sendCsv(reply, 'employees.csv', await this.employees.exportRows(me, query));
  }

  @Get(':id')
  @ApiOkResponse({ type: EmployeeItemDto })
  get(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.employees.get(me, id);
  }

  @Post()
  @ApiCreatedResponse({ type: EmployeeItemDto })
  async create(@Me() me: CurrentUser, @Body() body: CreateEmployeeDto) {
    return this.employees.get(me, (await this.employees.create(me, body)).id);
  }

  @Patch(':id')
  @ApiOkResponse({
    type: EmployeeItemDto,
    description: 'A new unitId moves the employee; exitDate + exitType record an exit',
  })
  async update(
    @Me() me: CurrentUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateEmployeeDto,
  ) {
    await this.employees.update(me, id, body);
    return this.employees.get(me, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deactivated (soft), for records made in error' })
  async deactivate(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.employees.deactivate(me, id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: EmployeeItemDto })
  async reactivate(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.employees.reactivate(me, id);
    return this.employees.get(me, id);
  }
}
