import type { Config } from "../config.ts";
import type { Storage, StorageError } from "../domain/storage.ts";
import type { Logger } from "../logger.ts";
import { LowdbStorage } from "./lowdb/lowdb-storage.ts";

export interface OpenStorageOptions {
  logger: Logger;
  clock?: () => Date;
  /** Reads only: no lock and nothing written (the officer CLI beside a running bot). */
  readOnly?: boolean;
  /** A data file found damaged after start-up (lowdb loads session files when first needed). */
  onDamaged?: (error: StorageError) => void;
}

/** PostgreSQL when DATABASE_URL is set, else the lowdb files in DATA_DIR: the only place that picks an adapter. */
export async function openStorage(config: Config, options: OpenStorageOptions): Promise<Storage> {
  if (config.DATABASE_URL) {
    // Loaded only when used: a lowdb deployment never loads the PostgreSQL client.
    const { openPostgresStorage } = await import("./postgres/index.ts");
    return openPostgresStorage({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, clock: options.clock, logger: options.logger });
  }
  return LowdbStorage.open(config.DATA_DIR, { clock: options.clock, flushMs: config.SESSION_FLUSH_MS, readOnly: options.readOnly, onDamaged: options.onDamaged });
}
