import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageError } from "../../src/domain/storage.ts";
import { LowdbStorage } from "../../src/store/lowdb/lowdb-storage.ts";
import { paths, sessionShardOf } from "../../src/store/lowdb/layout.ts";
import { testApp, useTempDirs, userChat } from "../support/app.ts";
import { applyAs } from "./fill-form.ts";

/**
 * A truncated, zero-filled or hand-damaged data file stops the bot with a
 * message naming the file; the file is left byte for byte as it was; the
 * recovery the README gives (the previous copy, `<file>.prev`) works, and
 * where it would lose an application, start-up says so instead of starting.
 */

const ROOT = resolve(import.meta.dirname, "../..");
const newDir = useTempDirs("kc-damaged-");

/** A data folder with real content, made once: two submitted applications and drafts (the terminal's own user among them), each file written more than once. */
let template = "";
beforeAll(async () => {
  const app = await testApp();
  template = app.dataDir;
  expect(await applyAs(app, "owner")).toMatch(/^KC-2026-\d{6}$/);
  expect(await applyAs(app, "owner2")).toMatch(/^KC-2026-\d{6}$/);
  for (const user of ["d1", "d2", "local"]) await applyAs(app, user, { fields: 3 });
  await userChat(app, "d1").text("gặp cán bộ");
  await userChat(app, "d1").text("Tôi muốn hỏi về hồ sơ máy sấy");
  await app.close();
  const again = await testApp({ dataDir: template });
  for (const user of ["owner", "d1", "d2", "local"]) await userChat(again, user).text("menu");
  await again.close();
}, 60_000);
afterAll(() => rmSync(template, { recursive: true, force: true }));

function populated(): string {
  const dir = newDir();
  cpSync(template, dir, { recursive: true });
  return dir;
}

const shardOf = (dir: string, key: string) => paths(dir).sessionShard(sessionShardOf(key));
const applicationsFile = (dir: string) => join(dir, "applications", "2026-000.json");

function snapshot(path: string): { bytes: Buffer; mtimeMs: number } {
  return { bytes: readFileSync(path), mtimeMs: statSync(path).mtimeMs };
}

function expectUntouched(path: string, before: ReturnType<typeof snapshot>): void {
  expect(readFileSync(path).equals(before.bytes), `${path} is byte for byte as it was`).toBe(true);
  expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
}

async function startFails(dataDir: string): Promise<StorageError> {
  let app: Awaited<ReturnType<typeof testApp>> | undefined;
  let error: unknown;
  try {
    app = await testApp({ dataDir });
    // Sessions load when first needed.
    await app.store.sessions.get("terminal:owner");
  } catch (e) {
    error = e;
  } finally {
    await app?.close();
  }
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

const halve = (p: string) => truncateSync(p, Math.floor(statSync(p).size / 2));
const zeroFill = (p: string) => writeFileSync(p, Buffer.alloc(statSync(p).size));

const DAMAGES: { name: string; file: (dir: string) => string; damage: (path: string) => void; problem: RegExp }[] = [
  { name: "the applications file cut in half", file: applicationsFile, damage: halve, problem: /không đọc được JSON/ },
  { name: "the applications file filled with zeros (power cut)", file: applicationsFile, damage: zeroFill, problem: /toàn byte 0/ },
  { name: "the applications file emptied to valid JSON", file: applicationsFile, damage: (p) => writeFileSync(p, '{"applications":[]}'), problem: /có 0 hồ sơ nhưng .* ghi 2/ },
  {
    name: "an application whose code was edited by hand",
    file: applicationsFile,
    damage: (p) => writeFileSync(p, readFileSync(p, "utf8").replace(/"KC-2026-(\d{6})"/, '"KC-26-$1"')),
    problem: /sai cấu trúc tại applications\.0\.code/,
  },
  { name: "the application index with a negative counter", file: (d) => join(d, "applications", "index.json"), damage: (p) => writeFileSync(p, '{"lastCodes":{"2026":-3},"files":{}}'), problem: /sai cấu trúc tại lastCodes\.2026/ },
  {
    name: "a byte changed beside the tax code (JSON.parse would quote the digits around it)",
    file: applicationsFile,
    damage: (p) => writeFileSync(p, readFileSync(p, "utf8").replace('"taxCode":"0101234565"', '"taxCode":Q0101234565"')),
    problem: /không đọc được JSON: Unexpected token 'Q'/,
  },
  { name: "the contacts file cut in half", file: (d) => join(d, "contacts.json"), damage: halve, problem: /không đọc được JSON/ },
  { name: "a sessions file filled with zeros", file: (d) => shardOf(d, "terminal:owner"), damage: zeroFill, problem: /toàn byte 0/ },
  {
    name: "a session with a channel that does not exist (valid JSON, wrong shape)",
    file: (d) => shardOf(d, "terminal:owner"),
    damage: (p) => writeFileSync(p, readFileSync(p, "utf8").replace(/"channel":"terminal"/, '"channel":"fax"')),
    problem: /sai cấu trúc tại sessions\.[^ ]+\.channel/,
  },
];

describe("a damaged data file stops the bot and is left untouched", () => {
  it.each(DAMAGES)("$name", async ({ file, damage, problem }) => {
    const dataDir = populated();
    const path = file(dataDir);
    damage(path);
    const before = snapshot(path);
    const error = await startFails(dataDir);
    expect(error.where).toBe(path);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(problem);
    // The console prints it whole: no record text, no full session key (the logger's masking is not on that path).
    for (const secret of ["0101234", "345678", "terminal:owner"]) expect(error.message).not.toContain(secret);
    expectUntouched(path, before);
    expect(existsSync(join(dataDir, ".lock")), "a failed start releases the lock").toBe(false);
  });

  it.each([DAMAGES[1] as (typeof DAMAGES)[number], DAMAGES[2] as (typeof DAMAGES)[number]])("npm start exits 1 naming the file, without a stack trace: $name", ({ file, damage }) => {
    const dataDir = populated();
    const path = file(dataDir);
    damage(path);
    const before = snapshot(path);
    const result = spawnSync("npx", ["tsx", "src/main.ts"], {
      cwd: ROOT,
      input: "/start\n",
      env: { ...process.env, DATA_DIR: dataDir, KNOWLEDGE_DIR: join(ROOT, "knowledge"), TELEGRAM_BOT_TOKEN: "", ZALO_BOT_TOKEN: "" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain(`Dữ liệu hỏng hoặc không đọc được: ${path}`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout, "no chat was started").not.toMatch(/Xin chào/);
    expectUntouched(path, before);
    expect(existsSync(join(dataDir, ".lock"))).toBe(false);
  });

  it("a sessions file found damaged at first use stops the running bot (exit 1), naming it", () => {
    const dataDir = populated();
    const path = shardOf(dataDir, "terminal:local");
    halve(path);
    const before = snapshot(path);
    const result = spawnSync("npx", ["tsx", "src/main.ts"], {
      cwd: ROOT,
      input: "/start\n",
      env: { ...process.env, DATA_DIR: dataDir, KNOWLEDGE_DIR: join(ROOT, "knowledge"), TELEGRAM_BOT_TOKEN: "", ZALO_BOT_TOKEN: "" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain(path);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expectUntouched(path, before);
  });
});

describe("recovery as the README gives it", () => {
  it("a sessions file: copy its .prev back and the bot starts with the users' earlier state", async () => {
    const dataDir = populated();
    const path = shardOf(dataDir, "terminal:owner");
    expect(existsSync(`${path}.prev`)).toBe(true);
    const kept = Object.keys((JSON.parse(readFileSync(`${path}.prev`, "utf8")) as { sessions: object }).sessions);
    expect(kept).toContain("terminal:owner");
    halve(path);
    await startFails(dataDir);
    copyFileSync(`${path}.prev`, path);
    const app = await testApp({ dataDir });
    try {
      for (const key of kept) expect((await app.store.sessions.get(key))?.key).toBe(key);
      expect(await app.store.applications.count()).toBe(2);
    } finally {
      await app.close();
    }
  });

  it("an applications file: its .prev lacks the last submission, and start-up says so rather than losing it silently", async () => {
    const dataDir = populated();
    const path = applicationsFile(dataDir);
    zeroFill(path);
    await startFails(dataDir);
    copyFileSync(`${path}.prev`, path);
    const error = await LowdbStorage.open(dataDir, { flushMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(/có 1 hồ sơ nhưng .* ghi 2/);
  });
});
