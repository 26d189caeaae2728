import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  AnswerNeedingFollowUp,
  answersNeedingFollowUp,
  FollowUpCutoffs,
  FollowUpKeys,
} from './customer-answers.queries';
import { CustomerResponse } from './entities/customer-response.entity';

/** One customer response as other modules read it (customers are told answers are linked). */
export interface CustomerAnswers {
  id: string;
  cycleId: string;
  unitId: string;
  accountId: string | null;
  contactId: string | null;
  invitationId: string | null;
  submittedAt: Date;
  answers: Record<string, number | string>;
}

/** Reads of stored customer answers for other modules (follow-ups). */
@Injectable()
export class CustomerAnswersService {
  constructor(
    @InjectRepository(CustomerResponse) private readonly responses: Repository<CustomerResponse>,
  ) {}

  /** One response with its answers, or null. */
  async find(id: string): Promise<CustomerAnswers | null> {
    const response = await this.responses.findOne({ where: { id } });
    return response ? { ...response } : null;
  }

  /**
   * The answers in the given cycles that cross a cut-off or carry a comment, in one set-based
   * read; only those submitted in the last `recentMinutes` when given.
   */
  needingFollowUp(
    keys: readonly FollowUpKeys[],
    recentMinutes: number | null,
    cutoffs: FollowUpCutoffs,
  ): Promise<AnswerNeedingFollowUp[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return answersNeedingFollowUp(this.responses.manager, keys, recentMinutes, cutoffs);
  }
}
