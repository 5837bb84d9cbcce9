import { Decimal } from '@dn/core';
import { InvalidArgumentError } from 'commander';
import { VENUE_NAMES, type VenueName } from './credentials.js';

/*
 * Argument parsers for the apps' command-line flags (commander's `.option(flag, help, parser)`). Each throws
 * commander's InvalidArgumentError, which the apps turn into a usage error (exit 2) before anything is connected.
 */

const isVenue = (name: string): name is VenueName => (VENUE_NAMES as readonly string[]).includes(name);

/** One venue name, any case. */
export function parseVenueName(text: string): VenueName {
  const name = text.trim().toLowerCase();
  if (!isVenue(name))
    throw new InvalidArgumentError(`unknown venue "${text.trim()}" (known: ${VENUE_NAMES.join(', ')})`);
  return name;
}

/** Comma-separated venue names, any case, without repeats, in the order given ("Lighter, edgex" → lighter, edgex). */
export function parseVenueList(text: string): VenueName[] {
  const raw = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = raw.filter((s) => !isVenue(s.toLowerCase()));
  if (unknown.length > 0) {
    const names = unknown.map((s) => `"${s}"`).join(', ');
    throw new InvalidArgumentError(`unknown venue ${names} (known: ${VENUE_NAMES.join(', ')})`);
  }
  if (raw.length === 0) throw new InvalidArgumentError('needs at least one venue');
  return [...new Set(raw.map((s) => s.toLowerCase() as VenueName))];
}

/** Comma-separated unified symbols, upper-cased, without repeats ("btc, eth" → BTC, ETH). */
export function parseSymbolList(text: string): string[] {
  const out = [...new Set(text.split(',').map((s) => s.trim().toUpperCase()))].filter((s) => s !== '');
  if (out.length === 0) throw new InvalidArgumentError('needs at least one symbol');
  return out;
}

/** A parser of a percentage strictly between 0 and 100; `example` is shown when the text is not a number. */
export function percentFlag(example: string): (text: string) => Decimal {
  return (text) => {
    const t = text.trim();
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(t)) throw new InvalidArgumentError(`must be a percentage such as ${example}`);
    const d = new Decimal(t);
    if (!(d.gt(0) && d.lt(100))) throw new InvalidArgumentError('must be > 0 and < 100');
    return d;
  };
}

/** A parser of a whole number ≥ `min` (seconds, attempts, a seed); `message` says what is expected. */
export function wholeNumberFlag(message: string, min = 1): (text: string) => number {
  return (text) => {
    const t = text.trim();
    if (!/^\d+$/.test(t) || Number(t) < min) throw new InvalidArgumentError(message);
    return Number(t);
  };
}
