/**
 * Which module owns each table (README, "Architecture"). Only the owner writes a table or
 * reads its rows; other modules call the owner's exported services. The one exception is the
 * analytics read model (src/analytics/queries/): set-based aggregate reads over any table.
 */
export const TABLE_OWNERS: Record<string, string> = {
  users: 'auth',
  sessions: 'auth',
  api_keys: 'auth',
  session_secrets: 'auth',
  sign_in_throttles: 'auth',
  password_links: 'auth',
  sso_settings: 'auth',
  sso_identities: 'auth',
  units: 'directory',
  employees: 'directory',
  employment_periods: 'directory',
  unit_assignments: 'directory',
  customer_accounts: 'directory',
  contacts: 'directory',
  account_relationship_employees: 'directory',
  directory_imports: 'directory',
  surveys: 'surveys',
  questions: 'surveys',
  survey_translations: 'surveys',
  cycles: 'cycles',
  cycle_target_units: 'cycles',
  cycle_events: 'cycles',
  invitations: 'delivery',
  invitation_tokens: 'delivery',
  employee_responses: 'respond',
  customer_responses: 'respond',
  sealed_employee_answers: 'respond',
  unit_cycle_stats: 'analytics',
  unit_cycle_stat_packs: 'analytics',
  response_import_previews: 'analytics',
  follow_ups: 'follow-through',
  follow_up_events: 'follow-through',
  follow_up_digests: 'follow-through',
  action_plans: 'follow-through',
  action_plan_actions: 'follow-through',
  action_plan_events: 'follow-through',
  demo_runs: 'demo',
  company_settings: 'settings',
  webhook_endpoints: 'webhooks',
  webhook_deliveries: 'webhooks',
  audit_events: 'audit',
  retention_policies: 'privacy',
  scim_tokens: 'scim',
};

/** Where any module's set-based aggregate reads may live. */
export const READ_MODEL = 'src/analytics/queries/';
