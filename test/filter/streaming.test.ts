// Alert-only inspection never holds a body: it inspects each chunk as it passes. The JSON tokenizer resumes
// across chunks and a value cut by a chunk boundary is inspected whole, so what is found (and where) does
// not depend on how the proxy cut the body. Driven through the host with the shipped monitor policy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { PluginHost } from "../../host/index.ts";
import { chunksOf, cut, exchange, hostPool, okResponse, request } from "./exchange.ts";

const root = new URL("../../", import.meta.url).pathname;
const monitor = JSON.parse(readFileSync(`${root}examples/policies/monitor.json`, "utf8"));
const logs: string[] = [];
const { hostWith, closeAll } = hostPool(logs);
let h: PluginHost;
before(async () => { h = await hostWith(monitor); });
after(closeAll);

const findingsOf = (id: string) => logs.filter((l) => l.includes(`request_id=${id}`)).map((l) => l.replace(/^l7guard: /, "").replace(/ request_id=.*$/, "")).sort();

test("JSON cut anywhere: the same findings at the same locations as in one piece, and the body passes unchanged", async () => {
  const body = JSON.stringify({ users: [{ name: "Alice", email: "alice@example.com", card: "4111 1111 1111 1111" }, { name: "Bob", password: "hunter2", note: "call +1 415 555 2671" }] });
  const whole = await exchange(h, { requestHeaders: request("POST", "/users", [["content-type", "application/json"], ["x-request-id", "whole"]]), requestBody: [body], responseHeaders: okResponse() });
  assert.equal(whole.status(), 200);
  const expected = findingsOf("whole");
  assert.deepEqual(expected, ["pii card alert at $.users[0].card", "pii email alert at $.users[0].email", "pii password alert at $.users[1].password", "pii phone alert at $.users[1].note"]);
  // Every cut position, in 2 and 3 pieces.
  for (let a = 1; a < body.length; a += 3) {
    for (const pieces of [cut(body, [a]), cut(body, [a, Math.min(body.length, a + 7)])]) {
      const id = `cut-${a}-${pieces.length}`;
      const r = await exchange(h, { requestHeaders: request("POST", "/users", [["content-type", "application/json"], ["x-request-id", id]]), requestBody: pieces, responseHeaders: okResponse() });
      assert.equal(r.upstreamBody.toString(), body, "alert-only changes nothing");
      assert.deepEqual(findingsOf(id), expected, `cut at ${a} (${pieces.length} pieces)`);
    }
  }
});

test("a form field cut in two is inspected whole", async () => {
  const r = await exchange(h, { requestHeaders: request("POST", "/signup", [["content-type", "application/x-www-form-urlencoded"], ["x-request-id", "form-cut"]]), requestBody: ["name=Bob&email=bob%40exa", "mple.com&plan=pro"], responseHeaders: okResponse() });
  assert.equal(r.status(), 200);
  assert.deepEqual(findingsOf("form-cut"), ["pii email alert at form.email"]);
});

test("exfiltration is counted across the chunks of a streamed response", async () => {
  const hx = await hostWith({ ...monitor, limits: { ...(monitor.limits ?? {}), maxPiiRecords: 20 } });
  const rows = JSON.stringify(Array.from({ length: 30 }, (_, i) => ({ id: i, email: `user${i}@example.com` })));
  const chunks = cut(rows, [100, 333, 500, 777, 1000]);
  await exchange(hx, { requestHeaders: request("GET", "/users", [["x-request-id", "exfil-stream"]]), responseHeaders: [[":status", "200"], ["content-type", "application/json"]], responseBody: chunks });
  const found = findingsOf("exfil-stream");
  assert.equal(found.filter((l) => l.startsWith("attack exfiltration alert")).length, 1, found.join("\n"));
  assert.equal(found.filter((l) => l.startsWith("pii email")).length, 30);
});

test("a body handed over in large chunks of changing sizes: the same findings as in 64 KiB chunks, and linear memory stays small", async () => {
  // Other proxies (and our gateway) can hand a filter a whole body at once. Alert-only inspection reads such a
  // chunk from the host in slices: read whole, 400 KB then 700 KB then 1.1 MB chunks grew a VM to 10 MiB.
  const hx = await hostWith({ ...monitor, limits: { ...(monitor.limits ?? {}), maxBodyBytes: 4 << 20, maxFields: 1000000 } });
  const body = Buffer.from(JSON.stringify(Array.from({ length: 12000 }, (_, i) => ({ id: i, email: i % 500 === 7 ? `user${i}@example.com` : `user${i}`, note: "Please leave the parcel at the front desk" }))));
  const small = chunksOf(body, 65536);
  await exchange(hx, { requestHeaders: request("POST", "/items", [["content-type", "application/json"], ["x-request-id", "chunks-64k"]]), requestBody: small, responseHeaders: okResponse() });
  const expected = findingsOf("chunks-64k");
  assert.equal(expected.filter((l) => l.startsWith("pii email alert at $[")).length, 24, expected.join("\n"));
  const before = hx.workerMemoryBytes[0];
  for (let round = 0; round < 12; round++) {
    const id = `chunks-large-${round}`;
    const a = 300000 + round * 50000, b = a + 250000 + round * 20000;
    const r = await exchange(hx, { requestHeaders: request("POST", "/items", [["content-type", "application/json"], ["x-request-id", id]]), requestBody: [body.subarray(0, a), body.subarray(a, b), body.subarray(b)], responseHeaders: okResponse(), responseBody: [body] });
    assert.ok(r.upstreamBody.equals(body) && r.downstreamBody.equals(body), "alert-only changes nothing");
    const found = findingsOf(id);
    assert.deepEqual(found.filter((l) => !l.startsWith("limits")), [...expected, ...expected].filter((l) => !l.startsWith("limits")).sort(), `round ${round}`);
  }
  const grown = hx.workerMemoryBytes[0] - before;
  assert.ok(grown <= 1 << 20, `linear memory grew by ${(grown / 1048576).toFixed(2)} MiB reading 1 MB chunks`);
});

test("text and form bodies in one large chunk: the findings of 64 KiB and 16 KiB chunks, values cut between slices included", async () => {
  const hx = await hostWith({ ...monitor, limits: { ...(monitor.limits ?? {}), maxBodyBytes: 4 << 20, maxFields: 1000000 } });
  const filler = (n: number) => "lorem ipsum dolor sit amet ".repeat(Math.ceil(n / 27)).slice(0, n);
  const bodies: Array<[string, Buffer]> = [
    // The e-mail straddles the first 64 KiB slice's end; the phone and the script lie in later slices.
    ["text/plain", Buffer.from(filler(65520) + " write to alice@example.org or call +44 20 7946 0958 " + filler(200000) + " <script>alert(1)</script> " + filler(5000))],
    ["application/x-www-form-urlencoded", Buffer.from("a=" + encodeURIComponent(filler(150000)) + "&email=carol%40example.com&q=" + encodeURIComponent("1 union select password from users--") + "&b=" + encodeURIComponent(filler(90000)))],
  ];
  for (const [contentType, body] of bodies) {
    const seen: string[][] = [];
    for (const [name, chunks] of [["whole", [body]], ["64k", chunksOf(body, 65536)], ["16k", chunksOf(body, 16384)]] as const) {
      const id = `slices-${contentType}-${name}`;
      await exchange(hx, { requestHeaders: request("POST", "/notes", [["content-type", contentType], ["x-request-id", id]]), requestBody: chunks as Buffer[], responseHeaders: okResponse() });
      seen.push(findingsOf(id));
    }
    assert.ok(seen[0].length >= 2, `${contentType}: ${seen[0].join(", ")}`);
    assert.deepEqual(seen[1], seen[0], `${contentType}: 64 KiB chunks against one chunk`);
    assert.deepEqual(seen[2], seen[0], `${contentType}: 16 KiB chunks against one chunk`);
  }
});

test("a bulk response is reported as exfiltration, in one chunk or many, also when its e-mails filled the findings list", async () => {
  // 2,000 records with an e-mail each: far more findings than the detailed list holds (64 per chunk); the
  // exfiltration finding still gets its event (it had been pushed past the list, counted but never logged).
  const hx = await hostWith({ ...monitor, limits: { ...(monitor.limits ?? {}), maxPiiRecords: 100 } });
  const rows = Buffer.from(JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: i, email: `user${i}@example.com` }))));
  for (const [name, chunks] of [["whole", [rows]], ["16k", chunksOf(rows, 16384)]] as const) {
    const id = `exfil-bulk-${name}`;
    await exchange(hx, { requestHeaders: request("GET", "/users", [["x-request-id", id]]), responseHeaders: okResponse(), responseBody: chunks as Buffer[] });
    assert.deepEqual(findingsOf(id).filter((l) => l.startsWith("attack exfiltration")), ["attack exfiltration alert at $"], name);
  }
});
