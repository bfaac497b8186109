// HA: what forwarding telemetry through a standby to the leader costs (manager/leader-forward.ts). The same
// ingest load as ingest-bench (200 batches × 500 events, 8 in flight) posted straight to the leader, then to a
// standby that streams every batch to the leader. Leadership is given directly (no Lease) to time the proxy alone.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "node:http";
import { buildManager, type Manager } from "../manager/server.ts";
import { makeBatch } from "./ingest-bench.ts";
import type { BenchRow } from "./run.ts";

const TOKEN = "bench-collector-token-000000";

async function load(url: URL, bodies: string[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const send = (body: string) => new Promise<number>((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path: "/api/v1/ingest", method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, "content-length": Buffer.byteLength(body) } }, (res) => { res.resume(); res.on("end", () => resolve(res.statusCode ?? 0)); });
    req.on("error", reject);
    req.end(body);
  });
  let next = 0, failures = 0;
  const worker = async () => { while (next < bodies.length) { const b = bodies[next++]; if ((await send(b)) !== 202) failures++; } };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  if (failures) throw new Error(`ha-forward bench: ${failures} batches not accepted`);
  return seconds;
}

export async function run(): Promise<BenchRow[]> {
  const dirs: string[] = [];
  const start = async (leader: boolean, leaderUrl?: string): Promise<{ m: Manager; url: URL }> => {
    const dir = mkdtempSync(join(tmpdir(), "l7guard-ha-bench-")); dirs.push(dir);
    const m = await buildManager({ dataDir: dir, apiTokens: [], collectorTokens: [TOKEN], leader: { isLeader: () => leader, leaderUrl: () => leaderUrl } });
    return { m, url: new URL(await m.app.listen({ host: "127.0.0.1", port: 0 })) };
  };
  const leader = await start(true);
  const standby = await start(false, leader.url.origin);
  const events = 500, batches = 200;
  try {
    const direct = await load(leader.url, Array.from({ length: batches }, (_, i) => makeBatch(i, events)));
    const forwarded = await load(standby.url, Array.from({ length: batches }, (_, i) => makeBatch(batches + i, events)));
    const stored = (leader.m.store.db.prepare("SELECT count(*) AS n FROM tel_events").get() as { n: number }).n;
    if (stored !== 2 * batches * events) throw new Error(`ha-forward bench: ${stored} events stored, expected ${2 * batches * events}`);
    const perBatch = (s: number) => (s * 1000) / batches;
    return [
      { name: `ingest through a standby to the leader (${batches} batches × ${events} events, 8 in flight)`, value: (batches * events) / forwarded, unit: "events/s", baseline: (batches * events) / direct, baselineName: "straight to the leader", better: "higher" },
      { name: "wall time per batch through the standby", value: perBatch(forwarded), unit: "ms/batch", baseline: perBatch(direct), baselineName: "straight to the leader", better: "lower" },
    ];
  } finally {
    await standby.m.close(); await leader.m.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
