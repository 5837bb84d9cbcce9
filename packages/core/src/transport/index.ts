export { type BackoffOptions, backoffDelay } from './backoff.js';
export { serializeQuery } from './http/query.js';
export { parseRetryAfter } from './http/retry-after.js';
export { createHttpTransport } from './http/transport.js';
export type {
  HttpEngineName,
  HttpMethod,
  HttpQuery,
  HttpRequestContext,
  HttpRequestOptions,
  HttpResponse,
  HttpResponseContext,
  HttpRetryOptions,
  HttpTransport,
  HttpTransportOptions,
  QueryValue,
} from './http/types.js';
export { type JsonNumberMode, parseJson } from './json.js';
export {
  type CollectedPages,
  type CollectPagesOptions,
  collectPages,
  DEFAULT_MAX_PAGES,
  type Page,
  type PageToken,
  type PageWalkEnd,
  type WalkPagesOptions,
  walkPages,
} from './paging.js';
export {
  DEFAULT_MAX_PAYLOAD_BYTES,
  type PayloadTooLargeContext,
  PayloadTooLargeError,
} from './payload-limit.js';
export {
  createTokenBucket,
  type RateLimiter,
  type TokenBucketOptions,
  TokenBucketRateLimiter,
} from './rate-limiter.js';
export { sleep } from './sleep.js';
export { TypedEmitter } from './ws/emitter.js';
export { createWsTransport, ReconnectingWebSocket } from './ws/reconnecting-websocket.js';
export type {
  WsConnectionContext,
  WsEvents,
  WsHeartbeatOptions,
  WsMessage,
  WsReconnectOptions,
  WsRequestOptions,
  WsState,
  WsSubscription,
  WsTransportOptions,
} from './ws/types.js';
