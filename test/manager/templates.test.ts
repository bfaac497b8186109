// Endpoint merging rules (manager/telemetry/templates.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mergeEndpoints, uniqueParamNames, type ObservedEndpoint } from "../../manager/telemetry/templates.ts";

const obs = (method: string, template: string, count = 1): ObservedEndpoint => ({ method, template, count, firstSeen: 1, lastSeen: 2, blocked: 0, errors: 0 });
const templates = (list: ObservedEndpoint[], rules = []) => mergeEndpoints(list, rules).map((e) => `${e.method} ${e.template}`);

test("many distinct values that continue the same way become one parameter", () => {
  const tenants = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell"];
  const out = templates(tenants.flatMap((t) => [obs("GET", `/tenants/${t}/users`), obs("POST", `/tenants/${t}/users`)]));
  assert.deepEqual(out, ["GET /tenants/{tenant}/users", "POST /tenants/{tenant}/users"]);
  const merged = mergeEndpoints(tenants.map((t) => obs("GET", `/tenants/${t}/users`, 2)));
  assert.equal(merged[0].count, 18);
  assert.equal(merged[0].sources.length, 9);
});

test("a few literal siblings with different continuations stay literal", () => {
  const out = templates([obs("GET", "/admin/users"), obs("GET", "/admin/settings"), obs("GET", "/admin/logs"), obs("GET", "/users/{id}"), obs("GET", "/users/{id}/orders")]);
  assert.deepEqual(out, ["GET /admin/logs", "GET /admin/settings", "GET /admin/users", "GET /users/{id}", "GET /users/{id}/orders"]);
});

test("reserved segments never become parameters, however many", () => {
  const versions = Array.from({ length: 12 }, (_, i) => obs("GET", `/v${i + 1}/status`));
  assert.equal(templates(versions).length, 12);
  const dated = Array.from({ length: 10 }, (_, i) => obs("GET", `/2024-01-${String(i + 10)}/charges`));
  assert.equal(templates(dated).length, 10, "API version dates stay");
});

test("leaves merge only when there are very many of them", () => {
  const few = Array.from({ length: 10 }, (_, i) => obs("GET", `/users/user${String.fromCharCode(97 + i)}name`));
  assert.equal(templates(few).length, 10);
  const many = Array.from({ length: 30 }, (_, i) => obs("GET", `/users/name${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`));
  assert.deepEqual(templates(many), ["GET /users/{user}"]);
});

test("pins force a template; splits keep a position literal", () => {
  const tenants = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell"].map((t) => obs("GET", `/tenants/${t}/users`));
  assert.deepEqual(templates(tenants, [{ kind: "split", template: "/tenants" }] as never), tenants.map((t) => `GET ${t.template}`).sort());
  assert.deepEqual(templates([obs("GET", "/files/report.pdf"), obs("GET", "/files/logo.png")], [{ kind: "pin", template: "/files/{name}" }] as never), ["GET /files/{name}"]);
});

test("parameter names are unique within a path (OpenAPI)", () => {
  assert.equal(uniqueParamNames("/users/{id}/orders/{id}"), "/users/{id}/orders/{orderId}");
  assert.equal(uniqueParamNames("/a/{id}/{id}"), "/a/{id}/{id2}");
  assert.equal(uniqueParamNames("/categories/{id}/entries/{id}/replies/{id}"), "/categories/{id}/entries/{entryId}/replies/{replyId}");
});
