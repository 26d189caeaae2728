import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentUser, Me } from '../auth/current-user';
import { HomeService } from './home.service';

@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly home: HomeService) {}

  @Get()
  @Render('home/dashboard')
  async dashboard(@Me() me: CurrentUser) {
    return { title: 'Dashboard', ...(await this.home.summarize(me)) };
  }
}
