// Multipart parsing and file-type detection against malformed and random input: never a trap, and
// findings only from framed parts. Seeded, bounded iterations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadHarnessExports } from "./harness.ts";

const h = loadHarnessExports() as ReturnType<typeof loadHarnessExports> & {
  multipart(p: number, n: number, bp: number, bn: number): number; findingAttack(i: number): number; magic(p: number, n: number): number;
};
function put(b: Uint8Array): number { const p = h.malloc(Math.max(1, b.length)); new Uint8Array(h.memory.buffer, p, b.length).set(b); return p; }

let seed = 12345;
const rnd = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 0x100000000; };

test("multipart: a PE upload is malware; random and truncated bodies never trap", () => {
  const boundary = Buffer.from("----fuzzBoundary");
  const good = Buffer.concat([
    Buffer.from("------fuzzBoundary\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.exe\"\r\n\r\n"), Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0]),
    Buffer.from("\r\n------fuzzBoundary--\r\n"),
  ]);
  const bp = put(boundary);
  let p = put(good);
  assert.equal(h.multipart(p, good.length, bp, boundary.length), 1);
  assert.equal(h.findingAttack(0), 10, "an executable upload is a malware finding");
  h.free(p);
  for (let iter = 0; iter < 400; iter++) {
    const b = Buffer.from(good);
    const cut = Math.floor(rnd() * b.length);
    const mode = iter % 4;
    let input: Buffer;
    if (mode === 0) input = b.subarray(0, cut);                                          // truncated
    else if (mode === 1) { for (let k = 0; k < 8; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256); input = b; } // mutated
    else if (mode === 2) input = Buffer.from(Array.from({ length: Math.floor(rnd() * 2048) }, () => Math.floor(rnd() * 256)));      // random
    else input = Buffer.concat(Array.from({ length: 50 }, () => good.subarray(0, cut)));  // repeated fragments
    p = put(input);
    const parts = h.multipart(p, input.length, bp, boundary.length);
    assert.ok(parts >= -1 && parts <= 1000);
    assert.ok(h.magic(p, input.length) >= 0);
    h.free(p);
  }
  h.free(bp);
});

// Multipart built from pieces real clients and attackers send (CRLF and bare-LF delimiters, transport
// padding, a delimiter prefix inside data, headers without a colon, unterminated quotes, RFC 5987 names,
// typed parts with JSON, form, binary and 10k-deep content) in random order: never a trap, and a marker
// field at the end is still found whatever came before it.
test("multipart: random sequences of framing pieces never trap; a field after them is still read", () => {
  const B = "XbOuNdArY";
  const pieces = [
    `--${B}\r\n`, `--${B}\n`, `--${B}--\r\n`, `--${B}   \r\n`, `--${B}tail\r\n`, `\r\n`, `\n`, `--${B}`,
    `Content-Disposition: form-data; name="a"\r\n`, `Content-Disposition: form-data; name="f"; filename="../x.php"\n`,
    `Content-Disposition: form-data; name="g"; filename*=UTF-8''%e2%82%ac%2e%2e%2fx\r\n`, `Content-Disposition: form-data; name="unterminated\r\n`,
    `Content-Disposition: form-data; name=bare; filename=\r\n`, `Content-Disposition\r\n`, `no colon here\r\n`, ` folded continuation\r\n`,
    `Content-Type: application/json\r\n`, `Content-Type: application/x-www-form-urlencoded\r\n`, `Content-Type: image/png\r\n`,
    `Content-Type: application/octet-stream\r\n`, `Content-Type: ;;;\r\n`, `Content-Type: ${"x".repeat(3000)}\r\n`,
    `{"card":"4111 1111 1111 1111","q":"1' or '1'='1"}`, "a=1&email=bob%40example.com&", "MZ\x90\x00\x03\x00", "<?php echo 1; ?>",
    `data with --${B} inside`, "[".repeat(10_000), `{"k":"\\u12`, "\x00\xff\xfe", "123-45-6789",
  ];
  const h2 = h as typeof h & {
    multipart(p: number, n: number, bp: number, bn: number): number; findingCount(): number; findingType(i: number): number;
  };
  const bp = put(Buffer.from(B));
  const marker = Buffer.from(`\r\n--${B}\r\nContent-Disposition: form-data; name="contact"\r\n\r\nzed@example.org\r\n--${B}--\r\n`);
  for (let iter = 0; iter < 500; iter++) {
    const parts: Buffer[] = [];
    for (let k = 1 + Math.floor(rnd() * 30); k > 0; k--) parts.push(Buffer.from(pieces[Math.floor(rnd() * pieces.length)], "latin1"));
    const withMarker = iter % 2 === 0;
    if (withMarker) parts.push(marker);
    const input = Buffer.concat(parts);
    const p = put(input);
    const n = h2.multipart(p, input.length, bp, B.length);
    assert.ok(n >= -1, `parts ${n}`);
    if (withMarker) {
      const types = Array.from({ length: h2.findingCount() }, (_, i) => h2.findingType(i));
      assert.ok(types.includes(3), `iteration ${iter}: the e-mail after the pieces was not found (${JSON.stringify(input.toString("latin1").replace(/\[{20,}/g, "[×N").slice(-600))})`);
    }
    h.free(p);
  }
  h.free(bp);
});

test("multipart: 5,000 parts are all read (the last one's PII found); the JSON scanner is the same after nested part scans", () => {
  const h2 = h as typeof h & {
    multipart(p: number, n: number, bp: number, bn: number): number; findingCount(): number; findingType(i: number): number; inspect(p: number, n: number, kind: number, redact: number): number;
  };
  const B = "many";
  const many = Buffer.from(Array.from({ length: 5000 }, (_, i) => `--${B}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n${i === 4999 ? "ann@example.com" : "v"}\r\n`).join("") + `--${B}--\r\n`);
  const bp = put(Buffer.from(B));
  let p = put(many);
  assert.equal(h2.multipart(p, many.length, bp, B.length), 5000);
  assert.ok(Array.from({ length: h2.findingCount() }, (_, i) => h2.findingType(i)).includes(3), "the e-mail in part 5,000");
  h.free(p);
  // A JSON body scanned alone, then after multipart bodies whose JSON parts stop deep or mid-string: same findings.
  const json = Buffer.from('{"users":[{"email":"alice@example.com","card":"4111 1111 1111 1111"},{"ssn":"123-45-6789"}]}');
  const scanJson = () => { const q = put(json); const c = h2.inspect(q, json.length, 0, 0); const t = Array.from({ length: h2.findingCount() }, (_, i) => h2.findingType(i)); h.free(q); return { c, t }; };
  const before = scanJson();
  const nested = Buffer.from(`--${B}\r\nContent-Type: application/json\r\nContent-Disposition: form-data; name="a"\r\n\r\n{"x":[[[[{"y":"unterminated\r\n--${B}\r\nContent-Disposition: form-data; name="b"\r\nContent-Type: application/json\r\n\r\n${"[".repeat(200)}\r\n--${B}--`);
  p = put(nested);
  h2.multipart(p, nested.length, bp, B.length);
  h.free(p);
  assert.deepEqual(scanJson(), before);
  h.free(bp);
});

// The delimiter search finds line starts 16 bytes at a time with SIMD; the scalar build byte by byte. Both
// must frame the same parts and find the same things wherever the line breaks fall in a vector.
test("multipart: SIMD and scalar builds frame the same parts at every alignment", async () => {
  const { readFileSync, existsSync } = await import("node:fs");
  const { execFileSync } = await import("node:child_process");
  const root = new URL("../../", import.meta.url).pathname;
  const load = (name: string) => {
    const path = `${root}build/fixtures/${name}.wasm`;
    if (!existsSync(path)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", name], { stdio: "inherit" });
    const e = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), { env: { proxy_log: () => { throw new Error("abort"); } } }).exports as any;
    e._initialize();
    return e;
  };
  const [simd, scalar] = [load("inspect-harness"), load("inspect-harness-scalar")];
  const run = (e: any, body: Buffer, boundary: Buffer) => {
    const p = e.malloc(body.length), bp = e.malloc(boundary.length);
    new Uint8Array(e.memory.buffer, p, body.length).set(body); new Uint8Array(e.memory.buffer, bp, boundary.length).set(boundary);
    const parts = e.multipart(p, body.length, bp, boundary.length);
    const found = Array.from({ length: e.findingCount() }, (_, i) => `${e.findingType(i)}/${e.findingAttack(i)}`);
    e.free(p); e.free(bp);
    return { parts, found };
  };
  let compared = 0;
  for (const eol of ["\r\n", "\n"]) {
    for (let pad = 0; pad < 40; pad++) {
      const B = "AaB03x";
      const filler = "y".repeat(pad);
      const body = Buffer.from(`${filler}${eol}--${B}${eol}Content-Disposition: form-data; name="a${filler}"${eol}${eol}${filler} ann@example.com${eol}--${B}${eol}Content-Disposition: form-data; name="ssn"${eol}${eol}123-45-6789${eol}--${B}${eol}Content-Type: application/json${eol}Content-Disposition: form-data; name="j"${eol}${eol}{"card":"4111 1111 1111 1111","x":"${filler}"}${eol}--${B}--${eol}`);
      const a = run(simd, body, Buffer.from(B)), b = run(scalar, body, Buffer.from(B));
      assert.deepEqual(a, b, `pad ${pad} ${JSON.stringify(eol)}`);
      assert.equal(a.parts, 3);
      assert.equal(a.found.length, 3, JSON.stringify(a));
      compared++;
    }
  }
  assert.equal(compared, 80);
});
