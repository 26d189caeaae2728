import {
  changedFields,
  isRedactedField,
  redact,
  REDACTED,
  REDACTED_FIELD_PARTS,
} from './audit-redaction';

describe('audit redaction', () => {
  it('never keeps passwords, hashes, tokens, secrets, keys or answers, at any depth', () => {
    const value = redact({
      name: 'Dana',
      password: 'correct horse',
      passwordHash: '$argon2id$v=19$...',
      password_hash: 'x',
      current: 'kept: not a secret field name',
      sessionToken: 'abc',
      surveyToken: 'def',
      keyHash: 'beef',
      SESSION_SECRET: 's',
      apiKey: 'k',
      answers: { enps: 9 },
      answerText: 'my honest view',
      comment: 'free text',
      csrfToken: 'c',
      nested: { deeper: [{ token: 't', keep: 1 }] },
      leaked: `tdm_${'A'.repeat(43)}`,
      prefix: 'tdm_abcdef',
    }) as Record<string, unknown>;
    expect(value).toEqual({
      name: 'Dana',
      password: REDACTED,
      passwordHash: REDACTED,
      password_hash: REDACTED,
      current: 'kept: not a secret field name',
      sessionToken: REDACTED,
      surveyToken: REDACTED,
      keyHash: REDACTED,
      SESSION_SECRET: REDACTED,
      apiKey: REDACTED,
      answers: REDACTED,
      answerText: REDACTED,
      comment: REDACTED,
      csrfToken: REDACTED,
      nested: { deeper: [{ token: REDACTED, keep: 1 }] },
      leaked: REDACTED,
      prefix: 'tdm_abcdef',
    });
    const text = JSON.stringify(value);
    for (const secret of ['correct horse', 'argon2', 'my honest view', 'free text', 'AAAAAAAA'])
      expect(text).not.toContain(secret);
  });

  it('lists the parts it matches, and matches them however the name is written', () => {
    expect(REDACTED_FIELD_PARTS).toEqual(
      expect.arrayContaining(['password', 'token', 'secret', 'hash', 'answer']),
    );
    for (const name of ['Password', 'new-password', 'RESET_TOKEN', 'clientSecret', 'api_key'])
      expect(isRedactedField(name)).toBe(true);
    for (const name of ['name', 'email', 'role', 'closesAt', 'key', 'companyName'])
      expect(isRedactedField(name)).toBe(false);
  });

  it('keeps only changed fields, compares redacted ones on their real values', () => {
    expect(
      changedFields(
        { role: 'hr', name: 'Dana', passwordHash: 'old', unitId: null },
        { role: 'manager', name: 'Dana', passwordHash: 'new', unitId: 'u1' },
      ),
    ).toEqual({
      before: { role: 'hr', passwordHash: REDACTED, unitId: null },
      after: { role: 'manager', passwordHash: REDACTED, unitId: 'u1' },
    });
    expect(changedFields({ passwordHash: 'same' }, { passwordHash: 'same' })).toEqual({
      before: {},
      after: {},
    });
    // A field only one side names was not part of the change.
    expect(changedFields({ text: 'a', position: 1 }, { text: 'b' })).toEqual({
      before: { text: 'a' },
      after: { text: 'b' },
    });
  });

  it('keeps a whole side for a creation or a deletion, and bytes as their length', () => {
    const logo = Buffer.alloc(1234);
    expect(changedFields(undefined, { name: 'A', logo, at: new Date(0) })).toEqual({
      after: { name: 'A', logo: '[1234 bytes]', at: '1970-01-01T00:00:00.000Z' },
    });
    expect(changedFields({ key: 'q1' }, undefined)).toEqual({ before: { key: 'q1' } });
  });
});
