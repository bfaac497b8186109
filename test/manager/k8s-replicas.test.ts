// Two replicas with one Lease leader, take-over within one lease period, and a restart mid-rollout.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeKubeApiServer } from "../k8s-fake/server.ts";
import { startK8sManager, postPolicy, waitFor } from "./k8s-harness.ts";

const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), "l7g-rep-")); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

test("two replicas: only the Lease holder writes; the standby takes over when the leader stops", async () => {
  const api = new FakeKubeApiServer(); await api.start();
  api.upsertNamespace("l7guard-system", {});
  const data = tmp();
  const a = await startK8sManager(api, data, { lease: true, identity: "replica-a", leaseSeconds: 2 });
  await waitFor("a leads", () => a.elector!.isLeader());
  const b = await startK8sManager(api, data, { lease: true, identity: "replica-b", leaseSeconds: 2 });
  try {
    await postPolicy(a.manager, { schemaVersion: 1 });
    for (let i = 0; i < 5; i++) api.upsertNamespace(`ns-${i}`, { "l7guard.io/enabled": "true" });
    await waitFor("5 plugins", () => api.list("wasmplugins").length === 5);
    await b.elector!.tryAcquireOrRenew();
    assert.equal(b.elector!.isLeader(), false, "the standby does not lead");
    assert.equal(api.get("leases", "l7guard-system", "l7guard-manager")!.spec.holderIdentity, "replica-a");
    assert.match(api.get("leases", "l7guard-system", "l7guard-manager")!.spec.renewTime, /\.\d{6}Z$/, "MicroTime with 6 fractional digits");
    assert.equal(b.manager.reconciler!.passes, 0, "the standby never ran a reconcile pass");
    await a.stop();
    // One lease period (2 s) plus a renew tick is the design; the margin is for a loaded CI machine.
    await waitFor("b leads", () => b.elector!.isLeader(), 15000);
    api.upsertNamespace("ns-late", { "l7guard.io/enabled": "true" });
    await waitFor("new leader reconciles", () => api.get("wasmplugins", "ns-late", "l7guard"));
    assert.equal(api.get("leases", "l7guard-system", "l7guard-manager")!.spec.leaseTransitions, 1);
  } finally { await b.stop(); await api.stop(); }
});

test("a manager restart mid-rollout loses and duplicates nothing", async () => {
  const api = new FakeKubeApiServer(); await api.start();
  const data = tmp();
  for (let i = 0; i < 200; i++) api.upsertNamespace(`t-${i}`, { "l7guard.io/enabled": "true" });
  let m = await startK8sManager(api, data);
  try {
    await postPolicy(m.manager, { schemaVersion: 1 });
    await waitFor("200 at v1", () => api.list("wasmplugins").filter((p) => p.spec.pluginConfig.policyVersion === 1).length === 200, 30000);
    const v2 = await postPolicy(m.manager, { schemaVersion: 1, defaults: { mode: "enforce" } });
    await waitFor("rollout under way", () => api.list("wasmplugins").some((p) => p.spec.pluginConfig.policyVersion === v2));
    await m.stop(); // mid-rollout
    const partial = api.list("wasmplugins").filter((p) => p.spec.pluginConfig.policyVersion === v2).length;
    m = await startK8sManager(api, data);
    await waitFor("200 at v2 after restart", () => api.list("wasmplugins").filter((p) => p.spec.pluginConfig.policyVersion === v2 && p.spec.pluginConfig.mode === "enforce").length === 200, 30000);
    assert.equal(api.list("wasmplugins").length, 200, "exactly one plugin per namespace");
    assert.equal(m.manager.policyStore.latest()!.version, v2, "the stored version survived the restart");
    assert.ok(partial <= 200);
  } finally { await m.stop(); await api.stop(); }
});
