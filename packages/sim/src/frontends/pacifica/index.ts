import type { SimFrontend } from '../types.js';

/** The pacifica protocol front-end; `undefined` until it is implemented. */
export const pacificaFrontend: SimFrontend | undefined = undefined;
