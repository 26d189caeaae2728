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
    'user.sso_create',
    'user.sso_link',
  ],
  api_key: ['api_key.create', 'api_key.revoke'],
  settings: ['settings.update', 'settings.sso_update'],
  directory: [
    'directory.import',
    'directory.unit_create',
    'directory.unit_update',
    'directory.unit_deactivate',
    'directory.unit_reactivate',
    'directory.employee_create',
    'directory.employee_update',
    'directory.employee_deactivate',
    'directory.employee_reactivate',
    'directory.account_create',
    'directory.account_update',
    'directory.account_deactivate',
    'directory.account_reactivate',
    'directory.contact_create',
    'directory.contact_update',
    'directory.contact_deactivate',
    'directory.contact_reactivate',
  ],
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
  webhook: [
    'webhook.create',
    'webhook.enable',
    'webhook.disable',
    'webhook.delete',
    'webhook.replay',
  ],
  scim: ['scim.token_create', 'scim.token_revoke'],
  privacy: [
    'privacy.erase',
    'privacy.export',
    'privacy.retention_update',
    'privacy.retention_apply',
  ],
  export: ['export.download'],
} as const;

export type AuditArea = keyof typeof AUDIT_ACTIONS;
export type AuditAction = (typeof AUDIT_ACTIONS)[AuditArea][number];

export const AUDIT_AREA_LABELS: Record<AuditArea, string> = {
  user: 'Users and roles',
  api_key: 'API keys',
  settings: 'Settings',
  directory: 'Directory: imports and edits',
  responses: 'Response imports',
  survey: 'Surveys',
  cycle: 'Cycles',
  webhook: 'Webhooks',
  scim: 'Directory provisioning (SCIM)',
  privacy: 'Personal data: erasure, exports, retention',
  export: 'Downloads of personal data and reports',
};
