// The l7guard filter (build/l7guard.wasm) running in the Envoy-faithful host: configuration, rules,
// holding for the body, monitor mode, metrics, telemetry delivery and root teardown.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv2020 } from "ajv/dist/2020.js";
import { PluginHost, SharedState } from "../../host/index.ts";
import { exchange, okResponse, request } from "./exchange.ts";

const root = new URL("../../", import.meta.url).pathname;
const wasmPath = `${root}build/l7guard.wasm`;
let wasm: Uint8Array;

before(() => {
  if (!existsSync(wasmPath)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", "l7guard"], { stdio: "inherit" });
  wasm = readFileSync(wasmPath);
});

interface LogLine { level: number; message: string; text: string }

async function makeHost(config: unknown, extra: Record<string, unknown> = {}) {
  const logs: LogLine[] = [];
  const host = await PluginHost.create({
    module: wasm,
    pluginName: "shop.l7guard",
    configuration: typeof config === "string" ? config : JSON.stringify(config),
    logLevel: "info",
    logger: (line: LogLine) => logs.push(line),
    identity: { namespace: "shop", workload: "orders", app: "orders", version: "v1" },
    shared: new SharedState(), // stats are process-wide in Envoy; each test gets its own "process"
    ...extra,
  } as any);
  return { host, logs };
}

const enforce = (rules: unknown[], extra: Record<string, unknown> = {}) => ({ schemaVersion: 1, mode: "enforce", rules, ...extra });

describe("configuration", () => {
  test("an invalid config is rejected and the log names the bad field", async () => {
    const logs: LogLine[] = [];
    await assert.rejects(
      PluginHost.create({ module: wasm, configuration: JSON.stringify({ schemaVersion: 1, rules: [{ id: "a", action: "block", match: { methds: ["GET"] } }] }), logger: (l: LogLine) => logs.push(l) } as any),
    );
    assert.ok(logs.some((l) => l.message.includes("rules[0].match.methds: unknown field")), JSON.stringify(logs));
  });

  test("a reload with a bad config is refused and the old config keeps serving", async () => {
    const { host, logs } = await makeHost(enforce([{ id: "no-admin", action: "block", match: { pathPrefix: "/admin" } }]));
    try {
      const result = await host.configure(JSON.stringify({ schemaVersion: 1, mode: "sometimes" }));
      assert.equal(result.accepted, false);
      assert.ok(logs.some((l) => l.message.includes("mode: must be one of monitor, enforce")));
      const r = await exchange(host, { requestHeaders: request("GET", "/admin/users"), responseHeaders: okResponse() });
      assert.equal(r.status(), 403, "the previous config still blocks");
    } finally { await host.close(); }
  });

  test("garbage config bytes never trap the VM", async () => {
    for (const bad of ["", "{", "null", "[]", "\u0000\u00ff\u00fe", "{\"schemaVersion\":1,\"rules\":[" + "[".repeat(500)]) {
      await assert.rejects(PluginHost.create({ module: wasm, configuration: bad, logger: () => {} } as any), `config ${JSON.stringify(bad).slice(0, 40)}`);
    }
  });
});

describe("requests", () => {
  test("passes traffic, adds x-l7guard and counts requests", async () => {
    const { host } = await makeHost(enforce([]));
    try {
      for (let i = 0; i < 3; i++) {
        const r = await exchange(host, { requestHeaders: request("GET", `/users/${i}`), responseHeaders: okResponse(), responseBody: ["{}"] });
        assert.equal(r.status(), 200);
        // The default policy alerts on response findings: the body is inspected as it streams, after the
        // headers left, so the header cannot say "pass" for it.
        assert.equal(r.header("x-l7guard"), "stream");
        assert.ok(r.upstreamHeaders, "the upstream got the request");
      }
      const metrics = host.stats.renderPrometheus();
      assert.match(metrics, /l7guard_requests_total\S* 3\b/, metrics);
    } finally { await host.close(); }
  });

  test("a matching rule blocks with a local 403 JSON body that carries the request id, not the data", async () => {
    const { host } = await makeHost(enforce([{ id: "no-admin", action: "block", match: { methods: ["POST"], pathPrefix: "/admin" } }]));
    try {
      const r = await exchange(host, { requestHeaders: request("POST", "/admin/reset", [["x-request-id", "req-42"]]), requestBody: ["{}"], responseHeaders: okResponse() });
      assert.equal(r.status(), 403);
      assert.equal(r.header("content-type"), "application/json");
      assert.equal(r.header("x-l7guard"), "block");
      assert.deepEqual(r.json(), { error: "request blocked by l7guard", requestId: "req-42", class: "rule", rule: "no-admin" });
      assert.equal(r.upstreamHeaders, undefined, "the upstream never saw the request");
      const other = await exchange(host, { requestHeaders: request("GET", "/admin/reset"), responseHeaders: okResponse() });
      assert.equal(other.status(), 200, "GET does not match a POST rule");
      assert.match(host.stats.renderPrometheus(), /l7guard_requests_blocked_total\S* 1\b/);
    } finally { await host.close(); }
  });

  test("a body rule holds the headers until the body is inspected, so the upstream sees nothing of a blocked request", async () => {
    const config = enforce([{ id: "no-drop", action: "block", match: { bodyContains: "DROP TABLE" } }], { proxy: { allowOnHeadersStopIteration: true } });
    const { host } = await makeHost(config, { allowOnHeadersStopIteration: true });
    try {
      const blocked = await exchange(host, { requestHeaders: request("POST", "/search"), requestBody: ["{\"q\":\"1; DR", "OP TABLE users\"}"], responseHeaders: okResponse() });
      assert.equal(blocked.status(), 403);
      assert.equal(blocked.upstreamHeaders, undefined, "headers were held and never forwarded");
      assert.equal(blocked.upstreamBody.length, 0);
      const clean = await exchange(host, { requestHeaders: request("POST", "/search"), requestBody: ["{\"q\":", "\"tables\"}"], responseHeaders: okResponse() });
      assert.equal(clean.status(), 200);
      assert.ok(clean.upstreamHeaders);
      assert.equal(clean.upstreamBody.toString(), "{\"q\":\"tables\"}", "the whole body reaches the upstream unchanged");
    } finally { await host.close(); }
  });

  test("without StopIteration support the body is still held and a block stops it before the upstream gets it", async () => {
    const { host } = await makeHost(enforce([{ id: "no-drop", action: "block", match: { bodyContains: "DROP TABLE" } }]));
    try {
      const r = await exchange(host, { requestHeaders: request("POST", "/search"), requestBody: ["DROP ", "TABLE x"], responseHeaders: okResponse() });
      assert.equal(r.status(), 403);
      assert.equal(r.upstreamBody.length, 0, "no body byte reached the upstream");
    } finally { await host.close(); }
  });

  test("monitor mode alerts instead of blocking", async () => {
    const { host, logs } = await makeHost({ schemaVersion: 1, mode: "monitor", rules: [{ id: "no-admin", action: "block", match: { pathPrefix: "/admin" } }] });
    try {
      const r = await exchange(host, { requestHeaders: request("GET", "/admin"), responseHeaders: okResponse() });
      assert.equal(r.status(), 200);
      assert.equal(r.header("x-l7guard"), "alert");
      assert.ok(logs.some((l) => l.message.includes("alert") && l.message.includes("no-admin")));
    } finally { await host.close(); }
  });

  test("over-limit bodies are rejected with 413 when the policy says reject", async () => {
    const config = enforce([{ id: "b", action: "block", match: { bodyContains: "zzz" } }], { limits: { maxBodyBytes: 1024, overLimit: "reject" } });
    const { host } = await makeHost(config);
    try {
      const r = await exchange(host, { requestHeaders: request("POST", "/upload"), requestBody: ["a".repeat(800), "b".repeat(800), "c"], responseHeaders: okResponse() });
      assert.equal(r.status(), 413);
      assert.equal(r.json().class, "limits");
    } finally { await host.close(); }
  });
});

describe("telemetry", () => {
  let server: Server;
  const batches: any[] = [];
  const auth: string[] = [];
  let port = 0;
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => { auth.push(String(req.headers.authorization)); batches.push(JSON.parse(Buffer.concat(chunks).toString())); res.writeHead(202).end(); });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("batches reach the collector cluster, match the published schema, and carry templates and identities", async () => {
    const cluster = "outbound|9000||l7guard-manager.l7guard-system.svc.cluster.local";
    const config = enforce([{ id: "no-admin", action: "block", match: { pathPrefix: "/admin" } }], {
      policyVersion: 3,
      collector: { cluster, authority: "l7guard-manager", token: "secret-token", flushIntervalMs: 100 },
    });
    const { host } = await makeHost(config, { clusters: { [cluster]: `http://127.0.0.1:${port}` } });
    try {
      const peer = { namespace: "shop", workload: "frontend", app: "frontend", version: "v2" };
      for (const path of ["/users/1", "/users/2", "/admin/x"]) {
        await exchange(host, { requestHeaders: request("GET", path), responseHeaders: okResponse(), responseBody: ["{}"], info: { downstreamPeer: peer, direction: "inbound", sourceAddress: "10.1.1.1", sourcePort: 5000 } });
      }
      // The three exchanges may straddle a 100 ms flush (a loaded machine): read every batch that arrived.
      const usersCount = () => batches.flatMap((b) => b.aggregates).filter((a: any) => a.endpoint.pathTemplate === "/users/{id}").reduce((n: number, a: any) => n + a.count, 0);
      const adminEvent = () => batches.flatMap((b) => b.events).find((e: any) => e.type === "no-admin");
      const deadline = Date.now() + 5000;
      while ((usersCount() < 2 || !adminEvent()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      assert.ok(batches.length > 0, "a batch arrived");
      const schema = JSON.parse(readFileSync(`${root}schemas/telemetry-batch.schema.json`, "utf8"));
      const validate = new Ajv2020({ allErrors: true }).compile(schema);
      for (const b of batches) assert.ok(validate(b), JSON.stringify(validate.errors));
      assert.ok(auth.every((a) => a === "Bearer secret-token"), auth.join());
      for (const b of batches) { assert.equal(b.policyVersion, 3); assert.equal(b.reporter.workload, "orders"); }
      const users = batches.flatMap((b) => b.aggregates).find((a: any) => a.endpoint.pathTemplate === "/users/{id}");
      assert.ok(users, JSON.stringify(batches.map((b) => b.aggregates)));
      assert.equal(usersCount(), 2);
      assert.equal(users.source.workload, "frontend");
      assert.equal(users.destination.workload, "orders");
      assert.equal(users.statusClass, "2xx");
      const event = adminEvent();
      assert.equal(event?.action, "block");
      assert.equal(event?.category, "rule");
    } finally { await host.close(); }
  });

  test("shutting down while a batch is in flight still sends the window recorded meanwhile", async () => {
    // A slow collector answers the first batch after 0.8 s. A request served meanwhile goes to the next
    // window; the root must send it before it lets the VM go (it used to finish with that window unsent).
    const got: any[] = [];
    const slow = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        got.push(JSON.parse(Buffer.concat(chunks).toString()));
        setTimeout(() => res.writeHead(202).end(), got.length === 1 ? 800 : 0);
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    const cluster = "outbound|9000||slow-manager";
    const config = enforce([], { collector: { cluster, authority: "l7guard-manager", token: "t", flushIntervalMs: 100, timeoutMs: 5000 } });
    const { host } = await makeHost(config, { clusters: { [cluster]: `http://127.0.0.1:${(slow.address() as AddressInfo).port}` } });
    try {
      await exchange(host, { requestHeaders: request("GET", "/before/1"), responseHeaders: okResponse(), responseBody: ["{}"] });
      const deadline = Date.now() + 5000;
      while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(got.length, 1, "the first batch is in flight");
      // Served synchronously (no waiting on the host's event loop), then the host closes at once.
      const sink = { upstreamHeaders() {}, upstreamData() {}, upstreamTrailers() {}, downstreamHeaders() {}, downstreamData() {}, downstreamTrailers() {}, cancelUpstream() {}, reset() {} };
      const s = host.createStream(sink, { direction: "inbound" });
      s.decodeHeaders(request("GET", "/during/1"), true);
      s.encodeHeaders([[":status", "200"], ["content-type", "application/json"]], false);
      s.encodeData(Buffer.from("{}"), true);
      s.complete();
    } finally { await host.close(); slow.closeAllConnections(); await new Promise<void>((resolve) => slow.close(() => resolve())); }
    const templates = got.flatMap((b) => b.aggregates.map((a: any) => a.endpoint.pathTemplate));
    assert.ok(templates.includes("/before/{id}"), JSON.stringify(templates));
    assert.ok(templates.includes("/during/{id}"), `the window recorded during the slow delivery was lost at shutdown: ${JSON.stringify(templates)}`);
  });

  test("a 503 from the manager (no leader yet) is retried with the same batch, which is then delivered", async () => {
    // The manager answers 503 + Retry-After while no replica leads (manager/leader-forward.ts).
    const seen: Array<{ id: string; status: number }> = [];
    const flaky = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const id = JSON.parse(Buffer.concat(chunks).toString()).batchId;
        const status = seen.length === 0 ? 503 : 202;
        seen.push({ id, status });
        res.writeHead(status, status === 503 ? { "retry-after": "1", "content-type": "application/json" } : {}).end(status === 503 ? '{"error":"no manager leader is known yet"}' : "");
      });
    });
    await new Promise<void>((resolve) => flaky.listen(0, "127.0.0.1", resolve));
    const cluster = "outbound|9080||flaky";
    const { host } = await makeHost({ schemaVersion: 1, collector: { cluster, flushIntervalMs: 100 } }, { clusters: { [cluster]: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}` } });
    try {
      await exchange(host, { requestHeaders: request("GET", "/items/1"), responseHeaders: okResponse() });
      const deadline = Date.now() + 10_000;
      while (!seen.some((s) => s.status === 202) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(seen[0]?.status, 503, JSON.stringify(seen));
      const delivered = seen.find((s) => s.status === 202);
      assert.ok(delivered, `retried after the 503: ${JSON.stringify(seen)}`);
      assert.equal(delivered.id, seen[0].id, "the same batch, not a new one: nothing was dropped");
    } finally { await host.close(); await new Promise<void>((resolve) => flaky.close(() => resolve())); }
  });

  test("a dead collector costs nothing to traffic: requests still pass and delivery failures are retried, not fatal", async () => {
    const cluster = "outbound|1||dead";
    const config = { schemaVersion: 1, collector: { cluster, flushIntervalMs: 100, timeoutMs: 200 } };
    const { host } = await makeHost(config, { clusters: { [cluster]: "http://127.0.0.1:1" } });
    try {
      for (let i = 0; i < 20; i++) {
        const r = await exchange(host, { requestHeaders: request("GET", `/items/${i}`), responseHeaders: okResponse() });
        assert.equal(r.status(), 200);
      }
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(host.failed, false, "the VM is healthy");
    } finally { await host.close(); }
  });
});
