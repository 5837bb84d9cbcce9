import { Decimal } from '@dn/core';
import type { BotStatus } from '../bot.js';

/** One plain line per status for logs and pipes (no TTY, or --no-dashboard). */
export function statusLine(status: BotStatus): string {
  const c = status.state.cycle;
  const s = status.state.stats;
  const where = c
    ? `${c.phase} ${c.symbol} ${c.first.venue}:${c.first.size} ${c.second.venue}:${c.second.size}`
    : 'idle';
  return `[${new Date(status.now).toISOString()}] ${where} | cycles ${s.cycles} net $${new Decimal(s.netUsd).toFixed(2)}`;
}
