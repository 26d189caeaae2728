import {
  customerMetricDefinitions,
  employeeMetricDefinitions,
  itemValue,
  metricValue,
  StatSums,
  SurveyQuestion,
} from './unit-metrics';
import { rollUp, treeOrder } from './unit-tree';

const q = (key: string, kind: SurveyQuestion['kind'], dimension: string | null = null) => ({
  key,
  kind,
  dimension,
  text: `Text of ${key}`,
});

const sums = (values: number[]): StatSums => ({
  n: values.length,
  sum: values.reduce((a, b) => a + b, 0),
  sumSq: values.reduce((a, b) => a + b * b, 0),
  favorable: values.filter((v) => v >= 4).length,
  promoters: values.filter((v) => v >= 9).length,
  detractors: values.filter((v) => v <= 6).length,
});

const EMPLOYEE = [
  q('enps', 'nps', 'loyalty'),
  q('eng_a', 'likert5', 'engagement'),
  q('eng_b', 'likert5', 'engagement'),
  q('mgr_a', 'likert5', 'manager'),
  q('comment', 'text'),
];

describe(employeeMetricDefinitions.name, () => {
  it('makes one index per Likert dimension in survey order, then eNPS', () => {
    expect(employeeMetricDefinitions(EMPLOYEE)).toEqual([
      {
        key: 'engagement',
        label: 'Engagement index',
        kind: 'index',
        items: ['eng_a', 'eng_b'],
        countMetric: 'dim:engagement',
      },
      {
        key: 'manager',
        label: 'Manager index',
        kind: 'index',
        items: ['mgr_a'],
        countMetric: 'dim:manager',
      },
      { key: 'enps', label: 'eNPS', kind: 'nps', items: ['enps'], countMetric: 'enps' },
    ]);
  });
});

describe(metricValue.name, () => {
  it('pools the items of a dimension into one 0–100 index with favorable %', () => {
    // eng_a: 5, 4, 3; eng_b: 2, 4 → mean item score 18/5 = 3.6 → (3.6 − 1)/4·100 = 65.
    const stats = new Map([
      ['eng_a', sums([5, 4, 3])],
      ['eng_b', sums([2, 4])],
      ['dim:engagement', sums([4.5, 4, 3])],
    ]);
    const [engagement] = employeeMetricDefinitions(EMPLOYEE);
    expect(metricValue(engagement, stats)).toEqual({ value: 65, n: 3, favorable: 60 });
  });

  it('computes eNPS, NPS and CSAT from the counts', () => {
    const stats = new Map([
      ['enps', sums([10, 9, 7, 3])],
      ['nps', sums([10, 10, 6, 8, 9])],
      ['csat', sums([5, 4, 2, 3])],
      ['trust', sums([5, 5])],
    ]);
    const enps = employeeMetricDefinitions(EMPLOYEE).find((d) => d.key === 'enps')!;
    expect(metricValue(enps, stats).value).toBe(25);
    const customer = customerMetricDefinitions([
      q('nps', 'nps', 'loyalty'),
      q('csat', 'rating5', 'satisfaction'),
      q('trust', 'likert5', 'trust'),
    ]);
    expect(customer.map((d) => d.key)).toEqual(['nps', 'csat', 'relationshipIndex']);
    expect(metricValue(customer[0], stats).value).toBe(40);
    expect(metricValue(customer[1], stats).value).toBe(50);
    expect(metricValue(customer[2], stats).value).toBe(100);
  });

  it('gives null, not zero, when nobody answered', () => {
    const [engagement] = employeeMetricDefinitions(EMPLOYEE);
    expect(metricValue(engagement, new Map())).toEqual({ value: null, n: 0, favorable: null });
    expect(
      itemValue({ key: 'eng_a', kind: 'likert5', label: '', dimension: null }, new Map()),
    ).toEqual({
      mean: null,
      n: 0,
      favorable: null,
      nps: null,
    });
  });
});

describe(rollUp.name, () => {
  const units = [
    { id: 'r', parentId: null, name: 'Root', externalId: 'R', path: '/r/' },
    { id: 'b', parentId: 'r', name: 'Beta', externalId: 'B', path: '/r/b/' },
    { id: 'a', parentId: 'r', name: 'alpha', externalId: 'A', path: '/r/a/' },
    { id: 'a1', parentId: 'a', name: 'Alpha one', externalId: 'A1', path: '/r/a/a1/' },
  ];

  it('adds every unit into itself and its ancestors', () => {
    const own = new Map([
      ['r', new Map([['*', sums([1, 1])]])],
      ['a', new Map([['*', sums([1])]])],
      ['a1', new Map([['*', sums([1, 1, 1])]])],
    ]);
    const subtree = rollUp(units, own);
    expect(subtree.get('r')!.get('*')!.n).toBe(6);
    expect(subtree.get('a')!.get('*')!.n).toBe(4);
    expect(subtree.get('b')!.get('*')).toBeUndefined();
  });

  it('orders a subtree depth first with siblings by name', () => {
    expect(treeOrder(units, null).map(({ unit, depth }) => `${depth}:${unit.id}`)).toEqual([
      '0:r',
      '1:a',
      '2:a1',
      '1:b',
    ]);
    expect(treeOrder(units, 'a').map(({ unit }) => unit.id)).toEqual(['a', 'a1']);
  });
});
