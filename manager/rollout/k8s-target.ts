// Kubernetes rollout target: one WasmPlugin `l7guard` per opted-in namespace, written with server-side
// apply (field manager l7guard-manager, force: the manager is the authority for the fields it applies,
// so hand edits to them are taken back). Observed state comes from informers (namespaces with the opt-in
// label, WasmPlugins with the ownership labels); any event there schedules a reconcile pass.
import * as k8s from "@kubernetes/client-node";
import { isDeepStrictEqual } from "node:util";
import type { DesiredState, NamespaceInfo, PlannedChange, RolloutTarget } from "./reconciler.ts";
import { desiredPlugin, validatePlugin, FIELD_MANAGER, OPT_IN_SELECTOR, OWNED_SELECTOR, OWNER_LABELS, PLUGIN_NAME, type PluginObject } from "./wasmplugin.ts";
import type { WasmModule } from "./wasm-route.ts";
import { reuseConnections } from "./kube-client.ts";
import { retryAfterMs } from "./backoff.ts";
import { superviseInformer } from "./kube-client.ts";

const GROUP = "extensions.istio.io", VERSION = "v1alpha1", PLURAL = "wasmplugins";

export interface KubernetesTargetOptions {
  moduleUrl: string; module: () => WasmModule; onChange?: () => void;
  /** Informer restart backoff: first delay and cap (default 500 ms .. 30 s), with jitter, reset on a good restart. */
  restartBackoffMs?: number; restartBackoffMaxMs?: number;
  /** Called before each informer restart with its delay (for logs and tests). */
  onRestart?: (informer: "namespaces" | "wasmplugins", delayMs: number, error: unknown) => void;
}

/** An API error that says when to retry (429 / 503 with Retry-After); the reconciler waits at least that long. */
export class RetryAfterError extends Error { constructor(message: string, readonly retryAfterMs: number) { super(message); } }

function errorText(e: unknown): string {
  const x = e as { code?: number; body?: unknown; message?: string };
  if (typeof x.code === "number") {
    let msg = "";
    try { msg = (typeof x.body === "string" ? JSON.parse(x.body) : x.body as { message?: string })?.message ?? ""; } catch { /* body not JSON */ }
    return `HTTP ${x.code}${msg ? `: ${msg}` : ""}`;
  }
  return x.message ?? String(e);
}
const isOwned = (o: k8s.KubernetesObject | undefined) => !!o && Object.entries(OWNER_LABELS).every(([k, v]) => o.metadata?.labels?.[k] === v);
const appliedByUs = (o: k8s.KubernetesObject) => (o.metadata?.managedFields ?? []).some((f) => f.manager === FIELD_MANAGER);

export class KubernetesTarget implements RolloutTarget {
  readonly name = "kubernetes";
  private core: k8s.CoreV1Api;
  private custom: k8s.CustomObjectsApi;
  private objects: k8s.KubernetesObjectApi;
  private nsInformer: k8s.Informer<k8s.V1Namespace> & k8s.ObjectCache<k8s.V1Namespace>;
  private pluginInformer: k8s.Informer<k8s.KubernetesObject> & k8s.ObjectCache<k8s.KubernetesObject>;
  private stopped = false;

  // Validation of the spec (the only part the models check that varies) per shared compiled config and module.
  private validated = new WeakMap<object, { key: string; errors: string[] }>();

  constructor(kc: k8s.KubeConfig, private opts: KubernetesTargetOptions) {
    reuseConnections(kc);
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.custom = kc.makeApiClient(k8s.CustomObjectsApi);
    this.objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    this.nsInformer = k8s.makeInformer(kc, "/api/v1/namespaces", () => this.core.listNamespace({ labelSelector: OPT_IN_SELECTOR }), OPT_IN_SELECTOR);
    this.pluginInformer = k8s.makeInformer(kc, `/apis/${GROUP}/${VERSION}/${PLURAL}`,
      () => this.custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, labelSelector: OWNED_SELECTOR }) as Promise<k8s.KubernetesListObject<k8s.KubernetesObject>>, OWNED_SELECTOR);
    for (const [name, inf] of [["namespaces", this.nsInformer], ["wasmplugins", this.pluginInformer]] as Array<["namespaces" | "wasmplugins", k8s.Informer<k8s.KubernetesObject>]>) {
      for (const ev of [k8s.ADD, k8s.UPDATE, k8s.DELETE] as const) inf.on(ev, () => this.opts.onChange?.());
      superviseInformer(inf, { baseMs: this.opts.restartBackoffMs ?? 500, maxMs: this.opts.restartBackoffMaxMs ?? 30_000, stopped: () => this.stopped, onRestart: (d, e) => this.opts.onRestart?.(name, d, e) });
    }
  }

  async start(): Promise<void> {
    this.stopped = false;
    await Promise.all([this.nsInformer.start(), this.pluginInformer.start()]);
  }
  async stop(): Promise<void> { this.stopped = true; await Promise.all([this.nsInformer.stop(), this.pluginInformer.stop()]); }

  async listNamespaces(): Promise<NamespaceInfo[]> {
    return this.nsInformer.list().filter((n) => n.metadata?.labels?.["l7guard.io/enabled"] === "true" && n.status?.phase !== "Terminating")
      .map((n) => ({ name: n.metadata!.name!, labels: { ...(n.metadata!.labels ?? {}) } })).sort((a, b) => a.name.localeCompare(b.name));
  }

  // The module is looked up (a stat, and a hash when it changed) at most once a second, not once per namespace.
  private moduleCache: { at: number; mod: WasmModule } | undefined;
  private module(): WasmModule {
    const now = Date.now();
    if (!this.moduleCache || now - this.moduleCache.at > 1000) this.moduleCache = { at: now, mod: this.opts.module() };
    return this.moduleCache.mod;
  }

  private desired(d: DesiredState): PluginObject {
    const plugin = desiredPlugin(d, { url: this.opts.moduleUrl, sha256: this.module().sha256 });
    // Namespaces sharing a compiled config (and policy, and module) get the same spec: validate it once.
    const key = JSON.stringify([plugin.spec.url, plugin.spec.sha256, d.version]);
    const seen = this.validated.get(d.config);
    let errors: string[];
    if (seen && seen.key === key) errors = seen.errors;
    else { errors = validatePlugin(plugin); this.validated.set(d.config, { key, errors }); }
    if (errors.length) throw new Error(`WasmPlugin ${d.namespace.name}/${PLUGIN_NAME} is invalid, not written: ${errors.join("; ")}`);
    return plugin;
  }

  private upToDate(observed: k8s.KubernetesObject | undefined, want: PluginObject): boolean {
    const o = observed as (k8s.KubernetesObject & { spec?: unknown }) | undefined;
    if (!o || !isOwned(o)) return false;
    const ann = o.metadata?.annotations ?? {};
    return isDeepStrictEqual(o.spec, want.spec) && Object.entries(want.metadata.annotations).every(([k, v]) => ann[k] === v);
  }

  async plan(d: DesiredState): Promise<PlannedChange> {
    const want = this.desired(d);
    const observed = this.pluginInformer.get(PLUGIN_NAME, d.namespace.name);
    return { namespace: d.namespace.name, change: !observed ? "create" : this.upToDate(observed, want) ? "none" : "update", detail: { name: PLUGIN_NAME, phase: want.spec.phase, failStrategy: want.spec.failStrategy } };
  }

  async apply(d: DesiredState): Promise<boolean> {
    const want = this.desired(d);
    const ns = d.namespace.name;
    const cached = this.pluginInformer.get(PLUGIN_NAME, ns);
    if (this.upToDate(cached, want)) return false;
    if (!cached) {
      // Not in the owned cache: either absent, or someone else's plugin with our name (never touched),
      // or ours with the ownership labels edited away (taken back).
      let existing: k8s.KubernetesObject | undefined;
      try { existing = await this.custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: ns, plural: PLURAL, name: PLUGIN_NAME }) as k8s.KubernetesObject; }
      catch (e) { if ((e as { code?: number }).code !== 404) throw new Error(`get WasmPlugin ${ns}/${PLUGIN_NAME}: ${errorText(e)}`); }
      if (existing && !isOwned(existing) && !appliedByUs(existing)) throw new Error(`WasmPlugin ${ns}/${PLUGIN_NAME} exists and is not owned by l7guard; left alone`);
      if (existing && this.upToDate({ ...existing, metadata: { ...existing.metadata, labels: { ...existing.metadata?.labels } } }, want) && isOwned(existing)) return false;
    }
    try {
      await this.objects.patch(want as unknown as k8s.KubernetesObject, undefined, undefined, FIELD_MANAGER, true, k8s.PatchStrategy.ServerSideApply);
    } catch (e) {
      const msg = `apply WasmPlugin ${ns}/${PLUGIN_NAME}: ${errorText(e)}`;
      const after = retryAfterMs(e);
      throw after !== undefined ? new RetryAfterError(msg, after) : new Error(msg);
    }
    return true;
  }

  async planPrune(optedIn: Set<string>): Promise<PlannedChange[]> {
    return this.pluginInformer.list().filter((p) => isOwned(p) && p.metadata?.name === PLUGIN_NAME && !optedIn.has(p.metadata!.namespace!))
      .map((p) => ({ namespace: p.metadata!.namespace!, change: "delete" as const, detail: { name: PLUGIN_NAME, kind: "WasmPlugin", reason: "namespace no longer opted in" } }));
  }

  async prune(optedIn: Set<string>): Promise<string[]> {
    const done: string[] = [];
    for (const p of await this.planPrune(optedIn)) {
      try {
        await this.custom.deleteNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: p.namespace, plural: PLURAL, name: PLUGIN_NAME });
        done.push(p.namespace);
      } catch (e) { if ((e as { code?: number }).code === 404) done.push(p.namespace); /* else retried next pass */ }
    }
    return done;
  }
}
