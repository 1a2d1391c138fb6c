import { createFloodGate, type FloodGate } from "../../src/channels/flood-gate.ts";

/** A flood gate scripted conversations never reach (they type faster than any person); flood tests build their own. */
export function generousFloodGate(): FloodGate {
  return createFloodGate({ FLOOD_MAX_MESSAGES: 10_000, FLOOD_WINDOW_SECONDS: 1 });
}
