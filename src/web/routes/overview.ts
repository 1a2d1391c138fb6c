import { html, raw } from "hono/html";
import type { ApplicationStatistics } from "../../domain/application-query.ts";
import { statusSchema, type QuestionTally } from "../../domain/records.ts";
import type { KnowledgeBase } from "../../kb/types.ts";
import { STATUS_LABEL } from "../../officer/status.ts";
import { vnIsoDate } from "../../text/vn-time.ts";
import { scopedQuery } from "../access.ts";
import type { WebApp, WebDeps } from "../context.ts";
import { page } from "../views/layout.ts";

/** A chart's data: labels and one or more series, drawn by bieu-do.js with Chart.js. */
interface ChartData {
  id: string;
  title: string;
  type: "bar" | "doughnut" | "line";
  /** Values are percentages (axis 0–100). */
  percent?: boolean;
  /** Bars across, for long labels (topic titles, kinds of support). */
  horizontal?: boolean;
  labels: string[];
  series: { label: string; values: number[] }[];
}

/** Applications by status, by kind of support and by month of submission (Vietnam time). */
export function applicationCharts(stats: ApplicationStatistics, kb: KnowledgeBase): ChartData[] {
  const kinds = Object.entries(stats.bySupport).sort((a, b) => b[1] - a[1]);
  const monthKeys = Object.keys(stats.byMonth).sort();
  return [
    { id: "status", title: "Hồ sơ theo trạng thái", type: "doughnut", labels: statusSchema.options.map((s) => STATUS_LABEL[s]), series: [{ label: "Hồ sơ", values: statusSchema.options.map((s) => stats.byStatus[s]) }] },
    { id: "kind", title: "Hồ sơ theo nội dung hỗ trợ", type: "bar", horizontal: true, labels: kinds.map(([k]) => kb.supportById.get(k)?.shortTitle ?? k), series: [{ label: "Hồ sơ", values: kinds.map(([, n]) => n) }] },
    { id: "month", title: "Hồ sơ theo tháng nộp", type: "bar", labels: monthKeys.map((m) => `${m.slice(5)}/${m.slice(0, 4)}`), series: [{ label: "Hồ sơ", values: monthKeys.map((m) => stats.byMonth[m] ?? 0) }] },
  ];
}

/** JSON inside a data block: "<" escaped so no text can close the block. */
function jsonBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** Overview charts; the chart script and Chart.js load only on this page (the list stays light). */
export function overviewRoutes(web: WebApp, deps: WebDeps): void {
  const { store, knowledge } = deps.app;
  web.get("/tong-quan", async (c) => {
    const officer = c.get("officer");
    const stats = await store.applications.statistics(scopedQuery(deps.app.officers, officer, {}));
    const charts = [...applicationCharts(stats, knowledge.kb), ...(await questionCharts(deps))];
    const body = html`<h1>Tổng quan</h1>
<div class="charts">${charts.map((ch) => html`<section class="card"><h2>${ch.title}</h2><canvas id="chart-${ch.id}" role="img" aria-label="${ch.title}"></canvas></section>`)}</div>
<script type="application/json" id="chart-data">${raw(jsonBlock(charts))}</script>`;
    return c.html(page({ title: "Tổng quan", officer, csrf: c.get("csrf"), section: "overview", body, scripts: ["/can-bo/tep/chart.js", "/can-bo/tep/bieu-do.js"] }));
  });
}

/** Weeks and topics over this many days. */
const QUESTION_DAYS = 90;

/** Monday of a YYYY-MM-DD day's week, as a label "dd/mm". */
function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

/**
 * The most asked topics, and the share of questions not answered directly
 * (a did-you-mean, nothing found, or refused) per week, small talk left out,
 * from the question counts (questions.tallies).
 */
export function questionChartsOf(tallies: QuestionTally[], kb: KnowledgeBase): ChartData[] {
  const topics = new Map<string, number>();
  const weeks = new Map<string, { all: number; unanswered: number }>();
  for (const t of tallies) {
    if (t.outcome === "small-talk") continue;
    if (t.topicId) topics.set(t.topicId, (topics.get(t.topicId) ?? 0) + t.count);
    const week = weeks.get(weekOf(t.day)) ?? { all: 0, unanswered: 0 };
    week.all += t.count;
    if (t.outcome !== "answered") week.unanswered += t.count;
    weeks.set(weekOf(t.day), week);
  }
  const top = [...topics].sort((a, b) => b[1] - a[1]).slice(0, 10);
  const weekKeys = [...weeks.keys()].sort();
  // Long titles are cut: a bar's label takes at most half a phone's width.
  const title = (id: string) => {
    const full = kb.topicById.get(kb.renamed.get(id) ?? id)?.title ?? id;
    return full.length > 34 ? `${full.slice(0, 33).trimEnd()}…` : full;
  };
  return [
    { id: "topics", title: `Chủ đề được hỏi nhiều nhất (${QUESTION_DAYS} ngày)`, type: "bar", horizontal: true, labels: top.map(([id]) => title(id)), series: [{ label: "Số câu hỏi", values: top.map(([, n]) => n) }] },
    {
      id: "unanswered",
      title: "Tỉ lệ câu hỏi chưa trả lời được theo tuần (%)",
      type: "line",
      percent: true,
      labels: weekKeys.map((w) => `${w.slice(8, 10)}/${w.slice(5, 7)}`),
      series: [{ label: "% chưa trả lời được", values: weekKeys.map((w) => Math.round((1000 * (weeks.get(w)?.unanswered ?? 0)) / Math.max(1, weeks.get(w)?.all ?? 0)) / 10) }],
    },
  ];
}

async function questionCharts(deps: WebDeps): Promise<ChartData[]> {
  const since = vnIsoDate(new Date(deps.clock().getTime() - QUESTION_DAYS * 24 * 3600_000));
  return questionChartsOf(await deps.app.store.questions.tallies(since), deps.app.knowledge.kb);
}

/** Draws every chart of the data block with Chart.js (served from node_modules as /can-bo/tep/chart.js). */
export const CHARTS_SCRIPT = `"use strict";
(function () {
  var block = document.getElementById("chart-data");
  if (!block || typeof Chart === "undefined") return;
  var colours = ["#0b5cad", "#e8a33d", "#3a9d5d", "#b3261e", "#7b5ea7", "#5b6b7c", "#1aa3a3", "#d4668f"];
  JSON.parse(block.textContent).forEach(function (chart) {
    var canvas = document.getElementById("chart-" + chart.id);
    if (!canvas) return;
    new Chart(canvas, {
      type: chart.type,
      data: {
        labels: chart.labels,
        datasets: chart.series.map(function (s, i) {
          return { label: s.label, data: s.values, backgroundColor: chart.type === "doughnut" ? colours : colours[i % colours.length], borderColor: colours[i % colours.length] };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: true,
        animation: false,
        indexAxis: chart.horizontal ? "y" : "x",
        plugins: { legend: { display: chart.type === "doughnut" || chart.series.length > 1 } },
        scales: chart.type === "doughnut" ? {} : chart.horizontal ? { x: { beginAtZero: true, ticks: { precision: 0 } } } : { y: chart.percent ? { min: 0, max: 100 } : { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  });
})();
`;
