// Two manager replicas, each with its own data directory, sharing policy history through ConfigMaps in
// l7guard-system (the Kubernetes policy store): a change posted to the standby is rolled out by the leader,
// concurrent writers get distinct versions, both serve the same history and audit, and after the leader
// stops the other takes over with the full history (as does a replica started later from nothing).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeKubeApiServer } from "../k8s-fake/server.ts";
import * as k8s from "@kubernetes/client-node";
import { startK8sManager, postPolicy, waitFor, EDITOR, type K8sManager } from "./k8s-harness.ts";
import { KubernetesPolicyStore } from "../../manager/store/k8s-policy-store.ts";

const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), "l7g-ha-")); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const get = async (m: K8sManager, url: string) => {
  const r = await m.manager.app.inject({ method: "GET", url, headers: { authorization: `Bearer ${EDITOR}` } });
  assert.equal(r.statusCode, 200, r.body);
  return JSON.parse(r.body);
};
const versions = async (m: K8sManager) => (await get(m, "/api/v1/policy/versions?limit=1000")).versions as Array<{ version: number; message: string; author: string; createdAt: string }>;
const pluginsAt = (api: FakeKubeApiServer, v: number) => api.list("wasmplugins").filter((p) => p.spec.pluginConfig.policyVersion === v).length;

test("HA: writes on the standby reach the leader; both serve one history; failover keeps it", async () => {
  const api = new FakeKubeApiServer(); await api.start();
  for (let i = 0; i < 20; i++) api.upsertNamespace(`team-${i}`, { "l7guard.io/enabled": "true" });
  const a = await startK8sManager(api, tmp(), { lease: true, identity: "replica-a", leaseSeconds: 2 });
  await waitFor("a leads", () => a.elector!.isLeader());
  const b = await startK8sManager(api, tmp(), { lease: true, identity: "replica-b", leaseSeconds: 2 });
  let c: K8sManager | undefined;
  try {
    // A change posted to the standby: stored once in the cluster, rolled out by the leader.
    const v1 = await postPolicy(b.manager, { schemaVersion: 1 }, "from the standby");
    assert.equal(v1, 1);
    await waitFor("leader rolls out v1", () => pluginsAt(api, v1) === 20);
    assert.equal(b.manager.reconciler!.passes, 0, "the standby never reconciled");
    const v2 = await postPolicy(b.manager, { schemaVersion: 1, defaults: { mode: "enforce" } }, "enforce, from the standby");
    await waitFor("leader rolls out v2", () => pluginsAt(api, v2) === 20);

    // Concurrent writers on both replicas: every write gets its own version, none is lost or overwritten.
    const writes = await Promise.all(Array.from({ length: 8 }, (_, i) => postPolicy(i % 2 ? a.manager : b.manager, { schemaVersion: 1, defaults: { limits: { maxBodyBytes: 1000 + i } } }, `concurrent ${i}`)));
    assert.equal(new Set(writes).size, 8, `distinct versions: ${writes}`);
    assert.deepEqual([...writes].sort((x, y) => x - y), [3, 4, 5, 6, 7, 8, 9, 10], "gapless after v2");
    for (const [i, v] of writes.entries()) {
      const doc = await get(i % 2 ? b : a, `/api/v1/policy/versions/${v}`); // read on the other replica
      assert.equal(doc.message, `concurrent ${i}`);
      assert.equal(doc.policy.defaults.limits.maxBodyBytes, 1000 + i);
    }
    await waitFor("both replicas list the same 10 versions", async () => JSON.stringify(await versions(a)) === JSON.stringify(await versions(b)) && (await versions(a)).length === 10);
    await waitFor("leader rolls out the last write", () => pluginsAt(api, 10) === 20);
    const audit = async (m: K8sManager) => (await m.manager.app.inject({ method: "GET", url: "/api/v1/audit?limit=1000", headers: { authorization: `Bearer ${EDITOR}` } }));
    // The audit is admin-only: the harness token is an editor, so read it from the store both replicas share.
    assert.equal((await audit(a)).statusCode, 403);
    await waitFor("both replicas hold the same audit", () => {
      const x = a.manager.policyStore.listAudit(1000), y = b.manager.policyStore.listAudit(1000);
      return x.length === 10 && JSON.stringify(x) === JSON.stringify(y);
    });
    assert.deepEqual(new Set(a.manager.policyStore.listAudit(1000).map((e) => e.target)), new Set(Array.from({ length: 10 }, (_, i) => `policy/${i + 1}`)));
    // The standby shows the leader's rollout status (published to the cluster).
    await waitFor("standby serves the leader's status", async () => {
      const s = await get(b, "/api/v1/rollout");
      return s.namespaces.length === 20 && s.namespaces.every((n: { appliedVersion: number }) => n.appliedVersion === 10);
    });

    // A canary posted and promoted on the standby: the leader rolls it to the canary namespace, then to all.
    api.upsertNamespace("team-0", { "l7guard.io/enabled": "true", "l7guard.io/canary": "true" });
    const canary = await postPolicy(b.manager, { schemaVersion: 1, canary: { namespaceSelector: { "l7guard.io/canary": "true" } }, defaults: { mode: "enforce" } }, "canary");
    await waitFor("canary in team-0 only", () => api.get("wasmplugins", "team-0", "l7guard")?.spec.pluginConfig.policyVersion === canary);
    assert.equal(pluginsAt(api, 10), 19, "the others stay on the last promoted version");
    const promoted = await b.manager.app.inject({ method: "POST", url: "/api/v1/policy:promote", headers: { authorization: `Bearer ${EDITOR}` }, payload: {} });
    assert.equal(promoted.statusCode, 200, promoted.body);
    await waitFor("promoted everywhere", () => pluginsAt(api, canary) === 20);
    assert.equal((await get(a, `/api/v1/policy/versions/${canary}`)).promoted, true, "the leader sees the promotion made on the standby");

    // Failover: the leader stops; b takes over with the whole history and rolls out what is posted to it.
    await a.stop();
    await waitFor("b leads", () => b.elector!.isLeader(), 5000);
    const v12 = await postPolicy(b.manager, { schemaVersion: 1, defaults: { mode: "monitor" } }, "after failover");
    assert.equal(v12, 12);
    await waitFor("new leader rolls out v12", () => pluginsAt(api, v12) === 20);
    assert.equal((await versions(b)).length, 12);
    // A replica started afterwards, from an empty data directory, sees the full history.
    c = await startK8sManager(api, tmp(), { lease: true, identity: "replica-c", leaseSeconds: 2 });
    assert.deepEqual(await versions(c), await versions(b));
    assert.equal((await get(c, "/api/v1/policy")).version, 12);
    assert.equal((await get(c, `/api/v1/policy/versions/${canary}`)).promoted, true);
    assert.deepEqual((await get(c, "/api/v1/policy/diff?from=1&to=2")).changes.length > 0, true);
    // Every record is an immutable ConfigMap in l7guard-system.
    const cms = api.list("configmaps").filter((cm) => cm.metadata.namespace === "l7guard-system" && cm.metadata.labels?.["l7guard.io/store"] === "policy-version");
    assert.equal(cms.length, 12);
    assert.ok(cms.every((cm) => cm.immutable === true));
  } finally { await c?.stop(); await b.stop(); await api.stop(); }
});

test("HA: an immutable policy record cannot be rewritten through the API", async () => {
  const api = new FakeKubeApiServer(); await api.start();
  const m = await startK8sManager(api, tmp());
  try {
    await postPolicy(m.manager, { schemaVersion: 1 }, "first");
    const r = await fetch(`${api.url}/api/v1/namespaces/l7guard-system/configmaps/l7guard-policy-v1?fieldManager=kubectl-edit`, {
      method: "PATCH", headers: { "content-type": "application/merge-patch+json" }, body: JSON.stringify({ data: { "policy.json": "{}" } }),
    });
    assert.equal(r.status, 422);
    assert.match((await r.json() as { message: string }).message, /immutable/);
    assert.equal(m.manager.policyStore.getVersion(1)!.message, "first");
  } finally { await m.stop(); await api.stop(); }
});

test("HA store: refuses to start without its history, refuses documents a ConfigMap cannot hold", async () => {
  const api = new FakeKubeApiServer(); await api.start();
  api.upsertNamespace("l7guard-system", {});
  const kc = new k8s.KubeConfig(); kc.loadFromOptions(api.kubeconfig());
  try {
    api.injectFault({ method: "GET", pathIncludes: "/configmaps", status: 403, count: 1, reason: "Forbidden" });
    const denied = new KubernetesPolicyStore(kc, { namespace: "l7guard-system" });
    await assert.rejects(denied.start(), /policy store: cannot read ConfigMaps in namespace l7guard-system: HTTP 403/);
    const store = new KubernetesPolicyStore(kc, { namespace: "l7guard-system" });
    await store.start();
    const huge = { schemaVersion: 1, defaults: {}, note: "x".repeat(1024 * 1024) } as never;
    await assert.rejects(store.addVersion({ author: "t", message: "too big", policy: huge, promoted: true }), (e: Error & { statusCode?: number }) => e.statusCode === 413 && /at most 921600 bytes/.test(e.message));
    assert.equal(store.latest(), undefined);
    assert.equal(api.list("configmaps").length, 0, "nothing written");
    await store.close();
  } finally { await api.stop(); }
});
