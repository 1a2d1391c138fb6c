import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { appendFile, chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { migrate } from "../../src/store/postgres/index.ts";
import { freePort } from "./ports.ts";

const run = promisify(execFile);

/** A throwaway PostgreSQL server for one test file. */
export interface TestPostgres {
  /** A connection URL for database `dbName` (trust auth: any password is accepted). */
  url(dbName: string, password?: string): string;
  /** A new database with every migration applied (copied from a migrated template), or an empty one; its URL. */
  createDatabase(options?: { empty?: boolean }): Promise<string>;
  /** Stops the server at once (as a crash would) and removes its folder. */
  stop(): Promise<void>;
  /** Stops the server at once and starts it again on the same port, data kept. */
  restart(): Promise<void>;
  /** Stops the server at once, data kept (the database going away). */
  halt(): Promise<void>;
  /** Starts a halted server again. */
  resume(): Promise<void>;
}

/** Debian's server binaries: on PATH here, else in /usr/lib/postgresql/<version>/bin (highest version). */
function binDir(): string {
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("PostgreSQL server binaries not found (initdb): install the Debian package postgresql");
  return join(root, newest, "bin");
}


/**
 * Starts a server in a temporary folder, listening on 127.0.0.1 at a free
 * port and on a unix socket in that folder, trust auth. PostgreSQL refuses to
 * run as root, so as root (here and in CI) it runs as the `postgres` user,
 * which owns the folder.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const dir = await mkdtemp(join(tmpdir(), "kc-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const exec = (command: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", join(bin, command), ...args], { cwd: dir }) : run(join(bin, command), args, { cwd: dir });
  const port = await freePort();
  await exec("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
  // A disposable test server: no fsync (a crash of the server process still loses nothing, only an OS crash
  // would). synchronous_commit stays on: with it off, a commit acknowledged just before `halt` could be lost.
  await appendFile(
    join(data, "postgresql.conf"),
    [`port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`, "fsync = off", "full_page_writes = off", "max_connections = 200", ""].join("\n"),
  );
  const start = () => exec("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "30", "start"]);
  const halt = async () => {
    await exec("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
  };
  await start();
  const url = (dbName: string, password?: string) => `postgresql://postgres${password ? `:${password}` : ""}@127.0.0.1:${port}/${dbName}`;

  const admin = new pg.Client({ connectionString: url("postgres") });
  await admin.connect();
  await admin.query("CREATE DATABASE kc_template");
  await admin.end();
  await migrate(url("kc_template"));
  let counter = 0;

  return {
    url,
    async createDatabase(options = {}) {
      const name = `kc_test_${++counter}`;
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${options.empty ? "template0" : "kc_template"}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      await halt().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await halt();
      await start();
    },
    halt,
    async resume() {
      await start();
    },
  };
}
