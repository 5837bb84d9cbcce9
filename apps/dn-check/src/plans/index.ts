import type { VenueName } from '@dn/connect';
import { edgexPlan } from './edgex.js';
import { extendedPlan } from './extended.js';
import { lighterPlan } from './lighter.js';
import { pacificaPlan } from './pacifica.js';
import type { VenuePlan } from './types.js';

/** What dn-check calls on each venue. A new venue adds its plan here. */
export const PLANS: Record<VenueName, VenuePlan> = {
  extended: extendedPlan,
  pacifica: pacificaPlan,
  edgex: edgexPlan,
  lighter: lighterPlan,
};

export type { PlanContext, VenuePlan } from './types.js';
