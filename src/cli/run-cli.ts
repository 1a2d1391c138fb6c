import { ConfigError } from "../config.ts";
import { KnowledgeBaseError } from "../kb/load.ts";

/**
 * Runs a CLI body; known faults print their Vietnamese message (no stack
 * trace) and exit 1. A body still waiting when nothing is left to wait for
 * (a promise that can never settle) is a fault too: Node would otherwise exit
 * 0 in silence, and an officer would take the command for done.
 */
export function runCli(body: () => Promise<void>): void {
  let settled = false;
  const unfinished = () => {
    if (settled) return;
    settled = true;
    console.error("Lỗi: lệnh dừng giữa chừng, chưa hoàn tất. Xem lại bằng lệnh list hoặc show rồi thử lại.");
    process.exitCode = 1;
  };
  process.once("beforeExit", unfinished);
  body()
    .catch((error: unknown) => {
      if (error instanceof ConfigError || error instanceof KnowledgeBaseError) console.error(error.message);
      else console.error(`Lỗi: ${(error as Error)?.message ?? String(error)}`);
      process.exitCode = 1;
    })
    .finally(() => {
      settled = true;
      process.off("beforeExit", unfinished);
    });
}
