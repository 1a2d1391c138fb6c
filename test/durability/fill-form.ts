import type { App } from "../../src/app.ts";
import type { Channel } from "../../src/engine/types.ts";
import { userChat } from "../support/app.ts";
import { SAMPLE_ANSWERS as ANSWERS } from "../support/sample-answers.ts";

export { ANSWERS };

/**
 * Starts the form for `user`, answers `fields` fields (all when omitted) and,
 * unless `submit` is false, submits when all were answered; returns the code.
 */
export async function applyAs(
  app: Pick<App, "engine" | "store">,
  user: string,
  options: { channel?: Channel; fields?: number; submit?: boolean; answers?: Record<string, string> } = {},
): Promise<string | undefined> {
  const channel = options.channel ?? "terminal";
  const chat = userChat(app, user, channel);
  await chat.text("dangky");
  if ((await app.store.sessions.get(`${channel}:${user}`))?.state.name === "form-resume") await chat.press("f:resume");
  for (let i = 0; i < (options.fields ?? 40); i++) {
    const state = (await app.store.sessions.get(`${channel}:${user}`))?.state;
    if (state?.name !== "form") break;
    await chat.text(options.answers?.[state.fieldId] ?? ANSWERS[state.fieldId] ?? "bỏ qua");
  }
  if (options.submit === false || (await app.store.sessions.get(`${channel}:${user}`))?.state.name !== "form-review") return undefined;
  return /KC-\d{4}-\d{6}/.exec(await chat.text("nộp"))?.[0];
}
