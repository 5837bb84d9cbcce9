import { describe, expect, it } from 'vitest';
import { closePair, type LegRiskDeps, openPair, type PairState, reconcilePair } from '../src/index.js';
import { type CrashPoint, crashSwitch } from '../src/testing/index.js';
import { type Bed, bed } from './harness.js';

/**
 * Kill -9 at every step of opening and closing, in process: at the chosen point the old run freezes for good (every
 * later call of it hangs, as if the process were gone). Then a new run reconciles the last pair it had persisted
 * against the venues: it must end hedged or flat, never with one leg alone and never halted.
 */
type Point = CrashPoint;

function killable(x: Bed, point: Point) {
  const sw = crashSwitch(point);
  const persist = sw.save((p: PairState) => {
    x.saved.push(JSON.stringify(p));
  });
  const deps = (): LegRiskDeps => ({ ...x.deps(), persist, persistSafe: persist });
  const dead = sw.dead.then(() => 'killed' as const);
  return { dead, wrap: sw.venue, deps, reached: () => sw.counts().saves + sw.counts().orders };
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
