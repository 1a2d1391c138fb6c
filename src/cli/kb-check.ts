import { resolve } from "node:path";
import { checkKnowledgeBase, formatProblem } from "../kb/load.ts";

/** `npm run kb:check [dir]`: validates the knowledge base and lists every problem by file and id. */
const dir = resolve(process.argv[2] ?? "knowledge");
const { kb, problems } = checkKnowledgeBase(dir);
if (!kb) {
  console.error(`Cơ sở tri thức ${dir}: ${problems.length} lỗi`);
  for (const problem of problems) console.error(formatProblem(problem));
  process.exit(1);
}
const questionCount = kb.topics.reduce((n, t) => n + t.questions.length, 0);
console.log(
  `Cơ sở tri thức hợp lệ: ${kb.supports.length} hình thức hỗ trợ, ${kb.faqs.length} câu hỏi đáp, ` +
    `${questionCount} cách hỏi, ${kb.eligibility.rules.length} quy tắc điều kiện, ${kb.provinces.length} tỉnh/thành, ` +
    `${kb.glossary.length} mục từ điển viết tắt.`,
);
