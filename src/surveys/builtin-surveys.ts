/** Fixed ids of the two templates seeded by migration 1795441602900-SeedBuiltinSurveys. */
export const BUILTIN_SURVEY_IDS = {
  employeePulse: '5e1f0000-0000-4000-8000-000000000001',
  customerRelationship: '5e1f0000-0000-4000-8000-000000000002',
} as const;
