// Per-request cost in the same host of (a) a no-op filter, (b) a filter that reads all request headers,
// (c) the l7guard filter with a realistic config; the ratio c/b; and requests/s through the gateway over
// real HTTP on loopback (keep-alive client), next to the upstream's own requests/s.
import { readFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createServer, request, Agent } from "node:http";
import type { AddressInfo } from "node:net";
import { PluginHost, SharedState, type HeaderList, type StreamSink } from "../host/index.ts";
import { startGateway } from "../host/gateway.ts";
import type { BenchRow } from "./run.ts";

const root = new URL("../", import.meta.url).pathname;
function wasm(name: string): Buffer {
  const path = name === "l7guard" ? `${root}build/l7guard.wasm` : `${root}build/fixtures/${name}.wasm`;
  if (!existsSync(path)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", name], { stdio: "inherit" });
  return readFileSync(path);
}

export const REALISTIC_CONFIG = {
  schemaVersion: 1, mode: "enforce", policyVersion: 1, proxy: { allowOnHeadersStopIteration: true },
  rules: [
    { id: "no-admin", action: "block", match: { pathPrefix: "/admin" } },
    { id: "no-debug", action: "alert", match: { header: { name: "x-debug", equals: "1" } } },
    { id: "post-only-json", action: "alert", match: { methods: ["PUT", "DELETE"], pathPrefix: "/internal" } },
  ],
  identity: { userHeader: "x-user" },
  collector: { cluster: "outbound|9||bench-collector", flushIntervalMs: 60000 },
};

const REQUEST: HeaderList = [
  [":method", "GET"], [":path", "/api/v1/users/12345/orders?limit=10"], [":authority", "orders.shop:8080"], [":scheme", "http"],
  ["user-agent", "Mozilla/5.0 (X11; Linux x86_64) bench"], ["accept", "application/json"], ["accept-encoding", "gzip, br"],
  ["x-request-id", "5f2b6a1e-1b9a-4c1e-9a7e-1234567890ab"], ["x-forwarded-for", "10.0.0.1"], ["x-user", "alice"],
  ["authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig"], ["cookie", "session=abc123; theme=dark"],
];
const RESPONSE: HeaderList = [[":status", "200"], ["content-type", "application/json"], ["content-length", "2"]];
const sink: StreamSink = {
  upstreamHeaders() {}, upstreamData() {}, upstreamTrailers() {}, downstreamHeaders() {}, downstreamData() {}, downstreamTrailers() {},
  cancelUpstream() {}, reset() {},
};

// Median of several rounds of `n` header-only exchanges; µs per request.
async function perRequestMicros(module: Buffer, config: string): Promise<number> {
  const host = await PluginHost.create({ module, configuration: config, shared: new SharedState(), clusters: { "outbound|9||bench-collector": "http://127.0.0.1:9" }, identity: { namespace: "shop", workload: "orders" } });
  const n = 20000;
  const run = () => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const s = host.createStream(sink, { direction: "inbound", sourceAddress: "10.0.0.1", sourcePort: 5000 });
      s.decodeHeaders(REQUEST, true);
      s.encodeHeaders(RESPONSE, false);
      s.encodeData(Buffer.from("{}"), true);
      s.complete();
    }
    return Number(process.hrtime.bigint() - t0) / 1000 / n;
  };
  run(); // warm-up (JIT in V8 and in the Wasm tiers)
  const rounds = [run(), run(), run(), run(), run()].sort((a, b) => a - b);
  await host.close(100);
  return rounds[2];
}

async function requestsPerSecond(target: string, total: number, concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const one = () => new Promise<void>((resolve, reject) => {
    const req = request(`${target}/api/v1/users/42`, { agent, headers: { "x-user": "alice" } }, (res) => { res.resume(); res.on("end", () => resolve()); });
    req.on("error", reject);
    req.end();
  });
  let sent = 0;
  const worker = async () => { while (sent < total) { sent++; await one(); } };
  await Promise.all(Array.from({ length: concurrency }, worker)); // warm-up round
  sent = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return total / seconds;
}

export async function run(): Promise<BenchRow[]> {
  const config = JSON.stringify(REALISTIC_CONFIG);
  const a = await perRequestMicros(wasm("noop"), "");
  const b = await perRequestMicros(wasm("read-headers"), "");
  const c = await perRequestMicros(wasm("l7guard"), config);

  const upstream = createServer((_req, res) => { res.writeHead(200, { "content-type": "application/json", "content-length": "2" }).end("{}"); });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const gw = await startGateway({ listen: { host: "127.0.0.1", port: 0 }, upstream: upstreamUrl, wasm: wasm("l7guard"), config, identity: { namespace: "shop", workload: "orders" }, clusters: { "outbound|9||bench-collector": "http://127.0.0.1:9" }, log: () => {} });
  const direct = await requestsPerSecond(upstreamUrl, 3000, 16);
  const through = await requestsPerSecond(gw.url, 3000, 16);
  await gw.close();
  upstream.close();
  upstream.closeAllConnections();

  return [
    { name: "(a) no-op filter, per request (host)", value: a, unit: "µs/req", better: "lower" },
    { name: "(b) read all request headers, per request (host)", value: b, unit: "µs/req", baseline: a, baselineName: "a", better: "lower" },
    { name: "(c) l7guard filter (rules + telemetry), per request (host)", value: c, unit: "µs/req", baseline: b, baselineName: "b", better: "lower" },
    { name: "c/b cost ratio", value: c / b, unit: "×", better: "lower" },
    { name: "gateway requests/s (loopback, keep-alive, 16 concurrent)", value: through, unit: "req/s", baseline: direct, baselineName: "upstream direct", better: "higher" },
  ];
}
