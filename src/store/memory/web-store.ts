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

/** Audit entries kept in memory and in the lowdb file; PostgreSQL keeps them all. */
const AUDIT_KEPT = 20_000;

/**
 * The web page's store in memory; `persist` (the lowdb adapter's file write)
 * runs after each change, before the call resolves, so that a used link stays
 * used and a session survives a restart.
 */
export class MemoryWebStore implements WebStore {
  constructor(
    readonly data: WebData = emptyWebData(),
    private readonly persist: (data: WebData) => Promise<void> = async () => {},
  ) {}

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
    this.data.audit.push(entry);
    if (this.data.audit.length > AUDIT_KEPT) this.data.audit.splice(0, this.data.audit.length - AUDIT_KEPT);
    await this.persist(this.data);
  }

  async recentAudit(limit: number): Promise<WebAuditEntry[]> {
    return this.data.audit.slice(-limit).reverse();
  }

  async markHandled(questionIds: string[], at: Date): Promise<void> {
    for (const id of questionIds) this.data.handled[id] = at.toISOString();
    await this.persist(this.data);
  }

  async handledQuestionIds(): Promise<Set<string>> {
    return new Set(Object.keys(this.data.handled));
  }
}
