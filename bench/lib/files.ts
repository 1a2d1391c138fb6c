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

/** What kind of data file a name is: session shards, application shards, or a single file. */
export function groupOf(name: string): string {
  if (/^sessions-\d+\.json$/.test(name)) return "sessions";
  if (/^applications-\d{4}-\d+\.json$/.test(name)) return "applications";
  if (name.endsWith(".bak")) return "backups";
  return name.replace(/\.json$/, "");
}

/** Every file in the data directory (not the lock), with its size. */
export function dataFiles(dir: string): DataFileSize[] {
  return readdirSync(dir)
    .filter((name) => name !== ".lock")
    .map((name) => ({ name, bytes: statSync(join(dir, name)).size }))
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
