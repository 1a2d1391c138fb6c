import { describe, expect, it } from "vitest";
import { MAX_ATTACHMENT_BYTES } from "../../src/domain/limits.ts";
import { FORM_MSG } from "../../src/engine/form-messages.ts";
import { attachmentProblem } from "../../src/engine/flows/form-attachments.ts";
import { formCommand } from "../../src/engine/flows/form-commands.ts";

describe("form command words", () => {
  it.each([
    ["quay lại", { kind: "back" }],
    ["Quay lai", { kind: "back" }],
    ["bỏ qua", { kind: "skip" }],
    ["gửi sau", { kind: "skip" }],
    ["tạm dừng", { kind: "pause" }],
    ["giữ nguyên", { kind: "keep" }],
    ["vì sao hỏi?", { kind: "why" }],
    ["xem lại đơn", { kind: "review" }],
    ["Nộp đơn", { kind: "submit" }],
    ["sửa 9", { kind: "edit", target: "9" }],
    ["sửa mục 3", { kind: "edit", target: "3" }],
    ["chỉnh sửa số điện thoại", { kind: "edit", target: "so dien thoai" }],
    ["đổi tên cơ sở", { kind: "edit", target: "ten co so" }],
  ])("%j → %j", (typed, command) => expect(formCommand(typed)).toEqual(command));

  it.each(["Cơ sở may Lan Anh", "1 tỷ 2", "0912 345 678", "sửa", "nộp đơn giúp tôi với", ""])("%j is an answer, not a command", (typed) => expect(formCommand(typed)).toBeUndefined());
});

describe("attachment policy", () => {
  it.each([
    [{ type: "photo", ref: "AgAD", sizeBytes: 2_000_000 }, undefined],
    [{ type: "photo", ref: "https://zalo.example/a.jpg" }, undefined], // Zalo gives no size
    [{ type: "photo", ref: "AgAD", sizeBytes: MAX_ATTACHMENT_BYTES }, undefined],
    [{ type: "photo", ref: "AgAD", sizeBytes: MAX_ATTACHMENT_BYTES + 1 }, FORM_MSG.attachmentTooBig],
    [{ type: "document", ref: "BQAD", mimeType: "application/pdf", sizeBytes: 300_000 }, undefined],
    [{ type: "document", ref: "BQAD", mimeType: "image/heic" }, undefined],
    [{ type: "document", ref: "BQAD", mimeType: "application/zip" }, FORM_MSG.attachmentType],
    [{ type: "document", ref: "BQAD", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }, FORM_MSG.attachmentType],
  ] as const)("%j → %s", (attachment, problem) => expect(attachmentProblem(attachment)).toBe(problem));
});
