import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { CreateSurveyDto } from './dto/survey.dto';
import { SurveysService } from './surveys.service';

@ApiTags('surveys')
@ApiBearerAuth()
@Roles('admin', 'hr')
@Controller('api/v1/surveys')
export class SurveysApiController {
  constructor(private readonly surveys: SurveysService) {}

  @Get()
  @ApiOperation({ summary: 'List surveys (built-in templates first)' })
  async list() {
    return { items: await this.surveys.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One survey with its ordered questions' })
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return this.toJson(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a survey with its questions' })
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
      })),
    };
  }
}
