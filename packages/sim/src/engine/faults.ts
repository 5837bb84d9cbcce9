import { Decimal, type DecimalInput, InvalidInputError, toDecimal } from '@dn/core';
import type { SimRejectCode } from './errors.js';
import { Sfc32 } from './random.js';

export interface EngineFaultsState {
  rejects: { code: SimRejectCode; message?: string }[];
  partials: string[];
  rejectProbability: number;
  rejectCode: SimRejectCode;
  partialProbability: number;
  partialFraction: string;
  rng: [number, number, number, number];
}

/** What the engine should do to the next order, decided once per placement. */
export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'reject'; code: SimRejectCode; message: string }
  | { kind: 'partial'; fraction: Decimal };

/**
 * Engine-level fault injection (HTTP/WS faults live in the front-ends). Queued faults apply to the next orders in
 * placement order; probabilistic ones draw from a seeded PRNG whose state is snapshotted, so a run replays.
 */
export class EngineFaults {
  private rejects: { code: SimRejectCode; message?: string }[] = [];
  private partials: Decimal[] = [];
  private rejectProbability = 0;
  private rejectCode: SimRejectCode = 'INJECTED_REJECT';
  private partialProbability = 0;
  private partialFraction = new Decimal('0.5');
  private rng: Sfc32;

  constructor(seed: number) {
    this.rng = new Sfc32(seed);
  }

  /** Rejects the next `count` orders with `code` (default INJECTED_REJECT). Nothing about them is recorded. */
  rejectNext(count = 1, code: SimRejectCode = 'INJECTED_REJECT', message?: string): void {
    assertCount(count);
    for (let i = 0; i < count; i++) this.rejects.push(message === undefined ? { code } : { code, message });
  }

  /**
   * The next `count` orders fill only `fraction` (0 < f < 1) of what they would take now; the rest is cancelled
   * for IOC/market orders and rests for GTT.
   */
  partialFillOnly(fraction: DecimalInput, count = 1): void {
    assertCount(count);
    const f = checkFraction(fraction);
    for (let i = 0; i < count; i++) this.partials.push(f);
  }

  /** Each order is rejected with probability `p` (seeded draw). 0 turns it off. */
  setRejectProbability(p: number, code: SimRejectCode = 'INJECTED_REJECT'): void {
    this.rejectProbability = checkProbability(p);
    this.rejectCode = code;
  }

  /** Each order fills only `fraction` with probability `p` (seeded draw). 0 turns it off. */
  setPartialFillProbability(p: number, fraction: DecimalInput = '0.5'): void {
    this.partialProbability = checkProbability(p);
    this.partialFraction = checkFraction(fraction);
  }

  /** Removes every queued and probabilistic fault. */
  clear(): void {
    this.rejects = [];
    this.partials = [];
    this.rejectProbability = 0;
    this.partialProbability = 0;
  }

  pending(): { rejects: number; partials: number } {
    return { rejects: this.rejects.length, partials: this.partials.length };
  }

  /** @internal Consumes the fault (if any) for one order placement. */
  decide(): FaultDecision {
    const r = this.rejects.shift();
    if (r) return { kind: 'reject', code: r.code, message: r.message ?? `injected fault: ${r.code}` };
    if (this.rejectProbability > 0 && this.rng.next() < this.rejectProbability) {
      return { kind: 'reject', code: this.rejectCode, message: `injected fault (p=${this.rejectProbability})` };
    }
    const p = this.partials.shift();
    if (p) return { kind: 'partial', fraction: p };
    if (this.partialProbability > 0 && this.rng.next() < this.partialProbability) {
      return { kind: 'partial', fraction: this.partialFraction };
    }
    return { kind: 'none' };
  }

  exportState(): EngineFaultsState {
    return {
      rejects: this.rejects.map((r) => ({ ...r })),
      partials: this.partials.map((p) => p.toString()),
      rejectProbability: this.rejectProbability,
      rejectCode: this.rejectCode,
      partialProbability: this.partialProbability,
      partialFraction: this.partialFraction.toString(),
      rng: this.rng.state(),
    };
  }

  importState(s: EngineFaultsState): void {
    this.rejects = s.rejects.map((r) => ({ ...r }));
    this.partials = s.partials.map((p) => new Decimal(p));
    this.rejectProbability = s.rejectProbability;
    this.rejectCode = s.rejectCode;
    this.partialProbability = s.partialProbability;
    this.partialFraction = new Decimal(s.partialFraction);
    this.rng = new Sfc32(s.rng);
  }
}

function assertCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new InvalidInputError('fault count must be a positive integer', { field: 'count', value: count });
  }
}

function checkProbability(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new InvalidInputError('probability must be in [0, 1]', { field: 'p', value: p });
  return p;
}

function checkFraction(fraction: DecimalInput): Decimal {
  const f = toDecimal(fraction, 'fraction');
  if (!(f.gt(0) && f.lt(1))) {
    throw new InvalidInputError('fraction must be in (0, 1)', { field: 'fraction', value: f.toString() });
  }
  return f;
}
