import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseEnv } from 'node:util';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/index.js';
import { isSecretKey, redactSecrets } from '../log/redact.js';

export interface LoadConfigOptions<S extends z.ZodType> {
  schema: S;
  /** Dotted config path → environment variable name, e.g. `{ 'venues.extended.apiKey': 'EXTENDED_API_KEY' }`. */
  env?: Record<string, string>;
  /** JSON config file; its values override the environment (as the seed bots do). */
  file?: string;
  /** `.env` file read into the environment lookup (never into process.env); default `.env` in cwd if present. */
  dotenvPath?: string | false;
  /** Environment to read (default process.env). */
  environment?: Record<string, string | undefined>;
  /** Dotted paths whose values are secrets: listed so loggers and printers redact them. */
  secrets?: string[];
}

export interface LoadedConfig<T> {
  config: T;
  /** Where each top-level value came from, for `--print-config` style output. */
  sources: { file?: string; dotenv?: string; envKeys: string[] };
  secretPaths: string[];
}

/**
 * Environment + `.env` + JSON file, validated by a zod schema. Every problem is reported at once with the key,
 * what is wrong with the value and the expected form; secret values are never echoed.
 * @throws ConfigError
 */
export function loadConfig<S extends z.ZodType>(options: LoadConfigOptions<S>): LoadedConfig<z.infer<S>> {
  const secretPaths = options.secrets ?? [];
  const env: Record<string, string | undefined> = { ...(options.environment ?? process.env) };
  let dotenvFile: string | undefined;
  const dotenvPath = options.dotenvPath === undefined ? '.env' : options.dotenvPath;
  if (dotenvPath !== false && fs.existsSync(dotenvPath)) {
    dotenvFile = path.resolve(dotenvPath);
    const parsed = parseEnv(fs.readFileSync(dotenvPath, 'utf8'));
    // Real environment wins over .env, as dotenv does.
    for (const [k, v] of Object.entries(parsed)) if (env[k] === undefined) env[k] = v;
  }
  const raw: Record<string, unknown> = {};
  const envKeys: string[] = [];
  for (const [dotted, name] of Object.entries(options.env ?? {})) {
    const v = env[name];
    if (v !== undefined && v !== '') {
      setPath(raw, dotted, v);
      envKeys.push(name);
    }
  }
  if (options.file) {
    const fileData = readJsonFile(options.file);
    deepMerge(raw, fileData);
  }
  const result = options.schema.safeParse(raw);
  if (!result.success) {
    const issues: ConfigIssue[] = result.error.issues.map((issue) => {
      const key = issue.path.map(String).join('.') || '(root)';
      const isSecret = secretPaths.includes(key) || issue.path.some((p) => isSecretKey(String(p)));
      const envName = options.env?.[key];
      return {
        key: envName ? `${key} (env ${envName})` : key,
        problem: describeIssue(issue, isSecret ? undefined : getPath(raw, key)),
        expected: expectedOf(issue),
      };
    });
    throw new ConfigError(issues, options.file);
  }
  return {
    config: result.data as z.infer<S>,
    sources: { file: options.file, dotenv: dotenvFile, envKeys },
    secretPaths,
  };
}

function readJsonFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([{ key: '(file)', problem: `cannot read ${file}: ${(e as Error).message}` }], file);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError([{ key: '(file)', problem: 'top level must be a JSON object', expected: '{ ... }' }], file);
    }
    return parsed as Record<string, unknown>;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError([{ key: '(file)', problem: `invalid JSON: ${(e as Error).message}` }], file);
  }
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, value: unknown): string {
  // An unknown key is reported on its parent object, whose other values may be secrets: its message names the key.
  const echo = issue.code === 'unrecognized_keys' ? undefined : redactSecrets(value);
  const shown = echo === undefined ? '' : ` (got ${JSON.stringify(echo)})`;
  if (issue.code === 'invalid_type' && value === undefined) return 'is required';
  return `${issue.message}${shown}`;
}

function expectedOf(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'too_small':
      return `${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return issue.values.map((v) => JSON.stringify(v)).join(' | ');
    case 'unrecognized_keys':
      return 'no unknown keys (check spelling)';
    default:
      return undefined;
  }
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let cur = target;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (typeof next !== 'object' || next === null) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1] as string] = value;
}

function getPath(source: Record<string, unknown>, dotted: string): unknown {
  let cur: unknown = source;
  for (const p of dotted.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(source)) {
    const existing = target[k];
    if (isPlainObject(v) && isPlainObject(existing)) deepMerge(existing, v);
    else target[k] = v;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
