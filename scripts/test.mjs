#!/usr/bin/env node
// npm test: type-check, as-pect suites, Node test-runner suites.
// Each stage must run at least one test; a stage that finds nothing fails the run,
// because a runner that finds no file exits 0 and would hide a broken glob.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);
const bin = (n) => join(root, "node_modules", ".bin", n);

function run(label, cmd, args, opts = {}) {
  console.log(`\n=== ${label}: ${[relative(root, cmd) || cmd, ...args].join(" ").slice(0, 300)}`);
  const r = spawnSync(cmd, args, { stdio: opts.capture ? ["ignore", "pipe", "pipe"] : "inherit", encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" }, maxBuffer: 256 << 20 });
  if (opts.capture) { process.stdout.write(r.stdout ?? ""); process.stderr.write(r.stderr ?? ""); }
  return r;
}

function findFiles(dir, pred, out = []) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const e of entries.sort()) {
    if (e === "node_modules" || e === "build" || e === "fixtures" && dir === "test") continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) findFiles(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

const failures = [];

// 1. Type-check everything TypeScript (host, manager, tests, bench).
const tsc = run("tsc", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]);
if (tsc.status !== 0) failures.push("tsc --noEmit");

// 2. as-pect: pure AssemblyScript suites (filter/**/__tests__/*.spec.ts).
const asp = run("as-pect", bin("asp"), ["--summary", "--no-logo"], { capture: true });
const aspOut = `${asp.stdout}${asp.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
const aspTests = /\[Tests\]:\s*(\d+)\s*\/\s*(\d+)/.exec(aspOut);
if (asp.status !== 0) failures.push("as-pect failed");
else if (!aspTests || Number(aspTests[2]) === 0) failures.push("as-pect ran no test");
else if (aspTests[1] !== aspTests[2]) failures.push(`as-pect: ${aspTests[1]}/${aspTests[2]} passed`);

// 3. Node test runner over test/**/*.test.ts, files passed explicitly.
const only = process.argv.slice(2);
const files = only.length ? only : findFiles("test", (p) => p.endsWith(".test.ts"));
if (files.length === 0) failures.push("node --test: no test files found");
else {
  const nt = run("node --test", process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files], { capture: true });
  const out = `${nt.stdout}${nt.stderr}`;
  const tests = /^[#ℹ]\s*tests\s+(\d+)/m.exec(out);
  const pass = /^[#ℹ]\s*pass\s+(\d+)/m.exec(out);
  if (nt.status !== 0) failures.push("node --test failed");
  else if (!tests || Number(tests[1]) === 0 || !pass || Number(pass[1]) === 0) failures.push("node --test ran no test");
}

if (failures.length) {
  console.error(`\nnpm test FAILED: ${failures.join("; ")}`);
  process.exit(1);
}
console.log("\nnpm test: all stages passed");
