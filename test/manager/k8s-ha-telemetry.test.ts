// Two manager replicas on real HTTP, each with its own telemetry store, electing a leader through a Lease on the
// loopback API server (real @kubernetes/client-node). The leader publishes its address in the Lease; telemetry
// posted to either replica lands in the leader's store, and both answer the same analytics. After the leader
// stops, the new leader serves ingest from its own store. With no leader known, telemetry answers 503.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as k8s from "@kubernetes/client-node";
import { FakeKubeApiServer } from "../k8s-fake/server.ts";
import { startK8sManager, waitFor, EDITOR, COLLECTOR, type K8sManager } from "./k8s-harness.ts";
import { LEADER_URL_ANNOTATION } from "../../manager/rollout/lease.ts";

const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), "l7g-hatel-")); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const batch = (id: string, workload: string, path: string) => ({
  schemaVersion: 1, batchId: id, reporter: { namespace: "shop", workload }, windowStart: 1_700_000_000_000, windowEnd: 1_700_000_005_000,
  aggregates: [{ source: { namespace: "shop", workload: "frontend" }, destination: { namespace: "shop", workload }, direction: "inbound",
    endpoint: { host: `${workload}.shop`, method: "GET", pathTemplate: path }, statusClass: "2xx", user: "alice", count: 5, latencyMsSum: 10, latencyMsMax: 4,
    pii: { response: { email: 5 } } }],
  events: [{ time: 1_700_000_001_000, requestId: `${id}-e`, category: "attack", type: "sqli", action: "alert", direction: "request", source: { namespace: "shop", workload: "frontend" }, destination: { namespace: "shop", workload }, endpoint: { method: "GET", pathTemplate: path } }],
});
const ingest = (m: K8sManager, body: unknown) => fetch(`${m.url}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${COLLECTOR}`, "content-type": "application/json" }, body: JSON.stringify(body) });
const read = async (m: K8sManager, path: string) => {
  const r = await fetch(`${m.url}${path}`, { headers: { authorization: `Bearer ${EDITOR}` } });
  return { status: r.status, headers: r.headers, body: await r.json() as any };
};
const ok = async (m: K8sManager, path: string) => { const r = await read(m, path); assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`); return r.body; };
const stored = (m: K8sManager) => (m.manager.store.db.prepare("SELECT count(*) AS n FROM tel_batches").get() as { n: number }).n;
const ANALYTICS = ["/api/v1/graph", "/api/v1/endpoints", "/api/v1/pii", "/api/v1/events", "/api/v1/users/alice", "/api/v1/services/shop%2Forders/openapi", "/api/v1/geo", "/api/v1/endpoints/rules", "/api/v1/transactions"];

test("HA telemetry: ingest on the standby lands in the leader's store; both replicas answer the same; failover", async () => {
  const api = new FakeKubeApiServer(); await api.start();
  const a = await startK8sManager(api, tmp(), { lease: true, listen: true, identity: "replica-a", leaseSeconds: 2 });
  let b: K8sManager | undefined, c: K8sManager | undefined;
  try {
    await waitFor("a leads", () => a.elector!.isLeader());
    b = await startK8sManager(api, tmp(), { lease: true, listen: true, identity: "replica-b", leaseSeconds: 2 });
    // The leader's address is in the Lease, and the standby has read it.
    await waitFor("a publishes its address", () => api.get("leases", "l7guard-system", "l7guard-manager")?.metadata.annotations?.[LEADER_URL_ANNOTATION] === a.url);
    await waitFor("b knows the leader", () => b!.elector!.leaderUrl() === a.url);
    assert.equal(a.elector!.leaderUrl(), undefined, "the leader forwards nowhere");

    // Filters post to the Service: batches reach either replica; all of them end up with the leader.
    const posts = [ingest(b, batch("b1", "orders", "/orders/{id}")), ingest(a, batch("a1", "users", "/users/{id}")), ingest(b, batch("b2", "orders", "/orders"))];
    for (const r of await Promise.all(posts)) assert.equal(r.status, 202, await r.text());
    assert.equal(stored(a), 3);
    assert.equal(stored(b), 0, "the standby's own store is unused");
    // A template pin made on the standby is the leader's.
    const pin = await fetch(`${b.url}/api/v1/endpoints/rules`, { method: "POST", headers: { authorization: `Bearer ${EDITOR}`, "content-type": "application/json" }, body: JSON.stringify({ service: "shop/orders", kind: "pin", template: "/orders/{orderId}" }) });
    assert.equal(pin.status, 201, await pin.text());
    assert.equal((a.manager.store.db.prepare("SELECT count(*) AS n FROM tel_template_rules").get() as { n: number }).n, 1);

    for (const path of ANALYTICS) assert.deepEqual(await ok(b, path), await ok(a, path), `${path} is the same on both replicas`);
    const graph = await ok(b, "/api/v1/graph");
    assert.equal(graph.edges.length, 2, JSON.stringify(graph.edges));
    const endpoints = (await ok(b, "/api/v1/endpoints")).endpoints as Array<{ service: string; pathTemplate: string }>;
    assert.deepEqual(endpoints.map((e) => `${e.service} ${e.pathTemplate}`).sort(), ["shop/orders /orders", "shop/orders /orders/{orderId}", "shop/users /users/{id}"]);
    assert.equal((await ok(b, "/api/v1/events")).events.length, 3);
    const metrics = await (await fetch(`${b.url}/metrics`, { headers: { authorization: `Bearer ${EDITOR}` } })).text();
    assert.match(metrics, /l7guard_manager_leader_forwarded_total\{route="ingest"\} 2\n/);
    // Policy and rollout stay local on every replica (they are shared through the cluster already).
    assert.equal((await read(b, "/api/v1/rollout")).status, 200);

    // Failover: a stops; b leads and stores what filters send from now on in its own store.
    await a.stop();
    await waitFor("b leads", () => b!.elector!.isLeader(), 5000);
    await waitFor("b publishes its address", () => api.get("leases", "l7guard-system", "l7guard-manager")?.metadata.annotations?.[LEADER_URL_ANNOTATION] === b!.url);
    const after = await ingest(b, batch("b3", "payments", "/payments/{id}"));
    assert.equal(after.status, 202, await after.text());
    assert.equal(stored(b), 1);
    const edges = (await ok(b, "/api/v1/graph")).edges as Array<{ destination: string }>;
    // History from before the failover stayed with the old replica's store.
    assert.equal(edges.length, 1, JSON.stringify(edges));
    assert.match(edges[0].destination, /payments/);
    // A replica started now forwards to the new leader.
    c = await startK8sManager(api, tmp(), { lease: true, listen: true, identity: "replica-c", leaseSeconds: 2 });
    await waitFor("c knows the new leader", () => c!.elector!.leaderUrl() === b!.url);
    assert.equal((await ingest(c, batch("c1", "payments", "/payments"))).status, 202);
    assert.equal(stored(b), 2);
    for (const path of ["/api/v1/graph", "/api/v1/endpoints"]) assert.deepEqual(await ok(c, path), await ok(b, path));
  } finally { await c?.stop(); await b?.stop(); await api.stop(); }
});

test("HA telemetry: the leader dies without releasing the Lease: 503 (unreachable) until the standby takes over", async () => {
  const api = new FakeKubeApiServer(); await api.start();
  const a = await startK8sManager(api, tmp(), { lease: true, listen: true, identity: "replica-a", leaseSeconds: 2 });
  let b: K8sManager | undefined;
  try {
    await waitFor("a leads", () => a.elector!.isLeader());
    b = await startK8sManager(api, tmp(), { lease: true, listen: true, identity: "replica-b", leaseSeconds: 2 });
    await waitFor("b knows the leader", () => b!.elector!.leaderUrl() === a.url);
    // A crash: no hand-over, the address stays in the Lease until it expires.
    await a.elector!.stop(false); await a.target.stop(); await a.manager.close();
    const r = await ingest(b, batch("d1", "orders", "/orders"));
    assert.equal(r.status, 503);
    assert.ok(r.headers.get("retry-after"));
    assert.match((await r.json() as { error: string }).error, /unreachable/);
    assert.equal((await read(b, "/api/v1/graph")).status, 503);
    assert.equal(b.manager.metrics.forwardFailures.unreachable, 2);
    await waitFor("b leads once the Lease expires", () => b!.elector!.isLeader(), 6000);
    assert.equal((await ingest(b, batch("d2", "orders", "/orders"))).status, 202);
    assert.equal((await ok(b, "/api/v1/graph")).edges.length, 1);
  } finally { await b?.stop(); await api.stop(); }
});

test("HA telemetry: with no leader known, ingest and analytics answer 503 (never an empty answer)", async () => {
  const api = new FakeKubeApiServer(); await api.start();
  api.upsertNamespace("l7guard-system", {});
  // Another replica holds the Lease for a long time and published no address.
  const kc = new k8s.KubeConfig(); kc.loadFromOptions(api.kubeconfig());
  const now = new k8s.V1MicroTime();
  await kc.makeApiClient(k8s.CoordinationV1Api).createNamespacedLease({ namespace: "l7guard-system", body: { metadata: { name: "l7guard-manager", namespace: "l7guard-system" }, spec: { holderIdentity: "elsewhere", leaseDurationSeconds: 3600, acquireTime: now, renewTime: now } } });
  const s = await startK8sManager(api, tmp(), { lease: true, listen: true, identity: "standby", leaseSeconds: 2 });
  try {
    await new Promise((r) => setTimeout(r, 400)); // at least one poll of the Lease
    assert.equal(s.elector!.isLeader(), false);
    const r = await ingest(s, batch("x1", "orders", "/orders"));
    assert.equal(r.status, 503);
    assert.ok(Number(r.headers.get("retry-after")) > 0);
    for (const path of ANALYTICS) {
      const g = await read(s, path);
      assert.equal(g.status, 503, path);
      assert.match(g.body.error, /no manager leader is known/);
    }
    assert.equal(stored(s), 0);
    // Health and policy are still served.
    assert.equal((await fetch(`${s.url}/readyz`)).status, 200);
    assert.equal((await read(s, "/api/v1/policy/versions")).status, 200);
  } finally { await s.stop(); await api.stop(); }
});
