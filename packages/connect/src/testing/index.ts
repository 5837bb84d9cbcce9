/**
 * @dn/connect/testing — helpers for the apps' tests and benches. Not used by production code paths; paper mode only
 * (the simulator is loaded by `connectVenues`, as in the apps' own paper mode).
 */

export { type PaperWorld, type PaperWorldOptions, paperWorld, simObserver } from './paper-world.js';
