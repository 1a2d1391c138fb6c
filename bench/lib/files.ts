import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export interface DataFileSize {
  name: string;
  bytes: number;
}

export interface FileGroup {
  group: string;
  files: number;
  totalBytes: number;
  largest: DataFileSize | undefined;
}

/** What kind of data file a path (relative to DATA_DIR) is: session shards, application files, previous good copies, or a single file. */
export function groupOf(name: string): string {
  if (name.endsWith(".bak") || name.includes(".prev")) return "backups";
  if (name.startsWith("sessions/")) return "sessions";
  if (name.startsWith("applications/")) return "applications";
  return name.replace(/\.json$/, "");
}

/** Every file in the lowdb data directory and its sub-folders (not the lock), with its size. */
export function dataFiles(dir: string, prefix = ""): DataFileSize[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .filter((entry) => entry.name !== ".lock")
    .flatMap((entry) => {
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? dataFiles(dir, name) : [{ name, bytes: statSync(join(dir, name)).size }];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function groupFiles(files: DataFileSize[]): FileGroup[] {
  const groups = new Map<string, FileGroup>();
  for (const file of files) {
    const group = groupOf(file.name);
    const entry = groups.get(group) ?? { group, files: 0, totalBytes: 0, largest: undefined };
    entry.files++;
    entry.totalBytes += file.bytes;
    if (!entry.largest || file.bytes > entry.largest.bytes) entry.largest = file;
    groups.set(group, entry);
  }
  return [...groups.values()];
}
