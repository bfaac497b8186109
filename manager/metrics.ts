// The manager's own Prometheus metrics (/metrics).
export class ManagerMetrics {
  ingestAccepted = 0;
  ingestRejected = 0;
  ingestDuplicate = 0;
  eventsStored = 0;
  reconcilePasses = 0;
  rolloutApplied = 0;
  rolloutFailed = 0;
  rolloutPruned = 0;
  /** Requests a standby forwarded to the leader (answered by it, whatever the status), by route kind. */
  forwarded = { ingest: 0, analytics: 0 };
  /** Requests a standby could not forward: no leader known, forwarded to a non-leader, leader unreachable. */
  forwardFailures = { no_leader: 0, not_leader: 0, unreachable: 0 };

  recordForwarded(kind: "ingest" | "analytics"): void { this.forwarded[kind]++; }
  recordForwardFailure(reason: "no_leader" | "not_leader" | "unreachable"): void { this.forwardFailures[reason]++; }

  recordPass(r: { applied: number; failed: number; pruned: number }): void {
    this.reconcilePasses++; this.rolloutApplied += r.applied; this.rolloutFailed += r.failed; this.rolloutPruned += r.pruned;
  }

  render(): string {
    return [
      "# TYPE l7guard_manager_ingest_batches_total counter",
      `l7guard_manager_ingest_batches_total{result="accepted"} ${this.ingestAccepted}`,
      `l7guard_manager_ingest_batches_total{result="rejected"} ${this.ingestRejected}`,
      `l7guard_manager_ingest_batches_total{result="duplicate"} ${this.ingestDuplicate}`,
      "# TYPE l7guard_manager_events_stored_total counter",
      `l7guard_manager_events_stored_total ${this.eventsStored}`,
      "# TYPE l7guard_manager_reconcile_passes_total counter",
      `l7guard_manager_reconcile_passes_total ${this.reconcilePasses}`,
      "# TYPE l7guard_manager_rollout_namespaces_total counter",
      `l7guard_manager_rollout_namespaces_total{result="applied"} ${this.rolloutApplied}`,
      `l7guard_manager_rollout_namespaces_total{result="failed"} ${this.rolloutFailed}`,
      `l7guard_manager_rollout_namespaces_total{result="pruned"} ${this.rolloutPruned}`,
      "# TYPE l7guard_manager_leader_forwarded_total counter",
      ...Object.entries(this.forwarded).map(([k, v]) => `l7guard_manager_leader_forwarded_total{route="${k}"} ${v}`),
      "# TYPE l7guard_manager_leader_forward_failures_total counter",
      ...Object.entries(this.forwardFailures).map(([k, v]) => `l7guard_manager_leader_forward_failures_total{reason="${k}"} ${v}`),
      "",
    ].join("\n");
  }
}
