import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runTerminalChat } from "../../src/channels/terminal.ts";
import { CHANNEL_MSG } from "../../src/engine/messages.ts";
import { silentLogger } from "../../src/logger.ts";
import { TestOutbox } from "../support/test-outbox.ts";

describe("the terminal chat's own words come from the catalogue", () => {
  it("greets, prompts with anh/chị and announces a notification", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
    const outbox = new TestOutbox();
    const engine = {
      handle: async () => {
        await outbox.enqueue("terminal", "local", [{ text: "Hồ sơ KC-2026-000001 đã được tiếp nhận" }]);
        return [{ text: "Chào anh/chị", buttons: [[{ label: "Hỏi đáp", data: "m:qa", kind: "choice" as const }, { label: "Đăng ký", data: "m:apply", kind: "choice" as const }]] }];
      },
    };
    const chat = runTerminalChat({ engine, outbox, logger: silentLogger, input, output, interactive: true });
    input.end("/start\n");
    await chat;
    expect(printed).toContain(CHANNEL_MSG.terminalWelcome);
    expect(printed).toContain("anh/chị> ");
    expect(printed).not.toContain("bạn> ");
    expect(printed).toContain("1. Hỏi đáp\n2. Đăng ký\n(Gõ 1 hoặc 2)");
    expect(printed).toContain(`${CHANNEL_MSG.terminalNotice}\nHồ sơ KC-2026-000001 đã được tiếp nhận`);
  });
});
