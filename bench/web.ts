/**
 * Child process of `npm run bench`: the officers' web page over a large store
 * (the lowdb files in --data-dir, or PostgreSQL when DATABASE_URL is set),
 * served in-process by the bot's own HTTP server and fetched over loopback as
 * a signed-in officer. Server time is measured by a middleware around the
 * page (what the officer waits for, less the network); page weight is the
 * list's HTML plus its stylesheet (the chart script loads on the overview only).
 *
 *   node bench/.build/web.js --data-dir DIR [--requests 200]
 */
import { performance } from "node:perf_hooks";
import { createApp } from "../src/app.ts";
import { createHttpServer } from "../src/http/server.ts";
import { silentLogger } from "../src/logger.ts";
import { mountWebPage } from "../src/web/app.ts";
import { argNumber, argValue, emitResult } from "./lib/child-io.ts";
import { benchConfig } from "./lib/config.ts";
import { seededRandom, summarize, type LatencySummary } from "./lib/stats.ts";

const dataDir = argValue("data-dir", "");
if (!dataDir) throw new Error("--data-dir is required");
const requests = argNumber("requests", 200);
const base = benchConfig(dataDir);
const config = { ...base, WEB_SECRET: "bench-web-secret-0123456789abcdefghij", WEB_PUBLIC_URL: "http://127.0.0.1", TELEGRAM_OFFICER_IDS: ["111"] };
const app = await createApp(config, { logger: silentLogger });
const http = createHttpServer({ host: "127.0.0.1", port: 0, maxBodyBytes: 64 * 1024, logger: silentLogger });
let serverMs = 0;
http.app.use("/can-bo/*", async (_c, next) => {
  const started = performance.now();
  await next();
  serverMs = performance.now() - started;
});
mountWebPage(http.app, { app, logger: silentLogger });
const { port } = await http.listen();
const origin = `http://127.0.0.1:${port}`;

const link = app.signInLinks!.issue({ channel: "telegram", userId: "111" }, new Date()).url.replace("http://127.0.0.1", origin);
const signIn = await fetch(link, { method: "POST", redirect: "manual" });
const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
if (signIn.status !== 303 || !cookie) throw new Error(`sign-in failed: ${signIn.status}`);

/** Fetches `path` `n` times (after 5 warm-ups); server time of each, and the last body's size. */
async function measure(paths: () => string, n: number): Promise<{ server: LatencySummary; wall: LatencySummary; bytes: number; rows: number }> {
  const server: number[] = [];
  const wall: number[] = [];
  let bytes = 0;
  let rows = 0;
  for (let i = 0; i < n + 5; i++) {
    const started = performance.now();
    const res = await fetch(`${origin}${paths()}`, { headers: { cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${res.status} for ${paths()}`);
    if (i < 5) continue;
    wall.push(performance.now() - started);
    server.push(serverMs);
    bytes = Buffer.byteLength(body);
    rows = (body.match(/<tr>\n<td data-label="Mã">/g) ?? []).length;
  }
  return { server: summarize(server), wall: summarize(wall), bytes, rows };
}

const total = await app.store.applications.count();
const counts = new Map<string, number>();
for (const a of (await app.store.applications.page({ limit: 2000 })).items) counts.set(String(a.answers.province), (counts.get(String(a.answers.province)) ?? 0) + 1);
const province = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
const random = seededRandom(18);
const codes = (await app.store.applications.page({ limit: 5000 })).items.map((a) => a.code);

const filtered = await measure(() => `/can-bo/ho-so?trang-thai=submitted&tinh=${province}&tu-so=${50 * Math.floor(random() * 4)}`, requests);
const unfiltered = await measure(() => "/can-bo/ho-so", requests);
const text = await measure(() => "/can-bo/ho-so?tim=nguyen", requests);
const one = await measure(() => `/can-bo/ho-so/${codes[Math.floor(random() * codes.length)]}`, requests);
const css = await (await fetch(`${origin}/can-bo/tep/giao-dien.css`)).text();

await http.close();
await app.close();
emitResult({ applications: total, storage: app.store.description.split(" ")[0], province, filtered, unfiltered, text, one, stylesheetBytes: Buffer.byteLength(css), listWeightBytes: filtered.bytes + Buffer.byteLength(css) });
