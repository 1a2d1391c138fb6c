/**
 * Per-user flood limit: past `max` messages in `windowMs`, the first extra
 * message gets one "slow down" reply and the rest are dropped until the window
 * passes. Counting happens before the user's queue, so a flood costs others nothing.
 */
export class FloodGuard {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  check(key: string, now: number): "ok" | "warn" | "drop" {
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 100_000) this.prune(now);
    }
    window.count += 1;
    if (window.count <= this.max) return "ok";
    return window.count === this.max + 1 ? "warn" : "drop";
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}
