import { describe, expect, it } from 'vitest';
import { Closables } from '../../src/testing/index.js';

function item(name: string, closed: string[]) {
  return { name, close: async () => void closed.push(name) };
}

describe('Closables', () => {
  it('closes what is still open, newest first, once', async () => {
    const closed: string[] = [];
    const open = new Closables();
    open.add(item('world', closed));
    const server = open.add(item('server', closed));
    open.add(item('connection', closed));
    await server.close();
    open.delete(server);
    await open.closeAll();
    expect(closed).toEqual(['server', 'connection', 'world']);
    await open.closeAll();
    expect(closed).toHaveLength(3);
  });
});
