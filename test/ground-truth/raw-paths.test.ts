// Ground truth, raw-path variant: batches built from the OpenAPI document as a filter WITHOUT path
// heuristics would send them (concrete paths), posted to the manager's ingest; the inventory must match
// the document. Precision and recall on templates, parameter names ignored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { buildManager } from "../../manager/server.ts";
import { strip } from "./schema-compare.ts";
import { tempDir } from "../support/temp-dir.ts";

const spec = JSON.parse(readFileSync(new URL("./shop-api.json", import.meta.url), "utf8"));
const shape = (t: string) => t.replace(/\{[^}]+\}/g, "{}");
let seed = 7;
const rand = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return (seed >>> 16) % n; };
const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[rand(16)]).join("");
// A filter's response sketch for `samples` bodies following a JSON Schema: required fields are in every
// sample (of their parent), optional ones in half; array items are "[]" steps.
type Field = { path: string; types: string[]; format?: string; pii?: string[]; count: number };
function sketch(schema: any, samples: number, prefix = "", out: Field[] = []): Field[] {
  for (const [name, sub] of Object.entries(schema.properties ?? {}) as Array<[string, any]>) {
    const count = (schema.required ?? []).includes(name) ? samples : Math.floor(samples / 2);
    const path = `${prefix}${name}`;
    if (sub.type === "object") sketch(sub, count, `${path}.`, out);
    else if (sub.type === "array" && sub.items.type === "object") sketch(sub.items, count, `${path}[].`, out);
    else if (sub.type === "array") out.push({ path: `${path}[]`, types: [sub.items.type], count });
    else out.push({ path, types: [sub.type], ...(sub.format ? { format: sub.format } : {}), ...(sub.format === "email" ? { pii: ["email"] } : {}), count });
  }
  return out;
}

function value(name: string): string {
  const kind = spec["x-parameter-values"][name];
  if (Array.isArray(kind)) return kind[rand(kind.length)];
  if (kind === "int") return String(1 + rand(99999));
  if (kind === "uuid") return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  if (kind === "objectid") return hex(24);
  if (kind === "date") return "{date}"; // dates are the filter's job (the manager keeps dates literal: API versions)
  throw new Error(`no generator for ${name}`);
}

test("raw concrete paths posted to ingest merge into the document's templates", async (t) => {
  const collector = "ground-truth-raw-collector";
  const viewer = "ground-truth-raw-viewer-0001";
  const manager = await buildManager({ dataDir: tempDir("l7guard-gt-raw-"), apiTokens: [{ token: viewer, role: "viewer" }], collectorTokens: [collector] });
  const base = await manager.app.listen({ host: "127.0.0.1", port: 0 });
  try {
    const svc = { namespace: "shop", workload: "catalog" };
    const truth = new Set<string>();
    const aggregates = [];
    const schemas = [];
    for (const [template, ops] of Object.entries(spec.paths) as Array<[string, Record<string, unknown>]>) {
      for (const method of Object.keys(ops)) {
        truth.add(`${method.toUpperCase()} ${shape(template)}`);
        for (let i = 0; i < (template.includes("{") ? 40 : 3); i++) {
          aggregates.push({ source: { namespace: "shop", workload: "web" }, destination: svc, direction: "inbound", statusClass: "2xx", count: 1,
            endpoint: { method: method.toUpperCase(), pathTemplate: template.replace(/\{([^}]+)\}/g, (_, name) => value(name)) } });
          const body = (ops[method] as any).responses?.["200"]?.content?.["application/json"]?.schema;
          if (body) schemas.push({ endpoint: aggregates[aggregates.length - 1].endpoint, part: "response", status: 200, samples: 4, fields: sketch(body, 4) });
        }
      }
    }
    const r = await fetch(`${base}/api/v1/ingest`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${collector}` },
      body: JSON.stringify({ schemaVersion: 1, batchId: "gt-raw-1", reporter: svc, windowStart: 1, windowEnd: 2, aggregates, schemas }) });
    assert.equal(r.status, 202, await r.text());
    const inv = await (await fetch(`${base}/api/v1/endpoints?service=shop/catalog`, { headers: { authorization: `Bearer ${viewer}` } })).json() as { endpoints: Array<{ method: string; pathTemplate: string; count: number }> };
    const found = new Set(inv.endpoints.map((e) => `${e.method} ${shape(e.pathTemplate)}`));
    const hits = [...found].filter((f) => truth.has(f)).length;
    const precision = hits / found.size, recall = hits / truth.size;
    t.diagnostic(`raw paths: truth ${truth.size}, found ${found.size}, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    assert.equal(inv.endpoints.reduce((n, e) => n + e.count, 0), aggregates.length, "every request counted once");
    assert.ok(recall >= 0.9, `recall ${recall.toFixed(3)}; missing: ${[...truth].filter((x) => !found.has(x)).join(", ")}`);
    assert.ok(precision >= 0.9, `precision ${precision.toFixed(3)}; extra: ${[...found].filter((x) => !truth.has(x)).slice(0, 20).join(", ")}`);

    // Merged schemas: every discovered operation with a documented 200 body carries the same schema.
    const doc = await (await fetch(`${base}/api/v1/services/${encodeURIComponent("shop/catalog")}/openapi`, { headers: { authorization: `Bearer ${viewer}` } })).json() as any;
    assert.equal(doc.openapi, "3.1.0");
    const byShape = new Map(Object.entries(doc.paths as Record<string, any>).map(([p, ops]) => [shape(p), ops]));
    let compared = 0;
    for (const [template, ops] of Object.entries(spec.paths) as Array<[string, Record<string, any>]>) {
      for (const [method, op] of Object.entries(ops)) {
        const want = op.responses?.["200"]?.content?.["application/json"]?.schema;
        if (!want) continue;
        const got = byShape.get(shape(template))?.[method]?.responses?.["200"]?.content?.["application/json"]?.schema;
        assert.deepEqual(strip(got), strip(want), `${method.toUpperCase()} ${template}`);
        if (want.properties.seller) assert.deepEqual(got.properties.seller.properties.email["x-pii"], ["email"]);
        compared++;
      }
    }
    assert.ok(compared > 0, "the document has at least one response schema to compare");
  } finally {
    await manager.close();
  }
});
