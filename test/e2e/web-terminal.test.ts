import { execFile, spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { useTempDirs } from "../support/app.ts";
import { freePort } from "../support/ports.ts";
import { usePostgres } from "../support/use-postgres.ts";

/**
 * The HTTP server beside the terminal chat (no token at all, HTTP_PORT set),
 * and `npm run officer -- web-link` while that bot runs, on each storage: the
 * CLI writes nothing, prints the URL alone on its line, and the running bot
 * lets it in once.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const dir = useTempDirs("kc-web-terminal-");
const pgServer = usePostgres();
const bots: ChildProcess[] = [];
afterEach(() => {
  for (const bot of bots.splice(0)) if (bot.exitCode === null) bot.kill("SIGKILL");
});

describe.each(["lowdb", "postgresql"] as const)("the web page beside the terminal chat (%s)", (adapter) => {
  it("serves /healthz and signs in once with a link from the officers' CLI", async () => {
    const port = await freePort();
    const env = {
      ...process.env,
      DATA_DIR: dir(),
      DATABASE_URL: adapter === "postgresql" ? await pgServer().createDatabase() : "",
      KNOWLEDGE_DIR: join(ROOT, "knowledge"),
      TELEGRAM_BOT_TOKEN: "",
      ZALO_BOT_TOKEN: "",
      HTTP_PORT: String(port),
      WEB_PUBLIC_URL: `http://127.0.0.1:${port}`,
      WEB_SECRET: "terminal-demo-web-secret-0123456789abc",
    };
    const bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    bots.push(bot);
    let out = "";
    bot.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    bot.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    for (const until = Date.now() + 30_000; !/HTTP server on port/.test(out); ) {
      if (Date.now() > until || bot.exitCode !== null) throw new Error(`bot did not start its HTTP server: ${out.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ ok: true });

    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/cli/officer.ts", "web-link"], { cwd: ROOT, env, encoding: "utf8" });
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/can-bo/dang-nhap/terminal\\.operator\\.`));
    const signIn = await fetch(lines[0]!, { method: "POST", redirect: "manual" });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
    expect((await fetch(`http://127.0.0.1:${port}/can-bo/ho-so`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(lines[0]!, { method: "POST", redirect: "manual" })).status).toBe(410);

    bot.stdin?.end();
    await new Promise((r) => bot.once("exit", r));
    expect(bot.exitCode, out.slice(-2000)).toBe(0);
  }, 90_000);
});
