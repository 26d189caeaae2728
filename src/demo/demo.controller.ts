import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { postForm, redirectTo } from '../common/form-post';
import { PageRenderer } from '../common/page-renderer.service';
import { DEMO_BRANCHES } from './demo-company';
import { DemoGeneratorService } from './demo-generator.service';
import { DemoRunsService } from './demo-runs.service';
import { DemoRun } from './entities/demo-run.entity';
import { Page } from '../common/page.decorator';

/** Seconds between refreshes of the progress page while the job runs. */
const REFRESH_SECONDS = 2;
/** After this long in the queue the page suggests that no job worker is running. */
const STUCK_AFTER_MS = 20_000;

@ApiExcludeController()
@Roles('admin', 'hr')
@Controller('admin/demo')
export class DemoController {
  constructor(
    private readonly runs: DemoRunsService,
    private readonly generator: DemoGeneratorService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page('demo/confirm')
  async confirm() {
    return this.confirmModel({});
  }

  @Post()
  async start(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return postForm(this.pages, request, reply, {
      view: 'demo/confirm',
      model: (_values, errors) => this.confirmModel(errors),
      errorStatus: 409,
      submit: async () => {
        const run = await this.runs.request(request.currentUser?.id ?? null);
        return redirectTo(`/admin/demo/runs/${run.id}`);
      },
    });
  }

  @Get('runs/:id')
  @Page('demo/progress')
  async progress(
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const run = await this.runs.get(id);
    const working = run.status === 'queued' || run.status === 'running';
    // The HTTP Refresh header rather than a <meta> refresh: the page polls without scripts.
    if (working) reply.header('Refresh', String(REFRESH_SECONDS));
    return { title: working ? 'Loading the demo company' : 'Demo company', ...view(run, working) };
  }

  private async confirmModel(errors: Record<string, string>) {
    return {
      title: 'Load the demo company',
      empty: await this.generator.isEmpty(),
      branches: DEMO_BRANCHES,
      active: await this.runs.findActive(),
      errors,
    };
  }
}

function view(run: DemoRun, working: boolean) {
  const total = Math.max(1, run.total);
  return {
    run,
    working,
    queued: run.status === 'queued',
    done: run.status === 'done',
    failed: run.status === 'failed',
    percent: Math.round((Math.min(run.done, total) / total) * 100),
    seconds: (run.summary?.milliseconds ?? 0) / 1000,
    step: Math.min(run.done, total),
    total,
    refreshSeconds: REFRESH_SECONDS,
    stuck: run.status === 'queued' && Date.now() - run.createdAt.getTime() > STUCK_AFTER_MS,
  };
}
