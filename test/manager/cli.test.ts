// `l7guard manager --in-cluster` outside a pod must stop at startup with a clear message, not run on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { FakeKubeApiServer } from "../k8s-fake/server.ts";
import { waitFor } from "./k8s-harness.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inClusterProblem, advertiseUrl, SERVICE_ACCOUNT_DIR } from "../../manager/cli.ts";
import { hostname } from "node:os";

const root = new URL("../../", import.meta.url).pathname;

test("--in-cluster without KUBERNETES_SERVICE_HOST exits non-zero at startup and says why", () => {
  const dir = mkdtempSync(join(tmpdir(), "l7g-cli-"));
  try {
    const env = { ...process.env };
    delete env.KUBERNETES_SERVICE_HOST; delete env.KUBERNETES_SERVICE_PORT;
    const r = spawnSync(process.execPath, [`${root}bin/l7guard.mjs`, "manager", "--listen", "127.0.0.1:0", "--data", dir, "--in-cluster", "--module-url", "http://m.example/filter.wasm"],
      { env: { ...env, L7GUARD_TOKENS: JSON.stringify([{ token: "t".repeat(24), role: "admin" }]), L7GUARD_COLLECTOR_TOKEN: "c".repeat(24), POD_IP: "127.0.0.1" }, encoding: "utf8", timeout: 60_000 });
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

test("the address a leader publishes: $POD_IP, else the listen host, else the host name; the port bound", () => {
  assert.equal(advertiseUrl("10.1.2.3", "0.0.0.0", { port: 9080 }), "http://10.1.2.3:9080");
  assert.equal(advertiseUrl("fd00::7", "0.0.0.0", { port: 9080 }), "http://[fd00::7]:9080");
  assert.equal(advertiseUrl(undefined, "127.0.0.1", { port: 4567 }), "http://127.0.0.1:4567");
  assert.equal(advertiseUrl("", "::", { port: 1 }), `http://${hostname().includes(":") ? `[${hostname()}]` : hostname()}:1`);
});

test("manager --kubeconfig keeps policy versions in the cluster and rolls them out", async () => {
  const api = new FakeKubeApiServer(); await api.start();
  const dir = mkdtempSync(join(tmpdir(), "l7g-cli-"));
  api.upsertNamespace("l7guard-system", {});
  api.upsertNamespace("shop", { "l7guard.io/enabled": "true" });
  const kubeconfig = join(dir, "kubeconfig.json");
  writeFileSync(kubeconfig, JSON.stringify({ apiVersion: "v1", kind: "Config", "current-context": "fake",
    clusters: [{ name: "fake", cluster: { server: api.url, "insecure-skip-tls-verify": true } }], users: [{ name: "u", user: { token: "fake-token" } }], contexts: [{ name: "fake", context: { cluster: "fake", user: "u" } }] }));
  const wasm = join(dir, "f.wasm"); writeFileSync(wasm, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  const token = "a".repeat(32);
  const child = spawn(process.execPath, [`${root}bin/l7guard.mjs`, "manager", "--listen", "127.0.0.1:0", "--data", join(dir, "data"), "--kubeconfig", kubeconfig, "--wasm", wasm,
    "--module-url", "http://m.example/filter.wasm", "--identity", "cli-test", "--lease-namespace", "l7guard-system", "--resync-seconds", "60"],
    { env: { ...process.env, L7GUARD_TOKENS: JSON.stringify([{ token, role: "admin" }]), L7GUARD_COLLECTOR_TOKEN: "c".repeat(24), POD_IP: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  child.stdout.on("data", (d) => (out += d)); child.stderr.on("data", (d) => (err += d));
  try {
    const base = await waitFor("manager listening", () => /listening on (http:\/\/\S+)/.exec(out)?.[1] || (child.exitCode !== null && Promise.reject(new Error(err))), 60_000);
    const r = await fetch(`${base}/api/v1/policy`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ message: "via cli", policy: { schemaVersion: 1 } }) });
    assert.equal(r.status, 201, await r.clone().text());
    assert.equal((await r.json() as { version: number }).version, 1);
    const cm = api.get("configmaps", "l7guard-system", "l7guard-policy-v1");
    assert.ok(cm, "the version is a ConfigMap in the manager's namespace");
    assert.equal(JSON.parse(cm.data["meta.json"]).message, "via cli");
    await waitFor("plugin rolled out by the leader", () => api.get("wasmplugins", "shop", "l7guard")?.spec.pluginConfig.policyVersion === 1, 20_000);
    // The leader publishes http://$POD_IP:PORT in the Lease, for the standbys to forward telemetry to.
    await waitFor("leader address in the Lease", () => api.get("leases", "l7guard-system", "l7guard-manager")?.metadata.annotations?.["l7guard.io/leader-url"] === base, 20_000);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await api.stop(); rmSync(dir, { recursive: true, force: true });
  }
});
