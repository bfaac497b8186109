// Rollout to Kubernetes through the real @kubernetes/client-node against the loopback API server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeKubeApiServer } from "../k8s-fake/server.ts";
import { startK8sManager, postPolicy, waitFor, type K8sManager, EDITOR } from "./k8s-harness.ts";

const POLICY = { schemaVersion: 1, defaults: { mode: "monitor" }, collector: { cluster: "outbound|9080||l7guard-manager.l7guard-system.svc.cluster.local" } };
let api: FakeKubeApiServer;
let dir: string;
let mgr: K8sManager;
const plugin = (ns: string, name = "l7guard") => api.get("wasmplugins", ns, name) as any;

before(async () => {
  api = new FakeKubeApiServer();
  await api.start();
  dir = mkdtempSync(join(tmpdir(), "l7g-k8s-"));
  mgr = await startK8sManager(api, dir);
  await postPolicy(mgr.manager, POLICY, "initial");
});
after(async () => { await mgr.stop(); await api.stop(); rmSync(dir, { recursive: true, force: true }); });

test("opt-in creates the plugin by server-side apply with ownership labels, url, sha256 and compiled config", async () => {
  api.upsertNamespace("shop", { "l7guard.io/enabled": "true" });
  api.upsertNamespace("plain", {});
  const p = await waitFor("plugin in shop", () => plugin("shop"));
  assert.equal(p.metadata.labels["app.kubernetes.io/managed-by"], "l7guard-manager");
  assert.equal(p.spec.url, "http://l7guard-manager.l7guard-system.svc:9080/filter.wasm");
  assert.match(p.spec.sha256, /^[a-f0-9]{64}$/);
  assert.equal(p.spec.phase, "AUTHZ");
  assert.equal(p.spec.failStrategy, "FAIL_OPEN");
  assert.deepEqual(p.spec.match, [{ mode: "CLIENT_AND_SERVER" }]);
  assert.equal(p.spec.pluginConfig.schemaVersion, 1);
  assert.equal(p.spec.pluginConfig.mode, "monitor");
  assert.deepEqual(p.metadata.managedFields.map((f: any) => [f.manager, f.operation]), [["l7guard-manager", "Apply"]]);
  const applies = api.requests.filter((r) => r.method === "PATCH" && r.path.endsWith("/namespaces/shop/wasmplugins/l7guard"));
  assert.ok(applies.length >= 1 && applies.every((r) => r.contentType === "application/apply-patch+yaml" && r.fieldManager === "l7guard-manager"));
  assert.equal(plugin("plain"), undefined, "namespaces without the label get nothing");
  // The status is recorded after the apply call returns, which can trail the object appearing in the API server.
  const shop = await waitFor("rollout status for shop", async () => {
    const status = JSON.parse((await mgr.manager.app.inject({ method: "GET", url: "/api/v1/rollout", headers: { authorization: `Bearer ${EDITOR}` } })).body);
    const entry = status.namespaces.find((n: any) => n.namespace === "shop");
    return entry && entry.appliedVersion === 1 ? entry : undefined;
  });
  assert.deepEqual([shop.desiredVersion, shop.appliedVersion, shop.lastError], [1, 1, null]);
});

test("mode label change switches the compiled mode and the fail strategy", async () => {
  api.upsertNamespace("shop", { "l7guard.io/enabled": "true", "l7guard.io/mode": "enforce" });
  await waitFor("enforce in shop", () => plugin("shop")?.spec.pluginConfig.mode === "enforce");
  assert.equal(plugin("shop").spec.failStrategy, "FAIL_CLOSE");
});

test("a hand edit of an owned plugin is reverted; a foreign plugin is never touched", async () => {
  const r = await fetch(`${api.url}/apis/extensions.istio.io/v1alpha1/namespaces/shop/wasmplugins/l7guard?fieldManager=kubectl-edit`, {
    method: "PATCH", headers: { "content-type": "application/merge-patch+json" }, body: JSON.stringify({ spec: { priority: 99, pluginConfig: { mode: "monitor" } } }),
  });
  assert.equal(r.status, 200);
  assert.ok(plugin("shop").metadata.managedFields.some((f: any) => f.manager === "kubectl-edit"), "the edit took ownership of the fields it changed");
  await waitFor("hand edit reverted", () => plugin("shop")?.spec.priority === 0 && plugin("shop").spec.pluginConfig.mode === "enforce");
  // A foreign plugin next to ours, and a foreign plugin named l7guard in another opted-in namespace.
  for (const [ns, name] of [["shop", "other"], ["legacy", "l7guard"]]) {
    if (ns === "legacy") api.upsertNamespace("legacy", {});
    const c = await fetch(`${api.url}/apis/extensions.istio.io/v1alpha1/namespaces/${ns}/wasmplugins?fieldManager=kubectl-create`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiVersion: "extensions.istio.io/v1alpha1", kind: "WasmPlugin", metadata: { name }, spec: { url: "oci://example/other:1", priority: 5 } }),
    });
    assert.equal(c.status, 201);
  }
  const rvOther = plugin("shop", "other").metadata.resourceVersion;
  const rvLegacy = plugin("legacy").metadata.resourceVersion;
  api.upsertNamespace("legacy", { "l7guard.io/enabled": "true" });
  await waitFor("legacy reported", async () => {
    const s = JSON.parse((await mgr.manager.app.inject({ method: "GET", url: "/api/v1/rollout", headers: { authorization: `Bearer ${EDITOR}` } })).body);
    return s.namespaces.find((n: any) => n.namespace === "legacy" && /not owned by l7guard/.test(n.lastError ?? ""));
  });
  await mgr.manager.reconciler!.trigger();
  assert.equal(plugin("shop", "other").metadata.resourceVersion, rvOther);
  assert.equal(plugin("legacy").metadata.resourceVersion, rvLegacy);
  assert.ok(!api.requests.some((r) => r.method !== "GET" && (r.path.endsWith("/wasmplugins/other") || r.path.includes("/namespaces/legacy/wasmplugins/"))), "no write to foreign plugins");
});

test("opt-out deletes only the owned plugin", async () => {
  api.upsertNamespace("shop", {});
  await waitFor("plugin deleted", () => !plugin("shop"));
  assert.ok(plugin("shop", "other"), "foreign plugin stays");
  assert.ok(plugin("legacy"), "foreign l7guard plugin stays");
});

test("API faults: 500s, 409 conflicts and 429 on apply are retried with backoff; dropped watches and 410 Expired resume", async () => {
  api.injectFault({ method: "PATCH", pathIncludes: "/namespaces/faulty/", status: 500, count: 2 });
  api.injectFault({ method: "PATCH", pathIncludes: "/namespaces/faulty/", status: 409, count: 1 });
  api.injectFault({ method: "PATCH", pathIncludes: "/namespaces/faulty/", status: 429, count: 1 });
  api.upsertNamespace("faulty", { "l7guard.io/enabled": "true" });
  await waitFor("faulty applied after faults", () => plugin("faulty"));
  const attempts = api.requests.filter((r) => r.method === "PATCH" && r.path.includes("/namespaces/faulty/")).length;
  assert.ok(attempts >= 5, `expected >= 5 apply attempts, saw ${attempts}`);
  // Dropped watch connections: the informers restart and see new namespaces.
  api.dropWatches();
  api.upsertNamespace("after-drop", { "l7guard.io/enabled": "true" });
  await waitFor("plugin after dropped watch", () => plugin("after-drop"));
  // History compacted + watches dropped: resuming from an old resourceVersion gets 410 Expired, the informer relists.
  api.compactHistory();
  api.dropWatches();
  api.upsertNamespace("after-expiry", { "l7guard.io/enabled": "true" });
  await waitFor("plugin after 410", () => plugin("after-expiry"));
  api.injectFault({ method: "GET", pathIncludes: "/api/v1/namespaces", status: 500, count: 3 });
  api.dropWatches();
  api.upsertNamespace("after-500-list", { "l7guard.io/enabled": "true" });
  await waitFor("plugin after list 500s", () => plugin("after-500-list"));
});

test("429 with Retry-After: the namespace is retried no sooner than the server asked", async () => {
  api.injectFault({ method: "PATCH", pathIncludes: "/namespaces/throttled/", status: 429, count: 1, retryAfterSeconds: 1 });
  api.upsertNamespace("throttled", { "l7guard.io/enabled": "true" });
  await waitFor("throttled applied", () => plugin("throttled"));
  const patches = api.requests.filter((r) => r.method === "PATCH" && r.path.includes("/namespaces/throttled/"));
  assert.ok(patches.length >= 2, `expected a retry, saw ${patches.length} apply(s)`);
  // The harness's own backoff starts at 50 ms; only Retry-After explains a second wait of a second.
  assert.ok(patches[1].at - patches[0].at >= 950, `retried after ${patches[1].at - patches[0].at} ms, server asked for 1000`);
  await waitFor("status clean", async () => {
    const st = JSON.parse((await mgr.manager.app.inject({ method: "GET", url: "/api/v1/rollout", headers: { authorization: `Bearer ${EDITOR}` } })).body);
    return st.namespaces.find((n: any) => n.namespace === "throttled" && n.lastError === null && n.appliedVersion === 1);
  });
  api.deleteNamespace("throttled");
});

test("a policy change reaches 1,000 namespaces", async () => {
  for (let i = 0; i < 1000; i++) api.upsertNamespace(`tenant-${i}`, { "l7guard.io/enabled": "true" });
  await waitFor("1000 plugins", () => api.list("wasmplugins").filter((p) => p.metadata.name === "l7guard" && p.metadata.namespace.startsWith("tenant-")).length === 1000, 60000);
  const connectionsBefore = api.connections;
  const v = await postPolicy(mgr.manager, { ...POLICY, defaults: { mode: "monitor", limits: { maxBodyBytes: 4096 } } }, "smaller bodies");
  await waitFor("all at the new version", () => api.list("wasmplugins").filter((p) => p.metadata.namespace.startsWith("tenant-") && p.spec.pluginConfig.policyVersion === v && p.spec.pluginConfig.limits?.maxBodyBytes === 4096).length === 1000, 60000);
  // 1,000 applies over kept-alive connections: at most about one connection per concurrent worker, not one per request.
  const opened = api.connections - connectionsBefore;
  assert.ok(opened <= 100, `the rollout opened ${opened} connections to the API server`);
  assert.equal(api.list("wasmplugins").filter((p) => p.metadata.namespace.startsWith("tenant-")).length, 1000, "no duplicates");
  for (let i = 0; i < 1000; i++) api.deleteNamespace(`tenant-${i}`);
});
