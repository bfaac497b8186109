// Raw (untemplated) paths: the manager applies the filter's value heuristics before trie merging, so
// traffic from a filter that sent raw paths ends in the same templates.
import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyRawSegment, mergeEndpoints, type ObservedEndpoint } from "../../manager/telemetry/templates.ts";

const obs = (method: string, template: string): ObservedEndpoint => ({ method, template, count: 1, firstSeen: 1, lastSeen: 2, blocked: 0, errors: 0 });

test("classifyRawSegment: values vs words", () => {
  for (const v of ["42", "0", "123e4567-e89b-12d3-a456-426614174000", "507f1f77bcf86cd799439011", "deadbeef12", "a1B2c3D4e5F6g7", "user%40example.com", "bob@example.org"]) assert.ok(classifyRawSegment(v), v);
  for (const w of ["users", "v1", "v2", "api", "orders", "deadbeef", "oauth2", "checkout_session", "payment-methods", "ipv4addresses", "2024-01-10", "{id}", "s3", "customer_balance_transactions"]) assert.equal(classifyRawSegment(w), undefined, w);
  assert.equal(classifyRawSegment("bob@example.org"), "{email}");
});

test("raw ids of mixed kinds under one parent merge into one template with unique names", () => {
  const out = mergeEndpoints([
    obs("GET", "/api/v1/users/17"), obs("GET", "/api/v1/users/123e4567-e89b-12d3-a456-426614174000"), obs("GET", "/api/v1/users/9/orders/507f1f77bcf86cd799439011"),
    obs("GET", "/api/v1/users/10/orders/507f1f77bcf86cd799439012"), obs("GET", "/api/v1/users"),
  ]).map((e) => `${e.method} ${e.template}`);
  assert.deepEqual(out, ["GET /api/v1/users", "GET /api/v1/users/{id}", "GET /api/v1/users/{id}/orders/{orderId}"]);
});
