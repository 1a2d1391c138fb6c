import { createHash, createHmac, randomBytes } from "node:crypto";
import { channelSchema } from "../engine/session.ts";
import type { Channel } from "../engine/types.ts";
import type { WebSignIn } from "../engine/web-sign-in.ts";
import { sameSecret } from "../http/secret.ts";

/** Where a sign-in link points; the page there asks for one press before it signs in (see routes/sign-in.ts). */
export const SIGN_IN_PATH = "/can-bo/dang-nhap/";
export const LINK_MINUTES = 10;
/** At most this many links per officer in LINK_MINUTES: a leaked chat cannot mint links without end. */
const LINKS_PER_WINDOW = 5;

export interface OfficerId {
  channel: Channel;
  userId: string;
}

export interface SignInLinks {
  /** A link for `officer`, valid LINK_MINUTES. */
  issue(officer: OfficerId, now: Date): { url: string; token: string; expiresAt: Date };
  /** The officer a token names; "expired" past its time; undefined when forged or damaged. */
  verify(token: string, now: Date): { officer: OfficerId; expiresAt: Date } | "expired" | undefined;
}

/** sha256 hex: how tokens and session ids are stored (a stolen copy of the data opens nothing). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Sign-in links signed with HMAC-SHA256 (WEB_SECRET): the token carries the
 * officer, the expiry and a random nonce. Anyone holding the secret can make
 * one without writing anything (the officers' CLI beside a running bot); the
 * bot records each token's hash when it is used, so a link opens one session.
 */
export function createSignInLinks(options: { publicUrl: string; secret: string }): SignInLinks {
  const base = options.publicUrl.replace(/\/+$/, "");
  const sign = (payload: string) => createHmac("sha256", options.secret).update(`sign-in:${payload}`).digest("base64url");
  return {
    issue(officer, now) {
      const expires = Math.floor(now.getTime() / 1000) + LINK_MINUTES * 60;
      const payload = `${officer.channel}.${officer.userId}.${expires}.${randomBytes(12).toString("base64url")}`;
      const token = `${payload}.${sign(payload)}`;
      return { url: `${base}${SIGN_IN_PATH}${token}`, token, expiresAt: new Date(expires * 1000) };
    },
    verify(token, now) {
      const match = /^([a-z]+)\.([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return undefined;
      const [, channel, userId, expires, nonce, signature] = match as unknown as [string, string, string, string, string, string];
      if (!sameSecret(signature, sign(`${channel}.${userId}.${expires}.${nonce}`))) return undefined;
      const parsed = channelSchema.safeParse(channel);
      if (!parsed.success) return undefined;
      const expiresAt = new Date(Number(expires) * 1000);
      if (expiresAt.getTime() <= now.getTime()) return "expired";
      return { officer: { channel: parsed.data, userId }, expiresAt };
    },
  };
}

/** The engine's port: links for officers who ask in chat, at most LINKS_PER_WINDOW each per LINK_MINUTES. */
export function createWebSignIn(links: SignInLinks): WebSignIn {
  const asked = new Map<string, number[]>();
  return {
    request(officer, now) {
      const key = `${officer.channel}:${officer.userId}`;
      const since = now.getTime() - LINK_MINUTES * 60_000;
      const recent = (asked.get(key) ?? []).filter((t) => t > since);
      if (recent.length >= LINKS_PER_WINDOW) return { ok: false, reason: "rate-limited" };
      asked.set(key, [...recent, now.getTime()]);
      return { ok: true, url: links.issue(officer, now).url, minutes: LINK_MINUTES };
    },
  };
}
