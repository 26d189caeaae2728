import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { UpdateSettingsDto } from './dto/update-settings.dto';
import { decodeLogo } from './logo-image';
import { CompanySettings, SettingsService } from './settings.service';

function toJson(s: CompanySettings) {
  return {
    companyName: s.companyName,
    mailSenderName: s.mailSenderName,
    mailReplyTo: s.mailReplyTo,
    timeZone: s.timeZone,
    defaultLanguage: s.defaultLanguage,
    logo: s.logo ? { contentType: s.logo.type, url: s.logo.path } : null,
    updatedAt: s.updatedAt,
  };
}

@ApiTags('settings')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/settings')
export class SettingsApiController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ summary: 'The company settings' })
  async show() {
    return toJson(await this.settings.get());
  }

  @Put()
  @ApiOperation({
    summary: 'Change the company settings',
    description: 'Fields left out keep their value; null clears one (or removes the logo).',
  })
  async update(@Body() dto: UpdateSettingsDto) {
    const { logo, ...rest } = dto;
    const change = { ...rest, logo: typeof logo === 'string' ? decodeLogo(logo) : logo };
    return toJson(await this.settings.update(change));
  }
}
