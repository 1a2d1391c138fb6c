import type { Config } from "../config.ts";
import type { Channel } from "./types.ts";

/** Who may act as an officer on each channel, and where new submissions are sent. */
export interface OfficerDirectory {
  isOfficer(channel: Channel, userId: string): boolean;
  /** Chats that receive every new submission. */
  destinations(): { channel: Channel; chatId: string }[];
}

/** Officers from config: Telegram and Zalo ids, and the terminal user when TERMINAL_OFFICER=1. */
export function officersFromConfig(config: Config): OfficerDirectory {
  const ids: Record<Channel, Set<string>> = {
    telegram: new Set(config.TELEGRAM_OFFICER_IDS),
    zalo: new Set(config.ZALO_OFFICER_IDS),
    terminal: new Set(config.TERMINAL_OFFICER === "1" ? ["local"] : []),
  };
  const destinations: { channel: Channel; chatId: string }[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    if (config.TELEGRAM_OFFICER_CHAT_ID) destinations.push({ channel: "telegram", chatId: config.TELEGRAM_OFFICER_CHAT_ID });
    else for (const id of ids.telegram) destinations.push({ channel: "telegram", chatId: id });
  }
  if (config.ZALO_BOT_TOKEN) for (const id of ids.zalo) destinations.push({ channel: "zalo", chatId: id });
  for (const id of ids.terminal) destinations.push({ channel: "terminal", chatId: id });
  return {
    isOfficer: (channel, userId) => ids[channel].has(userId),
    destinations: () => destinations,
  };
}
