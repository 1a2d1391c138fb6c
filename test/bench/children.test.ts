import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BENCH_DIR } from "../../bench/lib/child.ts";
import { bundle, ROOT_DIR } from "../../scripts/build.ts";

/**
 * The bench's children run bundled, as production does. A child that pulled
 * in scripts/build.ts would load esbuild (start-up figures off by its import)
 * and, bundled, run that script's own build at import with the wrong root:
 * the two-instance PostgreSQL run died that way before it started.
 */
mkdirSync(join(ROOT_DIR, ".scratch"), { recursive: true });
const out = mkdtempSync(join(ROOT_DIR, ".scratch", "bench-children-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the bench children, bundled", () => {
  it("load no bundler", async () => {
    const children = ["search.ts", "make-large-store.ts", "startup.ts", "users.ts", "webhook.ts", "web.ts"];
    await bundle(children.map((c) => join(BENCH_DIR, c)), out);
    const js = readdirSync(out).filter((name) => name.endsWith(".js"));
    expect(js).toEqual(expect.arrayContaining(children.map((c) => c.replace(/\.ts$/, ".js"))));
    const withEsbuild = js.filter((name) => /from "esbuild"|import\("esbuild"\)/.test(readFileSync(join(out, name), "utf8")));
    expect(withEsbuild).toEqual([]);
  }, 60_000);
});
