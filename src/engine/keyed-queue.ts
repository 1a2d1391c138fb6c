/**
 * Runs tasks one at a time per key and concurrently across keys: updates of one
 * user are handled strictly in order while other users are not held up. The
 * Zalo channel uses it per chat too, so a split reply is never interleaved.
 * A key is forgotten when nothing is queued behind it, so the map does not
 * grow with every user ever seen.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves when every queued task has finished (graceful shutdown). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
