/**
 * `npm run bench`: search, start-up, engine + storage on the lowdb default at
 * a province's scale, and PostgreSQL with two bot instances behind a
 * round-robin proxy, driven through the webhook path.
 *
 * Each measurement runs in a fresh Node process (bench/*.ts children, bundled
 * as production is), so that memory peaks, module loading and start-up are
 * each its own. Figures are printed as `name: value unit` (with the target
 * and PASS/FAIL where issue 13 sets one) and written to bench/results.json
 * with the machine they were taken on. The README's Performance section
 * explains them.
 *
 * The PostgreSQL part starts its own throwaway server (test/support/postgres.ts);
 * with DATABASE_URL set, every storage figure is taken on that database instead
 * (it must be empty: the large store is restored into it).
 *
 * Options: --users N (5000 on lowdb) --active N (500 conversations in progress)
 * --inflight N (8 messages handled at once) --applications N (5000) --sessions N
 * (20000) --drafts N (1000) --pg-applications N (20000) --pg-sessions N (50000)
 * --pg-users N (3000, engine only) --webhook-users N (3000) --webhook-active N (300)
 * --webhook-inflight N (32 POSTs at once) --kill-after-seconds N (15)
 * --passes N (5 search passes) --startup-runs N (3) --budget-seconds N (120:
 * after this long no new user starts in a run) --no-postgres --keep (keep the
 * temporary data directories) --quick (a smoke run with small sizes, not the figures)
 * --only-search (the search figures alone, in seconds) --only-web (the officers' web page
 * figures alone, on both stores) --web-requests N (200 requests per web figure).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { bundle } from "../scripts/build.ts";
import { startPostgres, type TestPostgres } from "../test/support/postgres.ts";
import { argNumber, BENCH_DIR, buildChildren, ROOT_DIR, runChild } from "./lib/child.ts";
import { probeDurableWrites } from "./lib/disk-probe.ts";
import type { FileGroup } from "./lib/files.ts";
import type { MemoryAtPeak } from "./lib/memory.ts";
import { machine, MB, Report } from "./lib/report.ts";
import { median, type LatencySummary } from "./lib/stats.ts";

const quick = process.argv.includes("--quick");
const keep = process.argv.includes("--keep");
const withPostgres = !process.argv.includes("--no-postgres");
const onlySearch = process.argv.includes("--only-search");
const onlyWeb = process.argv.includes("--only-web");
const options = {
  users: argNumber("users", quick ? 500 : 5_000),
  active: argNumber("active", quick ? 100 : 500),
  inflight: argNumber("inflight", 8),
  applications: argNumber("applications", quick ? 1_000 : 5_000),
  sessions: argNumber("sessions", quick ? 4_000 : 20_000),
  drafts: argNumber("drafts", quick ? 200 : 1_000),
  pgApplications: argNumber("pg-applications", quick ? 2_000 : 20_000),
  pgSessions: argNumber("pg-sessions", quick ? 5_000 : 50_000),
  pgUsers: argNumber("pg-users", quick ? 300 : 3_000),
  webhookUsers: argNumber("webhook-users", quick ? 300 : 3_000),
  webhookActive: argNumber("webhook-active", quick ? 60 : 300),
  webhookInflight: argNumber("webhook-inflight", 32),
  killAfterSeconds: argNumber("kill-after-seconds", quick ? 4 : 15),
  passes: argNumber("passes", 5),
  startupRuns: argNumber("startup-runs", 3),
  budgetSeconds: argNumber("budget-seconds", 120),
  webRequests: argNumber("web-requests", quick ? 50 : 200),
};

/** Targets from issue 13, for a 2-core machine. */
const TARGETS = {
  searchP99: { op: "<=", limit: 2 },
  throughput: { op: ">=", limit: 1000 },
  p99: { op: "<=", limit: 20 },
  pgP99: { op: "<=", limit: 50 },
  rss: { op: "<=", limit: 300 },
  startup: { op: "<=", limit: 1000 },
  zero: { op: "<=", limit: 0 },
  /** Issue 18: the officers' list page (a filtered page of 50) and one application, server time p95; the list's weight. */
  webList: { op: "<=", limit: 100 },
  webOne: { op: "<=", limit: 50 },
  webWeight: { op: "<=", limit: 150 },
} as const;

interface SearchResult {
  kbLoadMs: number;
  indexMs: number;
  loadIndexMs: number;
  topics: number;
  questions: number;
  inScope: number;
  outOfScope: number;
  passes: number;
  latency: LatencySummary;
  firstPass: LatencySummary;
  policyLatency: LatencySummary;
  /** The warm-up the bot runs after it starts (src/kb/warm-up.ts); absent with --no-warm-up. */
  warmUp?: { searches: number; cpuMs: number };
}

interface UsersResult {
  users: number;
  started: number;
  existing: { sessions: number; applications: number };
  openMs: number;
  messages: number;
  durationMs: number;
  messagesPerSecond: number;
  latency: LatencySummary;
  byKind: Record<string, LatencySummary>;
  submitted: number;
  failureCount: number;
  failures: { userId: string; reason: string }[];
  engineErrors: number;
  storage: string;
  peakActive: number;
  cpuCores: number;
  eventLoopDelay: { p50: number; p99: number; max: number };
  closeMs: number;
  peakRssBytes: number;
  memoryAtPeak: MemoryAtPeak;
  liveHeapBytes: number;
  fileGroups: FileGroup[];
  verification: { sessions: number; expectedSessions: number; applications: number; expectedApplications: number; outboxItems: number };
}

interface StartupResult {
  importsMs: number;
  createAppMs: number;
  firstHandleMs: number;
  sinceProcessStartMs: number;
  rssBytes: number;
}

interface LargeStoreResult {
  generatedMs: number;
  sessions: number;
  applications: number;
  drafts: number;
  totalBytes: number;
  fileGroups: FileGroup[];
}

interface WebResult {
  applications: number;
  storage: string;
  province: string;
  filtered: { server: LatencySummary; wall: LatencySummary; bytes: number; rows: number };
  unfiltered: { server: LatencySummary; wall: LatencySummary; bytes: number; rows: number };
  text: { server: LatencySummary; wall: LatencySummary; bytes: number; rows: number };
  one: { server: LatencySummary; wall: LatencySummary; bytes: number; rows: number };
  stylesheetBytes: number;
  listWeightBytes: number;
}

interface WebhookResult {
  instances: number;
  started: number;
  messages: number;
  durationMs: number;
  messagesPerSecond: number;
  latency: LatencySummary;
  byKind: Record<string, LatencySummary>;
  killedAtMs?: number;
  acknowledged: number;
  lostAcknowledged: number;
  duplicateCodes: number;
  duplicateSubmissions: number;
  createdApplications: number;
  notifications: { expected: number; missing: number; duplicatesTelegram: number; duplicatesZalo: number; waitMs: number; pending: number };
  interruptedUsers: number;
  failureCount: number;
  failures: { userId: string; reason: string }[];
  retried: number;
  unanswered: number;
  driverCpuCores: number;
  logs: string[];
}

const started = performance.now();
const report = new Report();
const details: Record<string, unknown> = {};
const temps: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `kc-bench-${name}-`));
  temps.push(dir);
  return dir;
};
const step = (what: string) => process.stderr.write(`\n▶ ${what}\n`);

const info = machine();
console.log(`# Trợ lý Khuyến công benchmark — ${info.date}`);
console.log(`# ${info.cpuModel}, ${info.cores} cores, ${(info.ramBytes / 1024 ** 3).toFixed(1)} GB RAM, Node ${info.node}, ${info.os}; load average ${info.loadAverageAtStart.join(" ")}`);
if (quick) console.log("# --quick: a smoke run with reduced sizes, not the reference figures");

let postgres: TestPostgres | undefined;
try {
  await buildChildren(["search.ts", "make-large-store.ts", "startup.ts", "users.ts", "webhook.ts", "web.ts"].map((script) => join(BENCH_DIR, script)));
  // The bot itself, as `npm start` bundles it, for the instances behind the proxy.
  const mainJs = join(BENCH_DIR, ".build", "bot", "main.js");
  await bundle([join(ROOT_DIR, "src/main.ts")], join(BENCH_DIR, ".build", "bot"));

  if (onlyWeb) {
    await webOnly();
    const failed = report.failures();
    console.log(failed.length === 0 ? "# web targets PASS (--only-web: bench/results.json left as it was)" : `# targets FAIL: ${failed.map((f) => f.name).join(", ")}`);
    process.exit(failed.length === 0 ? 0 : 1);
  }

  // ── Search ──────────────────────────────────────────────────────────────
  step(`search: knowledge base load + index, ${options.passes} passes over the evaluation questions`);
  const search = (await runChild<SearchResult>(join(BENCH_DIR, "search.ts"), ["--passes", String(options.passes)])).result;
  details.search = search;
  report.add("search.kb_load", search.kbLoadMs, "ms");
  report.add("search.kb_index", search.indexMs, "ms");
  report.add("search.kb_load_index", search.loadIndexMs, "ms");
  report.add("search.questions", search.questions, `questions (${search.inScope} in scope, ${search.outOfScope} out of scope) × ${search.passes} passes`);
  report.add("search.latency_p50", search.latency.p50, "ms");
  report.add("search.latency_p99", search.latency.p99, "ms", TARGETS.searchP99);
  report.add("search.latency_max", search.latency.max, "ms");
  report.add("search.first_pass_p99", search.firstPass.p99, "ms");
  report.add("search.policy_p50", search.policyLatency.p50, "ms");
  report.add("search.policy_p99", search.policyLatency.p99, "ms");
  if (search.warmUp) report.add("search.warm_up", search.warmUp.cpuMs, `ms of CPU in slices of ≤ 4 ms after start (${search.warmUp.searches} searches of the knowledge base's own titles and variants, none of the timed questions)`);
  // The same passes in a process whose search has not been warmed up: what the first questions after a start cost without it.
  const cold = (await runChild<SearchResult>(join(BENCH_DIR, "search.ts"), ["--passes", String(options.passes), "--no-warm-up"])).result;
  details.searchCold = cold;
  report.add("search.cold.latency_p99", cold.latency.p99, "ms (no warm-up: all passes)");
  report.add("search.cold.first_pass_p99", cold.firstPass.p99, "ms (no warm-up: the first pass)");
  if (onlySearch) {
    const failed = report.failures();
    console.log(failed.length === 0 ? "# search targets PASS (--only-search: bench/results.json left as it was)" : `# targets FAIL: ${failed.map((f) => f.name).join(", ")}`);
    process.exit(failed.length === 0 ? 0 : 1);
  }

  const external = process.env.DATABASE_URL;
  if (external) console.log("# DATABASE_URL is set: the storage figures below are taken on that PostgreSQL database");

  // ── Start-up, empty data directory ──────────────────────────────────────
  if (!external) {
    step(`start-up to first message handled, empty data directory (${options.startupRuns} runs after one warm-up)`);
    await startup(tempDir("warmup"));
    const freshStartups: { wallMs: number; result: StartupResult }[] = [];
    for (let i = 0; i < options.startupRuns; i++) freshStartups.push(await startup(tempDir("startup")));
    startupFigures("fresh", freshStartups);
  }

  // ── lowdb (the default) at a province's scale ───────────────────────────
  const label = external ? "external" : "lowdb";
  step(`${label}: generating ${options.applications} applications and ${options.sessions} sessions (${options.drafts} with a draft)`);
  const largeDir = tempDir("province");
  const large = (await runChild<LargeStoreResult>(join(BENCH_DIR, "make-large-store.ts"), ["--data-dir", largeDir, "--applications", String(options.applications), "--sessions", String(options.sessions), "--drafts", String(options.drafts)])).result;
  largeStoreFigures(label, large);

  step(`${label}: the officers' web page on that store (${options.webRequests} requests per figure)`);
  webFigures(label, await web(largeDir));

  step(`${label}: start-up to first message handled on that store (${options.startupRuns} runs)`);
  const largeStartups: { wallMs: number; result: StartupResult }[] = [];
  for (let i = 0; i < options.startupRuns; i++) largeStartups.push(await startup(largeDir));
  startupFigures(label, largeStartups);

  if (!external) {
    step("lowdb: the disk under it: a durable write (temp file, fsync, rename, folder fsync) with no bot around it");
    const disk = await probeDurableWrites(tmpdir());
    details.disk = disk;
    report.add("disk.durable_write_p50", disk.alone.p50, `ms alone (p99 ${disk.alone.p99.toFixed(1)}; 10 KB, about the size of a session file)`);
    report.add("disk.durable_write_4_at_once_p99", disk.fourAtOnce.p99, `ms four at once (p50 ${disk.fourAtOnce.p50.toFixed(1)}): the floor under an acknowledged form answer's latency`);
  }

  step(`${label}: engine + storage, ${options.users} users on that store`);
  engineFigures(label, await users(largeDir, options.users, "zu"), TARGETS.p99);

  // ── PostgreSQL, two instances behind a balancer ─────────────────────────
  if (withPostgres && !external) {
    step("postgresql: starting a throwaway server");
    postgres = await startPostgres();
    const url = await postgres.createDatabase();
    const env = { DATABASE_URL: url };
    step(`postgresql: generating ${options.pgApplications} applications and ${options.pgSessions} sessions`);
    const pgLarge = (await runChild<LargeStoreResult>(join(BENCH_DIR, "make-large-store.ts"), ["--data-dir", tempDir("pg-unused"), "--applications", String(options.pgApplications), "--sessions", String(options.pgSessions), "--drafts", String(options.drafts)], env)).result;
    largeStoreFigures("postgres", pgLarge);

    step(`postgresql: the officers' web page on that store (${options.webRequests} requests per figure)`);
    webFigures("postgres", await web(tempDir("pg-unused"), env));

    step(`postgresql: engine only (one process, no HTTP), ${options.pgUsers} users`);
    engineFigures("postgres.engine_only", await users(tempDir("pg-unused"), options.pgUsers, "pe", env), TARGETS.pgP99);

    step(`postgresql: two instances in webhook mode behind a round-robin proxy, ${options.webhookUsers} users (Telegram and Zalo), one instance killed after ${options.killAfterSeconds} s`);
    const webhook = (
      await runChild<WebhookResult>(
        join(BENCH_DIR, "webhook.ts"),
        ["--main", mainJs, "--users", String(options.webhookUsers), "--active", String(options.webhookActive), "--inflight", String(options.webhookInflight), "--kill-after-seconds", String(options.killAfterSeconds), "--budget-seconds", String(options.budgetSeconds)],
        env,
      )
    ).result;
    webhookFigures(webhook);
  }
} finally {
  await postgres?.stop();
  if (!keep) for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  else console.error(`kept: ${temps.join(" ")}`);
}

const durationMs = performance.now() - started;
report.add("bench.duration", durationMs / 1000, "s");
const failed = report.failures();
console.log(failed.length === 0 ? "# all targets PASS" : `# targets FAIL: ${failed.map((f) => f.name).join(", ")}`);
const resultsPath = join(BENCH_DIR, "results.json");
writeFileSync(
  resultsPath,
  `${JSON.stringify({ machine: { ...info, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) }, options: { ...options, quick }, durationMs, figures: report.figures, details }, null, 2)}\n`,
);
console.log(`# written to ${resultsPath}`);

/** wallMs: from spawning the process to its first reply (the result line is printed right after it). */
async function startup(dataDir: string): Promise<{ wallMs: number; result: StartupResult }> {
  const outcome = await runChild<StartupResult>(join(BENCH_DIR, "startup.ts"), ["--data-dir", dataDir]);
  return { wallMs: outcome.resultAtMs, result: outcome.result };
}

function startupFigures(name: string, runs: { wallMs: number; result: StartupResult }[]): void {
  details[`startup_${name}`] = runs;
  const med = (pick: (r: { wallMs: number; result: StartupResult }) => number) => median(runs.map(pick));
  report.add(`startup.${name}.to_first_reply`, med((r) => r.wallMs), "ms", TARGETS.startup);
  report.add(`startup.${name}.imports`, med((r) => r.result.importsMs), "ms");
  report.add(`startup.${name}.create_app`, med((r) => r.result.createAppMs), "ms");
  report.add(`startup.${name}.first_handle`, med((r) => r.result.firstHandleMs), "ms");
  report.add(`startup.${name}.rss`, med((r) => r.result.rssBytes) / MB, "MB at the first reply");
}

function largeStoreFigures(name: string, large: LargeStoreResult): void {
  details[`store_${name}`] = large;
  report.add(`store.${name}.sessions`, large.sessions, `sessions (${large.drafts} with a draft)`);
  report.add(`store.${name}.applications`, large.applications, "applications");
  if (large.totalBytes > 0) report.add(`store.${name}.size`, large.totalBytes / MB, "MB of files");
  report.add(`store.${name}.generated_in`, large.generatedMs / 1000, "s (harvest from real engine runs + restore through the port + check)");
}

async function users(dataDir: string, count: number, idPrefix: string, env: NodeJS.ProcessEnv = {}): Promise<UsersResult> {
  const args = ["--data-dir", dataDir, "--users", String(count), "--active", String(options.active), "--inflight", String(options.inflight), "--budget-seconds", String(options.budgetSeconds), "--id-prefix", idPrefix];
  return (await runChild<UsersResult>(join(BENCH_DIR, "users.ts"), args, env)).result;
}

function engineFigures(name: string, r: UsersResult, p99: (typeof TARGETS)["p99"] | (typeof TARGETS)["pgP99"]): void {
  details[`engine_${name}`] = r;
  const p = `engine.${name}`;
  report.add(`${p}.users`, r.started, `users (${options.active} conversations in progress, ${options.inflight} messages in flight; ${r.storage})`);
  if (r.started < r.users) console.log(`# ${p}: the ${options.budgetSeconds} s budget ran out after ${r.started} of ${r.users} users; figures are for those`);
  report.add(`${p}.messages`, r.messages, "messages");
  report.add(`${p}.submitted`, r.submitted, "applications");
  report.add(`${p}.throughput`, r.messagesPerSecond, "msg/s", TARGETS.throughput);
  report.add(`${p}.latency_p50`, r.latency.p50, "ms");
  report.add(`${p}.latency_p99`, r.latency.p99, "ms", p99);
  report.add(`${p}.latency_max`, r.latency.max, "ms");
  for (const kind of ["question", "eligibility", "form-answer", "submit"]) {
    const k = r.byKind[kind];
    if (k) report.add(`${p}.latency_p99.${kind}`, k.p99, `ms (${k.count} messages, p50 ${k.p50.toFixed(2)} ms)`);
  }
  report.add(`${p}.peak_rss`, r.peakRssBytes / MB, "MB", name === "lowdb" ? TARGETS.rss : undefined);
  const m = r.memoryAtPeak;
  report.add(`${p}.heap_at_peak_rss`, m.heapTotal / MB, `MB of V8 heap (${(m.heapUsed / MB).toFixed(0)} MB used; ${(r.liveHeapBytes / MB).toFixed(0)} MB live after the run), ${(m.arrayBuffers / MB).toFixed(0)} MB in buffers`);
  report.add(`${p}.cpu`, r.cpuCores, "cores busy on average (this process)");
  report.add(`${p}.event_loop_delay_max`, r.eventLoopDelay.max, "ms");
  report.add(`${p}.create_app`, r.openMs, "ms (knowledge base + opening storage)");
  report.add(`${p}.close_flush`, r.closeMs, "ms");
  for (const g of r.fileGroups) {
    const largest = g.files > 1 && g.largest ? `, largest ${g.largest.name} ${(g.largest.bytes / 1024).toFixed(0)} KB` : "";
    report.add(`${p}.data.${g.group}`, g.totalBytes / 1024, `KB in ${g.files} file${g.files > 1 ? "s" : ""}${largest}`);
  }
  const v = r.verification;
  const ok = v.sessions === v.expectedSessions && v.applications === v.expectedApplications && r.failureCount === 0 && r.engineErrors === 0;
  report.add(`${p}.verified`, v.applications, `of ${v.expectedApplications} applications, ${v.sessions} of ${v.expectedSessions} sessions, ${r.failureCount} script failures, ${r.engineErrors} engine errors: ${ok ? "OK" : "MISMATCH"}`);
  if (!ok) console.log(`# ${p}: ${JSON.stringify(r.failures.slice(0, 5))}`);
}

async function web(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<WebResult> {
  return (await runChild<WebResult>(join(BENCH_DIR, "web.ts"), ["--data-dir", dataDir, "--requests", String(options.webRequests)], env)).result;
}

function webFigures(name: string, r: WebResult): void {
  details[`web_${name}`] = r;
  const p = `web.${name}`;
  const fmt = (x: { server: LatencySummary; wall: LatencySummary }) => `ms server time (p50 ${x.server.p50.toFixed(1)}; request to last byte p95 ${x.wall.p95.toFixed(1)})`;
  report.add(`${p}.applications`, r.applications, `applications (${r.storage})`);
  report.add(`${p}.list_filtered_p95`, r.filtered.server.p95, `${fmt(r.filtered)}: status + province, pages 1–4 of 50`, TARGETS.webList);
  report.add(`${p}.list_unfiltered_p95`, r.unfiltered.server.p95, fmt(r.unfiltered));
  report.add(`${p}.list_search_p95`, r.text.server.p95, `${fmt(r.text)}: free text "nguyen"`);
  report.add(`${p}.application_p95`, r.one.server.p95, fmt(r.one), TARGETS.webOne);
  report.add(`${p}.list_weight`, r.listWeightBytes / 1024, `KB: the list's HTML (${(r.filtered.bytes / 1024).toFixed(1)} KB, ${r.filtered.rows} rows) and stylesheet, without the chart script`, TARGETS.webWeight);
}

/** `--only-web`: the large stores made again and the web figures alone. */
async function webOnly(): Promise<void> {
  step(`lowdb: generating ${options.applications} applications`);
  const dir = tempDir("web-lowdb");
  largeStoreFigures("lowdb", (await runChild<LargeStoreResult>(join(BENCH_DIR, "make-large-store.ts"), ["--data-dir", dir, "--applications", String(options.applications), "--sessions", String(options.applications), "--drafts", "0"])).result);
  webFigures("lowdb", await web(dir));
  if (!withPostgres) return;
  postgres = await startPostgres();
  const env = { DATABASE_URL: await postgres.createDatabase() };
  step(`postgresql: generating ${options.pgApplications} applications`);
  largeStoreFigures("postgres", (await runChild<LargeStoreResult>(join(BENCH_DIR, "make-large-store.ts"), ["--data-dir", tempDir("pg-unused"), "--applications", String(options.pgApplications), "--sessions", String(options.pgApplications), "--drafts", "0"], env)).result);
  webFigures("postgres", await web(tempDir("pg-unused"), env));
}

function webhookFigures(r: WebhookResult): void {
  details.webhook = r;
  const p = "postgres.webhook";
  report.add(`${p}.users`, r.started, `users, half Telegram, half Zalo (${options.webhookActive} in progress, ${options.webhookInflight} POSTs in flight), ${r.instances} instances`);
  report.add(`${p}.messages`, r.messages, "messages (HTTP POSTs of webhook updates through the proxy)");
  report.add(`${p}.throughput`, r.messagesPerSecond, "msg/s, both instances together", TARGETS.throughput);
  report.add(`${p}.latency_p50`, r.latency.p50, "ms");
  report.add(`${p}.latency_p99`, r.latency.p99, "ms (POST to reply at the stand-in)", TARGETS.pgP99);
  report.add(`${p}.latency_max`, r.latency.max, "ms");
  for (const kind of ["question", "form-answer", "submit"]) {
    const k = r.byKind[kind];
    if (k) report.add(`${p}.latency_p99.${kind}`, k.p99, `ms (${k.count} messages, p50 ${k.p50.toFixed(2)} ms)`);
  }
  const engineOnly = details["engine_postgres.engine_only"] as UsersResult | undefined;
  if (engineOnly) report.add(`${p}.engine_only_beside`, engineOnly.messagesPerSecond, `msg/s, p99 ${engineOnly.latency.p99.toFixed(1)} ms: one process calling the engine directly on the same database`);
  report.add(`${p}.killed_at`, (r.killedAtMs ?? Number.NaN) / 1000, "s: instance 1 killed with SIGKILL");
  report.add(`${p}.acknowledged_submissions`, r.acknowledged, `applications whose code reached the user (${r.createdApplications} stored during the run)`);
  report.add(`${p}.lost_acknowledged`, r.lostAcknowledged, "acknowledged submissions missing from the database", TARGETS.zero);
  report.add(`${p}.duplicate_codes`, r.duplicateCodes + r.duplicateSubmissions, `(${r.duplicateCodes} codes given to two users, ${r.duplicateSubmissions} second applications from one submission)`, TARGETS.zero);
  report.add(`${p}.notifications_missing`, r.notifications.missing, `of ${r.notifications.expected} officer notifications (Telegram group + Zalo officer) not delivered after ${(r.notifications.waitMs / 1000).toFixed(1)} s`, TARGETS.zero);
  report.add(`${p}.notifications_duplicated`, r.notifications.duplicatesTelegram + r.notifications.duplicatesZalo, `officer notifications delivered twice (${r.notifications.duplicatesTelegram} Telegram, ${r.notifications.duplicatesZalo} Zalo): at-least-once delivery`);
  report.add(`${p}.users_cut_off`, r.interruptedUsers, `users whose message got no reply when the instance died (${r.unanswered} messages; ${r.retried} POSTs retried)`);
  report.add(`${p}.script_failures`, r.failureCount, "users whose conversation went wrong", TARGETS.zero);
  report.add(`${p}.driver_cpu`, r.driverCpuCores, "cores busy in the driver (stand-ins, proxy, simulated users)");
  if (r.failureCount > 0) console.log(`# ${p}: ${JSON.stringify(r.failures.slice(0, 5))}`);
  if (r.logs.length > 0) console.log(`# ${p}: bot logs (first lines): ${JSON.stringify(r.logs.slice(0, 5))}`);
}
