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

test("limits.compressed pass (the default): a compressed response to redact passes, and is counted", async () => {
  for (const cfg of [config(undefined), config("pass")]) {
    const { r, prom } = await run(cfg);
    assert.equal(r.status(), 200, JSON.stringify(cfg));
    assert.deepEqual(r.downstreamBody, gz);
    assert.match(prom, /l7guard_compressed_responses_uninspected_total\{\} 1/);
  }
});

// Alert-only inspection (monitor mode, or a response policy of alerts) never asked for identity and never holds
// the body: a gzip or deflate response is copied as it passes and read when it ends. It passes unchanged; what it
// holds is alerted; nothing is counted as uninspected.
test("monitor mode and an alert-only response policy: a gzip response passes unchanged and is read (an alert, not 'uninspected')", async () => {
  const alertOnly = { schemaVersion: 1, mode: "enforce", limits: { compressed: "block" }, actions: { pii: { card: { response: "alert" } } } };
  for (const cfg of [config("block", "monitor"), alertOnly]) {
    const { r, prom } = await run(cfg);
    assert.equal(r.status(), 200, JSON.stringify(cfg));
    assert.deepEqual(r.downstreamBody, gz, "the body passes as it came");
    assert.equal(r.header("x-l7guard"), "stream", "the verdict header said the body was still to be read");
    assert.match(prom, /l7guard_compressed_responses_uninspected_total\{\} 0/);
    assert.match(prom, /l7guard_findings_pii_card_alert_total\{\} 1/, JSON.stringify(cfg));
  }
});

test("alert-only: a compressed response read across chunks, in deflate, ended by trailers; broken or br ones are counted as uninspected", async () => {
  const records = JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ id: i, email: `user${i}@example.com`, note: "clean words here" })));
  const deflated = deflateSync(records);
  const chunks = [deflated.subarray(0, 100), deflated.subarray(100, 101), deflated.subarray(101)];
  const h = await PluginHost.create({ module: wasm, configuration: JSON.stringify(config("pass", "monitor")), shared: new SharedState(), logger: () => {} });
  try {
    const split = await exchange(h, { requestHeaders: request("GET", "/z"), responseHeaders: okResponse([["content-encoding", "deflate"]]), responseBody: chunks });
    assert.equal(split.status(), 200);
    assert.deepEqual(split.downstreamBody, deflated);
    const trailed = await exchange(h, { requestHeaders: request("GET", "/z"), responseHeaders: okResponse([["content-encoding", "gzip"]]), responseBody: [gz], responseTrailers: [["grpc-status", "0"]] });
    assert.deepEqual(trailed.downstreamBody, gz);
    const broken = Buffer.concat([gz.subarray(0, 12), Buffer.alloc(20, 0xff)]);
    await exchange(h, { requestHeaders: request("GET", "/z"), responseHeaders: okResponse([["content-encoding", "gzip"]]), responseBody: [broken] });
    await exchange(h, { requestHeaders: request("GET", "/z"), responseHeaders: okResponse([["content-encoding", "br"]]), responseBody: [brotliCompressSync(JSON.stringify({ card: "4111 1111 1111 1111" }))] });
    const prom = h.stats.renderPrometheus();
    // 400 records with an e-mail each: the detailed findings and the overflow count alike
    const emails = Number(/l7guard_findings_pii_email_alert_total\{\} (\d+)/.exec(prom)?.[1]);
    assert.equal(emails, 400, prom.split("\n").filter((l) => l.includes("email")).join("\n"));
    assert.match(prom, /l7guard_findings_pii_card_alert_total\{\} 1/, "the gzip response ended by trailers was read (the broken and br ones were not)");
    assert.match(prom, /l7guard_compressed_responses_uninspected_total\{\} 2/, "the broken gzip and the br response");
  } finally { await h.close(); }
});

test("alert-only: a compressed body larger than limits.maxBodyBytes is read up to the limit and is a limits finding", async () => {
  const big = gzipSync(JSON.stringify({ pad: "x".repeat(300_000), card: "4111 1111 1111 1111" }));
  const small = gzipSync(JSON.stringify({ card: "4111 1111 1111 1111", pad: "x".repeat(300_000) }));
  const cfg = { ...config("pass", "monitor"), limits: { maxBodyBytes: 65536 } };
  const h = await PluginHost.create({ module: wasm, configuration: JSON.stringify(cfg), shared: new SharedState(), logger: () => {} });
  try {
    for (const body of [big, small]) {
      const r = await exchange(h, { requestHeaders: request("GET", "/z"), responseHeaders: okResponse([["content-encoding", "gzip"]]), responseBody: [body] });
      assert.deepEqual(r.downstreamBody, body);
    }
    const prom = h.stats.renderPrometheus();
    assert.match(prom, /l7guard_body_over_limit_total\{\} 2/);
    assert.match(prom, /l7guard_findings_pii_card_alert_total\{\} 1/, "the card in the first 64 KiB is found, the one past it is not read");
    assert.match(prom, /l7guard_compressed_responses_uninspected_total\{\} 0/);
  } finally { await h.close(); }
});

test("strict.json blocks responses it cannot redact because they stay compressed", () => {
  const strict = JSON.parse(readFileSync(`${root}examples/policies/strict.json`, "utf8"));
  assert.equal(strict.limits.compressed, "block");
});

// A request body sent compressed: a back end that inflates it (Express's body-parser does by default) reads a
// payload the compressed bytes hide. A gzip or deflate body the filter holds (the request policy can block) is
// inflated and inspected, and passes on as it came; one streamed past because nothing on it can block is copied
// and read when it ends (alerts); any other (br, a broken stream, a bomb past the cap) is handled like a response
// that stays compressed: blocked under limits.compressed "block" where the request policy can block, else passed;
// counted either way.
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

test("limits.compressed pass: an unreadable compressed request body passes and is counted; monitor mode reads a gzip one as it passes", async () => {
  for (const cfg of [requestConfig(undefined), requestConfig("pass")]) {
    const body = brotliCompressSync(attackJson);
    const { results: [r], prom } = await sendEncoded(cfg, [[body, "br"]]);
    assert.equal(r.status(), 200, JSON.stringify(cfg));
    assert.deepEqual(r.upstreamBody, body);
    assert.match(prom, /l7guard_compressed_requests_uninspected_total\{\} 1/);
  }
  // Monitor mode holds no body (nothing can block): a gzip body streams past, copied, and is read when it ends:
  // its attack is an alert; the body reaches the upstream unchanged; nothing is counted as uninspected.
  const { results: [m], prom } = await sendEncoded(requestConfig("block", "monitor"), [[gzAttack, "gzip"]]);
  assert.equal(m.status(), 200);
  assert.deepEqual(m.upstreamBody, gzAttack);
  assert.match(prom, /l7guard_compressed_requests_uninspected_total\{\} 0/);
  assert.match(prom, /l7guard_findings_attack_sqli_alert_total\{\} 1/);
});

test("a compressed gRPC/protobuf body, not inspected either way, passes uncounted; identity is read as usual", async () => {
  const { results: [grpc, identity], prom } = await sendEncoded(requestConfig("block"), [[gzAttack, "gzip", "application/x-protobuf"], [Buffer.from(attackJson), "identity"]]);
  assert.equal(grpc.status(), 200);
  assert.equal(identity.status(), 403);
  assert.equal(identity.json().class, "sqli");
  assert.match(prom, /l7guard_compressed_requests_uninspected_total\{\} 0/);
});
