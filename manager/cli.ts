// `l7guard manager --listen HOST:PORT --data DIR [--local | --kubeconfig FILE | --in-cluster] [--tokens FILE]
//   [--collector-token TOKEN] [--retention-days N] [--local-targets FILE] [--wasm FILE] [--resync-seconds N]`
// API tokens: --tokens FILE or L7GUARD_TOKENS (JSON [{"token","role"}]). Collector token (what filters send on
// ingest): --collector-token or L7GUARD_COLLECTOR_TOKEN. In --local mode, missing tokens are generated and printed.
import { readFileSync, accessSync, constants as fsConstants } from "node:fs";
import { randomBytes } from "node:crypto";
import { buildManager } from "./server.ts";
import { parseTokens, type ApiToken } from "./auth.ts";
import * as k8s from "@kubernetes/client-node";
import { hostname } from "node:os";
import { KubernetesTarget } from "./rollout/k8s-target.ts";
import { LeaseElector } from "./rollout/lease.ts";
import { KubernetesPolicyStore } from "./store/k8s-policy-store.ts";
import { loadWasm } from "./rollout/wasm-route.ts";
import type { RolloutTarget } from "./rollout/reconciler.ts";
import { LocalTarget, loadLocalTargets, type LocalGateway } from "./rollout/local-target.ts";

const USAGE = `usage: l7guard manager --listen HOST:PORT --data DIR [--local | --kubeconfig FILE | --in-cluster]
                       [--tokens FILE] [--collector-token TOKEN] [--retention-days N]
                       [--local-targets FILE] [--wasm FILE] [--resync-seconds N]
                       [--module-url URL] [--lease-namespace NS] [--identity NAME]
  --local-targets FILE  JSON [{"namespace","workload","admin":"http://HOST:PORT"}]: local gateways to push configs to
  --wasm FILE           filter module served at /filter.wasm (default build/l7guard.wasm)
  --module-url URL      the URL of this manager's /filter.wasm as sidecars reach it (Kubernetes modes)
  --lease-namespace NS  the manager's own namespace (default $POD_NAMESPACE, else l7guard-system): the
                        leader Lease, and the policy versions, audit and rollout status as ConfigMaps shared
                        by all replicas (Kubernetes modes; --data then holds only telemetry)
  --identity NAME       this replica's Lease identity (default $POD_NAME, else the host name)
In Kubernetes modes the Lease holder owns telemetry and publishes http://$POD_IP:PORT in the Lease (else the
listen host); the other replicas forward ingest and analytics requests to it.
`;

export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
const readable = (path: string) => { try { accessSync(path, fsConstants.R_OK); return true; } catch { return false; } };

/**
 * Why --in-cluster cannot work here, if it cannot. client-node's loadFromCluster() does not check: outside a
 * pod it builds https://undefined:undefined and the manager would run forever failing every call.
 */
export function inClusterProblem(env: NodeJS.ProcessEnv = process.env, canRead: (path: string) => boolean = readable): string | undefined {
  const missing = ["KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT"].filter((k) => !env[k]);
  if (missing.length) return `--in-cluster: not running in a Kubernetes pod (${missing.join(" and ")} not set); use --kubeconfig FILE outside a cluster, or --local`;
  const port = env.KUBERNETES_SERVICE_PORT!;
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) return `--in-cluster: KUBERNETES_SERVICE_PORT '${port}' is not a port number`;
  for (const [file, what] of [["token", "service-account token"], ["ca.crt", "cluster CA certificate"]] as const) {
    if (!canRead(`${SERVICE_ACCOUNT_DIR}/${file}`)) return `--in-cluster: the ${what} ${SERVICE_ACCOUNT_DIR}/${file} is missing or unreadable (is automountServiceAccountToken disabled for this pod?)`;
  }
  return undefined;
}

/**
 * Where the other replicas reach this one: $POD_IP (downward API) and the port listened on; without POD_IP the
 * listen host, or the host name when listening on every address.
 */
export function advertiseUrl(podIp: string | undefined, listenHost: string, bound: unknown): string {
  const port = bound && typeof bound === "object" && "port" in bound ? (bound as { port: number }).port : 0;
  const wildcard = listenHost === "0.0.0.0" || listenHost === "::" || listenHost === "[::]" || listenHost === "";
  const host = podIp?.trim() || (wildcard ? hostname() : listenHost.replace(/^\[|\]$/g, ""));
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export async function main(argv: string[]): Promise<void> {
  const fail = (msg: string) => { process.stderr.write(`l7guard manager: ${msg}\n${USAGE}`); process.exitCode = 2; };
  let listen: { host: string; port: number } | undefined;
  let dataDir: string | undefined;
  let tokensFile: string | undefined;
  let collectorToken = process.env.L7GUARD_COLLECTOR_TOKEN;
  let target: "local" | "kubeconfig" | "in-cluster" = "local";
  let retentionDays = 30;
  let localTargetsFile: string | undefined;
  let wasmPath: string | undefined;
  let resyncSeconds = 30;
  let kubeconfigFile: string | undefined;
  let moduleUrl: string | undefined;
  let leaseNamespace = process.env.POD_NAMESPACE || "l7guard-system";
  let identity = process.env.POD_NAME || hostname();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    switch (flag) {
      case "--listen": {
        const v = value() ?? "";
        const at = v.lastIndexOf(":");
        const port = Number(v.slice(at + 1));
        if (at <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) return fail(`--listen: '${v}' is not HOST:PORT`);
        listen = { host: v.slice(0, at), port };
        break;
      }
      case "--data": dataDir = value(); break;
      case "--tokens": tokensFile = value(); break;
      case "--collector-token": collectorToken = value(); break;
      case "--retention-days": retentionDays = Number(value()); if (!Number.isInteger(retentionDays) || retentionDays < 1) return fail("--retention-days must be a positive integer"); break;
      case "--local": target = "local"; break;
      case "--local-targets": localTargetsFile = value(); break;
      case "--wasm": wasmPath = value(); break;
      case "--resync-seconds": resyncSeconds = Number(value()); if (!Number.isInteger(resyncSeconds) || resyncSeconds < 1) return fail("--resync-seconds must be a positive integer"); break;
      case "--kubeconfig": kubeconfigFile = value(); target = "kubeconfig"; break;
      case "--module-url": moduleUrl = value(); break;
      case "--lease-namespace": leaseNamespace = value() ?? ""; if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(leaseNamespace)) return fail(`--lease-namespace: '${leaseNamespace}' is not a namespace name`); break;
      case "--identity": identity = value() ?? ""; break;
      case "--in-cluster": target = "in-cluster"; break;
      case "--help": case "-h": process.stdout.write(USAGE); return;
      default: return fail(`unknown option '${flag}'`);
    }
  }
  if (!listen) return fail("--listen is required");
  if (!dataDir) return fail("--data is required");
  if (target !== "local" && (!moduleUrl || !/^https?:\/\//.test(moduleUrl))) return fail("--module-url http(s)://… is required with --kubeconfig/--in-cluster (where sidecars fetch /filter.wasm)");
  let apiTokens: ApiToken[] = [];
  try {
    if (tokensFile) apiTokens = parseTokens(readFileSync(tokensFile, "utf8"), tokensFile);
    else if (process.env.L7GUARD_TOKENS) apiTokens = parseTokens(process.env.L7GUARD_TOKENS, "L7GUARD_TOKENS");
  } catch (e) { return fail((e as Error).message); }
  const generated: string[] = [];
  if (apiTokens.length === 0) { const t = randomBytes(24).toString("base64url"); apiTokens = [{ token: t, role: "admin" }]; generated.push(`admin API token: ${t}`); }
  if (!collectorToken) { collectorToken = randomBytes(24).toString("base64url"); generated.push(`collector token: ${collectorToken}`); }
  let gateways: LocalGateway[] | undefined;
  try { if (localTargetsFile) gateways = loadLocalTargets(localTargetsFile); } catch (e) { return fail((e as Error).message); }
  let rolloutTarget: RolloutTarget | undefined = gateways ? new LocalTarget(() => gateways) : undefined;
  let k8sTarget: KubernetesTarget | undefined;
  let elector: LeaseElector | undefined;
  let policyStore: KubernetesPolicyStore | undefined;
  let kick = () => {};
  let advertised: string | undefined;
  if (target !== "local") {
    const kc = new k8s.KubeConfig();
    if (target === "in-cluster") { const problem = inClusterProblem(); if (problem) return fail(problem); }
    try { if (target === "in-cluster") kc.loadFromCluster(); else kc.loadFromFile(kubeconfigFile!); } catch (e) { return fail(`kubeconfig: ${(e as Error).message}`); }
    const wasm = wasmPath ?? new URL("../build/l7guard.wasm", import.meta.url).pathname;
    try { loadWasm(wasm); } catch (e) { return fail((e as Error).message); }
    k8sTarget = new KubernetesTarget(kc, { moduleUrl: moduleUrl!, module: () => loadWasm(wasm), onChange: () => kick() });
    // The leader publishes its address in the Lease; standbys forward telemetry there (known once listening).
    elector = new LeaseElector(kc, { namespace: leaseNamespace, name: "l7guard-manager", identity, advertiseUrl: () => advertised, onChange: (leader) => { if (leader) kick(); } });
    rolloutTarget = k8sTarget;
    // Every replica reads and writes the same history in the cluster; the leader is told of new versions by the watch.
    policyStore = new KubernetesPolicyStore(kc, { namespace: leaseNamespace, onChange: () => kick() });
    try { await policyStore.start(); } catch (e) { process.stderr.write(`l7guard manager: ${(e as Error).message}\n`); process.exitCode = 1; return; }
  }
  const manager = await buildManager({
    policyStore, dataDir, apiTokens, collectorTokens: [collectorToken], retentionDays, wasmPath, rolloutTarget,
    reconcile: { resyncMs: resyncSeconds * 1000, autoStart: !k8sTarget, ...(elector ? { isLeader: () => elector!.isLeader() } : {}) },
    leader: elector,
  });
  let pending: NodeJS.Timeout | undefined;
  kick = () => { if (!pending) pending = setTimeout(() => { pending = undefined; void manager.reconciler?.trigger().catch(() => {}); }, 50); };
  if (k8sTarget) { await k8sTarget.start(); elector!.start(); manager.reconciler!.start(); }
  const address = await manager.app.listen({ host: listen.host, port: listen.port });
  if (elector) advertised = advertiseUrl(process.env.POD_IP, listen.host, manager.app.server.address());
  process.stdout.write(`manager listening on ${address} (data ${dataDir})\n${generated.map((g) => `${g}\n`).join("")}`);
  const stop = async () => { await elector?.stop(); await k8sTarget?.stop(); await manager.close(); process.exit(0); };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
