/**
 * Runs tasks one at a time per key (a Zalo chat) and different keys in
 * parallel. Everything that talks to one chat — the handling of its updates
 * and the outbox notifications for it — goes through the same key, so its
 * messages arrive in order and a split reply is never interleaved.
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<void>>();

  return {
    /** Queues `task` behind earlier tasks of `key`; the result settles like the task. */
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      // Forget the key when nothing is queued behind, so the map does not grow with every user ever seen.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    /** Resolves when every task queued so far has settled. */
    async idle(): Promise<void> {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
