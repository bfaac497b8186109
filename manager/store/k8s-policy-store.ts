// Policy versions, audit log and rollout status kept as ConfigMaps in the manager's own namespace, so that
// every replica serves the same history, a change made on any replica reaches the Lease holder (through
// the ConfigMap watch), and a new leader starts with the whole history. SQLite stays the store for --local.
//
// - Each policy version is one immutable ConfigMap `l7guard-policy-v<N>` (policy.json + meta.json). A writer
//   takes N = highest known + 1 and creates it; an AlreadyExists (409) means another replica took N first,
//   so it tries N + 1: concurrent writers always get distinct, gapless numbers and nothing is overwritten.
// - Promoting a canary adds an immutable `l7guard-policy-v<N>-promoted`; versions themselves never change.
// - Each audit entry is an immutable `l7guard-audit-<id>`, numbered the same way.
// - Rollout status is derived state, written by the replica that reconciles: kept in memory and published
//   (server-side apply, at most once per publishMs) to `l7guard-rollout-status`, which the other replicas
//   read, and a new leader starts from.
// Reads are served from an informer cache (ConfigMaps with the store's labels in that namespace); start()
// resolves once the first list has arrived, so a replica never answers from an empty history.
import * as k8s from "@kubernetes/client-node";
import type { Policy } from "../policy/model.ts";
import type { AuditEntry, PolicyStore, PolicyVersion, RolloutStatus } from "./policy-store.ts";
import { reuseConnections, superviseInformer } from "../rollout/kube-client.ts";

const MANAGED_BY = { "app.kubernetes.io/managed-by": "l7guard-manager" } as const;
const KIND_LABEL = "l7guard.io/store";
const SELECTOR = `app.kubernetes.io/managed-by=l7guard-manager,${KIND_LABEL}`;
const FIELD_MANAGER = "l7guard-manager";
const STATUS_NAME = "l7guard-rollout-status";
// A ConfigMap holds at most 1 MiB; leave room for metadata.
const MAX_DOCUMENT = 900 * 1024;
const STATUS_IDLE_MS = 10_000;

export interface KubernetesPolicyStoreOptions {
  namespace: string;
  /** New versions or promotions (from this replica or another): time to reconcile. */
  onChange?: () => void;
  publishMs?: number;
  restartBackoffMs?: number; restartBackoffMaxMs?: number;
}

type Meta = { author: string; createdAt: string; message: string; promoted?: boolean; rollbackOf?: number };
type StatusRow = Omit<RolloutStatus, "updatedAt"> & { updatedAt: string };
const code = (e: unknown) => (e as { code?: number }).code;

export class StoreError extends Error { constructor(message: string, readonly statusCode: number) { super(message); } }

export class KubernetesPolicyStore implements PolicyStore {
  private core: k8s.CoreV1Api;
  private objects: k8s.KubernetesObjectApi;
  private informer: k8s.Informer<k8s.V1ConfigMap> & k8s.ObjectCache<k8s.V1ConfigMap>;
  private versions = new Map<number, PolicyVersion>();
  private promotedMarks = new Set<number>();
  private entries = new Map<number, AuditEntry>();
  private published = new Map<string, StatusRow>(); // from the status ConfigMap
  private local: Map<string, StatusRow> | undefined; // this replica's own, once it writes status
  private lastLocalWrite = 0;
  private dirty = false;
  private publishTimer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> | undefined;
  private stopped = false;

  constructor(kc: k8s.KubeConfig, private opts: KubernetesPolicyStoreOptions) {
    reuseConnections(kc);
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const ns = opts.namespace;
    this.informer = k8s.makeInformer(kc, `/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps`, () => this.core.listNamespacedConfigMap({ namespace: ns, labelSelector: SELECTOR }), SELECTOR);
    this.informer.on(k8s.ADD, (cm) => this.observe(cm));
    this.informer.on(k8s.UPDATE, (cm) => this.observe(cm));
    // Records are immutable and never deleted by the manager; a ConfigMap deleted by hand stays known
    // to replicas that saw it (its data was acknowledged to a client) until they restart.
    superviseInformer(this.informer as unknown as k8s.Informer<k8s.KubernetesObject>, { baseMs: opts.restartBackoffMs ?? 500, maxMs: opts.restartBackoffMaxMs ?? 30_000, stopped: () => this.stopped });
  }

  /** Loads the history (first list) and watches for changes; rejects if the API server cannot be read. */
  async start(): Promise<void> {
    this.stopped = false;
    let failure: unknown;
    const onError = (e: unknown) => { failure ??= e; };
    this.informer.on(k8s.ERROR, onError);
    try { await this.informer.start(); } finally { this.informer.off(k8s.ERROR, onError); }
    if (failure) {
      this.stopped = true;
      await this.informer.stop();
      throw new Error(`policy store: cannot read ConfigMaps in namespace ${this.opts.namespace}: ${describe(failure)}`);
    }
  }

  private observe(cm: k8s.V1ConfigMap) {
    const kind = cm.metadata?.labels?.[KIND_LABEL];
    const data = cm.data ?? {};
    try {
      if (kind === "policy-version") {
        const n = Number(cm.metadata?.labels?.["l7guard.io/version"]);
        if (!Number.isSafeInteger(n) || this.versions.has(n)) return;
        const meta = JSON.parse(data["meta.json"]) as Meta;
        this.versions.set(n, { version: n, author: meta.author, createdAt: meta.createdAt, message: meta.message, policy: JSON.parse(data["policy.json"]) as Policy, promoted: !!meta.promoted, ...(meta.rollbackOf != null ? { rollbackOf: meta.rollbackOf } : {}) });
        this.opts.onChange?.();
      } else if (kind === "promotion") {
        const n = Number(cm.metadata?.labels?.["l7guard.io/version"]);
        if (!Number.isSafeInteger(n) || this.promotedMarks.has(n)) return;
        this.promotedMarks.add(n);
        this.opts.onChange?.();
      } else if (kind === "audit") {
        const id = Number(cm.metadata?.labels?.["l7guard.io/audit-id"]);
        if (!Number.isSafeInteger(id) || this.entries.has(id)) return;
        const e = JSON.parse(data["entry.json"]) as Omit<AuditEntry, "id">;
        this.entries.set(id, { ...e, id });
      } else if (kind === "rollout-status") {
        const rows = JSON.parse(data["status.json"] ?? "[]") as Array<[string, string, number | null, number | null, string | null, string]>;
        this.published = new Map(rows.map(([namespace, target, desiredVersion, appliedVersion, lastError, updatedAt]) => [`${namespace}\u0000${target}`, { namespace, target, desiredVersion, appliedVersion, lastError, updatedAt }]));
      }
    } catch { /* a record this version cannot read (edited by hand) is skipped, not fatal */ }
  }

  private record(name: string, kind: string, labels: Record<string, string>, data: Record<string, string>): k8s.V1ConfigMap {
    return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: this.opts.namespace, labels: { ...MANAGED_BY, "app.kubernetes.io/part-of": "l7guard", [KIND_LABEL]: kind, ...labels } }, immutable: true, data };
  }

  /** Creates the record numbered `first` or, when taken, the next free number; returns the number used. */
  private async createNumbered(first: number, build: (n: number) => k8s.V1ConfigMap): Promise<{ n: number; cm: k8s.V1ConfigMap }> {
    for (let n = first, tries = 0; tries < 1000; n++, tries++) {
      const body = build(n);
      try { return { n, cm: await this.core.createNamespacedConfigMap({ namespace: this.opts.namespace, body }) }; }
      catch (e) {
        if (code(e) === 409) continue; // another replica took n
        throw new StoreError(`policy store: create ConfigMap ${this.opts.namespace}/${body.metadata!.name}: ${describe(e)}`, 500);
      }
    }
    throw new StoreError("policy store: no free record number after 1000 attempts", 500);
  }

  async addVersion(v: { author: string; message: string; policy: Policy; promoted: boolean; rollbackOf?: number }): Promise<PolicyVersion> {
    const policyJson = JSON.stringify(v.policy);
    if (policyJson.length > MAX_DOCUMENT) throw new StoreError(`policy is ${policyJson.length} bytes; at most ${MAX_DOCUMENT} bytes can be stored in the cluster`, 413);
    const meta: Meta = { author: v.author, createdAt: new Date().toISOString(), message: v.message, ...(v.promoted ? { promoted: true } : {}), ...(v.rollbackOf != null ? { rollbackOf: v.rollbackOf } : {}) };
    const { cm } = await this.createNumbered(this.maxVersion() + 1, (n) => this.record(`l7guard-policy-v${n}`, "policy-version", { "l7guard.io/version": String(n) }, { "policy.json": policyJson, "meta.json": JSON.stringify(meta) }));
    this.observe(cm); // read-your-writes, before the watch event arrives
    return this.getVersion(Number(cm.metadata!.labels!["l7guard.io/version"]))!;
  }

  private maxVersion() { let m = 0; for (const n of this.versions.keys()) if (n > m) m = n; return m; }
  private withPromotion(v: PolicyVersion | undefined): PolicyVersion | undefined { return v && (v.promoted || !this.promotedMarks.has(v.version) ? v : { ...v, promoted: true }); }
  getVersion(version: number) { return this.withPromotion(this.versions.get(version)); }
  latest() { return this.getVersion(this.maxVersion()); }
  latestPromoted() {
    const ns = [...this.versions.keys()].sort((a, b) => b - a);
    for (const n of ns) { const v = this.getVersion(n)!; if (v.promoted) return v; }
    return undefined;
  }
  listVersions(limit: number, before?: number) {
    return [...this.versions.keys()].filter((n) => n < (before ?? Number.MAX_SAFE_INTEGER)).sort((a, b) => b - a).slice(0, limit)
      .map((n) => { const { policy: _p, ...meta } = this.getVersion(n)!; return meta; });
  }
  async promote(version: number): Promise<boolean> {
    const v = this.getVersion(version);
    if (!v) return false;
    if (v.promoted) return true;
    const body = this.record(`l7guard-policy-v${version}-promoted`, "promotion", { "l7guard.io/version": String(version) }, { "promoted.json": JSON.stringify({ time: new Date().toISOString() }) });
    try { this.observe(await this.core.createNamespacedConfigMap({ namespace: this.opts.namespace, body })); }
    catch (e) { if (code(e) !== 409) throw new StoreError(`policy store: promote version ${version}: ${describe(e)}`, 500); this.promotedMarks.add(version); }
    return true;
  }

  async audit(e: Omit<AuditEntry, "id" | "time">): Promise<void> {
    const entry = { time: new Date().toISOString(), actor: e.actor, role: e.role, action: e.action, target: e.target, ...(e.detail !== undefined ? { detail: e.detail } : {}) };
    let max = 0; for (const id of this.entries.keys()) if (id > max) max = id;
    const { cm } = await this.createNumbered(max + 1, (id) => this.record(`l7guard-audit-${id}`, "audit", { "l7guard.io/audit-id": String(id) }, { "entry.json": JSON.stringify(entry) }));
    this.observe(cm);
  }
  listAudit(limit: number, before?: number): AuditEntry[] {
    return [...this.entries.keys()].filter((id) => id < (before ?? Number.MAX_SAFE_INTEGER)).sort((a, b) => b - a).slice(0, limit).map((id) => this.entries.get(id)!);
  }

  // ---- rollout status ---------------------------------------------------------------------------------
  /** The replica that writes status owns it; it starts from what was published (e.g. by the previous leader). */
  private own(): Map<string, StatusRow> {
    // A replica idle for a while (e.g. it led before, another led since) starts over from what was published,
    // unless it still holds changes it has not managed to publish. The leader writes only on changes, and
    // its own snapshot is published about publishMs after the last one, so it starts over from itself.
    if (!this.local || (Date.now() - this.lastLocalWrite > STATUS_IDLE_MS && !this.dirty && !this.publishing)) this.local = new Map(this.published);
    this.lastLocalWrite = Date.now();
    return this.local;
  }
  setStatus(s: Omit<RolloutStatus, "updatedAt">) { this.own().set(`${s.namespace}\u0000${s.target}`, { ...s, updatedAt: new Date().toISOString() }); this.schedulePublish(); }
  deleteStatus(namespace: string, target: string) { if (this.own().delete(`${namespace}\u0000${target}`)) this.schedulePublish(); }
  listStatus(): RolloutStatus[] {
    const rows = this.local && (Date.now() - this.lastLocalWrite <= STATUS_IDLE_MS || this.dirty) ? this.local : this.published;
    return [...rows.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.target.localeCompare(b.target));
  }
  private schedulePublish() {
    this.dirty = true;
    if (this.publishTimer || this.stopped) return;
    this.publishTimer = setTimeout(() => { this.publishTimer = undefined; void this.publish(); }, this.opts.publishMs ?? 1000);
    this.publishTimer.unref();
  }
  /** Writes the status snapshot (server-side apply); on failure it stays dirty and is tried again. */
  async publish(): Promise<void> {
    if (this.publishing) await this.publishing;
    if (!this.dirty || !this.local) return;
    this.dirty = false;
    const rows = [...this.local.values()].map((r) => [r.namespace, r.target, r.desiredVersion, r.appliedVersion, r.lastError && r.lastError.slice(0, 512), r.updatedAt]);
    let json = JSON.stringify(rows);
    // Too many namespaces for one ConfigMap: keep the ones with errors first (what an operator looks for).
    if (json.length > MAX_DOCUMENT) json = JSON.stringify(rows.sort((a, b) => Number(!!b[4]) - Number(!!a[4])).slice(0, Math.floor(rows.length * MAX_DOCUMENT / json.length)));
    const body = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: STATUS_NAME, namespace: this.opts.namespace, labels: { ...MANAGED_BY, "app.kubernetes.io/part-of": "l7guard", [KIND_LABEL]: "rollout-status" } }, data: { "status.json": json } };
    this.publishing = this.objects.patch(body as k8s.KubernetesObject, undefined, undefined, FIELD_MANAGER, true, k8s.PatchStrategy.ServerSideApply)
      .then(() => {}, () => { this.dirty = true; if (!this.stopped) this.schedulePublish(); })
      .finally(() => { this.publishing = undefined; });
    await this.publishing;
  }

  async close(): Promise<void> {
    clearTimeout(this.publishTimer); this.publishTimer = undefined;
    await this.publish().catch(() => {});
    this.stopped = true;
    await this.informer.stop();
  }
}

function describe(e: unknown): string {
  const x = e as { code?: number; body?: unknown; message?: string };
  if (typeof x.code === "number") {
    let msg = "";
    try { msg = (typeof x.body === "string" ? JSON.parse(x.body) : x.body as { message?: string })?.message ?? ""; } catch { /* not JSON */ }
    return `HTTP ${x.code}${msg ? `: ${msg}` : ""}`;
  }
  return x.message ?? String(e);
}
