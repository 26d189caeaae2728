/**
 * Every action the audit log records, by area. The page's action filter offers these; an
 * area (`cycle`) filters all of its actions.
 */
export const AUDIT_ACTIONS = {
  user: [
    'user.invite',
    'user.role_change',
    'user.disable',
    'user.enable',
    'user.sessions_end',
    'user.password_change',
    'user.password_set',
  ],
  api_key: ['api_key.create', 'api_key.revoke'],
  settings: ['settings.update'],
  directory: ['directory.import'],
  responses: ['responses.import'],
  survey: [
    'survey.create',
    'survey.update',
    'survey.copy',
    'survey.lock',
    'survey.question_add',
    'survey.question_update',
    'survey.question_delete',
    'survey.question_move',
    'survey.translations_import',
  ],
  cycle: [
    'cycle.create',
    'cycle.update',
    'cycle.launch',
    'cycle.extend',
    'cycle.remind',
    'cycle.close',
  ],
  webhook: ['webhook.create', 'webhook.enable', 'webhook.disable', 'webhook.delete'],
  export: ['export.download'],
} as const;

export type AuditArea = keyof typeof AUDIT_ACTIONS;
export type AuditAction = (typeof AUDIT_ACTIONS)[AuditArea][number];

export const AUDIT_AREA_LABELS: Record<AuditArea, string> = {
  user: 'Users and roles',
  api_key: 'API keys',
  settings: 'Settings',
  directory: 'Directory imports',
  responses: 'Response imports',
  survey: 'Surveys',
  cycle: 'Cycles',
  webhook: 'Webhooks',
  export: 'Downloads of personal data and reports',
};
