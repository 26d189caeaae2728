import { addSums, type StatsByMetric, type StatSums } from './unit-metrics';

/**
 * Units' stats as UnitStatsService reads them: per unit one flat run of [metric position, n,
 * sum, sum_sq, favorable, promoters, detractors] septets, positions into the read's dictionary.
 */

const STRIDE = 7;

/** total += the sums of the septet starting at data[i] (data[i] is its metric). */
function addSeptet(total: StatSums, data: Float64Array, i: number): void {
  total.n += data[i + 1];
  total.sum += data[i + 2];
  total.sumSq += data[i + 3];
  total.favorable += data[i + 4];
  total.promoters += data[i + 5];
  total.detractors += data[i + 6];
}
/** Numbers per shared buffer: the first small, each next one twice as large, up to 8 MB. */
const FIRST_CHUNK = 1 << 14;
const LARGEST_CHUNK = 1 << 20;

/** Where each metric's first septet starts in a unit's run (-1: none). */
interface Layout {
  /** the metric position of each septet, in order */
  positions: number[];
  first: Int32Array;
  /** no metric has two septets */
  unique: boolean;
}

/**
 * The units of one read. Their numbers are copied into a few large typed arrays, which the
 * garbage collector neither traces nor moves (a cross-cycle read holds millions of them for as
 * long as a report is being built); units that list the same metrics in the same order (nearly
 * all: the queries write every unit's metrics alike) share one layout.
 */
export class PackedStatsReader {
  private readonly position: ReadonlyMap<string, number>;
  private last: Layout | null = null;
  private chunk = new Float64Array(0);
  private used = 0;

  constructor(private readonly names: readonly string[]) {
    this.position = new Map(names.map((metric, i) => [metric, i]));
  }

  /** The metric's position in this read's dictionary, if it is in it. */
  positionOf(metric: string): number | undefined {
    return this.position.get(metric);
  }

  stats(packed: ArrayLike<number>): StatsByMetric {
    if (this.used + packed.length > this.chunk.length) {
      const next = Math.min(LARGEST_CHUNK, Math.max(FIRST_CHUNK, this.chunk.length * 2));
      this.chunk = new Float64Array(Math.max(next, packed.length));
      this.used = 0;
    }
    const offset = this.used;
    this.chunk.set(packed, offset);
    this.used += packed.length;
    return new PackedStats(
      this.chunk,
      offset,
      packed.length,
      this.layoutOf(packed),
      this.position,
      this.names,
    );
  }

  private layoutOf(packed: ArrayLike<number>): Layout {
    const last = this.last;
    if (last !== null && last.positions.length * STRIDE === packed.length) {
      let same = true;
      for (let s = 0; s < last.positions.length && same; s++)
        same = last.positions[s] === packed[s * STRIDE];
      if (same) return last;
    }
    const positions: number[] = [];
    const first = new Int32Array(this.names.length).fill(-1);
    let unique = true;
    for (let i = 0; i < packed.length; i += STRIDE) {
      const position = packed[i];
      positions.push(position);
      if (first[position] === -1) first[position] = i;
      else unique = false;
    }
    this.last = { positions, first, unique };
    return this.last;
  }
}

class PackedStats implements StatsByMetric {
  constructor(
    private readonly data: Float64Array,
    private readonly offset: number,
    private readonly length: number,
    private readonly layout: Layout,
    private readonly position: ReadonlyMap<string, number>,
    private readonly names: readonly string[],
  ) {}

  /** The metric's first septet. */
  get(metric: string): StatSums | undefined {
    const at = this.septetOf(metric);
    return at < 0 ? undefined : this.at(at);
  }

  countOf(metric: string): number {
    const at = this.septetOf(metric);
    return at < 0 ? 0 : this.data[this.offset + at + 1];
  }

  addMetricTo(metric: string, total: StatSums): void {
    const at = this.septetOf(metric);
    if (at >= 0) addSeptet(total, this.data, this.offset + at);
  }

  /** Each septet's metric with the sums get() returns for it: those of its first septet. */
  *entries(): IterableIterator<[string, StatSums]> {
    for (let at = 0; at < this.length; at += STRIDE) {
      const position = this.data[this.offset + at];
      yield [this.names[position], this.at(this.layout.first[position])];
    }
  }

  /** addStats(into, this), reading the septets in place. */
  addTo(into: Map<string, StatSums>): void {
    if (!this.layout.unique) {
      for (const [metric, s] of this.entries()) addSums(into, metric, s);
      return;
    }
    const a = this.data;
    for (let i = this.offset, end = this.offset + this.length; i < end; i += STRIDE) {
      const metric = this.names[a[i]];
      const total = into.get(metric);
      if (total === undefined) into.set(metric, this.at(i - this.offset));
      else addSeptet(total, a, i);
    }
  }

  /** Where the metric's first septet starts in this unit's run, or -1. */
  private septetOf(metric: string): number {
    const wanted = this.position.get(metric);
    if (wanted === undefined) return -1;
    return this.layout.first[wanted];
  }

  private at(at: number): StatSums {
    const a = this.data;
    const i = this.offset + at;
    return {
      n: a[i + 1],
      sum: a[i + 2],
      sumSq: a[i + 3],
      favorable: a[i + 4],
      promoters: a[i + 5],
      detractors: a[i + 6],
    };
  }
}
