// Telemetry ingest throughput into the embedded store, through the real HTTP endpoint (validation,
// auth, one SQLite transaction per batch), with several batches in flight. Target: >= 50,000 events/s.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "node:http";
import { buildManager } from "../manager/server.ts";
import type { BenchRow } from "./run.ts";

const TOKEN = "bench-collector-token-000000";

export function makeBatch(i: number, events: number): string {
  const src = { namespace: "shop", workload: `client-${i % 7}` };
  const dst = { namespace: "shop", workload: `svc-${i % 5}` };
  return JSON.stringify({
    schemaVersion: 1, batchId: `bench-${i}`, reporter: dst, windowStart: 1_700_000_000_000 + i, windowEnd: 1_700_000_001_000 + i,
    aggregates: Array.from({ length: 20 }, (_, k) => ({ source: src, destination: dst, direction: "inbound", endpoint: { method: "GET", pathTemplate: `/items/{id}/part${k}` }, statusClass: "2xx", count: 10, latencyMsSum: 20, latencyMsMax: 5 })),
    events: Array.from({ length: events }, (_, k) => ({ time: 1_700_000_000_000 + k, requestId: `r-${i}-${k}`, category: "attack", type: "sqli", action: "block", direction: "request", location: "$.q", evidence: "1' OR ***", source: src, destination: dst, endpoint: { method: "POST", pathTemplate: "/search" } })),
  });
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "l7guard-ingest-bench-"));
  const manager = await buildManager({ dataDir: dir, apiTokens: [], collectorTokens: [TOKEN] });
  const url = new URL(await manager.app.listen({ host: "127.0.0.1", port: 0 }));
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const eventsPerBatch = 500;
  const batches = 200;
  const bodies = Array.from({ length: batches }, (_, i) => makeBatch(i, eventsPerBatch));
  const send = (body: string) => new Promise<number>((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path: "/api/v1/ingest", method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, "content-length": Buffer.byteLength(body) } }, (res) => { res.resume(); res.on("end", () => resolve(res.statusCode ?? 0)); });
    req.on("error", reject);
    req.end(body);
  });
  let next = 0;
  let failures = 0;
  const worker = async () => { while (next < batches) { const b = bodies[next++]; if ((await send(b)) !== 202) failures++; } };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const stored = (manager.store.db.prepare("SELECT count(*) AS n FROM tel_events").get() as { n: number }).n;
  agent.destroy();
  await manager.close();
  rmSync(dir, { recursive: true, force: true });
  if (failures > 0 || stored !== batches * eventsPerBatch) throw new Error(`ingest bench: ${failures} failed batches, ${stored} events stored`);
  return [
    { name: `ingest through HTTP (${batches} batches × ${eventsPerBatch} events + 20 aggregates, 8 in flight)`, value: stored / seconds, unit: "events/s", target: "≥ 50,000 events/s", better: "higher" },
    { name: "ingest batches", value: batches / seconds, unit: "batches/s", better: "higher" },
  ];
}
