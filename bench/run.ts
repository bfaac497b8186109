// npm run bench: runs every bench/*-bench.ts module in one process and prints one table.
// Each module exports `run(): Promise<BenchRow[]>`; a row may carry its baseline so the ratio is printed.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export interface BenchRow {
  name: string;        // what was measured
  value: number;       // the measurement
  unit: string;        // e.g. "µs/req", "MB/s", "req/s", "MiB"
  baseline?: number;   // the baseline value in the same unit, if any
  baselineName?: string;
  target?: string;     // the goal, as text (e.g. "≥ 1000 MB/s")
  better?: "higher" | "lower";
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const modules = readdirSync(here).filter((f) => f.endsWith("-bench.ts")).sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
if (modules.length === 0) {
  console.error("bench: no bench/*-bench.ts module found");
  process.exit(1);
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));
for (const file of modules) {
  const mod = (await import(join(here, file))) as { run(): Promise<BenchRow[]> };
  const rows = await mod.run();
  console.log(`\n## ${file.replace(/-bench\.ts$/, "")}`);
  console.log("| measure | value | unit | baseline | ratio | target |");
  console.log("|---|---:|---|---|---:|---|");
  for (const r of rows) {
    const ratio = r.baseline ? (r.better === "lower" ? r.baseline / r.value : r.value / r.baseline) : undefined;
    const base = r.baseline !== undefined ? `${fmt(r.baseline)} (${r.baselineName ?? "baseline"})` : "";
    console.log(`| ${r.name} | ${fmt(r.value)} | ${r.unit} | ${base} | ${ratio ? `${ratio.toFixed(2)}×` : ""} | ${r.target ?? ""} |`);
  }
}
