// Manager telemetry: ingest (auth, schema validation with JSON pointers, duplicates), a real SQLite file,
// durability across SIGKILL, and the analytics API.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { buildManager, type Manager } from "../../manager/server.ts";
import { TelemetryStore } from "../../manager/telemetry/store.ts";
import { tempDir } from "../support/temp-dir.ts";

const COLLECTOR = "collector-token-0123456789";
const VIEWER = "viewer-token-0123456789abc";
let manager: Manager;
let base = "";

before(async () => {
  manager = await buildManager({ dataDir: tempDir("l7guard-mgr-"), apiTokens: [{ token: VIEWER, role: "viewer" }], collectorTokens: [COLLECTOR] });
  base = await manager.app.listen({ host: "127.0.0.1", port: 0 });
});
after(() => manager.close());

// token "" sends no Authorization header.
const post = (body: unknown, token = COLLECTOR) => fetch(`${base}/api/v1/ingest`, {
  method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: typeof body === "string" ? body : JSON.stringify(body),
});
const get = async (path: string, token = VIEWER) => {
  const r = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: r.status, body: await r.json() as any };
};

const frontend = { namespace: "shop", workload: "frontend", app: "frontend" };
const orders = { namespace: "shop", workload: "orders", app: "orders", version: "v1" };
function batch(id: string, extra: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1, batchId: id, reporter: orders, policyVersion: 3, windowStart: 1_700_000_000_000, windowEnd: 1_700_000_005_000,
    aggregates: [
      { source: frontend, destination: orders, direction: "inbound", protocol: "http", endpoint: { host: "orders.shop", method: "GET", pathTemplate: "/orders/{id}" },
        statusClass: "2xx", user: "alice", count: 10, blocked: 0, latencyMsSum: 50, latencyMsMax: 9, requestBytes: 0, responseBytes: 4000,
        pii: { response: { email: 10, card: 2 } }, clients: [{ ip: "10.0.0.7", count: 10 }] },
      { source: frontend, destination: { host: "api.stripe.com", external: true }, direction: "outbound", endpoint: { host: "api.stripe.com", method: "POST", pathTemplate: "/v1/charges" },
        statusClass: "2xx", count: 2, pii: { request: { card: 2 } } },
    ],
    events: [{ time: 1_700_000_001_000, requestId: "r1", category: "attack", type: "sqli", action: "block", direction: "request", location: "$.q", evidence: "1' OR…", source: frontend, destination: orders, endpoint: { method: "POST", pathTemplate: "/orders" } }],
    ...extra,
  };
}

describe("ingest", () => {
  test("requires the collector token: 401 without or with a wrong one, and says nothing more", async () => {
    const none = await post(batch("a0"), "");
    assert.equal(none.status, 401);
    assert.deepEqual(await none.json(), { error: "authentication required" });
    assert.equal((await post(batch("a0"), "wrong-token-000000000000")).status, 401);
    assert.equal((await post(batch("a0"), VIEWER)).status, 401, "an API token is not a collector token");
  });

  test("a bad batch gets 400 with every error's JSON pointer and is not stored", async () => {
    const bad = batch("bad-1");
    (bad.aggregates[0] as any).statusClass = "2XX";
    (bad.aggregates[1] as any).count = -1;
    (bad as any).surprise = true;
    const r = await post(bad);
    assert.equal(r.status, 400);
    const body = await r.json() as { errors: Array<{ pointer: string; message: string }> };
    const pointers = body.errors.map((e) => e.pointer);
    assert.ok(pointers.includes("/aggregates/0/statusClass"), JSON.stringify(body));
    assert.ok(pointers.includes("/aggregates/1/count"));
    assert.ok(body.errors.some((e) => e.pointer === "/" && e.message.includes("surprise")));
    assert.equal((await post("{not json")).status, 400);
    const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${VIEWER}` } })).text();
    assert.match(metrics, /l7guard_manager_ingest_batches_total\{result="rejected"\} 1/);
    const rows = manager.store.db.prepare("SELECT count(*) AS n FROM tel_batches WHERE batch_id = 'bad-1'").get() as { n: number };
    assert.equal(rows.n, 0);
  });

  test("a valid batch is stored; the same batch id again is acknowledged but not counted twice", async () => {
    const r = await post(batch("b1"));
    assert.equal(r.status, 202);
    assert.deepEqual(await r.json(), { accepted: true, duplicate: false, aggregates: 2, events: 1 });
    const again = await post(batch("b1"));
    assert.equal(again.status, 202);
    assert.equal((await again.json() as { duplicate: boolean }).duplicate, true);
    const eps = await get("/api/v1/endpoints?service=shop/orders");
    assert.equal(eps.body.endpoints[0].count, 10);
  });
});

describe("analytics", () => {
  before(async () => { await post(batch("c1")); await post(batch("c2", { reporter: frontend })); });

  test("the API requires a token", async () => {
    assert.equal((await get("/api/v1/graph", "")).status, 401);
    assert.equal((await get("/api/v1/graph", "nope-nope-nope-nope-nope")).status, 401);
  });

  test("graph: workloads and external hosts, edges with stats and PII per direction", async () => {
    const { status, body } = await get("/api/v1/graph");
    assert.equal(status, 200);
    const ids = body.nodes.map((n: any) => n.id);
    assert.ok(ids.includes("shop/frontend") && ids.includes("shop/orders") && ids.includes("external:api.stripe.com"), ids.join(","));
    const edge = body.edges.find((e: any) => e.source === "shop/frontend" && e.destination === "shop/orders");
    assert.ok(edge.count >= 20);
    assert.equal(edge.latencyMsAvg, 5);
    assert.deepEqual(edge.pii.response.sort(), ["card", "email"]);
    const egress = body.edges.find((e: any) => e.destination === "external:api.stripe.com");
    assert.deepEqual(egress.pii.request, ["card"]);
  });

  test("endpoints: inventory with PII types; pii: types and flows incl. egress", async () => {
    const eps = (await get("/api/v1/endpoints")).body.endpoints;
    const orderEp = eps.find((e: any) => e.service === "shop/orders" && e.pathTemplate === "/orders/{id}");
    assert.deepEqual(orderEp.piiTypes, ["card", "email"]);
    assert.equal(orderEp.method, "GET");
    const pii = (await get("/api/v1/pii")).body;
    assert.ok(pii.types.find((t: any) => t.type === "card").count >= 6);
    assert.ok(pii.flows.some((f: any) => f.type === "card" && f.egress === true && f.destination === "external:api.stripe.com"));
    assert.ok(pii.flows.some((f: any) => f.type === "email" && f.source === "shop/orders" && f.destination === "shop/frontend" && f.direction === "response"));
  });

  test("events: filters and cursor pagination; bad query -> 400 with the pointer", async () => {
    const all = (await get("/api/v1/events?category=attack&limit=2")).body;
    assert.equal(all.events.length, 2);
    assert.ok(all.nextCursor);
    const next = (await get(`/api/v1/events?category=attack&limit=2&cursor=${all.nextCursor}`)).body;
    assert.ok(next.events.every((e: any) => e.id < all.nextCursor));
    assert.equal(all.events[0].type, "sqli");
    const bad = await get("/api/v1/events?limit=0");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].pointer, "/querystring/limit");
  });

  test("users: behaviour per end user; unknown user 404", async () => {
    const u = (await get("/api/v1/users/alice")).body;
    assert.ok(u.requests >= 20);
    assert.equal(u.endpoints[0].pathTemplate, "/orders/{id}");
    assert.equal((await get("/api/v1/users/nobody")).status, 404);
  });

  test("/openapi.json documents the API", async () => {
    const doc = (await get("/openapi.json")).body;
    assert.equal(doc.openapi, "3.1.0");
    for (const p of ["/api/v1/ingest", "/api/v1/graph", "/api/v1/endpoints", "/api/v1/pii", "/api/v1/events", "/api/v1/users/{id}"]) assert.ok(doc.paths[p], p);
  });
});

test("nothing acknowledged is lost when the manager is killed with SIGKILL", async () => {
  const dir = tempDir("l7guard-kill-");
  const root = new URL("../../", import.meta.url).pathname;
  const child = spawn(process.execPath, ["--import", "tsx", `${root}test/manager/ingest-child.mts`, dir], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (c) => resolve(String(c).trim()));
    child.on("exit", (code) => reject(new Error(`child exited ${code}`)));
  });
  let acked = 0;
  const sending = (async () => {
    for (let i = 0; i < 10_000; i++) {
      try {
        const r = await fetch(`${url}/api/v1/ingest`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${COLLECTOR}` }, body: JSON.stringify(batch(`k${i}`)) });
        if (r.status === 202) acked++;
      } catch { return; } // the manager is gone
    }
  })();
  await new Promise((r) => setTimeout(r, 700));
  child.kill("SIGKILL");
  await sending;
  assert.ok(acked > 0, "some batches were acknowledged before the kill");
  const store = new TelemetryStore({ dataDir: dir });
  const stored = (store.db.prepare("SELECT count(*) AS n FROM tel_batches").get() as { n: number }).n;
  store.close();
  assert.ok(stored >= acked, `stored ${stored} >= acknowledged ${acked}`);
});
