// Test harness: a manager whose rollout target is the Kubernetes API (the loopback fake server), with
// the real @kubernetes/client-node doing every call, and optional Lease leader election.
import * as k8s from "@kubernetes/client-node";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildManager, type Manager } from "../../manager/server.ts";
import { KubernetesTarget } from "../../manager/rollout/k8s-target.ts";
import { LeaseElector } from "../../manager/rollout/lease.ts";
import { loadWasm } from "../../manager/rollout/wasm-route.ts";
import { KubernetesPolicyStore } from "../../manager/store/k8s-policy-store.ts";
import type { FakeKubeApiServer } from "../k8s-fake/server.ts";

export const EDITOR = "editor-token-0123456789abcdef";
export const COLLECTOR = "collector-token-0123456789abcdef";

export interface K8sManager { manager: Manager; target: KubernetesTarget; elector?: LeaseElector; url?: string; stop(): Promise<void> }

/**
 * store "kubernetes" (default, as the manager runs against a cluster): policy history in ConfigMaps in
 * l7guard-system, shared by every replica; "sqlite": the embedded store in dataDir.
 */
/**
 * listen: serve real HTTP on 127.0.0.1 (port 0) and, with lease, publish that address in the Lease and forward
 * telemetry to the leader, as the manager does in a cluster.
 */
export async function startK8sManager(api: FakeKubeApiServer, dataDir: string, opts: { identity?: string; lease?: boolean; leaseSeconds?: number; store?: "kubernetes" | "sqlite"; listen?: boolean } = {}): Promise<K8sManager> {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(api.kubeconfig());
  const wasmPath = join(dataDir, "stand-in.wasm");
  writeFileSync(wasmPath, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  let manager: Manager | undefined;
  let elector: LeaseElector | undefined;
  let pending: NodeJS.Timeout | undefined;
  let url: string | undefined;
  // Informer events arrive in bursts; one pass after a short quiet period handles them all.
  const kick = () => { if (pending) return; pending = setTimeout(() => { pending = undefined; void manager?.reconciler?.trigger().catch(() => {}); }, 20); };
  const target = new KubernetesTarget(kc, { moduleUrl: "http://l7guard-manager.l7guard-system.svc:9080/filter.wasm", module: () => loadWasm(wasmPath), onChange: kick, restartBackoffMs: 100, restartBackoffMaxMs: 1000 });
  if (opts.lease) {
    elector = new LeaseElector(kc, { namespace: "l7guard-system", name: "l7guard-manager", identity: opts.identity ?? "replica", leaseDurationSeconds: opts.leaseSeconds ?? 2, renewMs: 300, advertiseUrl: () => url, onChange: (leader) => { if (leader) kick(); } });
  }
  let policyStore: KubernetesPolicyStore | undefined;
  if ((opts.store ?? "kubernetes") === "kubernetes") {
    if (!api.get("namespaces", undefined, "l7guard-system")) api.upsertNamespace("l7guard-system", {});
    policyStore = new KubernetesPolicyStore(kc, { namespace: "l7guard-system", onChange: kick, publishMs: 200, restartBackoffMs: 100, restartBackoffMaxMs: 1000 });
    await policyStore.start();
  }
  manager = await buildManager({
    policyStore, dataDir, apiTokens: [{ token: EDITOR, role: "editor", name: "tester" }], collectorTokens: [COLLECTOR], wasmPath, rolloutTarget: target,
    reconcile: { autoStart: false, resyncMs: 2000, baseBackoffMs: 50, maxBackoffMs: 400, ...(elector ? { isLeader: () => elector!.isLeader() } : {}) },
    ...(opts.listen && elector ? { leader: elector } : {}),
  });
  if (opts.listen) url = await manager.app.listen({ host: "127.0.0.1", port: 0 });
  await target.start();
  elector?.start();
  manager.reconciler!.start();
  return {
    manager, target, elector, url,
    stop: async () => { clearTimeout(pending); await elector?.stop(); await target.stop(); await manager!.close(); },
  };
}

export async function postPolicy(m: Manager, policy: unknown, message = "change"): Promise<number> {
  const r = await m.app.inject({ method: "POST", url: "/api/v1/policy", headers: { authorization: `Bearer ${EDITOR}` }, payload: { message, policy } });
  if (r.statusCode !== 201) throw new Error(`policy rejected: ${r.body}`);
  return JSON.parse(r.body).version;
}

export async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try { const v = await fn(); if (v) return v; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
