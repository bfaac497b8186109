// The reconcile loop shared by every rollout target (local gateways, Kubernetes WasmPlugins). Each pass
// compares desired with observed state per namespace, applies only the difference, and records status;
// a failure in one namespace never stops the others and is retried with exponential backoff.
import type { PolicyStore } from "../store/policy-store.ts";
import type { Policy } from "../policy/model.ts";
import { compileForNamespace, type FilterConfig } from "../policy/compile.ts";
import { desiredVersionFor } from "./desired.ts";

export interface NamespaceInfo { name: string; labels: Record<string, string> }
export interface DesiredState { namespace: NamespaceInfo; version: number; policy: Policy; config: FilterConfig }
export interface PlannedChange { namespace: string; change: "create" | "update" | "delete" | "none"; detail?: unknown }

export interface RolloutTarget {
  readonly name: string;
  /** Opted-in namespaces, with their labels. */
  listNamespaces(): Promise<NamespaceInfo[]>;
  /** What applying would change, without changing anything. */
  plan(d: DesiredState): Promise<PlannedChange>;
  /** Make the namespace match; returns whether anything was written. Throws on failure. */
  apply(d: DesiredState): Promise<boolean>;
  /** Remove what l7guard owns in namespaces no longer opted in; returns the namespaces cleaned. */
  prune(optedIn: Set<string>): Promise<string[]>;
  /** Deletions prune would make. */
  planPrune?(optedIn: Set<string>): Promise<PlannedChange[]>;
}

export interface ReconcilerOptions { resyncMs?: number; concurrency?: number; baseBackoffMs?: number; maxBackoffMs?: number; isLeader?: () => boolean; onPass?: (r: PassResult) => void }
export interface PassResult { applied: number; unchanged: number; failed: number; pruned: number }

export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PassResult> | undefined;
  private again = false;
  private stopped = false;
  private failures = new Map<string, { count: number; until: number }>();
  /** Status last recorded per namespace (seeded from the store, so a restart keeps the applied versions). */
  private recorded = new Map<string, { desiredVersion: number | null; appliedVersion: number | null; lastError: string | null }>();
  private seeded = false;
  passes = 0;

  constructor(readonly store: PolicyStore, readonly target: RolloutTarget, readonly opts: ReconcilerOptions = {}) {}

  start(): void {
    this.stopped = false;
    const tick = () => { if (this.stopped) return; void this.trigger().catch(() => {}).finally(() => { if (!this.stopped) this.timer = setTimeout(tick, this.opts.resyncMs ?? 30_000); }); };
    tick();
  }
  stop(): void { this.stopped = true; if (this.timer) clearTimeout(this.timer); }

  /** Run a pass now; calls made while one runs coalesce into exactly one more pass. */
  trigger(): Promise<PassResult> {
    if (this.running) { this.again = true; return this.running; }
    this.running = (async () => {
      let result: PassResult;
      do { this.again = false; result = await this.pass(); } while (this.again && !this.stopped);
      return result;
    })().finally(() => { this.running = undefined; });
    return this.running;
  }

  /** Desired state for every opted-in namespace (compile errors are reported per namespace). */
  async desired(policyOverride?: { policy: Policy; version: number }): Promise<Array<DesiredState | { namespace: NamespaceInfo; error: string } | { namespace: NamespaceInfo; none: true }>> {
    const namespaces = await this.target.listNamespaces();
    const latest = this.store.latest();
    const stable = this.store.latestPromoted();
    // A compiled config depends on the namespace only through its override, the rules scoped to it and its
    // mode label; every other namespace at the same version and mode gets the same config. Compile (and
    // validate) once per distinct input, not once per namespace; the result is shared and never mutated.
    const compiled = new Map<string, FilterConfig | Error>();
    const specific = new WeakMap<Policy, Set<string>>();
    const specificTo = (p: Policy) => {
      let set = specific.get(p);
      if (!set) { set = new Set([...Object.keys(p.namespaces ?? {}), ...(p.rules ?? []).flatMap((r) => r.scope?.namespace ? [r.scope.namespace] : [])]); specific.set(p, set); }
      return set;
    };
    return namespaces.map((ns) => {
      const v = policyOverride ?? (() => { const d = desiredVersionFor(this.store, ns.labels, latest, stable); return d && { policy: d.policy, version: d.version }; })();
      if (!v) return { namespace: ns, none: true as const };
      const modeLabel = ns.labels["l7guard.io/mode"];
      const key = JSON.stringify([v.version, specificTo(v.policy).has(ns.name) ? ns.name : null, modeLabel === "monitor" || modeLabel === "enforce" ? modeLabel : null]);
      let config = compiled.get(key);
      if (!config) {
        try { config = compileForNamespace({ policy: v.policy, version: v.version, namespace: ns.name, modeLabel }); }
        catch (e) { config = e as Error; }
        compiled.set(key, config);
      }
      if (config instanceof Error) return { namespace: ns, error: config.message };
      return { namespace: ns, version: v.version, policy: v.policy, config };
    });
  }

  /** Records a namespace's status when it differs from what was last recorded. */
  private status(ns: string, desiredVersion: number | null, appliedVersion: number | null, lastError: string | null) {
    const prev = this.recorded.get(ns);
    if (prev && prev.desiredVersion === desiredVersion && prev.appliedVersion === appliedVersion && prev.lastError === lastError) return;
    this.recorded.set(ns, { desiredVersion, appliedVersion, lastError });
    this.store.setStatus({ namespace: ns, target: this.target.name, desiredVersion, appliedVersion, lastError });
  }

  private async pass(): Promise<PassResult> {
    const result: PassResult = { applied: 0, unchanged: 0, failed: 0, pruned: 0 };
    // A standby re-reads the recorded status when it (again) leads: another leader may have changed it since.
    if (this.opts.isLeader && !this.opts.isLeader()) { this.seeded = false; return result; }
    this.passes++;
    if (!this.seeded) {
      this.recorded.clear();
      for (const x of this.store.listStatus()) if (x.target === this.target.name) this.recorded.set(x.namespace, { desiredVersion: x.desiredVersion, appliedVersion: x.appliedVersion, lastError: x.lastError });
      this.seeded = true;
    }
    const states = await this.desired();
    const now = Date.now();
    const queue = states.slice();
    const worker = async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        if (this.opts.isLeader && !this.opts.isLeader()) return;
        const ns = s.namespace.name;
        if ("none" in s) continue;
        if ("error" in s) { result.failed++; this.status(ns, null, null, s.error); continue; }
        const f = this.failures.get(ns);
        if (f && f.until > now) { result.failed++; continue; }
        try {
          const wrote = await this.target.apply(s);
          wrote ? result.applied++ : result.unchanged++;
          this.failures.delete(ns);
          this.status(ns, s.version, s.version, null);
        } catch (e) {
          result.failed++;
          const count = (f?.count ?? 0) + 1;
          // A server that says when to come back (429/503 Retry-After) is believed, up to five minutes.
          const retryAfter = Math.min((e as { retryAfterMs?: number }).retryAfterMs ?? 0, 300_000);
          const delay = Math.max(Math.min((this.opts.baseBackoffMs ?? 200) * 2 ** (count - 1), this.opts.maxBackoffMs ?? 30_000), retryAfter);
          this.failures.set(ns, { count, until: Date.now() + delay });
          this.status(ns, s.version, this.recorded.get(ns)?.appliedVersion ?? null, (e as Error).message);
          // A failed namespace is retried once its backoff expires, without waiting for the periodic resync.
          if (!this.stopped) setTimeout(() => { if (!this.stopped) void this.trigger().catch(() => {}); }, delay + 5).unref();
        }
      }
    };
    await Promise.all(Array.from({ length: this.opts.concurrency ?? 16 }, worker));
    const optedIn = new Set(states.map((s) => s.namespace.name));
    if (!this.opts.isLeader || this.opts.isLeader()) {
      const pruned = await this.target.prune(optedIn);
      for (const ns of pruned) { this.store.deleteStatus(ns, this.target.name); this.recorded.delete(ns); }
      result.pruned = pruned.length;
    }
    this.opts.onPass?.(result);
    return result;
  }
}
