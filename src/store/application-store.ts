import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { applicationSchema, type Application } from "./records.ts";
import { JsonFile } from "./json-file.ts";

const PER_SHARD = 1000;
const shardSchema = z.object({ applications: z.array(applicationSchema) });
type Shard = z.infer<typeof shardSchema>;
const counterSchema = z.object({ lastSeq: z.record(z.string(), z.number().int().min(0)) });

/**
 * Applications in files of 1,000 by code (applications-2026-000.json holds
 * KC-2026-000000…000999), so a submission or status change rewrites one small
 * file. Codes come from a counter file written before the code is used, so a
 * code is never given twice, even after a crash.
 */
export class ApplicationStore {
  private readonly byCode = new Map<string, Application>();
  private readonly byUser = new Map<string, Application[]>();
  /** Highest sequence per year among stored applications: a lost counter file never reissues a code. */
  private readonly maxSeqSeen = new Map<string, number>();
  /** Shard files being created, so that concurrent submissions share one JsonFile per file. */
  private readonly opening = new Map<string, Promise<JsonFile<Shard>>>();

  private constructor(
    private readonly dir: string,
    private readonly shards: Map<string, JsonFile<Shard>>,
    private readonly counter: JsonFile<z.infer<typeof counterSchema>>,
  ) {
    for (const shard of shards.values()) for (const app of shard.data.applications) this.index(app);
  }

  static async open(dir: string): Promise<ApplicationStore> {
    const names = (await readdir(dir)).filter((n) => /^applications-\d{4}-\d{3}\.json$/.test(n));
    const shards = new Map<string, JsonFile<Shard>>();
    await Promise.all(
      names.map(async (name) => shards.set(name, await JsonFile.open(join(dir, name), shardSchema, { applications: [] }))),
    );
    const counter = await JsonFile.open(join(dir, "application-counter.json"), counterSchema, { lastSeq: {} });
    return new ApplicationStore(dir, shards, counter);
  }

  /** Reserves the next code of the year, on disk before it is returned. */
  async nextCode(year: number): Promise<string> {
    const key = String(year);
    const seq = Math.max(this.counter.data.lastSeq[key] ?? 0, this.maxSeqSeen.get(key) ?? 0) + 1;
    this.counter.data.lastSeq[key] = seq;
    await this.counter.write();
    return `KC-${year}-${String(seq).padStart(6, "0")}`;
  }

  /** Adds or replaces an application and resolves once its file is on disk. */
  async save(app: Application): Promise<void> {
    const shard = await this.shardFor(app.code);
    const list = shard.data.applications;
    const at = list.findIndex((a) => a.code === app.code);
    if (at >= 0) list[at] = app;
    else list.push(app);
    this.index(app);
    await shard.write();
  }

  get(code: string): Application | undefined {
    return this.byCode.get(code.toUpperCase());
  }

  ofUser(channel: string, userId: string): Application[] {
    return this.byUser.get(`${channel}:${userId}`) ?? [];
  }

  all(): Application[] {
    return [...this.byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  count(): number {
    return this.byCode.size;
  }

  /** Removes an applicant's applications (data deletion on request); returns the codes removed. */
  async deleteOfUser(channel: string, userId: string): Promise<string[]> {
    const codes = this.ofUser(channel, userId).map((a) => a.code);
    for (const code of codes) {
      const shard = await this.shardFor(code);
      shard.data.applications = shard.data.applications.filter((a) => a.code !== code);
      this.byCode.delete(code);
      await shard.write();
    }
    this.byUser.delete(`${channel}:${userId}`);
    return codes;
  }

  async flush(): Promise<void> {
    await Promise.all([...this.shards.values()].map((s) => s.flush()));
    await this.counter.flush();
  }

  files(): string[] {
    return [this.counter.path, ...[...this.shards.values()].map((s) => s.path)];
  }

  private index(app: Application): void {
    const previous = this.byCode.get(app.code);
    this.byCode.set(app.code, app);
    const key = `${app.channel}:${app.userId}`;
    const list = (this.byUser.get(key) ?? []).filter((a) => a !== previous && a.code !== app.code);
    list.push(app);
    this.byUser.set(key, list);
    const [, year, seq] = app.code.split("-");
    this.maxSeqSeen.set(year as string, Math.max(this.maxSeqSeen.get(year as string) ?? 0, Number(seq)));
  }

  private async shardFor(code: string): Promise<JsonFile<Shard>> {
    const [, year, seq] = code.split("-");
    const name = `applications-${year}-${String(Math.floor(Number(seq) / PER_SHARD)).padStart(3, "0")}.json`;
    const shard = this.shards.get(name);
    if (shard) return shard;
    // One opening per new file, shared by concurrent submissions: two JsonFile objects on one path
    // would each write their own list over the other's (losing a submission) and race on the temp file.
    let opening = this.opening.get(name);
    if (!opening) {
      opening = JsonFile.open(join(this.dir, name), shardSchema, { applications: [] }).then((opened) => {
        this.shards.set(name, opened);
        this.opening.delete(name);
        return opened;
      });
      opening.catch(() => this.opening.delete(name));
      this.opening.set(name, opening);
    }
    return opening;
  }
}
