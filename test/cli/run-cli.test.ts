import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { callRunningBot } from "../../src/officer/control.ts";
import { lockDataDir } from "../../src/store/lowdb/lock.ts";

/**
 * An officer's command never ends in silence: in the crash test, `status`
 * handed to a bot that was killed while answering exited 0 with no output.
 */
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

/** A data folder "held by a bot" (this process's lock) whose endpoint is `server`. */
async function heldBy(server: Server): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "kc-control-"));
  const lock = lockDataDir(dir);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  writeFileSync(join(dir, "control.json"), JSON.stringify({ pid: process.pid, port, token: "t0k3n" }));
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
    lock.release();
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

const request = { op: "status", code: "KC-2026-000001", to: "received", by: "cli:Cán bộ" } as const;

describe("the officers' CLI handing a change to the running bot", () => {
  it("gets the bot's answer", async () => {
    const dir = await heldBy(createServer((_req, res) => res.end(JSON.stringify({ ok: true, message: "Đã chuyển KC-2026-000001" }))));
    expect(await callRunningBot(dir, request)).toEqual({ ok: true, message: "Đã chuyển KC-2026-000001" });
  });

  it("fails, saying the outcome is unknown, when the bot dies while answering", async () => {
    const dir = await heldBy(
      createServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "200" });
        res.write('{"ok": true, "mess');
        setTimeout(() => res.socket?.destroy(), 20);
      }),
    );
    await expect(callRunningBot(dir, request)).rejects.toThrow(/dừng giữa chừng/);
  });

  it("exits 1 with a message, not 0 in silence, when its work can never finish", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "test/support/cli-never-settles.ts"], { encoding: "utf8", timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/dừng giữa chừng/);
  });
});
