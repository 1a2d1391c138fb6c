import { describe, expect, it } from "vitest";
import { parseZaloUpdate, toInbound } from "../../../src/channels/zalo/updates.ts";
import { zaloUpdate } from "../../support/zalo-stand-in.ts";

describe("parseZaloUpdate", () => {
  it("accepts the bare {event_name, message} shape", () => {
    const update = parseZaloUpdate(zaloUpdate("text", { text: "Xin chào" }));
    expect(update?.event_name).toBe("message.text.received");
    expect(update?.message?.text).toBe("Xin chào");
  });

  it("accepts the wrapped {ok, result} shape of the official docs", () => {
    const update = parseZaloUpdate({ ok: true, result: zaloUpdate("text", { text: "Chào" }) });
    expect(update?.message?.text).toBe("Chào");
  });

  it("rejects bodies that are not message updates", () => {
    expect(parseZaloUpdate({ ok: false, error_code: 408 })).toBeUndefined();
    expect(parseZaloUpdate({ event_name: "message.text.received" })).toBeUndefined();
    expect(parseZaloUpdate("hello")).toBeUndefined();
    expect(parseZaloUpdate({ event_name: "x", message: { message_id: "1", chat: { id: "c" } } })).toBeUndefined();
  });
});

describe("toInbound", () => {
  const inbound = (body: unknown) => {
    const update = parseZaloUpdate(body);
    if (!update) throw new Error("not an update");
    return toInbound(update);
  };

  it("maps a text message with ids as strings and chatId from message.chat.id", () => {
    const u = zaloUpdate("text", { userId: "u1abc", chatId: "c9def", text: "hỗ trợ máy móc", name: "Lan", messageId: "m77" });
    expect(inbound(u)).toEqual({
      channel: "zalo",
      userId: "u1abc",
      chatId: "c9def",
      displayName: "Lan",
      messageId: "m77",
      updateId: "m77",
      kind: "text",
      text: "hỗ trợ máy móc",
    });
  });

  it("turns '/start' into a command and keeps the arguments", () => {
    expect(inbound(zaloUpdate("text", { text: "/start" }))).toMatchObject({ kind: "command", command: "start" });
    expect(inbound(zaloUpdate("text", { text: "/Start" }))).toMatchObject({ kind: "command", command: "start" });
    expect(inbound(zaloUpdate("text", { text: "/duyet KC-2026-000001 hồ sơ đủ" }))).toMatchObject({
      kind: "command",
      command: "duyet",
      args: "KC-2026-000001 hồ sơ đủ",
    });
    expect(inbound(zaloUpdate("text", { text: "1/2 chi phí" }))).toMatchObject({ kind: "text" });
    expect(inbound(zaloUpdate("text", { text: "/ không" }))).toMatchObject({ kind: "text" });
  });

  it("maps an image to a photo attachment whose ref is the photo URL", () => {
    expect(inbound(zaloUpdate("image", { photo: "https://zalo.example/p/1.jpg" }))).toMatchObject({
      kind: "attachment",
      attachment: { type: "photo", ref: "https://zalo.example/p/1.jpg" },
    });
    const newer = zaloUpdate("image");
    delete newer.message.photo;
    newer.message.photo_url = "https://zalo.example/p/2.jpg";
    expect(inbound(newer)).toMatchObject({ attachment: { ref: "https://zalo.example/p/2.jpg" } });
  });

  it("maps stickers and unsupported messages to kind unsupported", () => {
    expect(inbound(zaloUpdate("sticker"))).toMatchObject({ kind: "unsupported", what: "sticker" });
    expect(inbound(zaloUpdate("unsupported"))).toMatchObject({ kind: "unsupported", what: "other" });
    const voice = { ...zaloUpdate("unsupported"), event_name: "message.voice.received" };
    expect(inbound(voice)).toMatchObject({ kind: "unsupported", what: "voice" });
  });

  it("falls back from display_name to name to first_name", () => {
    const u = zaloUpdate("text");
    u.message.from = { id: "u2", first_name: "Nguyen Van A" };
    expect(inbound(u)?.displayName).toBe("Nguyen Van A");
    u.message.from = { id: "u2", name: "B", first_name: "A" };
    expect(inbound(u)?.displayName).toBe("B");
  });

  it("infers the kind when event_name is missing (getUpdates sample without it)", () => {
    const text = zaloUpdate("text", { text: "Xin chào" }) as { event_name?: string; message: Record<string, unknown> };
    delete text.event_name;
    expect(inbound(text)).toMatchObject({ kind: "text", text: "Xin chào" });
    const image = zaloUpdate("image") as { event_name?: string; message: Record<string, unknown> };
    delete image.event_name;
    expect(inbound(image)).toMatchObject({ kind: "attachment" });
  });

  it("accepts numeric ids but hands them over as strings", () => {
    const u = zaloUpdate("text");
    u.message.from = { id: 12345, display_name: "X" };
    u.message.chat = { id: 12345 };
    u.message.message_id = 99;
    expect(inbound(u)).toMatchObject({ userId: "12345", chatId: "12345", messageId: "99" });
  });
});
