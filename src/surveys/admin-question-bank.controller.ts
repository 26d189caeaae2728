import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { postForm, redirectTo } from '../common/form-post';
import { Page } from '../common/page.decorator';
import { PageRenderer } from '../common/page-renderer.service';
import { AddFromBankDto } from './dto/survey.dto';
import { Audience } from './entities/survey.entity';
import { QuestionBankService } from './question-bank.service';
import { AUDIENCE_LABELS, questionFacts } from './survey-views';
import { SurveysService } from './surveys.service';

/** The question bank: the built-in items with their sources, and adding them to a survey. */
@ApiExcludeController()
@Roles('admin', 'hr')
@Controller('admin/surveys')
export class AdminQuestionBankController {
  constructor(
    private readonly bank: QuestionBankService,
    private readonly surveys: SurveysService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('bank')
  @Page('surveys/bank')
  async list() {
    return this.model(null, {});
  }

  @Get(':id/bank')
  @Page('surveys/bank')
  async forSurvey(@Param('id', ParseUUIDPipe) id: string) {
    return this.model(id, {});
  }

  @Post(':id/bank')
  async add(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
  ) {
    return postForm(this.pages, request, reply, {
      body,
      dto: AddFromBankDto,
      view: 'surveys/bank',
      model: (_values, errors) => this.model(id, errors),
      submit: async (value) => {
        const question = await this.bank.add(id, value.questionId);
        return redirectTo(
          `/admin/surveys/${id}/bank#bank-${value.questionId}`,
          `Added “${question.text}”.`,
        );
      },
    });
  }

  /** The bank for one survey (its audience, with Add buttons) or for browsing (every item). */
  private async model(surveyId: string | null, errors: Record<string, string>) {
    const survey = surveyId === null ? null : await this.surveys.get(surveyId);
    const editable =
      survey !== null &&
      !survey.builtin &&
      !survey.lockedAt &&
      !(await this.surveys.usedBy(survey.id));
    const [items, keys] = await Promise.all([
      this.bank.list(survey?.audience),
      survey === null ? new Set<string>() : this.bank.keysOf(survey.id),
    ]);
    const groups = (['employee', 'customer'] as Audience[])
      .map((audience) => ({
        audience,
        heading: `${AUDIENCE_LABELS[audience]}: ${items.find((i) => i.audience === audience)?.templateName ?? ''}`,
        items: items
          .filter((i) => i.audience === audience)
          .map((i) => ({ ...questionFacts(i), inSurvey: keys.has(i.key) })),
      }))
      .filter((g) => g.items.length > 0);
    return {
      title: survey ? `Question bank: ${survey.name}` : 'Question bank',
      survey,
      editable,
      groups,
      errors,
    };
  }
}
