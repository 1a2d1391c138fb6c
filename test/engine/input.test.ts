import { describe, expect, it } from "vitest";
import { looksLikeQuestion } from "../../src/engine/input.ts";

describe("looksLikeQuestion (issue 16, B3)", () => {
  it.each([
    "Cơ sở may Lan Anh", "Cơ sở chế biến chè Có Lộc", "Có Lộc Hưng Thịnh", "Làm gốm sứ Bát Tràng", "Bao bì nhựa Tân Tiến", "Phường Thanh Hà",
    "Nguyễn Thu Hà", "Trần Thị Nhi", "Cơ sở Ngôi Sao Vàng", "Hỗ trợ mua máy sấy chè", "Mục tiêu mở rộng xưởng mộc", "Ai Lao Sơn",
  ])("%s is an answer", (text) => expect(looksLikeQuestion(text)).toBe(false));

  it.each([
    "hộ kinh doanh có được hỗ trợ không", "mua máy cũ có được hỗ trợ không", "hồ sơ gồm những gì", "bao nhiêu tiền thì được", "tại sao phải có mã số thuế",
    "khi nào có kết quả", "nộp hồ sơ ở đâu", "có được vay vốn không?", "mức hỗ trợ máy móc là bao nhiêu",
  ])("%s is a question", (text) => expect(looksLikeQuestion(text)).toBe(true));
});
