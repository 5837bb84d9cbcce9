import { z } from 'zod';
import { alertConfigEnv, alertSecretPaths } from '../alerts/config.js';
import { zDecimal } from '../wire/numbers.js';
import { type LoadConfigOptions, loadConfig } from './load-config.js';

/**
 * A decimal an operator writes in a config file or the environment: a JSON number or a decimal string → Decimal. The
 * grammar is `zDecimal`'s; the issue quotes the value, so the one error printed at start-up says what was typed.
 */
export const zConfigDecimal = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const parsed = zDecimal.safeParse(v);
  if (!parsed.success) {
    ctx.addIssue({ code: 'custom', message: `"${String(v).trim()}" is not a decimal number` });
    return z.NEVER;
  }
  return parsed.data;
});

export const zPositiveDecimal = zConfigDecimal.refine((d) => d.gt(0), 'must be > 0');
export const zNonNegativeDecimal = zConfigDecimal.refine((d) => d.gte(0), 'must be >= 0');
/** A percentage strictly between 0 and 100 (a price band, a margin threshold). */
export const zPercent = zConfigDecimal.refine((d) => d.gt(0) && d.lt(100), 'must be > 0 and < 100 (percent)');

/**
 * `loadConfig` for an app: environment + `.env` + JSON file, with the `alerts` block's webhook URL and Telegram token
 * also read from the environment and redacted wherever the config is echoed. `env` and `secrets` add the app's own.
 * @throws ConfigError
 */
export function loadAppConfig<S extends z.ZodType>(options: LoadConfigOptions<S>): z.infer<S> {
  return loadConfig({
    ...options,
    env: { ...alertConfigEnv(), ...options.env },
    secrets: [...alertSecretPaths(), ...(options.secrets ?? [])],
  }).config;
}
