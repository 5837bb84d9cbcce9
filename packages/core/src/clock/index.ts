export type { Clock, TimerHandle } from './clock.js';
export { RealClock } from './real.js';
export { VirtualClock, type VirtualClockOptions } from './virtual.js';
