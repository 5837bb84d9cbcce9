/**
 * @dn/execution/testing — helpers for tests of code that trades through @dn/execution (this package's and the apps').
 * Depends on @dn/core only: no simulator, so a test brings its own venues.
 */

export { type CrashPoint, type CrashSwitch, crashSwitch } from './crash-switch.js';
export { drive, fastOptions, open, positionsOf, rest } from './positions.js';
export { type Call, faulty, guardOrders, instrument } from './venue-probes.js';
