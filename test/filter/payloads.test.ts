// Uploads, protocol abuse, GraphQL, exfiltration, limits and hash redaction in the filter, through the host
// with the shipped strict policy (and variants of it): what is blocked never reaches the upstream, what is
// allowed passes unchanged.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { PluginHost, SharedState } from "../../host/index.ts";
import { exchange, okResponse, request } from "./exchange.ts";

const root = new URL("../../", import.meta.url).pathname;
const strict = JSON.parse(readFileSync(`${root}examples/policies/strict.json`, "utf8"));
const hosts: PluginHost[] = [];
async function hostWith(config: unknown): Promise<PluginHost> {
  const h = await PluginHost.create({
    module: readFileSync(`${root}build/l7guard.wasm`), configuration: JSON.stringify(config),
    shared: new SharedState(), allowOnHeadersStopIteration: true, logger: () => {}, logLevel: "warn",
  });
  hosts.push(h);
  return h;
}
let h: PluginHost;
before(async () => { h = await hostWith(strict); });
after(async () => { for (const x of hosts) await x.close(); });

const boundary = "----l7gBoundary7MA4YWxk";
function multipart(parts: Array<{ name: string; filename?: string; type?: string; data: Buffer | string }>): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ""}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ""}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
const mp = [["content-type", `multipart/form-data; boundary=${boundary}`]] as Array<[string, string]>;
const PE = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(120, 0)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

test("uploads: executables and EICAR are blocked as malware before the upstream; allowed files pass unchanged", async () => {
  for (const [what, body] of [["pe", multipart([{ name: "file", filename: "setup.exe", data: PE }])], ["eicar", multipart([{ name: "file", filename: "a.txt", data: EICAR }])]] as const) {
    const r = await exchange(h, { requestHeaders: request("POST", "/upload", mp), requestBody: [body], responseHeaders: okResponse() });
    assert.equal(r.status(), 403, what);
    assert.equal(r.json().class, "malware", what);
    assert.equal(r.upstreamHeaders, undefined, `${what}: the upstream saw nothing`);
  }
  const ok = multipart([{ name: "avatar", filename: "me.png", type: "image/png", data: PNG }, { name: "title", data: "Holiday" }]);
  const r = await exchange(h, { requestHeaders: request("POST", "/upload", mp), requestBody: [ok], responseHeaders: okResponse() });
  assert.equal(r.status(), 200);
  assert.deepEqual(r.upstreamBody, ok);
});

test("uploads: a per-route policy narrows the allowed types (a zip is fine for /backups, not for /avatars)", async () => {
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40, 1)]);
  const cfg = { ...strict, uploads: { allowedTypes: ["image"], routes: [{ pathPrefix: "/backups", methods: ["POST"], allowedTypes: ["archive"] }] } };
  const hr = await hostWith(cfg);
  const body = multipart([{ name: "f", filename: "b.zip", data: zip }]);
  const toBackups = await exchange(hr, { requestHeaders: request("POST", "/backups/2024", mp), requestBody: [body], responseHeaders: okResponse() });
  assert.equal(toBackups.status(), 200);
  const toAvatars = await exchange(hr, { requestHeaders: request("POST", "/avatars", mp), requestBody: [body], responseHeaders: okResponse() });
  assert.equal(toAvatars.status(), 403);
  assert.equal(toAvatars.json().class, "malware");
});

test("uploads: a raw body named by X-Filename follows the route's policy (scripts only where it allows them)", async () => {
  const cfg = { ...strict, uploads: { routes: [{ pathPrefix: "/deploy", methods: ["PUT"], allowedTypes: ["script", "text"] }] } };
  const hr = await hostWith(cfg);
  const headers = (path: string) => request("PUT", path, [["x-filename", "plugin.php"], ["content-type", "application/octet-stream"]]);
  const toDeploy = await exchange(hr, { requestHeaders: headers("/deploy/plugins"), requestBody: ["<?php echo 1;"], responseHeaders: okResponse() });
  assert.equal(toDeploy.status(), 200);
  const toAvatars = await exchange(hr, { requestHeaders: headers("/avatars"), requestBody: ["<?php echo 1;"], responseHeaders: okResponse() });
  assert.equal(toAvatars.status(), 403);
  assert.equal(toAvatars.json().class, "malware");
});

test("uploads: unknown type names in the config are rejected, naming the field", async () => {
  await assert.rejects(hostWith({ ...strict, uploads: { allowedTypes: ["images"] } }));
});

test("protocol abuse: lower-case or TRACE methods, CR/LF smuggled in the target, Content-Length with Transfer-Encoding", async () => {
  const cases = [
    await exchange(h, { requestHeaders: request("get", "/items"), responseHeaders: okResponse() }),
    await exchange(h, { requestHeaders: request("TRACE", "/items"), responseHeaders: okResponse() }),
    await exchange(h, { requestHeaders: request("GET", "/redirect?to=%0d%0aSet-Cookie:%20s=1"), responseHeaders: okResponse() }),
    await exchange(h, { requestHeaders: request("POST", "/items", [["content-length", "5"], ["transfer-encoding", "chunked"], ["content-type", "application/json"]]), requestBody: ["{}"], responseHeaders: okResponse() }),
  ];
  for (const r of cases) {
    assert.equal(r.status(), 403, r.downstreamBody.toString());
    assert.equal(r.json().class, "protocol");
    assert.equal(r.upstreamHeaders, undefined);
  }
  const fine = await exchange(h, { requestHeaders: request("GET", "/items?next=%2Fhome"), responseHeaders: okResponse() });
  assert.equal(fine.status(), 200);
});

test("protocol abuse in values and headers: smuggled requests and headers in bodies, LDAP filter breakouts, legacy cookies, a second content type", async () => {
  const form = [["content-type", "application/x-www-form-urlencoded"]] as Array<[string, string]>;
  const json = [["content-type", "application/json"]] as Array<[string, string]>;
  const cases: Array<[string, Parameters<typeof exchange>[1]]> = [
    ["protocol:response-splitting", { requestHeaders: request("POST", "/lang", form), requestBody: ["lang=en%0d%0aContent-Length:%200%0d%0a%0d%0aHTTP/1.1%20200%20OK"], responseHeaders: okResponse() }],
    ["protocol:request-smuggling", { requestHeaders: request("POST", "/notes", json), requestBody: [JSON.stringify({ note: "hi\nPOST /admin/users HTTP/1.1\nHost: internal" })], responseHeaders: okResponse() }],
    ["protocol:ldap-injection", { requestHeaders: request("GET", "/users?name=admin)(%7C(password%3D*)"), responseHeaders: okResponse() }],
    ["protocol:legacy-cookie", { requestHeaders: request("GET", "/", [["cookie", '$Version=1; session="a; b=c"']]), responseHeaders: okResponse() }],
    ["protocol:header-injection", { requestHeaders: request("GET", "/redirect?to=%2Fhome%0D%0AX-Injected:%201"), responseHeaders: okResponse() }],
    ["protocol:crlf-in-name", { requestHeaders: request("GET", "/get?parameter%0d%0a=test"), responseHeaders: okResponse() }],
    ["protocol:mail-command-injection", { requestHeaders: request("POST", "/contact", form), requestBody: ["textarea=%0D%0AMAIL%20FROM%3A%3Cspam%40example.com%3E"], responseHeaders: okResponse() }],
    ["protocol:content-type-confusion", { requestHeaders: request("POST", "/post", [["content-type", 'application/x-www-form-urlencoded;boundary="application/json"']]), requestBody: ["a=1"], responseHeaders: okResponse() }],
  ];
  for (const [rule, ex] of cases) {
    const r = await exchange(h, ex);
    assert.equal(r.status(), 403, `${rule}: ${r.downstreamBody.toString()}`);
    assert.equal(r.json().class, "protocol", rule);
    assert.equal(r.upstreamHeaders, undefined, rule);
  }
  // Multi-line text with ordinary "Name: value" lines, a logged request line, parentheses in prose: they pass.
  const fine: Array<Parameters<typeof exchange>[1]> = [
    { requestHeaders: request("POST", "/jobs", json), requestBody: [JSON.stringify({ text: "Senior engineer\r\nLocation: Berlin\r\nHost: Anna\r\nType: full time" })], responseHeaders: okResponse() },
    { requestHeaders: request("POST", "/logs", json), requestBody: [JSON.stringify({ request: "GET /api/v1/users?page=2 HTTP/1.1", status: 200 })], responseHeaders: okResponse() },
    { requestHeaders: request("GET", "/search?q=step%201)%20(optional)%20install"), responseHeaders: okResponse() },
    { requestHeaders: request("GET", "/search?q=Go%20to%20store.%0D%0AAt%20the%20store%2C%20shop."), responseHeaders: okResponse() },
    { requestHeaders: request("POST", "/upload", [["content-type", "multipart/form-data; boundary=----x"]]), requestBody: ["------x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n------x--\r\n"], responseHeaders: okResponse() },
  ];
  for (const ex of fine) {
    const r = await exchange(h, ex);
    assert.equal(r.status(), 200, r.downstreamBody.toString());
  }
});

test("GraphQL: introspection and over-deep queries are blocked, ordinary queries pass (JSON and application/graphql)", async () => {
  const gql = (query: string) => JSON.stringify({ query, operationName: null, variables: {} });
  const json = [["content-type", "application/json"]] as Array<[string, string]>;
  const introspection = await exchange(h, { requestHeaders: request("POST", "/graphql", json), requestBody: [gql("query IntrospectionQuery { __schema { types { name } } }")], responseHeaders: okResponse() });
  assert.equal(introspection.status(), 403);
  assert.equal(introspection.json().class, "graphql");
  let deep = "id"; for (let i = 0; i < 20; i++) deep = `friends { ${deep} }`;
  const tooDeep = await exchange(h, { requestHeaders: request("POST", "/graphql", [["content-type", "application/graphql"]]), requestBody: [`query Deep { user(id: 1) { ${deep} } }`], responseHeaders: okResponse() });
  assert.equal(tooDeep.status(), 403);
  assert.equal(tooDeep.json().class, "graphql");
  const ok = await exchange(h, { requestHeaders: request("POST", "/graphql", json), requestBody: [gql('query Orders($id: ID!) { user(id: $id) { name orders(first: 5) { id total } } } # "__schema" in a comment')], responseHeaders: okResponse() });
  assert.equal(ok.status(), 200, ok.downstreamBody.toString());
  // GraphQL over GET, and a keyword-less document that asks for the schema; also encoded twice (the JSON request
  // and a plain document whose '+' blanks were encoded again).
  const twice = (s: string) => encodeURIComponent(encodeURIComponent(s).replace(/%20/g, "+"));
  for (const path of ["/graphql?query=%7B__schema%7Btypes%7Bname%7D%7D%7D", `/graphql?query=${encodeURIComponent('{"query": "IntrospectionQuery{__schema {queryType { name }}"}')}`, "/graphql?operationName=x&query=query+Q+%7B+__type(name%3A%22User%22)+%7B+name+%7D+%7D",
    `/graphql?query=${twice('{"query": "IntrospectionQuery{__schema {queryType { name }}"}')}`, `/graphql?query=${twice("query Q { __schema { types { name } } }")}`]) {
    const viaGet = await exchange(h, { requestHeaders: request("GET", path), responseHeaders: okResponse() });
    assert.equal(viaGet.status(), 403, path);
    assert.equal(viaGet.json().class, "graphql");
  }
  const nameOnly = await exchange(h, { requestHeaders: request("POST", "/graphql", json), requestBody: [gql("IntrospectionQuery{__schema {queryType { name }}")], responseHeaders: okResponse() });
  assert.equal(nameOnly.status(), 403);
  const okGet = await exchange(h, { requestHeaders: request("GET", "/graphql?query=%7B+user(id%3A+1)+%7B+name+%7D+%7D"), responseHeaders: okResponse() });
  assert.equal(okGet.status(), 200, okGet.downstreamBody.toString());
  const search = await exchange(h, { requestHeaders: request("GET", "/search?query=shoes+%7Bred%7D"), responseHeaders: okResponse() });
  assert.equal(search.status(), 200, search.downstreamBody.toString());
  // An ordinary query encoded twice, and a search term with an escape left in it, pass.
  for (const path of [`/graphql?query=${twice("{ user(id: 1) { name } }")}`, "/search?query=50%2525+off+%257Bsale%257D"]) {
    const passes = await exchange(h, { requestHeaders: request("GET", path), responseHeaders: okResponse() });
    assert.equal(passes.status(), 200, path);
  }
});

test("exfiltration: a response carrying PII in more records than limits.maxPiiRecords is a finding (blocked when the policy says so)", async () => {
  const cfg = structuredClone(strict);
  cfg.limits.maxPiiRecords = 10;
  cfg.actions.attacks.exfiltration = { request: "block", response: "block" };
  const hx = await hostWith(cfg);
  const rows = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ id: i, email: `user${i}@example.com` })));
  const many = await exchange(hx, { requestHeaders: request("GET", "/users"), responseHeaders: [[":status", "200"], ["content-type", "application/json"]], responseBody: [rows(11)] });
  assert.equal(many.status(), 403, many.downstreamBody.toString());
  assert.equal(many.json().class, "exfiltration");
  const few = await exchange(hx, { requestHeaders: request("GET", "/users"), responseHeaders: [[":status", "200"], ["content-type", "application/json"]], responseBody: [rows(10)] });
  assert.equal(few.status(), 200);
  assert.ok(!few.downstreamBody.toString().includes("user1@example.com"), "the emails are still redacted");
});

test("hash redaction: same-length keyed tokens, equal values give equal tokens, JSON stays valid", async () => {
  const cfg = { ...strict, redaction: { style: "hash", hashKey: "0123456789abcdef-secret" } };
  const hh = await hostWith(cfg);
  const body = JSON.stringify([{ email: "alice@example.com" }, { email: "alice@example.com" }, { email: "bob@example.org" }]);
  const r = await exchange(hh, { requestHeaders: request("GET", "/u"), responseHeaders: [[":status", "200"], ["content-type", "application/json"], ["content-length", String(body.length)]], responseBody: [body] });
  const out = r.downstreamBody.toString();
  assert.equal(out.length, body.length);
  const rows = JSON.parse(out) as Array<{ email: string }>;
  assert.match(rows[0].email, /^h:[0-9a-f]{15}$/);
  assert.equal(rows[0].email, rows[1].email);
  assert.notEqual(rows[0].email, rows[2].email);
  assert.ok(!out.includes("alice"));
});

test("limits: a body nested deeper than limits.maxDepth is a `limits` finding, blocked by the strict policy", async () => {
  const deep = "[".repeat(100) + "]".repeat(100);
  const r = await exchange(h, { requestHeaders: request("POST", "/x", [["content-type", "application/json"]]), requestBody: [deep], responseHeaders: okResponse() });
  assert.equal(r.status(), 403);
  assert.equal(r.json().class, "limits");
});

test("Authorization by shape: unsigned JWTs (alg none, empty signature) and malformed credentials are protocol findings; X-Forwarded-For is inspected", async () => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const payload = b64({ sub: "alice", admin: true });
  const bad = [
    `Bearer ${b64({ alg: "none", typ: "JWT" })}.${payload}.`,
    `Bearer ${b64({ alg: "NONE" })}.${payload}.c2ln`,
    `Bearer ${b64({ alg: "HS256" })}.${payload}.`,
    "Basic not*base64",
    "Bearer",
  ];
  for (const auth of bad) {
    const r = await exchange(h, { requestHeaders: request("GET", "/me", [["authorization", auth]]), responseHeaders: okResponse() });
    assert.equal(r.status(), 403, auth);
    assert.equal(r.json().class, "protocol", auth);
    assert.ok(!r.downstreamBody.toString().includes(payload), "the credential is never echoed");
  }
  const good = [`Bearer ${b64({ alg: "RS256", typ: "JWT" })}.${payload}.c2lnbmF0dXJl`, "Basic dXNlcjpwYXNzd29yZA==", "Bearer opaque-token_123"];
  for (const auth of good) {
    const r = await exchange(h, { requestHeaders: request("GET", "/me", [["authorization", auth]]), responseHeaders: okResponse() });
    assert.equal(r.status(), 200, auth);
  }
  const xff = await exchange(h, { requestHeaders: request("GET", "/me", [["x-forwarded-for", "1.2.3.4' OR '1'='1"]]), responseHeaders: okResponse() });
  assert.equal(xff.status(), 403);
  assert.equal(xff.json().class, "sqli");
});

test("every PII value in a large response is redacted, not only the first 64 findings", async () => {
  const rows = Array.from({ length: 300 }, (_, i) => ({ id: i, email: `person${i}@example.com`, card: "4111 1111 1111 1111" }));
  const body = JSON.stringify(rows);
  const r = await exchange(h, { requestHeaders: request("GET", "/customers"), responseHeaders: [[":status", "200"], ["content-type", "application/json"], ["content-length", String(body.length)]], responseBody: [body] });
  const out = r.downstreamBody.toString();
  assert.equal(out.length, body.length);
  const back = JSON.parse(out) as typeof rows;
  assert.equal(back.length, 300);
  for (const row of back) {
    assert.ok(!row.email.includes("person"), `unredacted: ${row.email}`);
    assert.equal(row.card, "**** **** **** 1111");
  }
});

test("rules match the normalized path: //admin, /./admin, /x/../admin, /%61dmin, /%2561dmin, \\admin are all /admin", async () => {
  const hr = await hostWith({ ...strict, rules: [{ id: "no-admin", action: "block", match: { pathPrefix: "/admin" } }] });
  for (const path of ["/admin/users", "//admin/users", "/./admin", "/public/../admin", "/%61dmin", "/%2561dmin/x", "/\\admin"]) {
    const r = await exchange(hr, { requestHeaders: request("GET", path), responseHeaders: okResponse() });
    assert.equal(r.status(), 403, path);
    // Dot segments are also a traversal attack, which may decide first.
    assert.ok(r.json().rule === "no-admin" || r.json().class === "traversal", `${path}: ${r.downstreamBody}`);
  }
  for (const path of ["/administrator-guide".replace("administrator-guide", "adm/in"), "/public/admin", "/api?next=/admin"]) {
    const r = await exchange(hr, { requestHeaders: request("GET", path), responseHeaders: okResponse() });
    assert.equal(r.status(), 200, path);
  }
});

test("relabelling a payload does not avoid inspection: JSON sent as text/plain or an unknown type is read as JSON", async () => {
  for (const ct of ["text/plain", "application/x-custom", "application/vnd.acme.v2"]) {
    const r = await exchange(h, { requestHeaders: request("POST", "/comments", [["content-type", ct]]), requestBody: ['{"text":"<script>alert(document.cookie)</script>"}'], responseHeaders: okResponse() });
    assert.equal(r.status(), 403, ct);
    assert.equal(r.json().class, "xss", ct);
  }
  const resp = JSON.stringify({ email: "carol@example.com" });
  const r = await exchange(h, { requestHeaders: request("GET", "/me"), responseHeaders: [[":status", "200"], ["content-type", "application/x-custom"], ["content-length", String(resp.length)]], responseBody: [resp] });
  assert.equal(JSON.parse(r.downstreamBody.toString()).email, "*****@*******.***", "redacted although the type is not JSON");
  const png = await exchange(h, { requestHeaders: request("POST", "/img", [["content-type", "image/png"]]), requestBody: [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x3c, 0x73, 0x63, 0x72])], responseHeaders: okResponse() });
  assert.equal(png.status(), 200, "binary media is not read as text");
});

test("PII in cookies: found with the cookie name as location, and masked in the header when the policy redacts", async () => {
  const cfg = structuredClone(strict);
  cfg.actions.pii.email = { request: "redact", response: "redact" };
  const hc = await hostWith(cfg);
  const r = await exchange(hc, { requestHeaders: request("GET", "/account?tab=1", [["cookie", "session=abc123; contact=alice%40example.com; theme=dark"]]), responseHeaders: okResponse() });
  assert.equal(r.status(), 200);
  const sent = new Map(r.upstreamHeaders!.map(([k, v]) => [k, v]));
  assert.equal(sent.get("cookie"), "session=abc123; contact=***************.***; theme=dark");
  assert.equal(sent.get(":path"), "/account?tab=1", "the path is left as it was");
});

test("raw binary bodies: an executable or EICAR sent as application/octet-stream is malware; ordinary files pass", async () => {
  for (const [what, body, ct] of [["pe", PE, "application/octet-stream"], ["eicar", Buffer.from(EICAR), "application/octet-stream"], ["pe as png", PE, "image/png"]] as const) {
    const r = await exchange(h, { requestHeaders: request("PUT", "/files/setup", [["content-type", ct]]), requestBody: [body], responseHeaders: okResponse() });
    assert.equal(r.status(), 403, what);
    assert.equal(r.json().class, "malware", what);
    assert.equal(r.upstreamHeaders, undefined, `${what}: the upstream saw nothing`);
  }
  const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(200, 0x41)]);
  for (const [body, ct] of [[PNG, "image/png"], [pdf, "application/pdf"], [Buffer.alloc(3000, 7), "application/octet-stream"]] as const) {
    const r = await exchange(h, { requestHeaders: request("PUT", "/files/x", [["content-type", ct]]), requestBody: [body], responseHeaders: okResponse() });
    assert.equal(r.status(), 200, ct);
    assert.deepEqual(r.upstreamBody, body);
  }
});

test("metrics count findings by class and action, including those past the detailed list", async () => {
  const hm = await hostWith(strict);
  const rows = JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ email: `m${i}@example.com` })));
  await exchange(hm, { requestHeaders: request("GET", "/list"), responseHeaders: [[":status", "200"], ["content-type", "application/json"]], responseBody: [rows] });
  await exchange(hm, { requestHeaders: request("GET", "/x?q=1%27%20OR%20%271%27%3D%271"), responseHeaders: okResponse() });
  const prom = hm.stats.renderPrometheus();
  assert.match(prom, /l7guard_findings_pii_email_redact_total\{\} 100\b/, prom.split("\n").filter((l) => l.includes("email")).join("\n"));
  assert.match(prom, /l7guard_findings_attack_sqli_block_total\{\} 1\b/);
  assert.match(prom, /l7guard_pii_redactions_total\{\} 100\b/);
});
