// Leader election on a coordination.k8s.io/v1 Lease: only the holder reconciles; the others serve the API.
// The holder renews every renewMs; a lease not renewed for leaseDurationSeconds can be taken over.
// Writes carry the resourceVersion read, so two candidates racing get one success and one 409.
// The holder also publishes where it can be reached (annotation l7guard.io/leader-url): standbys read it from
// the same polls and forward telemetry to it (manager/leader-forward.ts).
import * as k8s from "@kubernetes/client-node";

export const LEADER_URL_ANNOTATION = "l7guard.io/leader-url";

export interface LeaseOptions {
  namespace: string; name: string; identity: string; leaseDurationSeconds?: number; renewMs?: number; onChange?: (leader: boolean) => void;
  /** This replica's address as the others reach it (http://POD_IP:PORT), written into the Lease while it leads. */
  advertiseUrl?: () => string | undefined;
}

export class LeaseElector {
  private api: k8s.CoordinationV1Api;
  private timer?: NodeJS.Timeout;
  private leader = false;
  private lastRenew = 0;
  constructor(kc: k8s.KubeConfig, readonly opts: LeaseOptions) { this.api = kc.makeApiClient(k8s.CoordinationV1Api); }

  /** The Lease as last read while another replica held it: its holder, published address and expiry. */
  private observed?: { holder?: string; url?: string; expiresAt: number };

  get duration() { return this.opts.leaseDurationSeconds ?? 15; }
  /**
   * The current leader's address, when another replica holds an unexpired Lease and published one; undefined
   * when this replica leads, or no leader is known (no Lease, expired, no address).
   */
  leaderUrl(): string | undefined {
    const o = this.observed;
    if (this.isLeader() || !o || !o.url || o.holder === this.opts.identity || o.expiresAt <= Date.now()) return undefined;
    return o.url;
  }
  /** Leader only while the last successful renewal is younger than the lease. */
  isLeader(): boolean { return this.leader && Date.now() - this.lastRenew < this.duration * 1000; }

  private stopped = false;
  start(): void {
    this.stopped = false;
    // A renewal in flight when stop() is called must not schedule another one.
    const loop = async () => { await this.tryAcquireOrRenew().catch(() => this.set(false)); if (!this.stopped) this.timer = setTimeout(loop, this.opts.renewMs ?? Math.max(200, (this.duration * 1000) / 3)); };
    void loop();
  }
  async stop(release = true): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (release && this.isLeader()) {
      // Hand over at once: an expired renewTime lets a standby take the lease on its next try.
      try {
        const l = await this.api.readNamespacedLease({ name: this.opts.name, namespace: this.opts.namespace });
        l.spec!.renewTime = new k8s.V1MicroTime(Date.now() - this.duration * 1000 - 1000);
        await this.api.replaceNamespacedLease({ name: this.opts.name, namespace: this.opts.namespace, body: l });
      } catch { /* it expires by itself */ }
    }
    this.set(false);
  }
  private set(v: boolean) { if (v !== this.leader) { this.leader = v; this.opts.onChange?.(v); } }

  async tryAcquireOrRenew(): Promise<boolean> {
    const { name, namespace, identity } = this.opts;
    const now = new k8s.V1MicroTime();
    let lease: k8s.V1Lease | undefined;
    try { lease = await this.api.readNamespacedLease({ name, namespace }); }
    catch (e) { if ((e as { code?: number }).code !== 404) throw e; }
    const url = this.opts.advertiseUrl?.();
    const annotate = (meta: k8s.V1ObjectMeta): k8s.V1ObjectMeta => {
      const annotations = { ...meta.annotations };
      if (url) annotations[LEADER_URL_ANNOTATION] = url; else delete annotations[LEADER_URL_ANNOTATION];
      return { ...meta, annotations };
    };
    if (lease) {
      const spec = lease.spec ?? {};
      const renewed = spec.renewTime ? new Date(spec.renewTime).getTime() : 0;
      this.observed = { holder: spec.holderIdentity, url: lease.metadata?.annotations?.[LEADER_URL_ANNOTATION], expiresAt: renewed + (spec.leaseDurationSeconds ?? this.duration) * 1000 };
    } else this.observed = undefined;
    try {
      if (!lease) {
        await this.api.createNamespacedLease({ namespace, body: { metadata: annotate({ name, namespace }), spec: { holderIdentity: identity, leaseDurationSeconds: this.duration, acquireTime: now, renewTime: now, leaseTransitions: 0 } } });
      } else {
        const spec = lease.spec ?? {};
        const renewed = spec.renewTime ? new Date(spec.renewTime).getTime() : 0;
        const expired = renewed + (spec.leaseDurationSeconds ?? this.duration) * 1000 < Date.now();
        if (spec.holderIdentity !== identity && !expired) { this.set(false); return false; }
        if (spec.holderIdentity !== identity) { spec.holderIdentity = identity; spec.acquireTime = now; spec.leaseTransitions = (spec.leaseTransitions ?? 0) + 1; }
        spec.renewTime = now; spec.leaseDurationSeconds = this.duration;
        await this.api.replaceNamespacedLease({ name, namespace, body: { ...lease, metadata: annotate(lease.metadata ?? {}), spec } });
      }
    } catch (e) {
      if ((e as { code?: number }).code === 409) { this.set(false); return false; }
      throw e;
    }
    if (this.stopped) return false; // stopped while renewing: the lease expires on its own
    this.lastRenew = Date.now();
    this.set(true);
    return true;
  }
}
