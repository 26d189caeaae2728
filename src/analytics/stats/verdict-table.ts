import type { Interval } from './descriptives';
import { minimumDetectableCorrelation, unitsNeededToDetect } from './power';
import { strengthOf } from './verdict';

/**
 * The report's verdict from ONE decision table (DECISION_TABLE below). Evidence is first
 * reduced to facts (one per aspect: gate, link, power, order, level); each fact has exactly one
 * row, and that row's headline words, badge and caveat are the only words it produces. The
 * caveats therefore come from the same facts as the headline and cannot disagree with it.
 * docs/methods.md ("Verdict") prints the table; decisionTableMarkdown() generates it.
 */

/** An estimate with its 95% interval; a bound is null when it could not be computed. */
export interface VerdictEffect {
  estimate: number;
  lower: number | null;
  upper: number | null;
}

export interface VerdictEvidence {
  /** prose labels as they read inside a sentence: 'engagement', 'NPS' */
  x: string;
  y: string;
  /** how a positive claim reads; default "higher {x}", "had higher {y}", "had lower {y}" */
  phrases?: { xMore: string; yHigher: string; yLower: string };
  /** the headline correlation (units in the focus cycle); null when it could not be computed */
  correlation: { r: number; ci: Interval; p: number; n: number } | null;
  /** cycles in the analysis */
  cycles: number;
  /** the cycle is a pilot, or covers too few of the company's units to stand for it */
  coverage?: { pilot?: boolean; tooFewUnits?: boolean };
  /** between/within random-intercept model (bW, bB with Wald CIs) over the cycles in range */
  betweenWithin?: { within: VerdictEffect; between: VerdictEffect; units: number; rows: number };
  /** lagged effects, standardized: x_t → y_{t+1} (forward) and y_t → x_{t+1} (reverse) */
  lagged?: {
    /** within-unit panel model, or per-pair cross-lagged correlations (supporting evidence) */
    design: 'within-unit' | 'cross-lagged-correlations';
    forward: VerdictEffect;
    reverse: VerdictEffect;
    /** forward − reverse (for correlations, on the Fisher-z scale) */
    difference: VerdictEffect;
    /** 'one quarter'; default 'one cycle' */
    period?: string;
  };
  /** the effect size the report names (default r = .30) and, optionally, the power figures */
  power?: Partial<PowerFacts>;
}

export interface PowerFacts {
  namedR: number;
  /** smallest |r| detectable at 80% power with N units (null for N ≤ 3) */
  minDetectableR: number | null;
  /** units needed to detect the named r at 80% power */
  unitsNeeded: number | null;
}

export function powerFacts(n: number, namedR = 0.3): PowerFacts {
  return {
    namedR,
    minDetectableR: minimumDetectableCorrelation(n),
    unitsNeeded: unitsNeededToDetect(namedR),
  };
}

/** The evidence's power figures, computed for its named effect where not given. */
function powerOf(evidence: VerdictEvidence, n: number): PowerFacts {
  return { ...powerFacts(n, evidence.power?.namedR ?? 0.3), ...evidence.power };
}

export type GateFact = 'verdict' | 'no-data' | 'pilot' | 'small-cycle' | 'too-few-units';
export type LinkFact = 'supported' | 'uncertain-size' | 'negligible' | 'unclear';
export type PowerFact = 'adequate' | 'below-needed' | 'effect-too-small';
export type OrderFact =
  'one-cycle' | 'not-tested' | 'x-first' | 'y-first' | 'not-shown' | 'tentative';
export type LevelFact = 'not-fitted' | 'between' | 'within' | 'both' | 'neither';

export interface VerdictFacts {
  gate: GateFact;
  link: LinkFact | null;
  /** 'small' | 'moderate' | 'strong' when link is 'supported' */
  strength: 'small' | 'moderate' | 'strong' | null;
  /** sign of the headline correlation, only when its CI excludes zero */
  sign: 'positive' | 'negative' | null;
  power: PowerFact | null;
  order: OrderFact | null;
  level: LevelFact | null;
}

export type Aspect = 'gate' | 'link' | 'power' | 'order' | 'level';

export interface DecisionRow {
  aspect: Aspect;
  fact: string;
  /** the condition, in words (printed in docs/methods.md) */
  when: string;
  /** words the row adds to the headline ('' for none) */
  headline: string;
  badge: { code: string; text: string } | null;
  caveat: string | null;
}

/** Placeholders: {x} {X} {y} {n} {numbers} {word} {Word} {xMore} {yDir} {lo} {hi} {mdr} {needed} {namedR} {period} {fwd} {rev} {diff} {leader} {Leader} {follower} {bDir} {wDir} {design}. */
export const DECISION_TABLE: readonly DecisionRow[] = [
  {
    aspect: 'gate',
    fact: 'no-data',
    when: 'the headline correlation could not be computed',
    headline: 'Not enough data yet to link {x} with {y}',
    badge: { code: 'no-verdict', text: 'No verdict yet' },
    caveat: null,
  },
  {
    aspect: 'gate',
    fact: 'pilot',
    when: 'the cycle is marked pilot',
    headline: 'No verdict from a pilot cycle ({n} units): pilots stay out of the headline',
    badge: { code: 'no-verdict-pilot', text: 'Pilot: no verdict' },
    caveat: 'A pilot shows how the surveys run, not how {x} and {y} are linked across the company.',
  },
  {
    aspect: 'gate',
    fact: 'small-cycle',
    when: "the cycle covers too few of the company's units to stand for it",
    headline: 'No verdict from this cycle: its {n} units do not stand for the company',
    badge: { code: 'no-verdict-coverage', text: 'Small cycle: no verdict' },
    caveat:
      'A cycle that reaches only part of the company cannot say how {x} and {y} are linked across it.',
  },
  {
    aspect: 'gate',
    fact: 'too-few-units',
    when: 'N < 4 units',
    headline: 'No verdict: {n} units are too few to link {x} with {y}',
    badge: { code: 'no-verdict-units', text: 'Too few units for a verdict' },
    caveat:
      'A correlation needs at least 4 units; about {needed} are needed to detect r = {namedR} reliably.',
  },
  { aspect: 'gate', fact: 'verdict', when: 'otherwise', headline: '', badge: null, caveat: null },

  {
    aspect: 'link',
    fact: 'supported',
    when: '95% CI excludes 0 and its bound nearest 0 is in the same band as r (small ≥ .10, moderate ≥ .30, strong ≥ .50)',
    headline: 'Units with {xMore} {yDir}: {word} link, {numbers}',
    badge: { code: 'link-{word}', text: '{Word} link' },
    caveat: null,
  },
  {
    aspect: 'link',
    fact: 'uncertain-size',
    when: '95% CI excludes 0 but reaches into a weaker band than r',
    headline: 'Units with {xMore} {yDir}: a link of uncertain size, {numbers}',
    badge: { code: 'link-uncertain-size', text: 'Link of uncertain size' },
    caveat:
      'The 95% interval runs from {lo} to {hi}: the direction of the link is clear, its size is not.',
  },
  {
    aspect: 'link',
    fact: 'negligible',
    when: 'the whole 95% CI lies within ±.10',
    headline: '{X} and {y} were not meaningfully linked across units: negligible link, {numbers}',
    badge: { code: 'link-negligible', text: 'Negligible link' },
    caveat: null,
  },
  {
    aspect: 'link',
    fact: 'unclear',
    when: '95% CI includes 0 and reaches beyond ±.10',
    headline: 'No clear link between {x} and {y} across units: {numbers}',
    badge: { code: 'link-unclear', text: 'No clear link' },
    caveat: 'The 95% interval includes zero, so even the direction of the link is not established.',
  },

  {
    aspect: 'power',
    fact: 'below-needed',
    when: 'N < units needed to detect the named r at 80% power',
    headline: '',
    badge: { code: 'power-few-units', text: 'Exploratory: too few units for r = {namedR}' },
    caveat:
      'Exploratory: with {n} units only links of about r = {mdr} or stronger can be detected reliably (80% power); about {needed} units are needed to detect r = {namedR}.',
  },
  {
    aspect: 'power',
    fact: 'effect-too-small',
    when: 'N ≥ units needed, the link is unclear and |r| < the minimum detectable r',
    headline: '',
    badge: { code: 'power-small-effect', text: 'Exploratory: effect below detectable size' },
    caveat:
      'An effect this small cannot be detected reliably with {n} units: 80% power reaches links of about r = {mdr} and stronger ({n} units are enough for r = {namedR}).',
  },
  { aspect: 'power', fact: 'adequate', when: 'otherwise', headline: '', badge: null, caveat: null },

  {
    aspect: 'order',
    fact: 'one-cycle',
    when: 'one cycle',
    headline: '',
    badge: null,
    caveat:
      'With one cycle there is no before and after; the order of {x} and {y} needs consecutive cycles.',
  },
  {
    aspect: 'order',
    fact: 'not-tested',
    when: '≥ 2 cycles but no lagged estimate',
    headline: '',
    badge: null,
    caveat:
      'The order of {x} and {y} could not be tested: consecutive cycles do not share enough units.',
  },
  {
    aspect: 'order',
    fact: 'x-first',
    when: "the headline link has a sign s; s·(forward − reverse) > 0 with its CI excluding 0; the forward path's CI excludes 0 with sign s",
    headline: '; {x} led {y} by {period}',
    badge: { code: 'order-x-first', text: '{X} first' },
    caveat:
      '“Led” means {x} predicted {y} a cycle later ({fwd}) more than the reverse ({rev}; difference {diff}), {design}; it is not proof of cause.',
  },
  {
    aspect: 'order',
    fact: 'y-first',
    when: 'as x-first, with s·(forward − reverse) < 0 and the reverse path leading',
    headline: '; {y} led {x} by {period}',
    badge: { code: 'order-y-first', text: '{Y} first' },
    caveat:
      '“Led” means {y} predicted {x} a cycle later ({rev}) more than the reverse ({fwd}; difference {diff}), {design}; it is not proof of cause.',
  },
  {
    aspect: 'order',
    fact: 'tentative',
    when: 'the lag order holds (s from forward + reverse) but the headline link has no sign',
    headline: '',
    badge: { code: 'order-tentative', text: 'Order tentative' },
    caveat:
      'Consecutive cycles point to {leader} moving first ({x} → {y}: {fwd}; {y} → {x}: {rev}), but without a same-cycle link of that sign no order is claimed.',
  },
  {
    aspect: 'order',
    fact: 'not-shown',
    when: "lag difference CI includes 0 (or could not be computed), or the leading path's CI includes 0 or has the other sign",
    headline: '; the data do not show which comes first',
    badge: { code: 'order-not-shown', text: 'Order not shown' },
    caveat:
      'The lagged evidence ({x} → {y}: {fwd}; {y} → {x}: {rev}; difference {diff}) singles out neither side, so the data do not show which comes first.',
  },

  {
    aspect: 'level',
    fact: 'between',
    when: 'bB CI excludes 0, bW CI includes 0',
    headline:
      "Across cycles, units with {xMore} {bDir}; when a unit's {x} changes, its {y} does not reliably follow.",
    badge: { code: 'level-between', text: 'Between units' },
    caveat:
      'A difference between units can come from stable traits (market, manager, size) that go with both {x} and {y}.',
  },
  {
    aspect: 'level',
    fact: 'within',
    when: 'bW CI excludes 0, bB CI includes 0',
    headline:
      "Across cycles, when a unit's {x} rises, its {y} {wDir}; stable differences between units show no reliable link.",
    badge: { code: 'level-within', text: 'Within units' },
    caveat: null,
  },
  {
    aspect: 'level',
    fact: 'both',
    when: 'bW and bB CIs both exclude 0',
    headline:
      "Across cycles, units with {xMore} {bDir}, and when a unit's {x} rises, its {y} {wDir}.",
    badge: { code: 'level-both', text: 'Between and within units' },
    caveat: null,
  },
  {
    aspect: 'level',
    fact: 'neither',
    when: 'bW and bB CIs both include 0',
    headline:
      'Across cycles, neither differences between units nor changes within a unit show a reliable link.',
    badge: { code: 'level-neither', text: 'No link between or within units' },
    caveat: null,
  },
  {
    aspect: 'level',
    fact: 'not-fitted',
    when: 'one cycle, or no between/within model',
    headline: '',
    badge: null,
    caveat: null,
  },
];

const CAUSATION =
  'Correlation is not causation: units may differ in other ways (market, size, manager) that drive both.';

export interface VerdictBadge {
  code: string;
  text: string;
}

export interface VerdictSentences {
  /** the link clause (with the order clause) */
  link: string;
  /** the order clause alone ('' when none) */
  order: string;
  /** the between/within sentence ('' when none) */
  level: string;
}

export interface DecidedVerdict {
  /** false: no verdict is drawn (pilot, too few units, no data); the headline says why */
  decided: boolean;
  headline: string;
  sentences: VerdictSentences;
  badges: VerdictBadge[];
  caveats: string[];
  facts: VerdictFacts;
  /** exploratory = the power fact is not 'adequate' */
  exploratory: boolean;
}

const MIN_UNITS = 4;

const excludesZero = (e: { lower: number | null; upper: number | null }): boolean =>
  e.lower !== null && e.upper !== null && (e.lower > 0 || e.upper < 0);

/** The facts, each decided once, from the evidence. */
export function decideFacts(evidence: VerdictEvidence): VerdictFacts {
  const none: VerdictFacts = {
    gate: 'no-data',
    link: null,
    strength: null,
    sign: null,
    power: null,
    order: null,
    level: null,
  };
  const c = evidence.correlation;
  if (c === null) return none;
  if (evidence.coverage?.pilot) return { ...none, gate: 'pilot' };
  if (c.n < MIN_UNITS) return { ...none, gate: 'too-few-units' };
  if (evidence.coverage?.tooFewUnits) return { ...none, gate: 'small-cycle' };

  const signKnown = excludesZero(c.ci);
  const sign = signKnown ? (c.r > 0 ? 'positive' : 'negative') : null;
  const band = strengthOf(c.r);
  const near = Math.min(Math.abs(c.ci.lower), Math.abs(c.ci.upper));
  let link: LinkFact;
  let strength: VerdictFacts['strength'] = null;
  if (Math.max(Math.abs(c.ci.lower), Math.abs(c.ci.upper)) < 0.1) link = 'negligible';
  else if (!signKnown) link = 'unclear';
  else if (band !== 'negligible' && strengthOf(near) === band) {
    link = 'supported';
    strength = band;
  } else link = 'uncertain-size';

  const power = powerOf(evidence, c.n);
  const powerFact: PowerFact =
    power.unitsNeeded !== null && c.n < power.unitsNeeded
      ? 'below-needed'
      : link === 'unclear' &&
          (power.minDetectableR === null || Math.abs(c.r) < power.minDetectableR)
        ? 'effect-too-small'
        : 'adequate';

  return {
    gate: 'verdict',
    link,
    strength,
    sign,
    power: powerFact,
    order: decideOrder(evidence, sign),
    level: decideLevel(evidence),
  };
}

/**
 * The lag read in the direction of the link: s = the headline link's sign (else the sign of
 * forward + reverse, else +). The difference forward − reverse, times s, says which path is the
 * larger in that direction; its CI must exclude 0, and so must the leading path's, with sign s.
 * A reverse path that is merely negative (as short panels bias it, Nickell 1981) leads nothing.
 */
function orientedLag(evidence: VerdictEvidence, sign: VerdictFacts['sign']) {
  const lag = evidence.lagged;
  if (lag === undefined) return null;
  const s =
    sign === 'positive'
      ? 1
      : sign === 'negative'
        ? -1
        : lag.forward.estimate + lag.reverse.estimate < 0
          ? -1
          : 1;
  const d = lag.difference;
  const forwardLeads = s * d.estimate >= 0;
  const leader = forwardLeads ? lag.forward : lag.reverse;
  const holds = excludesZero(d) && excludesZero(leader) && Math.sign(leader.estimate) === s;
  return { forwardLeads, holds };
}

function decideOrder(evidence: VerdictEvidence, sign: VerdictFacts['sign']): OrderFact {
  if (evidence.cycles < 2) return 'one-cycle';
  const lag = orientedLag(evidence, sign);
  if (lag === null) return 'not-tested';
  if (!lag.holds) return 'not-shown';
  if (sign === null) return 'tentative';
  return lag.forwardLeads ? 'x-first' : 'y-first';
}

function decideLevel(evidence: VerdictEvidence): LevelFact {
  const bw = evidence.betweenWithin;
  if (evidence.cycles < 2 || bw === undefined) return 'not-fitted';
  const b = excludesZero(bw.between);
  const w = excludesZero(bw.within);
  return b && w ? 'both' : b ? 'between' : w ? 'within' : 'neither';
}

/** The row of the table for one aspect's fact. */
export function rowFor(aspect: Aspect, fact: string): DecisionRow {
  const row = DECISION_TABLE.find((r) => r.aspect === aspect && r.fact === fact);
  if (row === undefined) throw new Error(`no decision row for ${aspect} = ${fact}`);
  return row;
}

/** .42, −.08 (no leading zero, a real minus sign). */
export function formatCoefficient(value: number): string {
  const text = Math.abs(value).toFixed(2);
  const trimmed = text.startsWith('0.') ? text.slice(1) : text;
  return value < 0 && Number(text) !== 0 ? `−${trimmed}` : trimmed;
}

function formatEffect(e: VerdictEffect): string {
  const ci =
    e.lower === null || e.upper === null
      ? '[interval not computed]'
      : `[${formatCoefficient(e.lower)}, ${formatCoefficient(e.upper)}]`;
  return `${formatCoefficient(e.estimate)} ${ci}`;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

function variables(evidence: VerdictEvidence, facts: VerdictFacts): Record<string, string> {
  const { x, y } = evidence;
  const phrases = evidence.phrases ?? {
    xMore: `higher ${x}`,
    yHigher: `had higher ${y}`,
    yLower: `had lower ${y}`,
  };
  const c = evidence.correlation;
  const n = c?.n ?? 0;
  const power = powerOf(evidence, n);
  const lag = evidence.lagged;
  const bw = evidence.betweenWithin;
  const forwardLeads = orientedLag(evidence, facts.sign)?.forwardLeads ?? true;
  const vars: Record<string, string> = {
    x,
    X: capitalize(x),
    y,
    Y: capitalize(y),
    n: n.toLocaleString('en-US'),
    xMore: phrases.xMore,
    yDir: facts.sign === 'negative' ? phrases.yLower : phrases.yHigher,
    word: facts.strength ?? '',
    Word: capitalize(facts.strength ?? ''),
    namedR: formatCoefficient(power.namedR),
    mdr: power.minDetectableR === null ? '1' : formatCoefficient(power.minDetectableR),
    needed: power.unitsNeeded === null ? '—' : power.unitsNeeded.toLocaleString('en-US'),
    period: lag?.period ?? 'one cycle',
    leader: forwardLeads ? x : y,
    Leader: capitalize(forwardLeads ? x : y),
    follower: forwardLeads ? y : x,
    design:
      lag?.design === 'cross-lagged-correlations'
        ? 'read from cross-lagged correlations, which mix stable differences between units with change within them (Hamaker, Kuiper & Grasman 2015)'
        : 'within the same units over consecutive cycles',
  };
  if (c !== null) {
    vars.numbers = `r = ${formatCoefficient(c.r)} [${formatCoefficient(c.ci.lower)}, ${formatCoefficient(c.ci.upper)}], ${vars.n} units`;
    vars.lo = formatCoefficient(c.ci.lower);
    vars.hi = formatCoefficient(c.ci.upper);
  }
  if (lag) {
    vars.fwd = formatEffect(lag.forward);
    vars.rev = formatEffect(lag.reverse);
    vars.diff = formatEffect(lag.difference);
  }
  if (bw) {
    vars.bDir = bw.between.estimate >= 0 ? phrases.yHigher : phrases.yLower;
    vars.wDir = bw.within.estimate >= 0 ? 'rises too' : 'falls';
  }
  return vars;
}

/** Evidence → headline, badges and caveats, through DECISION_TABLE only. */
export function decideVerdict(evidence: VerdictEvidence): DecidedVerdict {
  const facts = decideFacts(evidence);
  const vars = variables(evidence, facts);
  const say = (template: string) => fill(template, vars);
  const badgeOf = (row: DecisionRow): VerdictBadge[] =>
    row.badge ? [{ code: say(row.badge.code), text: say(row.badge.text) }] : [];
  const caveatOf = (row: DecisionRow): string[] => (row.caveat ? [say(row.caveat)] : []);

  if (facts.gate !== 'verdict') {
    const row = rowFor('gate', facts.gate);
    const headline = `${say(row.headline)}.`;
    return {
      decided: false,
      headline,
      sentences: { link: headline, order: '', level: '' },
      badges: badgeOf(row),
      caveats: caveatOf(row),
      facts,
      exploratory: false,
    };
  }

  const rows = [
    rowFor('link', facts.link as LinkFact),
    rowFor('power', facts.power as PowerFact),
    rowFor('order', facts.order as OrderFact),
    rowFor('level', facts.level as LevelFact),
  ];
  const [linkRow, powerRow, orderRow, levelRow] = rows;
  const order = say(orderRow.headline);
  const link = `${say(linkRow.headline)}${order}.`;
  const level = say(levelRow.headline);
  return {
    decided: true,
    headline: level ? `${link} ${level}` : link,
    sentences: { link, order, level },
    badges: rows.flatMap(badgeOf),
    // Power first: it qualifies everything after it.
    caveats: [powerRow, linkRow, orderRow, levelRow].flatMap(caveatOf).concat(CAUSATION),
    facts,
    exploratory: facts.power !== 'adequate',
  };
}

/** DECISION_TABLE as the Markdown table docs/methods.md prints. */
export function decisionTableMarkdown(): string {
  const cell = (s: string | null) => (s ? s.replace(/\|/g, '\\|') : '—');
  return [
    '| aspect | fact | when | headline words | badge | caveat |',
    '| --- | --- | --- | --- | --- | --- |',
    ...DECISION_TABLE.map(
      (r) =>
        `| ${r.aspect} | ${r.fact} | ${cell(r.when)} | ${cell(r.headline)} | ${cell(r.badge ? `${r.badge.code}: ${r.badge.text}` : null)} | ${cell(r.caveat)} |`,
    ),
  ].join('\n');
}
