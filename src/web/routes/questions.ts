import { html } from "hono/html";
import { vnDate } from "../../text/vn-time.ts";
import { recordAction, type WebApp, type WebDeps } from "../context.ts";
import { groupQuestions } from "../question-groups.ts";
import { csrfField, page } from "../views/layout.ts";
import { canSeeRecord } from "../access.ts";

/** How many of the newest unanswered questions are grouped (a season's worth at a province's scale). */
const QUESTIONS_READ = 5000;

/** "What owners ask": unanswered questions grouped, with the closest topic and how often; mark a group handled. */
export function questionRoutes(web: WebApp, deps: WebDeps): void {
  const { store, knowledge } = deps.app;
  web.get("/cau-hoi", async (c) => {
    const mine = (await store.questions.recent(QUESTIONS_READ)).filter((q) => canSeeRecord(deps.app.officers, c.get("officer"), q));
    const groups = groupQuestions(mine, await store.web.handledQuestionIds());
    const body = html`<h1>Câu hỏi bot chưa trả lời được</h1>
<p class="muted">Gom theo cách hỏi giống nhau, hỏi nhiều nhất lên trước. Thêm chủ đề vào <code>knowledge/</code> (rồi chạy <code>npm run kb:check</code>), sau đó đánh dấu đã xử lý.</p>
${groups.length === 0 ? html`<p>Không còn câu hỏi nào chưa xử lý.</p>` : ""}
<div class="table"><table class="list"><thead><tr><th>Câu hỏi</th><th>Số lần</th><th>Chủ đề gần nhất</th><th>Lần cuối</th><th></th></tr></thead><tbody>
${groups.slice(0, 200).map(
  (g) => html`<tr><td data-label="Câu hỏi">${g.example}${g.variants.length > 0 ? html`<br><span class="muted">Cách hỏi khác: ${g.variants.join(" · ")}</span>` : ""}</td>
<td data-label="Số lần">${g.count}</td>
<td data-label="Chủ đề gần nhất">${g.topicId ? (knowledge.kb.topicById.get(knowledge.kb.renamed.get(g.topicId) ?? g.topicId)?.title ?? g.topicId) : html`<span class="muted">(không có)</span>`}</td>
<td data-label="Lần cuối">${vnDate(new Date(g.lastAt))}</td>
<td><form method="post" action="/can-bo/cau-hoi/da-xu-ly">${csrfField(c.get("csrf"))}<input type="hidden" name="ids" value="${g.ids.join(",")}"><button class="quiet" type="submit">Đã xử lý</button></form></td></tr>`,
)}
</tbody></table></div>`;
    return c.html(page({ title: "Câu hỏi", officer: c.get("officer"), csrf: c.get("csrf"), section: "questions", body, flash: c.req.query("xong") ? "Đã đánh dấu đã xử lý." : undefined }));
  });

  web.post("/cau-hoi/da-xu-ly", async (c) => {
    const body = await c.req.parseBody();
    const ids = String(body.ids ?? "").split(",").map((s) => s.trim()).filter((s) => s.length > 0 && s.length < 200).slice(0, 5000);
    if (ids.length > 0) {
      await store.web.markHandled(ids, deps.clock());
      await recordAction(deps, c.get("officer"), "questions-handled", undefined, `${ids.length} câu`);
    }
    return c.redirect("/can-bo/cau-hoi?xong=1", 303);
  });
}
