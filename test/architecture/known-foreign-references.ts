/**
 * References to another module's table that are still to be moved behind the owner's services
 * (or into the analytics read model). The ownership test fails on any reference not listed
 * here, and on any listed one that is gone, so this list only shrinks.
 */
export const KNOWN_FOREIGN_REFERENCES: readonly string[] = [
  'src/delivery/invitation-send.queries.ts: contacts',
  'src/delivery/invitation-send.queries.ts: cycles',
  'src/respond/respond.service.ts: customer_accounts',
  'src/respond/respond.service.ts: cycles',
  'src/respond/respond.service.ts: invitation_tokens',
  'src/respond/respond.service.ts: invitations',
  'src/respond/respond.service.ts: surveys',
  'src/respond/submission-writer.ts: invitations',
  'src/respond/survey-form.cache.ts: questions',
  'src/respond/survey-form.cache.ts: surveys',
];
