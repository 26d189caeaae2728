import { isCalendarDate, parseBoolean, splitEmails } from './validators';

describe('form validators', () => {
  it('accepts real calendar days only, written YYYY-MM-DD', () => {
    expect(['2024-02-29', '1999-12-31'].map(isCalendarDate)).toEqual([true, true]);
    expect(['2023-02-29', '2024-13-01', '2024-1-5', '05/01/2024', ''].map(isCalendarDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('reads checkbox and spreadsheet booleans and leaves nonsense for the validator', () => {
    expect(['on', 'TRUE', 'yes', '1', 'false', 'No', '0', ''].map(parseBoolean)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(parseBoolean('maybe')).toBe('maybe');
  });

  it('splits an email list on semicolons, commas and new lines, lower-cased without repeats', () => {
    expect(splitEmails('A@x.test; b@x.test\nB@X.test, ')).toEqual(['a@x.test', 'b@x.test']);
  });
});
