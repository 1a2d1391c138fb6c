import { z } from "zod";
import { channelSchema } from "../engine/session.ts";

/**
 * What the officers' web page keeps: sessions (by the hash of their cookie,
 * never the cookie itself), the hashes of sign-in links already used (one
 * use each), a record of every action taken on the page with who took it,
 * and which unanswered questions an officer marked as handled.
 */
export const webSessionSchema = z.object({
  /** sha256 of the cookie value, hex. */
  idHash: z.string(),
  channel: channelSchema,
  userId: z.string(),
  displayName: z.string().optional(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type WebSession = z.infer<typeof webSessionSchema>;

export const webAuditSchema = z.object({
  at: z.string(),
  /** "telegram:123456" */
  officer: z.string(),
  action: z.string(),
  /** Application code, contact id, question group… */
  target: z.string().optional(),
  detail: z.string().optional(),
});
export type WebAuditEntry = z.infer<typeof webAuditSchema>;

export interface WebStore {
  /** Records a sign-in link (by hash) as used; false when it was used before. Entries past `expiresAt` may be dropped. */
  useLink(tokenHash: string, expiresAt: Date): Promise<boolean>;
  saveSession(session: WebSession): Promise<void>;
  /** The session, unless it expired or was ended. */
  session(idHash: string, now: Date): Promise<WebSession | undefined>;
  endSession(idHash: string): Promise<void>;
  audit(entry: WebAuditEntry): Promise<void>;
  /** The newest `limit` entries, newest first. */
  recentAudit(limit: number): Promise<WebAuditEntry[]>;
  /** Marks unanswered questions (by id) as handled: an officer added the topic to knowledge/ or decided it needs none. */
  markHandled(questionIds: string[], at: Date): Promise<void>;
  handledQuestionIds(): Promise<Set<string>>;
}
