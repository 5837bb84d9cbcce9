import type { AppContext } from '@dn/connect';
import type { HedgeConfig } from './config.js';
import type { PairContext } from './pair.js';
import { type CommandResult, failed } from './result.js';

export const TRADING_COMMANDS = ['open', 'close', 'test', 'test_auto'] as const;
export type TradingCommand = (typeof TRADING_COMMANDS)[number];

export interface TradingOptions {
  sizeQuote?: string;
  sizeBase?: string;
  crossTicks?: number;
  notional?: string;
  wait?: number;
}

/** open / close / test / test_auto: through @dn/execution (pending). */
export async function tradingCommand(
  name: TradingCommand,
  _opts: TradingOptions,
  _ctx: PairContext,
  _app: AppContext<HedgeConfig>,
  _say: (t: string) => void,
): Promise<CommandResult> {
  return failed({ command: name, error: 'not available yet' }, `${name}: not available yet`);
}
