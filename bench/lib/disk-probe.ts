import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { summarize, type LatencySummary } from "./stats.ts";

/**
 * What one durable file write costs on the disk the data lives on, with no
 * bot around it: write a temp file, fsync it, rename it over the file, fsync
 * the folder (lowdb's steps for each acknowledged change, less the hard link
 * that keeps the previous copy), alone and four at once, of 10 KB (a session
 * file holds about ten sessions). The floor under the lowdb latency figures:
 * an acknowledged form answer cannot be faster than this.
 */
export async function probeDurableWrites(parent: string, options: { bytes?: number; writes?: number } = {}): Promise<{ alone: LatencySummary; fourAtOnce: LatencySummary }> {
  const dir = mkdtempSync(join(parent, "kc-disk-probe-"));
  const content = Buffer.alloc(options.bytes ?? 10_000, 0x61);
  const writes = options.writes ?? 200;
  const once = async (name: string): Promise<number> => {
    const started = performance.now();
    const temp = join(dir, `.${name}.tmp`);
    writeFileSync(temp, content);
    const file = await open(temp, "r");
    await file.sync();
    await file.close();
    await rename(temp, join(dir, name));
    const folder = await open(dir, "r");
    await folder.sync();
    await folder.close();
    return performance.now() - started;
  };
  try {
    const alone: number[] = [];
    for (let i = 0; i < writes; i++) alone.push(await once(`f${i % 8}.json`));
    const together: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        for (let i = 0; i < writes / 4; i++) together.push(await once(`g${lane}-${i % 8}.json`));
      }),
    );
    return { alone: summarize(alone), fourAtOnce: summarize(together) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
