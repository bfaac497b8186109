// l7guard gateway: real HTTP from a client, through the gateway running the filter, to a real upstream on
// loopback. Every failure path must answer the client and log a line.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, request, Agent, type Server, type IncomingHttpHeaders } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync, spawn } from "node:child_process";
import { startGateway, type Gateway } from "../../host/gateway.ts";
import type { StreamInfo } from "../../host/stream.ts";
import { tempDir } from "../support/temp-dir.ts";

const root = new URL("../../", import.meta.url).pathname;
function wasm(name: string): Buffer {
  const path = name === "l7guard" ? `${root}build/l7guard.wasm` : `${root}build/fixtures/${name}.wasm`;
  if (!existsSync(path)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", name], { stdio: "inherit" });
  return readFileSync(path);
}

// Upstream: echoes method, path, headers and body; /slow never answers; /stream answers in chunks.
let upstream: Server;
let upstreamUrl = "";
before(async () => {
  upstream = createServer((req, res) => {
    if (req.url?.startsWith("/slow")) return; // never answers
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.url?.startsWith("/stream")) {
        res.writeHead(200, { "content-type": "text/plain" }); // chunked
        let i = 0;
        const tick = () => { if (i < 5) { res.write(`part${i++};`); setImmediate(tick); } else res.end(); };
        tick();
        return;
      }
      const reply = JSON.stringify({ method: req.method, path: req.url, headers: req.headers, bodyLength: body.length, body: body.length < 1000 ? body.toString() : undefined });
      res.writeHead(200, { "content-type": "application/json", "x-upstream": "yes" }).end(reply);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => { upstream.close(() => r()); upstream.closeAllConnections(); }));

interface Reply { status: number; headers: IncomingHttpHeaders; body: string }
function call(url: string, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer | string[]; agent?: Agent } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const u = new URL(opts.path ?? "/", url);
    const req = request(u, { method: opts.method ?? "GET", headers: opts.headers, agent: opts.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (Array.isArray(opts.body)) { for (const part of opts.body) req.write(part); req.end(); }
    else req.end(opts.body);
  });
}

async function gateway(config: unknown, extra: Partial<Parameters<typeof startGateway>[0]> = {}): Promise<{ gw: Gateway; logs: string[] }> {
  const logs: string[] = [];
  const gw = await startGateway({
    listen: { host: "127.0.0.1", port: 0 }, upstream: upstreamUrl, wasm: wasm("l7guard"),
    config: JSON.stringify(config), identity: { namespace: "shop", workload: "orders" }, log: (l) => logs.push(l), ...extra,
  });
  return { gw, logs };
}

describe("proxying", () => {
  test("keep-alive: many requests over one connection, each through the filter", async () => {
    const { gw } = await gateway({ schemaVersion: 1 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const sockets = new Set<unknown>();
      for (let i = 0; i < 20; i++) {
        const r = await call(gw.url, { path: `/users/${i}`, agent });
        assert.equal(r.status, 200);
        assert.equal(r.headers["x-l7guard"], "stream", "the response body is inspected as it streams (default policy: alert)");
        assert.equal(JSON.parse(r.body).path, `/users/${i}`);
        sockets.add(Object.values(agent.freeSockets).flat()[0]);
      }
      assert.equal(sockets.size, 1, "one reused connection");
      const upstreamSaw = JSON.parse((await call(gw.url, { path: "/h", agent, headers: { "x-custom": "1" } })).body).headers;
      assert.equal(upstreamSaw["x-custom"], "1");
      assert.ok(upstreamSaw["x-request-id"], "the gateway adds x-request-id");
      assert.equal(upstreamSaw["x-forwarded-for"], "127.0.0.1");
    } finally { agent.destroy(); await gw.close(); }
  });

  test("chunked request and response bodies stream through", async () => {
    const { gw } = await gateway({ schemaVersion: 1 });
    try {
      const parts = Array.from({ length: 10 }, (_, i) => `chunk-${i}|`);
      const r = await call(gw.url, { method: "POST", path: "/echo", body: parts, headers: { "transfer-encoding": "chunked" } });
      assert.equal(r.status, 200);
      assert.equal(JSON.parse(r.body).body, parts.join(""));
      const s = await call(gw.url, { path: "/stream" });
      assert.equal(s.body, "part0;part1;part2;part3;part4;");
    } finally { await gw.close(); }
  });

  test("a body larger than the buffer limit streams when the filter does not buffer, and gets 413 when it must", async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 0x61);
    const { gw } = await gateway({ schemaVersion: 1 });
    try {
      const r = await call(gw.url, { method: "POST", path: "/upload", body: big });
      assert.equal(r.status, 200);
      assert.equal(JSON.parse(r.body).bodyLength, big.length);
    } finally { await gw.close(); }
    // A body rule makes the filter buffer the body: over the proxy's buffer limit Envoy answers 413.
    const { gw: strict } = await gateway({ schemaVersion: 1, mode: "enforce", limits: { maxBodyBytes: 8 * 1024 * 1024 }, rules: [{ id: "b", action: "block", match: { bodyContains: "zzz" } }] }, { bufferLimitBytes: 1024 * 1024 });
    try {
      const r = await call(strict.url, { method: "POST", path: "/upload", body: big });
      assert.equal(r.status, 413);
      assert.equal(r.body, "Payload Too Large");
    } finally { await strict.close(); }
  });

  test("rule blocks answer 403 before the upstream sees the request", async () => {
    let seen = 0;
    upstream.on("request", () => seen++);
    const { gw } = await gateway({ schemaVersion: 1, mode: "enforce", rules: [{ id: "no-drop", action: "block", match: { bodyContains: "DROP TABLE" } }] });
    try {
      const before = seen;
      const r = await call(gw.url, { method: "POST", path: "/q", body: ["{\"q\":\"x; DROP", " TABLE users\"}"], headers: { "content-type": "application/json", "transfer-encoding": "chunked" } });
      assert.equal(r.status, 403);
      assert.equal(JSON.parse(r.body).rule, "no-drop");
      assert.equal(seen, before, "the upstream never received the blocked request");
    } finally { await gw.close(); }
  });
});

describe("failures always get a defined response", () => {
  test("dead upstream: 503 and a log line", async () => {
    const { gw, logs } = await gateway({ schemaVersion: 1 }, { upstream: "http://127.0.0.1:1" });
    try {
      const r = await call(gw.url, { path: "/x" });
      assert.equal(r.status, 503);
      assert.match(r.body, /upstream connect error/);
      assert.ok(logs.some((l) => l.includes("503 upstream connect error")), logs.join("\n"));
    } finally { await gw.close(); }
  });

  test("upstream timeout: 504", async () => {
    const { gw, logs } = await gateway({ schemaVersion: 1 }, { upstreamTimeoutMs: 200 });
    try {
      const r = await call(gw.url, { path: "/slow" });
      assert.equal(r.status, 504);
      assert.ok(logs.some((l) => l.includes("504 upstream request timeout")));
    } finally { await gw.close(); }
  });

  test("a bad upstream response (not HTTP): 502 and a log line", async () => {
    const garbage = createNetServer((socket) => { socket.once("data", () => socket.end("NOT-HTTP garbage\r\n\r\n")); });
    await new Promise<void>((r) => garbage.listen(0, "127.0.0.1", r));
    const { gw, logs } = await gateway({ schemaVersion: 1 }, { upstream: `http://127.0.0.1:${(garbage.address() as AddressInfo).port}` });
    try {
      const r = await call(gw.url, { path: "/x" });
      assert.equal(r.status, 502);
      assert.ok(logs.some((l) => l.includes("502 bad upstream response")), logs.join("\n"));
    } finally { await gw.close(); await new Promise((r) => garbage.close(r)); }
  });

  test("client abort: the stream completes and the upstream request is cancelled, with a log line", async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((r) => { upstreamClosed = r; });
    let arrived!: () => void;
    const reached = new Promise<void>((r) => { arrived = r; });
    const holder = createServer((req) => { arrived(); req.socket.on("close", () => upstreamClosed()); }); // never answers
    await new Promise<void>((r) => holder.listen(0, "127.0.0.1", r));
    const { gw, logs } = await gateway({ schemaVersion: 1 }, { upstream: `http://127.0.0.1:${(holder.address() as AddressInfo).port}` });
    let completed = 0;
    const createStream = gw.host.createStream.bind(gw.host);
    gw.host.createStream = (sink, info) => {
      const stream = createStream(sink, info);
      const complete = stream.complete.bind(stream);
      stream.complete = () => { completed++; complete(); };
      return stream;
    };
    try {
      const client = request(new URL("/hold", gw.url));
      client.on("error", () => {});
      client.end();
      await reached;
      client.destroy();
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((_, reject) => { waited = setTimeout(() => reject(new Error("the upstream request was not cancelled")), 5000); })]);
      clearTimeout(waited);
      assert.equal(completed, 1, "the stream was completed once");
      assert.ok(logs.some((l) => l.includes("downstream closed before the response completed")), logs.join("\n"));
    } finally { await gw.close(); await new Promise<void>((r) => { holder.close(() => r()); holder.closeAllConnections(); }); }
  });

  test("a trapping filter fails closed with 503 and the VM is reported failed", async () => {
    const { gw, logs } = await gateway({}, { wasm: wasm("trap-filter"), failurePolicy: "FAIL_CLOSED", config: "" });
    try {
      assert.equal((await call(gw.url, { path: "/ok" })).status, 200);
      const r = await call(gw.url, { path: "/trap" });
      assert.equal(r.status, 503);
      assert.ok(logs.some((l) => l.includes("Wasm VM failed") && l.includes("proxy_on_request_headers")), logs.join("\n"));
      assert.equal((await call(gw.url, { path: "/ok" })).status, 503, "a failed VM keeps failing closed");
      const ready = await call(gw.adminUrl, { path: "/ready" });
      assert.equal(ready.status, 503);
    } finally { await gw.close(); }
  });

  test("a trapping filter fails open: the request and later ones bypass the filter", async () => {
    const { gw } = await gateway({}, { wasm: wasm("trap-filter"), failurePolicy: "FAIL_OPEN", config: "" });
    try {
      const r = await call(gw.url, { path: "/trap" });
      assert.equal(r.status, 200);
      assert.equal(JSON.parse(r.body).path, "/trap");
      assert.equal((await call(gw.url, { path: "/ok" })).status, 200);
      const late = await call(gw.url, { path: "/trap-late" });
      assert.equal(late.status, 200, "a trap after the response started still delivers it when failing open");
    } finally { await gw.close(); }
  });

  test("a trap in the response body after headers went out resets the stream; the client sees an error, not a hang", async () => {
    const { gw } = await gateway({}, { wasm: wasm("trap-filter"), failurePolicy: "FAIL_CLOSED", config: "" });
    try {
      await assert.rejects(call(gw.url, { path: "/trap-late" }));
    } finally { await gw.close(); }
  });
});

describe("caller identity", () => {
  test("x-l7guard-peer becomes the stream's downstream peer and is not forwarded upstream", async () => {
    const { gw } = await gateway({ schemaVersion: 1 });
    const seen: Array<StreamInfo | undefined> = [];
    const createStream = gw.host.createStream.bind(gw.host);
    gw.host.createStream = (sink, info) => { seen.push(info); return createStream(sink, info); };
    try {
      const r = await call(gw.url, { path: "/p", headers: { "x-l7guard-peer": "shop/frontend" } });
      assert.equal(r.status, 200);
      assert.equal(JSON.parse(r.body).headers["x-l7guard-peer"], undefined, "the called gateway strips the peer header");
      assert.deepEqual(seen[0]?.downstreamPeer, { namespace: "shop", workload: "frontend", app: "frontend", version: undefined });
      assert.equal(seen[0]?.direction, "inbound");
      await call(gw.url, { path: "/p", headers: { "x-l7guard-peer": "no-slash" } });
      assert.equal(seen[1]?.downstreamPeer, undefined, "a malformed peer header is ignored, not trusted");
    } finally { await gw.close(); }
  });
});

describe("admin listener", () => {
  test("ready, Prometheus stats, and config reload with rejection naming the field", async () => {
    const { gw } = await gateway({ schemaVersion: 1 });
    try {
      const ready = await call(gw.adminUrl, { path: "/ready" });
      assert.equal(ready.status, 200);
      assert.equal(ready.body.trim(), "LIVE");
      await call(gw.url, { path: "/admin/x" });
      const stats = (await call(gw.adminUrl, { path: "/stats/prometheus" })).body;
      assert.match(stats, /^l7guard_requests_total\{\} 1$/m);
      assert.match(stats, /^envoy_http_l7guard_downstream_rq_total\{\} 1$/m);
      assert.match(stats, /^envoy_http_l7guard_downstream_rq_2xx\{\} 1$/m);

      const bad = await call(gw.adminUrl, { method: "POST", path: "/config", body: JSON.stringify({ schemaVersion: 1, rules: [{ id: "x", action: "block", match: { pathPrefx: "/a" } }] }) });
      assert.equal(bad.status, 400);
      assert.equal(JSON.parse(bad.body).accepted, false);
      assert.match(JSON.parse(bad.body).error, /rules\[0\]\.match\.pathPrefx: unknown field/);
      const notJson = await call(gw.adminUrl, { method: "POST", path: "/config", body: "{oops" });
      assert.equal(notJson.status, 400);
      assert.equal((await call(gw.url, { path: "/admin/x" })).status, 200, "the old config still serves");

      const good = await call(gw.adminUrl, { method: "POST", path: "/config", body: JSON.stringify({ schemaVersion: 1, mode: "enforce", rules: [{ id: "no-admin", action: "block", match: { pathPrefix: "/admin" } }] }) });
      assert.equal(good.status, 200);
      assert.deepEqual(JSON.parse(good.body), { accepted: true });
      assert.equal((await call(gw.url, { path: "/admin/x" })).status, 403, "the new config is in force");
      assert.equal(JSON.parse((await call(gw.adminUrl, { path: "/config" })).body).mode, "enforce");
    } finally { await gw.close(); }
  });

  test("several gateways run side by side on ephemeral ports", async () => {
    const a = await gateway({ schemaVersion: 1 });
    const b = await gateway({ schemaVersion: 1, mode: "enforce", rules: [{ id: "all", action: "block" }] });
    try {
      assert.notEqual(a.gw.adminUrl, b.gw.adminUrl);
      assert.equal((await call(a.gw.url, { path: "/" })).status, 200);
      assert.equal((await call(b.gw.url, { path: "/" })).status, 403);
    } finally { await a.gw.close(); await b.gw.close(); }
  });
});

describe("command line", () => {
  test("l7guard gateway starts, prints its admin URL, proxies, and stops on SIGTERM", async () => {
    const dir = tempDir("l7guard-gw-");
    const configPath = join(dir, "policy.json");
    writeFileSync(configPath, JSON.stringify({ schemaVersion: 1, rules: [{ id: "no-admin", action: "block", match: { pathPrefix: "/admin" } }] }));
    const child = spawn(process.execPath, [`${root}bin/l7guard.mjs`, "gateway", "--listen", "127.0.0.1:0", "--upstream", upstreamUrl, "--config", configPath, "--mode", "enforce", "--identity", "shop/orders", "--workers", "2"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = "";
        child.stdout.on("data", (c) => { text += c; if (text.includes("admin listening on")) resolve(text); });
        child.on("exit", (code) => reject(new Error(`exited ${code}`)));
        setTimeout(() => reject(new Error(`no start line: ${text}`)), 15000).unref();
      });
      const url = /gateway listening on (\S+)/.exec(out)![1];
      const admin = /admin listening on (\S+)/.exec(out)![1];
      assert.equal((await call(url, { path: "/admin/panel" })).status, 403, "--mode enforce overrides the file's monitor default");
      assert.equal((await call(url, { path: "/ok" })).status, 200);
      assert.equal((await call(admin, { path: "/ready" })).status, 200);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  });

  test("a config the filter rejects at start exits 1 naming the field, before listening", () => {
    const dir = tempDir("l7guard-gw-");
    const configPath = join(dir, "bad.json");
    writeFileSync(configPath, JSON.stringify({ schemaVersion: 1, rules: [{ id: "x", action: "block", match: { pathPrefx: "/a" } }] }));
    let status = 0;
    let stdout = "";
    let stderr = "";
    try { execFileSync(process.execPath, [`${root}bin/l7guard.mjs`, "gateway", "--listen", "127.0.0.1:0", "--upstream", upstreamUrl, "--config", configPath], { stdio: "pipe", timeout: 30_000 }); }
    catch (e: any) { status = e.status; stdout = String(e.stdout); stderr = String(e.stderr); }
    assert.equal(status, 1);
    assert.match(stderr, /configuration rejected: rules\[0\]\.match\.pathPrefx: unknown field/);
    assert.doesNotMatch(stdout, /listening/);
  });

  test("bad arguments exit 2 with a message naming the option", () => {
    let status = 0;
    let stderr = "";
    try { execFileSync(process.execPath, [`${root}bin/l7guard.mjs`, "gateway", "--listen", "127.0.0.1:0", "--upstream", "ftp://x", "--workers", "2"], { stdio: "pipe" }); }
    catch (e: any) { status = e.status; stderr = String(e.stderr); }
    assert.equal(status, 2);
    assert.match(stderr, /--upstream: only http:\/\/ upstreams are supported/);
  });
});

describe("streamed redaction over real HTTP", () => {
  test("a 3 MiB JSON response redacted by the strict policy arrives whole, redacted to its end, with its Content-Length", async () => {
    const rows = JSON.stringify(Array.from({ length: 30000 }, (_, i) => ({ id: i, email: `user${i}@example.com`, card: "4111 1111 1111 1111", note: "leave at the front desk" })));
    const body = Buffer.from(rows);
    assert.ok(body.length > 3 * 1024 * 1024);
    const records = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
      let o = 0;
      const next = () => { if (o >= body.length) { res.end(); return; } const piece = body.subarray(o, o + 50_000); o += piece.length; res.write(piece, next); };
      next();
    });
    await new Promise<void>((r) => records.listen(0, "127.0.0.1", r));
    const strict = JSON.parse(readFileSync(`${root}examples/policies/strict.json`, "utf8"));
    const { gw } = await gateway({ ...strict, limits: { ...strict.limits, maxFields: 1000000 } }, { upstream: `http://127.0.0.1:${(records.address() as AddressInfo).port}` });
    try {
      const r = await call(gw.url, { path: "/records" });
      assert.equal(r.status, 200);
      assert.equal(r.headers["content-length"], String(body.length));
      assert.equal(Buffer.byteLength(r.body), body.length);
      const parsed = JSON.parse(r.body);
      assert.equal(parsed.length, 30000);
      assert.equal(parsed[29999].email, "*********@*******.***");
      assert.equal(parsed[29999].card, "**** **** **** 1111");
      assert.ok(!/user\d+@example\.com/.test(r.body));
    } finally { await gw.close(); records.close(); records.closeAllConnections(); }
  });
});
