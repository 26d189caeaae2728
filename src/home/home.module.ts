import { Module } from '@nestjs/common';
import { DemoModule } from '../demo/demo.module';
import { HomeController } from './home.controller';
import { HomeService } from './home.service';

@Module({ imports: [DemoModule], controllers: [HomeController], providers: [HomeService] })
export class HomeModule {}
