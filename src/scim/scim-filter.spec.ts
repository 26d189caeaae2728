import { parseFilter, toMatch } from './scim-filter';
import { ScimError } from './scim.errors';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

function refusal(filter: string): ScimError {
  try {
    parseFilter(filter);
  } catch (error) {
    return error as ScimError;
  }
  throw new Error(`accepted ${filter}`);
}

describe('parseFilter', () => {
  it('reads attr eq "value" with escapes, booleans, and/or with and binding tighter', () => {
    expect(parseFilter('userName eq "bjensen@example.com"')).toEqual({
      attr: 'userName',
      value: 'bjensen@example.com',
    });
    expect(parseFilter('displayName EQ "Say \\"hi\\""')).toEqual({
      attr: 'displayName',
      value: 'Say "hi"',
    });
    expect(parseFilter('a eq "1" or b eq "2" and c eq true')).toEqual({
      or: [
        { attr: 'a', value: '1' },
        {
          and: [
            { attr: 'b', value: '2' },
            { attr: 'c', value: true },
          ],
        },
      ],
    });
    expect(parseFilter('(a eq "1" or b eq "2") and c eq "3"')).toEqual({
      and: [
        {
          or: [
            { attr: 'a', value: '1' },
            { attr: 'b', value: '2' },
          ],
        },
        { attr: 'c', value: '3' },
      ],
    });
    expect(parseFilter(`${USER}:userName eq "x"`)).toEqual({
      attr: `${USER}:userName`,
      value: 'x',
    });
  });

  it.each([
    ['userName co "x"', /"co" operator is not supported/],
    ['userName pr', /"pr" operator is not supported/],
    ['not (userName eq "x")', /"not" operator/],
    ['emails[type eq "work"]', /Value filters/],
    ['userName eq "open', /not closed/],
    ['(userName eq "x"', /parenthesis/],
    ['userName eq "x" userName', /after its end/],
    ['userName eq x', /quoted value/],
    ['', /ends where a comparison/],
  ])('refuses %s as invalidFilter', (filter, message) => {
    const error = refusal(filter);
    expect(error).toBeInstanceOf(ScimError);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.message).toMatch(message);
  });
});

describe('toMatch', () => {
  const fields = { userName: 'email', externalId: 'externalId', active: 'active' } as const;

  it('maps attributes in any case and with their schema onto fields', () => {
    expect(
      toMatch(parseFilter(`${USER}:USERNAME eq "A" or externalid eq "7"`), fields, USER, [
        'active',
      ]),
    ).toEqual({
      or: [
        { field: 'email', value: 'A' },
        { field: 'externalId', value: '7' },
      ],
    });
    expect(toMatch(parseFilter('active eq false'), fields, USER, ['active'])).toEqual({
      field: 'active',
      value: 'false',
    });
  });

  it('refuses other attributes and values of the wrong kind', () => {
    expect(() => toMatch(parseFilter('title eq "x"'), fields, USER)).toThrow(
      /title is not supported/,
    );
    expect(() => toMatch(parseFilter('active eq "x"'), fields, USER, ['active'])).toThrow(
      /true or false/,
    );
    expect(() => toMatch(parseFilter('userName eq null'), fields, USER)).toThrow(/quoted value/);
  });
});
