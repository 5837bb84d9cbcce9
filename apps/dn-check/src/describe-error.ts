import { DnError } from '@dn/core';
import { DeadlineError, QuietStreamError } from './errors.js';

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

/** The error and its causes, outermost first (AggregateError members included), bounded against cycles. */
export function causeChain(e: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (x: unknown, depth: number) => {
    if (depth > 6 || typeof x !== 'object' || x === null || out.includes(x)) return;
    out.push(x);
    const errors = (x as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const m of errors) visit(m, depth + 1);
    visit((x as { cause?: unknown }).cause, depth + 1);
  };
  visit(e, 0);
  return out;
}

/** Zod issues anywhere in the cause chain: where the answer differed from the connector's parser. */
function zodIssues(e: unknown): IssueLike[] {
  for (const x of causeChain(e)) {
    const issues = (x as { issues?: unknown }).issues;
    if (Array.isArray(issues) && issues.every((i) => typeof i?.message === 'string' && Array.isArray(i?.path))) {
      return issues as IssueLike[];
    }
  }
  return [];
}

function formatIssue(i: IssueLike): string {
  return `${i.path.map(String).join('.') || '(root)'}: ${i.message}`;
}

/**
 * One line for the report: the error's code and short message, the HTTP status when there was one, and the parser's
 * issue paths when the answer had another shape. Never a stack, never a header (connectors keep secrets out of
 * messages; this adds nothing from requests).
 */
export function describeFailure(e: unknown): string {
  if (e instanceof DeadlineError || e instanceof QuietStreamError) return e.message;
  const parts: string[] = [];
  const issues = zodIssues(e);
  if (e instanceof DnError) {
    parts.push(`${e.code}: ${withoutIssue(e.shortMessage, issues[0])}`);
    const status = (e.context as { httpStatus?: unknown }).httpStatus;
    if (typeof status === 'number' && !e.shortMessage.includes(String(status))) parts.push(`HTTP ${status}`);
    // Some connectors put the parser's issue paths in `details` rather than the cause.
    if (e.details && /:\s/.test(e.details) && issues.length === 0) parts.push(e.details);
  } else if (e instanceof Error) {
    parts.push(`${e.name}: ${e.message.split('\n')[0] ?? ''}`);
  } else {
    parts.push(String(e));
  }
  if (issues.length > 0) {
    const shown = issues.slice(0, 3).map(formatIssue);
    if (issues.length > 3) shown.push(`… ${issues.length - 3} more`);
    parts.push(`differs at ${shown.join('; ')}`);
  }
  return oneLine(parts.join(' — '));
}

/** Connectors that quote the first issue in their message: it is listed once, under "differs at". */
function withoutIssue(message: string, issue: IssueLike | undefined): string {
  if (!issue) return message;
  for (const quoted of [formatIssue(issue), issue.message]) {
    if (message.endsWith(quoted)) return message.slice(0, -quoted.length).replace(/[\s:]+$/, '');
  }
  return message;
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 400 ? `${flat.slice(0, 397)}...` : flat;
}
