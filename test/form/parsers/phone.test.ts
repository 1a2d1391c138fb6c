import { describe, expect, it } from "vitest";
import { parsePhone } from "../../../src/form/parsers/simple.ts";
import { VN_PHONE_METADATA } from "../../../src/form/parsers/phone-metadata-vn.ts";
import { vietnamMetadata } from "../../../scripts/phone-metadata.ts";

/** Phone numbers as owners type them, checked against Vietnam's numbering plan (libphonenumber-js). */
const ACCEPTED: [string, string][] = [
  ["0912345678", "0912345678"],
  ["0912 345 678", "0912345678"],
  ["0912.345.678", "0912345678"],
  ["0987-654-321", "0987654321"],
  ["+84 912 345 678", "0912345678"],
  ["+84912345678", "0912345678"],
  ["84912345678", "0912345678"],
  ["(+84) 987 654 321", "0987654321"],
  ["0388 123 456", "0388123456"],
  ["0332123456", "0332123456"],
  ["0868123456", "0868123456"],
  ["0703 123 456", "0703123456"],
  ["0762345678", "0762345678"],
  ["0812 345 678", "0812345678"],
  ["0899123456", "0899123456"],
  ["0523456789", "0523456789"],
  ["0562345678", "0562345678"],
  ["0586123456", "0586123456"],
  ["02123852123", "02123852123"],
  ["0212 3852 123", "02123852123"],
  ["024 3852 1234", "02438521234"],
  ["028 3822 1234", "02838221234"],
  ["0236 3822 123", "02363822123"],
  ["sđt 0912345678", "0912345678"],
  ["ĐT: 0912 345 678", "0912345678"],
];

const REJECTED = ["0087654321", "12345", "abc", "912345678", "09123456789012", "0112345678", "0212345678", "0000000000", "+1 212 555 0100", "1900 545 454", "0212385212", ""];

describe("parsePhone: real-world inputs", () => {
  it.each(ACCEPTED)("%s → %s", (input, value) => expect(parsePhone(input)).toEqual({ ok: true, value }));

  it.each(REJECTED)("rejects %j with a reason", (input) => {
    const result = parsePhone(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/[\u00C0-\u1EF9]/);
  });

  it("uses the installed library's current data for Vietnam (after an upgrade, run scripts/phone-metadata.ts)", () => {
    expect(VN_PHONE_METADATA).toEqual(vietnamMetadata());
  });

  it("says how many digits were typed when the length is wrong", () => {
    const r = parsePhone("091234567");
    expect(r.ok === false && r.reason).toMatch(/9 số/);
  });
});
