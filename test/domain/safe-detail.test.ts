import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeJsonError, describeIssue, describePath, maskSessionKey } from "../../src/domain/safe-detail.ts";
import { StorageError } from "../../src/domain/storage.ts";
import { sessionOf } from "../../src/store/postgres/rows.ts";

const jsonError = (text: string): unknown => {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error("parsed");
};

describe("what a storage fault may say", () => {
  it.each([
    ["zalo:6ede9afa66b88fe6d6a9", "zalo:***6a9"],
    ["telegram:123456789", "telegram:***789"],
    ["local", "***cal"],
  ])("masks the session key %s as %s", (key, masked) => expect(maskSessionKey(key)).toBe(masked));

  it.each([
    [["applications", 0, "answers", "phone"], "applications.0.answers.phone"],
    [["lastCodes", "2026"], "lastCodes.2026"],
    [["sessions", "zalo:6ede9afa66b88fe6d6a9", "channel"], "sessions.zalo:***6a9.channel"],
    [["byUser", "0912345678"], "byUser.***678"],
    [[], "(gốc)"],
  ])("describes the path %j as %s", (path, text) => expect(describePath(path)).toBe(text));

  it.each([
    ['{"phone":"0912345678","taxCode":Q0101234565"}', "Unexpected token 'Q'"],
    ['[{"phone":"0912345678"},Q"0101234565"]', "Unexpected token 'Q'"],
    ['{"phone":"0912345678"', "Expected ',' or '}' after property value in JSON at position 21"],
  ])("keeps JSON.parse's reason for %s without the text it quotes", (text, reason) => {
    const described = describeJsonError(jsonError(text));
    expect(described).toContain(reason);
    expect(described).not.toMatch(/\d{6}/);
  });

  it("masks a value a refinement quotes in its message", () => {
    const schema = z.object({ phone: z.string().refine(() => false, { message: "không phải số 0912345678" }) });
    const parsed = schema.safeParse({ phone: "x" });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(describeIssue(parsed.error)).toBe("sai cấu trúc tại phone: không phải số **********");
  });

  it("a PostgreSQL session row that does not fit names its table and masked key, never the whole key", () => {
    const error = (() => {
      try {
        sessionOf({ key: "zalo:6ede9afa66b88fe6d6a9", data: { key: "zalo:6ede9afa66b88fe6d6a9", channel: "fax" } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toContain("postgresql sessions zalo:***6a9");
    expect((error as Error).message).not.toContain("6ede9afa66b88fe6d6a9");
  });

  it("StorageError masks its detail whoever built it", () => {
    expect(new StorageError("/data/contacts.json", "tin nhắn 0912 345 678, MST 0101234565").message).not.toMatch(/345 678|0101234565/);
  });
});
