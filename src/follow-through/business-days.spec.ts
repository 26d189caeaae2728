import { addBusinessDays } from './business-days';

const at = (iso: string) => new Date(iso);

describe(addBusinessDays.name, () => {
  it('adds two weekdays inside one week, keeping the time of day', () => {
    expect(addBusinessDays(at('2025-03-03T09:30:00Z'), 2).toISOString()).toBe(
      '2025-03-05T09:30:00.000Z',
    );
  });

  it('skips the weekend from a Friday', () => {
    expect(addBusinessDays(at('2025-03-07T15:00:00Z'), 2).toISOString()).toBe(
      '2025-03-11T15:00:00.000Z',
    );
  });

  it('counts from Monday when the answer came in at the weekend', () => {
    expect(addBusinessDays(at('2025-03-08T10:00:00Z'), 1).toISOString()).toBe(
      '2025-03-10T10:00:00.000Z',
    );
    expect(addBusinessDays(at('2025-03-09T23:00:00Z'), 2).toISOString()).toBe(
      '2025-03-11T23:00:00.000Z',
    );
  });

  it('spans several weeks: ten business days are two calendar weeks', () => {
    expect(addBusinessDays(at('2025-03-05T08:00:00Z'), 10).toISOString()).toBe(
      '2025-03-19T08:00:00.000Z',
    );
  });

  it('rejects negative or fractional day counts', () => {
    expect(() => addBusinessDays(at('2025-03-05T08:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessDays(at('2025-03-05T08:00:00Z'), 1.5)).toThrow(RangeError);
  });
});
