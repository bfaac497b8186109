// The shipped policies as the README runs them: `l7guard gateway --config examples/policies/strict.json`
// (attacks blocked before the upstream, PII in responses masked with same-length masks) and monitor.json
// (everything passes unchanged, findings are alerts), over real HTTP.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

const root = new URL("../../", import.meta.url).pathname;
let upstream: Server;
let upstreamUrl = "";
const seen: string[] = [];
const PII = JSON.stringify({ users: [{ card: "4111 1111 1111 1111", email: "ann@example.com", ssn: "123-45-6789", iban: "GB82WEST12345698765432" }] });

before(async () => {
  upstream = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ae=${req.headers["accept-encoding"] ?? ""}`);
    req.resume();
    req.on("end", () => { res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(PII) }); res.end(PII); });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

function call(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}

function post(base: string, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + path, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    // Two writes: the body arrives after the headers, as a client streaming it would send it.
    req.write(body.slice(0, 5));
    setTimeout(() => req.end(body.slice(5)), 50);
  });
}

async function withGateway(policy: string, f: (url: string) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [`${root}bin/l7guard.mjs`, "gateway", "--listen", "127.0.0.1:0", "--upstream", upstreamUrl, "--config", `${root}examples/policies/${policy}.json`], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    const out = await new Promise<string>((resolve, reject) => {
      let text = "";
      child.stdout.on("data", (c) => { text += c; if (text.includes("admin listening on")) resolve(text); });
      child.on("exit", (code) => reject(new Error(`exited ${code}`)));
      setTimeout(() => reject(new Error(`no start line: ${text}`)), 20000).unref();
    });
    await f(/gateway listening on (\S+)/.exec(out)![1]);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

test("the README shows how to run the gateway with both shipped policies", () => {
  const readme = readFileSync(`${root}README.md`, "utf8");
  assert.match(readme, /l7guard gateway [^\n]*--config examples\/policies\/strict\.json/);
  assert.match(readme, /l7guard gateway [^\n]*--config examples\/policies\/monitor\.json/);
});

test("strict.json: attacks are blocked before the upstream with the class and no data; PII in responses is masked, same length", async () => {
  await withGateway("strict", async (url) => {
    seen.length = 0;
    const b = await call(url, "/search?q=1'%20OR%20'1'='1");
    assert.equal(b.status, 403);
    const reply = JSON.parse(b.body);
    assert.equal(reply.class, "sqli");
    assert.match(reply.requestId, /\S+/);
    assert.ok(!b.body.includes("OR"), "the block carries the class, never the matched data");
    assert.deepEqual(seen, [], "the upstream never saw the blocked request");
    // In the body: the headers are held until the body is inspected, so the upstream sees nothing either.
    // The quote arrives as a JSON \u escape: detection runs on the decoded value.
    const j = await post(url, "/orders", '{"note":"x","filter":"\\u0027 OR 1=1--"}');
    assert.equal(j.status, 403);
    assert.equal(JSON.parse(j.body).class, "sqli");
    assert.deepEqual(seen, [], "the upstream never saw the blocked body, nor its headers");
    const r = await call(url, "/users", { "accept-encoding": "gzip, br" });
    assert.equal(r.status, 200);
    assert.equal(r.body, JSON.stringify({ users: [{ card: "**** **** **** 1111", email: "***@*******.***", ssn: "***-**-****", iban: "**********************" }] }));
    assert.equal(r.headers["content-length"], String(PII.length));
    assert.match(seen[0], /ae=identity$/, "the upstream was asked for an uncompressed response");
  });
});

test("monitor.json: nothing is blocked or changed, findings are alerts", async () => {
  await withGateway("monitor", async (url) => {
    const b = await call(url, "/search?q=1'%20OR%20'1'='1");
    assert.equal(b.status, 200);
    assert.equal(b.headers["x-l7guard"], "alert");
    assert.equal(b.body, PII, "responses pass unchanged");
  });
});
