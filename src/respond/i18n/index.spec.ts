import { en } from './en';
import { pickLocale, translator } from '.';

describe(translator.name, () => {
  const sut = translator('en');

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(sut.t('states.notOpenBody', { opensAt: '3 March' })).toBe(
      'It opens on 3 March. Please come back then: your link will work.',
    );
    expect(sut.t('states.notOpenBody')).toContain('{opensAt}');
  });

  it('fills every message of the catalog at once, keeping its shape', () => {
    const all = sut.all({ company: 'Acme', anonymityMin: 5, commentMin: 10 });
    expect(Object.keys(all)).toEqual(Object.keys(en));
    expect(all.layout.footer).toBe('Survey for Acme, run with Tandem.');
    expect(all.privacyEmployee.groups).toContain('at least 5 people');
  });

  it('writes moments as a long date and a 24-hour UTC time', () => {
    expect(sut.dateTime(new Date('2026-01-16T17:05:00Z'))).toBe('16 January 2026 at 17:05 UTC');
  });
});

describe(pickLocale.name, () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fr-CH, fr;q=0.9', 'en'],
    ['en-GB,en;q=0.8', 'en'],
    ['de;q=0, en;q=0.1', 'en'],
  ])('picks a registered locale for %j', (header, expected) => {
    expect(pickLocale(header)).toBe(expected);
  });
});
