// Ground truth for API discovery: traffic generated from an OpenAPI document goes through a real gateway
// and filter (path heuristics, schema sketches of the JSON bodies), into the manager (merging); the
// discovered templates must match the document (precision and recall, parameter names ignored), and so
// must the discovered request and response schemas (types, formats, properties, required, items).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, request, Agent } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { startGateway } from "../../host/gateway.ts";
import { buildManager } from "../../manager/server.ts";
import { strip } from "./schema-compare.ts";
import { tempDir } from "../support/temp-dir.ts";

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

// A JSON value following a JSON Schema: required properties always, optional ones half the time; numbers
// always with a fraction (a whole number is an integer to anyone who only sees the JSON).
const WORDS = ["amber", "birch", "cedar", "dune", "ember", "fjord", "grove", "heath", "inlet", "juniper", "kelp", "larch"];
function generate(schema: any, n = rand(1000)): unknown {
  switch (schema.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, sub] of Object.entries(schema.properties ?? {})) if ((schema.required ?? []).includes(k) || rand(2) === 0) out[k] = generate(sub);
      return out;
    }
    case "array": return Array.from({ length: 1 + rand(3) }, () => generate(schema.items));
    case "integer": return 1 + rand(500);
    case "number": return rand(10000) / 4 + 0.125;
    case "boolean": return rand(2) === 0;
    case "string":
      switch (schema.format) {
        case "email": return `${WORDS[rand(WORDS.length)]}${n}@example.com`;
        case "date-time": return `2024-0${1 + rand(9)}-1${rand(10)}T0${rand(10)}:3${rand(10)}:00Z`;
        case "date": return `2024-0${1 + rand(9)}-2${rand(9)}`;
        case "uuid": return randomUUID();
        case "uri": return `https://example.com/${WORDS[rand(WORDS.length)]}/${n}`;
        default: return WORDS[rand(WORDS.length)];
      }
  }
  throw new Error(`no generator for ${JSON.stringify(schema)}`);
}
const jsonOf = (op: any, where: "request" | "response") =>
  where === "request" ? op?.requestBody?.content?.["application/json"]?.schema : op?.responses?.["200"]?.content?.["application/json"]?.schema;

test("discovered templates and schemas match the OpenAPI document (precision and recall >= 0.9)", async (t) => {
  // The service answers each operation with a body following the document's 200 response schema.
  const routes = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([template, ops]) => Object.entries(ops).map(([method, op]) => ({
    method: method.toUpperCase(), re: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`), schema: jsonOf(op, "response"),
  })));
  const upstream = createServer((req, res) => {
    req.resume();
    const path = (req.url ?? "/").split("?")[0];
    const route = routes.find((r) => r.method === req.method && r.re.test(path));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(route?.schema ? generate(route.schema) : {}));
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  const token = "ground-truth-collector-token";
  const apiToken = "ground-truth-api-token-000";
  const manager = await buildManager({ dataDir: tempDir("l7guard-gt-"), apiTokens: [{ token: apiToken, role: "viewer" }], collectorTokens: [token] });
  const managerUrl = await manager.app.listen({ host: "127.0.0.1", port: 0 });
  const cluster = "outbound|9080||l7guard-manager";
  const gw = await startGateway({
    listen: { host: "127.0.0.1", port: 0 }, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    wasm: readFileSync(`${root}build/l7guard.wasm`), identity: { namespace: "shop", workload: "catalog" }, clusters: { [cluster]: managerUrl },
    // Sketch about half the bodies: the first 10 per endpoint and window, then one in 2.
    config: JSON.stringify({ schemaVersion: 1, collector: { cluster, token, flushIntervalMs: 500, schemas: { samplesPerWindow: 10, sampleEvery: 2 } } }), log: () => {},
  });
  try {
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const send = (method: string, path: string, body?: unknown) => new Promise<void>((resolve, reject) => {
      const req = request(`${gw.url}${path}`, { method, agent, headers: body === undefined ? {} : { "content-type": "application/json" } }, (res) => { res.resume(); res.on("end", () => resolve()); });
      req.on("error", reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
    const truth = new Set<string>();
    for (const [template, ops] of Object.entries(spec.paths) as Array<[string, Record<string, unknown>]>) {
      for (const [method, op] of Object.entries(ops)) {
        truth.add(`${method.toUpperCase()} ${shape(template)}`);
        const requestSchema = jsonOf(op, "request");
        const samples = template.includes("{") || requestSchema ? 40 : 3;
        for (let i = 0; i < samples; i++) {
          await send(method.toUpperCase(), template.replace(/\{([^}]+)\}/g, (_, name) => value(name)) + (i % 5 === 0 ? "?page=2" : ""), requestSchema ? generate(requestSchema) : undefined);
        }
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

    // Schemas: every documented JSON body comes back from the filter's sketches, merged by the manager.
    const doc = await (await fetch(`${managerUrl}/api/v1/services/${encodeURIComponent("shop/catalog")}/openapi`, { headers: { authorization: `Bearer ${apiToken}` } })).json() as any;
    const byShape = new Map(Object.entries(doc.paths as Record<string, any>).map(([p, ops]) => [shape(p), ops]));
    let compared = 0, matched = 0;
    const mismatches: string[] = [];
    for (const [template, ops] of Object.entries(spec.paths) as Array<[string, Record<string, any>]>) {
      for (const [method, op] of Object.entries(ops)) {
        const got = byShape.get(shape(template))?.[method];
        for (const [where, want, found] of [
          ["request", jsonOf(op, "request"), got?.requestBody?.content?.["application/json"]?.schema],
          ["response", jsonOf(op, "response"), got?.responses?.["200"]?.content?.["application/json"]?.schema],
        ] as const) {
          if (!want) continue;
          compared++;
          if (JSON.stringify(strip(found)) === JSON.stringify(strip(want))) matched++;
          else mismatches.push(`${method.toUpperCase()} ${template} ${where}: got ${JSON.stringify(strip(found))}`);
        }
      }
    }
    t.diagnostic(`schemas: ${matched} of ${compared} documented bodies discovered exactly`);
    assert.ok(compared >= 5, "the document has request and response schemas to compare");
    assert.deepEqual(mismatches, []);
    // PII tags ride along: the seller's and the user's email.
    const product = byShape.get("/api/v1/products/{}").get.responses["200"].content["application/json"].schema;
    assert.deepEqual(product.properties.seller.properties.email["x-pii"], ["email"]);
    assert.deepEqual(byShape.get("/api/v1/users/{}").get.responses["200"].content["application/json"].schema.properties.email["x-pii"], ["email"]);
  } finally {
    await manager.close();
    upstream.close();
    upstream.closeAllConnections();
  }
});
