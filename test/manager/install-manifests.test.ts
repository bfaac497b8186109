// istio/ kustomize base: `kubectl kustomize` is not installable here (no kubectl in Debian's archive for
// this image), so this test renders the base the way kustomize does for the features it uses (resources
// list, commonLabels-style `labels` without selectors, image tag override) with js-yaml and checks the result.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const dir = new URL("../../istio/", import.meta.url);
type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: any };

function render(): Doc[] {
  const k = yaml.load(readFileSync(new URL("kustomization.yaml", dir), "utf8")) as any;
  assert.equal(k.kind, "Kustomization");
  const docs: Doc[] = [];
  for (const file of k.resources as string[]) for (const d of yaml.loadAll(readFileSync(new URL(file, dir), "utf8"))) if (d) docs.push(d as Doc);
  for (const d of docs) {
    for (const l of k.labels ?? []) d.metadata.labels = { ...d.metadata.labels, ...l.pairs };
    for (const c of d.spec?.template?.spec?.containers ?? []) for (const img of k.images ?? []) if (c.image === img.name) c.image = `${img.newName ?? img.name}:${img.newTag}`;
  }
  return docs;
}
const find = (docs: Doc[], kind: string, name: string) => { const d = docs.find((x) => x.kind === kind && x.metadata.name === name); assert.ok(d, `${kind}/${name} is in the base`); return d!; };

test("the base renders every required object", () => {
  const docs = render();
  const names = new Set(docs.map((d) => `${d.kind}/${d.metadata.name}`));
  assert.equal(names.size, docs.length, "no duplicate objects");
  find(docs, "Namespace", "l7guard-system");
  for (const d of docs) if (!["Namespace", "ClusterRole", "ClusterRoleBinding"].includes(d.kind)) assert.ok(d.metadata.namespace, `${d.kind}/${d.metadata.name} has a namespace`);
  const ex = find(docs, "Namespace", "l7guard-example");
  assert.equal(ex.metadata.labels!["l7guard.io/enabled"], "true");
  assert.ok(docs.every((d) => d.metadata.labels?.["app.kubernetes.io/part-of"] === "l7guard"));
});

test("deployment: probes, resources, non-root, read-only root filesystem, tokens from the Secret", () => {
  const docs = render();
  const dep = find(docs, "Deployment", "l7guard-manager");
  const pod = dep.spec.template.spec;
  const c = pod.containers[0];
  assert.equal(c.image, "l7guard/manager:0.1.0");
  assert.equal(c.readinessProbe.httpGet.path, "/readyz");
  assert.equal(c.livenessProbe.httpGet.path, "/healthz");
  assert.ok(c.resources.requests.cpu && c.resources.limits.memory);
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.equal(c.securityContext.readOnlyRootFilesystem, true);
  assert.equal(c.securityContext.allowPrivilegeEscalation, false);
  assert.equal(pod.serviceAccountName, "l7guard-manager");
  assert.ok(c.args.includes("--in-cluster") && c.args.includes("--module-url"));
  const secret = find(docs, "Secret", "l7guard-manager-tokens");
  assert.ok(pod.volumes.some((v: any) => v.secret?.secretName === secret.metadata.name));
  const svc = find(docs, "Service", "l7guard-manager");
  assert.deepEqual(svc.spec.selector, dep.spec.selector.matchLabels);
  // Mounted paths cover every place the process writes (data dir, /tmp) since the root filesystem is read-only.
  const mounts = c.volumeMounts.map((m: any) => m.mountPath);
  // HA: the leader publishes http://$POD_IP:PORT in the Lease (downward API), and the peers' headless Service
  // makes each pod IP a mesh endpoint (mTLS between the replicas, so forwarded ingest passes the policy).
  const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.valueFrom?.fieldRef?.fieldPath]));
  assert.equal(env.POD_IP, "status.podIP");
  assert.equal(env.POD_NAME, "metadata.name");
  const peers = find(docs, "Service", "l7guard-manager-peers");
  assert.equal(peers.spec.clusterIP, "None");
  assert.deepEqual(peers.spec.selector, dep.spec.selector.matchLabels);
  assert.ok(c.args.includes(`0.0.0.0:${peers.spec.ports[0].port}`), "the peers' port is the one the manager listens on");
  assert.ok(mounts.includes("/var/lib/l7guard") && mounts.includes("/tmp"));
});

test("RBAC is least privilege and the AuthorizationPolicy guards ingest", () => {
  const docs = render();
  const role = find(docs, "ClusterRole", "l7guard-manager");
  const byGroup = Object.fromEntries(role.rules.map((r: any) => [`${r.apiGroups[0]}/${r.resources.join(",")}`, r.verbs]));
  assert.deepEqual(byGroup["/namespaces"], ["get", "list", "watch"]);
  assert.ok(byGroup["extensions.istio.io/wasmplugins"]);
  assert.ok(role.rules.every((r: any) => !r.resources.includes("*") && !r.verbs.includes("*") && !r.apiGroups.includes("*")));
  assert.ok(!role.rules.some((r: any) => r.resources.includes("secrets")), "no access to secrets");
  const lease = find(docs, "Role", "l7guard-manager-leader-election");
  assert.deepEqual(lease.rules[0].resources, ["leases"]);
  // The shared policy store: ConfigMaps in l7guard-system only, never updated or deleted, nothing cluster-wide.
  const store = find(docs, "Role", "l7guard-manager-store");
  assert.equal(store.metadata.namespace, "l7guard-system");
  assert.deepEqual(store.rules, [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch", "create", "patch"] }]);
  const storeBinding = find(docs, "RoleBinding", "l7guard-manager-store");
  assert.deepEqual([storeBinding.roleRef.name, storeBinding.subjects[0].name, storeBinding.subjects[0].namespace], ["l7guard-manager-store", "l7guard-manager", "l7guard-system"]);
  assert.ok(!role.rules.some((r: any) => r.resources.includes("configmaps")), "no cluster-wide ConfigMap access");
  const binding = find(docs, "ClusterRoleBinding", "l7guard-manager");
  assert.equal(binding.subjects[0].name, "l7guard-manager");
  const ap = find(docs, "AuthorizationPolicy", "l7guard-manager-ingest");
  assert.equal(ap.spec.action, "DENY");
  assert.deepEqual(ap.spec.rules[0].from[0].source.notPrincipals, ["*"]);
  assert.deepEqual(ap.spec.rules[0].to[0].operation.paths, ["/api/v1/ingest"]);
});
