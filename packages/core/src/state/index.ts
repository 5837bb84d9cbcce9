export { AtomicJsonStore, type AtomicJsonStoreOptions } from './atomic-json-store.js';
export { type HaltRecord, HaltSentinel } from './halt-sentinel.js';
