import type { StatusSnapshot } from '@dn/ops';
import type { MarketMaker } from './maker.js';

const usd = (d: { toFixed(n: number): string }) => d.toFixed(2);

/** One console block: quotes against the book, inventory, PnL split, order counts. */
export function renderMaker(maker: MarketMaker, label: string, now: number): string {
  const lines = [`[${label}] ${new Date(now).toISOString()}${maker.halted ? '  HALTED (not quoting)' : ''}`];
  for (const [sym, run] of maker.runs) {
    const b = run.book;
    const bid = run.orders.buy;
    const ask = run.orders.sell;
    const p = run.pnl.split();
    lines.push(
      `  ${sym.padEnd(6)} book ${b?.bids[0]?.price ?? '-'} / ${b?.asks[0]?.price ?? '-'}   ours ${bid ? `${bid.size}@${bid.price}` : '-'} / ${ask ? `${ask.size}@${ask.price}` : '-'}   inv ${run.pnl.positionSize}   σ ${(run.vol.sigma() * 1e4).toFixed(2)} bp/√s`,
      `         pnl ${usd(p.total)} = spread ${usd(p.spread)} + inventory ${usd(p.inventory)} + fees ${usd(p.fees)} + funding ${usd(p.funding)}   fills ${run.pnl.fills}`,
    );
  }
  const c = maker.counts;
  const ps = maker.presignStats();
  lines.push(
    `  orders placed ${c.placed} cancelled ${c.cancelled} rejected ${c.rejected} coalesced ${c.replaceSkippedCoalesce} over-budget ${c.replaceSkippedBudget}   net ${usd(maker.netPositionUsd())} USD${maker.gate.breaches.length ? `   risk: ${maker.gate.breaches.join('; ')}` : ''}`,
  );
  if (ps) lines.push(`  presigned ${ps.signed} (${ps.thread ? 'signing thread' : 'main thread'}), sent ${ps.sent}`);
  return lines.join('\n');
}

export function makerSummary(maker: MarketMaker) {
  return {
    counts: maker.counts,
    ...(maker.presignStats() ? { presign: maker.presignStats() } : {}),
    netPositionUsd: maker.netPositionUsd().toString(),
    halted: maker.halted,
    markets: Object.fromEntries(
      [...maker.runs].map(([sym, run]) => {
        const p = run.pnl.split();
        return [
          sym,
          {
            position: run.pnl.positionSize.toString(),
            fills: run.pnl.fills,
            feeRates: {
              maker: run.fees.maker.toString(),
              taker: run.fees.taker.toString(),
              source: {
                maker: run.fees.overridden.maker ? 'fees_override' : 'venue',
                taker: run.fees.overridden.taker ? 'fees_override' : 'venue',
              },
            },
            pnl: {
              spread: p.spread.toString(),
              inventory: p.inventory.toString(),
              fees: p.fees.toString(),
              funding: p.funding.toString(),
              total: p.total.toString(),
            },
          },
        ];
      }),
    ),
  };
}

export function makerStatus(maker: MarketMaker, mode: string, venue: string, now: number): StatusSnapshot {
  let total = 0;
  let fees = 0;
  let funding = 0;
  let price = 0;
  let fills = 0;
  const legs: StatusSnapshot['legs'] = [];
  for (const [sym, run] of maker.runs) {
    const p = run.pnl.split();
    total += p.total.toNumber();
    fees += p.fees.toNumber();
    funding += p.funding.toNumber();
    price += p.spread.plus(p.inventory).toNumber();
    fills += run.pnl.fills;
    if (!run.pnl.positionSize.isZero()) {
      legs.push({
        venue,
        symbol: sym,
        side: run.pnl.positionSize.gt(0) ? 'long' : 'short',
        size: run.pnl.positionSize.abs().toString(),
        ...(run.mid ? { markPrice: run.mid.toString() } : {}),
      });
    }
  }
  return {
    app: 'market-maker',
    mode,
    phase: maker.halted ? 'halted' : 'quoting',
    lastLoopAt: now,
    now,
    halted: maker.halted,
    legs,
    funding: [],
    pnl: {
      cycles: fills,
      volumeUsd: '0',
      feesUsd: fees.toFixed(2),
      fundingUsd: funding.toFixed(2),
      pricePnlUsd: price.toFixed(2),
      netUsd: total.toFixed(2),
    },
  };
}
