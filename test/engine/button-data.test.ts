import { describe, expect, it } from "vitest";
import { BUTTON, buttonKindOf } from "../../src/engine/button-data.ts";

/**
 * Button data is on users' screens and in stored sessions: each kind must keep
 * writing the exact strings it wrote before the registry, read them back, and
 * say whether a press on an old message still counts.
 */
describe("button data registry", () => {
  it.each([
    [BUTTON.menu.data("qa"), "m:qa", "qa"],
    [BUTTON.menu.data("menu"), "m:menu", "menu"],
    [BUTTON.topic.data({ show: "list" }), "t:list", { show: "list" }],
    [BUTTON.topic.data({ show: "topic", id: "may-moc-thiet-bi" }), "t:may-moc-thiet-bi", { show: "topic", id: "may-moc-thiet-bi" }],
    [BUTTON.topic.data({ show: "details", id: "dao-tao-nghe" }), "t:more:dao-tao-nghe", { show: "details", id: "dao-tao-nghe" }],
    [BUTTON.notThese.data("none"), "x:none", "none"],
    [BUTTON.eligibility.data({ value: "hkd" }), "e:hkd", { value: "hkd" }],
    [BUTTON.eligibility.data({ command: "why" }), "e:?why", { command: "why" }],
    [BUTTON.eligibility.data({ command: "restart" }), "e:?restart", { command: "restart" }],
    [BUTTON.form.data({ command: "cancel-yes" }), "f:cancel-yes", { command: "cancel-yes" }],
    [BUTTON.form.data({ value: "dien-bien" }), "f:v:dien-bien", { value: "dien-bien" }],
    [BUTTON.apply.data("may-moc-thiet-bi"), "a:may-moc-thiet-bi", "may-moc-thiet-bi"],
    [BUTTON.application.data("KC-2026-000123"), "h:KC-2026-000123", "KC-2026-000123"],
    [BUTTON.withdraw.data({ code: "KC-2026-000123", confirmed: false }), "w:KC-2026-000123", { code: "KC-2026-000123", confirmed: false }],
    [BUTTON.withdraw.data({ code: "KC-2026-000123", confirmed: true }), "w:yes:KC-2026-000123", { code: "KC-2026-000123", confirmed: true }],
    [BUTTON.supplement.data("KC-2026-000123"), "s:KC-2026-000123", "KC-2026-000123"],
    [BUTTON.letter.data("KC-2026-000123"), "l:KC-2026-000123", "KC-2026-000123"],
    [BUTTON.officer.data({ code: "KC-2026-000123", action: "inf" }), "o:KC-2026-000123:inf", { code: "KC-2026-000123", action: "inf" }],
    [BUTTON.myData.data("yes"), "d:yes", "yes"],
  ])("writes %s as %s and reads it back", (data, literal, payload) => {
    expect(data).toBe(literal);
    const kind = buttonKindOf(data);
    expect(kind).toBeDefined();
    expect((kind as unknown as { read(d: string): unknown }).read(data)).toEqual(payload);
    expect(Buffer.byteLength(data), "Telegram's callback_data limit").toBeLessThanOrEqual(64);
  });

  it.each([
    ["m:zzz", BUTTON.menu],
    ["e:?zzz", BUTTON.eligibility],
    ["f:zzz", BUTTON.form],
    ["o:KC-2026-000123:zzz", BUTTON.officer],
    ["o:KC-2026-000123", BUTTON.officer],
    ["x:zzz", BUTTON.notThese],
    ["d:", BUTTON.myData],
  ] as const)("reads %s as no press of its kind (the flow asks again)", (data, kind) => {
    expect(buttonKindOf(data)).toBe(kind);
    expect(kind.read(data)).toBeUndefined();
  });

  it.each(["", ":", "zz:top", "m", "q:1", "\u0000"])("knows no kind for %j", (data) => expect(buttonKindOf(data)).toBeUndefined());

  it("keeps menu, topic, apply and officer buttons valid on old messages, and nothing else", () => {
    const old = Object.entries(BUTTON).filter(([, k]) => k.validWhenOld).map(([name]) => name);
    expect(old.sort()).toEqual(["apply", "menu", "officer", "topic"]);
  });
});
