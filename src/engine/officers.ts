import type { Config } from "../config.ts";
import type { OfficersFile, OfficerTeam } from "./officer-config.ts";
import type { Channel } from "./types.ts";

/** What one officer may see and act on: every province (national role), or the listed ones. */
export type OfficerScope = { all: true } | { all: false; provinces: string[] };

export interface Destination {
  channel: Channel;
  chatId: string;
}

/** Who may act as an officer on each channel, on which provinces, and where new submissions are sent. */
export interface OfficerDirectory {
  isOfficer(channel: Channel, userId: string): boolean;
  /** The provinces this user may act on; undefined when the user is no officer. */
  scope(channel: Channel, userId: string): OfficerScope | undefined;
  /**
   * Chats that receive a notice about `province`: its own team when it has one
   * (only them), else the national officers. Without a province: the national officers.
   */
  destinations(province?: string): Destination[];
}

/** Whether a scope covers a province; a record without a province is for the national role only. */
export function inScope(scope: OfficerScope | undefined, province: string | undefined): boolean {
  if (!scope) return false;
  if (scope.all) return true;
  return province !== undefined && scope.provinces.includes(province);
}

/**
 * The scope of one officer, for the officers' web page and the CLI: the same
 * rule as the chat commands (issue 17).
 */
export function officerScope(officers: OfficerDirectory, channel: Channel, userId: string): OfficerScope | undefined {
  return officers.scope(channel, userId);
}

function teamDestinations(team: OfficerTeam, config: Pick<Config, "TELEGRAM_BOT_TOKEN" | "ZALO_BOT_TOKEN">): Destination[] {
  const out: Destination[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    if (team.telegramChat) out.push({ channel: "telegram", chatId: team.telegramChat });
    else for (const id of team.telegram) out.push({ channel: "telegram", chatId: id });
  }
  if (config.ZALO_BOT_TOKEN) for (const id of team.zalo) out.push({ channel: "zalo", chatId: id });
  return out;
}

/**
 * Officers from config: the environment's Telegram and Zalo ids (and the
 * terminal user when TERMINAL_OFFICER=1) are the national role, joined by the
 * officers file's `national` team; each province of the file has its own team.
 */
export function officersFromConfig(config: Config, file?: OfficersFile): OfficerDirectory {
  const national: OfficerTeam = {
    telegram: [...config.TELEGRAM_OFFICER_IDS, ...(file?.national?.telegram ?? [])],
    zalo: [...config.ZALO_OFFICER_IDS, ...(file?.national?.zalo ?? [])],
    telegramChat: config.TELEGRAM_OFFICER_CHAT_ID ?? file?.national?.telegramChat,
  };
  const terminal = config.TERMINAL_OFFICER === "1" ? ["local"] : [];
  const nationalIds: Record<Channel, Set<string>> = { telegram: new Set(national.telegram), zalo: new Set(national.zalo), terminal: new Set(terminal) };
  // A Telegram group is a chat, not a user: its members act as the team's officers only through their own ids.
  const provincesOf = new Map<string, string[]>();
  for (const [province, team] of Object.entries(file?.provinces ?? {})) {
    for (const id of team.telegram) provincesOf.set(`telegram:${id}`, [...(provincesOf.get(`telegram:${id}`) ?? []), province]);
    for (const id of team.zalo) provincesOf.set(`zalo:${id}`, [...(provincesOf.get(`zalo:${id}`) ?? []), province]);
  }
  const nationalDestinations = [...teamDestinations(national, config), ...terminal.map((id) => ({ channel: "terminal" as const, chatId: id }))];
  const provinceDestinations = new Map(Object.entries(file?.provinces ?? {}).map(([province, team]) => [province, teamDestinations(team, config)]));
  const scope = (channel: Channel, userId: string): OfficerScope | undefined => {
    if (nationalIds[channel].has(userId)) return { all: true };
    const provinces = provincesOf.get(`${channel}:${userId}`);
    return provinces ? { all: false, provinces } : undefined;
  };
  return {
    isOfficer: (channel, userId) => scope(channel, userId) !== undefined,
    scope,
    destinations: (province) => {
      const own = province ? provinceDestinations.get(province) : undefined;
      return own && own.length > 0 ? own : nationalDestinations;
    },
  };
}
