// Evidence, end to end through the host: every finding becomes a telemetry event (class, type, location as a
// JSON path or parameter name, action, redacted evidence), metrics count findings by class and action, and the
// raw value appears nowhere that leaves the filter: not in events, logs (at debug level) or metrics.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PluginHost, SharedState } from "../../host/index.ts";
import { exchange, okResponse, request } from "./exchange.ts";

const root = new URL("../../", import.meta.url).pathname;
let wasm: Buffer;
let server: Server;
let port = 0;
const batches: any[] = [];
const raw: string[] = [];
before(async () => {
  if (!existsSync(`${root}build/l7guard.wasm`)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", "l7guard"], { stdio: "inherit" });
  wasm = readFileSync(`${root}build/l7guard.wasm`);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => { const s = Buffer.concat(chunks).toString(); raw.push(s); batches.push(JSON.parse(s)); res.writeHead(202).end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

// Raw values sent through the filter; none of them may leave it.
const CARD = "4111111111111111";
const SSN = "123-45-6789";
const EMAIL = "ann.lee@example.com";
const IBAN = "GB82WEST12345698765432";
const AWS = "AKIAQ7LMZ2HNVW4TXKRB";

test("every finding is an event with class, type, location, action and redacted evidence; raw PII never leaves the filter", async () => {
  const cluster = "outbound|9000||collector";
  const logs: string[] = [];
  const strict = JSON.parse(readFileSync(`${root}examples/policies/strict.json`, "utf8"));
  const config = { ...strict, collector: { cluster, flushIntervalMs: 100 } };
  const h = await PluginHost.create({ module: wasm, configuration: JSON.stringify(config), shared: new SharedState(), allowOnHeadersStopIteration: true, logger: (l: any) => logs.push(l.message), logLevel: "debug", clusters: { [cluster]: `http://127.0.0.1:${port}` } } as any);
  try {
    // Request side (strict: PII alerts): a card in a JSON body and an e-mail address in the query.
    const a = await exchange(h, { requestHeaders: request("POST", `/pay?contact=${encodeURIComponent(EMAIL)}`, [["content-type", "application/json"]]), requestBody: [`{"order":{"card":"${CARD}","note":"ok"}}`], responseHeaders: okResponse(), responseBody: ["{}"] });
    assert.equal(a.status(), 200);
    // Response side (strict: PII redacted): ssn, iban and an access key in an array of records.
    const body = `{"people":[{"ssn":"${SSN}","iban":"${IBAN}"},{"key":"${AWS}"}]}`;
    const b = await exchange(h, { requestHeaders: request("GET", "/people"), responseHeaders: okResponse([["content-length", String(body.length)]]), responseBody: [body] });
    assert.equal(b.status(), 200);
    for (const v of [SSN, IBAN, AWS]) assert.ok(!b.downstreamBody.toString().includes(v), `${v} redacted in the response`);
    // An attack in a form field: blocked, and its event names the parameter.
    const c = await exchange(h, { requestHeaders: request("POST", "/login", [["content-type", "application/x-www-form-urlencoded"]]), requestBody: ["user=admin%27%20OR%20%271%27%3D%271&pw=x"], responseHeaders: okResponse() });
    assert.equal(c.status(), 403);

    const deadline = Date.now() + 5000;
    const events = () => batches.flatMap((x) => x.events ?? []);
    while (events().length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const ev = events();
    const find = (type: string) => ev.find((e: any) => e.type === type);

    const card = find("card");
    assert.ok(card, `card event: ${JSON.stringify(ev)}`);
    assert.equal(card.category, "pii");
    assert.equal(card.action, "alert");
    assert.equal(card.direction, "request");
    assert.equal(card.location, "$.order.card");
    assert.equal(card.evidence, "4111********1111");

    const email = find("email");
    assert.ok(email, JSON.stringify(ev));
    assert.equal(email.location, "query.contact");
    assert.ok(!email.evidence.includes("ann.lee") && !email.evidence.includes("example.com"), email.evidence);

    for (const [type, location] of [["ssn", "$.people[0].ssn"], ["iban", "$.people[0].iban"], ["secret", "$.people[1].key"]]) {
      const e = find(type);
      assert.ok(e, `${type} event: ${JSON.stringify(ev)}`);
      assert.equal(e.category, "pii");
      assert.equal(e.action, "redact");
      assert.equal(e.direction, "response");
      assert.equal(e.location, location);
    }

    const sqli = find("sqli");
    assert.ok(sqli, JSON.stringify(ev));
    assert.equal(sqli.category, "attack");
    assert.equal(sqli.action, "block");
    assert.equal(sqli.location, "form.user");

    // Metrics by class and action.
    const prom = h.stats.renderPrometheus();
    assert.match(prom, /l7guard_findings_pii_card_alert_total\{\} 1/);
    assert.match(prom, /l7guard_findings_pii_ssn_redact_total\{\} 1/);
    assert.match(prom, /l7guard_findings_attack_sqli_block_total\{\} 1/);

    // The raw values are nowhere outside: events, logs, metrics.
    const outside = [raw.join("\n"), logs.join("\n"), prom];
    for (const v of [CARD, SSN, EMAIL, IBAN, AWS, "5698765432", "Z2HNVW4T"]) {
      for (const [k, text] of outside.entries()) assert.ok(!text.includes(v), `${v} leaked into ${["events", "logs", "metrics"][k]}`);
    }
  } finally { await h.close(); }
});

test("redaction styles through the filter: partial keeps separators and the last 4 card digits, full masks every byte; both keep length and valid JSON", async () => {
  const body = `{"card":"4111-1111-1111-1111","ssn":"123-45-6789","pan":"5555 5555 5555 4444"}`;
  const expected: Record<string, string> = {
    partial: `{"card":"****-****-****-1111","ssn":"***-**-****","pan":"**** **** **** 4444"}`,
    full: `{"card":"*******************","ssn":"***********","pan":"*******************"}`,
  };
  for (const style of ["partial", "full"]) {
    const h = await PluginHost.create({ module: wasm, configuration: JSON.stringify({ schemaVersion: 1, mode: "enforce", actions: { pii: { card: { response: "redact" }, ssn: { response: "redact" } } }, redaction: { style } }), shared: new SharedState(), logger: () => {} });
    try {
      const r = await exchange(h, { requestHeaders: request("GET", "/p"), responseHeaders: okResponse([["content-length", String(body.length)]]), responseBody: [body] });
      const out = r.downstreamBody.toString();
      assert.equal(out, expected[style], style);
      assert.equal(out.length, body.length);
      assert.doesNotThrow(() => JSON.parse(out));
      assert.equal(r.header("content-length"), String(body.length));
    } finally { await h.close(); }
  }
});

test("a phone sent as a JSON number under a phone field is redacted to a string of the same length", async () => {
  const body = `{"phone":14155552671,"count":14155552671}`;
  const h = await PluginHost.create({ module: wasm, configuration: JSON.stringify({ schemaVersion: 1, mode: "enforce", actions: { pii: { phone: { response: "redact" } } } }), shared: new SharedState(), logger: () => {} });
  try {
    const r = await exchange(h, { requestHeaders: request("GET", "/p"), responseHeaders: okResponse([["content-length", String(body.length)]]), responseBody: [body] });
    const out = r.downstreamBody.toString();
    assert.equal(out, `{"phone":"*********","count":14155552671}`);
    assert.equal(JSON.parse(out).count, 14155552671);
  } finally { await h.close(); }
});

test("a card sent as a JSON number is redacted to a string of the same length: the JSON stays valid in every style", async () => {
  const body = `{"n":4111111111111111,"list":[5555555555554444,42],"ok":true}`;
  const expected: Record<string, string> = {
    partial: `{"n":"**********1111","list":["**********4444",42],"ok":true}`,
    full: `{"n":"**************","list":["**************",42],"ok":true}`,
  };
  for (const style of ["partial", "full", "hash"]) {
    const redaction = style === "hash" ? { style, hashKey: "0123456789abcdef0123456789abcdef" } : { style };
    const h = await PluginHost.create({ module: wasm, configuration: JSON.stringify({ schemaVersion: 1, mode: "enforce", actions: { pii: { card: { response: "redact" } } }, redaction }), shared: new SharedState(), logger: () => {} });
    try {
      for (const chunks of [[body], [body.slice(0, 9), body.slice(9, 30), body.slice(30)]]) {
        const r = await exchange(h, { requestHeaders: request("GET", "/p"), responseHeaders: okResponse([["content-length", String(body.length)]]), responseBody: chunks });
        const out = r.downstreamBody.toString();
        assert.equal(out.length, body.length, style);
        const parsed = JSON.parse(out);
        assert.equal(typeof parsed.n, "string", `${style}: the number became a string`);
        assert.equal(parsed.list[1], 42);
        assert.ok(!out.includes("4111111111111111") && !out.includes("5555555555554444"), style);
        if (style in expected) assert.equal(out, expected[style], style);
        else assert.match(parsed.n, /^h:[0-9a-f]{12}$/, "hash token, as many hex digits as fit");
      }
    } finally { await h.close(); }
  }
});
