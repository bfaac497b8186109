// x-l7guard on the response says what l7guard did, as far as it is known when the response headers leave:
// a body still to be inspected as it streams is "stream" (never "pass"), a held body that was masked is
// "redact", a request that was masked makes the answer "redact" too. Through the host.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { exchange, hostPool, okResponse, request } from "./exchange.ts";

const logs: string[] = [];
const pool = hostPool(logs);
after(() => pool.closeAll());
const base = { schemaVersion: 1, mode: "enforce", proxy: { allowOnHeadersStopIteration: true } };
const json = [["content-type", "application/json"]] as Array<[string, string]>;

test("a response redacted while it streams is marked stream, not pass", async () => {
  const h = await pool.hostWith({ ...base, actions: { pii: { email: { response: "redact" } } } });
  const r = await exchange(h, { requestHeaders: request("GET", "/users/1"), responseHeaders: okResponse(), responseBody: ['{"email":"ann@', 'example.com"}'] });
  assert.equal(r.downstreamBody.toString(), '{"email":"***@*******.***"}');
  assert.equal(r.header("x-l7guard"), "stream");
  // A response without a body has nothing left to inspect.
  const empty = await exchange(h, { requestHeaders: request("GET", "/users/2"), responseHeaders: okResponse() });
  assert.equal(empty.header("x-l7guard"), "pass");
});

test("a held response says what was done to its body: redact when masked, pass when clean", async () => {
  const h = await pool.hostWith({ ...base, actions: { pii: { email: { response: "redact" }, card: { response: "block" } } } });
  const masked = await exchange(h, { requestHeaders: request("GET", "/users/1"), responseHeaders: okResponse(), responseBody: ['{"email":"ann@example.com"}'] });
  assert.equal(masked.downstreamBody.toString(), '{"email":"***@*******.***"}');
  assert.equal(masked.header("x-l7guard"), "redact");
  const clean = await exchange(h, { requestHeaders: request("GET", "/users/2"), responseHeaders: okResponse(), responseBody: ['{"name":"Ann"}'] });
  assert.equal(clean.header("x-l7guard"), "pass");
  const blocked = await exchange(h, { requestHeaders: request("GET", "/users/3"), responseHeaders: okResponse(), responseBody: ['{"card":"4111 1111 1111 1111"}'] });
  assert.equal(blocked.status(), 403);
  assert.equal(blocked.header("x-l7guard"), "block");
});

test("a request that was masked before the upstream got it is answered with redact", async () => {
  // Responses are not inspected (default response action allow): the header is about the request alone.
  const h = await pool.hostWith({ ...base, actions: { default: { request: "alert", response: "allow" }, pii: { ssn: { request: "redact" } } } });
  const r = await exchange(h, { requestHeaders: request("POST", "/people", json), requestBody: ['{"ssn":"123-45-6789"}'], responseHeaders: okResponse(), responseBody: ["{}"] });
  assert.equal(r.upstreamBody.toString(), '{"ssn":"***-**-****"}');
  assert.equal(r.header("x-l7guard"), "redact");
  const clean = await exchange(h, { requestHeaders: request("POST", "/people", json), requestBody: ['{"name":"Ann"}'], responseHeaders: okResponse(), responseBody: ["{}"] });
  assert.equal(clean.header("x-l7guard"), "pass");
});
