import { basename } from "node:path";
import { performance } from "node:perf_hooks";
import { JsonFile } from "../../src/store/json-file.ts";
import { groupOf } from "./files.ts";

interface Tally {
  count: number;
  totalMs: number;
  maxMs: number;
  bytes: number;
}

export type WriteTrace = Record<string, Tally>;

/**
 * Diagnostics (`--trace`): times every data-file write (JsonFile.writeNow,
 * including waiting for the disk) by kind of file, and every JSON.stringify
 * producing more than 10 KB (synchronous CPU time that blocks the event loop),
 * by the data's first key (sessions, applications, items = outbox, questions).
 */
export function traceWrites(): () => WriteTrace {
  const tallies: WriteTrace = {};
  const add = (key: string, ms: number, bytes = 0) => {
    const t = (tallies[key] ??= { count: 0, totalMs: 0, maxMs: 0, bytes: 0 });
    t.count++;
    t.totalMs += ms;
    t.maxMs = Math.max(t.maxMs, ms);
    t.bytes += bytes;
  };
  const proto = JsonFile.prototype as unknown as { writeNow: (this: { path: string }) => Promise<void> };
  const writeNow = proto.writeNow;
  proto.writeNow = async function (this: { path: string }) {
    const t0 = performance.now();
    await writeNow.call(this);
    add(`write:${groupOf(basename(this.path))}`, performance.now() - t0);
  };
  const stringify = JSON.stringify;
  JSON.stringify = function (...args: Parameters<typeof JSON.stringify>) {
    const t0 = performance.now();
    const out = stringify.apply(JSON, args);
    if (typeof out === "string" && out.length > 10_000) {
      const value = args[0] as Record<string, unknown> | null;
      const what = value && typeof value === "object" ? (Object.keys(value)[0] ?? "?") : typeof value;
      add(`stringify>10KB:${what}`, performance.now() - t0, out.length);
    }
    return out;
  } as typeof JSON.stringify;
  return () => tallies;
}
