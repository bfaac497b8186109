// Ground truth, raw-path variant: batches built from the OpenAPI document as a filter WITHOUT path
// heuristics would send them (concrete paths), posted to the manager's ingest; the inventory must match
// the document. Precision and recall on templates, parameter names ignored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildManager } from "../../manager/server.ts";

const spec = JSON.parse(readFileSync(new URL("./shop-api.json", import.meta.url), "utf8"));
const shape = (t: string) => t.replace(/\{[^}]+\}/g, "{}");
let seed = 7;
const rand = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return (seed >>> 16) % n; };
const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[rand(16)]).join("");
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
  const manager = await buildManager({ dataDir: mkdtempSync(join(tmpdir(), "l7guard-gt-raw-")), apiTokens: [{ token: viewer, role: "viewer" }], collectorTokens: [collector] });
  const base = await manager.app.listen({ host: "127.0.0.1", port: 0 });
  try {
    const svc = { namespace: "shop", workload: "catalog" };
    const truth = new Set<string>();
    const aggregates = [];
    for (const [template, ops] of Object.entries(spec.paths) as Array<[string, Record<string, unknown>]>) {
      for (const method of Object.keys(ops)) {
        truth.add(`${method.toUpperCase()} ${shape(template)}`);
        for (let i = 0; i < (template.includes("{") ? 40 : 3); i++) {
          aggregates.push({ source: { namespace: "shop", workload: "web" }, destination: svc, direction: "inbound", statusClass: "2xx", count: 1,
            endpoint: { method: method.toUpperCase(), pathTemplate: template.replace(/\{([^}]+)\}/g, (_, name) => value(name)) } });
        }
      }
    }
    const r = await fetch(`${base}/api/v1/ingest`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${collector}` },
      body: JSON.stringify({ schemaVersion: 1, batchId: "gt-raw-1", reporter: svc, windowStart: 1, windowEnd: 2, aggregates }) });
    assert.equal(r.status, 202, await r.text());
    const inv = await (await fetch(`${base}/api/v1/endpoints?service=shop/catalog`, { headers: { authorization: `Bearer ${viewer}` } })).json() as { endpoints: Array<{ method: string; pathTemplate: string; count: number }> };
    const found = new Set(inv.endpoints.map((e) => `${e.method} ${shape(e.pathTemplate)}`));
    const hits = [...found].filter((f) => truth.has(f)).length;
    const precision = hits / found.size, recall = hits / truth.size;
    t.diagnostic(`raw paths: truth ${truth.size}, found ${found.size}, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    assert.equal(inv.endpoints.reduce((n, e) => n + e.count, 0), aggregates.length, "every request counted once");
    assert.ok(recall >= 0.9, `recall ${recall.toFixed(3)}; missing: ${[...truth].filter((x) => !found.has(x)).join(", ")}`);
    assert.ok(precision >= 0.9, `precision ${precision.toFixed(3)}; extra: ${[...found].filter((x) => !truth.has(x)).slice(0, 20).join(", ")}`);
  } finally {
    await manager.close();
  }
});
