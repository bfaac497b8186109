// Ground truth for API discovery: traffic generated from an OpenAPI document goes through a real gateway
// and filter (path heuristics), into the manager (merging); the discovered templates must match the
// document. Precision and recall are computed on templates with parameter names ignored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, request, Agent } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { startGateway } from "../../host/gateway.ts";
import { buildManager } from "../../manager/server.ts";

const root = new URL("../../", import.meta.url).pathname;
const spec = JSON.parse(readFileSync(new URL("./shop-api.json", import.meta.url), "utf8"));
const shape = (t: string) => t.replace(/\{[^}]+\}/g, "{}");

// Deterministic values so the test is reproducible.
let seed = 42;
const rand = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return (seed >>> 16) % n; }; // high bits: the low ones cycle
function value(name: string): string {
  const kind = spec["x-parameter-values"][name];
  if (Array.isArray(kind)) return kind[rand(kind.length)];
  if (kind === "int") return String(1 + rand(99999));
  if (kind === "uuid") return randomUUID();
  if (kind === "objectid") return Array.from({ length: 24 }, () => "0123456789abcdef"[rand(16)]).join("");
  if (kind === "date") return `2024-${String(1 + rand(12)).padStart(2, "0")}-${String(1 + rand(28)).padStart(2, "0")}`;
  throw new Error(`no generator for ${name}`);
}

test("discovered templates match the OpenAPI document (precision and recall >= 0.9)", async (t) => {
  const upstream = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  const token = "ground-truth-collector-token";
  const apiToken = "ground-truth-api-token-000";
  const manager = await buildManager({ dataDir: mkdtempSync(join(tmpdir(), "l7guard-gt-")), apiTokens: [{ token: apiToken, role: "viewer" }], collectorTokens: [token] });
  const managerUrl = await manager.app.listen({ host: "127.0.0.1", port: 0 });
  const cluster = "outbound|9080||l7guard-manager";
  const gw = await startGateway({
    listen: { host: "127.0.0.1", port: 0 }, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    wasm: readFileSync(`${root}build/l7guard.wasm`), identity: { namespace: "shop", workload: "catalog" }, clusters: { [cluster]: managerUrl },
    config: JSON.stringify({ schemaVersion: 1, collector: { cluster, token, flushIntervalMs: 500 } }), log: () => {},
  });
  try {
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const send = (method: string, path: string) => new Promise<void>((resolve, reject) => {
      const req = request(`${gw.url}${path}`, { method, agent }, (res) => { res.resume(); res.on("end", () => resolve()); });
      req.on("error", reject);
      req.end();
    });
    const truth = new Set<string>();
    for (const [template, ops] of Object.entries(spec.paths) as Array<[string, Record<string, unknown>]>) {
      for (const method of Object.keys(ops)) {
        truth.add(`${method.toUpperCase()} ${shape(template)}`);
        const samples = template.includes("{") ? 40 : 3;
        for (let i = 0; i < samples; i++) await send(method.toUpperCase(), template.replace(/\{([^}]+)\}/g, (_, name) => value(name)) + (i % 5 === 0 ? "?page=2" : ""));
      }
    }
    agent.destroy();
    await gw.close(); // flush the filter's last window
    const r = await fetch(`${managerUrl}/api/v1/endpoints?service=shop/catalog`, { headers: { authorization: `Bearer ${apiToken}` } });
    const found = new Set(((await r.json()) as { endpoints: Array<{ method: string; pathTemplate: string }> }).endpoints.map((e) => `${e.method} ${shape(e.pathTemplate)}`));
    const hits = [...found].filter((f) => truth.has(f)).length;
    const precision = hits / found.size;
    const recall = hits / truth.size;
    t.diagnostic(`templates: truth ${truth.size}, found ${found.size}, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    const missing = [...truth].filter((x) => !found.has(x));
    const extra = [...found].filter((x) => !truth.has(x));
    assert.ok(recall >= 0.9, `recall ${recall.toFixed(3)}; missing: ${missing.join(", ")}`);
    assert.ok(precision >= 0.9, `precision ${precision.toFixed(3)}; extra: ${extra.slice(0, 20).join(", ")}`);
  } finally {
    await manager.close();
    upstream.close();
    upstream.closeAllConnections();
  }
});
