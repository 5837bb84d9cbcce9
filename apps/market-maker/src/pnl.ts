import { Decimal, type Fill, type FundingPayment } from '@dn/core';

const ZERO = new Decimal(0);

/** Fee rates the fee line is computed with; null = the fee the venue reported on the fill. */
export interface FeeOverride {
  maker: Decimal | null;
  taker: Decimal | null;
}

export interface PnlSplit {
  /** Σ (mid − price)·size for buys and (price − mid)·size for sells: edge captured against the mid at the fill. */
  spread: Decimal;
  /** Mark-to-market of the inventory held while the mid moved. */
  inventory: Decimal;
  /** Fees as cash: negative = paid, positive = maker rebates received. */
  fees: Decimal;
  /** Funding payments received (negative = paid). */
  funding: Decimal;
  total: Decimal;
}

/**
 * The seed's PnL monitor, per market: every fill is split into the edge against the mid at that moment (spread) and
 * the position it leaves, which is then marked at each new mid (inventory); fees and funding come from the stream.
 * spread + inventory + fees + funding = the equity change of the quoted markets at the last mid.
 * With a fee override (config `fees_override`) the fee line is notional × the override's rate for the fill's
 * liquidity instead of the venue's fee, so the split then differs from the venue's ledger by exactly that difference.
 */
export class PnlTracker {
  private spread = ZERO;
  private inventory = ZERO;
  private fees = ZERO;
  private funding = ZERO;
  private position = ZERO;
  private lastMid: Decimal | undefined;
  private readonly seen = new Set<string>();
  fills = 0;

  constructor(
    initialPosition: Decimal = ZERO,
    private readonly feeOverride: FeeOverride = { maker: null, taker: null },
  ) {
    this.position = initialPosition;
  }

  /** The fee of a fill as this tracker books it: the override's rate when one is set for its liquidity. */
  feeOf(f: Fill): Decimal {
    const rate = f.liquidity === 'maker' ? this.feeOverride.maker : this.feeOverride.taker;
    return rate === null ? f.fee : f.price.mul(f.size).mul(rate);
  }

  /** A new mid: the inventory held since the last one gains or loses. */
  mark(mid: Decimal): void {
    if (this.lastMid !== undefined) this.inventory = this.inventory.plus(this.position.mul(mid.minus(this.lastMid)));
    this.lastMid = mid;
  }

  /** A fill, deduplicated by id (the stream and a REST reconcile may both report it). Returns false if seen. */
  fill(f: Fill, mid: Decimal | undefined): boolean {
    if (this.seen.has(f.id)) return false;
    this.seen.add(f.id);
    this.fills++;
    const ref = mid ?? this.lastMid ?? f.price;
    if (this.lastMid === undefined) this.lastMid = ref;
    const signed = f.side === 'buy' ? f.size : f.size.neg();
    // Edge against the reference mid; the position then enters the inventory book at that mid.
    this.spread = this.spread.plus(ref.minus(f.price).mul(signed));
    this.inventory = this.inventory.plus(signed.mul(this.lastMid.minus(ref)));
    this.position = this.position.plus(signed);
    this.fees = this.fees.minus(this.feeOf(f));
    return true;
  }

  fundingPayment(p: FundingPayment): void {
    this.funding = this.funding.plus(p.amount);
  }

  /** The venue's position after a reconcile: the difference is booked nowhere, only the size is corrected. */
  resync(size: Decimal): void {
    this.position = size;
  }

  get positionSize(): Decimal {
    return this.position;
  }

  split(): PnlSplit {
    return {
      spread: this.spread,
      inventory: this.inventory,
      fees: this.fees,
      funding: this.funding,
      total: this.spread.plus(this.inventory).plus(this.fees).plus(this.funding),
    };
  }
}
