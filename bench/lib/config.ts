import { join } from "node:path";
import { loadConfig, type Config } from "../../src/config.ts";
import { ROOT_DIR } from "./child.ts";

/**
 * The configuration of a production Zalo deployment with one officer to notify
 * (so each submission also queues a notification in the outbox), the default
 * SESSION_FLUSH_MS, and a flood limit high enough not to interfere.
 */
export function benchConfig(dataDir: string): Config {
  return loadConfig({
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR: join(ROOT_DIR, "knowledge"),
    FLOOD_MAX_MESSAGES: "10000",
    ZALO_BOT_TOKEN: "123456789:bench-token",
    ZALO_OFFICER_IDS: "benchofficer",
  });
}
