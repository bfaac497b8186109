// GET /api/v1/services/{service}/openapi: schema sketches stored from ingest, folded over the observed
// templates a merged endpoint stands for, into an OpenAPI 3.1 document (real SQLite file, real HTTP).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildManager, type Manager } from "../../manager/server.ts";
import { tempDir } from "../support/temp-dir.ts";

const COLLECTOR = "collector-token-openapi-0001";
const VIEWER = "viewer-token-openapi-00000001";
let manager: Manager;
let base = "";
before(async () => {
  manager = await buildManager({ dataDir: tempDir("l7guard-oas-"), apiTokens: [{ token: VIEWER, role: "viewer" }], collectorTokens: [COLLECTOR] });
  base = await manager.app.listen({ host: "127.0.0.1", port: 0 });
});
after(() => manager.close());

const users = { namespace: "shop", workload: "users" };
const frontend = { namespace: "shop", workload: "frontend" };
const tenants = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell", "cyberdyne"];

function batch(id: string, withSketch: boolean) {
  const aggregates = tenants.map((t) => ({ source: frontend, destination: users, direction: "inbound", endpoint: { method: "GET", pathTemplate: `/tenants/${t}/users/{id}` }, statusClass: "2xx", count: 3 }));
  const schemas = withSketch ? tenants.slice(0, 2).map((t) => ({
    endpoint: { method: "GET", pathTemplate: `/tenants/${t}/users/{id}` }, part: "response", status: 200, samples: 3, fields: [
      { path: "id", types: ["integer"], count: 3 },
      { path: "email", types: ["string"], format: "email", pii: ["email"], count: 3 },
      { path: "nickname", types: ["string", "null"], count: 1 },
      { path: "addresses[].city", types: ["string"], count: 2 },
    ] })) : [];
  return { schemaVersion: 1, batchId: id, reporter: users, windowStart: 1_700_000_000_000, windowEnd: 1_700_000_005_000, aggregates, schemas };
}
const post = (body: unknown) => fetch(`${base}/api/v1/ingest`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${COLLECTOR}` }, body: JSON.stringify(body) });
const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${VIEWER}` } });

test("merged templates carry merged response schemas, path parameters and PII tags", async () => {
  assert.equal((await post(batch("oas-1", true))).status, 202);
  assert.equal((await post(batch("oas-1", true))).status, 202, "a retried batch is accepted");
  const r = await get(`/api/v1/services/${encodeURIComponent("shop/users")}/openapi`);
  assert.equal(r.status, 200);
  const doc = await r.json() as any;
  assert.equal(doc.openapi, "3.1.0");
  assert.deepEqual(Object.keys(doc.paths), ["/tenants/{tenant}/users/{id}"]);
  const op = doc.paths["/tenants/{tenant}/users/{id}"].get;
  assert.deepEqual(op.parameters.map((p: any) => [p.name, p.in, p.required]), [["tenant", "path", true], ["id", "path", true]]);
  assert.equal(op["x-l7guard"].count, 30, "duplicate batch not double counted");
  const schema = op.responses["200"].content["application/json"].schema;
  assert.equal(schema.type, "object");
  assert.deepEqual(schema.properties.email, { type: "string", format: "email", "x-pii": ["email"] });
  assert.deepEqual(schema.properties.nickname.type, ["null", "string"]);
  // addresses (a parent with no entry of its own) is present as often as its child: 4 of 6, so optional;
  // city is in every sample that had address items.
  assert.deepEqual(schema.properties.addresses, { type: "array", items: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } });
  assert.deepEqual(schema.required, ["email", "id"], "fields present in every sample (6 of 6) are required, others not");
});

test("an endpoint without sketches still gets a valid operation; unknown service is 404; token required", async () => {
  assert.equal((await post({ ...batch("oas-2", false), aggregates: [{ source: frontend, destination: users, direction: "inbound", endpoint: { method: "POST", pathTemplate: "/login" }, statusClass: "2xx", count: 1 }] })).status, 202);
  const doc = await (await get(`/api/v1/services/${encodeURIComponent("shop/users")}/openapi`)).json() as any;
  assert.deepEqual(doc.paths["/login"].post.responses, { default: { description: "no response body observed" } });
  assert.equal(doc.paths["/login"].post.parameters, undefined);
  assert.equal((await get(`/api/v1/services/${encodeURIComponent("shop/nobody")}/openapi`)).status, 404);
  assert.equal((await fetch(`${base}/api/v1/services/x/openapi`)).status, 401);
});

test("a format holds only while every sketch agrees on it", async () => {
  const svc = { namespace: "shop", workload: "clock" };
  const sketchBatch = (id: string, fields: unknown[]) => ({ schemaVersion: 1, batchId: id, reporter: svc, windowStart: 1, windowEnd: 2,
    aggregates: [{ source: frontend, destination: svc, direction: "inbound", endpoint: { method: "GET", pathTemplate: "/now" }, statusClass: "2xx", count: 1 }],
    schemas: [{ endpoint: { method: "GET", pathTemplate: "/now" }, part: "response", status: 200, samples: 1, fields }] });
  const schema = async () => (await (await get(`/api/v1/services/${encodeURIComponent("shop/clock")}/openapi`)).json() as any).paths["/now"].get.responses["200"].content["application/json"].schema;
  assert.equal((await post(sketchBatch("fmt-1", [{ path: "at", types: ["string"], format: "date-time", count: 1 }, { path: "day", types: ["string"], format: "date", count: 1 }]))).status, 202);
  assert.deepEqual((await schema()).properties.at, { type: "string", format: "date-time" });
  // The next window saw "at" values with no common format, and "day" as null only (no strings: no say on the format).
  assert.equal((await post(sketchBatch("fmt-2", [{ path: "at", types: ["string"], count: 1 }, { path: "day", types: ["null"], count: 1 }]))).status, 202);
  const s = await schema();
  assert.deepEqual(s.properties.at, { type: "string" });
  assert.deepEqual(s.properties.day, { type: ["null", "string"], format: "date" });
  assert.equal((await post(sketchBatch("fmt-3", [{ path: "at", types: ["string"], format: "date-time", count: 1 }]))).status, 202);
  assert.deepEqual((await schema()).properties.at, { type: "string" }, "once mixed, stays mixed");
});
