import '@fastify/view';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfUserInfo } from '../auth/csrf';
import { SettingsService } from '../settings/settings.service';

const NO_SESSION_PREFIXES = ['/s/', '/u/', '/kiosk', '/api/', '/health'];

/** Builds what every page needs (who is signed in, CSRF token, flash) and renders views. */
@Injectable()
export class PageRenderer {
  constructor(private readonly settings: SettingsService) {}

  context(request: FastifyRequest, reply: FastifyReply, model: object): Record<string, unknown> {
    const path = request.url.split('?')[0];
    const usesSession = !NO_SESSION_PREFIXES.some((p) => path.startsWith(p)) && !!request.session;
    const user = request.currentUser;
    let flash: string | undefined;
    if (usesSession && request.session.flash) {
      flash = request.session.flash;
      request.session.flash = undefined;
    }
    const company = this.settings.current();
    return {
      companyName: company.companyName ?? undefined,
      companyLogo: company.logo?.path,
      // The date and datetime helpers write moments in this zone (handlebars-helpers.ts).
      timeZone: company.timeZone,
      currentUser: user,
      isAdmin: user?.role === 'admin',
      canManageDirectory: user?.role === 'admin' || user?.role === 'hr',
      canReadReports: !!user,
      csrfToken: usesSession ? reply.generateCsrf({ userInfo: csrfUserInfo(request) }) : undefined,
      flash,
      currentPath: path,
      ...model,
    };
  }

  /** Renders a page outside @Render, e.g. a form re-shown with errors and a 422 status. */
  async render(
    request: FastifyRequest,
    reply: FastifyReply,
    view: string,
    model: object,
    status = 200,
  ): Promise<unknown> {
    return reply.status(status).view(view, this.context(request, reply, model));
  }
}
