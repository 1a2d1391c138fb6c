import { describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { isForTheBot } from "../../../src/channels/telegram/chat-policy.ts";
import { toInbound } from "../../../src/channels/telegram/to-inbound.ts";
import { botInfo, callbackUpdate, commandUpdate, messageUpdate, OFFICER_GROUP, textUpdate, user } from "./harness.ts";

const BOT = botInfo.username;

describe("toInbound", () => {
  it("maps a text message with ids as strings and the full name", () => {
    const update = textUpdate(7, "hỗ trợ máy móc", user(7, "Lan", "Nguyễn"));
    expect(toInbound(update, BOT)).toEqual({
      channel: "telegram",
      userId: "7",
      chatId: "7",
      displayName: "Lan Nguyễn",
      messageId: String(update.update_id),
      updateId: String(update.update_id),
      kind: "text",
      text: "hỗ trợ máy móc",
    });
  });

  it.each([
    ["/start", { command: "start" }],
    ["/Menu", { command: "menu" }],
    ["/start@khuyencong_test_bot", { command: "start" }],
    ["/xuat xlsx", { command: "xuat", args: "xlsx" }],
    ["/start ref-abc", { command: "start", args: "ref-abc" }],
  ])("maps the command %s", (text, expected) => {
    const inbound = toInbound(commandUpdate(7, text), BOT);
    expect(inbound).toMatchObject({ kind: "command", ...expected });
    if (!("args" in expected)) expect(inbound).not.toHaveProperty("args");
  });

  it("ignores a command addressed to another bot", () => {
    expect(toInbound(commandUpdate(OFFICER_GROUP, "/start@other_bot", user(5)), BOT)).toBeNull();
  });

  it("treats a slash without a bot_command entity as text", () => {
    expect(toInbound(textUpdate(7, "a/b"), BOT)).toMatchObject({ kind: "text", text: "a/b" });
  });

  it("maps a button press in the officer group to the group chat and the presser", () => {
    const inbound = toInbound(callbackUpdate(OFFICER_GROUP, "of:recv:1", user(9001, "Minh")), BOT);
    expect(inbound).toMatchObject({ kind: "button", data: "of:recv:1", chatId: String(OFFICER_GROUP), userId: "9001", displayName: "Minh" });
    // The engine keeps the officer's private chat for notices: the group is only where this reply goes.
    expect(inbound?.inGroup).toBe(true);
    expect(toInbound(callbackUpdate(9001, "m:qa", user(9001)), BOT)?.inGroup).toBeUndefined();
  });

  it("takes the largest photo size with its file id and size", () => {
    const update = messageUpdate(7, {
      photo: [
        { file_id: "small", file_unique_id: "s", width: 90, height: 90, file_size: 1000 },
        { file_id: "big", file_unique_id: "b", width: 1280, height: 1280, file_size: 200_000 },
      ],
    });
    expect(toInbound(update, BOT)).toMatchObject({
      kind: "attachment",
      attachment: { type: "photo", ref: "big", sizeBytes: 200_000, mimeType: "image/jpeg" },
    });
  });

  it("maps a document with its type, size and name", () => {
    const update = messageUpdate(7, {
      document: { file_id: "doc1", file_unique_id: "d", file_name: "giay-phep.pdf", mime_type: "application/pdf", file_size: 51_234 },
    });
    expect(toInbound(update, BOT)).toMatchObject({
      kind: "attachment",
      attachment: { type: "document", ref: "doc1", sizeBytes: 51_234, mimeType: "application/pdf", fileName: "giay-phep.pdf" },
    });
  });

  it.each([
    [{ sticker: { file_id: "x" } }, "sticker"],
    [{ voice: { file_id: "x", duration: 1 } }, "voice"],
    [{ video: { file_id: "x" } }, "video"],
    [{ video_note: { file_id: "x" } }, "video"],
    [{ location: { latitude: 21, longitude: 105 } }, "location"],
    [{ contact: { phone_number: "0912345678", first_name: "A" } }, "contact"],
    [{ animation: { file_id: "g" }, document: { file_id: "g" } }, "other"],
    [{ poll: { id: "p" } }, "other"],
  ])("maps %o to unsupported %s", (extra, what) => {
    expect(toInbound(messageUpdate(7, extra as never), BOT)).toMatchObject({ kind: "unsupported", what });
  });

  it("ignores service messages and updates it does not know", () => {
    expect(toInbound(messageUpdate(OFFICER_GROUP, { new_chat_members: [user(5)] } as never, user(5)), BOT)).toBeNull();
    expect(toInbound({ update_id: 1, edited_message: textUpdate(7, "x").message } as Update, BOT)).toBeNull();
  });

  it("removes the bot's @mention from a note written in the group", () => {
    const update = messageUpdate(OFFICER_GROUP, { text: "@khuyencong_test_bot thiếu giấy phép" }, user(9001));
    expect(toInbound(update, BOT)).toMatchObject({ kind: "text", text: "thiếu giấy phép" });
  });
});

describe("isForTheBot", () => {
  const me = { id: botInfo.id, username: BOT };
  const group = String(OFFICER_GROUP);

  it("takes everything in private chats", () => {
    expect(isForTheBot(textUpdate(7, "chào"), me, group)).toBe(true);
  });

  it("in the officer group takes commands, buttons, replies to the bot and mentions, not chatter", () => {
    const officer = user(9001);
    expect(isForTheBot(commandUpdate(OFFICER_GROUP, "/xuat", officer), me, group)).toBe(true);
    expect(isForTheBot(callbackUpdate(OFFICER_GROUP, "x", officer), me, group)).toBe(true);
    expect(isForTheBot(textUpdate(OFFICER_GROUP, "ăn trưa không?", officer), me, group)).toBe(false);
    const reply = messageUpdate(OFFICER_GROUP, { text: "thiếu giấy phép", reply_to_message: { message_id: 5, date: 0, chat: { id: OFFICER_GROUP, type: "supergroup", title: "t" }, from: botInfo } as never }, officer);
    expect(isForTheBot(reply, me, group)).toBe(true);
    const mention = messageUpdate(OFFICER_GROUP, { text: "@khuyencong_test_bot ok", entities: [{ type: "mention", offset: 0, length: 20 }] }, officer);
    expect(isForTheBot(mention, me, group)).toBe(true);
  });

  it("ignores other groups entirely", () => {
    expect(isForTheBot(commandUpdate(-555, "/start", user(5)), me, group)).toBe(false);
    expect(isForTheBot(callbackUpdate(-555, "x", user(5)), me, group)).toBe(false);
    expect(isForTheBot(commandUpdate(OFFICER_GROUP, "/start", user(5)), me, undefined)).toBe(false);
  });
});
