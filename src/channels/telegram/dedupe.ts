/**
 * Remembers the last `capacity` update ids so that a redelivered update
 * (Telegram retries a webhook that timed out; a restart can re-read the last
 * batch) is processed once. Bounded so that a long-running bot does not grow
 * without limit: update ids increase, so only recent ones can come back.
 */
export class SeenUpdates {
  private readonly ids = new Set<number>();

  constructor(private readonly capacity = 2000) {}

  /** True the first time an id is seen; false for a repeat. */
  firstTime(updateId: number): boolean {
    if (this.ids.has(updateId)) return false;
    this.ids.add(updateId);
    if (this.ids.size > this.capacity) {
      // A Set iterates in insertion order: the first value is the oldest.
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }
}
