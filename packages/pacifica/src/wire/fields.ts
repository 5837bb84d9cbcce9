/** Field schemas shared by Pacifica's payload schemas. */
import { zDecimal } from '@dn/core';
import { z } from 'zod';

/** An optional decimal: absent, or `""` (another way the venue leaves a field unset), is undefined. */
export const zOptDecimal = z
  .union([z.literal('').transform(() => undefined), zDecimal])
  .optional()
  .transform((v) => v ?? undefined);
/** A decimal that may be unset: `null`, absent or `""` is null. */
export const zNullableDecimal = z
  .union([z.literal('').transform(() => null), zDecimal])
  .nullish()
  .transform((v) => v ?? null);

/**
 * An integer id as digits: numbers beyond 2^53 arrive as strings from the lossless parser. Not core's `zId`: the
 * venue's text is kept as sent (no sign, no canonicalisation), as ids are echoed back to it.
 */
export const zId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/), z.bigint()]).transform(String);
export const zNullableId = zId.nullish().transform((v) => v ?? null);

export const zSide = z.enum(['bid', 'ask']);
export const zTradeSide = z.enum(['open_long', 'open_short', 'close_long', 'close_short']);
export const zCloid = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
