import type { Logger } from '@dn/core';
import type { FlattenEvent } from './flatten-types.js';

/** One log line per flatten event, at the level its outcome deserves. */
export function logFlattenEvent(log: Logger, e: FlattenEvent): void {
  switch (e.type) {
    case 'halt':
      (e.status.state === 'failed' ? log.error.bind(log) : log.info.bind(log))({ halt: e.status }, 'halt sentinel');
      return;
    case 'venue-unreachable':
      log.error({ venue: e.venue, error: e.error }, 'venue unreachable');
      return;
    case 'cancel':
      log.info({ venue: e.venue, round: e.round, before: e.before, remaining: e.remaining }, 'cancel round');
      return;
    case 'order':
      log.info(
        {
          venue: e.venue,
          symbol: e.symbol,
          attempt: e.attempt,
          side: e.side,
          size: e.size.toString(),
          band: e.band.toString(),
          result: e.result,
          reason: e.reason,
        },
        'close order',
      );
      return;
    case 'position':
      log.info({ venue: e.venue, symbol: e.symbol, size: e.size.toString() }, 'position read');
      return;
    case 'gave-up':
      log.error({ venue: e.venue, symbol: e.symbol, remaining: e.remaining?.toString(), reason: e.reason }, 'gave up');
      return;
  }
}
