import { validateForm } from '../../common/form';
import { CreateCycleDto } from './create-cycle.dto';

describe(CreateCycleDto.name, () => {
  const form = {
    name: ' Spring pulse ',
    periodLabel: '2026-Q2',
    periodStart: '2026-04-01',
    periodEnd: '2026-06-30',
    employeeSurveyId: '5e1f0000-0000-4000-8000-000000000001',
    customerSurveyId: '',
    unitIds: '5e1f0000-0000-4000-8000-0000000000aa',
    opensAt: '2026-05-04T08:00',
    closesAt: '2026-05-18T17:30',
    reminderDays: '+3, 7',
    recurrence: 'quarterly',
  };

  it('reads a form post: trimmed text, UTC times, one unit as a list, reminder days as numbers', async () => {
    const sut = await validateForm(CreateCycleDto, form);
    expect(sut.errors).toEqual({});
    expect(sut.value).toMatchObject({
      name: 'Spring pulse',
      customerSurveyId: null,
      unitIds: ['5e1f0000-0000-4000-8000-0000000000aa'],
      opensAt: '2026-05-04T08:00:00Z',
      closesAt: '2026-05-18T17:30:00Z',
      reminderDays: [3, 7],
    });
  });

  it('reads the JSON API shape unchanged', async () => {
    const sut = await validateForm(CreateCycleDto, {
      ...form,
      unitIds: ['5e1f0000-0000-4000-8000-0000000000aa', '5e1f0000-0000-4000-8000-0000000000bb'],
      opensAt: '2026-05-04T08:00:00.000Z',
      reminderDays: [2],
    });
    expect(sut.ok).toBe(true);
    expect(sut.value.unitIds).toHaveLength(2);
    expect(sut.value.opensAt).toBe('2026-05-04T08:00:00.000Z');
  });

  it('names the field that is wrong', async () => {
    const sut = await validateForm(CreateCycleDto, {
      ...form,
      reminderDays: '3, 90',
      unitIds: '',
      recurrence: 'weekly',
    });
    expect(Object.keys(sut.errors).sort()).toEqual(['recurrence', 'reminderDays', 'unitIds']);
  });
});
