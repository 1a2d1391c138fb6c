import { describe, expect, it } from "vitest";
import { FORM_MSG } from "../../src/engine/form-messages.ts";
import { applyAs } from "../durability/fill-form.ts";
import { userChat, useTestApps } from "../support/app.ts";

/** Consent is read from the form's "consent" field by its id, not by its label's wording. */
const { open } = useTestApps();

describe("consent at the review", () => {
  it("a 'không' blocks the submission, says why once, and offers no submit button", async () => {
    const app = await open();
    expect(await applyAs(app, "lan", { submit: false, answers: { consent: "không" } })).toBeUndefined();
    const chat = userChat(app, "lan");
    const review = await chat.text("xem lại");
    expect(review.split(FORM_MSG.needConsent)).toHaveLength(2);
    expect(chat.buttons().map((b) => b.data)).not.toContain("f:submit");
    expect(await chat.text("nộp")).toContain(FORM_MSG.needConsent);
    expect(await app.store.applications.count()).toBe(0);
  });

  it("changed to 'có', the application goes in", async () => {
    const app = await open();
    await applyAs(app, "lan", { submit: false, answers: { consent: "không" } });
    const chat = userChat(app, "lan");
    await chat.text("sửa đồng ý");
    await chat.text("có");
    expect(await chat.text("nộp")).toMatch(/Mã hồ sơ của anh\/chị: KC-2026-\d{6}/);
  });
});
