// Time from storing a policy change to all 1,000 namespaces' WasmPlugins carrying it, through the real
// @kubernetes/client-node against the loopback API server (server-side apply per namespace).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchRow } from "./run.ts";
import { FakeKubeApiServer } from "../test/k8s-fake/server.ts";
import { startK8sManager, postPolicy, waitFor } from "../test/manager/k8s-harness.ts";

export async function run(): Promise<BenchRow[]> {
  const N = 1000;
  const api = new FakeKubeApiServer(); await api.start();
  const dir = mkdtempSync(join(tmpdir(), "l7g-bench-"));
  for (let i = 0; i < N; i++) api.upsertNamespace(`tenant-${i}`, { "l7guard.io/enabled": "true" });
  const m = await startK8sManager(api, dir);
  try {
    await postPolicy(m.manager, { schemaVersion: 1 });
    await waitFor("initial rollout", () => api.list("wasmplugins").filter((p) => p.spec.pluginConfig.policyVersion === 1).length === N, 120000);
    const t0 = performance.now();
    const v = await postPolicy(m.manager, { schemaVersion: 1, defaults: { mode: "enforce" } });
    await waitFor("change rollout", () => api.list("wasmplugins").filter((p) => p.spec.pluginConfig.policyVersion === v).length === N, 120000);
    const ms = performance.now() - t0;
    return [{ name: `policy change -> ${N} namespaces' WasmPlugins updated (SSA, loopback API server)`, value: Math.round(ms), unit: "ms", target: "≤ 2000 ms", better: "lower" }];
  } finally { await m.stop(); await api.stop(); rmSync(dir, { recursive: true, force: true }); }
}

if (import.meta.url === `file://${process.argv[1]}`) for (const r of await run()) console.log(`${r.name}: ${r.value} ${r.unit} (target ${r.target})`);
