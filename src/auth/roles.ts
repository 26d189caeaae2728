export const ROLES = ['admin', 'hr', 'executive', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  hr: 'HR / people team',
  executive: 'Executive',
  manager: 'Unit manager',
};
