export type { Clock, TimerHandle } from './clock.js';
export { RealClock, type RealClockOptions } from './real.js';
export { VirtualClock, type VirtualClockOptions } from './virtual.js';
