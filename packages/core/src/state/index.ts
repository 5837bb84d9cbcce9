export { AtomicJsonStore, type AtomicJsonStoreOptions } from './atomic-json-store.js';
export { type HaltRecord, HaltSentinel, haltRecordFrom } from './halt-sentinel.js';
export { HaltWatch, type HaltWatchOptions } from './halt-watch.js';
