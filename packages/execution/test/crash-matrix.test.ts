import type { PerpVenue } from '@dn/core';
import { describe, expect, it } from 'vitest';
import { closePair, type LegRiskDeps, openPair, type PairState, reconcilePair } from '../src/index.js';
import { type Bed, bed } from './harness.js';

/**
 * Kill -9 at every step of opening and closing, in process: at the chosen point the old run freezes for good (every
 * later call of it hangs, as if the process were gone). Then a new run reconciles the last pair it had persisted
 * against the venues: it must end hedged or flat, never with one leg alone and never halted.
 */
type Point = { kind: 'save-before' | 'save-after' | 'order-before' | 'order-sent'; n: number };
const never = () => new Promise<never>(() => undefined);

function killable(x: Bed, point: Point) {
  let killed = false;
  let saves = 0;
  let orders = 0;
  let onKill: () => void = () => undefined;
  const dead = new Promise<'killed'>((r) => {
    onKill = () => r('killed');
  });
  const kill = (): Promise<never> => {
    killed = true;
    onKill();
    return never();
  };
  const persist = async (p: PairState) => {
    if (killed) return never();
    const n = ++saves;
    if (point.kind === 'save-before' && n === point.n) return kill();
    x.saved.push(JSON.stringify(p));
    if (point.kind === 'save-after' && n === point.n) return kill();
  };
  const wrap = (v: PerpVenue): PerpVenue =>
    new Proxy(v, {
      get(target, prop, receiver) {
        const f = Reflect.get(target, prop, receiver);
        if (typeof f !== 'function') return f;
        return async (...args: unknown[]) => {
          if (killed) return never();
          if (prop === 'placeOrder') {
            const n = ++orders;
            if (point.kind === 'order-before' && n === point.n) return kill();
            const res = await f.apply(target, args);
            if (killed) return never();
            if (point.kind === 'order-sent' && n === point.n) return kill();
            return res;
          }
          return f.apply(target, args);
        };
      },
    });
  const deps = (): LegRiskDeps => ({ ...x.deps(), persist, persistSafe: persist });
  return { dead, wrap, deps, reached: () => saves + orders };
}

/** After the crash: a fresh run reconciles the last persisted pair (none persisted = nothing was sent). */
async function restart(x: Bed): Promise<PairState | null> {
  const last = x.saved.at(-1);
  if (last === undefined) return null;
  return x.drive(reconcilePair(JSON.parse(last) as PairState, await x.legs(), x.deps()));
}

async function expectSafe(x: Bed, after: PairState | null): Promise<void> {
  const [f, s] = [await x.size('extended'), await x.size('pacifica')];
  expect(f.plus(s).isZero()).toBe(true);
  if (after === null) expect(f.isZero()).toBe(true);
  else expect(after.first.size).toBe(f.toString());
  expect(await x.halt.read()).toBeUndefined();
}

/** Every save and both orders (pilot and hedge, or the two closes) of a run without faults. */
const POINTS: Point[] = [
  ...(['save-before', 'save-after'] as const).flatMap((kind) => [1, 2, 3, 4].map((n) => ({ kind, n }))),
  ...(['order-before', 'order-sent'] as const).flatMap((kind) => [1, 2].map((n) => ({ kind, n }))),
];

describe('crash matrix', () => {
  for (const point of POINTS) {
    it(`open killed at ${point.kind} #${point.n}: the restart ends hedged or flat`, async () => {
      const x = await bed();
      try {
        const k = killable(x, point);
        const legs = await x.legs({ extended: k.wrap, pacifica: k.wrap });
        const outcome = await x.drive(Promise.race([openPair(x.pair(), legs, k.deps()), k.dead]));
        expect(outcome).toBe('killed');
        await expectSafe(x, await restart(x));
      } finally {
        await x.close();
      }
    });
  }

  for (const point of POINTS) {
    it(`close killed at ${point.kind} #${point.n}: the restart finishes the close`, async () => {
      const x = await bed();
      try {
        const pair = x.pair();
        expect(await x.drive(openPair(pair, await x.legs(), x.deps()))).toBe('open');
        const k = killable(x, point);
        const legs = await x.legs({ extended: k.wrap, pacifica: k.wrap });
        expect(await x.drive(Promise.race([closePair(pair, legs, k.deps()), k.dead]))).toBe('killed');
        const closing = JSON.parse(x.saved.at(-1) ?? '{}').phase === 'closing';
        const after = await restart(x);
        // Killed before the close was first persisted, nothing was sent: the pair is still open, and hedged.
        if (closing) expect(after).toBeNull();
        else expect(after?.phase).toBe('open');
        await expectSafe(x, after);
      } finally {
        await x.close();
      }
    });
  }
});
