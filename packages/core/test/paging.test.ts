import { describe, expect, it } from 'vitest';
import {
  type CollectPagesOptions,
  collectPages,
  DEFAULT_MAX_PAGES,
  type Page,
  type PageToken,
  walkPages,
} from '../src/index.js';

interface Row {
  id: string;
  t: number;
}

const row = (t: number, id = `r${t}`): Row => ({ id, t });

/**
 * A cursor-paged venue over `rows` (given newest first, as most venues serve them): the cursor is the last row's id
 * of the page and, as on Extended, is sent on the last page too, so the end is an empty page.
 */
function newestFirstVenue(rows: Row[], opts: { maxPage?: number; cursorOnLastPage?: boolean } = {}) {
  const requests: { cursor: string | undefined; size: number }[] = [];
  const fetchPage = async (cursor: string | undefined, size: number): Promise<Page<Row>> => {
    requests.push({ cursor, size });
    const n = Math.min(size, opts.maxPage ?? 100);
    const start = cursor === undefined ? 0 : rows.findIndex((r) => r.id === cursor) + 1;
    const items = rows.slice(start, start + n);
    const last = start + n >= rows.length;
    const next = last && opts.cursorOnLastPage === false ? undefined : items.at(-1)?.id;
    return { items, next };
  };
  return { fetchPage, requests };
}

/** An offset-paged venue over `rows` in the order given (the oldest first): the next offset follows each page. */
function offsetVenue(rows: Row[]) {
  let requests = 0;
  const fetchPage = async (offset: number | undefined, size: number): Promise<Page<Row, number>> => {
    requests++;
    const start = offset ?? 0;
    const items = rows.slice(start, start + size);
    return { items, next: start + items.length };
  };
  return { fetchPage, requests: () => requests };
}

/** `count` rows one per hour from `t0`, newest first. */
function hourly(t0: number, count: number): Row[] {
  return Array.from({ length: count }, (_, i) => row(t0 + (count - 1 - i) * 3_600_000));
}

/** `collectPages` over rows timed by `t`, with `fetchPage` as the venue. */
function collect<C extends PageToken = string>(
  fetchPage: CollectPagesOptions<Row, C>['fetchPage'],
  options: Omit<CollectPagesOptions<Row, C>, 'fetchPage' | 'timeOf'>,
) {
  return collectPages<Row, C>({ fetchPage, timeOf: (x) => x.t, ...options });
}

async function drain<T, C extends string | number>(gen: AsyncGenerator<Page<T, C>, unknown>) {
  const pages: Page<T, C>[] = [];
  for (;;) {
    const s = await gen.next();
    if (s.done) return { pages, end: s.value };
    pages.push(s.value);
  }
}

describe('walkPages', () => {
  it('follows the next token until the venue gives none', async () => {
    const v = newestFirstVenue(hourly(0, 25), { cursorOnLastPage: false });
    const { pages, end } = await drain(walkPages((c) => v.fetchPage(c, 10)));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect(end).toBe('last-page');
    expect(v.requests.map((r) => r.cursor)).toEqual([undefined, `r${15 * 3_600_000}`, `r${5 * 3_600_000}`]);
  });

  it('ends on an empty page when the venue sends a cursor on its last page too', async () => {
    const v = newestFirstVenue(hourly(0, 20));
    const { pages, end } = await drain(walkPages((c) => v.fetchPage(c, 10)));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 0]);
    expect(end).toBe('empty-page');
  });

  it('stops on a venue that answers with the cursor it was given (no endless loop)', async () => {
    let calls = 0;
    const gen = walkPages<Row>(async (c) => {
      calls++;
      return { items: [row(calls)], next: c ?? 'stuck' };
    });
    const { pages, end } = await drain(gen);
    expect(end).toBe('repeated-token');
    expect(pages).toHaveLength(2);
    expect(calls).toBe(2);
  });

  it('stops on a cursor cycle longer than one page', async () => {
    const cycle = ['a', 'b', 'c'];
    const gen = walkPages<Row>(async (c) => ({
      items: [row(1)],
      next: cycle[(cycle.indexOf(c ?? 'c') + 1) % cycle.length],
    }));
    const { pages, end } = await drain(gen);
    // undefined → a, a → b, b → c, c → a (seen): four requests.
    expect(end).toBe('repeated-token');
    expect(pages).toHaveLength(4);
  });

  it('is bounded by maxPages on a venue whose cursor always advances', async () => {
    let n = 0;
    const gen = walkPages<Row, number>(async () => ({ items: [row(n)], next: ++n }), { maxPages: 7 });
    const { pages, end } = await drain(gen);
    expect(end).toBe('max-pages');
    expect(pages).toHaveLength(7);
    const dflt = await drain(walkPages<Row, number>(async (o) => ({ items: [row(1)], next: (o ?? 0) + 1 })));
    expect(dflt.pages).toHaveLength(DEFAULT_MAX_PAGES);
  });

  it('keeps walking past a page whose rows were all dropped by the mapping (rawCount)', async () => {
    const answers: Page<Row>[] = [
      { items: [], next: 'p2', rawCount: 3 },
      { items: [row(5)], next: 'p3', rawCount: 3 },
      { items: [], next: 'p4', rawCount: 0 },
    ];
    const { pages, end } = await drain(walkPages<Row>(async () => answers.shift() as Page<Row>));
    expect(pages).toHaveLength(3);
    expect(end).toBe('empty-page');
  });

  it('treats null and "" as the last page', async () => {
    const a = await drain(walkPages<Row>(async () => ({ items: [row(1)], next: null })));
    const b = await drain(walkPages<Row>(async () => ({ items: [row(1)], next: '' })));
    expect([a.end, b.end]).toEqual(['last-page', 'last-page']);
    expect([a.pages.length, b.pages.length]).toEqual([1, 1]);
  });

  it('pages by offset (numeric tokens)', async () => {
    const all = hourly(0, 23).reverse();
    const offsets: (number | undefined)[] = [];
    const gen = walkPages<Row, number>(async (o) => {
      offsets.push(o);
      const start = o ?? 0;
      const items = all.slice(start, start + 10);
      return { items, next: items.length === 10 ? start + items.length : undefined };
    });
    const { pages } = await drain(gen);
    expect(offsets).toEqual([undefined, 10, 20]);
    expect(pages.flatMap((p) => p.items)).toEqual(all);
  });
});

describe('collectPages', () => {
  const H = 3_600_000;

  it('newest-first venue, keep newest: the latest `limit` rows in the window, oldest first, few requests', async () => {
    const v = newestFirstVenue(hourly(0, 100), { maxPage: 10 });
    const r = await collect(v.fetchPage, { limit: 15, pageSize: 10, order: 'newest-first' });
    expect(r.items.map((x) => x.t / H)).toEqual(Array.from({ length: 15 }, (_, i) => 85 + i));
    expect(r.complete).toBe(true);
    expect(r.end).toBe('enough');
    // min(limit, venue max) asked for; two pages of 10 were enough for 15 rows.
    expect(v.requests.map((q) => q.size)).toEqual([10, 10]);
  });

  it('newest-first venue: stops once a page reaches below `since`, and drops rows after `until`', async () => {
    const v = newestFirstVenue(hourly(0, 100), { maxPage: 10 });
    const r = await collect(v.fetchPage, {
      since: 72 * H,
      until: 80 * H,
      limit: 1_000,
      pageSize: 100,
      order: 'newest-first',
    });
    expect(r.items.map((x) => x.t / H)).toEqual([72, 73, 74, 75, 76, 77, 78, 79, 80]);
    expect(r.complete).toBe(true);
    // rows 99…90, 89…80, 79…70 (reaches below 72): three requests, not ten.
    expect(v.requests).toHaveLength(3);
  });

  it('newest-first venue, keep oldest: reads down to `since` and returns the first `limit` rows from it', async () => {
    const v = newestFirstVenue(hourly(0, 50), { maxPage: 10 });
    const r = await collect(v.fetchPage, {
      since: 20 * H,
      limit: 5,
      pageSize: 100,
      maxPages: 50,
      order: 'newest-first',
      keep: 'oldest',
    });
    expect(r.items.map((x) => x.t / H)).toEqual([20, 21, 22, 23, 24]);
    expect(r.complete).toBe(true);
    // The whole window is read, so in the venue's largest pages, not in pages of `limit`.
    expect(v.requests.every((q) => q.size === 100)).toBe(true);
    expect(v.requests).toHaveLength(4);
  });

  it('newest-first venue, keep oldest, cut by maxPages: says the result is incomplete', async () => {
    const v = newestFirstVenue(hourly(0, 50), { maxPage: 5 });
    const r = await collect(v.fetchPage, {
      since: 0,
      limit: 5,
      pageSize: 5,
      maxPages: 3,
      order: 'newest-first',
      keep: 'oldest',
    });
    expect(r.end).toBe('max-pages');
    expect(r.complete).toBe(false);
    // What was read (49…35), cut to the oldest five of it: not the window's oldest, hence `complete: false`.
    expect(r.items.map((x) => x.t / H)).toEqual([35, 36, 37, 38, 39]);
  });

  it('oldest-first venue, keep oldest: stops at `limit` rows', async () => {
    const v = offsetVenue(hourly(0, 100).reverse());
    const r = await collect<number>(v.fetchPage, {
      since: 10 * H,
      limit: 25,
      pageSize: 20,
      order: 'oldest-first',
      keep: 'oldest',
    });
    expect(r.items.map((x) => x.t / H)).toEqual(Array.from({ length: 25 }, (_, i) => 10 + i));
    expect(r.end).toBe('enough');
    // Pages 0–19 (10 in window), 20–39 (25 reached).
    expect(v.requests()).toBe(2);
  });

  it('oldest-first venue: stops once past `until`', async () => {
    const v = offsetVenue(hourly(0, 100).reverse());
    const r = await collect<number>(v.fetchPage, { until: 12 * H, limit: 100, pageSize: 10, order: 'oldest-first' });
    expect(r.items).toHaveLength(13);
    expect(v.requests()).toBe(2);
  });

  it('keeps a row served twice once (keyOf), and keeps equal-time rows in venue order', async () => {
    // The second page repeats the first page's last row, as when a new row arrives between two requests.
    const answers: Page<Row>[] = [
      { items: [row(9, 'c'), row(8, 'b2'), row(8, 'b1')], next: 'b1' },
      { items: [row(8, 'b1'), row(7, 'a')], next: 'a' },
      { items: [], next: 'a' },
    ];
    const r = await collect(async () => answers.shift() as Page<Row>, {
      keyOf: (x) => x.id,
      limit: 100,
      pageSize: 100,
      order: 'newest-first',
    });
    expect(r.items.map((x) => x.id)).toEqual(['a', 'b1', 'b2', 'c']);
    expect(r.end).toBe('empty-page');
  });

  it('without keyOf a repeated row is kept (the caller decides what identity is)', async () => {
    const answers: Page<Row>[] = [
      { items: [row(2, 'x')], next: 'x' },
      { items: [row(2, 'x')], next: 'y' },
      { items: [], next: undefined },
    ];
    const r = await collect(async () => answers.shift() as Page<Row>, {
      limit: 10,
      pageSize: 10,
      order: 'newest-first',
    });
    expect(r.items).toHaveLength(2);
  });

  it('a nonsense limit or page size is read as 1, not as "no bound"', async () => {
    const v = newestFirstVenue(hourly(0, 10));
    const r = await collect(v.fetchPage, { limit: 0, pageSize: Number.NaN, order: 'newest-first' });
    expect(r.items.map((x) => x.t / H)).toEqual([9]);
    expect(v.requests).toEqual([{ cursor: undefined, size: 1 }]);
  });

  it('a venue that repeats its cursor ends the collection with what was read', async () => {
    let calls = 0;
    const r = await collectPages({
      fetchPage: async () => {
        calls++;
        return { items: [row(100 - calls)], next: 'same' };
      },
      timeOf: (x) => x.t,
      limit: 50,
      pageSize: 10,
      order: 'newest-first',
    });
    expect(calls).toBe(2);
    expect(r.end).toBe('repeated-token');
    expect(r.complete).toBe(true);
    expect(r.items.map((x) => x.t)).toEqual([98, 99]);
  });
});
