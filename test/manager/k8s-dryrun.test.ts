// Dry run against Kubernetes: per namespace the compiled config and the change, plus the owned WasmPlugins
// that would be deleted (namespaces that left the opt-in), without writing anything. The manager here is a
// standby (another replica holds the Lease), so no reconcile pass can change the state under the dry run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as k8s from "@kubernetes/client-node";
import { FakeKubeApiServer } from "../k8s-fake/server.ts";
import { startK8sManager, postPolicy, waitFor, EDITOR } from "./k8s-harness.ts";
import { OWNER_LABELS } from "../../manager/rollout/wasmplugin.ts";

async function create(api: FakeKubeApiServer, path: string, body: unknown) {
  const r = await fetch(`${api.url}${path}?fieldManager=test-setup`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  assert.equal(r.status, 201, await r.text());
}
const plugin = (ns: string, labels: Record<string, string>) => ({ apiVersion: "extensions.istio.io/v1alpha1", kind: "WasmPlugin", metadata: { name: "l7guard", labels }, spec: { url: "oci://example/x:1", pluginConfig: { policyVersion: 1 } } });

test("dry run lists creates, updates and the owned plugins it would delete, and writes nothing", async () => {
  const api = new FakeKubeApiServer(); await api.start();
  const dir = mkdtempSync(join(tmpdir(), "l7g-dry-"));
  api.upsertNamespace("l7guard-system", {});
  // Another replica holds the Lease for an hour: this manager never reconciles.
  await create(api, "/apis/coordination.k8s.io/v1/namespaces/l7guard-system/leases", { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "l7guard-manager" }, spec: { holderIdentity: "other", leaseDurationSeconds: 3600, renewTime: new k8s.V1MicroTime().toISOString() } });
  api.upsertNamespace("fresh", { "l7guard.io/enabled": "true" });
  api.upsertNamespace("kept", { "l7guard.io/enabled": "true" });
  api.upsertNamespace("left", {}); // opted out, still carries our plugin
  api.upsertNamespace("theirs", {}); // never opted in, a foreign plugin with our name
  await create(api, "/apis/extensions.istio.io/v1alpha1/namespaces/kept/wasmplugins", plugin("kept", { ...OWNER_LABELS }));
  await create(api, "/apis/extensions.istio.io/v1alpha1/namespaces/left/wasmplugins", plugin("left", { ...OWNER_LABELS }));
  await create(api, "/apis/extensions.istio.io/v1alpha1/namespaces/theirs/wasmplugins", plugin("theirs", { team: "theirs" }));
  const m = await startK8sManager(api, dir, { lease: true, identity: "standby", leaseSeconds: 3600 });
  try {
    await postPolicy(m.manager, { schemaVersion: 1 });
    const writesBefore = api.requests.filter((r) => r.method !== "GET" && r.path.includes("/wasmplugins")).length;
    const body = await waitFor("dry run sees the caches", async () => {
      const r = await m.manager.app.inject({ method: "POST", url: "/api/v1/policy:dryRun", headers: { authorization: `Bearer ${EDITOR}` }, payload: { policy: { schemaVersion: 1, defaults: { mode: "enforce" } } } });
      assert.equal(r.statusCode, 200, r.body);
      const b = JSON.parse(r.body) as { namespaces: Array<{ namespace: string; change: string; config?: { mode: string }; detail?: { name?: string } }> };
      return b.namespaces.length === 3 ? b : undefined;
    });
    const plan = Object.fromEntries(body.namespaces.map((n) => [n.namespace, n.change]));
    assert.deepEqual(plan, { fresh: "create", kept: "update", left: "delete" });
    assert.equal(body.namespaces.find((n) => n.namespace === "fresh")!.config!.mode, "enforce");
    assert.equal(body.namespaces.find((n) => n.namespace === "left")!.detail!.name, "l7guard");
    assert.equal(api.requests.filter((r) => r.method !== "GET" && r.path.includes("/wasmplugins")).length, writesBefore, "the dry run wrote nothing");
    assert.ok(api.get("wasmplugins", "left", "l7guard"), "the plugin that would be deleted is still there");
    assert.equal(m.manager.reconciler!.passes, 0, "the standby never reconciled");
  } finally { await m.stop(); await api.stop(); rmSync(dir, { recursive: true, force: true }); }
});
