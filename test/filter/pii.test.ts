// PII handling by the filter, through the host: request blocks before the upstream sees anything, response
// redaction in place (same length, valid JSON), query redaction, monitor mode, compressed responses, and
// the counts and redacted evidence that reach telemetry. Also checks the shipped example policies.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { Ajv2020 } from "ajv/dist/2020.js";
import { PluginHost, SharedState } from "../../host/index.ts";
import { exchange, okResponse, request } from "./exchange.ts";

const root = new URL("../../", import.meta.url).pathname;
let wasm: Buffer;
before(() => {
  if (!existsSync(`${root}build/l7guard.wasm`)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", "l7guard"], { stdio: "inherit" });
  wasm = readFileSync(`${root}build/l7guard.wasm`);
});

async function host(config: unknown, allowStop = true, logLevel: "warn" | "debug" = "warn") {
  const logs: string[] = [];
  const h = await PluginHost.create({ module: wasm, configuration: JSON.stringify(config), shared: new SharedState(), allowOnHeadersStopIteration: allowStop, logger: (l) => logs.push(l.message), logLevel });
  return { h, logs };
}
const json = (extra: Array<[string, string]> = []) => okResponse(extra);

describe("request PII", () => {
  test("a card in a request body is blocked before the upstream sees anything", async () => {
    const { h } = await host({ schemaVersion: 1, mode: "enforce", proxy: { allowOnHeadersStopIteration: true }, actions: { pii: { card: { request: "block" } } } });
    try {
      const r = await exchange(h, { requestHeaders: request("POST", "/pay", [["content-type", "application/json"]]), requestBody: ['{"amount":5,"card":"4111 1111', ' 1111 1111"}'], responseHeaders: json() });
      assert.equal(r.status(), 403);
      assert.deepEqual({ ...r.json(), requestId: undefined }, { error: "request blocked by l7guard", requestId: undefined, class: "pii", type: "card" });
      assert.equal(r.upstreamHeaders, undefined);
      const clean = await exchange(h, { requestHeaders: request("POST", "/pay", [["content-type", "application/json"]]), requestBody: ['{"amount":5,"card":"4111111111111112"}'], responseHeaders: json() });
      assert.equal(clean.status(), 200, "a Luhn-invalid number is not a card");
      assert.equal(clean.upstreamBody.toString(), '{"amount":5,"card":"4111111111111112"}');
    } finally { await h.close(); }
  });

  test("request redaction rewrites the body in place, same length", async () => {
    const { h } = await host({ schemaVersion: 1, mode: "enforce", actions: { pii: { ssn: { request: "redact" } } } });
    try {
      const body = '{"name":"Ann","ssn":"123-45-6789"}';
      const r = await exchange(h, { requestHeaders: request("POST", "/people", [["content-type", "application/json"]]), requestBody: [body], responseHeaders: json() });
      assert.equal(r.upstreamBody.toString(), '{"name":"Ann","ssn":"***-**-****"}');
      assert.equal(r.upstreamBody.length, body.length);
    } finally { await h.close(); }
  });

  test("query parameters: redact rewrites :path; block answers 403", async () => {
    const { h } = await host({ schemaVersion: 1, mode: "enforce", actions: { pii: { email: { request: "redact" }, card: { request: "block" } } } });
    try {
      const r = await exchange(h, { requestHeaders: request("GET", "/search?q=alice%40example.com&page=2"), responseHeaders: json() });
      // Percent-escapes are masked like any other character: same length, no trace of the address.
      assert.equal(r.upstreamHeaders?.find(([k]) => k === ":path")?.[1], "/search?q=***************.***&page=2");
      const b = await exchange(h, { requestHeaders: request("GET", "/pay?card=5555555555554444"), responseHeaders: json() });
      assert.equal(b.status(), 403);
    } finally { await h.close(); }
  });
});

describe("response PII", () => {
  test("redaction in place: same length, valid JSON, last 4 card digits kept, value split across chunks", async () => {
    const { h } = await host({ schemaVersion: 1, mode: "enforce", actions: { pii: { card: { response: "redact" }, email: { response: "redact" } } } });
    try {
      const body = ['{"orders":[{"id":1,"card":"4111 1111 11', '11 1111","owner":"bob@example.org"}]}'];
      const full = body.join("");
      const r = await exchange(h, { requestHeaders: request("GET", "/orders", [["accept-encoding", "gzip, br"]]), responseHeaders: json([["content-length", String(full.length)]]), responseBody: body });
      const out = r.downstreamBody.toString();
      assert.equal(out, '{"orders":[{"id":1,"card":"**** **** **** 1111","owner":"***@*******.***"}]}');
      assert.equal(out.length, full.length);
      assert.doesNotThrow(() => JSON.parse(out));
      assert.equal(r.upstreamHeaders?.find(([k]) => k === "accept-encoding")?.[1], "identity", "the upstream is asked for an uncompressed response");
    } finally { await h.close(); }
  });

  test("XML responses: element and attribute values redacted with their names as context, in place", async () => {
    const { h } = await host({ schemaVersion: 1, mode: "enforce", actions: { pii: { ssn: { response: "redact" }, password: { response: "redact" }, card: { response: "redact" } } } });
    try {
      const body = ['<?xml version="1.0"?><users><user card="4111 1111 1111 1111"><name>Ann</name><ssn>078-05-1120</ssn>', '<password>hunter2</password></user></users>'];
      const full = body.join("");
      const r = await exchange(h, { requestHeaders: request("GET", "/users.xml"), responseHeaders: [[":status", "200"], ["content-type", "application/xml"]], responseBody: body });
      const out = r.downstreamBody.toString();
      assert.equal(out, '<?xml version="1.0"?><users><user card="**** **** **** 1111"><name>Ann</name><ssn>***-**-****</ssn><password>*******</password></user></users>');
      assert.equal(out.length, full.length);
    } finally { await h.close(); }
  });

  test("a response block replaces the held response with a 403", async () => {
    const { h } = await host({ schemaVersion: 1, mode: "enforce", proxy: { allowOnHeadersStopIteration: true }, actions: { pii: { secret: { response: "block" } } } });
    try {
      const r = await exchange(h, { requestHeaders: request("GET", "/config"), responseHeaders: json(), responseBody: ['{"aws":"AKIAQ7LMZ2HNVW4TXKRB"}'] });
      assert.equal(r.status(), 403);
      assert.equal(r.json().type, "secret");
      assert.ok(!r.downstreamBody.toString().includes("AKIA"));
    } finally { await h.close(); }
  });

  test("monitor mode alerts and changes nothing", async () => {
    // Per-finding log lines are at debug level (telemetry carries the events).
    const { h, logs } = await host({ schemaVersion: 1, mode: "monitor", actions: { pii: { card: { response: "redact" } } } }, true, "debug");
    try {
      const body = '{"card":"4111111111111111"}';
      const r = await exchange(h, { requestHeaders: request("GET", "/c"), responseHeaders: json(), responseBody: [body] });
      assert.equal(r.downstreamBody.toString(), body);
      // The response headers left before the body was inspected, so the alert shows in logs and metrics.
      assert.ok(logs.some((l) => l.includes("pii card alert at $.card")));
      assert.match(h.stats.renderPrometheus(), /l7guard_findings_total\{\} 1/);
      assert.ok(!logs.some((l) => l.includes("4111111111111111")), "raw PII never reaches the log");
    } finally { await h.close(); }
  });

  test("a still-compressed response is not inspected, and that is counted", async () => {
    const { h } = await host({ schemaVersion: 1, mode: "enforce", actions: { pii: { card: { response: "redact" } } } });
    try {
      const r = await exchange(h, { requestHeaders: request("GET", "/z"), responseHeaders: json([["content-encoding", "gzip"]]), responseBody: ["\x1f\x8b binary"] });
      assert.equal(r.status(), 200);
      assert.match(h.stats.renderPrometheus(), /l7guard_compressed_responses_uninspected_total\{\} 1/);
    } finally { await h.close(); }
  });
});

test("strict.json redacts leaked credentials in a response: a Secret's base64 data whole, a connection string's password only, service tokens, not placeholders", async () => {
  const strict = JSON.parse(readFileSync(`${root}examples/policies/strict.json`, "utf8"));
  const { h } = await host(strict);
  try {
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    const tlsKey = b64("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9OiJq+K7/Zx9kQpLm2VbR4tYw8Nc\n-----END RSA PRIVATE KEY-----\n");
    const env = b64("DB_PASSWORD=Tr0ub4dor&3\nDEBUG=false\n");
    const doc = {
      kind: "Secret", data: { "tls.key": tlsKey, ".env": env },
      config: { database: "postgres://app:S3cr3tPa55@db.example.com:5432/app", openai: "sk-proj-k3R9xqPzL2mWvT8sYb4NHq7Jd2xyZa1bC9dE_f0Gh6Ij5Kl4Mn3Op2Qr", docs: "AKIAIOSFODNN7EXAMPLE" },
    };
    const full = JSON.stringify(doc);
    const r = await exchange(h, { requestHeaders: request("GET", "/api/config"), responseHeaders: json([["content-length", String(full.length)]]), responseBody: [full.slice(0, 150), full.slice(150)] });
    const out = r.downstreamBody.toString();
    assert.equal(out.length, full.length);
    const got = JSON.parse(out);
    assert.equal(got.data["tls.key"], "*".repeat(tlsKey.length), "the base64 key masked whole");
    assert.equal(got.data[".env"], "*".repeat(env.length));
    assert.equal(got.config.database, "postgres://app:**********@db.example.com:5432/app", "only the password masked");
    assert.ok(!got.config.openai.includes("k3R9xqPzL2mW"), got.config.openai);
    assert.equal(got.config.docs, "AKIAIOSFODNN7EXAMPLE", "a documentation placeholder is left alone");
  } finally { await h.close(); }
});

test("examples/policies/strict.json and monitor.json are valid filter configs the filter accepts", async () => {
  const schema = JSON.parse(readFileSync(`${root}schemas/filter-config.schema.json`, "utf8"));
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  for (const name of ["strict", "monitor"]) {
    const config = JSON.parse(readFileSync(`${root}examples/policies/${name}.json`, "utf8"));
    assert.ok(validate(config), `${name}: ${JSON.stringify(validate.errors)}`);
    const h = await PluginHost.create({ module: wasm, configuration: JSON.stringify(config), shared: new SharedState(), logger: () => {} });
    await h.close();
  }
});
