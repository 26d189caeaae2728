import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { postForm, redirectTo, redirectWithFlash } from '../common/form-post';
import { PageRenderer } from '../common/page-renderer.service';
import { CreateSurveyDto, MoveQuestionDto, QuestionDto, SurveyDetailsDto } from './dto/survey.dto';
import { Audience } from './entities/survey.entity';
import {
  AUDIENCE_LABELS,
  dimensionChoices,
  dimensionField,
  kindOptions,
  measuresOf,
  questionFacts,
  roleOptions,
} from './survey-views';
import { SurveysService } from './surveys.service';
import { Page } from '../common/page.decorator';

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
      items: items.map((s) => ({ ...s, audienceLabel: AUDIENCE_LABELS[s.audience as Audience] })),
    };
  }

  @Get('new')
  @Page('surveys/new')
  showNew(@Query('from') from?: string) {
    return this.newModel({ audience: 'employee', templateId: from ?? '' }, {});
  }

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateSurveyDto,
      view: 'surveys/new',
      model: (values, errors) => this.newModel(values, errors),
      submit: async (value) => {
        const survey = await this.surveys.create({ ...value, questions: [] });
        return redirectTo(
          `/admin/surveys/${survey.id}`,
          value.templateId
            ? 'Survey created from the template. Change it as you like.'
            : 'Survey created. Add its questions. The question bank has the built-in items to pick from.',
        );
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
      survey,
      dimensionField({ ...question, options: question.options.join('\n') }),
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
      model: (values, errors) => this.questionModel(survey, { ...values, id: questionId }, errors),
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

  /** The new-survey form: name, audience, and a survey to start from (none, or a template). */
  private async newModel(values: Record<string, unknown>, errors: Record<string, string>) {
    const all = await this.surveys.list();
    const selected = typeof values.templateId === 'string' ? values.templateId : '';
    return {
      title: 'New survey',
      values,
      errors,
      templates: all.map((s) => ({
        id: s.id,
        label: `${s.name} (${s.builtin ? 'built-in, ' : ''}${AUDIENCE_LABELS[s.audience as Audience].toLowerCase()}, ${s.questionCount} questions)`,
        selected: s.id === selected,
      })),
    };
  }

  /** The survey editor with the values typed into one of its forms and that form's errors. */
  private async editorModel(
    id: string,
    values: { details?: Record<string, unknown>; question?: Record<string, unknown> },
    errors: Record<string, string>,
  ) {
    const [survey, use, dimensions] = await Promise.all([
      this.surveys.get(id),
      this.surveys.usedBy(id),
      this.surveys.dimensionsInUse(),
    ]);
    const locked = survey.builtin || !!survey.lockedAt || !!use;
    const question = values.question ?? { kind: 'likert5', required: 'on' };
    return {
      title: survey.name,
      survey,
      locked,
      use,
      audienceLabel: AUDIENCE_LABELS[survey.audience],
      details: values.details ?? { name: survey.name, description: survey.description },
      measures: measuresOf(survey.audience, survey.questions),
      questions: survey.questions.map((q, i, all) => ({
        ...questionFacts(q),
        ordinal: i + 1,
        first: i === 0,
        last: i === all.length - 1,
      })),
      question,
      employeeSurvey: survey.audience === 'employee',
      kinds: kindOptions(String(question.kind ?? 'likert5')),
      roles: roleOptions(survey.audience, question.metricRole),
      dimensionNames: dimensionChoices(dimensions),
      errors,
    };
  }

  private async questionModel(
    survey: { id: string; name: string; audience: Audience },
    values: Record<string, unknown>,
    errors: Record<string, string>,
  ) {
    return {
      title: 'Edit question',
      surveyId: survey.id,
      surveyName: survey.name,
      values,
      employeeSurvey: survey.audience === 'employee',
      kinds: kindOptions(String(values.kind ?? 'likert5')),
      roles: roleOptions(survey.audience, values.metricRole),
      dimensionNames: dimensionChoices(await this.surveys.dimensionsInUse()),
      errors,
    };
  }
}
