import { InputError } from './input-error';
import { decodeUtf8, lineOfFirstInvalidByte } from './utf8-text';

describe('decodeUtf8', () => {
  it('decodes UTF-8 and drops a byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name\nCafé\n')]);
    expect(decodeUtf8(bytes)).toBe('name\nCafé\n');
  });

  it('refuses Latin-1, naming the encoding and the line', () => {
    const bytes = Buffer.from('name\nCaf\xe9\n', 'latin1');
    expect(() => decodeUtf8(bytes)).toThrow(InputError);
    expect(() => decodeUtf8(bytes)).toThrow(/not UTF-8 \(line 2 /);
  });

  it('finds the line of a truncated, overlong or surrogate sequence', () => {
    expect(lineOfFirstInvalidByte(Buffer.from([0x61, 0x0a, 0x0a, 0xe2, 0x82]))).toBe(3);
    expect(lineOfFirstInvalidByte(Buffer.from([0xc0, 0xaf]))).toBe(1);
    expect(lineOfFirstInvalidByte(Buffer.from([0x0a, 0xed, 0xa0, 0x80]))).toBe(2);
    expect(lineOfFirstInvalidByte(Buffer.from('ok ✓ 😀\nstill ok', 'utf8'))).toBe(2);
  });
});
