import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether a secret someone sent equals the one we hold, in constant time:
 * both sides are hashed first, so neither the content nor the length of the
 * secret leaks through timing (timingSafeEqual needs equal lengths). Used by
 * the webhooks, the officers' loopback endpoint and the signed download links.
 */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined || given.length === 0) return false;
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}
