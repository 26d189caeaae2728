import {
  customerMetricDefinitions,
  employeeMetricDefinitions,
  type MetricDefinition,
  SCORED_KINDS,
  type SurveyQuestion,
} from './stats/unit-metrics';
import type { CycleQuestions } from './unit-stats.service';

/**
 * Comparing cycles that used different surveys (docs/methods.md, "Changes between cycles"): a
 * figure followed across cycles is computed from the scored items every one of those cycles
 * asked — the same key, kind, dimension, keying and designation — so a change between two
 * points is a change in answers, not in questions. When the instruments differ, the note says
 * so in words, naming what each figure is computed from.
 */
export interface SharedInstrument {
  /** each cycle's questions limited to the shared scored items (unchanged when none differ) */
  questions: Map<string, CycleQuestions>;
  /** null when every cycle asked the same scored items */
  note: string | null;
}

type Side = keyof CycleQuestions;

/** What makes two cycles' items the same item. */
const identity = (q: SurveyQuestion) =>
  JSON.stringify([q.kind, q.dimension, q.reverseKeyed === true, q.metricRole ?? null]);

const isScored = (q: SurveyQuestion) => SCORED_KINDS.includes(q.kind);

function sharedKeys(all: readonly CycleQuestions[], side: Side): Set<string> {
  const [first, ...rest] = all;
  const shared = new Set<string>();
  for (const q of first[side].filter(isScored)) {
    const id = identity(q);
    if (rest.every((c) => c[side].some((o) => o.key === q.key && identity(o) === id)))
      shared.add(q.key);
  }
  return shared;
}

const definitionsOf = (side: Side, questions: readonly SurveyQuestion[]): MetricDefinition[] =>
  side === 'employee' ? employeeMetricDefinitions(questions) : customerMetricDefinitions(questions);

/** "Engagement index from 4 shared items (the cycles asked 4 to 6)", per figure that changed. */
function changes(all: readonly CycleQuestions[], side: Side, shared: Set<string>): string[] {
  const full = all.map((c) => definitionsOf(side, c[side]));
  const kept = definitionsOf(
    side,
    all[0][side].filter((q) => shared.has(q.key)),
  );
  const labels = new Map<string, string>();
  for (const defs of full) for (const d of defs) labels.set(d.key, d.label);
  const out: string[] = [];
  for (const [key, label] of labels) {
    const counts = full.map((defs) => defs.find((d) => d.key === key)?.items.length ?? 0);
    const keptDef = kept.find((d) => d.key === key);
    if (keptDef === undefined) {
      out.push(`${label} left out, as not every cycle asked it`);
      continue;
    }
    const n = keptDef.items.length;
    if (counts.every((c) => c === n)) continue;
    const lo = Math.min(...counts);
    const hi = Math.max(...counts);
    const asked = lo === hi ? `${lo}` : `${lo} to ${hi}`;
    out.push(
      `${label} from the ${n} item${n === 1 ? '' : 's'} they share (the cycles asked ${asked})`,
    );
  }
  return out;
}

export function sharedInstrument(byCycle: ReadonlyMap<string, CycleQuestions>): SharedInstrument {
  const all = [...byCycle.values()];
  if (all.length < 2) return { questions: new Map(byCycle), note: null };
  const shared = { employee: sharedKeys(all, 'employee'), customer: sharedKeys(all, 'customer') };
  const differs = all.some((c) =>
    (['employee', 'customer'] as const).some((side) =>
      c[side].some((q) => isScored(q) && !shared[side].has(q.key)),
    ),
  );
  if (!differs) return { questions: new Map(byCycle), note: null };
  const limit = (side: Side, c: CycleQuestions) =>
    c[side].filter((q) => !isScored(q) || shared[side].has(q.key));
  const questions = new Map(
    [...byCycle].map(([id, c]) => [
      id,
      { employee: limit('employee', c), customer: limit('customer', c) },
    ]),
  );
  const details = [
    ...changes(all, 'employee', shared.employee),
    ...changes(all, 'customer', shared.customer),
  ];
  const note =
    'These cycles used different surveys, so the trends compare only the items all of them asked' +
    (details.length > 0 ? `: ${details.join('; ')}.` : '.') +
    ' Each cycle’s own report uses all of its items.';
  return { questions, note };
}
