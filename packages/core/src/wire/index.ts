export { zBigInt, zDecimal, zDecimalText, zId, zInt, zNullableList } from './numbers.js';
