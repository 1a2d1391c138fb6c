import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fieldValueSchema } from "../../src/engine/session.ts";
import { entityOptions, FIELDS, provinceOptions, supportOptions, type FormContext } from "../../src/form/fields.ts";
import { parseChoice, type ChoiceOption } from "../../src/form/parsers/choice.ts";
import { parseMoney } from "../../src/form/parsers/money.ts";
import type { ParseResult } from "../../src/form/parsers/result.ts";
import { parseCount, parseEmail, parseMonthYear, parsePersonName, parsePhone, parseTaxCode, parseText, parseYesNo } from "../../src/form/parsers/simple.ts";
import { loadKnowledgeBase } from "../../src/kb/load.ts";
import { formatVnd, groupThousands } from "../../src/text/money-format.ts";
import { hugeString, isUsefulReason, nastyString } from "./arbitraries.ts";

/**
 * Every parser, on any string: never throws; either ok with a value in its
 * range, or a short, non-empty Vietnamese reason for the user.
 */

const kb = loadKnowledgeBase("knowledge");
const now = new Date("2026-11-25T03:00:00Z");
const RUNS = { numRuns: 150 };

function expectResult<T>(result: ParseResult<T>, inRange: (value: T) => boolean): void {
  if (result.ok) expect(inRange(result.value), `value ${JSON.stringify(result.value)} out of range`).toBe(true);
  else expect(isUsefulReason(result.reason), `reason ${JSON.stringify(result.reason.slice(0, 200))}`).toBe(true);
}

const CHOICE_SETS: [string, ChoiceOption[]][] = [
  ["province", provinceOptions(kb)],
  ["support", supportOptions(kb)],
  ["entity type", entityOptions(kb)],
  ["yes/no", [{ value: "yes", label: "Có, đã nhận" }, { value: "no", label: "Chưa" }]],
];

const PARSERS: [string, (input: string) => ParseResult<unknown>, (value: never) => boolean][] = [
  ["parseMoney", parseMoney, (v: number) => Number.isSafeInteger(v) && v >= 1000 && v <= 1_000_000_000_000],
  ["parsePhone", parsePhone, (v: string) => /^0\d{9,10}$/.test(v)],
  ["parseTaxCode", parseTaxCode, (v: string) => /^(\d{10}(-\d{3})?|\d{12})$/.test(v)],
  ["parseYesNo", parseYesNo, (v: boolean) => typeof v === "boolean"],
  [
    "parseMonthYear",
    (t) => parseMonthYear(t, now),
    (v: { month: number; year: number }) => Number.isInteger(v.month) && v.month >= 1 && v.month <= 12 && v.year >= 2025 && v.year <= 2031,
  ],
  ["parseEmail", parseEmail, (v: string) => /^[^\s@A-Z]+@[^\s@A-Z]+\.[a-z]{2,}$/.test(v)],
  ["parsePersonName", parsePersonName, (v: string) => /^[\p{L}.'-]+( [\p{L}.'-]+)+$/u.test(v) && v.length <= 80],
  ["parseCount(1, 100000)", (t) => parseCount(t, 1, 100_000), (v: number) => Number.isInteger(v) && v >= 1 && v <= 100_000],
  ["parseText(3, 300)", (t) => parseText(t, 3, 300), (v: string) => v.length >= 3 && v.length <= 300 && v === v.trim() && /\p{L}/u.test(v)],
];

describe("parsers on any string", () => {
  it.each(PARSERS)("%s never throws and answers a value in range or a reason", (_name, parse, inRange) => {
    fc.assert(
      fc.property(nastyString, (input) => expectResult(parse(input), inRange as (v: unknown) => boolean)),
      RUNS,
    );
  });

  it.each(CHOICE_SETS)("parseChoice (%s options) never throws; a value or suggestion is one of the options", (_name, options) => {
    const values = new Set(options.map((o) => o.value));
    fc.assert(
      fc.property(nastyString, (input) => {
        const result = parseChoice(input, options);
        expectResult(result, (v) => values.has(v));
        if (result.suggestion) expect(options).toContain(result.suggestion);
      }),
      RUNS,
    );
  });

  it.each(PARSERS)("%s on 100 KB: still a value in range or a short reason", (_name, parse, inRange) => {
    const huge = (piece: string) => piece.repeat(Math.ceil(100_000 / piece.length)).slice(0, 100_000);
    fc.assert(
      fc.property(hugeString, (input) => expectResult(parse(input), inRange as (v: unknown) => boolean)),
      { numRuns: 20, examples: [[huge("1.")], [huge("9,")], [huge("5 xyz")], [huge("1 tr ")], [`1 ${huge("a")}`], [huge("0")]] },
    );
  });

  it("parseChoice stays fast on a 100 KB message (one message must not stall every other user)", () => {
    const options = provinceOptions(kb);
    fc.assert(
      fc.property(hugeString, (input) => {
        const started = performance.now();
        parseChoice(input, options);
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 10 },
    );
  });

  it("every form field's parser (with its context checks) gives a storable value or a reason", () => {
    const ctx: FormContext = { kb, now, answers: { totalCost: 500_000_000, startMonth: { month: 3, year: 2027 } } };
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), nastyString, (field, input) => {
        const result = field.parse(input, ctx);
        expectResult(result, (v) => fieldValueSchema.safeParse(v).success);
      }),
      { numRuns: 400 },
    );
  });
});

describe("parseMoney round trips", () => {
  it('"N triệu", "N tr", "N triệu đồng" → N × 1,000,000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(" triệu", "triệu", " tr", "tr", " trieu", " triệu đồng", " TRIỆU"), (n, unit) => {
        expect(parseMoney(`${n}${unit}`)).toEqual({ ok: true, value: n * 1_000_000 });
      }),
      RUNS,
    );
  });

  it('"1.234.567" and "1,234,567" (thousands separators) → the integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 1_000_000_000_000 }), fc.constantFrom("", " đồng", "đ", " vnd"), (n, unit) => {
        const dotted = groupThousands(n);
        expect(parseMoney(`${dotted}${unit}`)).toEqual({ ok: true, value: n });
        expect(parseMoney(dotted.replaceAll(".", ","))).toEqual({ ok: true, value: n });
        expect(parseMoney(String(n))).toEqual({ ok: true, value: n });
      }),
      RUNS,
    );
  });

  it('"A tỷ B triệu" and "A,B tỷ" → the sum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 9 }), (a, b, tenth) => {
        expect(parseMoney(`${a} tỷ ${b} triệu`)).toEqual({ ok: true, value: a * 1_000_000_000 + b * 1_000_000 });
        expect(parseMoney(`${a},${tenth} tỷ`)).toEqual({ ok: true, value: a * 1_000_000_000 + tenth * 100_000_000 });
      }),
      RUNS,
    );
  });

  it("reads back every amount the bot itself shows (formatVnd), so a copied figure is never misread", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1000, max: 1_000_000_000_000 }), fc.integer({ min: 1, max: 100_000 }).map((n) => n * 100_000), fc.integer({ min: 100, max: 100_000 }).map((n) => n * 10_000_000)),
        (n) => {
          expect(parseMoney(formatVnd(n))).toEqual({ ok: true, value: n });
        },
      ),
      RUNS,
    );
  });
});

describe("phone and tax code round trips", () => {
  const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(""));

  // Mobile prefixes in Vietnam's numbering plan (the second and third digit), as libphonenumber-js knows them.
  const MOBILE_PREFIXES = ["32", "33", "34", "35", "36", "37", "38", "39", "56", "58", "70", "76", "77", "78", "79", "81", "82", "83", "84", "85", "86", "88", "90", "91", "93", "94", "96", "97", "98"];

  it("a mobile number written with 0 or +84, with spaces, dots or dashes, reads back as 0xxxxxxxxx", () => {
    fc.assert(
      fc.property(fc.constantFrom(...MOBILE_PREFIXES), digits(7, 7), fc.constantFrom("", " ", ".", "-"), fc.constantFrom("0", "+84", "+84 ", "84"), (head, tail, sep, prefix) => {
        const [first, rest] = [head[0] as string, `${head[1]}${tail}`];
        const local = `0${first}${rest}`;
        const written = `${prefix}${first}${rest.slice(0, 2)}${sep}${rest.slice(2, 5)}${sep}${rest.slice(5)}`;
        expect(parsePhone(written)).toEqual({ ok: true, value: local });
      }),
      RUNS,
    );
  });

  it("a tax code of 10 digits with its check digit, or 13 with or without the dash, reads back in the stored form", () => {
    const withCheck = digits(9, 9)
      .map((nine) => {
        const sum = [31, 29, 23, 19, 17, 13, 7, 5, 3].reduce((acc, w, i) => acc + w * Number(nine[i]), 0);
        return `${nine}${10 - (sum % 11)}`;
      })
      .filter((code) => code.length === 10);
    fc.assert(
      fc.property(withCheck, fc.option(digits(3, 3).filter((b) => b !== "000")), fc.boolean(), (head, branch, dash) => {
        const written = branch === null ? head : `${head}${dash ? "-" : ""}${branch}`;
        expect(parseTaxCode(written)).toEqual({ ok: true, value: branch === null ? head : `${head}-${branch}` });
      }),
      RUNS,
    );
  });
});
