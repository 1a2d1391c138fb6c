import type { App } from "../../src/app.ts";
import type { Channel } from "../../src/engine/types.ts";
import { userChat } from "../support/app.ts";

/** A valid answer for every field of the form, typed as a user would. */
export const ANSWERS: Record<string, string> = {
  representative: "Nguyễn Văn An",
  position: "bỏ qua",
  facilityName: "Hộ kinh doanh Mộc An",
  entityType: "hộ kinh doanh",
  taxCode: "0101234567",
  province: "dien bien",
  commune: "Xã Mường Chà",
  address: "Thôn Na Sang 1",
  phone: "0912 345 678",
  email: "bỏ qua",
  sector: "Mộc dân dụng",
  workers: "12",
  supportId: "máy móc",
  description: "Mua 01 máy bào gỗ và 01 máy cưa CNC",
  licence: "bỏ qua",
  totalCost: "500 triệu",
  requested: "200 triệu",
  startMonth: "03/2027",
  endMonth: "10/2027",
  previousSupport: "chưa",
  consent: "có",
};

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
  if (app.store.sessions.get(`${channel}:${user}`)?.state.name === "form-resume") await chat.press("f:resume");
  for (let i = 0; i < (options.fields ?? 40); i++) {
    const state = app.store.sessions.get(`${channel}:${user}`)?.state;
    if (state?.name !== "form") break;
    await chat.text(options.answers?.[state.fieldId] ?? ANSWERS[state.fieldId] ?? "bỏ qua");
  }
  if (options.submit === false || app.store.sessions.get(`${channel}:${user}`)?.state.name !== "form-review") return undefined;
  return /KC-\d{4}-\d{6}/.exec(await chat.text("nộp"))?.[0];
}
