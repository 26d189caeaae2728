import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Queryable } from '../database/sql';
import type { Audience } from '../surveys/entities/survey.entity';
import {
  ClaimedLink,
  claimSurveyLinks,
  findSurveyLink,
  LinkClaim,
  SurveyLink,
} from './survey-links.queries';
import { hashToken, isWellFormedToken } from './tokens';

export type { ClaimedLink, LinkClaim, SurveyLink } from './survey-links.queries';

/**
 * Survey links for the respond pages: what a token leads to, and using links (inside the
 * caller's transaction, which stores the answers with the claim).
 */
@Injectable()
export class SurveyLinksService {
  constructor(private readonly dataSource: DataSource) {}

  /** What the link leads to; null for a token that leads to no survey invitation. */
  find(token: string): Promise<SurveyLink | null> {
    if (!isWellFormedToken(token)) return Promise.resolve(null);
    return findSurveyLink(this.dataSource, hashToken(token));
  }

  /** See claimSurveyLinks; runs in the caller's transaction. */
  claim(db: Queryable, audience: Audience, claims: readonly LinkClaim[]): Promise<ClaimedLink[]> {
    return claimSurveyLinks(db, audience, claims);
  }
}
