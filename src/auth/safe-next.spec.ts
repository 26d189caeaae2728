import { safeNext } from './safe-next';

describe(safeNext.name, () => {
  it.each([
    '/',
    '/admin/users',
    '/reports?cycle=3&unit=7',
    '/cycles/5#results',
    '/directory/units?q=caf%C3%A9',
  ])('keeps the same-site path %s', (path) => {
    expect(safeNext(path)).toBe(path);
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%255Cevil.example',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    '/%2Fevil.example',
    'https://evil.example',
    'javascript:alert(1)',
    'evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/%09/evil.example',
    '/%0d%0aSet-Cookie:x=1',
    '/ /evil.example',
    '/%E0%A4%A',
    '',
    undefined,
    42,
  ])('falls back to / for %p', (next) => {
    expect(safeNext(next)).toBe('/');
  });
});
