import { join } from "node:path";
import { loadConfig, type Config } from "../../src/config.ts";
import { ROOT_DIR } from "./child-io.ts";

/**
 * The configuration of a production Zalo deployment with one officer to notify
 * (so each submission also queues a notification in the outbox), the default
 * SESSION_FLUSH_MS, and a flood limit high enough not to interfere. Storage is
 * PostgreSQL when DATABASE_URL is set (as for every entry point), else the
 * lowdb files in `dataDir`.
 */
export function benchConfig(dataDir: string): Config {
  return loadConfig({
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL ?? "",
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? "",
    KNOWLEDGE_DIR: join(ROOT_DIR, "knowledge"),
    FLOOD_MAX_MESSAGES: "10000",
    ZALO_BOT_TOKEN: "123456789:bench-token",
    ZALO_OFFICER_IDS: "benchofficer",
  });
}
