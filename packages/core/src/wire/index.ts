export { zBigInt, zDecimal, zId, zInt, zNullableList } from './numbers.js';
