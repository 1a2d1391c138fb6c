import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { applicationSchema, type Application } from "../domain/records.ts";
import { JsonFile } from "./json-file.ts";
import { listFile, Table, type TableLayout, type TableOptions } from "./table.ts";
import type { WriteAheadLog } from "./wal.ts";

const PER_SHARD = 1000;
const shardSchema = z.object({ applications: z.array(applicationSchema) });
type Shard = z.infer<typeof shardSchema>;
const counterSchema = z.object({ lastSeq: z.record(z.string(), z.number().int().min(0)) });
type Counter = z.infer<typeof counterSchema>;

/** Applications in files of 1,000 by code: applications-2026-000.json holds KC-2026-000000…000999. */
export const applicationLayout: TableLayout<Application, Shard> = {
  name: "applications",
  record: applicationSchema,
  file: shardSchema,
  keyOf: (a) => a.code,
  fileOf: (code) => {
    const { year, seq } = parseCode(code);
    return `applications-${year}-${String(Math.floor(seq / PER_SHARD)).padStart(3, "0")}.json`;
  },
  isFile: (name) => /^applications-\d{4}-\d{3}\.json$/.test(name),
  empty: () => ({ applications: [] }),
  container: z.object({ applications: z.array(z.unknown()) }),
  entriesIn: (data) => (data as { applications: unknown[] }).applications.map((raw, i) => [["applications", i], raw]),
  toBytes: (records) => listFile("applications", records),
};

function parseCode(code: string): { year: string; seq: number } {
  const [, year = "0000", seq = "0"] = code.split("-");
  return { year, seq: Number(seq) };
}

/**
 * Thrown by a read that needs every application while they are still loading
 * in the background at start-up. Nothing has been written when it is thrown:
 * the engine waits for `ApplicationStore.ready` and handles the message again.
 */
export class ApplicationsLoading extends Error {
  constructor() {
    super("applications are still loading");
    this.name = "ApplicationsLoading";
  }
}

/**
 * Submitted applications. A submission or status change is one line in the
 * journal, on disk before `save` resolves; the snapshot files are rewritten at
 * checkpoints only.
 *
 * Opened lazily (a bot on Telegram or Zalo), the files load in the background
 * (`loadAll`), so that 20,000 applications do not delay the first reply; until
 * `ready`, reads that need them all throw ApplicationsLoading.
 *
 * Codes: the next code is one above every code ever stored or reserved. A
 * code reserved in this run but whose application never reached the journal
 * may be given again after a crash; it was never shown to anyone. The highest
 * codes are also kept in application-counter.json (written at checkpoints and
 * before a deletion), so that deleting the newest application never lets its
 * code be reused.
 */
export class ApplicationStore {
  private loading: Promise<void> | undefined;
  /** Whether every file is loaded and indexed. */
  loaded: boolean;

  private constructor(
    readonly table: Table<Application, Shard>,
    private readonly counter: JsonFile<Counter>,
    private readonly index: ApplicationIndex,
    lazy: boolean,
  ) {
    this.loaded = !lazy;
  }

  static async open(dir: string, wal: WriteAheadLog, options: Omit<TableOptions<Application>, "onRead"> = {}): Promise<ApplicationStore> {
    const counterPath = join(dir, "application-counter.json");
    const counter = await JsonFile.open(counterPath, counterSchema, { lastSeq: {} });
    const index = new ApplicationIndex(counter.data.lastSeq);
    // Indexed as each file loads (and as the journal is replayed), from the records already decoded.
    const table = await Table.open(dir, applicationLayout, wal, { ...options, onRead: (app) => index.add(app) });
    return new ApplicationStore(table, counter, index, options.lazy === true);
  }

  /** Resolves once every application file is loaded and indexed; a damaged file rejects it. */
  get ready(): Promise<void> {
    return this.loadAll();
  }

  /** Loads the files not loaded yet (all of them once); each is indexed as it loads. */
  loadAll(): Promise<void> {
    this.loading ??= this.table.loadAll().then(() => {
      this.loaded = true;
    });
    return this.loading;
  }

  /** Reserves the next code of the year (in memory: see the class comment). */
  nextCode(year: number): string {
    this.mustBeLoaded();
    return this.index.nextCode(year);
  }

  /** Adds or replaces an application and resolves once it is on disk. */
  async save(app: Application): Promise<void> {
    this.index.add(app);
    await this.table.putNow(app);
  }

  get(code: string): Application | undefined {
    this.mustBeLoaded();
    return this.table.get(code.toUpperCase());
  }

  /** An applicant's applications, oldest first (codes are numbered in order; the index holds them in load order). */
  ofUser(channel: string, userId: string): Application[] {
    this.mustBeLoaded();
    const codes = [...this.index.codesOf(channel, userId)].sort();
    return codes.map((code) => this.table.get(code)).filter((a): a is Application => a !== undefined);
  }

  all(): Application[] {
    this.mustBeLoaded();
    return [...this.table.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  count(): number {
    return this.table.count();
  }

  /** Removes an applicant's applications (data deletion on request); returns the codes removed. */
  async deleteOfUser(channel: string, userId: string): Promise<string[]> {
    await this.ready;
    const codes = this.ofUser(channel, userId).map((a) => a.code);
    if (codes.length === 0) return codes;
    await this.writeCounter();
    for (const code of codes) await this.table.removeNow(code);
    this.index.forget(channel, userId);
    return codes;
  }

  /** Part of a checkpoint: the highest codes, so that none is reused once the journal is gone. */
  async writeCounter(): Promise<void> {
    const lastSeq = this.index.lastSeqs();
    const onDisk = this.counter.data.lastSeq;
    const same = Object.keys(lastSeq).length === Object.keys(onDisk).length && Object.entries(lastSeq).every(([y, n]) => onDisk[y] === n);
    if (same && existsSync(this.counter.path)) return;
    this.counter.data = { lastSeq };
    await this.counter.write();
  }

  files(): string[] {
    return [this.counter.path, ...this.table.paths()];
  }

  private mustBeLoaded(): void {
    if (!this.loaded) throw new ApplicationsLoading();
  }
}

/**
 * Codes by applicant and the highest code of each year, kept beside the
 * table (whose applications stay serialised). A code whose application was
 * deleted may stay listed: readers skip codes the table no longer has.
 */
class ApplicationIndex {
  private readonly byUser = new Map<string, string[]>();
  private readonly lastSeq = new Map<string, number>();

  constructor(counted: Record<string, number>) {
    for (const [year, seq] of Object.entries(counted)) this.seen(year, seq);
  }

  add(app: Application): void {
    const key = `${app.channel}:${app.userId}`;
    const list = (this.byUser.get(key) ?? []).filter((code) => code !== app.code);
    list.push(app.code);
    this.byUser.set(key, list);
    const { year, seq } = parseCode(app.code);
    this.seen(year, seq);
  }

  codesOf(channel: string, userId: string): string[] {
    return this.byUser.get(`${channel}:${userId}`) ?? [];
  }

  forget(channel: string, userId: string): void {
    this.byUser.delete(`${channel}:${userId}`);
  }

  nextCode(year: number): string {
    const key = String(year);
    const seq = (this.lastSeq.get(key) ?? 0) + 1;
    this.lastSeq.set(key, seq);
    return `KC-${year}-${String(seq).padStart(6, "0")}`;
  }

  lastSeqs(): Record<string, number> {
    return Object.fromEntries(this.lastSeq);
  }

  private seen(year: string, seq: number): void {
    this.lastSeq.set(year, Math.max(this.lastSeq.get(year) ?? 0, seq));
  }
}
