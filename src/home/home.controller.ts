import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HomeService } from './home.service';

@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly home: HomeService) {}

  @Get()
  @Render('home/dashboard')
  async dashboard() {
    return { title: 'Dashboard', ...(await this.home.summarize()) };
  }
}
