import { createHash } from 'node:crypto';
import {
  CODE_LENGTH,
  formatCode,
  generateCode,
  generateToken,
  hashToken,
  isWellFormedToken,
  normalizeCode,
} from './tokens';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

describe('printed codes', () => {
  it('are 20 symbols of Crockford base 32, without letters that read as others', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateCode();
      expect(code).toHaveLength(CODE_LENGTH);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    }
  });

  it('use every symbol about equally often (5 bits each, 100 bits a code)', () => {
    const counts = new Map<string, number>();
    const n = 2000;
    for (let i = 0; i < n; i++)
      for (const c of generateCode()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(32);
    const expected = (n * CODE_LENGTH) / 32;
    // Chi-square with 31 df: above 70 happens by chance about once in 10,000 runs.
    const chi = [...counts.values()].reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(70);
    expect(new Set(Array.from({ length: 1000 }, generateCode)).size).toBe(1000);
  });

  it('print in five groups of four and read back however typed', () => {
    const code = 'K7QM3XDA9PZTWH2C0AB1';
    expect(formatCode(code)).toBe('K7QM-3XDA-9PZT-WH2C-0AB1');
    for (const typed of [
      'K7QM-3XDA-9PZT-WH2C-0AB1',
      'k7qm 3xda 9pzt wh2c 0ab1',
      'K7QM3XDA9PZTWH2CoABl',
    ])
      expect(normalizeCode(typed)).toBe(code);
  });

  it('refuse what is not a code', () => {
    for (const typed of [
      '',
      'K7QM-3XDA',
      'K7QM-3XDA-9PZT-WH2C-0AB1-X',
      'K7QM-3XDA-9PZT-WH2C-0ABU',
      'x'.repeat(100),
    ])
      expect(normalizeCode(typed)).toBeNull();
  });

  it('hash their canonical form, so any typing finds the one stored hash', () => {
    const code = generateCode();
    expect(hashToken(formatCode(code).toLowerCase())).toEqual(sha256(code));
    expect(isWellFormedToken(formatCode(code))).toBe(true);
  });

  it('leave emailed tokens hashed exactly as before', () => {
    const token = generateToken();
    expect(hashToken(token)).toEqual(sha256(token));
    expect(isWellFormedToken(token)).toBe(true);
    expect(isWellFormedToken(`${token}x`)).toBe(false);
  });
});
