import type { Channel } from "./types.ts";

/**
 * The officers' web page as the engine sees it: a one-time sign-in link for
 * an officer, or why none is given. Implemented in src/web (signed links);
 * absent when the page is not configured (WEB_SECRET, WEB_PUBLIC_URL).
 */
export interface WebSignIn {
  request(officer: { channel: Channel; userId: string }, now: Date): { ok: true; url: string; minutes: number } | { ok: false; reason: "rate-limited" };
}
