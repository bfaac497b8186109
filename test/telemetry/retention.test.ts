// Store retention and migrations on a real SQLite file: old events, transactions and batch ids go, and so
// do cumulative rows (edges, endpoints, PII flows, users, clients, schemas) not fed within the window;
// recent ones stay; reopening the file neither re-runs nor loses migrations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TelemetryStore } from "../../manager/telemetry/store.ts";
import { tempDir } from "../support/temp-dir.ts";

const DAY = 86_400_000;
test("applyRetention deletes events older than retentionDays and keeps the rest", () => {
  const dir = tempDir("l7guard-ret-");
  const now = 1_800_000_000_000;
  const store = new TelemetryStore({ dataDir: dir, retentionDays: 7, retentionIntervalMs: 0 });
  const ev = (time: number) => ({ time, category: "attack", type: "sqli", action: "block", direction: "request" });
  const w = { namespace: "a", workload: "b" };
  assert.equal(store.ingest({ schemaVersion: 1, batchId: "r1", reporter: w, windowStart: now - 5000, windowEnd: now, events: [ev(now - 8 * DAY), ev(now - 6 * DAY), ev(now)],
    aggregates: [{ source: w, destination: w, direction: "inbound", endpoint: { method: "GET", pathTemplate: "/x" }, statusClass: "2xx", count: 4 }] }, now), true);
  assert.equal(store.applyRetention(now), 1, "only the old event: the aggregates were fed within the window");
  assert.deepEqual((store.db.prepare("SELECT time FROM tel_events ORDER BY time").all() as Array<{ time: number }>).map((r) => r.time), [now - 6 * DAY, now]);
  assert.equal((store.db.prepare("SELECT sum(count) AS n FROM tel_endpoints").get() as { n: number }).n, 4);
  const version = store.schemaVersion;
  store.close();
  const again = new TelemetryStore({ dataDir: dir, retentionIntervalMs: 0 });
  assert.equal(again.schemaVersion, version);
  assert.ok(version >= 4);
  assert.equal(again.ingest({ schemaVersion: 1, batchId: "r1", reporter: w, windowStart: 1, windowEnd: 2 }), false, "batch ids within the window survive reopening");
  again.close();
});

test("retention applies to every time-series table, on the file, and keeps what is still fed", () => {
  const dir = tempDir("l7guard-ret-all-");
  const now = 1_800_000_000_000;
  const store = new TelemetryStore({ dataDir: dir, retentionDays: 7, retentionIntervalMs: 0 });
  const web = { namespace: "shop", workload: "web" };
  const batch = (id: string, at: number, svc: { namespace: string; workload: string }, path: string, user: string, ip: string) => ({
    schemaVersion: 1 as const, batchId: id, reporter: svc, windowStart: at - 5000, windowEnd: at,
    aggregates: [{ source: web, destination: svc, direction: "inbound" as const, endpoint: { method: "POST", pathTemplate: path }, statusClass: "2xx", count: 2, user,
      pii: { request: { email: 1 } }, clients: [{ ip, count: 2 }] }],
    events: [{ time: at, category: "pii", type: "email", action: "alert", direction: "request" }],
    schemas: [{ endpoint: { method: "POST", pathTemplate: path }, part: "request" as const, samples: 2, fields: [{ path: "email", types: ["string"], pii: ["email"], count: 2 }] }],
    transactions: [{ time: at, endpoint: { method: "POST", pathTemplate: path }, status: 201, findings: ["email"], fields: [{ path: "$.email", finding: "email", action: "alert" }] }],
  });
  const old = now - 10 * DAY;
  assert.equal(store.ingest(batch("old", old, { namespace: "shop", workload: "legacy" }, "/old", "ann", "10.0.0.1"), old), true);
  assert.equal(store.ingest(batch("new", now - DAY, { namespace: "shop", workload: "users" }, "/new", "bob", "10.0.0.2"), now - DAY), true);
  const tables = ["tel_events", "tel_transactions", "tel_batches", "tel_edges", "tel_nodes", "tel_endpoints", "tel_pii_flows", "tel_users", "tel_clients",
    "tel_endpoint_pii", "tel_schema_samples", "tel_schema_fields"];
  const counts = (s: TelemetryStore) => Object.fromEntries(tables.map((t) => [t, (s.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
  const before = counts(store);
  for (const t of tables) assert.ok(before[t] > 0, `${t} has rows before retention`);
  const deleted = store.applyRetention(now);
  const after = counts(store);
  for (const t of tables) assert.ok(after[t] < before[t] || t === "tel_nodes", `${t}: ${before[t]} -> ${after[t]}`);
  assert.equal(deleted, tables.reduce((n, t) => n + before[t] - after[t], 0), "the count returned is the rows deleted");
  // What remains is the recent service's, whole.
  assert.deepEqual((store.db.prepare("SELECT path_template AS p FROM tel_endpoints").all() as Array<{ p: string }>).map((r) => r.p), ["/new"]);
  assert.deepEqual((store.db.prepare("SELECT DISTINCT path_template AS p FROM tel_schema_fields").all() as Array<{ p: string }>).map((r) => r.p), ["/new"]);
  assert.deepEqual((store.db.prepare("SELECT user FROM tel_users").all() as Array<{ user: string }>).map((r) => r.user), ["bob"]);
  assert.deepEqual((store.db.prepare("SELECT ip FROM tel_clients").all() as Array<{ ip: string }>).map((r) => r.ip), ["10.0.0.2"]);
  assert.ok(!(store.db.prepare("SELECT id FROM tel_nodes").all() as Array<{ id: string }>).some((r) => r.id === "shop/legacy"), "the silent workload is gone");
  assert.equal(store.applyRetention(now), 0, "idempotent");
  store.close();
  // On the file: a reopened store sees the same rows.
  const again = new TelemetryStore({ dataDir: dir, retentionIntervalMs: 0 });
  assert.deepEqual(counts(again), after);
  again.close();
});
