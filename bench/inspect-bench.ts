// Inspection speed and memory (issue #3 targets):
// - JSON inspection throughput with all detectors on (PII + attacks), 1 KiB / 16 KiB / 1 MiB bodies, in the
//   Wasm core alone, against the same detectors written with JavaScript RegExp (target >= 1,000 MB/s, >= 5x);
// - per-request filter time, p50 and p99, for a 16 KiB JSON response redacted by the strict policy (target p99 <= 50 µs);
// - Wasm linear memory per VM after 10,000 mixed requests including 1 MiB bodies (target <= 4 MiB);
// - a 1 MiB JSON response redacted as it streams in 64 KiB chunks (strict policy): time per request, most
//   bytes held back at once, memory per VM, each against the same response held whole and redacted at the
//   end (the strict policy plus one response class that blocks, which still holds the body).
import { readFileSync } from "node:fs";
import { loadHarnessExports } from "../test/inspect/harness.ts";
import { PluginHost, SharedState, type StreamSink } from "../host/index.ts";
import { regexInspect, regexInspectJson } from "./baseline/regex-detectors.ts";
import type { BenchRow } from "./run.ts";

const root = new URL("../", import.meta.url).pathname;

// Whole records (valid JSON: the per-value RegExp baseline parses it) until `size` bytes are reached: a few more.
function recordsBody(size: number, record: (i: number) => unknown): Buffer {
  const records: string[] = [];
  let total = 2;
  for (let i = 0; total < size; i++) {
    const r = JSON.stringify(record(i));
    records.push(r);
    total += r.length + 1;
  }
  return Buffer.from(`[${records.join(",")}]`);
}

// A realistic API payload: records with names, emails, cards (some), addresses, free text.
export function jsonBody(size: number): Buffer {
  return recordsBody(size, (i) => ({
    id: 100000 + i, name: `Customer ${i}`, email: `user${i}@example.com`, card: i % 10 === 0 ? "4111 1111 1111 1111" : undefined,
    address: { street: `${i} Main Street`, city: "Springfield", zip: "12345" }, note: "Please leave the parcel at the front desk, thanks!",
    tags: ["vip", "newsletter"], balance: 1234.56, active: true,
  }));
}

// API records of another common shape: UUIDs, timestamps, URLs with queries, prose with an order number, a
// nested list, enum strings (each value shape here used to cost microseconds in the attack detectors).
export function apiBody(size: number): Buffer {
  return recordsBody(size, (i) => ({
    id: `550e8400-e29b-41d4-a716-${String(446655440000 + i).padStart(12, "0")}`, createdAt: "2026-11-23T10:15:00Z", status: "shipped",
    customer: { name: `Customer ${i}`, email: `user${i}@example.com` }, avatar: `https://cdn.example.com/img/${i}/photo.png?w=200&h=100`,
    note: `Order #${10000 + i} shipped on 2026-11-20 via UPS.`, items: [{ sku: `SKU-${i}`, qty: 2, price: "19.99", currency: "USD" }], tz: "Europe/Berlin",
  }));
}

// A downstream that takes what the filter passes and drops it.
const sink: StreamSink = { upstreamHeaders() {}, upstreamData() {}, upstreamTrailers() {}, downstreamHeaders() {}, downstreamData() {}, downstreamTrailers() {}, cancelUpstream() {}, reset() {} };
// A body as a proxy hands it over, in chunks of `size` bytes.
const chunksOf = (body: Buffer, size: number) => Array.from({ length: Math.ceil(body.length / size) }, (_, k) => body.subarray(k * size, (k + 1) * size));

function mbps(bytes: number, ms: number): number { return bytes / (1024 * 1024) / (ms / 1000); }

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // The body is placed in the harness's memory once; each call scans it (the filter scans the body where the
  // host copied it). The machines are shared and noisy (other jobs take the cores for tens of ms at a time):
  // the best of many short slices is the code's speed, the slowest ones measure the neighbours.
  const h = loadHarnessExports() as ReturnType<typeof loadHarnessExports> & { inspect(p: number, n: number, kind: number, redact: number): number; setLimits(d: number, f: number): void };
  h.setLimits(64, 1 << 20); // a 1 MiB body has ~50k fields: scan all of it, not up to the default field limit
  const best = (f: () => void, bytes: number, minMs: number, slices = 5) => {
    let top = 0;
    for (let r = 0; r < slices; r++) {
      const t0 = performance.now(); let n = 0;
      do { f(); n++; } while (performance.now() - t0 < minMs);
      top = Math.max(top, mbps(bytes * n, performance.now() - t0));
    }
    return top;
  };
  for (const [label, size, shape] of [["1 KiB", 1024, jsonBody], ["16 KiB", 16 * 1024, jsonBody], ["1 MiB", 1024 * 1024, jsonBody], ["16 KiB API records (UUIDs, timestamps, URLs)", 16 * 1024, apiBody]] as const) {
    const body = shape(size);
    const text = body.toString();
    const ptr = h.malloc(body.length);
    new Uint8Array(h.memory.buffer, ptr, body.length).set(body);
    if (h.inspect(ptr, body.length, 0, 0) < 1) throw new Error(`bench body ${label}: no findings (the scan did not run)`);
    // Slices alternate between the two so that a busy moment on a shared machine hits both alike: 150 of
    // >= 10 ms each, about 1.5 s per side.
    let wasm = 0, regex = 0, regexPerValue = 0;
    if (regexInspectJson(text) !== regexInspect(text)) throw new Error(`bench body ${label}: the two RegExp baselines disagree`);
    for (let r = 0; r < 150; r++) {
      wasm = Math.max(wasm, best(() => h.inspect(ptr, body.length, 0, 0), body.length, 10, 1));
      regex = Math.max(regex, best(() => regexInspect(text), text.length, 10, 1));
      if (r % 3 === 0) regexPerValue = Math.max(regexPerValue, best(() => regexInspectJson(text), text.length, 10, 1));
    }
    h.free(ptr);
    rows.push({ name: `JSON inspection, all detectors, ${label} body (Wasm core)`, value: wasm, unit: "MB/s", baseline: regex, baselineName: "JS RegExp over the text", target: shape === jsonBody ? "≥ 1000 MB/s, ≥ 5× RegExp" : undefined, better: "higher" });
    // The like-for-like baseline (per value, with key context and locations, as the Wasm core works) is far
    // slower than the whole-text one; the target row keeps the faster, stricter baseline.
    rows.push({ name: `same, ${label}, against RegExp per value (JSON.parse, every key and value, JSON paths)`, value: wasm, unit: "MB/s", baseline: regexPerValue, baselineName: "JS RegExp per value", better: "higher" });
  }

  // Worst case: 64 KiB JSON bodies whose one value is a long run of the bytes the detectors key on. These
  // used to be quadratic ("{{" x 4,096 took 0.4 s per 8 KiB window); a row well below the benign ones means a
  // detector rescans what it already read.
  let worst = Infinity, worstName = "";
  // (The PHP call, batch IF, INTO OUTFILE and superglobal rules act at each of "(", "&if %a%==", "into outfile ",
  // "$_"; the gaps between tokens of code - comments, blanks - are skipped from each "document/*", "$a #", "$__[",
  // and back from each "(" after "*/", which read to the value's start: 0.3 MB/s before the gap skipper was shared.)
  // (Ninth session: "$1:" walked a Flight reference path from every '$', "unix:" searched to the value's end for
  // '|' from each one, and "*/(" read the gap before each '(' from the value's start again: 0.1-0.5 MB/s.)
  const runs = ["{{", "${", "${jndi:", "{%", "<%", "..;", "\n", " \n", "<a ", "'", "\\", "/", "&#", "%25", "$(", "`", "<!--", "/*", "(", "&if %a%==", "into outfile ", "$_",
    "document/*", "$a #", "$__[", "document" + " ".repeat(130), "$a[1]" + " ".repeat(130), "*/(", "$1:", "unix:", "#\n(", " \n    x:", ")(", "\r\nmail from:",
    "('system')", "{l,-",
    // Tenth session's rules: do-while busy loops, LDAP extensible matches, MongoDB shell calls, indirect dialog
    // calls, unquoted NoSQL operators, "${@" calls, base64 text.
    "do}while(", "1:=", "db.", "(alert)(", "alert.call(", " $or: [", "${@", "(1=0)", "PHNjcmlwdD4",
    // Eleventh session's rules: concatenated and bracketed callables, database statements and casts, out-of-band
    // hosts, tags inside words.
    "'e'+", "(system)", "a::int ", "/*!", "declare @", "x.y.z(", ".oast", "a<x>(", "create function ", "<xs:include ",
    // Twelfth session's: spelled traversal separators (read again with them replaced; %25 unwrapped first),
    // longer overlong UTF-8, variable calls with a number.
    "%25", "%c1%pc", "..0x2f", "%e0%80%af", "$a(1)",
    // Thirteenth session's: renamed callables, regex sources, DOM sinks, data: URIs, system paths, SQL breakouts.
    "a=alert;", "/a/.source+", "document.write('<", "base64,PHNjcmlwdD4", "/etc/motd/", ") or ('a'='a", "case when 1=1 then ", "&if %%a%%a%%a"];
  for (const run of runs) {
    const value = run.repeat(Math.ceil(65536 / run.length)).slice(0, 65536);
    const body = Buffer.from(JSON.stringify({ v: value }));
    const ptr = h.malloc(body.length);
    new Uint8Array(h.memory.buffer, ptr, body.length).set(body);
    const rate = best(() => h.inspect(ptr, body.length, 0, 0), body.length, 60);
    h.free(ptr);
    if (rate < worst) { worst = rate; worstName = JSON.stringify(run); }
  }
  rows.push({ name: `JSON inspection, worst of ${runs.length} adversarial 64 KiB values (${worstName} repeated)`, value: worst, unit: "MB/s", better: "higher" });

  // Cost of common API value shapes: 16 KiB of {"v": value} records, time per record over the same records
  // holding a plain word (the JSON around the value is the same). The detectors' gates decide most of it.
  // Each record's value is distinct (a number in it changes): the attack detectors remember values they found
  // clean, so the same value in every record measures that memory (its own rows, after these).
  const perRecordNs = (value: (i: number) => string) => {
    const body = recordsBody(16 * 1024, (i) => ({ v: value(i) }));
    const records = JSON.parse(body.toString()).length;
    const ptr = h.malloc(body.length);
    new Uint8Array(h.memory.buffer, ptr, body.length).set(body);
    const rate = best(() => h.inspect(ptr, body.length, 0, 0), body.length, 5, 60);
    h.free(ptr);
    return body.length / (rate * 1024 * 1024) * 1e9 / records;
  };
  const plainNs = perRecordNs((i) => `ACTIVE${i}`);
  const n5 = (i: number) => String(10000 + (i % 90000));
  const shapes: Array<[string, (i: number) => string]> = [
    ["UUID", (i) => `550e8400-e29b-41d4-a716-${String(446655440000 + i).padStart(12, "0")}`], ["ISO timestamp", (i) => `2026-11-23T10:${String(i % 60).padStart(2, "0")}:00Z`],
    ["URL with a query", (i) => `https://cdn.example.com/img/${n5(i)}/photo.png?w=200&h=100`], ["absolute path", (i) => `/var/lib/app/data/file${n5(i)}.txt`],
    ["MIME type", (i) => `application/vnd.v${n5(i)}+json`], ["time zone", (i) => `Europe/Berlin${n5(i)}`], ["MAC address", (i) => `00:1A:2B:3C:${String(i % 100).padStart(2, "0")}:5E`],
    ["prose with an order number", (i) => `Order #${n5(i)} shipped on 2026-11-20 via UPS, tracking 1Z999AA10123456784.`],
    ["prose with SQL-like words (and, or, all)", (i) => `Leave it at the back door and ring the bell ${n5(i)}, thanks`],
    ["browser User-Agent", (i) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.${n5(i)}.0 Safari/537.36`]];
  for (const [shape, value] of shapes) {
    rows.push({ name: `per value, ${shape} (${value(0).length} B), distinct in each record, over a plain word`, value: Math.max(0, perRecordNs(value) - plainNs), unit: "ns", better: "lower" });
  }
  // The same value in every record (enum-like strings, time zones, a client's User-Agent on every request):
  // the detectors' verdict is remembered (exact bytes), against the distinct values above as the baseline.
  for (const [shape, value] of [shapes[2], shapes[5], shapes[9]]) {
    const distinct = Math.max(0, perRecordNs(value) - plainNs);
    rows.push({ name: `per value, ${shape}, the same in every record (verdict remembered), over a plain word`, value: Math.max(0, perRecordNs(() => value(0)) - plainNs), unit: "ns", baseline: distinct, baselineName: "distinct values", better: "lower" });
  }

  rows.push(...multipartRows(h, best));
  rows.push(xmlRow(h, best));

  // Per-request time with the strict policy: 16 KiB JSON response redacted. Two measures, both printed:
  // (a) filter time: the time inside the filter's Wasm callbacks (every proxy_on_* export the stream calls,
  //     the hostcalls they make included; in Envoy those hostcalls are C++, here they are our JS host), and
  // (b) the whole request through the host (stream set-up, header lists, buffering, callbacks, teardown).
  // The issue's target (p99 <= 50 µs) is on (a). The body is copied before the clock starts (it stands for
  // bytes read from the socket; the filter redacts the host's copy, never the caller's).
  const host = await PluginHost.create({ module: readFileSync(`${root}build/l7guard.wasm`), configuration: readFileSync(`${root}examples/policies/strict.json`, "utf8"), shared: new SharedState(), allowOnHeadersStopIteration: true, logger: () => {}, measureFilterTime: true });
  const body16 = jsonBody(16 * 1024);
  const reqHeaders: Array<[string, string]> = [[":method", "GET"], [":path", "/api/v1/customers?page=2"], [":authority", "crm.shop"], ["user-agent", "bench"], ["x-request-id", "r"]];
  const respHeaders: Array<[string, string]> = [[":status", "200"], ["content-type", "application/json"], ["content-length", String(body16.length)]];
  let redacted = 0;
  const redactSink: StreamSink = { ...sink, downstreamData(data) { if (data.length === body16.length && !body16.equals(data)) redacted++; } };
  const send = (body: Buffer, out: StreamSink = sink) => {
    const s = host.createStream(out, { direction: "inbound" });
    s.decodeHeaders(reqHeaders, true);
    s.encodeHeaders(respHeaders, false);
    s.encodeData(body, true);
    s.complete();
    return s;
  };
  const one = (body: Buffer) => { send(Buffer.from(body)); }; // a copy: the stream owns its bytes
  for (let i = 0; i < 300; i++) one(body16);
  send(Buffer.from(body16), redactSink);
  if (redacted !== 1) throw new Error("bench: the strict policy did not redact the 16 KiB response (the measure would not be the redaction path)");
  // 5,000 samples. The machines are shared (2 cores, other jobs): a request during which this process was
  // descheduled (wall time over its CPU time by more than 50 µs; CPU time from getrusage, all threads) measures
  // the neighbours, not the code, so it is taken again; how many were is printed. GC pauses on this thread
  // are CPU time and stay in.
  const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)];
  const filter: number[] = [], whole: number[] = [];
  // The machine's own spread: between the requests, the inspection core alone (the harness above) scans the
  // same 16 KiB body, timed the same way. The code and the input never change, so its p50 and p99 over its
  // fastest run are what the shared machine adds (other tenants on the core, frequency), not the filter.
  const core: number[] = [];
  const corePtr = h.malloc(body16.length);
  new Uint8Array(h.memory.buffer, corePtr, body16.length).set(body16);
  let retaken = 0;
  while (whole.length < 5000) {
    const c0 = process.cpuUsage();
    const u0 = performance.now();
    h.inspect(corePtr, body16.length, 0, 0);
    const coreWall = (performance.now() - u0) * 1000;
    const coreCpu = process.cpuUsage(c0);
    if (coreWall <= coreCpu.user + coreCpu.system + 50) core.push(coreWall);
    const body = Buffer.from(body16);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const s = send(body);
    const wall = (performance.now() - t0) * 1000;
    const cpu = process.cpuUsage(cpu0);
    if (wall > cpu.user + cpu.system + 50) { retaken++; if (retaken > 100_000) throw new Error("bench: the machine is too busy to measure per-request time"); continue; }
    whole.push(wall);
    filter.push(s.filterTimeMs * 1000);
  }
  const top = { filter50: quantile(filter, 0.5), filter99: quantile(filter, 0.99), whole50: quantile(whole, 0.5), whole99: quantile(whole, 0.99) };
  const note = `${whole.length} samples, ${retaken} retaken (descheduled)`;
  rows.push({ name: "(a) per-request filter time, fastest request (what the code takes when the machine is quiet)", value: Math.min(...filter), unit: "µs", better: "lower" });
  rows.push({ name: "(a) per-request filter time p50: inside the filter's Wasm callbacks, hostcalls included; 16 KiB JSON response, strict policy, redacted", value: top.filter50, unit: "µs", better: "lower" });
  rows.push({ name: `(a) per-request filter time p99, same (the issue's target; ${note})`, value: top.filter99, unit: "µs", target: "≤ 50 µs", better: "lower" });
  rows.push({ name: "(b) whole request through the Node host p50 (filter time + host bookkeeping), same request", value: top.whole50, unit: "µs", better: "lower" });
  rows.push({ name: `(b) whole request through the Node host p99, same (${note})`, value: top.whole99, unit: "µs", better: "lower" });
  h.free(corePtr);
  const coreBest = Math.min(...core);
  rows.push({ name: `(a') the inspection core alone on the same body, timed between the requests (${core.length} samples): fastest`, value: coreBest, unit: "µs", better: "lower" });
  rows.push({ name: "(a') same, p50: the same work every time, so p50 and p99 over the fastest are the shared machine's spread", value: quantile(core, 0.5), unit: "µs", baseline: coreBest, baselineName: "fastest", better: "lower" });
  rows.push({ name: "(a') same, p99", value: quantile(core, 0.99), unit: "µs", baseline: coreBest, baselineName: "fastest", better: "lower" });

  // (c) The common request: a GET with a browser's headers (User-Agent, cookies, Referer, a query) and a small
  // JSON answer. Headers are inspected on every request; a client sends the same ones each time.
  const browserHeaders: Array<[string, string]> = [[":method", "GET"], [":path", "/api/v1/orders?status=shipped&page=2&sort=-createdAt"], [":authority", "shop.example.com"],
    ["user-agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36"], ["accept", "application/json"],
    ["cookie", "session=9f8e7d6c5b4a39281706f5e4d3c2b1a0; theme=dark; _ga=GA1.2.123456789.1700000000"], ["referer", "https://shop.example.com/orders?page=1"], ["x-request-id", "r"]];
  const smallBody = Buffer.from(JSON.stringify({ items: [{ id: "550e8400-e29b-41d4-a716-446655440000", status: "shipped", total: "19.99" }] }));
  const smallHeaders: Array<[string, string]> = [[":status", "200"], ["content-type", "application/json"], ["content-length", String(smallBody.length)]];
  const sendSmall = () => {
    const s = host.createStream(sink, { direction: "inbound" });
    s.decodeHeaders(browserHeaders, true);
    s.encodeHeaders(smallHeaders, false);
    s.encodeData(Buffer.from(smallBody), true);
    s.complete();
    return s;
  };
  for (let i = 0; i < 300; i++) sendSmall();
  const browser: number[] = [];
  let smallRetaken = 0;
  while (browser.length < 5000) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const s = sendSmall();
    const wall = (performance.now() - t0) * 1000;
    const cpu = process.cpuUsage(cpu0);
    if (wall > cpu.user + cpu.system + 50) { smallRetaken++; if (smallRetaken > 100_000) throw new Error("bench: the machine is too busy to measure per-request time"); continue; }
    browser.push(s.filterTimeMs * 1000);
  }
  rows.push({ name: "(c) per-request filter time p50: GET with a browser's headers (User-Agent, cookies, Referer, query), small JSON response, strict policy", value: quantile(browser, 0.5), unit: "µs", better: "lower" });
  rows.push({ name: `(c) per-request filter time p99, same (${browser.length} samples, ${smallRetaken} retaken (descheduled))`, value: quantile(browser, 0.99), unit: "µs", better: "lower" });

  // Memory after 10,000 mixed requests, 1 in 100 with a 1 MiB body.
  const big = jsonBody(1024 * 1024);
  const small = jsonBody(2048);
  for (let i = 0; i < 10000; i++) one(i % 100 === 0 ? big : i % 3 === 0 ? body16 : small);
  rows.push({ name: "Wasm linear memory per VM after 10,000 mixed requests (incl. 1 MiB bodies)", value: host.workerMemoryBytes[0] / (1024 * 1024), unit: "MiB", target: "≤ 4 MiB", better: "lower" });
  await host.close(100);
  rows.push(...await streamedRedaction());
  return rows;
}

// multipart/form-data bodies as browsers send them: a form of text fields with a JSON part (PII in some), a
// 1 MiB upload (a binary file after a few fields), and 1 MiB of dashes under a dash-heavy boundary (the
// delimiter search must stay linear).
export function multipartBody(kind: "form" | "upload" | "dashes"): { body: Buffer; boundary: Buffer } {
  const boundary = kind === "dashes" ? "----------------------------------------x" : "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  const part = (name: string, data: Buffer | string, extra = "") => Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n`), Buffer.from(data), Buffer.from("\r\n")]);
  const parts: Buffer[] = [];
  if (kind === "form") {
    for (let i = 0; i < 20; i++) parts.push(part(`field_${i}`, i % 5 === 0 ? `user${i}@example.com` : `Some ordinary text for field ${i}, nothing to see`));
    parts.push(part("profile", JSON.stringify({ name: "Ann", card: "4111 1111 1111 1111", address: { city: "Springfield" } }), "\r\nContent-Type: application/json"));
  } else if (kind === "upload") {
    parts.push(part("title", "Holiday"), part("email", "ann@example.com"));
    let seed = 7;
    const file = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < file.length; i++) { seed = (seed * 1103515245 + 12345) >>> 0; file[i] = seed >>> 24; }
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(file);
    parts.push(part("photo", file, `; filename="me.png"\r\nContent-Type: image/png`));
  } else {
    parts.push(part("f", Buffer.from("-".repeat(1024 * 1024)), `; filename="d.bin"\r\nContent-Type: application/octet-stream`));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), boundary: Buffer.from(boundary) };
}

function multipartRows(h: ReturnType<typeof loadHarnessExports>, best: (f: () => void, bytes: number, minMs: number) => number): BenchRow[] {
  const m = h as typeof h & { multipart(p: number, n: number, bp: number, bn: number): number };
  const rows: BenchRow[] = [];
  for (const [kind, label] of [["form", "form of 20 text fields and a JSON part"], ["upload", "1 MiB file upload after two fields"], ["dashes", "1 MiB of dashes, dash-heavy boundary"]] as const) {
    const { body, boundary } = multipartBody(kind);
    const ptr = h.malloc(body.length), bp = h.malloc(boundary.length);
    new Uint8Array(h.memory.buffer, ptr, body.length).set(body);
    new Uint8Array(h.memory.buffer, bp, boundary.length).set(boundary);
    if (m.multipart(ptr, body.length, bp, boundary.length) < 1) throw new Error(`bench multipart ${kind}: not framed`);
    const rate = best(() => m.multipart(ptr, body.length, bp, boundary.length), body.length, 100);
    h.free(ptr); h.free(bp);
    rows.push({ name: `multipart inspection, ${label} (${(body.length / 1024).toFixed(0)} KiB)`, value: rate, unit: "MB/s", better: "higher" });
  }
  return rows;
}

// The customer records of jsonBody as an XML document (16 KiB): every element's text and attribute value read
// with its name (filter/inspect/xml.ts), plus the document as one value (XXE, markup).
export function xmlBody(size: number): Buffer {
  const records: string[] = [];
  let total = 0;
  for (let i = 0; total < size; i++) {
    const r = `<customer id="${100000 + i}"><name>Customer ${i}</name><email>user${i}@example.com</email>${i % 10 === 0 ? "<card>4111 1111 1111 1111</card>" : ""}` +
      `<address><street>${i} Main Street</street><city>Springfield</city><zip>12345</zip></address><note>Please leave the parcel at the front desk, thanks!</note>` +
      `<tags><tag>vip</tag><tag>newsletter</tag></tags><balance>1234.56</balance><active>true</active></customer>`;
    records.push(r);
    total += r.length;
  }
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><customers xmlns="urn:shop">${records.join("")}</customers>`);
}
function xmlRow(h: ReturnType<typeof loadHarnessExports> & { inspect(p: number, n: number, kind: number, redact: number): number }, best: (f: () => void, bytes: number, minMs: number) => number): BenchRow {
  const body = xmlBody(16 * 1024);
  const ptr = h.malloc(body.length);
  new Uint8Array(h.memory.buffer, ptr, body.length).set(body);
  if (h.inspect(ptr, body.length, 2, 0) < 1) throw new Error("bench XML body: no findings (the scan did not run)");
  const rate = best(() => h.inspect(ptr, body.length, 2, 0), body.length, 100);
  h.free(ptr);
  return { name: `XML inspection, the same customer records as a ${(body.length / 1024).toFixed(0)} KiB document (values with their element names)`, value: rate, unit: "MB/s", better: "higher" };
}

// 1 MiB response in 64 KiB chunks through the strict policy: redacted as it streams, against held whole.
async function streamedRedaction(): Promise<BenchRow[]> {
  // A 1 MiB body has ~50k fields: scan all of them (past limits.maxFields a scan stops, with a limits finding).
  const shipped = JSON.parse(readFileSync(`${root}examples/policies/strict.json`, "utf8"));
  const strict = { ...shipped, limits: { ...shipped.limits, maxFields: 1000000 } };
  const held = { ...strict, limits: { ...strict.limits, maxBodyBytes: 4 << 20 }, actions: { ...strict.actions, attacks: { ...strict.actions.attacks, sqli: { request: "block", response: "block" } } } };
  const body = jsonBody(1024 * 1024);
  const chunk = 64 * 1024;
  const respHeaders: Array<[string, string]> = [[":status", "200"], ["content-type", "application/json"], ["content-length", String(body.length)]];
  const reqHeaders: Array<[string, string]> = [[":method", "GET"], [":path", "/api/v1/customers"], [":authority", "crm.shop"], ["x-request-id", "r"]];
  const measure = async (config: unknown) => {
    const host = await PluginHost.create({ module: readFileSync(`${root}build/l7guard.wasm`), configuration: JSON.stringify(config), shared: new SharedState(), allowOnHeadersStopIteration: true, bufferLimitBytes: 4 << 20, logger: () => {} });
    let received = 0, maxHeld = 0, out: Buffer[] = [];
    const collect: StreamSink = { ...sink, downstreamData(d) { received += d.length; out.push(Buffer.from(d)); } };
    const one = () => {
      received = 0; out = [];
      const s = host.createStream(collect, { direction: "inbound" });
      s.decodeHeaders(reqHeaders, true);
      s.encodeHeaders(respHeaders, false);
      for (let o = 0; o < body.length; o += chunk) {
        s.encodeData(Buffer.from(body.subarray(o, o + chunk)), o + chunk >= body.length);
        maxHeld = Math.max(maxHeld, Math.min(o + chunk, body.length) - received);
      }
      s.complete();
    };
    for (let i = 0; i < 5; i++) one();
    const redacted = Buffer.concat(out).toString();
    if (redacted.length !== body.length || redacted.includes("@example.com")) throw new Error("bench: the response was not redacted whole");
    const times: number[] = [];
    for (let i = 0; i < 40; i++) { const t = process.hrtime.bigint(); one(); times.push(Number(process.hrtime.bigint() - t) / 1000); }
    times.sort((a, b) => a - b);
    const memory = host.workerMemoryBytes[0] / (1024 * 1024);
    await host.close(100);
    return { p50: times[times.length >> 1], maxHeld: maxHeld / 1024, memory };
  };
  const streamed = await measure(strict);
  const whole = await measure(held);
  const monitorMemory = await alertOnlyLargeChunks();
  return [
    { name: "Wasm linear memory per VM, monitor policy, 30 exchanges whose ~1 MB request and response bodies come as one chunk each (sizes changing)", value: monitorMemory.whole, unit: "MiB", baseline: monitorMemory.small, baselineName: "the same bodies in 64 KiB chunks", better: "lower" },
    { name: "1 MiB JSON response redacted as it streams (64 KiB chunks), per-request time p50", value: streamed.p50, unit: "µs", baseline: whole.p50, baselineName: "held whole", better: "lower" },
    { name: "same, most bytes held back at once", value: streamed.maxHeld, unit: "KiB", baseline: whole.maxHeld, baselineName: "held whole", better: "lower" },
    { name: "same, Wasm linear memory per VM after 45 such responses", value: streamed.memory, unit: "MiB", baseline: whole.memory, baselineName: "held whole", better: "lower" },
  ];
}

// Alert-only inspection of bodies handed over whole (a proxy or gateway that buffers): the filter reads such a
// chunk in slices. Linear memory after 30 exchanges of ~1 MB bodies in one chunk each, the sizes changing from
// one exchange to the next, against the same bodies in 64 KiB chunks.
async function alertOnlyLargeChunks(): Promise<{ whole: number; small: number }> {
  const shipped = JSON.parse(readFileSync(`${root}examples/policies/monitor.json`, "utf8"));
  const config = { ...shipped, limits: { ...shipped.limits, maxBodyBytes: 4 << 20, maxFields: 1000000 } };
  const measure = async (chunked: boolean) => {
    const host = await PluginHost.create({ module: readFileSync(`${root}build/l7guard.wasm`), configuration: JSON.stringify(config), shared: new SharedState(), allowOnHeadersStopIteration: true, bufferLimitBytes: 4 << 20, logger: () => {} });
    for (let i = 0; i < 30; i++) {
      const body = jsonBody(700 * 1024 + (i % 7) * 60 * 1024);
      const pieces = chunked ? chunksOf(body, 65536) : [body];
      const s = host.createStream(sink, { direction: "inbound" });
      s.decodeHeaders([[":method", "POST"], [":path", "/api/v1/import"], [":authority", "crm.shop"], ["content-type", "application/json"], ["x-request-id", "r"]], false);
      pieces.forEach((p, k) => s.decodeData(Buffer.from(p), k === pieces.length - 1));
      s.encodeHeaders([[":status", "200"], ["content-type", "application/json"]], false);
      pieces.forEach((p, k) => s.encodeData(Buffer.from(p), k === pieces.length - 1));
      s.complete();
    }
    const memory = host.workerMemoryBytes[0] / (1024 * 1024);
    await host.close(100);
    return memory;
  };
  return { whole: await measure(false), small: await measure(true) };
}
