import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentUser, Me } from '../auth/current-user';
import { HomeService } from './home.service';
import { Page } from '../common/page.decorator';

@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly home: HomeService) {}

  @Get()
  @Page('home/dashboard')
  async dashboard(@Me() me: CurrentUser) {
    return { title: 'Dashboard', ...(await this.home.summarize(me)) };
  }
}
