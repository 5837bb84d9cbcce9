export { marketablePrice } from './marketable-price.js';
export {
  type NormalizedOrder,
  type NormalizeOrderOptions,
  normalizeOrder,
  type OrderRules,
  type VenuePricedOrder,
} from './normalize-order.js';
export { isTerminalStatus } from './order-status.js';
