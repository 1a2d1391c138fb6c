import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { sessionSchema } from "../src/engine/session.ts";
import { applicationSchema } from "../src/store/records.ts";
import { openStore } from "../src/store/store.ts";
const dir = process.argv[2] as string;
let t = performance.now();
const texts = readdirSync(dir).filter(n => n.endsWith(".json")).map(n => [n, readFileSync(join(dir, n), "utf8")] as const);
console.log("read", performance.now() - t); t = performance.now();
const parsed = texts.map(([n, s]) => [n, JSON.parse(s)] as const);
console.log("parse", performance.now() - t); t = performance.now();
const ss = z.object({ sessions: z.record(z.string(), sessionSchema) });
const as = z.object({ applications: z.array(applicationSchema) });
for (const [n, d] of parsed) { if (n.startsWith("sessions")) ss.parse(d); else if (n.startsWith("applications-")) as.parse(d); }
console.log("zod", performance.now() - t); t = performance.now();
for (const [n, d] of parsed) { if (n.startsWith("sessions")) ss.parse(d); else if (n.startsWith("applications-")) as.parse(d); }
console.log("zod again", performance.now() - t); t = performance.now();
const st = await openStore(dir, { sessionFlushMs: 0, lock: false });
console.log("openStore", performance.now() - t, st.sessions.count(), st.applications.count());
