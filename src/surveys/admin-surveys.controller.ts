import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { postForm, redirectTo, redirectWithFlash } from '../common/form-post';
import { PageRenderer } from '../common/page-renderer.service';
import { CreateSurveyDto, MoveQuestionDto, QuestionDto, SurveyDetailsDto } from './dto/survey.dto';
import { QUESTION_KINDS, QuestionKind } from './entities/question.entity';
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
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateSurveyDto,
      view: 'surveys/new',
      model: (values, errors) => ({ title: 'New survey', values, errors }),
      submit: async (value) => {
        const survey = await this.surveys.create({ ...value, questions: [] });
        return redirectTo(`/admin/surveys/${survey.id}`, 'Survey created. Add its questions.');
      },
    });
  }

  @Get(':id')
  @Page('surveys/edit')
  async show(@Param('id', ParseUUIDPipe) id: string) {
    return this.editorModel(id, {}, {});
  }

  @Post(':id')
  async updateDetails(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
  ) {
    return postForm(this.pages, request, reply, {
      body,
      dto: SurveyDetailsDto,
      view: 'surveys/edit',
      model: (values, errors) => this.editorModel(id, { details: values }, errors),
      submit: async (value) => {
        await this.surveys.updateDetails(id, value);
        return redirectTo(`/admin/surveys/${id}`, 'Survey saved.');
      },
    });
  }

  @Post(':id/copy')
  async copy(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    const copy = await this.surveys.copy(id);
    return redirectWithFlash(
      request,
      reply,
      `/admin/surveys/${copy.id}`,
      'This is your copy; change it as you like.',
    );
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
    return postForm(this.pages, request, reply, {
      body,
      dto: QuestionDto,
      view: 'surveys/edit',
      model: (values, errors) => this.editorModel(id, { question: values }, errors),
      submit: async (value) => {
        await this.surveys.addQuestion(id, value);
        return redirectTo(`/admin/surveys/${id}`, 'Question added.');
      },
    });
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
    const survey = await this.surveys.get(id);
    return postForm(this.pages, request, reply, {
      body,
      dto: QuestionDto,
      view: 'surveys/edit-question',
      model: (values, errors) =>
        this.questionModel(id, survey.name, { ...values, id: questionId }, errors),
      submit: async (value) => {
        await this.surveys.updateQuestion(id, questionId, value);
        return redirectTo(`/admin/surveys/${id}`, 'Question saved.');
      },
    });
  }

  @Post(':id/questions/:questionId/move')
  async move(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('questionId', ParseUUIDPipe) questionId: string,
    @Body() body: unknown,
  ) {
    return postForm(this.pages, request, reply, {
      body,
      dto: MoveQuestionDto,
      view: 'surveys/edit',
      model: (_values, errors) => this.editorModel(id, {}, errors),
      submit: async (value) => {
        await this.surveys.moveQuestion(id, questionId, value.direction);
        return redirectTo(`/admin/surveys/${id}#q-${questionId}`);
      },
    });
  }

  @Post(':id/questions/:questionId/delete')
  async remove(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('questionId', ParseUUIDPipe) questionId: string,
  ) {
    return postForm(this.pages, request, reply, {
      view: 'surveys/edit',
      model: (_values, errors) => this.editorModel(id, {}, errors),
      submit: async () => {
        await this.surveys.deleteQuestion(id, questionId);
        return redirectTo(`/admin/surveys/${id}`, 'Question removed.');
      },
    });
  }

  /** The survey editor with the values typed into one of its forms and that form's errors. */
  private async editorModel(
    id: string,
    values: { details?: Record<string, unknown>; question?: Record<string, unknown> },
    errors: Record<string, string>,
  ) {
    const survey = await this.surveys.get(id);
    const use = await this.surveys.usedBy(id);
    const locked = survey.builtin || !!survey.lockedAt || !!use;
    const question = values.question ?? { kind: 'likert5', required: 'on' };
    return {
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
    };
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
