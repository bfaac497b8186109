// build/l7guard.wasm scans long strings with Wasm SIMD; build/l7guard-scalar.wasm is the same filter without
// SIMD, for runtimes that lack it. Through the host with the strict policy, both must answer every exchange
// identically: same status, same bytes to the upstream and to the client (redaction included).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { PluginHost, SharedState } from "../../host/index.ts";
import { exchange, okResponse, request } from "./exchange.ts";

const root = new URL("../../", import.meta.url).pathname;
const strict = readFileSync(`${root}examples/policies/strict.json`, "utf8");
let simd: PluginHost, scalar: PluginHost;
before(async () => {
  for (const name of ["l7guard", "l7guard-scalar"]) {
    if (!existsSync(`${root}build/${name}.wasm`)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", name], { stdio: "inherit" });
  }
  const make = (file: string) => PluginHost.create({ module: readFileSync(`${root}build/${file}`), configuration: strict, shared: new SharedState(), allowOnHeadersStopIteration: true, logger: () => {}, logLevel: "warn" });
  [simd, scalar] = await Promise.all([make("l7guard.wasm"), make("l7guard-scalar.wasm")]);
});
after(async () => { await simd.close(); await scalar.close(); });

test("the scalar build is a different module", () => {
  assert.notDeepEqual(readFileSync(`${root}build/l7guard.wasm`), readFileSync(`${root}build/l7guard-scalar.wasm`));
});

test("SIMD and scalar builds answer the same exchanges with the same bytes", async () => {
  const records = Array.from({ length: 80 }, (_, i) => ({
    id: i, name: `Customer ${i}`, email: `user${i}@example.com`, card: i % 7 === 0 ? "4111 1111 1111 1111" : null,
    note: `Reach me at +1 415 555 ${String(2600 + i).padStart(4, "0")} or via "quotes" and \\ backslashes, ${"padding ".repeat(i % 5)}done`,
    blob: "QUJD".repeat(i), iban: i % 9 === 0 ? "GB82 WEST 1234 5698 7654 32" : "n/a",
  }));
  const responses = [
    JSON.stringify(records),
    JSON.stringify({ html: "<p>Contact alice@example.com</p>".repeat(50), key: "AKIAQ7LMZ2HNVW4TXKRB", jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln" }),
    JSON.stringify({ "bob@example.com": { ssn: "078-05-1120" }, esc: "caf\u00e9 \u2028 alice@example.com \t 4111-1111-1111-1111" }),
  ];
  const requests = [
    JSON.stringify({ q: "1' OR '1'='1", padding: "x".repeat(100) }),
    JSON.stringify({ comment: `${"lorem ipsum ".repeat(20)}<img src=x onerror=alert(1)>` }),
    JSON.stringify({ name: "O'Brien", text: "select a drop-off point" }),
    JSON.stringify({ v: "{{".repeat(500) + "{{7*7}}" }),
  ];
  let redacted = 0, blocked = 0;
  for (const body of responses) {
    const [a, b] = await Promise.all([simd, scalar].map((h) => exchange(h, { requestHeaders: request("GET", "/api/v1/customers"), responseHeaders: okResponse(), responseBody: [body] })));
    assert.equal(a.status(), b.status());
    assert.deepEqual(a.downstreamBody, b.downstreamBody, "redacted response bytes differ");
    if (!a.downstreamBody.equals(Buffer.from(body))) redacted++;
  }
  for (const body of requests) {
    const [a, b] = await Promise.all([simd, scalar].map((h) => exchange(h, { requestHeaders: request("POST", "/api/v1/comments", [["content-type", "application/json"]]), requestBody: [body], responseHeaders: okResponse() })));
    assert.equal(a.status(), b.status(), body.slice(0, 60));
    assert.deepEqual(a.upstreamBody, b.upstreamBody);
    if (a.status() === 403) blocked++;
  }
  assert.equal(redacted, responses.length, "every response carries PII and must come back redacted");
  assert.equal(blocked, 3, "the three attacks are blocked, O'Brien passes");
});
