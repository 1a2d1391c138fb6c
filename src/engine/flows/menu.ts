import { MSG } from "../messages.ts";
import { BUTTON } from "../button-data.ts";
import { mainMenuButtons } from "../buttons.ts";
import type { Flow, Turn } from "../turn.ts";

/** Shows the main menu; a returning user with a draft is reminded of it. */
export function showMenu(turn: Turn, options: { greet: boolean }): void {
  turn.setState({ name: "menu" });
  const buttons = mainMenuButtons();
  const draftNote = turn.session.draft ? MSG.draftWaiting : "";
  if (options.greet) turn.say(MSG.greeting(turn.session.displayName) + draftNote, buttons);
  else turn.say(MSG.menu + draftNote, buttons);
}

export const menuFlow: Flow = {
  states: ["menu"],
  buttons: [BUTTON.menu],
  prompt: (turn) => showMenu(turn, { greet: false }),
  onButton: async (turn, data) => {
    switch (BUTTON.menu.read(data)) {
      case "qa":
        return turn.goTo({ to: "qa" });
      case "elig":
        return turn.goTo({ to: "eligibility" });
      case "form":
        return turn.goTo({ to: "form" });
      case "mine":
        return turn.goTo({ to: "my-applications" });
      case "officer":
        return turn.goTo({ to: "contact" });
      default:
        return showMenu(turn, { greet: false });
    }
  },
};
