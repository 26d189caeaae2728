import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerHandlebarsHelpers } from '../common/handlebars-helpers';
import { PROJECT_ROOT } from '../config/project-root';
import type { PageModel } from './respond-view';

const VIEWS = join(PROJECT_ROOT, 'views');
export const RESPOND_VIEWS = [
  'survey',
  'thanks',
  'answered',
  'not-open',
  'closed',
  'not-found',
  'error',
] as const;
export type RespondView = (typeof RESPOND_VIEWS)[number];

/**
 * The sibling of PageRenderer for people answering a survey: its own minimal layout (no admin
 * navigation), no session and no CSRF token (the link's token is the capability). Templates
 * are compiled once, in their own Handlebars environment.
 */
@Injectable()
export class RespondentPageRenderer {
  private readonly layout: Handlebars.TemplateDelegate;
  private readonly views = new Map<RespondView, Handlebars.TemplateDelegate>();

  constructor() {
    const hbs = Handlebars.create();
    registerHandlebarsHelpers(hbs);
    const partials = join(VIEWS, 'respond', 'partials');
    for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs')))
      hbs.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(partials, file), 'utf8'));
    const compile = (path: string) =>
      hbs.compile(readFileSync(join(VIEWS, path), 'utf8'), { strict: false });
    this.layout = compile('layouts/respond.hbs');
    for (const view of RESPOND_VIEWS) this.views.set(view, compile(`respond/${view}.hbs`));
  }

  html(view: RespondView, model: PageModel): string {
    const body = this.views.get(view)!(model);
    return this.layout({ ...model, body });
  }

  /** Sends the page; answers are private, so nothing is cached or indexed. */
  render(reply: FastifyReply, view: RespondView, model: PageModel, status = 200): FastifyReply {
    return reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex, nofollow')
      .send(this.html(view, model));
  }
}
