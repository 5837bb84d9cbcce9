import type { ExtendedRestContext } from '../http.js';
import * as account from './account.js';
import * as markets from './markets.js';
import * as orders from './orders.js';

type Bound<F> = F extends (ctx: ExtendedRestContext, ...args: infer A) => infer R ? (...args: A) => R : never;
type BindAll<M> = { [K in keyof M]: Bound<M[K]> };

const endpoints = { ...markets, ...account, ...orders };

/** Every typed Extended REST endpoint, bound to one transport and API key (wire types, exact decimals). */
export type ExtendedRestApi = BindAll<typeof endpoints>;

/** Binds every endpoint function to `ctx`. */
export function bindRestApi(ctx: ExtendedRestContext): ExtendedRestApi {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(endpoints)) {
    out[name] = (...args: unknown[]) => (fn as (c: ExtendedRestContext, ...a: unknown[]) => unknown)(ctx, ...args);
  }
  return out as ExtendedRestApi;
}
