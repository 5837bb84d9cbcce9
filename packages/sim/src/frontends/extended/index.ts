import type { SimFrontend } from '../types.js';

/** The extended protocol front-end; `undefined` until it is implemented. */
export const extendedFrontend: SimFrontend | undefined = undefined;
