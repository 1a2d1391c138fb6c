import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { JsonFile } from "../../src/store/json-file.ts";
import { useTempDirs } from "../support/app.ts";

const schema = z.object({ items: z.array(z.number()) });
const newDir = useTempDirs("kc-jsonfile-");

describe("JsonFile writes", () => {
  it("resolves each of many concurrent writes only once its change is on disk", async () => {
    const dir = newDir();
    const path = join(dir, "items.json");
    const file = await JsonFile.open(path, schema, { items: [] });
    const onDiskWhenResolved: number[][] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        file.data.items.push(i);
        await file.write();
        onDiskWhenResolved.push(JSON.parse(readFileSync(path, "utf8")).items);
      }),
    );
    onDiskWhenResolved.forEach((items, n) => expect(items.length, `write ${n}`).toBeGreaterThanOrEqual(n + 1));
    expect(JSON.parse(readFileSync(path, "utf8")).items).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("keeps writing after a failed write, and the next write carries the failed change", async () => {
    const root = newDir();
    const dir = join(root, "data");
    mkdirSync(dir);
    const path = join(dir, "items.json");
    const file = await JsonFile.open(path, schema, { items: [] }, { backupEveryMs: 3_600_000 });
    rmSync(dir, { recursive: true });
    file.data.items.push(1);
    await expect(file.write()).rejects.toThrow();
    mkdirSync(dir);
    file.data.items.push(2);
    await file.write();
    expect(JSON.parse(readFileSync(path, "utf8")).items).toEqual([1, 2]);
    await file.flush();
  });
});
