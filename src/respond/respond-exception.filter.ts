import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../config/app.config';
import { translator } from './i18n';
import { basePage } from './respond-view';
import { RespondentPageRenderer } from './respondent-page.renderer';

/** Failures on survey pages are shown in the respondent layout, never with admin links. */
@Catch()
export class RespondExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(RespondExceptionFilter.name);

  constructor(
    private readonly pages: RespondentPageRenderer,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (reply.sent) return;
    const privacy = this.config.get('privacy', { infer: true });
    const context = {
      companyName: this.config.get('companyName', { infer: true }),
      anonymityMin: privacy.anonymityMin,
      commentMin: privacy.commentMin,
    };
    void this.pages.render(
      reply,
      'error',
      basePage(translator(), context, 'states.errorTitle'),
      status,
    );
  }
}
