import { pearson } from '../analytics/stats/correlation';
import type { PanelRow } from '../analytics/stats/panel-between-within';
import { laggedWithin } from '../analytics/stats/panel-lagged';
import { likertIndexFromAggregate, npsFromCounts } from '../analytics/stats/metrics';
import { turnover } from '../analytics/stats/retention-metrics';
import { generateDemoCompany } from './demo-company';
import type { DemoCompany, DemoOptions } from './demo-company.types';

/**
 * What the planted model implies for the unit-level correlations a linkage analysis measures.
 *
 * The latent lagged correlation is β = PLANTED.laggedEffect by construction, but the analysis
 * correlates OBSERVED unit metrics — an engagement index from ~16 employees' 1–5 answers and an
 * NPS from ~13 customers' 0–10 answers — whose sampling noise attenuates every correlation
 * (roughly by √(reliability_E · reliability_C), and NPS's promoter/detractor cut adds more).
 * Rather than approximate that analytically, this runs the very same generator on many other
 * seeds and computes the pooled Pearson r over all their units: the population value of the
 * observed-scale correlation, to within about ±0.01 with 30 replicates.
 */

export interface UnitWave {
  unitId: string;
  employeeResponses: number;
  customerResponses: number;
  engagement: number | null;
  nps: number | null;
  turnoverRate: number | null;
}

/** Observed metrics per cycle and branch, defined exactly as the analytics module defines them. */
export function observedUnitWaves(
  company: DemoCompany,
  engagementKeys: readonly string[],
  npsKey: string,
): UnitWave[][] {
  const staff = new Map<string, DemoCompany['employees']>();
  for (const e of company.employees) {
    const people = staff.get(e.unitId);
    if (people === undefined) staff.set(e.unitId, [e]);
    else people.push(e);
  }
  return company.cycles.map((cycle) => {
    const byUnit = new Map<string, { eN: number; eSum: number; eItems: number; c: number[] }>();
    const slot = (unitId: string) => {
      let s = byUnit.get(unitId);
      if (s === undefined) byUnit.set(unitId, (s = { eN: 0, eSum: 0, eItems: 0, c: [] }));
      return s;
    };
    for (const r of company.employeeResponses) {
      if (r.cycleId !== cycle.id) continue;
      const s = slot(r.unitId);
      s.eN += 1;
      for (const key of engagementKeys) {
        const v = r.answers[key];
        if (typeof v === 'number') {
          s.eSum += v;
          s.eItems += 1;
        }
      }
    }
    for (const r of company.customerResponses) {
      if (r.cycleId !== cycle.id) continue;
      const v = r.answers[npsKey];
      slot(r.unitId).c.push(typeof v === 'number' ? v : NaN);
    }
    return [...byUnit].map(([unitId, s]) => {
      const scores = s.c.filter(Number.isFinite);
      const period = { start: cycle.periodStart, end: cycle.periodEnd };
      const people = (staff.get(unitId) ?? []).filter(
        (e) => e.hireDate <= period.end && (e.exitDate === null || e.exitDate >= period.start),
      );
      return {
        unitId,
        employeeResponses: s.eN,
        customerResponses: s.c.length,
        engagement: likertIndexFromAggregate({ n: s.eItems, sum: s.eSum }),
        nps: npsFromCounts({
          n: scores.length,
          promoters: scores.filter((v) => v >= 9).length,
          detractors: scores.filter((v) => v <= 6).length,
        }),
        turnoverRate: people.length === 0 ? null : turnover(people, period).rate,
      };
    });
  });
}

export interface LaggedPanel {
  e1: number[];
  c1: number[];
  e2: number[];
  c2: number[];
  turnover1: number[];
}

/** Units with both thresholds met in both cycles of each consecutive pair, pooled over pairs. */
export function laggedPanel(waves: UnitWave[][], minResponses = 5): LaggedPanel {
  const panel: LaggedPanel = { e1: [], c1: [], e2: [], c2: [], turnover1: [] };
  const ok = (w: UnitWave | undefined): w is UnitWave =>
    w !== undefined &&
    w.employeeResponses >= minResponses &&
    w.customerResponses >= minResponses &&
    w.engagement !== null &&
    w.nps !== null &&
    w.turnoverRate !== null;
  for (let t = 0; t + 1 < waves.length; t++) {
    const later = new Map(waves[t + 1].map((w) => [w.unitId, w]));
    for (const first of waves[t]) {
      const second = later.get(first.unitId);
      if (!ok(first) || !ok(second)) continue;
      panel.e1.push(first.engagement!);
      panel.c1.push(first.nps!);
      panel.e2.push(second.engagement!);
      panel.c2.push(second.nps!);
      panel.turnover1.push(first.turnoverRate!);
    }
  }
  return panel;
}

export interface ImpliedCorrelations {
  /** r(E_t, C_t+1): the planted lagged effect on the observed scale */
  employeeLeads: number;
  /** r(C_t, E_t+1): the reverse path */
  customerLeads: number;
  /** r(E_t, C_t) */
  synchronous: number;
  /** r(turnover_t, C_t+1) */
  turnoverLeads: number;
  /** unit pairs pooled */
  n: number;
  /**
   * The linkage report's within-unit lagged paths (standardized, panel-lagged.ts) on the pooled
   * panels: the value the report's estimator converges to under the planted model, attenuation
   * by sampling noise and the short-panel (Nickell) bias included
   */
  withinLagged: { forward: number; reverse: number; rows: number } | null;
}

/** Unit × cycle rows of engagement and NPS for units with both thresholds met, as the report's panel takes them. */
export function panelRowsOf(waves: UnitWave[][], prefix = '', minResponses = 5): PanelRow[] {
  return waves.flatMap((wave, cycle) =>
    wave.flatMap((w) =>
      w.employeeResponses >= minResponses &&
      w.customerResponses >= minResponses &&
      w.engagement !== null &&
      w.nps !== null
        ? [{ unit: `${prefix}${w.unitId}`, cycle, x: w.engagement, y: w.nps }]
        : [],
    ),
  );
}

function withinLaggedOf(rows: PanelRow[]): NonNullable<ImpliedCorrelations['withinLagged']> {
  const fit = laggedWithin(rows, { resamples: 0 });
  return { forward: fit.xToY.standardized, reverse: fit.yToX.standardized, rows: fit.pairs };
}

export function panelCorrelations(panel: LaggedPanel, rows: PanelRow[] = []): ImpliedCorrelations {
  const r = (x: number[], y: number[]) => pearson(x, y) ?? NaN;
  return {
    withinLagged: rows.length === 0 ? null : withinLaggedOf(rows),
    employeeLeads: r(panel.e1, panel.c2),
    customerLeads: r(panel.c1, panel.e2),
    synchronous: r(panel.e1, panel.c1),
    turnoverLeads: r(panel.turnover1, panel.c2),
    n: panel.e1.length,
  };
}

/**
 * Monte Carlo over `replicates` companies built with seeds other than the demo's, pooled.
 * `options.seed` is ignored; seeds are `implied-1`, `implied-2`, ...
 */
export function impliedCorrelations(
  options: Omit<DemoOptions, 'seed'>,
  replicates: number,
  keys: { engagement: readonly string[]; nps: string },
): ImpliedCorrelations {
  const pooled: LaggedPanel = { e1: [], c1: [], e2: [], c2: [], turnover1: [] };
  const rows: PanelRow[] = [];
  for (let i = 1; i <= replicates; i++) {
    const company = generateDemoCompany({ ...options, seed: `implied-${i}` });
    const waves = observedUnitWaves(company, keys.engagement, keys.nps);
    const panel = laggedPanel(waves);
    for (const k of Object.keys(pooled) as (keyof LaggedPanel)[]) pooled[k].push(...panel[k]);
    rows.push(...panelRowsOf(waves, `${i}:`));
  }
  return panelCorrelations(pooled, rows);
}
