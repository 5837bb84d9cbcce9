/** A fresh random (v4) UUID for `client_order_id`; keep it to find or cancel the order after a timeout. */
export function newClientOrderId(): string {
  return globalThis.crypto.randomUUID();
}
