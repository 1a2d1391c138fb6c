import type { Config } from "../config.ts";
import type { Channel } from "../engine/types.ts";

/**
 * Per-user flood limit: past `max` messages in `windowMs`, the first extra
 * message gets one "slow down" reply and the rest are dropped until the window
 * passes. Channels count a message when it arrives, before any platform call
 * ("typing", answering a button) and before the chat's queue: counted later, a
 * burst waits in the queue, its window passes, and most of it is answered.
 */
export class FloodGuard {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  check(key: string, now: number): FloodVerdict {
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

/** "ok": handle it; "warn": answer the engine's slow-down message only; "drop": no call at all. */
export type FloodVerdict = "ok" | "warn" | "drop";

/** What a network channel asks on receipt of a message. The terminal (one local person or a script) has none. */
export interface FloodGate {
  check(sender: { channel: Channel; userId: string }): FloodVerdict;
}

/** The gate for FLOOD_MAX_MESSAGES per FLOOD_WINDOW_SECONDS, on the app's clock. */
export function createFloodGate(config: Pick<Config, "FLOOD_MAX_MESSAGES" | "FLOOD_WINDOW_SECONDS">, clock: () => Date = () => new Date()): FloodGate {
  const guard = new FloodGuard(config.FLOOD_MAX_MESSAGES, config.FLOOD_WINDOW_SECONDS * 1000);
  return { check: ({ channel, userId }) => guard.check(`${channel}:${userId}`, clock().getTime()) };
}
