import type { SimFrontend } from '../types.js';

/** The lighter protocol front-end; `undefined` until it is implemented. */
export const lighterFrontend: SimFrontend | undefined = undefined;
