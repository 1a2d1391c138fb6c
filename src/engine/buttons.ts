import { BUTTON, type MenuChoice } from "./button-data.ts";
import { LABEL } from "./messages.ts";
import type { Button } from "./types.ts";

/** The buttons several flows show, declared once (their data from the registry, their labels from the catalogue). */

/** "🏠 Menu": navigation, so channels without buttons show it as a word to type. */
export const MENU_BUTTON: Button = { label: LABEL.menu, data: BUTTON.menu.data("menu"), kind: "action" };
/** "Huỷ" where cancelling means going back to the menu. */
export const CANCEL_TO_MENU_BUTTON: Button = { label: LABEL.cancel, data: BUTTON.menu.data("menu"), kind: "action" };
export const OFFICER_BUTTON: Button = { label: LABEL.officer, data: BUTTON.menu.data("officer"), kind: "choice" };
export const MY_APPLICATIONS_BUTTON: Button = { label: LABEL.myApplications, data: BUTTON.menu.data("mine"), kind: "action" };
export const APPLY_BUTTON: Button = { label: LABEL.apply, data: BUTTON.menu.data("form"), kind: "choice" };
export const TOPIC_LIST_BUTTON: Button = { label: LABEL.topicList, data: BUTTON.topic.data({ show: "list" }), kind: "choice" };

/** The main menu, one entry a row. */
export const MAIN_MENU: ReadonlyArray<{ label: string; choice: MenuChoice }> = [
  { label: LABEL.qa, choice: "qa" },
  { label: LABEL.eligibility, choice: "elig" },
  { label: LABEL.apply, choice: "form" },
  { label: LABEL.myApplications, choice: "mine" },
  { label: LABEL.officer, choice: "officer" },
];
export function mainMenuButtons(): Button[][] {
  return MAIN_MENU.map((m) => [{ label: m.label, data: BUTTON.menu.data(m.choice), kind: "choice" }]);
}

/** The four review actions on an application, as buttons (Telegram) or numbered options (Zalo, terminal). */
export function officerActionButtons(code: string): Button[][] {
  const action = (label: string, act: "rcv" | "inf" | "pro" | "rej"): Button => ({ label, data: BUTTON.officer.data({ code, action: act }), kind: "choice" });
  return [
    [action(LABEL.officerReceive, "rcv"), action(LABEL.officerAskInfo, "inf")],
    [action(LABEL.officerPropose, "pro"), action(LABEL.officerReject, "rej")],
  ];
}
