import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { formValues, validateForm } from '../common/form';
import { PageRenderer } from '../common/page-renderer.service';
import { CreateSurveyDto, MoveQuestionDto, QuestionDto, SurveyDetailsDto } from './dto/survey.dto';
import { QUESTION_KINDS, QuestionKind } from './entities/question.entity';
import { SurveyError, SurveyErrorCode } from './surveys.errors';
import { SurveysService } from './surveys.service';
import { Page } from '../common/page.decorator';

export const KIND_LABELS: Record<QuestionKind, string> = {
  likert5: 'Agreement, 1–5 (strongly disagree … strongly agree)',
  nps: 'Likelihood to recommend, 0–10',
  rating5: 'Rating, 1–5 (very dissatisfied … very satisfied)',
  single_choice: 'Single choice',
  text: 'Free text',
};
const AUDIENCE_LABELS = { employee: 'Employees', customer: 'Customers' };

const kindOptions = (selected?: string) =>
  QUESTION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k], selected: k === selected }));

@ApiExcludeController()
@Roles('admin', 'hr')
@Controller('admin/surveys')
export class AdminSurveysController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page('surveys/index')
  async list() {
    const items = await this.surveys.list();
    return {
      title: 'Surveys',
      items: items.map((s) => ({ ...s, audienceLabel: AUDIENCE_LABELS[s.audience as 'employee'] })),
    };
  }

  @Get('new')
  @Page('surveys/new')
  showNew() {
    return { title: 'New survey', values: { audience: 'employee' }, errors: {} };
  }

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const form = await validateForm(CreateSurveyDto, body);
    if (!form.ok)
      return this.pages.render(
        request,
        reply,
        'surveys/new',
        { title: 'New survey', values: formValues(body), errors: form.errors },
        422,
      );
    const survey = await this.surveys.create({ ...form.value, questions: [] });
    request.session.flash = 'Survey created. Add its questions.';
    return reply.redirect(`/admin/surveys/${survey.id}`, 303);
  }

  @Get(':id')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    return this.renderEditor(request, reply, id, {}, {});
  }

  @Post(':id')
  async updateDetails(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
  ) {
    const form = await validateForm(SurveyDetailsDto, body);
    if (!form.ok)
      return this.renderEditor(request, reply, id, { details: formValues(body) }, form.errors, 422);
    return this.attempt(
      request,
      reply,
      id,
      () => this.surveys.updateDetails(id, form.value),
      'Survey saved.',
      {
        details: formValues(body),
      },
    );
  }

  @Post(':id/copy')
  async copy(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    const copy = await this.surveys.copy(id);
    request.session.flash = 'This is your copy; change it as you like.';
    return reply.redirect(`/admin/surveys/${copy.id}`, 303);
  }

  @Get(':id/preview')
  @Page('surveys/preview')
  async preview(@Param('id', ParseUUIDPipe) id: string) {
    const survey = await this.surveys.get(id);
    return {
      title: `Preview: ${survey.name}`,
      survey,
      employee: survey.audience === 'employee',
      questions: survey.questions.map((q, i) => ({
        ...q,
        ordinal: i + 1,
        isLikert: q.kind === 'likert5',
        isNps: q.kind === 'nps',
        isRating: q.kind === 'rating5',
        isChoice: q.kind === 'single_choice',
        isText: q.kind === 'text',
      })),
      likert: ['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'].map(
        (label, i) => ({ value: i + 1, label }),
      ),
      rating: ['Very dissatisfied', 'Dissatisfied', 'Neither', 'Satisfied', 'Very satisfied'].map(
        (label, i) => ({ value: i + 1, label }),
      ),
      nps: Array.from({ length: 11 }, (_, i) => i),
    };
  }

  @Post(':id/questions')
  async addQuestion(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
  ) {
    const form = await validateForm(QuestionDto, body);
    if (!form.ok)
      return this.renderEditor(
        request,
        reply,
        id,
        { question: formValues(body) },
        form.errors,
        422,
      );
    return this.attempt(
      request,
      reply,
      id,
      () => this.surveys.addQuestion(id, form.value),
      'Question added.',
      {
        question: formValues(body),
      },
    );
  }

  @Get(':id/questions/:questionId')
  @Page('surveys/edit-question')
  async showQuestion(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('questionId', ParseUUIDPipe) questionId: string,
  ) {
    const survey = await this.surveys.get(id);
    const question = await this.surveys.question(id, questionId);
    return this.questionModel(
      survey.id,
      survey.name,
      { ...question, options: question.options.join('\n') },
      {},
    );
  }

  @Post(':id/questions/:questionId')
  async updateQuestion(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('questionId', ParseUUIDPipe) questionId: string,
    @Body() body: unknown,
  ) {
    const form = await validateForm(QuestionDto, body);
    const survey = await this.surveys.get(id);
    const rerender = (errors: Record<string, string>) =>
      this.pages.render(
        request,
        reply,
        'surveys/edit-question',
        this.questionModel(id, survey.name, { ...formValues(body), id: questionId }, errors),
        422,
      );
    if (!form.ok) return rerender(form.errors);
    try {
      await this.surveys.updateQuestion(id, questionId, form.value);
    } catch (error) {
      if (error instanceof SurveyError) return rerender({ form: error.message });
      throw error;
    }
    request.session.flash = 'Question saved.';
    return reply.redirect(`/admin/surveys/${id}`, 303);
  }

  @Post(':id/questions/:questionId/move')
  async move(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('questionId', ParseUUIDPipe) questionId: string,
    @Body() body: unknown,
  ) {
    const form = await validateForm(MoveQuestionDto, body);
    return this.attempt(
      request,
      reply,
      id,
      () => this.surveys.moveQuestion(id, questionId, form.value.direction),
      undefined,
      {},
      `#q-${questionId}`,
    );
  }

  @Post(':id/questions/:questionId/delete')
  async remove(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('questionId', ParseUUIDPipe) questionId: string,
  ) {
    return this.attempt(
      request,
      reply,
      id,
      () => this.surveys.deleteQuestion(id, questionId),
      'Question removed.',
      {},
    );
  }

  /** Runs a change; a domain error re-renders the editor with the message and the typed values. */
  private async attempt(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    change: () => Promise<unknown>,
    flash: string | undefined,
    values: Record<string, unknown>,
    anchor = '',
  ) {
    try {
      await change();
    } catch (error) {
      if (error instanceof SurveyError && error.code !== SurveyErrorCode.NOT_FOUND)
        return this.renderEditor(request, reply, id, values, { form: error.message }, 422);
      throw error;
    }
    if (flash) request.session.flash = flash;
    return reply.redirect(`/admin/surveys/${id}${anchor}`, 303);
  }

  private async renderEditor(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: { details?: Record<string, unknown>; question?: Record<string, unknown> },
    errors: Record<string, string>,
    status = 200,
  ) {
    const survey = await this.surveys.get(id);
    const use = await this.surveys.usedBy(id);
    const locked = survey.builtin || !!survey.lockedAt || !!use;
    const question = values.question ?? { kind: 'likert5', required: 'on' };
    return this.pages.render(
      request,
      reply,
      'surveys/edit',
      {
        title: survey.name,
        survey,
        locked,
        use,
        audienceLabel: AUDIENCE_LABELS[survey.audience],
        details: values.details ?? { name: survey.name, description: survey.description },
        questions: survey.questions.map((q, i, all) => ({
          ...q,
          ordinal: i + 1,
          kindLabel: KIND_LABELS[q.kind],
          first: i === 0,
          last: i === all.length - 1,
        })),
        question,
        kinds: kindOptions(String(question.kind ?? 'likert5')),
        errors,
      },
      status,
    );
  }

  private questionModel(
    surveyId: string,
    surveyName: string,
    values: Record<string, unknown>,
    errors: Record<string, string>,
  ) {
    return {
      title: 'Edit question',
      surveyId,
      surveyName,
      values,
      kinds: kindOptions(String(values.kind ?? 'likert5')),
      errors,
    };
  }
}
