/** The schema URNs Tandem speaks, and its discovery documents (RFC 7643 §5–7, RFC 7644 §4). */

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Tandem's own extension: the employment dates behind `active`. */
export const TANDEM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:tandem:2.0:User';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export const USER_EXTENSIONS = [ENTERPRISE_USER_SCHEMA, TANDEM_USER_SCHEMA] as const;

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
export const SCIM_BASE = '/scim/v2';

/** The most resources one page of a list gives, whatever `count` asks for. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 100;

const attribute = (
  name: string,
  options: {
    type?: string;
    multiValued?: boolean;
    required?: boolean;
    mutability?: string;
    uniqueness?: string;
    caseExact?: boolean;
    description: string;
    subAttributes?: object[];
  },
) => ({
  name,
  type: options.type ?? 'string',
  multiValued: options.multiValued ?? false,
  description: options.description,
  required: options.required ?? false,
  caseExact: options.caseExact ?? false,
  mutability: options.mutability ?? 'readWrite',
  returned: 'default',
  uniqueness: options.uniqueness ?? 'none',
  ...(options.subAttributes ? { subAttributes: options.subAttributes } : {}),
});

const meta = (resourceType: string, id: string) => ({
  resourceType,
  location: `${SCIM_BASE}/${resourceType === 'Schema' ? 'Schemas' : 'ResourceTypes'}/${id}`,
});

export const SCHEMAS = [
  {
    id: USER_SCHEMA,
    name: 'User',
    description: 'An employee in the directory.',
    attributes: [
      attribute('userName', {
        required: true,
        uniqueness: 'server',
        description: "The employee's email address, where surveys go.",
      }),
      attribute('externalId', { caseExact: true, description: "The HR system's id." }),
      attribute('displayName', { description: "The employee's name." }),
      attribute('name', {
        type: 'complex',
        description: 'Read as one name: formatted, else given and family names.',
        subAttributes: [
          attribute('formatted', { description: 'The full name.' }),
          attribute('givenName', { description: 'Given name.' }),
          attribute('familyName', { description: 'Family name.' }),
        ],
      }),
      attribute('emails', {
        type: 'complex',
        multiValued: true,
        mutability: 'readOnly',
        description: 'The userName as the work address.',
        subAttributes: [
          attribute('value', { description: 'The address.' }),
          attribute('type', { description: 'Always work.' }),
          attribute('primary', { type: 'boolean', description: 'Always true.' }),
        ],
      }),
      attribute('active', {
        type: 'boolean',
        description: 'False records an exit dated today; true after an exit is a rehire.',
      }),
      attribute('groups', {
        type: 'complex',
        multiValued: true,
        mutability: 'readOnly',
        description: 'The unit the employee works in.',
        subAttributes: [
          attribute('value', { description: 'The unit id.' }),
          attribute('display', { description: 'The unit name.' }),
        ],
      }),
    ],
    meta: meta('Schema', USER_SCHEMA),
  },
  {
    id: GROUP_SCHEMA,
    name: 'Group',
    description: 'A unit of the org tree.',
    attributes: [
      attribute('displayName', { required: true, description: 'The unit name.' }),
      attribute('externalId', { caseExact: true, description: "The unit's external id." }),
      attribute('members', {
        type: 'complex',
        multiValued: true,
        description: 'The employees working in the unit; adding one moves them there from today.',
        subAttributes: [
          attribute('value', { mutability: 'immutable', description: 'The employee id.' }),
          attribute('display', { mutability: 'readOnly', description: 'The employee name.' }),
        ],
      }),
    ],
    meta: meta('Schema', GROUP_SCHEMA),
  },
  {
    id: ENTERPRISE_USER_SCHEMA,
    name: 'EnterpriseUser',
    description: 'Enterprise User',
    attributes: [
      attribute('department', {
        mutability: 'readOnly',
        description: "The name of the employee's unit (change it through Groups).",
      }),
    ],
    meta: meta('Schema', ENTERPRISE_USER_SCHEMA),
  },
  {
    id: TANDEM_USER_SCHEMA,
    name: 'TandemEmployment',
    description: 'The employment dates behind active.',
    attributes: [
      attribute('hireDate', {
        type: 'string',
        description: 'YYYY-MM-DD; on create the hire date, on a rehire the new hire date.',
      }),
      attribute('exitDate', {
        type: 'string',
        description: 'YYYY-MM-DD, the last day employed, used when active turns false.',
      }),
      attribute('exitType', {
        type: 'string',
        description: 'voluntary, involuntary or other, used when active turns false.',
      }),
    ],
    meta: meta('Schema', TANDEM_USER_SCHEMA),
  },
].map((schema) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'], ...schema }));

export const RESOURCE_TYPES = [
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'Employees',
    schema: USER_SCHEMA,
    schemaExtensions: [
      { schema: ENTERPRISE_USER_SCHEMA, required: false },
      { schema: TANDEM_USER_SCHEMA, required: false },
    ],
    meta: meta('ResourceType', 'User'),
  },
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'Units',
    schema: GROUP_SCHEMA,
    schemaExtensions: [],
    meta: meta('ResourceType', 'Group'),
  },
];

export const SERVICE_PROVIDER_CONFIG = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: MAX_PAGE_SIZE },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
  authenticationSchemes: [
    {
      type: 'oauthbearertoken',
      name: 'Bearer token',
      description: 'A SCIM token created by an admin on the SCIM provisioning page.',
      primary: true,
    },
  ],
  meta: { resourceType: 'ServiceProviderConfig', location: `${SCIM_BASE}/ServiceProviderConfig` },
};
