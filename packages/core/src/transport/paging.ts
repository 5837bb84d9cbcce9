/*
 * History endpoints of every venue page the same way: a page of rows plus a token for the next one (a cursor string,
 * an offset, a page number). What differs is the row order (most are newest first) and how the end is signalled (no
 * token, an empty page, a token that repeats). One bounded walk here, so no connector can loop forever on a venue that
 * keeps serving the same cursor, and one window/limit/merge rule for every `getFills`/`getFundingPayments`/history.
 */

/** A page token: a venue cursor or an offset. Compared by value to detect a venue serving the same page again. */
export type PageToken = string | number;

/** One page as the venue answered it, already mapped to the caller's rows. */
export interface Page<T, C extends PageToken = string> {
  items: T[];
  /** Token of the next page; undefined (or null) when the venue says this is the last one. */
  next: C | null | undefined;
  /**
   * Rows the venue returned, when the mapping dropped some (rows of another account, unknown markets): an empty venue
   * page ends the walk, a page whose rows were all dropped does not. Default `items.length`.
   */
  rawCount?: number;
}

/** Why a walk stopped. `max-pages` means rows may remain unread (the result is the part that was read). */
export type PageWalkEnd = 'last-page' | 'empty-page' | 'repeated-token' | 'max-pages' | 'enough';

/** Pages followed per call when the caller does not say: 10 pages of a venue's maximum is a long history. */
export const DEFAULT_MAX_PAGES = 10;

export interface WalkPagesOptions {
  /** Hard bound on requests in one walk (≥ 1). Default DEFAULT_MAX_PAGES. */
  maxPages?: number;
}

/**
 * Reads pages from the first (token undefined) on, yielding each, until the venue gives no next token, an empty page,
 * a token it already gave in this walk (a venue whose cursor does not advance), or `maxPages` requests. The consumer
 * stops earlier by breaking out of the loop. The walk's end is the generator's return value.
 */
export async function* walkPages<T, C extends PageToken = string>(
  fetchPage: (token: C | undefined) => Promise<Page<T, C>>,
  options: WalkPagesOptions = {},
): AsyncGenerator<Page<T, C>, PageWalkEnd> {
  const maxPages = boundedCount(options.maxPages, DEFAULT_MAX_PAGES);
  const seen = new Set<C>();
  let token: C | undefined;
  for (let n = 0; n < maxPages; n++) {
    const page = await fetchPage(token);
    yield page;
    if ((page.rawCount ?? page.items.length) === 0) return 'empty-page';
    const next = page.next ?? undefined;
    if (next === undefined || next === '') return 'last-page';
    // `token` itself is in `seen` too: a venue answering with the cursor it was just given is the common case.
    if (token !== undefined) seen.add(token);
    if (seen.has(next)) return 'repeated-token';
    token = next;
  }
  return 'max-pages';
}

export interface CollectPagesOptions<T, C extends PageToken = string> {
  /**
   * One request: `pageSize` is what to ask the venue for — min(limit, the venue's maximum) when the first `limit` rows
   * read are the answer, the venue's maximum when the whole window has to be read.
   */
  fetchPage: (token: C | undefined, pageSize: number) => Promise<Page<T, C>>;
  /** The row's time in ms (the one `since`/`until` apply to). */
  timeOf: (item: T) => number;
  /** Identity of a row: a row served twice (pages shifting as new rows arrive) is kept once. Default: no dedupe. */
  keyOf?: (item: T) => string;
  /** Inclusive window bounds, ms. */
  since?: number;
  until?: number;
  /** Rows wanted (≥ 1). */
  limit: number;
  /** The venue's largest page. */
  pageSize: number;
  maxPages?: number;
  /** Row order of the venue's pages: decides when the window's far end has been passed. */
  order: 'newest-first' | 'oldest-first';
  /**
   * Which rows to return when more than `limit` match: the newest (the account's latest fills) or the oldest (a
   * download paging forward with `since = last.time + 1`). Default: `newest`. Keeping the end the venue pages away
   * from (oldest on a newest-first venue) reads the whole window — narrow `since`/`until` so it fits `maxPages`.
   */
  keep?: 'newest' | 'oldest';
}

export interface CollectedPages<T> {
  /** Rows in [since, until], oldest first (stable for equal times), at most `limit`. */
  items: T[];
  /** False when the walk hit `maxPages` before it could know it had every row it should return. */
  complete: boolean;
  end: PageWalkEnd;
  pages: number;
}

/**
 * Up to `limit` rows within [since, until], oldest first, read page by page (see walkPages) and stopped as soon as the
 * answer is known: once past the window's far end, or once `limit` rows of the end being kept are in hand.
 */
export async function collectPages<T, C extends PageToken = string>(
  options: CollectPagesOptions<T, C>,
): Promise<CollectedPages<T>> {
  const { timeOf, keyOf, since, until, order } = options;
  const limit = boundedCount(options.limit, 1);
  const keep = options.keep ?? 'newest';
  // Reading in the direction of the rows kept: the first `limit` in-window rows are the answer.
  const enoughAtLimit = (order === 'newest-first') === (keep === 'newest');
  // Otherwise the whole window is read, so in the venue's largest pages.
  const venuePage = boundedCount(options.pageSize, 1);
  const pageSize = enoughAtLimit ? Math.min(limit, venuePage) : venuePage;
  const rows: T[] = [];
  const seen = new Set<string>();
  let pages = 0;
  let end: PageWalkEnd | undefined;
  const walk = walkPages<T, C>((token) => options.fetchPage(token, pageSize), {
    ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
  });
  for (;;) {
    const step = await walk.next();
    if (step.done) {
      end = step.value;
      break;
    }
    pages++;
    let passedFarEnd = false;
    for (const item of step.value.items) {
      const t = timeOf(item);
      const before = since !== undefined && t < since;
      const after = until !== undefined && t > until;
      if ((order === 'newest-first' && before) || (order === 'oldest-first' && after)) passedFarEnd = true;
      if (before || after) continue;
      if (keyOf) {
        const key = keyOf(item);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      rows.push(item);
    }
    if (passedFarEnd || (enoughAtLimit && rows.length >= limit)) {
      end = 'enough';
      await walk.return('enough');
      break;
    }
  }
  // Equal times keep the venue's chronological order: a newest-first walk is reversed before the stable sort.
  const sorted = stableSortByTime(order === 'newest-first' ? rows.reverse() : rows, timeOf);
  const items = keep === 'newest' ? sorted.slice(Math.max(0, sorted.length - limit)) : sorted.slice(0, limit);
  // Cut short by the bound: complete only if the rows kept are already certain (read in their direction, enough).
  const complete = end !== 'max-pages' || (enoughAtLimit && rows.length >= limit);
  return { items, complete, end, pages };
}

function stableSortByTime<T>(rows: T[], timeOf: (item: T) => number): T[] {
  return rows
    .map((item, i) => ({ item, i, t: timeOf(item) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((r) => r.item);
}

function boundedCount(n: number | undefined, fallback: number): number {
  if (n === undefined || !Number.isFinite(n)) return fallback;
  return Math.max(1, Math.floor(n));
}
