// The release build (build/l7guard.wasm, what the manager serves and WasmPlugins name) must load in
// Envoy: only imports Envoy provides, with their exact types; the ABI marker; an allocator; every
// callback with the signature Envoy checks (reference §1.1, §1.2, §2.3, §3.1).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { ENVOY_ENV_IMPORTS, ENVOY_WASI_IMPORTS, type FunctionType } from "../../host/envoy-imports.ts";
import { readModuleInterface, type ExportEntry } from "../../host/wasm-binary.ts";
import { CALLBACK_SIGNATURES } from "../../host/validate.ts";

const root = new URL("../../", import.meta.url).pathname;
const wasmPath = `${root}build/l7guard.wasm`;
let iface: ReturnType<typeof readModuleInterface>;

before(() => {
  if (!existsSync(wasmPath)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", "l7guard"], { stdio: "inherit" });
  iface = readModuleInterface(readFileSync(wasmPath));
});

const sig = (t?: FunctionType) => (t ? `(${t.params.join(",")})->(${t.results.join(",")})` : "none");

test("§1.1/§2.3 release module imports only what Envoy provides, with exact types", () => {
  assert.ok(iface.imports.length > 0, "the filter must import at least proxy_log");
  for (const imp of iface.imports) {
    assert.equal(imp.kind, "function", `${imp.module}.${imp.name}: Envoy rejects non-function imports other than memory/table`);
    const table = imp.module === "env" ? ENVOY_ENV_IMPORTS
      : imp.module === "wasi_snapshot_preview1" || imp.module === "wasi_unstable" ? ENVOY_WASI_IMPORTS : undefined;
    assert.ok(table, `${imp.module}.${imp.name}: module '${imp.module}' is not provided by Envoy`);
    const expected = table[imp.name];
    assert.ok(expected, `${imp.module}.${imp.name} is not provided by Envoy (e.g. env.abort, env.seed, env.trace)`);
    assert.equal(sig(imp.type), sig(expected), `${imp.module}.${imp.name} has the wrong type`);
  }
});

test("§1.1 release module exports the ABI marker, memory, an allocator and _initialize", () => {
  const byName = new Map(iface.exports.map((e) => [e.name, e]));
  assert.equal(byName.get("proxy_abi_version_0_2_1")?.kind, "function");
  assert.equal(byName.get("memory")?.kind, "memory");
  assert.equal(sig(byName.get("malloc")?.type), "(i32)->(i32)");
  assert.equal(sig(byName.get("proxy_on_memory_allocate")?.type), "(i32)->(i32)");
  assert.equal(sig(byName.get("_initialize")?.type), "()->()");
  assert.ok(!byName.has("_start"), "a reactor exports _initialize, not _start");
});

// Exact callback signatures from reference §1.2 (the host checks the same table at load time).
const CALLBACKS = Object.fromEntries(Object.entries(CALLBACK_SIGNATURES).filter(([name]) => name.startsWith("proxy_on_") || name === "proxy_validate_configuration"));

test("§1.2 every proxy_on_* callback is exported with Envoy's exact signature", () => {
  const exported = new Map<string, ExportEntry>(iface.exports.map((e) => [e.name, e]));
  for (const [name, [params, results]] of Object.entries(CALLBACKS)) {
    const e = exported.get(name);
    assert.ok(e, `${name} is not exported`);
    assert.equal(sig(e.type), sig({ params: Array(params).fill("i32"), results: Array(results).fill("i32") }), name);
  }
  const unknown = iface.exports.filter((e) => e.name.startsWith("proxy_on_") && !(e.name in CALLBACKS));
  assert.deepEqual(unknown.map((e) => e.name), [], "unexpected proxy_on_* exports");
});

test("the import check itself catches a module Envoy would reject", async () => {
  // A module importing env.abort (AssemblyScript's default abort) must fail the check above.
  const bad = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    1, 8, 1, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 0,               // type (i32 x4) -> ()
    2, 13, 1, 3, 0x65, 0x6e, 0x76, 5, 0x61, 0x62, 0x6f, 0x72, 0x74, 0, 0]); // import env.abort
  const parsed = readModuleInterface(bad);
  assert.equal(parsed.imports.length, 1);
  assert.equal(parsed.imports[0].name, "abort");
  assert.equal(sig(parsed.imports[0].type), "(i32,i32,i32,i32)->()");
  assert.equal(ENVOY_ENV_IMPORTS[parsed.imports[0].name], undefined);
  await WebAssembly.compile(bad); // and it is a valid module, so only the Envoy rule rejects it
});
