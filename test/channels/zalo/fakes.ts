import type { Engine } from "../../../src/engine/contract.ts";
import type { Inbound, Reply } from "../../../src/engine/types.ts";
import { TestOutbox } from "../../support/test-outbox.ts";
import { createLogger, type Logger } from "../../../src/logger.ts";

/** An engine stand-in: records every inbound and answers through `respond`. */
export function fakeEngine(respond: (inbound: Inbound) => Reply[] | Promise<Reply[]> = echo) {
  const received: Inbound[] = [];
  const engine: Engine = {
    async handle(inbound) {
      received.push(inbound);
      return respond(inbound);
    },
  };
  return { engine, received };
}

/** Echoes text, names the kind of everything else. */
export function echo(inbound: Inbound): Reply[] {
  if (inbound.kind === "text") return [{ text: `Bạn nói: ${inbound.text}` }];
  if (inbound.kind === "command") return [{ text: `Lệnh: ${inbound.command}` }];
  return [{ text: `Loại: ${inbound.kind}` }];
}

/** The in-memory storage's queue (see TestOutbox). */
export function memoryOutbox(): TestOutbox {
  return new TestOutbox();
}

/** A logger that keeps its lines, to check what reaches the logs (and what must not). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger("debug", (line) => lines.push(line)), { lines });
}
