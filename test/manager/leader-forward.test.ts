// Forwarding telemetry from a standby to the leader (manager/leader-forward.ts), over real HTTP between real
// managers, with the leadership given directly: a forwarded request is never forwarded again (two replicas
// that each think the other leads answer 503 after one hop), the leader's answer (status, headers, body) comes
// back unchanged, the caller's token is what the leader checks, and no leader / an unreachable one is a 503.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildManager, type Manager } from "../../manager/server.ts";
import { FORWARDED_HEADER, type LeaderLink } from "../../manager/leader-forward.ts";

const VIEWER = "viewer-token-0123456789abc";
const COLLECTOR = "collector-token-0123456789";
const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), "l7g-fwd-")); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

class Link implements LeaderLink {
  leader = false; url?: string;
  isLeader() { return this.leader; }
  leaderUrl() { return this.url; }
}
async function start(link: Link) {
  const m = await buildManager({ dataDir: tmp(), apiTokens: [{ token: VIEWER, role: "viewer" }], collectorTokens: [COLLECTOR], leader: link });
  return { m, link, url: await m.app.listen({ host: "127.0.0.1", port: 0 }) };
}
const metric = (m: Manager, name: string, label: string) => {
  const line = m.metrics.render().split("\n").find((l) => l.startsWith(`${name}{${label}}`));
  assert.ok(line, `${name}{${label}} is exported`);
  return Number(line.split(" ").pop());
};
const batches = (m: Manager) => (m.store.db.prepare("SELECT count(*) AS n FROM tel_batches").get() as { n: number }).n;
const batch = (id: string) => ({
  schemaVersion: 1, batchId: id, reporter: { namespace: "shop", workload: "orders" }, windowStart: 1_700_000_000_000, windowEnd: 1_700_000_005_000,
  aggregates: [{ source: { namespace: "shop", workload: "frontend" }, destination: { namespace: "shop", workload: "orders" }, direction: "inbound",
    endpoint: { host: "orders.shop", method: "GET", pathTemplate: "/orders/{id}" }, statusClass: "2xx", count: 3 }],
  events: [],
});

test("a forwarded request is never forwarded again: two replicas that each think the other leads answer 503 after one hop", async () => {
  const a = await start(new Link()), b = await start(new Link());
  try {
    a.link.url = b.url; b.link.url = a.url;
    const r = await fetch(`${a.url}/api/v1/graph`, { headers: { authorization: `Bearer ${VIEWER}` } });
    assert.equal(r.status, 503);
    assert.match((await r.json() as { error: string }).error, /forwarded request but is not the leader/);
    assert.ok(r.headers.get("retry-after"));
    assert.equal(metric(a.m, "l7guard_manager_leader_forwarded_total", 'route="analytics"'), 1, "a forwarded once");
    assert.equal(metric(b.m, "l7guard_manager_leader_forwarded_total", 'route="analytics"'), 0, "b did not forward it back");
    assert.equal(metric(b.m, "l7guard_manager_leader_forward_failures_total", 'reason="not_leader"'), 1);
    // Sent with the header straight to a standby: answered at once, not forwarded.
    const direct = await fetch(`${a.url}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${COLLECTOR}`, "content-type": "application/json", [FORWARDED_HEADER]: "1" }, body: JSON.stringify(batch("x")) });
    assert.equal(direct.status, 503);
    assert.equal(metric(a.m, "l7guard_manager_leader_forwarded_total", 'route="ingest"'), 0);
  } finally { await a.m.close(); await b.m.close(); }
});

test("the leader's answer comes back unchanged; the leader checks the caller's token; the standby keeps nothing", async () => {
  const leader = await start(new Link()), standby = await start(new Link());
  try {
    leader.link.leader = true; standby.link.url = leader.url;
    const post = (id: string, token = COLLECTOR) => fetch(`${standby.url}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(batch(id)) });
    const ok = await post("b1");
    assert.equal(ok.status, 202);
    assert.deepEqual(await ok.json(), { accepted: true, duplicate: false, aggregates: 1, events: 0 });
    assert.equal((await (await post("b1")).json() as { duplicate: boolean }).duplicate, true, "the leader's duplicate detection answers");
    const denied = await post("b2", "wrong-token-0000000000000");
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get("www-authenticate"), "Bearer");
    const bad = await fetch(`${standby.url}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${COLLECTOR}`, "content-type": "application/json" }, body: JSON.stringify({ ...batch("b3"), schemaVersion: 2 }) });
    assert.equal(bad.status, 400);
    assert.ok((await bad.json() as { errors: Array<{ pointer: string }> }).errors.some((e) => e.pointer === "/schemaVersion"));
    assert.equal(batches(leader.m), 1);
    assert.equal(batches(standby.m), 0, "nothing stored on the standby");
    const graph = async (url: string) => { const r = await fetch(`${url}/api/v1/graph`, { headers: { authorization: `Bearer ${VIEWER}` } }); assert.equal(r.status, 200); return r.json() as Promise<{ edges: unknown[] }>; };
    const [g1, g2] = [await graph(standby.url), await graph(leader.url)];
    assert.equal(g1.edges.length, 1);
    assert.deepEqual(g1, g2);
    // Query strings go along; unauthenticated reads are refused by the leader.
    assert.equal((await fetch(`${standby.url}/api/v1/events?limit=0`, { headers: { authorization: `Bearer ${VIEWER}` } })).status, 400);
    assert.equal((await fetch(`${standby.url}/api/v1/endpoints`)).status, 401);
    assert.equal(metric(standby.m, "l7guard_manager_leader_forwarded_total", 'route="ingest"'), 4);
    // Health, metrics, the API document and policy stay local, even with no leader at all.
    standby.link.url = undefined;
    for (const path of ["/healthz", "/readyz", "/metrics", "/openapi.json", "/api/v1/policy/versions"]) {
      assert.equal((await fetch(`${standby.url}${path}`, { headers: { authorization: `Bearer ${VIEWER}` } })).status, 200, path);
    }
    const doc = await (await fetch(`${standby.url}/openapi.json`, { headers: { authorization: `Bearer ${VIEWER}` } })).json() as any;
    assert.ok(doc.paths["/api/v1/ingest"].post.responses["503"], "the 503 is documented");
    assert.ok(doc.paths["/api/v1/graph"].get.responses["503"]);
    assert.equal(doc.paths["/api/v1/policy"].get.responses["503"], undefined, "policy routes never answer it");
  } finally { await leader.m.close(); await standby.m.close(); }
});

test("no leader known, or the leader unreachable: 503 with Retry-After and a JSON error, counted", async () => {
  const s = await start(new Link());
  // A port that was free a moment ago: nothing listens there.
  const dead = await new Promise<number>((resolve) => { const srv = createServer().listen(0, "127.0.0.1", () => { const p = (srv.address() as { port: number }).port; srv.close(() => resolve(p)); }); });
  try {
    const ingest = () => fetch(`${s.url}/api/v1/ingest`, { method: "POST", headers: { authorization: `Bearer ${COLLECTOR}`, "content-type": "application/json" }, body: JSON.stringify(batch("n1")) });
    const none = await ingest();
    assert.equal(none.status, 503);
    assert.equal(none.headers.get("retry-after"), "2");
    assert.match((await none.json() as { error: string }).error, /no manager leader is known/);
    const read = await fetch(`${s.url}/api/v1/pii`, { headers: { authorization: `Bearer ${VIEWER}` } });
    assert.equal(read.status, 503);
    assert.match(read.headers.get("content-type") ?? "", /application\/json/);
    assert.equal(metric(s.m, "l7guard_manager_leader_forward_failures_total", 'reason="no_leader"'), 2);
    s.link.url = `http://127.0.0.1:${dead}`;
    const down = await ingest();
    assert.equal(down.status, 503);
    assert.equal(down.headers.get("retry-after"), "2");
    assert.match((await down.json() as { error: string }).error, /unreachable/);
    assert.equal((await fetch(`${s.url}/api/v1/users/alice`, { headers: { authorization: `Bearer ${VIEWER}` } })).status, 503);
    assert.equal(metric(s.m, "l7guard_manager_leader_forward_failures_total", 'reason="unreachable"'), 2);
    assert.equal(batches(s.m), 0);
  } finally { await s.m.close(); }
});
