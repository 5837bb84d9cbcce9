import type { SimFrontend } from '../types.js';

/** The edgex protocol front-end; `undefined` until it is implemented. */
export const edgexFrontend: SimFrontend | undefined = undefined;
