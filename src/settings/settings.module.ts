import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompanySettingsRow } from './entities/company-settings.entity';
import { SettingsApiController } from './settings-api.controller';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

/**
 * Company settings: name, logo, mail sender, time zone, default language. Global, because
 * every page, respondent page and email reads them (SettingsService.current()).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([CompanySettingsRow])],
  controllers: [SettingsController, SettingsApiController],
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
