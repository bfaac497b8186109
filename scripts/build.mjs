#!/usr/bin/env node
// Builds every Wasm artifact with the release options of asconfig.json:
//   filter/main.ts            -> build/l7guard.wasm   (the product; served by the manager; uses Wasm SIMD)
//                             -> build/l7guard-scalar.wasm (the same without SIMD, for runtimes that lack it)
//   test/fixtures/*.ts        -> build/fixtures/<name>.wasm (probe filter for host conformance)
//   bench/fixtures/*.ts       -> build/fixtures/<name>.wasm (baseline filters for bench/)
// Usage: node scripts/build.mjs [--only NAME]   (NAME = l7guard or a fixture name)
import asc from "assemblyscript/asc";
import { readdirSync, existsSync, mkdirSync } from "node:fs";
import { join, basename } from "node:path";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);

const targets = [{ name: "l7guard", entry: "filter/main.ts", out: "build/l7guard.wasm" }];
for (const dir of ["test/fixtures", "bench/fixtures"]) {
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith(".ts") || f.endsWith(".d.ts")) continue;
    const name = basename(f, ".ts");
    targets.push({ name, entry: join(dir, f), out: `build/fixtures/${name}.wasm` });
  }
}

// The filter uses Wasm SIMD (128-bit) where it scans long strings; Envoy's V8 (and Wasmtime, WAMR) run it.
// The inspection core also has a scalar path (ASC_FEATURE_SIMD false), built as the inspect-harness-scalar
// fixture so that tests can require both paths to find the same things.
targets.push({ name: "inspect-harness-scalar", entry: "test/fixtures/inspect-harness.ts", out: "build/fixtures/inspect-harness-scalar.wasm", scalar: true });
// The product without SIMD, for Wasm runtimes that lack it (e.g. an interpreter): same behaviour, slower.
targets.push({ name: "l7guard-scalar", entry: "filter/main.ts", out: "build/l7guard-scalar.wasm", scalar: true });

const onlyIdx = process.argv.indexOf("--only");
const only = onlyIdx > 0 ? process.argv[onlyIdx + 1] : undefined;
mkdirSync("build/fixtures", { recursive: true });

let failed = false;
for (const t of targets) {
  if (only && t.name !== only) continue;
  if (!existsSync(t.entry)) { console.error(`build: ${t.entry} missing`); failed = true; continue; }
  const started = Date.now();
  const { error, stderr } = await asc.main(
    [t.entry, "--config", "asconfig.json", "--target", "release", ...(t.scalar ? [] : ["--enable", "simd"]), "--outFile", t.out],
    { stdout: process.stdout, stderr: process.stderr },
  );
  if (error) {
    console.error(`build: ${t.entry} failed: ${error.message}`);
    failed = true;
  } else {
    console.log(`build: ${t.out} (${Date.now() - started} ms)`);
  }
  void stderr;
}
process.exit(failed ? 1 : 0);
