import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { JsonFile, StorageError } from "../../src/store/json-file.ts";
import { openStore } from "../../src/store/store.ts";
import { testApp, useTempDirs, userChat } from "../support/app.ts";
import { applyAs } from "./fill-form.ts";

/**
 * A truncated or hand-damaged data file stops start-up with a message naming
 * the file and what is wrong; the file is left byte for byte as it was, and the
 * `.bak` of an earlier good state can be copied back to recover.
 */

const ROOT = resolve(import.meta.dirname, "../..");
const newDir = useTempDirs("kc-damaged-");

/** A data directory with real content, made once: one submitted application and three drafts, each file written more than once. */
let template = "";
beforeAll(async () => {
  const app = await testApp();
  template = app.dataDir;
  expect(await applyAs(app, "owner")).toMatch(/^KC-2026-\d{6}$/);
  for (const user of ["d1", "d2", "d3"]) await applyAs(app, user, { fields: 3 });
  await app.close();
  // Session shards are rewritten at checkpoints (on close): a second run over the same data makes their .bak copies.
  const again = await testApp({ dataDir: template });
  for (const user of ["owner", "d1", "d2", "d3"]) await userChat(again, user).text("menu");
  await again.close();
});
afterAll(() => rmSync(template, { recursive: true, force: true }));

/** A fresh copy of the populated data directory. */
async function populated(): Promise<string> {
  const dir = newDir();
  cpSync(template, dir, { recursive: true });
  return dir;
}

/** The largest sessions shard: the one a damage is most likely to hit. */
function biggestShard(dir: string): string {
  const shards = readdirSync(dir).filter((n) => /^sessions-\d{2}\.json$/.test(n));
  return join(dir, shards.sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0] as string);
}

function snapshot(path: string): { bytes: Buffer; mtimeMs: number; bak: Buffer | undefined } {
  return { bytes: readFileSync(path), mtimeMs: statSync(path).mtimeMs, bak: existsSync(`${path}.bak`) ? readFileSync(`${path}.bak`) : undefined };
}

function expectUntouched(path: string, before: ReturnType<typeof snapshot>): void {
  expect(readFileSync(path).equals(before.bytes), `${path} is byte for byte as it was`).toBe(true);
  expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
  if (before.bak) expect(readFileSync(`${path}.bak`).equals(before.bak), "its .bak is not overwritten").toBe(true);
}

async function startFails(dataDir: string): Promise<StorageError> {
  const error = await testApp({ dataDir }).then(
    async (app) => {
      await app.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  expect(existsSync(join(dataDir, ".lock")), "a failed start releases the lock").toBe(false);
  return error as StorageError;
}

type Damage = { name: string; file: (dir: string) => string; damage: (path: string) => void; problem: RegExp };

const DAMAGES: Damage[] = [
  {
    name: "a sessions shard cut in half",
    file: biggestShard,
    damage: (p) => truncateSync(p, Math.floor(statSync(p).size / 2)),
    problem: /không phải JSON hợp lệ/,
  },
  {
    name: "the applications file cut in half",
    file: (d) => join(d, "applications-2026-000.json"),
    damage: (p) => truncateSync(p, Math.floor(statSync(p).size / 2)),
    problem: /không phải JSON hợp lệ/,
  },
  {
    name: "an empty sessions shard",
    file: biggestShard,
    damage: (p) => truncateSync(p, 0),
    problem: /không phải JSON hợp lệ/,
  },
  {
    name: "a session with a channel that does not exist (valid JSON, wrong shape)",
    file: biggestShard,
    damage: (p) => {
      const data = JSON.parse(readFileSync(p, "utf8")) as { sessions: Record<string, { channel: string }> };
      const first = Object.values(data.sessions)[0] as { channel: string };
      first.channel = "fax";
      writeFileSync(p, JSON.stringify(data));
    },
    problem: /sai cấu trúc tại sessions\.[^ ]+\.channel/,
  },
  {
    name: "an application whose code was edited by hand",
    file: (d) => join(d, "applications-2026-000.json"),
    damage: (p) => writeFileSync(p, readFileSync(p, "utf8").replace(/"KC-2026-(\d{6})"/, '"KC-26-$1"')),
    problem: /sai cấu trúc tại applications\.0\.code/,
  },
  {
    name: "an array where an object belongs",
    file: (d) => join(d, "application-counter.json"),
    damage: (p) => writeFileSync(p, "[]"),
    problem: /sai cấu trúc tại gốc/,
  },
  {
    name: "a negative counter",
    file: (d) => join(d, "application-counter.json"),
    damage: (p) => writeFileSync(p, '{"lastSeq":{"2026":-3}}'),
    problem: /sai cấu trúc tại lastSeq\.2026/,
  },
];

describe("a damaged data file stops start-up and is left untouched", () => {
  it.each(DAMAGES)("$name", async ({ file, damage, problem }) => {
    const dataDir = await populated();
    const path = file(dataDir);
    damage(path);
    const before = snapshot(path);
    const error = await startFails(dataDir);
    expect(error.file).toBe(path);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(problem);
    expect(error.message).toContain(`${path}.bak`);
    expectUntouched(path, before);
    // openStore alone (what the officers' CLI uses) refuses it the same way.
    await expect(openStore(dataDir, { sessionFlushMs: 0 })).rejects.toBeInstanceOf(StorageError);
    expectUntouched(path, before);
  });

  it.each([DAMAGES[0] as Damage, DAMAGES[4] as Damage])("npm start exits 1 naming the file, without a stack trace: $name", async ({ file, damage }) => {
    const dataDir = await populated();
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
    expect(result.stderr).toContain(`Tệp dữ liệu ${path} bị hỏng`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/StorageError/);
    expect(result.stdout, "no chat was started").not.toMatch(/Xin chào/);
    expectUntouched(path, before);
    expect(existsSync(join(dataDir, ".lock"))).toBe(false);
  });
});

describe("a bot on a channel loads sessions in the background", () => {
  it("and still stops, exit 1, naming a damaged sessions shard, leaving it untouched", async () => {
    const dataDir = await populated();
    const path = biggestShard(dataDir);
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const before = snapshot(path);
    // Zalo polling against a closed local port: the channel starts (and retries) while the shards load.
    const result = spawnSync("npx", ["tsx", "src/main.ts"], {
      cwd: ROOT,
      input: "",
      env: { ...process.env, DATA_DIR: dataDir, KNOWLEDGE_DIR: join(ROOT, "knowledge"), TELEGRAM_BOT_TOKEN: "", ZALO_BOT_TOKEN: "123:test-token", ZALO_API_ROOT: "http://127.0.0.1:9" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain(`Tệp dữ liệu ${path} bị hỏng`);
    expect(`${result.stdout}${result.stderr}`, "it had started: the damage was found after start-up").toMatch(/damaged data file: stopping/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expectUntouched(path, before);
    expect(existsSync(join(dataDir, ".lock"))).toBe(false);
  });
});

describe(".bak copies", () => {
  const schema = z.object({ items: z.array(z.number()) });

  it("a file's second write keeps the first as .bak, which opens after the file is damaged", async () => {
    const dir = newDir("kc-bak-");
    const path = join(dir, "items.json");
    const file = await JsonFile.open(path, schema, { items: [] });
    file.data.items.push(1);
    await file.write();
    expect(existsSync(`${path}.bak`), "nothing to back up before the first write").toBe(false);
    file.data.items.push(2);
    await file.write();
    expect(JSON.parse(readFileSync(`${path}.bak`, "utf8"))).toEqual({ items: [1] });
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ items: [1, 2] });

    truncateSync(path, 5);
    await expect(JsonFile.open(path, schema, { items: [] })).rejects.toThrow(StorageError);
    copyFileSync(`${path}.bak`, path);
    expect((await JsonFile.open(path, schema, { items: [] })).data).toEqual({ items: [1] });
  });

  it("is refreshed at most once per backupEveryMs, so a burst of writes keeps an older good state", async () => {
    const dir = newDir("kc-bak-");
    const path = join(dir, "items.json");
    const every = await JsonFile.open(path, schema, { items: [] }, { backupEveryMs: 0 });
    for (const n of [1, 2, 3]) {
      every.data.items.push(n);
      await every.write();
    }
    expect(JSON.parse(readFileSync(`${path}.bak`, "utf8"))).toEqual({ items: [1, 2] });
    const hourly = await JsonFile.open(path, schema, { items: [] }, { backupEveryMs: 3_600_000 });
    for (const n of [4, 5]) {
      hourly.data.items.push(n);
      await hourly.write();
    }
    expect(JSON.parse(readFileSync(`${path}.bak`, "utf8")), "backed up once, on the first write of this process").toEqual({ items: [1, 2, 3] });
  });

  it("recovers a real data directory: copy the shard's .bak back and the bot starts with the user's earlier state", async () => {
    const dataDir = await populated();
    const path = biggestShard(dataDir);
    expect(existsSync(`${path}.bak`)).toBe(true);
    const backedUp = Object.keys((JSON.parse(readFileSync(`${path}.bak`, "utf8")) as { sessions: object }).sessions);
    expect(backedUp.length).toBeGreaterThan(0);
    truncateSync(path, Math.floor(statSync(path).size / 3));
    await startFails(dataDir);
    copyFileSync(`${path}.bak`, path);
    const app = await testApp({ dataDir });
    try {
      for (const key of backedUp) expect(app.store.sessions.get(key)?.key).toBe(key);
      expect(app.store.applications.count()).toBe(1);
    } finally {
      await app.close();
    }
  });
});
