import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DiskThread } from "../../src/store/lowdb/disk-thread.ts";

/**
 * lowdb's durable writes run their file system steps on a thread of their own
 * (src/store/lowdb/disk-thread.ts): the steps must do on the thread what they
 * do here, report file system errors with their code (a full disk is told
 * from other failures by it), and still run when no thread can start.
 */
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop() as string, { recursive: true, force: true });
});
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "kc-disk-thread-"));
  dirs.push(d);
  return d;
}

async function replaceTwice(thread: DiskThread, root: string): Promise<void> {
  const path = join(root, "sessions.json");
  for (const [n, text] of ["Cơ sở may Lan Anh", "Cơ sở may Lan Anh, 0987654321"].entries()) {
    const temp = join(root, `.sessions.json.${n}.tmp`);
    writeFileSync(temp, text);
    // The first made durable on its own (as a commit marker's files are), the second within its replace.
    if (n === 0) await thread.run({ op: "syncFiles", paths: [temp] });
    await thread.run({ op: "replace", path, temp, previous: `${path}.prev`, keepPrevious: true, syncTemp: n > 0, syncDirectory: root });
  }
}

describe("the disk thread", () => {
  it("syncs, replaces keeping the previous copy, and syncs the folder on a thread of its own", async () => {
    const root = dir();
    const thread = new DiskThread("disk-worker");
    await replaceTwice(thread, root);
    expect(thread.onThread).toBe(true);
    expect(readFileSync(join(root, "sessions.json"), "utf8")).toBe("Cơ sở may Lan Anh, 0987654321");
    expect(readFileSync(join(root, "sessions.json.prev"), "utf8")).toBe("Cơ sở may Lan Anh");
    expect(existsSync(join(root, ".sessions.json.1.tmp"))).toBe(false);
    await thread.run({ op: "syncDirectory", dir: root });
  });

  it("rejects with the file system error and its code", async () => {
    const root = dir();
    const thread = new DiskThread("disk-worker");
    const missing = thread.run({ op: "replace", path: join(root, "a.json"), temp: join(root, "gone.tmp"), previous: join(root, "a.json.prev"), keepPrevious: true, syncTemp: false });
    await expect(missing).rejects.toMatchObject({ code: "ENOENT", syscall: "rename" });
    await expect(thread.run({ op: "syncFiles", paths: [join(root, "no-such-file.tmp")] })).rejects.toMatchObject({ code: "ENOENT", syscall: "open" });
    await expect(thread.run({ op: "remove", path: join(root, "commit-gone.json"), syncDirectory: root })).rejects.toMatchObject({ code: "ENOENT", syscall: "unlink" });
    expect(thread.onThread).toBe(true);
  });

  it("runs the steps here when its thread cannot start, those already sent included", async () => {
    const root = dir();
    const thread = new DiskThread("no-such-worker");
    await replaceTwice(thread, root);
    expect(thread.onThread).toBe(false);
    expect(readFileSync(join(root, "sessions.json"), "utf8")).toBe("Cơ sở may Lan Anh, 0987654321");
  });
});
