/**
 * A per-instance cache bounded by bytes, not by entries: whatever the number of chats and portals an instance
 * serves, what it keeps stays within `budgetBytes`. Reading an entry makes it the most recently used; adding
 * one drops the least recently used until the new one fits. An entry larger than the whole budget is not kept.
 */
export class ByteBudgetLru<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private used = 0;

  constructor(readonly budgetBytes: number) {}

  /** bytes the kept entries take, as their owners counted them */
  get usedBytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: re-inserting makes the entry the most recent one.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` unless it alone exceeds the budget; returns whether it was kept. */
  set(key: K, value: V, bytes: number): boolean {
    this.delete(key);
    if (bytes > this.budgetBytes) return false;
    for (const [oldest, entry] of this.entries) {
      if (this.used + bytes <= this.budgetBytes) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    return true;
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.bytes;
  }
}
