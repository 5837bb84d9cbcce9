import { createHash } from 'node:crypto';

/**
 * Client order id for one order of a cycle: a UUID (the strictest format among our venues — Pacifica accepts only
 * UUIDs) derived from the cycle id and the order's label, so it is stable across restarts and unique per order.
 */
export function clientOrderId(cycleId: string, label: string): string {
  const h = createHash('sha256').update(`${cycleId}:${label}`).digest();
  // RFC 9562 version 8 (custom) with the RFC variant bits.
  h[6] = ((h[6] as number) & 0x0f) | 0x80;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
