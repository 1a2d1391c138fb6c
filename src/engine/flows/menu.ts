import { MSG } from "../messages.ts";
import { BUTTON } from "../button-data.ts";
import { mainMenuButtons } from "../buttons.ts";
import type { Flow, Turn } from "../turn.ts";
import { startContact } from "./contact.ts";
import { startEligibility } from "./eligibility.ts";
import { continueDraftFromMenu, startForm } from "./form.ts";
import { showMyApplications } from "./my-applications.ts";
import { qaFlow } from "./qa.ts";

/** Shows the main menu; a returning user with a draft is reminded of it. */
export function showMenu(turn: Turn, options: { greet: boolean }): void {
  turn.setState({ name: "menu" });
  const buttons = mainMenuButtons();
  const draftNote = turn.session.draft ? "\n(Anh/chị có một đơn đăng ký đang điền dở: chọn \"Đăng ký đề án\" để tiếp tục.)" : "";
  if (options.greet) turn.say(MSG.greeting(turn.session.displayName) + draftNote, buttons);
  else turn.say(MSG.menu + draftNote, buttons);
}

export const menuFlow: Flow = {
  states: ["menu"],
  buttons: [BUTTON.menu],
  prompt: (turn) => showMenu(turn, { greet: false }),
  onText: (turn, text) => continueDraftFromMenu(turn, text),
  onButton: async (turn, data) => {
    switch (BUTTON.menu.read(data)) {
      case "qa":
        return qaFlow.prompt(turn);
      case "elig":
        return startEligibility(turn);
      case "form":
        return startForm(turn, {});
      case "mine":
        return showMyApplications(turn);
      case "officer":
        return startContact(turn);
      default:
        return showMenu(turn, { greet: false });
    }
  },
};
