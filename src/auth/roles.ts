export const ROLES = ['admin', 'hr', 'executive', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  hr: 'HR / people team',
  executive: 'Executive',
  manager: 'Unit manager',
};

/** A user single sign-on let in without a mapped role: signed in nowhere until an admin grants one. */
export const NO_ROLE_LABEL = 'No access yet';
