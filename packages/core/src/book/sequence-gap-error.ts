import { DnError } from '../errors/index.js';
import type { SequenceMode } from './types.js';

export interface SequenceGapContext {
  symbol?: string;
  reason: 'gap' | 'not-synced';
  mode: SequenceMode;
  expected?: number;
  received?: number;
}

/**
 * Order book deltas cannot be applied: a message was missed, or no snapshot was applied yet.
 * Messages were lost between the venue and us, hence code `TRANSPORT`. Resubscribe or fetch a snapshot.
 */
export class SequenceGapError extends DnError<SequenceGapContext> {
  override name = 'SequenceGapError';
  constructor(context: SequenceGapContext) {
    const what = context.symbol ? `${context.symbol} order book` : 'Order book';
    super('TRANSPORT', context.reason === 'gap' ? `${what} sequence gap` : `${what} is not synced`, {
      context,
      details: 'The book was cleared. Resync it from a fresh snapshot before reading it again.',
    });
  }
}
