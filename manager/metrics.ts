// The manager's own Prometheus metrics (/metrics).
export class ManagerMetrics {
  ingestAccepted = 0;
  ingestRejected = 0;
  ingestDuplicate = 0;
  eventsStored = 0;

  render(): string {
    return [
      "# TYPE l7guard_manager_ingest_batches_total counter",
      `l7guard_manager_ingest_batches_total{result="accepted"} ${this.ingestAccepted}`,
      `l7guard_manager_ingest_batches_total{result="rejected"} ${this.ingestRejected}`,
      `l7guard_manager_ingest_batches_total{result="duplicate"} ${this.ingestDuplicate}`,
      "# TYPE l7guard_manager_events_stored_total counter",
      `l7guard_manager_events_stored_total ${this.eventsStored}`,
      "",
    ].join("\n");
  }
}
