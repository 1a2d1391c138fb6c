import { html } from "hono/html";
import { APPLICATION_SORTS, type ApplicationPage, type ApplicationQuery, type StatusCounts } from "../../domain/application-query.ts";
import { statusSchema, type Application, type ApplicationStatus } from "../../domain/records.ts";
import type { KnowledgeBase } from "../../kb/types.ts";
import { STATUS_LABEL } from "../../officer/status.ts";
import { vnDate } from "../../text/vn-time.ts";
import type { Html } from "./layout.ts";

export const PAGE_SIZE = 50;

const SORT_LABEL: Record<string, string> = { submitted: "Ngày nộp", code: "Mã hồ sơ", facility: "Cơ sở", status: "Trạng thái" };

/** The list's query string for `query` with `change` applied (filters kept across sort and page links). */
export function queryString(query: ApplicationQuery, change: Partial<ApplicationQuery> = {}): string {
  const q = { ...query, ...change };
  const params = new URLSearchParams();
  if (q.status) params.set("trang-thai", q.status);
  if (q.supportId) params.set("noi-dung", q.supportId);
  if (q.province) params.set("tinh", q.province);
  if (q.from) params.set("tu", q.from);
  if (q.to) params.set("den", q.to);
  if (q.text) params.set("tim", q.text);
  if (q.sort && q.sort !== "submitted") params.set("xep", q.sort);
  if (q.descending === false) params.set("chieu", "tang");
  if (q.offset) params.set("tu-so", String(q.offset));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** The list's query from the URL; anything malformed is dropped, never an error page. */
export function queryFromUrl(get: (name: string) => string | undefined): ApplicationQuery {
  const day = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  const status = statusSchema.safeParse(get("trang-thai"));
  const sort = APPLICATION_SORTS.find((s) => s === get("xep"));
  const offset = Number(get("tu-so") ?? 0);
  const text = get("tim")?.trim().slice(0, 100);
  return {
    ...(status.success ? { status: status.data } : {}),
    ...(get("noi-dung") ? { supportId: get("noi-dung") } : {}),
    ...(get("tinh") ? { province: get("tinh") } : {}),
    ...(day(get("tu")) ? { from: day(get("tu")) } : {}),
    ...(day(get("den")) ? { to: day(get("den")) } : {}),
    ...(text ? { text } : {}),
    ...(sort ? { sort } : {}),
    ...(get("chieu") === "tang" ? { descending: false } : {}),
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
    limit: PAGE_SIZE,
  };
}

export function statusBadge(status: ApplicationStatus): Html {
  return html`<span class="status s-${status}">${STATUS_LABEL[status]}</span>`;
}

function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}" ${value === selected ? "selected" : ""}>${label}</option>`;
}

export function provinceName(kb: KnowledgeBase, id: unknown): string {
  return kb.provinces.find((p) => p.id === id)?.name ?? (typeof id === "string" ? id : "");
}

export function listView(options: { kb: KnowledgeBase; query: ApplicationQuery; page: ApplicationPage; counts: StatusCounts; officerNames: Map<string, string> }): Html {
  const { kb, query, page, counts } = options;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const offset = query.offset ?? 0;
  const sortLink = (sort: string) => {
    const same = (query.sort ?? "submitted") === sort;
    const descending = same ? query.descending === false : true;
    return html`<a href="/can-bo/ho-so${queryString(query, { sort: sort as ApplicationQuery["sort"], descending, offset: 0 })}">${SORT_LABEL[sort]}${same ? (query.descending === false ? " ▲" : " ▼") : ""}</a>`;
  };
  return html`<h1>Hồ sơ đề nghị hỗ trợ</h1>
<nav class="counts" aria-label="Số hồ sơ theo trạng thái">
<a href="/can-bo/ho-so${queryString(query, { status: undefined, offset: 0 })}" class="${query.status ? "" : "on"}">Tất cả: ${total}</a>
${statusSchema.options.map((s) => html`<a href="/can-bo/ho-so${queryString(query, { status: s, offset: 0 })}" class="${query.status === s ? "on" : ""}">${STATUS_LABEL[s]}: <span data-count="${s}">${counts[s]}</span></a>`)}
</nav>
<form class="filters card" method="get" action="/can-bo/ho-so">
<div><label for="tim">Tìm (mã, tên, cơ sở, điện thoại)</label><input id="tim" name="tim" value="${query.text ?? ""}" placeholder="vd: Lan Anh, 0912…"></div>
<div><label for="trang-thai">Trạng thái</label><select id="trang-thai" name="trang-thai"><option value="">Tất cả</option>${statusSchema.options.map((s) => option(s, STATUS_LABEL[s], query.status))}</select></div>
<div><label for="noi-dung">Nội dung hỗ trợ</label><select id="noi-dung" name="noi-dung"><option value="">Tất cả</option>${kb.supports.filter((s) => s.applicable).map((s) => option(s.id, s.shortTitle, query.supportId))}</select></div>
<div><label for="tinh">Tỉnh, thành phố</label><select id="tinh" name="tinh"><option value="">Tất cả</option>${kb.provinces.map((p) => option(p.id, p.name, query.province))}</select></div>
<div><label for="tu">Nộp từ ngày</label><input id="tu" type="date" name="tu" value="${query.from ?? ""}"></div>
<div><label for="den">đến ngày</label><input id="den" type="date" name="den" value="${query.to ?? ""}"></div>
<div><label for="xep">Sắp xếp</label><select id="xep" name="xep">${APPLICATION_SORTS.map((s) => option(s, SORT_LABEL[s] ?? s, query.sort ?? "submitted"))}</select></div>
<div><label for="chieu">Thứ tự</label><select id="chieu" name="chieu">${option("giam", "Mới / lớn trước", query.descending === false ? "tang" : "giam")}${option("tang", "Cũ / nhỏ trước", query.descending === false ? "tang" : "giam")}</select></div>
<div><button class="primary" type="submit">Lọc</button> <a href="/can-bo/ho-so">Xoá lọc</a></div>
</form>
<p class="muted">${page.total} hồ sơ khớp bộ lọc. Tải về theo bộ lọc này:
<a href="/can-bo/xuat/csv${queryString(query, { offset: 0 })}">CSV</a> ·
<a href="/can-bo/xuat/xlsx${queryString(query, { offset: 0 })}">Excel (XLSX)</a></p>
<div class="table"><table class="list">
<thead><tr><th>${sortLink("code")}</th><th>${sortLink("facility")}</th><th>Người đại diện</th><th>Nội dung</th><th>Tỉnh</th><th>${sortLink("submitted")}</th><th>${sortLink("status")}</th><th>Phụ trách</th></tr></thead>
<tbody>
${page.items.length === 0 ? html`<tr><td colspan="8">Không có hồ sơ nào khớp bộ lọc.</td></tr>` : ""}
${page.items.map((a) => row(a, kb, options.officerNames))}
</tbody></table></div>
<div class="pager">
${offset > 0 ? html`<a class="button" href="/can-bo/ho-so${queryString(query, { offset: Math.max(0, offset - PAGE_SIZE) })}">← Trang trước</a>` : ""}
<span>${page.total === 0 ? "" : `${offset + 1}–${Math.min(offset + PAGE_SIZE, page.total)} / ${page.total}`}</span>
${offset + PAGE_SIZE < page.total ? html`<a class="button" href="/can-bo/ho-so${queryString(query, { offset: offset + PAGE_SIZE })}">Trang sau →</a>` : ""}
</div>`;
}

function row(a: Application, kb: KnowledgeBase, officerNames: Map<string, string>): Html {
  return html`<tr>
<td data-label="Mã"><a href="/can-bo/ho-so/${a.code}">${a.code}</a></td>
<td data-label="Cơ sở">${String(a.answers.facilityName ?? "")}</td>
<td data-label="Đại diện">${String(a.answers.representative ?? "")}</td>
<td data-label="Nội dung">${kb.supportById.get(a.supportId)?.shortTitle ?? a.supportId}</td>
<td data-label="Tỉnh">${provinceName(kb, a.answers.province)}</td>
<td data-label="Ngày nộp">${vnDate(new Date(a.submittedAt))}</td>
<td data-label="Trạng thái">${statusBadge(a.status)}</td>
${a.assignedTo ? html`<td data-label="Phụ trách">${officerNames.get(a.assignedTo) ?? a.assignedTo}</td>` : html`<td></td>`}
</tr>`;
}
