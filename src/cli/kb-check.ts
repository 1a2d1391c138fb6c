import { resolve } from "node:path";
import { checkKnowledgeBase, formatProblem } from "../kb/load.ts";
import { checkLetterTemplate, TEMPLATE_FILE } from "../documents/template.ts";
import { auditKnowledge, auditProblems, readUnconfirmed } from "../kb/audit.ts";

/** `npm run kb:check [dir]`: validates the knowledge base and lists every problem by file and id. */
const dir = resolve(process.argv[2] ?? "knowledge");
const checked = checkKnowledgeBase(dir);
const { kb } = checked;
// The request-letter template (knowledge/documents/) is checked beside the rest, against the supports and entity types.
const letter = checkLetterTemplate(dir, kb);
// The audit: figures without a pinpointed source, unconfirmed facts stated as certain (both must be 0).
const unconfirmed = readUnconfirmed(dir);
const audit = kb && unconfirmed.value ? auditKnowledge(kb, unconfirmed.value) : undefined;
const problems = [...checked.problems, ...letter.problems, ...unconfirmed.problems, ...(audit ? auditProblems(audit) : [])];
if (audit) {
  console.log(
    `Kiểm tra nguồn: ${audit.units} đoạn, ${audit.figureUnits} đoạn có con số; con số không nêu nguồn: ${audit.figuresWithoutSource.length}; ` +
      `điều chưa xác nhận nói như chắc chắn: ${audit.unconfirmedAsCertain.length}; mức của tỉnh chưa đối chiếu tới điều khoản: ${audit.provinceLevelsWithoutArticle.length}.`,
  );
}
if (!kb || problems.length > 0) {
  console.error(`Cơ sở tri thức ${dir}: ${problems.length} lỗi`);
  for (const problem of problems) console.error(formatProblem(problem));
  process.exit(1);
}
const questionCount = kb.topics.reduce((n, t) => n + t.questions.length, 0);
console.log(
  `Cơ sở tri thức hợp lệ: ${kb.supports.length} hình thức hỗ trợ, ${kb.faqs.length} câu hỏi đáp, ` +
    `${questionCount} cách hỏi, ${kb.eligibility.rules.length} quy tắc điều kiện, ${kb.provinces.length} tỉnh/thành, ` +
    `${kb.glossary.length} mục từ điển viết tắt; mẫu đơn ${TEMPLATE_FILE}.`,
);
