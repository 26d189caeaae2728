import { ImportKind } from './import.types';

export interface ColumnDoc {
  name: string;
  required: boolean;
  description: string;
}

export interface ImportFormat {
  kind: ImportKind;
  title: string;
  matchedBy: string;
  columns: ColumnDoc[];
  example: string;
}

/** What each CSV holds; shown next to the upload form (the README documents the same). */
export const IMPORT_FORMATS: Record<ImportKind, ImportFormat> = {
  units: {
    kind: 'units',
    title: 'Units',
    matchedBy: 'external_id',
    columns: [
      {
        name: 'external_id',
        required: true,
        description: 'Your id for the unit; matches existing units.',
      },
      { name: 'name', required: true, description: 'Shown on pages and reports.' },
      {
        name: 'parent_external_id',
        required: false,
        description:
          'The parent unit, in the file (any order) or already in Tandem; blank for a top-level unit. A new parent moves the unit with its sub-units.',
      },
    ],
    example:
      'external_id,name,parent_external_id\nNORTH,Northern region,\nN-LEEDS,Leeds branch,NORTH',
  },
  employees: {
    kind: 'employees',
    title: 'Employees',
    matchedBy: 'external_id, or email when external_id is blank',
    columns: [
      { name: 'external_id', required: false, description: 'Your HR system’s id.' },
      {
        name: 'email',
        required: true,
        description:
          'Where the engagement pulse is sent; unique. Blank for staff without an address, who answer with printed codes (the row then needs an external_id).',
      },
      { name: 'name', required: true, description: 'Full name.' },
      {
        name: 'unit_external_id',
        required: true,
        description: 'The unit they work in (must exist).',
      },
      { name: 'hire_date', required: true, description: 'YYYY-MM-DD.' },
      {
        name: 'exit_date',
        required: false,
        description: 'YYYY-MM-DD, not before hire_date; blank while employed.',
      },
      {
        name: 'exit_type',
        required: false,
        description: 'voluntary, involuntary or other; required with an exit_date.',
      },
      {
        name: 'customer_facing',
        required: false,
        description: 'true or false (yes/no, 1/0); blank means false.',
      },
      {
        name: 'language',
        required: false,
        description:
          'Language of their surveys and emails: en, de or es; blank means the company’s default language.',
      },
    ],
    example:
      'external_id,email,name,unit_external_id,hire_date,exit_date,exit_type,customer_facing,language\nE1001,ana.silva@example.com,Ana Silva,N-LEEDS,2021-03-01,,,true,de',
  },
  history: {
    kind: 'history',
    title: 'Employee history',
    matchedBy:
      'employee_id (your HR system’s id); a new id with the email of an employee who has no id takes that employee',
    columns: [
      { name: 'employee_id', required: true, description: 'Your HR system’s id for the person.' },
      {
        name: 'effective_date',
        required: true,
        description:
          'YYYY-MM-DD: the first day in the unit for a hire or move, the last day employed for an exit.',
      },
      {
        name: 'event',
        required: true,
        description: 'hire, move or exit. A rehire is another hire after an exit.',
      },
      {
        name: 'unit',
        required: false,
        description: 'The unit’s external id (must exist); required for a hire or a move.',
      },
      {
        name: 'exit_type',
        required: false,
        description: 'voluntary, involuntary or other; required for an exit, only on an exit.',
      },
      {
        name: 'name',
        required: false,
        description: 'Full name; read on hire rows, required to add a new employee.',
      },
      {
        name: 'email',
        required: false,
        description: 'Read on hire rows, required to add a new employee; unique.',
      },
    ],
    example:
      'employee_id,effective_date,event,unit,exit_type,name,email\nE1001,2021-03-01,hire,N-LEEDS,,Ana Silva,ana.silva@example.com\nE1001,2023-09-01,move,N-YORK,,,\nE1001,2024-06-30,exit,,voluntary,,',
  },
  accounts: {
    kind: 'accounts',
    title: 'Customer accounts',
    matchedBy: 'external_id',
    columns: [
      {
        name: 'external_id',
        required: true,
        description: 'Your CRM’s id; matches existing accounts.',
      },
      { name: 'name', required: true, description: 'The customer’s name.' },
      {
        name: 'unit_external_id',
        required: true,
        description: 'The unit that serves the account (must exist).',
      },
      {
        name: 'relationship_employee_emails',
        required: false,
        description:
          'Emails of the employees who look after the account, separated by semicolons; they must already be employees. Replaces the list.',
      },
      {
        name: 'churn_date',
        required: false,
        description: 'YYYY-MM-DD, the day the customer was lost; blank while a customer.',
      },
    ],
    example:
      'external_id,name,unit_external_id,relationship_employee_emails,churn_date\nACC-2231,Harbour Logistics,N-LEEDS,ana.silva@example.com,',
  },
  contacts: {
    kind: 'contacts',
    title: 'Contacts',
    matchedBy: 'email',
    columns: [
      {
        name: 'email',
        required: true,
        description: 'Where the relationship survey is sent; unique.',
      },
      { name: 'name', required: true, description: 'Full name.' },
      {
        name: 'account_external_id',
        required: true,
        description: 'Their customer account (must exist).',
      },
      {
        name: 'subscribed',
        required: false,
        description:
          'true or false; blank means true. A contact who unsubscribed stays unsubscribed.',
      },
      {
        name: 'language',
        required: false,
        description:
          'Language of their surveys and emails: en, de or es; blank means the company’s default language.',
      },
    ],
    example:
      'email,name,account_external_id,subscribed,language\nbuyer@harbour.example,Sam Okafor,ACC-2231,true,de',
  },
};

/** The columns a file's header must hold; optional ones may be left out (their cells read as blank). */
export function requiredColumns(kind: ImportKind): string[] {
  return IMPORT_FORMATS[kind].columns.filter((c) => c.required).map((c) => c.name);
}
