// multipart/form-data through the host: PII in text fields and in JSON or urlencoded parts is found and
// redacted in place (same length, framing untouched, Content-Length still true), attacks in typed parts
// and disguised files are blocked before the upstream, and malformed framing (LF-only lines, quoted
// boundaries, RFC 5987 filenames) hides nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { exchange, hostPool, okResponse, request } from "./exchange.ts";
import type { PluginHost } from "../../host/index.ts";

const root = new URL("../../", import.meta.url).pathname;
const strict = JSON.parse(readFileSync(`${root}examples/policies/strict.json`, "utf8"));
const logs: string[] = [];
const pool = hostPool(logs);
after(() => pool.closeAll());

// strict, with PII in requests redacted (strict alerts on it) and any non-executable file type allowed.
const redactRequests = structuredClone(strict);
for (const t of Object.keys(redactRequests.actions.pii)) redactRequests.actions.pii[t].request = "redact";
delete redactRequests.uploads;
let h: PluginHost;
before(async () => { h = await pool.hostWith(redactRequests); });

const boundary = "----l7gMultipart4x";
type Part = { name: string; filename?: string; type?: string; data: Buffer | string };
function multipart(parts: Part[], eol = "\r\n", b = boundary): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${b}${eol}Content-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ""}${eol}${p.type ? `Content-Type: ${p.type}${eol}` : ""}${eol}`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from(eol));
  }
  chunks.push(Buffer.from(`--${b}--${eol}`));
  return Buffer.concat(chunks);
}
const headers = (body: Buffer, ct = `multipart/form-data; boundary=${boundary}`): Array<[string, string]> => [["content-type", ct], ["content-length", String(body.length)]];
const upstreamLength = (r: Awaited<ReturnType<typeof exchange>>) => r.upstreamHeaders?.find(([k]) => k === "content-length")?.[1];

test("PII in multipart text fields is redacted in place with same-length masks; Content-Length stays true", async () => {
  const body = multipart([
    { name: "name", data: "Ann Example" },
    { name: "ssn", data: "123-45-6789" },
    { name: "email", data: "ann@example.com" },
    { name: "note", type: "text/plain; charset=utf-8", data: "pay with 4111 1111 1111 1111 please" },
    { name: "avatar", filename: "me.png", type: "image/png", data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) },
  ]);
  logs.length = 0;
  const r = await exchange(h, { requestHeaders: request("POST", "/profile", headers(body)), requestBody: [body.subarray(0, 100), body.subarray(100)], responseHeaders: okResponse() });
  assert.equal(r.status(), 200);
  const out = r.upstreamBody.toString("latin1");
  assert.equal(r.upstreamBody.length, body.length, "same length");
  assert.equal(upstreamLength(r), String(body.length), "Content-Length matches the body the upstream gets");
  assert.ok(!out.includes("123-45-6789") && out.includes("\r\n***-**-****\r\n"), out);
  assert.ok(!out.includes("ann@example.com") && out.includes("***@*******.***"), out);
  assert.ok(out.includes("pay with **** **** **** 1111 please"), out);
  assert.ok(out.includes("Ann Example"), "other fields untouched");
  assert.deepEqual(r.upstreamBody.subarray(r.upstreamBody.length - 60), body.subarray(body.length - 60), "the file part and closing delimiter untouched");
  assert.ok(logs.some((l) => l.includes("pii ssn redact at multipart.ssn")), logs.join("\n"));
});

test("a base64 text part is read decoded: its PII masks every byte of the encoded part; Content-Length stays true", async () => {
  // Its base64 holds '+' and '/' (kept by the partial mask's separators: the whole part must be masked).
  const encoded = Buffer.from("Notes: my SSN is 078-05-1120 ~ call me after five??").toString("base64").replace(/(.{40})/g, "$1\r\n");
  const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="notes"; filename="notes.txt"\r\nContent-Type: text/plain\r\n` +
    `Content-Transfer-Encoding: base64\r\n\r\n${encoded}\r\n--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nAnn Example\r\n--${boundary}--\r\n`);
  logs.length = 0;
  const r = await exchange(h, { requestHeaders: request("POST", "/notes", headers(body)), requestBody: [body], responseHeaders: okResponse() });
  assert.equal(r.status(), 200);
  assert.equal(r.upstreamBody.length, body.length, "same length");
  assert.equal(upstreamLength(r), String(body.length));
  const at = body.indexOf(encoded);
  assert.ok(at > 0);
  assert.equal(r.upstreamBody.subarray(at, at + encoded.length).toString("latin1"), "*".repeat(encoded.length), "the encoded part, line breaks too, is masked whole");
  assert.ok(r.upstreamBody.toString().includes("Ann Example"), "other parts untouched");
  assert.ok(logs.some((l) => l.includes("pii ssn redact at multipart.notes")), logs.join("\n"));
});

test("a JSON part is read as JSON (PII redacted, located in the part; an injection blocked); a urlencoded part as a form", async () => {
  const body = multipart([{ name: "profile", type: "application/json", data: '{"card":"5555555555554444","city":"Springfield"}' }, { name: "prefs", type: "application/x-www-form-urlencoded", data: "lang=en&contact=bob%40example.com" }]);
  logs.length = 0;
  const r = await exchange(h, { requestHeaders: request("POST", "/profile", headers(body)), requestBody: [body], responseHeaders: okResponse() });
  assert.equal(r.status(), 200);
  const out = r.upstreamBody.toString();
  assert.ok(out.includes('{"card":"************4444","city":"Springfield"}'), out);
  assert.ok(!out.includes("bob%40example.com") && out.includes("lang=en&contact=*************.***"), out);
  assert.ok(logs.some((l) => l.includes("pii card redact at multipart.profile$.card")), logs.join("\n"));
  assert.ok(logs.some((l) => l.includes("pii email redact at multipart.prefs.form.contact")), logs.join("\n"));
  const attack = multipart([{ name: "filter", type: "application/json", data: '{"where":"1\' OR \'1\'=\'1"}' }]);
  const b = await exchange(h, { requestHeaders: request("POST", "/search", headers(attack)), requestBody: [attack], responseHeaders: okResponse() });
  assert.equal(b.status(), 403);
  assert.equal(b.json().class, "sqli");
  assert.equal(b.upstreamHeaders, undefined);
});

test("disguised files are malware: a web shell declared image/png or named .php.jpg, an executable sent without a filename or with filename*=", async () => {
  const shell = multipart([{ name: "avatar", filename: "me.png", type: "image/png", data: "<?php system($_GET['c']); ?>" }]);
  const pe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(60, 0)]);
  const bare = multipart([{ name: "file", type: "application/octet-stream", data: pe }]);
  const rfc5987 = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="f"; filename*=UTF-8''setup%2Eexe\r\n\r\n`), pe, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  // A web shell by name: plain text a PHP server runs (also behind a second extension).
  const byName = multipart([{ name: "doc", filename: "notes.php.jpg", type: "text/plain", data: "hello" }]);
  for (const [what, body] of [["shell", shell], ["bare", bare], ["rfc5987", rfc5987], ["by name", byName]] as const) {
    const r = await exchange(h, { requestHeaders: request("POST", "/upload", headers(body)), requestBody: [body], responseHeaders: okResponse() });
    assert.equal(r.status(), 403, what);
    assert.equal(r.json().class, "malware", what);
    assert.equal(r.upstreamHeaders, undefined, `${what}: the upstream saw nothing`);
  }
});

test("an XML or SVG file is read as a document: an external entity or a handler is blocked, a plain drawing passes", async () => {
  const xxe = multipart([{ name: "chart", filename: "c.xml", type: "application/xml", data: "<?xml version='1.0'?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM \"/etc/passwd\">]>\n<a>&xxe;</a>" }], "\n");
  const svg = multipart([{ name: "logo", filename: "l.svg", type: "image/svg+xml", data: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><rect/></svg>' }]);
  for (const [what, body, cls] of [["xxe", xxe, "xxe"], ["svg", svg, "xss"]] as const) {
    const r = await exchange(h, { requestHeaders: request("POST", "/upload", headers(body)), requestBody: [body], responseHeaders: okResponse() });
    assert.equal(r.status(), 403, what);
    assert.equal(r.json().class, cls, what);
    assert.equal(r.upstreamHeaders, undefined, `${what}: the upstream saw nothing`);
  }
  const plain = multipart([{ name: "logo", filename: "l.svg", type: "image/svg+xml", data: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10"><rect width="5" height="5"/></svg>' }]);
  const ok = await exchange(h, { requestHeaders: request("POST", "/upload", headers(plain)), requestBody: [plain], responseHeaders: okResponse() });
  assert.equal(ok.status(), 200);
});

test("a Content-Disposition parameter other than name and filename is read for attacks; dates and sizes pass", async () => {
  const part = (disposition: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`);
  const rce = part('form-data; xxpcscma="field2"; zczqildp="%22$($(echo -n aWQ=|base64 -d)>7f3k9q)%22"');
  const r = await exchange(h, { requestHeaders: request("POST", "/cgi-bin/quick/quick.cgi", headers(rce)), requestBody: [rce], responseHeaders: okResponse() });
  assert.equal(r.status(), 403);
  assert.equal(r.json().class, "cmdi");
  const dated = part('form-data; name="doc"; filename="a.txt"; size=1234; creation-date="Wed, 12 Feb 1997 16:29:51 -0500"');
  const ok = await exchange(h, { requestHeaders: request("POST", "/upload", headers(dated)), requestBody: [dated], responseHeaders: okResponse() });
  assert.equal(ok.status(), 200);
});

test("LF-only line endings and a quoted boundary parameter hide nothing", async () => {
  const lf = multipart([{ name: "ssn", data: "123-45-6789" }], "\n");
  const r = await exchange(h, { requestHeaders: request("POST", "/profile", headers(lf)), requestBody: [lf], responseHeaders: okResponse() });
  assert.ok(r.upstreamBody.toString().includes("\n***-**-****\n"), r.upstreamBody.toString());
  const quoted = multipart([{ name: "q", data: "1' union select password from users--" }], "\r\n", "quoted:boundary=1");
  const b = await exchange(h, { requestHeaders: request("POST", "/search", headers(quoted, 'multipart/form-data; boundary="quoted:boundary=1"; charset=utf-8')), requestBody: [quoted], responseHeaders: okResponse() });
  assert.equal(b.status(), 403);
  assert.equal(b.json().class, "sqli");
});

test("a field name with a header delimiter inside its quotes is protocol abuse; names written with HTML entities pass", async () => {
  for (const name of ["fi;le", "fi=le", "amp;zzz", "&amp;fi;zzz", "cv.p\\d\\f"]) {
    const body = multipart([{ name, filename: "test", type: "application/octet-stream", data: "helloworld" }]);
    const r = await exchange(h, { requestHeaders: request("POST", "/upload", headers(body)), requestBody: [body], responseHeaders: okResponse() });
    assert.equal(r.status(), 403, name);
    assert.equal(r.json().class, "protocol", name);
  }
  for (const name of ["zzz&auml;&ouml;&uuml;zzz", "&#1046;&#1047;", "zzz&amp;zzz", "user[address][city]", "items[]", "Q&A"]) {
    const body = multipart([{ name, filename: "test", type: "application/octet-stream", data: "helloworld" }]);
    const r = await exchange(h, { requestHeaders: request("POST", "/upload", headers(body)), requestBody: [body], responseHeaders: okResponse() });
    assert.equal(r.status(), 200, name);
  }
});

test("alert-only (monitor): a binary upload streamed in chunks raises no attack alerts; a field after it is still read", async () => {
  const monitor = JSON.parse(readFileSync(`${root}examples/policies/monitor.json`, "utf8"));
  const hm = await pool.hostWith(monitor);
  let seed = 99;
  for (let round = 0; round < 3; round++) {
    const file = Buffer.alloc(200 * 1024);
    for (let i = 0; i < file.length; i++) { seed = (seed * 1103515245 + 12345) >>> 0; file[i] = seed >>> 24; }
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(file);
    const body = multipart([{ name: "title", data: "Holiday" }, { name: "photo", filename: "me.png", type: "image/png", data: file }, { name: "email", data: "ann@example.com" }]);
    const chunks: Buffer[] = [];
    for (let o = 0; o < body.length; o += 16384) chunks.push(body.subarray(o, o + 16384));
    logs.length = 0;
    const r = await exchange(hm, { requestHeaders: request("POST", "/upload", headers(body)), requestBody: chunks, responseHeaders: okResponse(), responseBody: ["{}"] });
    assert.deepEqual(r.upstreamBody, body, "monitor changes nothing");
    assert.deepEqual(logs.filter((l) => l.includes("l7guard: attack")), [], `round ${round}: random image bytes are not attacks`);
    assert.ok(logs.some((l) => l.includes("pii email alert at multipart.email")), logs.join("\n"));
  }
});
