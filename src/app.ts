import type { Config } from "./config.ts";
import { createEngine, type RunningEngine } from "./engine/engine.ts";
import { officersFromConfig, type OfficerDirectory } from "./engine/officers.ts";
import { openKnowledge, type Knowledge } from "./kb/index.ts";
import type { Logger } from "./logger.ts";
import { openStore, type Store } from "./store/store.ts";

export interface App {
  engine: RunningEngine;
  outbox: Store["outbox"];
  store: Store;
  knowledge: Knowledge;
  officers: OfficerDirectory;
  config: Config;
  /** Waits for in-flight messages, writes everything and releases the data directory. */
  close(): Promise<void>;
}

/** Wires config → knowledge → store → engine; channels are started by main. */
export async function createApp(
  config: Config,
  options: { logger: Logger; clock?: () => Date; lock?: boolean; sessionsInBackground?: boolean },
): Promise<App> {
  const knowledge = openKnowledge(config);
  const store = await openStore(config.DATA_DIR, { sessionFlushMs: config.SESSION_FLUSH_MS, lock: options.lock, sessionsInBackground: options.sessionsInBackground });
  const officers = officersFromConfig(config);
  const engine = createEngine({ knowledge, store, config, officers, logger: options.logger, clock: options.clock ?? (() => new Date()) });
  return {
    engine,
    outbox: store.outbox,
    store,
    knowledge,
    officers,
    config,
    close: async () => {
      await engine.flush();
      await store.close();
    },
  };
}
