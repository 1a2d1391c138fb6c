import type { WebAuditEntry, WebSession, WebStore } from "../../domain/web-records.ts";

/** Everything the web page keeps, as plain JSON (the lowdb adapter writes it to one file). */
export interface WebData {
  usedLinks: Record<string, string>;
  sessions: Record<string, WebSession>;
  audit: WebAuditEntry[];
  handled: Record<string, string>;
}

export function emptyWebData(): WebData {
  return { usedLinks: {}, sessions: {}, audit: [], handled: {} };
}

/** Audit entries kept in memory (for recentAudit); the lowdb adapter appends every one to its own file, PostgreSQL to a table. */
const AUDIT_KEPT = 1_000;

/**
 * The web page's store in memory; `persist` (the lowdb adapter's file write)
 * runs after each change, before the call resolves, so that a used link stays
 * used and a session survives a restart. With `appendAudit`, the record of
 * actions goes there (an append-only file) instead of into `data`, so that
 * the file `persist` rewrites stays small however long the record grows.
 */
export class MemoryWebStore implements WebStore {
  private readonly recent: WebAuditEntry[];

  constructor(
    readonly data: WebData = emptyWebData(),
    private readonly persist: (data: WebData) => Promise<void> = async () => {},
    private readonly appendAudit?: (entry: WebAuditEntry) => Promise<void>,
  ) {
    this.recent = appendAudit ? [] : data.audit;
  }

  async useLink(tokenHash: string, expiresAt: Date): Promise<boolean> {
    const now = new Date().toISOString();
    for (const [hash, until] of Object.entries(this.data.usedLinks)) if (until < now) delete this.data.usedLinks[hash];
    if (this.data.usedLinks[tokenHash]) return false;
    this.data.usedLinks[tokenHash] = expiresAt.toISOString();
    await this.persist(this.data);
    return true;
  }

  async saveSession(session: WebSession): Promise<void> {
    const now = new Date().toISOString();
    for (const [id, s] of Object.entries(this.data.sessions)) if (s.expiresAt < now) delete this.data.sessions[id];
    this.data.sessions[session.idHash] = session;
    await this.persist(this.data);
  }

  async session(idHash: string, now: Date): Promise<WebSession | undefined> {
    const found = this.data.sessions[idHash];
    return found && found.expiresAt > now.toISOString() ? found : undefined;
  }

  async endSession(idHash: string): Promise<void> {
    delete this.data.sessions[idHash];
    await this.persist(this.data);
  }

  async audit(entry: WebAuditEntry): Promise<void> {
    this.recent.push(entry);
    if (this.recent.length > AUDIT_KEPT) this.recent.splice(0, this.recent.length - AUDIT_KEPT);
    await (this.appendAudit ? this.appendAudit(entry) : this.persist(this.data));
  }

  async recentAudit(limit: number): Promise<WebAuditEntry[]> {
    return this.recent.slice(-limit).reverse();
  }

  async markHandled(questionIds: string[], at: Date): Promise<void> {
    for (const id of questionIds) this.data.handled[id] = at.toISOString();
    await this.persist(this.data);
  }

  async handledQuestionIds(): Promise<Set<string>> {
    return new Set(Object.keys(this.data.handled));
  }
}
