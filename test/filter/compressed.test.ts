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

// A request body sent compressed: a back end that inflates it (Express's body-parser does by default) reads a
// payload the filter never saw. Same policy: blocked under limits.compressed "block" where the request policy
// can block, else passed; counted either way.
const gzAttack = gzipSync(JSON.stringify({ id: "1' UNION SELECT password FROM users--" }));
const requestConfig = (compressed: string | undefined, mode = "enforce") =>
  ({ schemaVersion: 1, mode, limits: compressed === undefined ? {} : { compressed }, actions: { attacks: { sqli: { request: "block" } } } });
async function sendCompressed(cfg: unknown, encoding = "gzip") {
  const h = await PluginHost.create({ module: wasm, configuration: JSON.stringify(cfg), shared: new SharedState(), logger: () => {}, allowOnHeadersStopIteration: true });
  try {
    const r = await exchange(h, { requestHeaders: request("POST", "/api/items", [["content-type", "application/json"], ["content-encoding", encoding], ["content-length", String(gzAttack.length)]]), requestBody: [gzAttack], responseHeaders: okResponse() });
    return { r, prom: h.stats.renderPrometheus() };
  } finally { await h.close(); }
}

test("limits.compressed block: a compressed request body is refused with a 403 naming the class, before the upstream sees it; counted", async () => {
  const { r, prom } = await sendCompressed(requestConfig("block"));
  assert.equal(r.status(), 403);
  assert.equal(r.json().class, "compressed");
  assert.equal(r.upstreamBody.length, 0, "the upstream saw nothing of the body");
  assert.match(prom, /l7guard_compressed_requests_uninspected_total\{\} 1/);
});

test("limits.compressed pass and monitor mode: a compressed request body passes and is counted; identity is read as usual", async () => {
  for (const cfg of [requestConfig(undefined), requestConfig("pass"), requestConfig("block", "monitor")]) {
    const { r, prom } = await sendCompressed(cfg);
    assert.equal(r.status(), 200, JSON.stringify(cfg));
    assert.deepEqual(r.upstreamBody, gzAttack);
    assert.match(prom, /l7guard_compressed_requests_uninspected_total\{\} 1/);
  }
  const h = await PluginHost.create({ module: wasm, configuration: JSON.stringify(requestConfig("block")), shared: new SharedState(), logger: () => {}, allowOnHeadersStopIteration: true });
  try {
    // A compressed gRPC/protobuf body is not inspected either way: it passes and is not counted.
    const grpc = await exchange(h, { requestHeaders: request("POST", "/pkg.Svc/Call", [["content-type", "application/x-protobuf"], ["content-encoding", "gzip"]]), requestBody: [gzAttack], responseHeaders: okResponse() });
    assert.equal(grpc.status(), 200);
    assert.doesNotMatch(h.stats.renderPrometheus(), /l7guard_compressed_requests_uninspected_total\{\} [1-9]/);
    const body = JSON.stringify({ id: "1' UNION SELECT password FROM users--" });
    const r = await exchange(h, { requestHeaders: request("POST", "/api/items", [["content-type", "application/json"], ["content-encoding", "identity"]]), requestBody: [body], responseHeaders: okResponse() });
    assert.equal(r.status(), 403);
    assert.equal(r.json().class, "sqli");
  } finally { await h.close(); }
});
