import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Flows do not import each other in a circle: a flow that is done says where
 * to go next (`turn.goTo`) and the dispatcher (engine.ts) takes the user there.
 * Checked on the source: every runtime import (not `import type`) under src/engine.
 */
const ROOT = join(import.meta.dirname, "../../src/engine");

function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^import (?!type\b)[^;]*?from "(\.[^"]+)";/gm)].map((m) => normalize(join(dirname(file), m[1] as string)));
}

function cycles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, runtimeImports(f).filter((d) => files.includes(d))]));
  const found: string[][] = [];
  const visit = (node: string, path: string[]) => {
    for (const next of graph.get(node) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) found.push([...path.slice(at), next]);
      else if (path.length < files.length) visit(next, [...path, next]);
    }
  };
  for (const f of files) visit(f, [f]);
  return found;
}

describe("engine module graph", () => {
  const files = [ROOT, join(ROOT, "flows")].flatMap((dir) => readdirSync(dir).filter((n) => n.endsWith(".ts")).map((n) => join(dir, n)));

  it("has no import cycle among the engine's modules and flows", () => {
    expect(cycles(files).map((c) => c.map((f) => relative(ROOT, f)).join(" → "))).toEqual([]);
  });

  it("lets no flow import the menu to go back to it", () => {
    const flows = files.filter((f) => f.includes("/flows/") && !f.endsWith("menu.ts"));
    for (const f of flows) expect(runtimeImports(f), relative(ROOT, f)).not.toContain(join(ROOT, "flows", "menu.ts"));
  });
});
