const MAX_REMEMBERED_CLIENT_IDS = 10_000;

/**
 * The caller's string client order ids of the orders this venue placed, by Lighter ClientOrderIndex, so orders and
 * fills read back carry the caller's id, and when each was signed, so a lookup knows how far back the order can be
 * (bounded; an index not remembered reads back as its decimal string, which `clientOrderIndexOf` maps to the same
 * index).
 */
export class ClientIdMemory {
  private readonly ids = new Map<bigint, { clientOrderId: string; signedAt: number | undefined }>();

  remember(index: bigint, clientOrderId: string, signedAt?: number): void {
    this.ids.delete(index);
    this.ids.set(index, { clientOrderId, signedAt });
    if (this.ids.size > MAX_REMEMBERED_CLIENT_IDS) this.ids.delete(this.ids.keys().next().value as bigint);
  }

  idOf(index: bigint): string {
    return this.ids.get(index)?.clientOrderId ?? index.toString();
  }

  /** When this process signed the order with `index` (ms of the client's clock), if it did. */
  signedAt(index: bigint): number | undefined {
    return this.ids.get(index)?.signedAt;
  }
}
