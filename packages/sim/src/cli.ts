#!/usr/bin/env node
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type KnownVenueId, VirtualClock } from '@dn/core';
import { Command } from 'commander';
import type { SimConnectionFile } from './connection-file.js';
import { SimEngine, SimWorld } from './engine/index.js';
import { checkTakerFlow, type TakerFlowParams } from './engine/taker-flow.js';
import { venuesWithFrontends } from './frontends/registry.js';
import type { SimAccountRecord } from './frontends/types.js';
import { type SimVenueHandle, simStateStore, startSimVenue } from './start-sim-venue.js';

const program = new Command()
  .name('dn-sim')
  .description(
    'Standalone simulated exchange: serves each venue on its own 127.0.0.1 port with its real protocol, prints the URLs and FAKE credentials, and writes a connection file for apps (--sim <file>).',
  )
  .option('--venues <list>', 'comma-separated venues', 'extended,pacifica')
  .option('--speed <n>', 'virtual clock speed (N× real time)', '1')
  .option('--seed <n>', 'market data seed', '1')
  .option('--accounts <n>', 'test accounts per venue', '1')
  .option('--collateral <usd>', 'starting collateral per account', '100000')
  .option('--state-dir <dir>', 'persist state here and restore it on restart')
  .option('--out <file>', 'connection file to write', 'sim-connection.json')
  .option('--base-port <n>', 'listen on base, base+1, … (default: ephemeral ports)')
  .option('--save-every <seconds>', 'state save period, real seconds', '5')
  .option(
    '--taker-flow <A,kappa,usd[,informed]>',
    "other participants' market orders filling resting orders, every market: A arrivals/s, reach e^(-kappa·bps), mean size USD, informed share (e.g. 1,0.3,150)",
  );

async function main(): Promise<void> {
  // `pnpm start -- --flag` forwards the `--` separator itself.
  program.parse(process.argv.filter((a, i) => !(i === 2 && a === '--')));
  const o = program.opts<{
    venues: string;
    speed: string;
    seed: string;
    accounts: string;
    collateral: string;
    stateDir?: string;
    out: string;
    basePort?: string;
    saveEvery: string;
    takerFlow?: string;
  }>();
  const takerFlow = o.takerFlow === undefined ? undefined : parseTakerFlow(o.takerFlow);
  // `pnpm --filter @dn/sim start` runs in the package folder; relative paths mean the user's folder.
  const base = process.env.INIT_CWD ?? process.cwd();
  o.out = path.resolve(base, o.out);
  if (o.stateDir) o.stateDir = path.resolve(base, o.stateDir);
  const venues = o.venues.split(',').map((v) => v.trim()) as KnownVenueId[];
  const available = venuesWithFrontends();
  const missing = venues.filter((v) => !available.includes(v));
  if (missing.length > 0) {
    throw new Error(
      `no protocol front-end for ${missing.join(', ')} in this build (available: ${available.join(', ') || 'none'})`,
    );
  }
  const store = o.stateDir ? simStateStore(o.stateDir) : undefined;
  const saved = await store?.load();
  const speed = saved?.speed ?? Number(o.speed);
  if (!(speed > 0)) throw new Error(`--speed must be > 0 (got ${o.speed})`);
  const realStartMs = Date.now();
  const virtualStartMs = saved?.virtualNowMs ?? realStartMs;
  const clock = new VirtualClock({ startMs: virtualStartMs, realStartMs, mode: { speed } });
  const seed = Number(o.seed);
  const world = saved ? SimWorld.fromDescriptor(saved.world, clock) : new SimWorld({ seed, clock });
  const handles: SimVenueHandle[] = [];
  const basePort = o.basePort ? Number(o.basePort) : undefined;
  for (const [i, venue] of venues.entries()) {
    const prior = saved?.venues.find((v) => v.venue === venue);
    const engine = prior ? SimEngine.restore(prior.engine, { world, clock }) : undefined;
    handles.push(
      await startSimVenue({
        venue,
        seed,
        clock,
        world,
        engine,
        accounts: prior?.accounts ?? Number(o.accounts),
        collateral: o.collateral,
        port: prior?.port ?? (basePort === undefined ? undefined : basePort + i),
      }),
    );
  }
  // Not part of the saved state: set again on every start from the flag.
  if (takerFlow) for (const h of handles) h.engine.setTakerFlow({ seed, default: takerFlow });
  const conn: SimConnectionFile = {
    clock: { speed, virtualStartMs, realStartMs },
    venues: Object.fromEntries(
      handles.map((h) => {
        const account = h.accounts[0] as SimAccountRecord;
        return [
          h.venue,
          { restUrl: h.restUrl, wsUrl: h.wsUrl, credentials: account.credentials, accountId: account.accountId },
        ];
      }),
    ),
  };
  const save = async (): Promise<void> => {
    if (!store) return;
    await store.save({
      virtualNowMs: clock.now(),
      speed,
      world: world.describe(),
      venues: handles.map((h) => ({
        venue: h.venue,
        port: Number(new URL(h.restUrl).port),
        accounts: h.accounts,
        engine: h.engine.snapshot(),
      })),
    });
  };
  // Handlers before the connection file exists: a client that sees the file may signal at once, and a signal in
  // between would kill the process with the default exit code instead of saving and closing.
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  const shutdown = async (sig: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    process.stdout.write(`dn-sim: ${sig}, saving state and stopping\n`);
    await save();
    await Promise.all(handles.map((h) => h.close()));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const tmp = `${o.out}.${process.pid}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(conn, null, 2)}\n`);
  await fs.rename(tmp, o.out);

  process.stdout.write(
    `dn-sim: ${handles.length} venue(s), clock ×${speed}, seed ${world.seed}${saved ? ' (restored)' : ''}\n`,
  );
  for (const h of handles) {
    process.stdout.write(`  ${h.venue.padEnd(9)} REST ${h.restUrl}  WS ${h.wsUrl}\n`);
    for (const a of h.accounts) {
      process.stdout.write(`    account ${a.accountId} (FAKE test credentials): ${JSON.stringify(a.credentials)}\n`);
    }
  }
  if (takerFlow) {
    const f = takerFlow;
    process.stdout.write(
      `  taker flow: ${f.arrivalRate} market orders/s, reach e^(-${f.kappaPerBp}·bps), mean ${f.meanSizeUsd} USD, informed ${f.informedFraction ?? 0}\n`,
    );
  }
  process.stdout.write(`  connection file: ${path.resolve(o.out)}\n`);

  await save();
  if (stopping) return;
  timer = setInterval(() => {
    save().catch((e: unknown) => process.stderr.write(`dn-sim: state save failed: ${(e as Error).message}\n`));
  }, Number(o.saveEvery) * 1000);
}

/** `A,kappa,usd[,informed]` → the flow's parameters, checked as `SimEngine.setTakerFlow` checks them. */
function parseTakerFlow(text: string): TakerFlowParams {
  const parts = text.split(',').map((x) => x.trim());
  const n = parts.map(Number);
  if ((parts.length !== 3 && parts.length !== 4) || parts.some((x) => x === '') || n.some((x) => !Number.isFinite(x))) {
    throw new Error(`--taker-flow wants A,kappa,usd[,informed] as numbers, e.g. 1,0.3,150 (got ${text})`);
  }
  const [arrivalRate, kappaPerBp, meanSizeUsd, informedFraction] = n as [number, number, number, number?];
  const params = {
    arrivalRate,
    kappaPerBp,
    meanSizeUsd,
    ...(informedFraction !== undefined ? { informedFraction } : {}),
  };
  try {
    checkTakerFlow({ default: params });
  } catch (e) {
    throw new Error(`--taker-flow ${text}: ${(e as Error).message}`);
  }
  return params;
}

main().catch((e: unknown) => {
  process.stderr.write(`dn-sim: ${(e as Error).message}\n`);
  process.exit(2);
});
