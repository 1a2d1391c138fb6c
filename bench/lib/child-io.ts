import { fileURLToPath } from "node:url";

/**
 * What a bench child needs to read its options and print its result, apart
 * from child.ts (which spawns and bundles children, and so loads esbuild: a
 * child importing it would count ~70 ms of esbuild in its own start-up).
 */
export const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));
export const ROOT_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** The last line a child prints starting with this marker carries its JSON result. */
export const RESULT_MARKER = "@@bench-result ";

export function emitResult(result: unknown): void {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

export function argValue(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? (process.argv[at + 1] as string) : fallback;
}

export function argNumber(name: string, fallback: number): number {
  const value = Number(argValue(name, String(fallback)));
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number`);
  return value;
}
