/**
 * `npm run build`: the production bundle that `npm start` runs (dist/main.js).
 *
 * Running TypeScript through tsx costs about 0.4 s at every start-up (its
 * loader thread, and transpiling each module as it is imported), which was
 * most of the 1 s start-up budget; a bundle loads as plain JavaScript. npm
 * packages stay external (loaded from node_modules), and code split at the
 * dynamic imports, so that the Telegram, Zalo and export code (exceljs) is
 * only loaded when used. The bench builds its child scripts the same way, so
 * that it measures what production runs.
 */
import { build, type BuildOptions } from "esbuild";
import { cpSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { productionNodeFlags as nodeFlags } from "./node-flags.ts";

export const ROOT_DIR = fileURLToPath(new URL("..", import.meta.url));

/** The Node flags of `npm start` (see node-flags.ts), for this project. */
export function productionNodeFlags(root = ROOT_DIR): string[] {
  return nodeFlags(root);
}

export const BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
};

/** Worker threads, each written beside the chunks, where src/worker-thread.ts looks for them: the document renderer (src/documents/render-pool.ts) and lowdb's disk thread. */
const WORKERS = [
  { in: "src/documents/render-worker.ts", out: "render-worker" },
  { in: "src/store/lowdb/disk-worker.ts", out: "disk-worker" },
];

/**
 * Bundles `entries` into `outdir` (which must sit inside the project, for
 * node_modules to resolve), with the PostgreSQL migrations beside the chunks:
 * the adapter reads them from `./migrations/` relative to its own module,
 * which is src/store/postgres under tsx and `outdir` in a bundle (all chunks
 * are written flat into it).
 */
export async function bundle(entries: string[], outdir: string): Promise<void> {
  await build({ ...BUNDLE_OPTIONS, entryPoints: [...entries, ...WORKERS], outdir, absWorkingDir: ROOT_DIR });
  cpSync(join(ROOT_DIR, "src/store/postgres/migrations"), resolve(ROOT_DIR, outdir, "migrations"), { recursive: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle(["src/main.ts"], "dist");
}
