import { parsePeriods } from './retention.controller';
import { monthsBefore } from './retention.service';

describe('retention periods', () => {
  it('counts calendar months back, to the last day of a shorter month', () => {
    const at = new Date('2026-03-31T10:15:00Z');
    expect(monthsBefore(at, 1).toISOString()).toBe('2026-02-28T10:15:00.000Z');
    expect(monthsBefore(at, 12).toISOString()).toBe('2025-03-31T10:15:00.000Z');
    expect(monthsBefore(new Date('2024-05-31T00:00:00Z'), 3).toISOString()).toBe(
      '2024-02-29T00:00:00.000Z',
    );
    expect(monthsBefore(new Date('2026-01-15T00:00:00Z'), 25).toISOString()).toBe(
      '2023-12-15T00:00:00.000Z',
    );
  });

  it('reads the form: empty is off, whole months from 1 to 600, anything else an error', () => {
    expect(
      parsePeriods({
        customerCommentMonths: ' 12 ',
        contactMonths: '',
        departedEmployeeMonths: '600',
      }),
    ).toEqual({
      ok: true,
      errors: {},
      value: { customerCommentMonths: 12, contactMonths: null, departedEmployeeMonths: 600 },
    });
    const bad = parsePeriods({
      customerCommentMonths: '0',
      contactMonths: '1.5',
      departedEmployeeMonths: '601',
    });
    expect(bad.ok).toBe(false);
    expect(Object.keys(bad.errors).sort()).toEqual([
      'contactMonths',
      'customerCommentMonths',
      'departedEmployeeMonths',
    ]);
  });
});
