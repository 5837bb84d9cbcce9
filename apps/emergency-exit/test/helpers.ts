import { createLogger } from '@dn/core';

export {
  type Call,
  drive,
  fastOptions,
  guardOrders,
  instrument,
  open,
  positionsOf,
  rest,
} from '@dn/execution/testing';

export const silentLog = createLogger({ name: 'emergency-exit-test', level: 'silent', console: false });
