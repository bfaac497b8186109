// Schema discovery, transaction-log samples and the JWT end user, from the real filter to the manager:
// real HTTP through the host's gateway (and the host directly where Istio's dynamic metadata is needed),
// batches over proxy_http_call to a manager on a real SQLite file, read back from its REST API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv2020 } from "ajv/dist/2020.js";
import { startGateway } from "../../host/gateway.ts";
import { PluginHost, SharedState } from "../../host/index.ts";
import { requestHeaders, runExchange } from "../../host/testing.ts";
import { buildManager, type Manager } from "../../manager/server.ts";
import { tempDir } from "../support/temp-dir.ts";

const root = new URL("../../", import.meta.url).pathname;
const COLLECTOR = "collector-token-filter-schemas";
const VIEWER = "viewer-token-filter-schemas-01";
const CLUSTER = "outbound|9080||l7guard-manager";
let manager: Manager;
let managerUrl = "";
let upstream: Server;
let tap: Server;
let tapUrl = "";
let upstreamUrl = "";
let wasm: Uint8Array;
const received: any[] = [];
// Batches the tap is still forwarding: the test reads the manager only once they have landed.
const forwarding = new Set<Promise<void>>();

before(async () => {
  if (!existsSync(`${root}build/l7guard.wasm`)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", "l7guard"], { stdio: "inherit" });
  wasm = readFileSync(`${root}build/l7guard.wasm`);
  manager = await buildManager({ dataDir: tempDir("l7guard-fs-"), apiTokens: [{ token: VIEWER, role: "viewer" }], collectorTokens: [COLLECTOR] });
  managerUrl = await manager.app.listen({ host: "127.0.0.1", port: 0 });
  // The collector cluster: a pass-through that keeps every batch the filter sends (to check it against
  // the published schema) on its way to the manager.
  tap = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      received.push(JSON.parse(body.toString()));
      const done = (async () => {
        const r = await fetch(`${managerUrl}${req.url}`, { method: "POST", headers: { "content-type": "application/json", authorization: String(req.headers.authorization) }, body });
        res.writeHead(r.status, { "content-type": "application/json" }).end(await r.text());
      })();
      forwarding.add(done);
      void done.finally(() => forwarding.delete(done));
    });
  });
  await new Promise<void>((r) => tap.listen(0, "127.0.0.1", r));
  tapUrl = `http://127.0.0.1:${(tap.address() as AddressInfo).port}`;
  // A users service: JSON in, JSON out.
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const json = (status: number, body: unknown, type = "application/json; charset=utf-8") => res.writeHead(status, { "content-type": type }).end(JSON.stringify(body));
      const m = /^\/users\/(\d+)$/.exec(req.url ?? "");
      if (req.method === "POST" && req.url === "/users") {
        const body = JSON.parse(Buffer.concat(chunks).toString());
        return json(201, { id: 100, email: body.email });
      }
      if (req.method === "GET" && m) {
        const id = Number(m[1]);
        if (id >= 900) return json(404, { error: "no such user", code: 404 }, "application/problem+json");
        return json(200, {
          id, email: `user${id}@example.com`, createdAt: "2024-03-01T10:00:00Z", birthday: "1990-01-31", ref: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
          website: `https://example.com/u/${id}`, score: id % 2 === 0 ? 1.5 : 2, nickname: id % 2 === 0 ? null : "nick",
          roles: ["reader", "writer"], addresses: [{ city: "Paris", zip: "75001" }, { city: "Oslo" }],
          ...(id % 3 === 0 ? { manager: { id: 1, email: "boss@example.com" } } : {}),
        });
      }
      json(404, { error: "not found" });
    });
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
after(async () => {
  await manager.close();
  tap.closeAllConnections();
  tap.close();
  upstream.closeAllConnections();
  await new Promise<void>((r) => upstream.close(() => r()));
});

const api = async (path: string) => {
  const r = await fetch(`${managerUrl}${path}`, { headers: { authorization: `Bearer ${VIEWER}` } });
  return { status: r.status, body: await r.json() as any };
};

test("JSON traffic through the filter comes back as the service's discovered OpenAPI schemas", async () => {
  const gw = await startGateway({
    listen: { host: "127.0.0.1", port: 0 }, upstream: upstreamUrl, wasm, identity: { namespace: "shop", workload: "users" }, clusters: { [CLUSTER]: tapUrl },
    // Responses are redacted (email): the sketch still sees the shape of the raw value, and no value leaves.
    config: JSON.stringify({ schemaVersion: 1, mode: "enforce", actions: { pii: { email: { response: "redact" } } },
      collector: { cluster: CLUSTER, token: COLLECTOR, flushIntervalMs: 200, sampleRate: 1, schemas: { samplesPerWindow: 100, sampleEvery: 1 } } }),
    log: () => {},
  });
  try {
    const send = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${gw.url}${path}`, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
      return { status: r.status, text: await r.text() };
    };
    for (let id = 1; id <= 6; id++) assert.equal((await send("GET", `/users/${id}`)).status, 200);
    const redacted = await send("GET", "/users/7");
    assert.ok(!redacted.text.includes("user7@example.com"), "the email is redacted on the wire");
    assert.equal((await send("GET", "/users/901")).status, 404);
    for (const age of [30, 41]) {
      assert.equal((await send("POST", "/users", { name: "Ann", email: "ann@example.com", age, address: { city: "Rome", zip: "00100" }, tags: ["a"] })).status, 201);
    }
    assert.equal((await send("POST", "/users", { name: "Bob", email: "bob@example.com", age: 52 })).status, 201);
  } finally {
    await gw.close(); // flushes the last window
  }
  // The last window's batch may still be on its way through the tap (a loaded machine): let it land.
  while (forwarding.size > 0) await Promise.allSettled([...forwarding]);

  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(`${root}schemas/telemetry-batch.schema.json`, "utf8")));
  const withSchemas = received.filter((b) => b.reporter?.workload === "users" && b.schemas);
  assert.ok(withSchemas.length > 0, "the filter sent schema sketches");
  for (const b of withSchemas) assert.ok(validate(b), JSON.stringify(validate.errors));
  assert.ok(!JSON.stringify(received).includes("@example.com"), "no payload value leaves the filter");

  const { status, body: doc } = await api(`/api/v1/services/${encodeURIComponent("shop/users")}/openapi`);
  assert.equal(status, 200);
  const get = doc.paths["/users/{id}"]?.get;
  assert.ok(get, JSON.stringify(Object.keys(doc.paths)));
  const ok = get.responses["200"].content["application/json"].schema;
  assert.equal(ok.type, "object");
  assert.deepEqual(ok.properties.id, { type: "integer" });
  assert.deepEqual(ok.properties.email, { type: "string", format: "email", "x-pii": ["email"] });
  assert.deepEqual(ok.properties.createdAt, { type: "string", format: "date-time" });
  assert.deepEqual(ok.properties.birthday, { type: "string", format: "date", "x-pii": ["dob"] }, "a birth date is PII by its field name");
  assert.deepEqual(ok.properties.ref, { type: "string", format: "uuid" });
  assert.deepEqual(ok.properties.website, { type: "string", format: "uri" });
  assert.deepEqual(ok.properties.score.type, ["integer", "number"]);
  assert.deepEqual(ok.properties.nickname.type, ["null", "string"]);
  assert.deepEqual(ok.properties.roles, { type: "array", items: { type: "string" } });
  assert.deepEqual(ok.properties.addresses, { type: "array", items: { type: "object", properties: { city: { type: "string" }, zip: { type: "string" } }, required: ["city"] } });
  assert.equal(ok.properties.manager.type, "object");
  assert.deepEqual(ok.properties.manager.properties.email["x-pii"], ["email"]);
  assert.deepEqual(ok.required, ["addresses", "birthday", "createdAt", "email", "id", "nickname", "ref", "roles", "score", "website"],
    "present in all 7 samples; manager (2 of 7) is optional");
  assert.deepEqual(Object.keys(get.responses["200"].content), ["application/json"], "the media type the service sent, without parameters");
  const notFound = get.responses["404"].content["application/problem+json"].schema;
  assert.deepEqual(notFound.properties.error, { type: "string" });
  assert.deepEqual(notFound.required, ["code", "error"]);

  const post = doc.paths["/users"]?.post;
  assert.ok(post, "POST /users discovered");
  const reqSchema = post.requestBody.content["application/json"].schema;
  assert.deepEqual(reqSchema.required, ["age", "email", "name"], "address and tags were in 2 of 3 bodies");
  assert.deepEqual(reqSchema.properties.email["x-pii"], ["email"]);
  assert.deepEqual(reqSchema.properties.address, { type: "object", properties: { city: { type: "string" }, zip: { type: "string" } }, required: ["city", "zip"] });
  assert.deepEqual(post.responses["201"].content["application/json"].schema.properties.id, { type: "integer" });

  // Transaction log (sampleRate 1): every request, as a summary without values.
  const tx = await api(`/api/v1/transactions?service=${encodeURIComponent("shop/users")}&limit=1000`);
  assert.equal(tx.status, 200);
  assert.equal(tx.body.transactions.length, 11);
  const one = tx.body.transactions.find((t: any) => t.method === "GET" && t.status === 200);
  assert.equal(one.pathTemplate, "/users/{id}");
  assert.match(one.responseContentType, /^application\/json/);
  assert.ok(one.responseBytes > 100);
  assert.deepEqual([...one.findings].sort(), ["dob", "email"]);
  assert.ok(one.fields.some((f: any) => f.path === "$.email" && f.finding === "email" && f.action === "redact"), JSON.stringify(one.fields));
  const posted = tx.body.transactions.find((t: any) => t.method === "POST");
  assert.match(posted.requestContentType, /^application\/json/);
  assert.ok(posted.requestBytes > 0);
  assert.ok(!JSON.stringify(tx.body).includes("@example.com"), "no values in the transaction log");
  const filtered = await api(`/api/v1/transactions?service=${encodeURIComponent("shop/users")}&finding=email&method=post`);
  assert.equal(filtered.body.transactions.length, 3);
  const page = await api(`/api/v1/transactions?limit=4`);
  assert.equal(page.body.transactions.length, 4);
  const next = await api(`/api/v1/transactions?limit=100&cursor=${page.body.nextCursor}`);
  assert.equal(next.body.transactions.length, 7);
  assert.equal((await fetch(`${managerUrl}/api/v1/transactions`)).status, 401);
});

test("sampling off by default: no transactions, and sketches only for the first bodies per endpoint and window", async () => {
  const gw = await startGateway({
    listen: { host: "127.0.0.1", port: 0 }, upstream: upstreamUrl, wasm, identity: { namespace: "shop", workload: "profiles" }, clusters: { [CLUSTER]: tapUrl },
    config: JSON.stringify({ schemaVersion: 1, collector: { cluster: CLUSTER, token: COLLECTOR, flushIntervalMs: 60000, schemas: { samplesPerWindow: 2, sampleEvery: 0 } } }),
    log: () => {},
  });
  try {
    for (let id = 1; id <= 5; id++) assert.equal((await fetch(`${gw.url}/users/${id}`)).status, 200);
  } finally {
    await gw.close();
  }
  const batches = received.filter((b) => b.reporter?.workload === "profiles");
  assert.equal(batches.length, 1, "one window, flushed at close");
  assert.equal(batches[0].transactions, undefined);
  assert.equal(batches[0].aggregates[0].count, 5);
  assert.deepEqual(batches[0].schemas.map((s: any) => [s.part, s.status, s.samples]), [["response", 200, 2]]);
  const tx = await api(`/api/v1/transactions?service=${encodeURIComponent("shop/profiles")}`);
  assert.equal(tx.body.transactions.length, 0);
});

test("the end user comes from the verified JWT in Istio's dynamic metadata, else from the configured header", async () => {
  const host = await PluginHost.create({
    module: wasm, pluginName: "shop.l7guard", identity: { namespace: "shop", workload: "accounts" }, shared: new SharedState(), clusters: { [CLUSTER]: tapUrl },
    configuration: JSON.stringify({ schemaVersion: 1, identity: { userHeader: "x-user" }, collector: { cluster: CLUSTER, token: COLLECTOR, flushIntervalMs: 100 } }),
    logger: () => {},
  });
  try {
    const authn = (sub: string) => ({ istio_authn: { "request.auth.principal": `https://issuer.example/${sub}`, "request.auth.claims": { sub: [sub], iss: ["https://issuer.example"] } } });
    const go = (path: string, extra: Array<[string, string]>, dynamicMetadata?: Record<string, Record<string, unknown>>) =>
      runExchange(host, { requestHeaders: requestHeaders("GET", path, extra), responseHeaders: [[":status", "200"]], info: { direction: "inbound", dynamicMetadata } });
    // The header claims mallory, but the verified token says alice: the token wins.
    await go("/accounts/1", [["x-user", "mallory"]], authn("alice"));
    await go("/accounts/2", [], authn("alice"));
    await go("/accounts/3", [["x-user", "carol"]]);
    await go("/accounts/4", [], { istio_authn: { "request.auth.principal": "https://issuer.example/dave" } });
  } finally {
    await host.close();
  }
  const alice = await api("/api/v1/users/alice");
  assert.equal(alice.status, 200);
  assert.equal(alice.body.requests, 2);
  assert.equal((await api("/api/v1/users/carol")).body.requests, 1);
  assert.equal((await api(`/api/v1/users/${encodeURIComponent("https://issuer.example/dave")}`)).body.requests, 1, "principal when the claim is absent");
  assert.equal((await api("/api/v1/users/mallory")).status, 404);
});

test("bodies split into chunks are sketched whole, buffered by a redacting policy or streamed, and cut at maxBytes", async () => {
  const chunks = ['{"id": 1, "em', 'ail": "a@example.com", "n', 'ote": "x", "tail": {"k": true}}'];
  const sketchOf = async (workload: string, extra: Record<string, unknown>, maxBytes: number) => {
    const host = await PluginHost.create({
      module: wasm, pluginName: "shop.l7guard", identity: { namespace: "shop", workload }, shared: new SharedState(), clusters: { [CLUSTER]: tapUrl },
      configuration: JSON.stringify({ schemaVersion: 1, ...extra, collector: { cluster: CLUSTER, token: COLLECTOR, flushIntervalMs: 60000, schemas: { maxBytes } } }),
      logger: () => {},
    });
    try {
      const r = await runExchange(host, { requestHeaders: requestHeaders("GET", "/items/1"), responseHeaders: [[":status", "200"], ["content-type", "application/json"]], responseBody: chunks, info: { direction: "inbound" } });
      assert.equal(r.status, 200);
    } finally {
      await host.close();
    }
    const batch = received.find((b) => b.reporter?.workload === workload);
    assert.ok(batch?.schemas, `a sketch from ${workload}`);
    return Object.fromEntries(batch.schemas[0].fields.map((f: any) => [f.path, f.types.join(",")]));
  };
  const whole = { id: "integer", email: "string", note: "string", tail: "object", "tail.k": "boolean" };
  assert.deepEqual(await sketchOf("buffered", { mode: "enforce", actions: { pii: { email: { response: "redact" } } } }, 16384), whole);
  assert.deepEqual(await sketchOf("streamed", {}, 16384), whole);
  // The first 40 bytes end inside "note"'s value: fields before the cut only.
  assert.deepEqual(await sketchOf("cut", {}, 40), { id: "integer", email: "string" });
});

test("a full transaction log goes out before the window ends instead of dropping entries", async () => {
  const host = await PluginHost.create({
    module: wasm, pluginName: "shop.l7guard", identity: { namespace: "shop", workload: "busy" }, shared: new SharedState(), clusters: { [CLUSTER]: tapUrl },
    configuration: JSON.stringify({ schemaVersion: 1, collector: { cluster: CLUSTER, token: COLLECTOR, flushIntervalMs: 3600000, sampleRate: 1 } }),
    logger: () => {},
  });
  try {
    for (let i = 0; i < 1005; i++) await runExchange(host, { requestHeaders: requestHeaders("GET", `/jobs/${i}`), responseHeaders: [[":status", "204"]], info: { direction: "inbound" } });
  } finally {
    await host.close();
  }
  const batches = received.filter((b) => b.reporter?.workload === "busy");
  assert.equal(batches.length, 2, "one batch when the log filled, one at close");
  assert.equal(batches[0].transactions.length, 1000);
  assert.equal(batches.reduce((n, b) => n + (b.transactions?.length ?? 0), 0), 1005);
  assert.equal(batches.reduce((n, b) => n + (b.dropped?.transactions ?? 0), 0), 0);
});
