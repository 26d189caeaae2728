import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { AddFromBankDto, CreateSurveyDto, QuestionDto } from './dto/survey.dto';
import { QuestionBankService } from './question-bank.service';
import { SurveysService } from './surveys.service';

@ApiTags('surveys')
@ApiBearerAuth()
@Roles('admin', 'hr')
@Controller('api/v1/surveys')
export class SurveysApiController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly bank: QuestionBankService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List surveys (built-in templates first)' })
  async list() {
    return { items: await this.surveys.list() };
  }

  @Get('bank')
  @ApiOperation({ summary: 'The question bank: the built-in items with their sources' })
  async listBank() {
    return { items: await this.bank.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One survey with its ordered questions' })
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return this.toJson(id);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a survey with its questions, empty or starting from a template (templateId)',
  })
  async create(@Body() body: CreateSurveyDto) {
    const survey = await this.surveys.create(body);
    return this.toJson(survey.id);
  }

  @Post(':id/copy')
  @ApiOperation({ summary: 'Copy a survey (e.g. a built-in or locked one) into an editable one' })
  async copy(@Param('id', ParseUUIDPipe) id: string) {
    const survey = await this.surveys.copy(id);
    return this.toJson(survey.id);
  }

  @Post(':id/questions')
  @ApiOperation({ summary: 'Add a question at the end of an editable survey' })
  async addQuestion(@Param('id', ParseUUIDPipe) id: string, @Body() body: QuestionDto) {
    await this.surveys.addQuestion(id, body);
    return this.toJson(id);
  }

  @Put(':id/questions/:questionId')
  @ApiOperation({ summary: 'Change a question of an editable survey' })
  async updateQuestion(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('questionId', ParseUUIDPipe) questionId: string,
    @Body() body: QuestionDto,
  ) {
    await this.surveys.updateQuestion(id, questionId, body);
    return this.toJson(id);
  }

  @Post(':id/bank')
  @ApiOperation({ summary: 'Add an item of the question bank to an editable survey' })
  async addFromBank(@Param('id', ParseUUIDPipe) id: string, @Body() body: AddFromBankDto) {
    await this.bank.add(id, body.questionId);
    return this.toJson(id);
  }

  private async toJson(id: string) {
    const s = await this.surveys.get(id);
    return {
      id: s.id,
      name: s.name,
      audience: s.audience,
      description: s.description,
      builtin: s.builtin,
      lockedAt: s.lockedAt,
      questions: s.questions.map((q) => ({
        id: q.id,
        position: q.position,
        key: q.key,
        kind: q.kind,
        text: q.text,
        dimension: q.dimension,
        required: q.required,
        options: q.options,
        reverseKeyed: q.reverseKeyed,
        preferNotToSay: q.preferNotToSay,
        metricRole: q.metricRole,
        source: q.source,
      })),
    };
  }
}
