import { dimensionKey, dimensionLabel } from './dimension-names';

describe('dimension names', () => {
  it('turns a name a person types into a stable key', () => {
    expect(dimensionKey('Psychological safety')).toBe('psychological_safety');
    expect(dimensionKey('  Engagement ')).toBe('engagement');
    expect(dimensionKey('Work–life balance')).toBe('work_life_balance');
    expect(dimensionKey('Équipe')).toBe('equipe');
    expect(dimensionKey('engagement')).toBe('engagement');
  });

  it('refuses names without a leading letter or longer than a key may be', () => {
    expect(dimensionKey('')).toBeNull();
    expect(dimensionKey('!!!')).toBeNull();
    expect(dimensionKey('360 feedback')).toBeNull();
    expect(dimensionKey('a'.repeat(41))).toBeNull();
    expect(dimensionKey('a'.repeat(40))).toBe('a'.repeat(40));
  });

  it('shows a key as one label everywhere', () => {
    expect(dimensionLabel('psychological_safety')).toBe('Psychological safety');
    expect(dimensionLabel('engagement')).toBe('Engagement');
    expect(dimensionLabel(dimensionKey('Work-life balance')!)).toBe('Work life balance');
  });
});
