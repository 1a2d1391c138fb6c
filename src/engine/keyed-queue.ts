/**
 * Runs tasks one at a time per key and concurrently across keys: updates of one
 * user are handled strictly in order while other users are not held up.
 *
 * The one ordering mechanism of the process, used in two places only:
 * - each network channel (Telegram, Zalo) keeps one queue per chat around the
 *   whole of an update, from the first platform call to the last reply sent, so
 *   replies leave in the order the messages came and a split reply is never
 *   interleaved; it is entered after the update was de-duplicated and passed
 *   the flood gate, so a flood waits in no queue;
 * - the storage adapters order transactions with the same `lockKey` (a session
 *   key) with it in this process; PostgreSQL adds an advisory lock across
 *   instances. The engine's turns are such transactions, so the engine needs
 *   no queue of its own.
 *
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
