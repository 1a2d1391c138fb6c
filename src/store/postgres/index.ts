import type { Storage } from "../../domain/storage.ts";
import { PostgresStorage, type PostgresOptions } from "./storage.ts";

export { migrate } from "./migrate.ts";
export { describeUrl, type PostgresOptions } from "./storage.ts";

/**
 * Opens PostgreSQL storage (DATABASE_URL): a pool of `poolSize` connections,
 * pending migrations applied first unless `migrate` is false. Fails with
 * StorageUnavailableError when the server cannot be reached.
 */
export async function openPostgresStorage(options: PostgresOptions): Promise<Storage> {
  const storage = new PostgresStorage(options);
  try {
    await storage.start();
  } catch (error) {
    await storage.close().catch(() => undefined);
    throw error;
  }
  return storage;
}
