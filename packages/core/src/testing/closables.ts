/** Anything a test opens and must close: a paper world, a connection, a server. */
export interface Closable {
  close(): unknown;
}

/**
 * What the tests of one file opened and have not closed yet. Call `closeAll()` in `afterEach`: each item left open
 * (a test that failed half way) is closed, newest first. An item the test closed itself is `delete`d first so it is
 * not closed twice.
 */
export class Closables<T extends Closable = Closable> {
  private readonly open = new Set<T>();

  add(item: T): T {
    this.open.add(item);
    return item;
  }

  delete(item: T): void {
    this.open.delete(item);
  }

  async closeAll(): Promise<void> {
    const items = [...this.open].reverse();
    this.open.clear();
    for (const item of items) await item.close();
  }
}
