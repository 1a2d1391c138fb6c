import { html, raw } from "hono/html";
import { statusSchema, type Application } from "../../domain/records.ts";
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
  labels: string[];
  series: { label: string; values: number[] }[];
}

/** Applications by status, by kind of support and by month of submission (Vietnam time). */
export function applicationCharts(apps: Application[], kb: KnowledgeBase): ChartData[] {
  const byStatus = statusSchema.options.map((s) => apps.filter((a) => a.status === s).length);
  const kinds = new Map<string, number>();
  const months = new Map<string, number>();
  for (const a of apps) {
    kinds.set(a.supportId, (kinds.get(a.supportId) ?? 0) + 1);
    const month = vnIsoDate(new Date(a.submittedAt)).slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + 1);
  }
  const monthKeys = [...months.keys()].sort();
  return [
    { id: "status", title: "Hồ sơ theo trạng thái", type: "doughnut", labels: statusSchema.options.map((s) => STATUS_LABEL[s]), series: [{ label: "Hồ sơ", values: byStatus }] },
    { id: "kind", title: "Hồ sơ theo nội dung hỗ trợ", type: "bar", labels: [...kinds.keys()].map((k) => kb.supportById.get(k)?.shortTitle ?? k), series: [{ label: "Hồ sơ", values: [...kinds.values()] }] },
    { id: "month", title: "Hồ sơ theo tháng nộp", type: "bar", labels: monthKeys.map((m) => `${m.slice(5)}/${m.slice(0, 4)}`), series: [{ label: "Hồ sơ", values: monthKeys.map((m) => months.get(m) ?? 0) }] },
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
    const { items } = await store.applications.page({ ...scopedQuery(officer, {}), limit: 1_000_000 });
    const charts = [...applicationCharts(items, knowledge.kb), ...(await questionCharts(deps))];
    const body = html`<h1>Tổng quan</h1>
<div class="charts">${charts.map((ch) => html`<section class="card"><h2>${ch.title}</h2><canvas id="chart-${ch.id}" role="img" aria-label="${ch.title}"></canvas></section>`)}</div>
<script type="application/json" id="chart-data">${raw(jsonBlock(charts))}</script>`;
    return c.html(page({ title: "Tổng quan", officer, csrf: c.get("csrf"), section: "overview", body, scripts: ["/can-bo/tep/chart.js", "/can-bo/tep/bieu-do.js"] }));
  });
}

/** Questions' charts: filled once the question counts are in storage. */
async function questionCharts(_deps: WebDeps): Promise<ChartData[]> {
  return [];
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
      options: { responsive: true, maintainAspectRatio: true, animation: false, plugins: { legend: { display: chart.type === "doughnut" || chart.series.length > 1 } } }
    });
  });
})();
`;
