import { ConfigError } from "../config.ts";
import { KnowledgeBaseError } from "../kb/load.ts";

/** Runs a CLI body; known faults print their Vietnamese message (no stack trace) and exit 1. */
export function runCli(body: () => Promise<void>): void {
  body().catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof KnowledgeBaseError) console.error(error.message);
    else console.error(`Lỗi: ${(error as Error)?.message ?? String(error)}`);
    process.exitCode = 1;
  });
}
