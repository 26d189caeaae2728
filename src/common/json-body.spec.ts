import { jsonDepth } from './json-body';

const depthOf = (text: string) => jsonDepth(Buffer.from(text));

describe('jsonDepth', () => {
  it('counts nested arrays and objects', () => {
    expect(depthOf('1')).toBe(0);
    expect(depthOf('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(depthOf('[[],[],[[]]]')).toBe(3);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(depthOf('{"a":"[[[{{{","b":"\\"[[["}')).toBe(1);
    expect(depthOf('["\\\\", [1]]')).toBe(2);
  });

  it('measures 100,000 levels without recursing', () => {
    expect(depthOf('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000);
  });
});
