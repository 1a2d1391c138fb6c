/**
 * Every kind of button data the engine makes, in one table: its prefix, how
 * the data is built from a payload and read back, and whether a press on an
 * old message (a button no longer among those last offered) still works.
 * Flows build data with `BUTTON.<kind>.data(payload)` and read a press with
 * `BUTTON.<kind>.read(data)`; none slices strings itself. The formats are the
 * ones already on users' screens and in stored sessions: never change one,
 * add a kind instead.
 */

/** How a kind's payload becomes the text after its prefix, and back (undefined: not data of this kind). */
interface Codec<P> {
  write(payload: P): string;
  read(text: string): P | undefined;
}

/** What the dispatcher needs of any kind: which flow takes it, and whether an old press is honoured. */
export interface ButtonKindInfo {
  readonly prefix: string;
  /** Menu, topic, "apply" and officer buttons stay valid on old messages; the rest only while offered. */
  readonly validWhenOld: boolean;
}

export interface ButtonKind<P> extends ButtonKindInfo {
  data(payload: P): string;
  read(data: string): P | undefined;
}

function kind<P>(letter: string, validWhenOld: boolean, codec: Codec<P>): ButtonKind<P> {
  const prefix = `${letter}:`;
  return {
    prefix,
    validWhenOld,
    data: (payload) => prefix + codec.write(payload),
    read: (data) => (data.startsWith(prefix) ? codec.read(data.slice(prefix.length)) : undefined),
  };
}

const text: Codec<string> = { write: (s) => s, read: (s) => s };

function oneOf<const T extends string>(values: readonly T[]): Codec<T> {
  return { write: (v) => v, read: (s) => (values.includes(s as T) ? (s as T) : undefined) };
}

/** A payload that is a command word, or a value after `<tag>:` (the form's "f:v:hkd", the questionnaire's "e:hkd"). */
function commandOrValue<const C extends string>(commands: readonly C[], valueTag: string, commandTag = ""): Codec<{ command: C } | { value: string }> {
  return {
    write: (p) => ("command" in p ? commandTag + p.command : valueTag + p.value),
    read: (s) => {
      if (commandTag && s.startsWith(commandTag)) {
        const command = s.slice(commandTag.length);
        return commands.includes(command as C) ? { command: command as C } : undefined;
      }
      if (!commandTag && commands.includes(s as C)) return { command: s as C };
      return s.startsWith(valueTag) ? { value: s.slice(valueTag.length) } : undefined;
    },
  };
}

export const MENU_CHOICES = ["qa", "elig", "form", "mine", "officer", "menu"] as const;
export type MenuChoice = (typeof MENU_CHOICES)[number];

export type TopicPress = { show: "list" } | { show: "topic"; id: string } | { show: "details"; id: string };
const topicCodec: Codec<TopicPress> = {
  write: (p) => (p.show === "list" ? "list" : p.show === "details" ? `more:${p.id}` : p.id),
  read: (s) => (s === "list" ? { show: "list" } : s.startsWith("more:") ? { show: "details", id: s.slice(5) } : { show: "topic", id: s }),
};

export const FORM_COMMANDS = ["resume", "discard", "back", "skip", "why", "pause", "cancel", "cancel-yes", "cancel-no", "submit", "review"] as const;
export type FormButtonCommand = (typeof FORM_COMMANDS)[number];

export const OFFICER_ACTIONS = ["rcv", "inf", "pro", "rej"] as const;
export type OfficerAction = (typeof OFFICER_ACTIONS)[number];
const officerCodec: Codec<{ code: string; action: OfficerAction }> = {
  write: (p) => `${p.code}:${p.action}`,
  read: (s) => {
    const [code = "", action = "", ...rest] = s.split(":");
    return rest.length === 0 && code && OFFICER_ACTIONS.includes(action as OfficerAction) ? { code, action: action as OfficerAction } : undefined;
  },
};

const withdrawCodec: Codec<{ code: string; confirmed: boolean }> = {
  write: (p) => (p.confirmed ? `yes:${p.code}` : p.code),
  read: (s) => (s.startsWith("yes:") ? { code: s.slice(4), confirmed: true } : { code: s, confirmed: false }),
};

/** The registry: one entry per kind of button. */
export const BUTTON = {
  /** Main menu entries ("m:qa"…); "m:menu" shows the menu. */
  menu: kind("m", true, oneOf(MENU_CHOICES)),
  /** A topic's answer, its details ("t:more:<id>"), or the list of topics. */
  topic: kind("t", true, topicCodec),
  /** "None of these" under did-you-mean topics. */
  notThese: kind("x", false, oneOf(["none"])),
  /** An eligibility answer ("e:hkd") or "?why" / "?restart". */
  eligibility: kind("e", false, commandOrValue(["why", "restart"], "", "?")),
  /** Form navigation ("f:back"…) or a choice for the current field ("f:v:<value>"). */
  form: kind("f", false, commandOrValue(FORM_COMMANDS, "v:")),
  /** Start an application for a support ("a:<support id>"). */
  apply: kind("a", true, text),
  /** One of the user's applications. */
  application: kind("h", false, text),
  /** Withdraw an application; "w:yes:<code>" confirms. */
  withdraw: kind("w", false, withdrawCodec),
  /** Send a supplement to an application. */
  supplement: kind("s", false, text),
  /** The request letter of an application. */
  letter: kind("l", false, text),
  /** An officer's action on an application ("o:<code>:rcv"). */
  officer: kind("o", true, officerCodec),
  /** "My data": ask to delete, confirm, keep. */
  myData: kind("d", false, oneOf(["ask", "yes", "no"])),
} as const;

const KINDS: ButtonKindInfo[] = Object.values(BUTTON);
for (const [i, k] of KINDS.entries()) {
  if (KINDS.slice(0, i).some((other) => other.prefix === k.prefix)) throw new Error(`button prefix "${k.prefix}" declared twice`);
}

/** The kind a press belongs to, by its prefix; undefined for data the engine never made. */
export function buttonKindOf(data: string): ButtonKindInfo | undefined {
  return KINDS.find((k) => data.startsWith(k.prefix));
}
