import { Injectable } from '@nestjs/common';
import { CyclesService } from '../cycles/cycles.service';
import type { CommentKeys } from '../respond/customer-response-privacy.service';
import { SurveysService } from '../surveys/surveys.service';

/** Which answers of a cycle's customer survey are comments: its text questions. */
@Injectable()
export class CommentKeysService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly surveys: SurveysService,
  ) {}

  async of(cycleIds: readonly string[]): Promise<CommentKeys[]> {
    if (cycleIds.length === 0) return [];
    const cycles = await this.cycles.summaries(cycleIds);
    const surveyIds = [...new Set(cycles.flatMap((c) => c.customerSurveyId ?? []))];
    const textKeys = new Map(
      await Promise.all(
        surveyIds.map(async (id) => {
          const questions = await this.surveys.questionsOf(id);
          return [id, questions.filter((q) => q.kind === 'text').map((q) => q.key)] as const;
        }),
      ),
    );
    return cycles.flatMap((c) => {
      const keys = c.customerSurveyId ? (textKeys.get(c.customerSurveyId) ?? []) : [];
      return keys.length > 0 ? [{ cycleId: c.id, textKeys: keys }] : [];
    });
  }
}
