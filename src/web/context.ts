import type { Hono } from "hono";
import type { App } from "../app.ts";
import type { Logger } from "../logger.ts";
import type { WebOfficer } from "./access.ts";
import type { Sessions } from "./session.ts";
import type { SignInLinks } from "./sign-in-links.ts";

/** What each route of the web page reads from the request context once the session is checked. */
export interface WebEnv {
  Variables: { officer: WebOfficer; csrf: string; sessionHash: string };
}

export type WebApp = Hono<WebEnv>;

/** The web page's dependencies. */
export interface WebDeps {
  app: App;
  logger: Logger;
  links: SignInLinks;
  sessions: Sessions;
  clock: () => Date;
  /** A Telegram file's bytes through the Bot API (getFile), for attachments; absent without a Telegram token. */
  telegramFile?: (fileId: string) => Promise<{ data: Uint8Array; mimeType: string } | undefined>;
}

/** Records an action of the web page with the officer who took it (and logs it, masked). */
export async function recordAction(deps: WebDeps, officer: WebOfficer, action: string, target?: string, detail?: string): Promise<void> {
  const at = deps.clock().toISOString();
  await deps.app.store.web.audit({ at, officer: `${officer.channel}:${officer.userId}`, action, ...(target ? { target } : {}), ...(detail ? { detail: detail.slice(0, 500) } : {}) });
  deps.logger.info("web", action, { officer: `${officer.channel}:…${officer.userId.slice(-3)}`, target });
}
