import type { KnownVenueId } from '@dn/core';
import { edgexFrontend } from './edgex/index.js';
import { extendedFrontend } from './extended/index.js';
import { lighterFrontend } from './lighter/index.js';
import { pacificaFrontend } from './pacifica/index.js';
import type { SimFrontend } from './types.js';

const FRONTENDS: Record<KnownVenueId, SimFrontend | undefined> = {
  extended: extendedFrontend,
  pacifica: pacificaFrontend,
  edgex: edgexFrontend,
  lighter: lighterFrontend,
};

/** The protocol front-end of `venue`, or undefined when this build has none. */
export function frontendFor(venue: KnownVenueId): SimFrontend | undefined {
  return FRONTENDS[venue];
}

/** Venues that have a protocol front-end in this build. */
export function venuesWithFrontends(): KnownVenueId[] {
  return (Object.keys(FRONTENDS) as KnownVenueId[]).filter((v) => FRONTENDS[v] !== undefined);
}
