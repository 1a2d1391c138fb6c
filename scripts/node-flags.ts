import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The Node flags of `npm start` (read from package.json, so that the bench
 * and the tests' bot processes run with exactly those): source maps, so that
 * stack traces point into src/*.ts, and a V8 heap held nearer its live size
 * (see the README's Performance section). Apart from scripts/build.ts so
 * that a bundled bench child can use it without loading esbuild.
 */
export function productionNodeFlags(root: string): string[] {
  const start = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  const command = /\bnode((?: --[\w-]+(?:=\S+)?)*) dist\/main\.js/.exec(start);
  if (!command) throw new Error(`package.json "start" does not run node … dist/main.js: ${start}`);
  return (command[1] as string).trim().split(/\s+/).filter((flag) => flag !== "");
}
