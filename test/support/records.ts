import type { Session } from "../../src/engine/session.ts";

/** A Zalo user's session at the menu with a draft holding `answers`, as the store keeps it (`extra` overrides). */
export function zaloSession(userId: string, answers: Record<string, string>, extra: Partial<Session> = {}): Session {
  return {
    key: `zalo:${userId}`,
    channel: "zalo",
    userId,
    chatId: userId,
    state: { name: "menu" },
    offered: [],
    eligibility: {},
    draft: { startedAt: 1, updatedAt: 1, answers, skipped: [] },
    createdAt: 1,
    updatedAt: 1,
    ...extra,
  };
}
