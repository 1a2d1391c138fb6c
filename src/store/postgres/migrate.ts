import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { StorageError } from "../../domain/storage.ts";
import type { Logger } from "../../logger.ts";
import { storageError } from "./errors.ts";

/**
 * The migrations folder: beside this file when run from src (tsx), and
 * dist/migrations in the bundle that `npm start` runs (scripts/build.ts copies
 * the .sql files there; every bundle chunk sits flat in its outdir, so the
 * same relative URL finds them).
 */
const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

/** Any constant: serialises migrations of every instance on one database. */
const MIGRATION_LOCK = 7_230_131_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The .sql files of the migrations folder, in name order (0001_…, 0002_…). */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  if (!existsSync(dir)) throw new StorageError(dir, "Không tìm thấy thư mục migrations của PostgreSQL (chạy lại npm run build).");
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${dir}/${file}`, "utf8");
      return { name: file.replace(/\.sql$/, ""), sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Applies the migrations not applied yet, each in its own transaction with
 * its row in `schema_migrations`, under a session advisory lock so that
 * instances starting together apply each once. Returns the names applied now.
 */
export async function applyMigrations(client: pg.ClientBase, logger?: Pick<Logger, "info" | "warn">, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
  try {
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    const { rows } = await client.query<{ name: string; checksum: string }>("SELECT name, checksum FROM schema_migrations");
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    const applied: string[] = [];
    for (const m of migrations) {
      const checksum = done.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) logger?.warn("postgres", "migration changed after it was applied (not applied again)", { migration: m.name });
        continue;
      }
      try {
        await client.query("BEGIN");
        await client.query(m.sql);
        await client.query("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
      logger?.info("postgres", "migration applied", { migration: m.name });
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
  }
}

/** `npm run db:migrate`: applies pending migrations to the database at `url`; returns their names. */
export async function migrate(url: string, logger?: Pick<Logger, "info" | "warn">): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return await applyMigrations(client, logger);
  } catch (error) {
    throw storageError(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
