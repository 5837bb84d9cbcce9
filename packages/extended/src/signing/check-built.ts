import { SigningError } from '@dn/core';
import { toDec } from './decimal.js';
import type { BuildOrderParameters, BuildOrderReturnType } from './order-types.js';

/**
 * The result of an `OrderBuilder` other than `buildOrder` (e.g. one on a worker thread), checked against what
 * it was asked for before anything may send it: market, side, type, size, price, fee, flags, nonce, expiry, key and
 * vault. It does not verify the signature (the venue does; a builder signs with the same `buildOrder`), it catches a
 * body mixed up with another request's.
 * @throws SigningError naming the first field that differs.
 */
export function checkBuilt(params: BuildOrderParameters, built: BuildOrderReturnType): BuildOrderReturnType {
  const b = built.body;
  const differs = (field: string): never => {
    throw new SigningError('the order builder answered with a different order', {
      scheme: 'stark',
      field,
      reason: 'the built body does not match the parameters it was built from',
    });
  };
  if (b.market !== params.market.name) differs('market');
  if (b.side !== params.side) differs('side');
  if (b.type !== (params.type ?? 'LIMIT')) differs('type');
  if (!toDec(b.qty, 'qty').eq(toDec(params.qty, 'qty'))) differs('qty');
  if (!toDec(b.price, 'price').eq(toDec(params.price, 'price'))) differs('price');
  if (!toDec(b.fee, 'fee').eq(toDec(params.fee, 'fee'))) differs('fee');
  if (b.timeInForce !== (params.timeInForce ?? 'GTT')) differs('timeInForce');
  if (b.postOnly !== (params.postOnly === true)) differs('postOnly');
  if (b.reduceOnly !== (params.reduceOnly === true)) differs('reduceOnly');
  if (b.nonce !== String(params.nonce)) differs('nonce');
  if (b.expiryEpochMillis !== Number(params.expiryEpochMillis)) differs('expiryEpochMillis');
  if (params.externalId !== undefined && b.id !== params.externalId) differs('id');
  const s = b.settlement;
  // A TPSL parent carries no settlement of its own (its children do).
  if (s === undefined) {
    if (b.type !== 'TPSL') differs('settlement');
  } else {
    if (s.collateralPosition !== String(params.account.vault)) differs('vault');
    if (params.account.publicKey !== undefined && BigInt(s.starkKey) !== BigInt(params.account.publicKey)) {
      differs('starkKey');
    }
  }
  return built;
}
