import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { translator } from './i18n';
import { basePage } from './respond-view';
import { RespondentPageRenderer } from './respondent-page.renderer';

/** Failures on survey pages are shown in the respondent layout, never with admin links. */
@Catch()
export class RespondExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(RespondExceptionFilter.name);

  constructor(private readonly pages: RespondentPageRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status =
      exception instanceof HttpException
        ? exception.getStatus()
        : isDatabaseUnavailable(exception)
          ? 503
          : 500;
    if (status >= 500 && status !== 503)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (reply.sent) return;
    void this.pages.render(
      reply,
      'error',
      basePage(
        translator(undefined, this.pages.context.timeZone),
        this.pages.context,
        'states.errorTitle',
      ),
      status,
    );
  }
}
