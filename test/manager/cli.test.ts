// `l7guard manager --in-cluster` outside a pod must stop at startup with a clear message, not run on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inClusterProblem, SERVICE_ACCOUNT_DIR } from "../../manager/cli.ts";

const root = new URL("../../", import.meta.url).pathname;

test("--in-cluster without KUBERNETES_SERVICE_HOST exits non-zero at startup and says why", () => {
  const dir = mkdtempSync(join(tmpdir(), "l7g-cli-"));
  try {
    const env = { ...process.env };
    delete env.KUBERNETES_SERVICE_HOST; delete env.KUBERNETES_SERVICE_PORT;
    const r = spawnSync(process.execPath, [`${root}bin/l7guard.mjs`, "manager", "--listen", "127.0.0.1:0", "--data", dir, "--in-cluster", "--module-url", "http://m.example/filter.wasm"],
      { env: { ...env, L7GUARD_TOKENS: JSON.stringify([{ token: "t".repeat(24), role: "admin" }]), L7GUARD_COLLECTOR_TOKEN: "c".repeat(24) }, encoding: "utf8", timeout: 60_000 });
    assert.equal(r.signal, null, "exited by itself (not killed by the timeout)");
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--in-cluster: not running in a Kubernetes pod \(KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT not set\)/);
    assert.doesNotMatch(r.stdout, /listening/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test("--in-cluster checks: port, service-account token and CA", () => {
  const env = { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" };
  assert.equal(inClusterProblem(env, () => true), undefined);
  assert.match(inClusterProblem({ KUBERNETES_SERVICE_PORT: "443" }, () => true)!, /KUBERNETES_SERVICE_HOST not set/);
  assert.match(inClusterProblem({ ...env, KUBERNETES_SERVICE_PORT: "https" }, () => true)!, /'https' is not a port number/);
  assert.equal(inClusterProblem(env, (p) => p !== `${SERVICE_ACCOUNT_DIR}/token`), `--in-cluster: the service-account token ${SERVICE_ACCOUNT_DIR}/token is missing or unreadable (is automountServiceAccountToken disabled for this pod?)`);
  assert.match(inClusterProblem(env, (p) => !p.endsWith("ca.crt"))!, /cluster CA certificate .*ca\.crt is missing/);
});
