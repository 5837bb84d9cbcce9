/** Rows of the Pacifica docs examples that tests and benches both build on. */

/** The get-open-orders docs example row (a resting limit ask); `overrides` changes the fields a case is about. */
export function docsOpenOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    order_id: 315979358,
    client_order_id: 'add9a4b5-c7f7-4124-b57f-86982d86d479',
    symbol: 'ASTER',
    side: 'ask',
    price: '1.836',
    initial_amount: '85.33',
    filled_amount: '0',
    cancelled_amount: '0',
    stop_price: null,
    order_type: 'limit',
    stop_parent_order_id: null,
    reduce_only: false,
    created_at: 1759224706737,
    updated_at: 1759224706737,
    ...overrides,
  };
}

/** The get-prices docs example row (XPL); `overrides` changes the fields a case is about. */
export function docsPrice(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    funding: '0.00010529',
    mark: '1.084819',
    mid: '1.08615',
    next_funding: '0.00011096',
    open_interest: '3634796',
    oracle: '1.084524',
    symbol: 'XPL',
    timestamp: 1759222967974,
    volume_24h: '20896698.0672',
    yesterday_price: '1.3412',
    ...overrides,
  };
}
