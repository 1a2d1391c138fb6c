import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { MSG } from "../../src/engine/messages.ts";

/** `npm run ask` as an officer or developer runs it: stdin, one question a line. */
function ask(lines: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "src/cli/ask.ts"], { input: `${lines.join("\n")}\n`, encoding: "utf8", env: { ...process.env, KNOWLEDGE_DIR: "knowledge" } });
}

describe("npm run ask", () => {
  it("answers, asks back and admits it found nothing in the catalogue's words", () => {
    const out = ask(["máy móc được hỗ trợ bao nhiêu", "tien ho tro", "xyzq qwpt"]);
    expect(out).toMatch(/tối đa 50% chi phí, không quá 300 triệu đồng/);
    expect(out).toContain(`[${MSG.moreDetails}]`);
    expect(out).toContain(MSG.clarify);
    expect(out).toContain(MSG.noAnswerUnlogged);
  });
});
