import { spawn } from "node:child_process";
import { basename, join } from "node:path";
import { bundle, productionNodeFlags } from "../../scripts/build.ts";
import { BENCH_DIR, RESULT_MARKER, ROOT_DIR } from "./child-io.ts";

export { argNumber, argValue, BENCH_DIR, emitResult, RESULT_MARKER, ROOT_DIR } from "./child-io.ts";

export interface ChildOutcome<T> {
  result: T;
  /** Wall-clock time from spawn to exit, in ms. */
  wallMs: number;
  /** Wall-clock time from spawn to the result line, in ms. */
  resultAtMs: number;
}

/** Where the child scripts are bundled: as deep as bench/, so their paths relative to the project hold. */
const BUILD_DIR = join(BENCH_DIR, ".build");

/** Bundles the child scripts as production is bundled (scripts/build.ts), once per bench run. */
export async function buildChildren(scripts: string[]): Promise<void> {
  await bundle(scripts, BUILD_DIR);
}

/**
 * Runs a bench script, bundled by `buildChildren`, in a fresh Node process
 * with production's flags, so that its memory, module loading and start-up
 * are its own and those of what `npm start` runs; resolves with the JSON it
 * printed after RESULT_MARKER. Its other output goes to our stderr.
 */
export function runChild<T>(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ChildOutcome<T>> {
  const started = performance.now();
  const bundled = join(BUILD_DIR, basename(script).replace(/\.ts$/, ".js"));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...productionNodeFlags(), bundled, ...args], {
      cwd: ROOT_DIR,
      env: { ...process.env, NODE_ENV: "production", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let result: T | undefined;
    let resultAtMs = 0;
    let buffer = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith(RESULT_MARKER)) {
          result = JSON.parse(line.slice(RESULT_MARKER.length)) as T;
          resultAtMs = performance.now() - started;
        } else if (line.trim() !== "") process.stderr.write(`  [${script}] ${line}\n`);
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) if (line.trim() !== "" && !/Unknown user config/.test(line)) process.stderr.write(`  [${script}] ${line}\n`);
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const wallMs = performance.now() - started;
      if (code === 0 && result !== undefined) resolve({ result, wallMs, resultAtMs });
      else reject(new Error(`${script} ${args.join(" ")} ended with ${signal ?? `code ${code}`}${result === undefined ? " without a result" : ""}`));
    });
  });
}

/** `--name value` from argv, or the fallback. */
