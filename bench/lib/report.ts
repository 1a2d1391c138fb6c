import { cpus, freemem, loadavg, release, totalmem, type } from "node:os";
import { round } from "./stats.ts";

export interface Target {
  op: ">=" | "<=";
  limit: number;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: Target;
  pass?: boolean;
}

/** Collects figures and prints each as `name: value unit`, with its target and PASS/FAIL where it has one. */
export class Report {
  readonly figures: Figure[] = [];

  add(name: string, value: number, unit: string, target?: Target): Figure {
    const figure: Figure = { name, value: round(value), unit };
    if (target) {
      figure.target = target;
      figure.pass = target.op === ">=" ? value >= target.limit : value <= target.limit;
    }
    this.figures.push(figure);
    console.log(formatFigure(figure));
    return figure;
  }

  failures(): Figure[] {
    return this.figures.filter((f) => f.pass === false);
  }
}

export function formatFigure(f: Figure): string {
  const line = `${f.name}: ${f.value} ${f.unit}`;
  if (!f.target) return line;
  const op = f.target.op === ">=" ? "≥" : "≤";
  return `${line.padEnd(48)} (target ${op} ${f.target.limit} ${f.unit}: ${f.pass ? "PASS" : "FAIL"})`;
}

export interface Machine {
  cpuModel: string;
  cores: number;
  ramBytes: number;
  freeRamBytes: number;
  node: string;
  os: string;
  date: string;
  loadAverageAtStart: number[];
}

export function machine(): Machine {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    ramBytes: totalmem(),
    freeRamBytes: freemem(),
    node: process.version,
    os: `${type()} ${release()}`,
    date: new Date().toISOString(),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export const MB = 1024 * 1024;
