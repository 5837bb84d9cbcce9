import { Decimal, type Fill, type FundingPayment, type PerpVenue } from '@dn/core';
import type { Accounting } from './state.js';

/** Cash amounts at 8 decimals, as venues book them. */
const CASH_DP = 8;
const cash = (x: Decimal) => x.toDecimalPlaces(CASH_DP, Decimal.ROUND_HALF_EVEN);

/**
 * Brings the accounting up to `until` from what the venue reports — fills and funding payments of the two markets
 * read since the saved cursors, each counted once — never from the bot's own estimates. Realised PnL is average
 * cost per market (how the venues book it): a fill that shrinks a position realises (price − entry) × size.
 * Assumes the bot is the only trader of these markets on the account (see README).
 */
export async function updateAccounting(
  acc: Accounting,
  venue: PerpVenue,
  symbols: readonly string[],
  until: number,
): Promise<Accounting> {
  const next: Accounting = { ...acc, books: { ...acc.books } };
  const fills: Fill[] = [];
  const payments: FundingPayment[] = [];
  for (const symbol of symbols) {
    const [f, p] = await Promise.all([
      venue.getFills({ symbol, since: acc.fillsSince, until }),
      venue.getFundingPayments({ symbol, since: acc.fundingSince, until }),
    ]);
    fills.push(...f);
    payments.push(...p);
  }
  const seenFills = new Set(acc.fillIdsAtCursor);
  const newFills = fills
    .filter((f) => !(f.timestamp === acc.fillsSince && seenFills.has(f.id)))
    .sort((a, b) => a.timestamp - b.timestamp || a.id.localeCompare(b.id));
  let volume = new Decimal(acc.volumeUsd);
  let fees = new Decimal(acc.feesUsd);
  let realized = new Decimal(acc.realizedPnlUsd);
  for (const f of newFills) {
    volume = volume.plus(f.price.mul(f.size));
    fees = fees.plus(f.fee);
    const book = next.books[f.symbol] ?? { size: '0', entry: '0' };
    const r = applyToBook(book, f);
    next.books[f.symbol] = r.book;
    realized = realized.plus(r.realized);
  }
  const seenFunding = new Set(acc.fundingKeysAtCursor);
  const key = (p: FundingPayment) => `${p.symbol}:${p.timestamp}:${p.amount.toString()}`;
  const newPayments = payments.filter((p) => !(p.timestamp === acc.fundingSince && seenFunding.has(key(p))));
  let funding = new Decimal(acc.fundingUsd);
  for (const p of newPayments) funding = funding.plus(p.amount);

  const fillsSince = Math.max(acc.fillsSince, ...newFills.map((f) => f.timestamp));
  next.fillIdsAtCursor = [
    ...(fillsSince === acc.fillsSince ? acc.fillIdsAtCursor : []),
    ...newFills.filter((f) => f.timestamp === fillsSince).map((f) => f.id),
  ];
  next.fillsSince = fillsSince;
  const fundingSince = Math.max(acc.fundingSince, ...newPayments.map((p) => p.timestamp));
  next.fundingKeysAtCursor = [
    ...(fundingSince === acc.fundingSince ? acc.fundingKeysAtCursor : []),
    ...newPayments.filter((p) => p.timestamp === fundingSince).map(key),
  ];
  next.fundingSince = fundingSince;
  next.volumeUsd = volume.toString();
  next.feesUsd = fees.toString();
  next.fundingUsd = funding.toString();
  next.realizedPnlUsd = realized.toString();
  return next;
}

/** One fill on an average-cost book: adding moves the entry, reducing realises against it, crossing zero re-enters. */
export function applyToBook(
  book: { size: string; entry: string },
  f: Pick<Fill, 'side' | 'price' | 'size'>,
): { book: { size: string; entry: string }; realized: Decimal } {
  const size = new Decimal(book.size);
  const entry = new Decimal(book.entry);
  const signed = f.side === 'buy' ? f.size : f.size.neg();
  if (size.isZero() || size.isPositive() === signed.isPositive()) {
    const next = size.plus(signed);
    const nextEntry = size.abs().mul(entry).plus(f.size.mul(f.price)).div(next.abs());
    return { book: { size: next.toString(), entry: nextEntry.toString() }, realized: new Decimal(0) };
  }
  const closing = Decimal.min(f.size, size.abs());
  const realized = cash(
    f.price
      .minus(entry)
      .mul(closing)
      .mul(size.isPositive() ? 1 : -1),
  );
  const next = size.plus(signed);
  const nextEntry = next.isZero() ? new Decimal(0) : next.isPositive() !== size.isPositive() ? f.price : entry;
  return { book: { size: next.toString(), entry: nextEntry.toString() }, realized };
}
