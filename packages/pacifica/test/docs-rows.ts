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
