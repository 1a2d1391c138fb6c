/**
 * `npm run bench:letter`: how long one request letter takes, both formats
 * (PDF with the embedded font, and DOCX), warm, as the bot makes them — wall
 * time and the CPU time of this process (on a shared machine the wall time
 * also measures the neighbours). Target: ≤ 300 ms per letter.
 */
import { loadKnowledgeBase } from "../src/kb/load.ts";
import { generateBoth, generateLetter } from "../src/documents/service.ts";
import { loadLetterTemplate } from "../src/documents/template.ts";
import { longApplication, sampleApplication } from "../test/documents/fixtures.ts";

const RUNS = Number(process.argv[2] ?? 30);
const kb = loadKnowledgeBase("knowledge");
const ctx = { kb, template: loadLetterTemplate("knowledge", kb), config: { CENTRE_NAME: "Trung tâm Khuyến công tỉnh" } };
const date = new Date();

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

async function measure(name: string, make: () => Promise<unknown>): Promise<void> {
  const firstStart = performance.now();
  await make();
  const first = performance.now() - firstStart;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await make();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(0).padStart(5);
  console.log(`${name.padEnd(34)} first ${f(first)} ms · wall median ${f(percentile(wall, 50))} p95 ${f(percentile(wall, 95))} ms · CPU median ${f(percentile(cpu, 50))} p95 ${f(percentile(cpu, 95))} ms`);
}

console.log(`${RUNS} runs each, after one cold run`);
await measure("letter + outline, PDF", () => generateLetter(sampleApplication(), "pdf", ctx, date));
await measure("letter + outline, DOCX", () => generateLetter(sampleApplication(), "docx", ctx, date));
await measure("both formats (what the bot sends)", () => generateBoth(sampleApplication(), ctx, date));
await measure("both formats, long application", () => generateBoth(longApplication(), ctx, date));
