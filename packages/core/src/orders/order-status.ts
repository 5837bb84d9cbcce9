import type { OrderStatus } from '../types/domain.js';

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired']);

/** True when the order can no longer fill: its filled size is final. */
export function isTerminalStatus(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}
