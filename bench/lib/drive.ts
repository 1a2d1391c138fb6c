import { performance } from "node:perf_hooks";
import type { Engine } from "../../src/engine/contract.ts";
import type { Reply } from "../../src/engine/types.ts";
import type { MessageKind, Step, VirtualUser } from "./virtual-user.ts";

/** Delivers one message and resolves with its replies; `latencyMs` when the sender measures it itself (to the first reply). */
export type Send = (step: Step, user: VirtualUser) => Promise<{ replies: Reply[]; latencyMs?: number }>;

/** Straight to the engine: the engine-only figure. */
export function engineSend(engine: Engine): Send {
  return async (step) => ({ replies: await engine.handle(step.inbound) });
}

export interface DriveOptions {
  send: Send;
  /** How many users there are in all. */
  users: number;
  /** How many users have a conversation in progress at once (a ring, served round-robin). */
  active: number;
  /** How many messages are being handled at once (engine calls awaited concurrently). */
  inflight: number;
  makeUser(index: number): VirtualUser;
  /** After this long, no new user starts (those in progress finish); 0 for no limit. */
  budgetMs?: number;
  progress?(messages: number, elapsedMs: number): void;
}

export interface DriveResult {
  messages: number;
  durationMs: number;
  /** Latency of each message (engine.handle call to its replies), in ms, in send order. */
  latencies: number[];
  kinds: MessageKind[];
  submitted: number;
  /** Users who started (fewer than asked when the time budget ran out). */
  started: number;
  failures: { userId: string; reason: string }[];
  /** Users who gave up after a message got no reply (an instance killed under them): not script failures. */
  interrupted: { userId: string; reason: string }[];
  /** Users whose conversation was in progress at once, at most. */
  peakActive: number;
}

/**
 * Runs every user's script against the engine, interleaved: `active` users are
 * mid-conversation at once and served round-robin, and `inflight` messages are
 * awaited at once (each user waits for the reply to its previous message). So
 * consecutive messages of one user are separated by messages of hundreds of
 * others, as when a province's owners are all using the bot at the same time.
 */
export async function drive(options: DriveOptions): Promise<DriveResult> {
  const ring: (VirtualUser | null)[] = [];
  const busy = new Set<VirtualUser>();
  let created = 0;
  let cursor = 0;
  let submitted = 0;
  let peakActive = 0;
  const failures: DriveResult["failures"] = [];
  const interrupted: DriveResult["interrupted"] = [];
  const latencies: number[] = [];
  const kinds: MessageKind[] = [];

  let deadline = Number.POSITIVE_INFINITY;
  const newUser = (): VirtualUser | null => (created < options.users && performance.now() < deadline ? options.makeUser(created++) : null);
  for (let i = 0; i < options.active; i++) ring.push(newUser());

  const retire = (user: VirtualUser) => {
    if (user.code) submitted++;
    if (user.interrupted) interrupted.push({ userId: user.userId, reason: user.interrupted });
    else if (user.failure) failures.push({ userId: user.userId, reason: user.failure });
  };

  /** The next user to send a message: round-robin over the ring, skipping users awaiting a reply. */
  const take = (): VirtualUser | "wait" | undefined => {
    let live = 0;
    for (let n = 0; n < ring.length; n++) {
      const slot = (cursor + n) % ring.length;
      let user = ring[slot] ?? null;
      if (user?.done && !busy.has(user)) {
        retire(user);
        user = newUser();
        ring[slot] = user;
      }
      if (!user) continue;
      live++;
      if (busy.has(user)) continue;
      cursor = (slot + 1) % ring.length;
      return user;
    }
    return live > 0 ? "wait" : undefined;
  };

  const started = performance.now();
  if (options.budgetMs) deadline = started + options.budgetMs;
  let lastProgress = started;
  const lane = async (): Promise<void> => {
    for (;;) {
      const user = take();
      if (user === undefined) return;
      if (user === "wait") {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      busy.add(user);
      const step = await user.next();
      if (!step) {
        busy.delete(user);
        continue;
      }
      if (latencies.length % 500 === 0) peakActive = Math.max(peakActive, ring.filter((u) => u !== null && !u.done).length);
      const t0 = performance.now();
      const { replies, latencyMs } = await options.send(step, user);
      const t1 = performance.now();
      latencies.push(latencyMs ?? t1 - t0);
      kinds.push(step.kind);
      user.onReplies(replies);
      busy.delete(user);
      if (options.progress && t1 - lastProgress > 10_000) {
        lastProgress = t1;
        options.progress(latencies.length, t1 - started);
      }
    }
  };
  await Promise.all(Array.from({ length: options.inflight }, lane));
  const durationMs = performance.now() - started;
  for (const user of ring) if (user) retire(user);
  return { messages: latencies.length, durationMs, latencies, kinds, submitted, started: created, failures, interrupted, peakActive };
}
