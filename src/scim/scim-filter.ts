import type { Match } from '../directory/provisioning.service';
import { ScimError } from './scim.errors';

/**
 * The part of the SCIM filter language (RFC 7644 §3.4.2.2) Tandem answers: `attr eq "value"`,
 * combined with `and` and `or` and grouped with parentheses. Every other operator, `not` and
 * value paths (`emails[type eq "work"]`) are refused as invalidFilter rather than half-done.
 */
export type FilterNode =
  { attr: string; value: string | boolean | null } | { and: FilterNode[] } | { or: FilterNode[] };

const OTHER_OPERATORS = new Set(['ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr']);
const MAX_FILTER_LENGTH = 1000;
const MAX_TERMS = 20;

type Token =
  { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: 'open' | 'close' };

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close' });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < filter.length && filter[j] !== '"') j += filter[j] === '\\' ? 2 : 1;
      if (j >= filter.length) throw ScimError.invalidFilter('A quoted value is not closed.');
      try {
        tokens.push({ kind: 'string', text: JSON.parse(filter.slice(i, j + 1)) as string });
      } catch {
        throw ScimError.invalidFilter('A quoted value has an invalid escape.');
      }
      i = j + 1;
    } else if (c === '[' || c === ']') {
      throw ScimError.invalidFilter(
        'Value filters such as emails[type eq "work"] are not supported.',
      );
    } else {
      let j = i;
      while (j < filter.length && !' \t()"[]'.includes(filter[j])) j++;
      tokens.push({ kind: 'word', text: filter.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

const ATTRIBUTE = /^(urn:[A-Za-z0-9:._-]+:)?[A-Za-z][A-Za-z0-9_$-]*(\.[A-Za-z][A-Za-z0-9_$-]*)?$/;

/** Parses a filter; anything outside the supported forms is an invalidFilter ScimError. */
export function parseFilter(filter: string): FilterNode {
  if (filter.length > MAX_FILTER_LENGTH)
    throw ScimError.invalidFilter(`Keep filters under ${MAX_FILTER_LENGTH} characters.`);
  const tokens = tokenize(filter);
  let at = 0;
  let terms = 0;
  const peekWord = () => {
    const t = tokens[at];
    return t?.kind === 'word' ? t.text.toLowerCase() : null;
  };

  const parseOr = (): FilterNode => {
    const parts = [parseAnd()];
    while (peekWord() === 'or') {
      at++;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? parts[0] : { or: parts };
  };

  const parseAnd = (): FilterNode => {
    const parts = [parseTerm()];
    while (peekWord() === 'and') {
      at++;
      parts.push(parseTerm());
    }
    return parts.length === 1 ? parts[0] : { and: parts };
  };

  const parseTerm = (): FilterNode => {
    const token = tokens[at];
    if (!token) throw ScimError.invalidFilter('The filter ends where a comparison was expected.');
    if (token.kind === 'open') {
      at++;
      const inner = parseOr();
      if (tokens[at]?.kind !== 'close')
        throw ScimError.invalidFilter('A parenthesis is not closed.');
      at++;
      return inner;
    }
    if (token.kind !== 'word' || !ATTRIBUTE.test(token.text))
      throw ScimError.invalidFilter('Expected an attribute name, such as userName.');
    if (token.text.toLowerCase() === 'not')
      throw ScimError.invalidFilter('The "not" operator is not supported.');
    if (++terms > MAX_TERMS)
      throw ScimError.invalidFilter(`Use at most ${MAX_TERMS} comparisons in one filter.`);
    at++;
    const operator = peekWord();
    if (operator === null)
      throw ScimError.invalidFilter(`Expected an operator after ${token.text}.`);
    if (OTHER_OPERATORS.has(operator))
      throw ScimError.invalidFilter(`The "${operator}" operator is not supported; use "eq".`);
    if (operator !== 'eq') throw ScimError.invalidFilter(`Unknown operator "${operator}".`);
    at++;
    const value = tokens[at];
    at++;
    if (value?.kind === 'string') return { attr: token.text, value: value.text };
    if (value?.kind === 'word' && ['true', 'false', 'null'].includes(value.text))
      return { attr: token.text, value: JSON.parse(value.text) as boolean | null };
    throw ScimError.invalidFilter(`Compare ${token.text} with a quoted value.`);
  };

  const tree = parseOr();
  if (at < tokens.length) throw ScimError.invalidFilter('The filter has words after its end.');
  return tree;
}

/** The attribute a filter or a patch path names, without its schema and in lower case. */
export function attributeName(path: string, schema: string): string {
  const prefix = `${schema.toLowerCase()}:`;
  const lower = path.toLowerCase();
  return lower.startsWith(prefix) ? lower.slice(prefix.length) : lower;
}

/**
 * The filter as an exact match over the given fields (attribute name → field, any case);
 * `booleans` are compared with true or false, the others with a quoted string. A comparison on
 * any other attribute, or with a value of the wrong kind, is invalidFilter.
 */
export function toMatch<F extends string>(
  node: FilterNode,
  fields: Readonly<Record<string, F>>,
  schema: string,
  booleans: readonly F[] = [],
): Match<F> {
  if ('and' in node) return { and: node.and.map((n) => toMatch(n, fields, schema, booleans)) };
  if ('or' in node) return { or: node.or.map((n) => toMatch(n, fields, schema, booleans)) };
  const name = attributeName(node.attr, schema);
  const field = Object.entries(fields).find(([key]) => key.toLowerCase() === name)?.[1];
  if (!field)
    throw ScimError.invalidFilter(
      `Filtering on ${node.attr} is not supported; use ${Object.keys(fields).join(', ')}.`,
    );
  const isBoolean = booleans.includes(field);
  if (typeof node.value !== (isBoolean ? 'boolean' : 'string'))
    throw ScimError.invalidFilter(
      isBoolean
        ? `Compare ${node.attr} with true or false.`
        : `Compare ${node.attr} with a quoted value.`,
    );
  return { field, value: String(node.value) };
}
