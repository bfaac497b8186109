// Store retention and migrations on a real SQLite file: old events go, recent ones and the cumulative
// aggregates stay; reopening the file neither re-runs nor loses migrations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TelemetryStore } from "../../manager/telemetry/store.ts";

const DAY = 86_400_000;
test("applyRetention deletes events older than retentionDays and keeps the rest", () => {
  const dir = mkdtempSync(join(tmpdir(), "l7guard-ret-"));
  const now = 1_800_000_000_000;
  const store = new TelemetryStore({ dataDir: dir, retentionDays: 7, retentionIntervalMs: 0 });
  const ev = (time: number) => ({ time, category: "attack", type: "sqli", action: "block", direction: "request" });
  const w = { namespace: "a", workload: "b" };
  assert.equal(store.ingest({ schemaVersion: 1, batchId: "r1", reporter: w, windowStart: 1, windowEnd: 2, events: [ev(now - 8 * DAY), ev(now - 6 * DAY), ev(now)],
    aggregates: [{ source: w, destination: w, direction: "inbound", endpoint: { method: "GET", pathTemplate: "/x" }, statusClass: "2xx", count: 4 }] }), true);
  assert.equal(store.applyRetention(now), 1);
  assert.deepEqual((store.db.prepare("SELECT time FROM tel_events ORDER BY time").all() as Array<{ time: number }>).map((r) => r.time), [now - 6 * DAY, now]);
  assert.equal((store.db.prepare("SELECT sum(count) AS n FROM tel_endpoints").get() as { n: number }).n, 4);
  const version = store.schemaVersion;
  store.close();
  const again = new TelemetryStore({ dataDir: dir, retentionIntervalMs: 0 });
  assert.equal(again.schemaVersion, version);
  assert.ok(version >= 4);
  assert.equal(again.ingest({ schemaVersion: 1, batchId: "r1", reporter: w, windowStart: 1, windowEnd: 2 }), false, "batch ids survive reopening");
  again.close();
});
