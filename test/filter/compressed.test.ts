// A response the policy must redact that still arrives compressed (the upstream ignored Accept-Encoding:
// identity) cannot be inspected. limits.compressed decides: "pass" (default) or "block"; counted either
// way, never silently passed. Monitor mode only counts.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { gzipSync, deflateSync, brotliCompressSync } from "node:zlib";
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

test("limits.compressed block refuses only what the policy may redact or block: an alert-only response policy lets a compressed response pass, counted", async () => {
  const cfg = { schemaVersion: 1, mode: "enforce", limits: { compressed: "block" }, actions: { pii: { card: { response: "alert" } } } };
  const { r, prom } = await run(cfg);
  assert.equal(r.status(), 200);
  assert.deepEqual(r.downstreamBody, gz);
  assert.match(prom, /l7guard_compressed_responses_uninspected_total\{\} 1/);
});

test("strict.json blocks responses it cannot redact because they stay compressed", () => {
  const strict = JSON.parse(readFileSync(`${root}examples/policies/strict.json`, "utf8"));
  assert.equal(strict.limits.compressed, "block");
});

// A request body sent compressed: a back end that inflates it (Express's body-parser does by default) reads a
// payload the compressed bytes hide. A gzip or deflate body the filter holds (the request policy can block) is
// inflated and inspected, and passes on as it came; any other (br, a broken stream, a bomb past the cap, or one
// streamed past because nothing on it can block) is handled like a response that stays compressed: blocked under
// limits.compressed "block" where the request policy can block, else passed; counted either way.
const attackJson = JSON.stringify({ id: "1' UNION SELECT password FROM users--" });
const gzAttack = gzipSync(attackJson);
const requestConfig = (compressed: string | undefined, mode = "enforce") =>
  ({ schemaVersion: 1, mode, limits: compressed === undefined ? {} : { compressed }, actions: { attacks: { sqli: { request: "block" } } } });
async function sendEncoded(cfg: unknown, bodies: Array<[Buffer, string, string?]>) {
  const h = await PluginHost.create({ module: wasm, configuration: JSON.stringify(cfg), shared: new SharedState(), logger: () => {}, allowOnHeadersStopIteration: true });
  try {
    const results = [];
    for (const [body, encoding, type] of bodies) {
      results.push(await exchange(h, { requestHeaders: request("POST", "/api/items", [["content-type", type ?? "application/json"], ["content-encoding", encoding], ["content-length", String(body.length)]]), requestBody: [body], responseHeaders: okResponse() }));
    }
    return { results, prom: h.stats.renderPrometheus() };
  } finally { await h.close(); }
}

test("a gzip or deflate request body is inflated and inspected: an attack inside is blocked by its class, a clean one passes unchanged", async () => {
  const clean = gzipSync(JSON.stringify({ id: "42", note: "leave it at the door" }));
  const { results: [gz, deflated, ok], prom } = await sendEncoded(requestConfig("block"), [[gzAttack, "gzip"], [deflateSync(attackJson), "deflate"], [clean, "GZIP"]]);
  assert.equal(gz.status(), 403);
  assert.equal(gz.json().class, "sqli");
  assert.equal(gz.upstreamBody.length, 0, "the upstream saw nothing of the body");
  assert.equal(deflated.status(), 403);
  assert.equal(deflated.json().class, "sqli");
  assert.equal(ok.status(), 200);
  assert.deepEqual(ok.upstreamBody, clean, "the body passes on compressed, as it came");
  assert.match(prom, /l7guard_compressed_requests_uninspected_total\{\} 0/);
});

test("limits.compressed block: a request body that cannot be inflated (br, broken, a bomb past the cap) is refused as 'compressed'; counted", async () => {
  const broken = Buffer.concat([gzAttack.subarray(0, 12), Buffer.alloc(20, 0xff)]);
  const bomb = gzipSync(Buffer.alloc(8 << 20, 0x41));
  const { results, prom } = await sendEncoded(requestConfig("block"), [[brotliCompressSync(attackJson), "br"], [broken, "gzip"], [bomb, "gzip"]]);
  for (const r of results) {
    assert.equal(r.status(), 403);
    assert.equal(r.json().class, "compressed");
    assert.equal(r.upstreamBody.length, 0);
  }
  assert.match(prom, /l7guard_compressed_requests_uninspected_total\{\} 3/);
});

test("limits.compressed pass and monitor mode: an unreadable compressed request body passes and is counted", async () => {
  for (const cfg of [requestConfig(undefined), requestConfig("pass")]) {
    const body = brotliCompressSync(attackJson);
    const { results: [r], prom } = await sendEncoded(cfg, [[body, "br"]]);
    assert.equal(r.status(), 200, JSON.stringify(cfg));
    assert.deepEqual(r.upstreamBody, body);
    assert.match(prom, /l7guard_compressed_requests_uninspected_total\{\} 1/);
  }
  // Monitor mode holds no body (nothing can block): a gzip body streams past, unread, and is counted.
  const { results: [m], prom } = await sendEncoded(requestConfig("block", "monitor"), [[gzAttack, "gzip"]]);
  assert.equal(m.status(), 200);
  assert.deepEqual(m.upstreamBody, gzAttack);
  assert.match(prom, /l7guard_compressed_requests_uninspected_total\{\} 1/);
});

test("a compressed gRPC/protobuf body, not inspected either way, passes uncounted; identity is read as usual", async () => {
  const { results: [grpc, identity], prom } = await sendEncoded(requestConfig("block"), [[gzAttack, "gzip", "application/x-protobuf"], [Buffer.from(attackJson), "identity"]]);
  assert.equal(grpc.status(), 200);
  assert.equal(identity.status(), 403);
  assert.equal(identity.json().class, "sqli");
  assert.match(prom, /l7guard_compressed_requests_uninspected_total\{\} 0/);
});
