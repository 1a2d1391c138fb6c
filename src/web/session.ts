import { createHmac, randomBytes } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { WebStore } from "../domain/web-records.ts";
import { sameSecret } from "../http/secret.ts";
import type { WebOfficer } from "./access.ts";
import { hashToken } from "./sign-in-links.ts";

export const COOKIE = "kc_can_bo";
export const SESSION_HOURS = 8;
/** The web page's path: the cookie goes nowhere else (not to webhooks or letter links). */
export const WEB_PATH = "/can-bo";

/**
 * Sessions of the officers' web page: a random cookie (HttpOnly, SameSite=Strict,
 * Secure behind https, 8 hours), stored only as its sha256. The CSRF token of a
 * session is derived from it with WEB_SECRET, so forms carry it without another store.
 */
export function createSessions(options: { store: WebStore; secret: string; secure: boolean }) {
  const csrfOf = (idHash: string) => createHmac("sha256", options.secret).update(`csrf:${idHash}`).digest("base64url");
  return {
    async start(c: Context, officer: WebOfficer, now: Date): Promise<void> {
      const id = randomBytes(32).toString("base64url");
      const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
      await options.store.saveSession({ idHash: hashToken(id), channel: officer.channel, userId: officer.userId, ...(officer.displayName ? { displayName: officer.displayName } : {}), createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() });
      setCookie(c, COOKIE, id, { path: WEB_PATH, httpOnly: true, sameSite: "Strict", secure: options.secure, maxAge: SESSION_HOURS * 3600 });
    },
    /** The officer and CSRF token of the request's session, if it has a live one. */
    async resolve(c: Context, now: Date): Promise<{ officer: WebOfficer; idHash: string; csrf: string } | undefined> {
      const id = getCookie(c, COOKIE);
      if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
      const idHash = hashToken(id);
      const session = await options.store.session(idHash, now);
      if (!session) return undefined;
      return { officer: { channel: session.channel, userId: session.userId, ...(session.displayName ? { displayName: session.displayName } : {}) }, idHash, csrf: csrfOf(idHash) };
    },
    async end(c: Context, idHash: string): Promise<void> {
      await options.store.endSession(idHash);
      deleteCookie(c, COOKIE, { path: WEB_PATH, secure: options.secure });
    },
    csrfValid: (idHash: string, given: string | undefined) => sameSecret(given, csrfOf(idHash)),
  };
}

export type Sessions = ReturnType<typeof createSessions>;
