import { COMMAND_MSG } from "../../engine/messages.ts";

/**
 * The command menus registered with setMyCommands. Names are the ones the
 * engine understands (`{ kind: "command", command }` without the slash);
 * Telegram allows only a–z, 0–9 and _ in names, hence the unaccented words.
 * What each does is worded in the catalogue (COMMAND_MSG).
 */
type Command = keyof typeof COMMAND_MSG;
const menu = (commands: Command[]) => commands.map((command) => ({ command, description: COMMAND_MSG[command] }));

export const publicCommands: ReadonlyArray<{ command: string; description: string }> = menu(["start", "menu", "hoidap", "dieukien", "dangky", "hoso", "canbo", "huy", "help"]);

/** Shown only in the officer group and officers' private chats. */
export const officerCommands: ReadonlyArray<{ command: string; description: string }> = [...publicCommands, ...menu(["xuat", "web"])];
