// A response the policy must redact that still arrives compressed (the upstream ignored Accept-Encoding:
// identity) cannot be inspected. limits.compressed decides: "pass" (default) or "block"; counted either
// way, never silently passed. Monitor mode only counts.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { PluginHost, SharedState } from "../../host/index.ts";
import { exchange, okResponse, request } from "./exchange.ts";

const root = new URL("../../", import.meta.url).pathname;
let wasm: Buffer;
before(() => {
  if (!existsSync(`${root}build/l7guard.wasm`)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", "l7guard"], { stdio: "inherit" });
  wasm = readFileSync(`${root}build/l7guard.wasm`);
});

const gz = gzipSync(JSON.stringify({ card: "4111 1111 1111 1111" }));
const config = (compressed: string | undefined, mode = "enforce") =>
  ({ schemaVersion: 1, mode, limits: compressed === undefined ? {} : { compressed }, actions: { pii: { card: { response: "redact" } } } });

async function run(cfg: unknown) {
  const h = await PluginHost.create({ module: wasm, configuration: JSON.stringify(cfg), shared: new SharedState(), logger: () => {} });
  try {
    const r = await exchange(h, { requestHeaders: request("GET", "/z", [["accept-encoding", "gzip"]]), responseHeaders: okResponse([["content-encoding", "gzip"], ["content-length", String(gz.length)]]), responseBody: [gz] });
    return { r, prom: h.stats.renderPrometheus() };
  } finally { await h.close(); }
}

test("limits.compressed block: a still-compressed response to redact is replaced by a 403 naming the class, and counted", async () => {
  const { r, prom } = await run(config("block"));
  assert.equal(r.status(), 403);
  assert.equal(r.json().class, "compressed");
  assert.ok(!r.downstreamBody.includes(gz.subarray(10, 30)), "none of the compressed body reaches the client");
  assert.match(prom, /l7guard_compressed_responses_uninspected_total\{\} 1/);
});

test("limits.compressed pass (the default) and monitor mode: the response passes, and is counted", async () => {
  for (const cfg of [config(undefined), config("pass"), config("block", "monitor")]) {
    const { r, prom } = await run(cfg);
    assert.equal(r.status(), 200, JSON.stringify(cfg));
    assert.deepEqual(r.downstreamBody, gz);
    assert.match(prom, /l7guard_compressed_responses_uninspected_total\{\} 1/);
  }
});

test("strict.json blocks responses it cannot redact because they stay compressed", () => {
  const strict = JSON.parse(readFileSync(`${root}examples/policies/strict.json`, "utf8"));
  assert.equal(strict.limits.compressed, "block");
});
