import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import type { FieldErrors, FormResult } from '../common/form';
import { postForm, redirectTo } from '../common/form-post';
import { Page } from '../common/page.decorator';
import { PageRenderer } from '../common/page-renderer.service';
import { RetentionCounts } from './entities/retention-policy.entity';
import { RetentionPeriods, RetentionPreview, RetentionService } from './retention.service';

const PATH = '/admin/settings/retention';
const VIEW = 'privacy/retention';
const FIELDS: (keyof RetentionPeriods)[] = [
  'customerCommentMonths',
  'contactMonths',
  'departedEmployeeMonths',
];
/** How many records of each kind the preview lists by name. */
const LISTED = 200;

/** The retention policy's settings page, its dry-run preview and applying it now. */
@ApiExcludeController()
@Controller('admin/settings/retention')
@Roles('admin')
export class RetentionController {
  constructor(
    private readonly retention: RetentionService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page(VIEW)
  async show() {
    const policy = await this.retention.policy();
    const values = Object.fromEntries(FIELDS.map((f) => [f, policy[f] ?? '']));
    return this.model(values, {});
  }

  @Post()
  async save(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return postForm(this.pages, request, reply, {
      body: request.body,
      parse: (input) => Promise.resolve(parsePeriods(input)),
      view: VIEW,
      model: (values, errors) => this.model(values, errors),
      submit: async (periods) => {
        await this.retention.update(periods);
        return redirectTo(PATH, 'Retention policy saved.');
      },
    });
  }

  @Get('preview')
  @Page('privacy/retention-preview')
  async preview() {
    const preview = await this.retention.preview();
    return { title: 'Retention: preview', ...previewView(preview) };
  }

  @Post('apply')
  async apply(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return postForm(this.pages, request, reply, {
      view: 'privacy/retention-preview',
      model: async (_, errors) => ({
        title: 'Retention: preview',
        ...previewView(await this.retention.preview()),
        errors,
      }),
      errorStatus: 409,
      submit: async () => redirectTo(PATH, appliedMessage(await this.retention.apply())),
    });
  }

  private async model(values: Record<string, unknown>, errors: FieldErrors) {
    const policy = await this.retention.policy();
    return {
      title: 'Retention',
      values,
      errors,
      off: FIELDS.every((f) => policy[f] === null),
      lastRunAt: policy.lastRunAt,
      lastRun: policy.lastRun,
    };
  }
}

/** The form's fields: empty is off, else whole months from 1 to 600. */
export function parsePeriods(input: unknown): FormResult<RetentionPeriods> {
  const body = (input ?? {}) as Record<string, unknown>;
  const errors: FieldErrors = {};
  const value = {} as RetentionPeriods;
  for (const field of FIELDS) {
    const posted = body[field];
    const raw = typeof posted === 'string' ? posted.trim() : '';
    if (raw === '') {
      value[field] = null;
      continue;
    }
    const months = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!(months >= 1 && months <= 600))
      errors[field] = 'Enter a whole number of months from 1 to 600, or leave it empty (off).';
    else value[field] = months;
  }
  return { ok: Object.keys(errors).length === 0, value, errors };
}

function previewView(preview: RetentionPreview) {
  const group = (
    heading: string,
    rule: (months: number) => string,
    g: RetentionPreview['contacts'],
  ) => ({
    heading,
    on: g.months !== null,
    rule: g.months !== null ? rule(g.months) : null,
    cutoff: g.cutoff,
    count: g.items.length,
    items: g.items.slice(0, LISTED),
    more: Math.max(0, g.items.length - LISTED),
  });
  return {
    at: preview.at,
    total: preview.total,
    groups: [
      group(
        'Customer comments',
        (m) => `Comments given more than ${m} months ago are replaced by “[erased]”.`,
        preview.customerComments,
      ),
      group(
        'Contacts',
        (m) =>
          `Contacts with no contact (added, invited, reminded or answered) for ${m} months are erased.`,
        preview.contacts,
      ),
      group(
        'Departed employees',
        (m) => `People who left more than ${m} months ago lose their name, email and external id.`,
        preview.employees,
      ),
    ],
    anyOn:
      preview.customerComments.months !== null ||
      preview.contacts.months !== null ||
      preview.employees.months !== null,
    errors: {},
  };
}

function appliedMessage(counts: RetentionCounts): string {
  return `Retention applied. Erased: ${counts.customerComments} customer comments, ${counts.contacts} contacts, ${counts.employees} departed employees.`;
}
