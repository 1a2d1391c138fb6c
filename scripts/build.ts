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
import { fileURLToPath } from "node:url";

export const ROOT_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Node flags production runs the bundle with: stack traces point into src/*.ts. */
export const NODE_FLAGS = ["--enable-source-maps"];

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

/** Bundles `entries` into `outdir` (which must sit inside the project, for node_modules to resolve). */
export async function bundle(entries: string[], outdir: string): Promise<void> {
  await build({ ...BUNDLE_OPTIONS, entryPoints: entries, outdir, absWorkingDir: ROOT_DIR });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle(["src/main.ts"], "dist");
}
