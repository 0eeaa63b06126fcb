/**
 * A per-instance cache bounded by bytes, not by entries: whatever the number of chats and portals an instance
 * serves, what it keeps stays within `budgetBytes`. Reading an entry makes it the most recently used; adding
 * one drops the least recently used until the new one fits. Bytes reserved for entries still being built
 * count too: while they are built, kept entries make room for them. An entry that does not fit beside the
 * reservations, even once every other entry is gone, is not kept.
 */
export class ByteBudgetLru<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private used = 0;
  private reserved = 0;

  constructor(readonly budgetBytes: number) {}

  /** bytes the kept entries take, as their owners counted them */
  get usedBytes(): number {
    return this.used;
  }

  /** bytes reserved for entries being built */
  get reservedBytes(): number {
    return this.reserved;
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

  /** Reads an entry without making it more recent. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Keeps `value` if it fits beside the reservations; returns whether it was kept. */
  set(key: K, value: V, bytes: number): boolean {
    this.delete(key);
    if (this.reserved + bytes > this.budgetBytes) return false;
    this.makeRoom(bytes);
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    return true;
  }

  /** Counts `bytes` more of an entry being built; kept entries are dropped until everything fits again. */
  reserve(bytes: number): void {
    this.reserved += bytes;
    this.makeRoom(0);
  }

  release(bytes: number): void {
    this.reserved = Math.max(this.reserved - bytes, 0);
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.bytes;
  }

  private makeRoom(bytes: number): void {
    for (const [oldest, entry] of this.entries) {
      if (this.used + this.reserved + bytes <= this.budgetBytes) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
  }
}
