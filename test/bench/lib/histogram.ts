/**
 * A log-linear histogram of microsecond values (64 sub-buckets per power of two, so a
 * percentile is within 1.6 %), cheap to record into and to merge across worker threads.
 */
const SUB = 64;
const LINEAR = 2 * SUB;
const OCTAVES = 26;
const SIZE = LINEAR + OCTAVES * SUB;

export interface HistogramData {
  counts: number[];
  count: number;
  sum: number;
  min: number;
  max: number;
}

export class Histogram {
  private counts = new Float64Array(SIZE);
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = 0;

  static from(data: HistogramData): Histogram {
    const h = new Histogram();
    h.merge(data);
    return h;
  }

  record(micros: number): void {
    const v = Math.max(0, Math.round(micros));
    const i = indexOf(v);
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.count += 1;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  merge(other: HistogramData): void {
    other.counts.forEach((c, i) => {
      if (c) this.counts[i] = (this.counts[i] ?? 0) + c;
    });
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** Value (µs) at percentile p in [0, 100]. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < SIZE; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, midpointOf(i)));
    }
    return this.max;
  }

  get mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }

  toJSON(): HistogramData {
    return { counts: Array.from(this.counts), count: this.count, sum: this.sum, min: this.min, max: this.max };
  }
}

function indexOf(v: number): number {
  if (v < LINEAR) return v;
  const octave = Math.min(Math.floor(Math.log2(v)), 6 + OCTAVES);
  const shift = octave - 6;
  const mantissa = Math.min(SUB * 2 - 1, Math.floor(v / 2 ** shift));
  return LINEAR + (shift - 1) * SUB + (mantissa - SUB);
}

function midpointOf(i: number): number {
  if (i < LINEAR) return i;
  const shift = Math.floor((i - LINEAR) / SUB) + 1;
  const mantissa = ((i - LINEAR) % SUB) + SUB;
  return (mantissa + 0.5) * 2 ** shift;
}

/** Percentile of a plain list of numbers (nearest rank). */
export function percentileOf(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? Number.NaN;
}
