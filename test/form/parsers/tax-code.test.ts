import { describe, expect, it } from "vitest";
import { parseTaxCode } from "../../../src/form/parsers/simple.ts";

/** Tax codes as owners type them (policy-facts §11): 10 digits with a check digit, 10-3 for a branch, 12 for a household. */
const ACCEPTED: [string, string][] = [
  ["0100233488", "0100233488"],
  ["0102030405", "0102030405"],
  ["2300123454", "2300123454"],
  ["4609999995", "4609999995"],
  ["0101234565", "0101234565"],
  ["4601234560", "4601234560"],
  ["0301234562", "0301234562"],
  ["4310987658", "4310987658"],
  ["5600123450", "5600123450"],
  ["0101526141", "0101526141"],
  ["mst 0100233488", "0100233488"],
  ["MST: 0100233488", "0100233488"],
  ["mã số thuế 0100233488", "0100233488"],
  ["ma so thue: 0100233488", "0100233488"],
  ["0100 233 488", "0100233488"],
  ["0100.233.488", "0100233488"],
  ["0100233488-001", "0100233488-001"],
  ["0100233488001", "0100233488-001"],
  ["0100233488 - 001", "0100233488-001"],
  ["mst 4609999995-012", "4609999995-012"],
  ["001085012345", "001085012345"],
  ["038 190 001 234", "038190001234"],
  ["cccd 001085012345", "001085012345"],
  ["số định danh 079201012345", "079201012345"],
];

const REJECTED: [string, RegExp][] = [
  ["mst 2300123456", /kiểm tra|không hợp lệ/],
  ["0000000000", /không hợp lệ/],
  ["0101234567", /kiểm tra|không hợp lệ/],
  ["0100233489", /kiểm tra|không hợp lệ/],
  ["12345", /5 chữ số/],
  ["0100233488-01", /chữ số/],
  ["0100233488-000", /chi nhánh|không hợp lệ/],
  ["01002334881", /11 chữ số/],
  ["abcdefghij", /chữ số/],
  ["000123456789", /định danh|không hợp lệ/],
  ["099085012345", /định danh|không hợp lệ/],
  ["", /chữ số/],
];

describe("parseTaxCode: real-world inputs", () => {
  it.each(ACCEPTED)("%s → %s", (input, value) => expect(parseTaxCode(input)).toEqual({ ok: true, value }));

  it.each(REJECTED)("rejects %j saying why", (input, reason) => {
    const result = parseTaxCode(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('never says "you typed 10 digits" about a 10-digit code it rejects', () => {
    const result = parseTaxCode("mst 2300123456");
    expect(result.ok === false && result.reason).not.toMatch(/nhập 10 chữ số/);
  });

  it("refuses a 12-digit personal number for an enterprise or cooperative", () => {
    expect(parseTaxCode("001085012345", { entityType: "dnnvv" }).ok).toBe(false);
    expect(parseTaxCode("001085012345", { entityType: "htx" }).ok).toBe(false);
    expect(parseTaxCode("001085012345", { entityType: "hkd" }).ok).toBe(true);
  });
});
