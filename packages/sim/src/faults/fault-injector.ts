import { mulberry32 } from '@dn/core';

/**
 * Protocol-level faults the front-end server applies. Engine-level faults (reject next order, partial fill only)
 * live on the engine (`engine.faults`) because only the matcher can apply them.
 */
export type ProtocolFaultKind =
  /** Answer 429 with Retry-After; the request is not processed. */
  | 'http429'
  /** Answer 5xx; the request is not processed. */
  | 'http5xx'
  /** Process the request (the order is accepted), then never answer: the client times out. */
  | 'timeoutAfterAccept'
  /** Close every WebSocket connection of the venue (clients must reconnect and resubscribe). */
  | 'wsDisconnect'
  /** Stop sending on matching streams for a while, keeping the socket open. */
  | 'wsStale'
  /** Skip one sequence number in the next book delta of a symbol. */
  | 'bookSequenceGap';

export interface FaultMatch {
  method?: string;
  /** Path prefix or RegExp. */
  path?: string | RegExp;
  /** Route tag set by the front-end: 'order' (placement), 'cancel', 'public', 'private'. */
  tag?: string;
  /** WS stream / symbol key for WS faults. */
  stream?: string | RegExp;
}

export interface ScriptedFault {
  kind: ProtocolFaultKind;
  /** How many times it triggers (default 1). */
  count?: number;
  match?: FaultMatch;
  /** http429: Retry-After in seconds (default 1). */
  retryAfterSeconds?: number;
  /** http5xx status (default 503). */
  status?: number;
  /** wsStale: how long the stream stays silent, real ms (default 5000). */
  durationMs?: number;
}

export interface ProbabilisticFaults {
  /** Added to every HTTP answer and WS message, real ms. */
  latencyMs?: number;
  /** Uniform extra latency in [0, jitterMs). */
  jitterMs?: number;
  http429Rate?: number;
  http5xxRate?: number;
  timeoutAfterAcceptRate?: number;
  retryAfterSeconds?: number;
}

export interface FaultRequestInfo {
  method: string;
  path: string;
  tag?: string;
}

export interface FaultDecision {
  kind: 'http429' | 'http5xx' | 'timeoutAfterAccept';
  retryAfterSeconds?: number;
  status?: number;
}

interface ActiveScript extends ScriptedFault {
  remaining: number;
}

export interface FaultEvent {
  kind: ProtocolFaultKind;
  at: number;
  detail: string;
}

/**
 * Decides, per request or message, whether a fault fires. Scripted faults fire first, in order; probabilistic ones
 * come from a seeded PRNG so a run is reproducible. Every fired fault is recorded in `history`.
 */
export class FaultInjector {
  private scripts: ActiveScript[] = [];
  private readonly random: () => number;
  private readonly staleUntil: Array<{ match: FaultMatch; until: number }> = [];
  readonly history: FaultEvent[] = [];
  /** Called when a wsDisconnect fires; the server installs it. */
  onWsDisconnect: ((match: FaultMatch | undefined) => void) | undefined;

  constructor(
    public probabilistic: ProbabilisticFaults = {},
    seed = 1,
  ) {
    this.random = mulberry32(seed ^ 0x5eed);
  }

  /** Queues a fault. `wsDisconnect` fires immediately. */
  script(fault: ScriptedFault): void {
    if (fault.kind === 'wsDisconnect') {
      this.record('wsDisconnect', describeMatch(fault.match));
      this.onWsDisconnect?.(fault.match);
      return;
    }
    if (fault.kind === 'wsStale') {
      this.staleUntil.push({ match: fault.match ?? {}, until: Date.now() + (fault.durationMs ?? 5_000) });
      this.record('wsStale', describeMatch(fault.match));
      return;
    }
    this.scripts.push({ ...fault, remaining: fault.count ?? 1 });
  }

  clear(): void {
    this.scripts = [];
    this.staleUntil.length = 0;
    this.probabilistic = {};
  }

  /** Extra latency for one answer, real ms. */
  latency(): number {
    const { latencyMs = 0, jitterMs = 0 } = this.probabilistic;
    return latencyMs + (jitterMs > 0 ? this.random() * jitterMs : 0);
  }

  /** The HTTP fault to apply to this request, if any. */
  forRequest(req: FaultRequestInfo): FaultDecision | undefined {
    for (const s of this.scripts) {
      if (s.remaining <= 0 || s.kind === 'bookSequenceGap') continue;
      if (s.kind === 'timeoutAfterAccept' && !isAcceptingRoute(req, s.match)) continue;
      if (!matches(s.match, req)) continue;
      s.remaining -= 1;
      this.prune();
      this.record(s.kind, `${req.method} ${req.path}`);
      return {
        kind: s.kind as FaultDecision['kind'],
        retryAfterSeconds: s.retryAfterSeconds ?? 1,
        status: s.status ?? 503,
      };
    }
    const p = this.probabilistic;
    if (p.http429Rate && this.random() < p.http429Rate) {
      this.record('http429', `${req.method} ${req.path} (random)`);
      return { kind: 'http429', retryAfterSeconds: p.retryAfterSeconds ?? 1 };
    }
    if (p.http5xxRate && this.random() < p.http5xxRate) {
      this.record('http5xx', `${req.method} ${req.path} (random)`);
      return { kind: 'http5xx', status: 503 };
    }
    if (p.timeoutAfterAcceptRate && req.tag === 'order' && this.random() < p.timeoutAfterAcceptRate) {
      this.record('timeoutAfterAccept', `${req.method} ${req.path} (random)`);
      return { kind: 'timeoutAfterAccept' };
    }
    return undefined;
  }

  /** Front-ends call this before emitting a book delta: true = skip one sequence number now. */
  takeSequenceGap(stream: string): boolean {
    for (const s of this.scripts) {
      if (s.kind !== 'bookSequenceGap' || s.remaining <= 0) continue;
      if (!matchesStream(s.match?.stream, stream)) continue;
      s.remaining -= 1;
      this.prune();
      this.record('bookSequenceGap', stream);
      return true;
    }
    return false;
  }

  /** True while a wsStale fault silences this stream. */
  isStale(stream: string): boolean {
    const now = Date.now();
    return this.staleUntil.some((s) => s.until > now && matchesStream(s.match.stream, stream));
  }

  private prune(): void {
    this.scripts = this.scripts.filter((s) => s.remaining > 0);
  }

  private record(kind: ProtocolFaultKind, detail: string): void {
    this.history.push({ kind, at: Date.now(), detail });
  }
}

function isAcceptingRoute(req: FaultRequestInfo, match: FaultMatch | undefined): boolean {
  // By default only order placement times out after acceptance; a script may target any route explicitly.
  return match?.tag !== undefined || match?.path !== undefined ? true : req.tag === 'order';
}

function matches(match: FaultMatch | undefined, req: FaultRequestInfo): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (match.tag && match.tag !== req.tag) return false;
  if (match.path !== undefined) {
    if (typeof match.path === 'string' ? !req.path.startsWith(match.path) : !match.path.test(req.path)) return false;
  }
  return true;
}

function matchesStream(pattern: string | RegExp | undefined, stream: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? stream === pattern || stream.startsWith(pattern) : pattern.test(stream);
}

function describeMatch(match: FaultMatch | undefined): string {
  if (!match) return 'all';
  return JSON.stringify({ ...match, path: match.path?.toString(), stream: match.stream?.toString() });
}
