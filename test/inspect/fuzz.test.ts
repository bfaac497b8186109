// No input may trap the inspection path: random bytes, mutated valid bodies, invalid UTF-8, 10k-deep
// nesting, truncated escapes, 1 MiB tokens. Seeded, bounded iterations (reproducible).
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadHarness, loadHarnessExports, withBytes } from "./harness.ts";

let seed = 0x5eed;
const rand = (n: number) => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; };
const kinds = [0, 1, 2, 3, 4, 5, 6] as const; // JSON, form, text, query, multipart (no boundary), GraphQL, binary

const SAMPLES = [
  '{"user":{"email":"alice@example.com","card":"4111 1111 1111 1111","ssn":"123-45-6789"},"list":[1,2,{"iban":"DE89370400440532013000"}]}',
  "email=bob%40example.com&card=4111+1111+1111+1111&phone=%2B14155552671",
  "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig AKIAIOSFODNN7EXAMPLE 10.0.0.1",
  '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><s:r xmlns:s="urn:s"><u card="4111 1111 1111 1111"><ssn>123-45-6789</ssn><!-- c --><![CDATA[<b>1 or 1=1</b>]]><p a=\'x\' b=y/></u></s:r>',
];

test("random and malformed input never traps the inspection core", () => {
  const h = loadHarness();
  const check = (bytes: Uint8Array, label: string) => {
    for (const kind of kinds) {
      try { h.inspect(bytes, kind, true); } catch (e) { assert.fail(`${label} kind ${kind} trapped: ${h.trapped() ?? (e as Error).message}`); }
    }
  };
  // Random bytes of random lengths.
  for (let i = 0; i < 400; i++) {
    const b = new Uint8Array(rand(2048));
    for (let k = 0; k < b.length; k++) b[k] = rand(256);
    check(b, `random #${i}`);
  }
  // Mutations of valid bodies: flips, truncations, duplications.
  for (let i = 0; i < 600; i++) {
    const base = Buffer.from(SAMPLES[rand(SAMPLES.length)]);
    const b = Buffer.from(base.subarray(0, rand(base.length + 1)));
    for (let m = rand(6); m > 0 && b.length > 0; m--) b[rand(b.length)] = [0x22, 0x5c, 0x7b, 0x5b, 0x7d, 0x5d, 0x3a, 0x2c, 0x25, 0xff, 0x00, rand(256), 0x3c, 0x3e, 0x2f, 0x27][rand(16)];
    check(b, `mutation #${i}`);
  }
  // Structured pathologies.
  check(Buffer.from("[".repeat(10_000) + "]".repeat(10_000)), "10k-deep nesting");
  check(Buffer.from("{\"a\":".repeat(10_000)), "10k-deep objects, unterminated");
  check(Buffer.from('{"k":"\\u12'), "truncated \\u escape");
  check(Buffer.from('{"k":"abc\\'), "truncated escape");
  check(Buffer.concat([Buffer.from('{"k":"'), Buffer.alloc(1 << 20, 0x61), Buffer.from('"}')]), "1 MiB string token");
  check(Buffer.alloc(1 << 20, 0x39), "1 MiB digit run");
  check(Buffer.from("%".repeat(100_000)), "percent storm");
  check(Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]), "invalid UTF-8");
  check(new Uint8Array(0), "empty");
  // XML: 10k-deep elements, a 1 MiB attribute value, unclosed comment, CDATA and declaration, a tag storm.
  check(Buffer.from("<a>".repeat(10_000) + "078-05-1120" + "</a>".repeat(10_000)), "10k-deep XML");
  check(Buffer.concat([Buffer.from('<a v="'), Buffer.alloc(1 << 20, 0x27), Buffer.from('"/>')]), "1 MiB XML attribute");
  for (const t of ["<r><!-- ", "<r><![CDATA[ x", "<!DOCTYPE r [ <!ENTITY", "<r a=\"", "<?xml "]) check(Buffer.from(t + "x ".repeat(5000)), `unclosed ${t}`);
  check(Buffer.from("<".repeat(50_000) + "a b=c ".repeat(5000)), "XML tag storm");
  assert.equal(h.trapped(), undefined, "no abort was logged");
});

test("the harness sees what the filter sees (sanity for the fuzzer)", () => {
  const h = loadHarness();
  const r = h.inspect(Buffer.from(SAMPLES[0]), 0, true);
  assert.equal(r.count, 4);
  assert.ok(!r.out.toString().includes("4111 1111"), "redacted in place");
  assert.equal(h.inspect(Buffer.from("[".repeat(100)), 0).count, -1, "depth limit reported");
});

test("the streamed, header and GraphQL paths never trap either (chunked bodies at random cuts, paths, Authorization, cookies)", () => {
  const h = loadHarnessExports() as ReturnType<typeof loadHarnessExports> & {
    inspectStreamed(p: number, n: number, kind: number, chunk: number): number; normalizedPathLength(p: number, n: number): number;
    authorizationBad(p: number, n: number): number; cookies(p: number, n: number): number; graphqlDepth(p: number, n: number): number;
  };
  const inputs: Buffer[] = [];
  for (let i = 0; i < 300; i++) {
    const base = Buffer.from(SAMPLES[rand(SAMPLES.length)] + (i % 3 === 0 ? "\\\"\\u00" : ""));
    const b = Buffer.from(base.subarray(0, rand(base.length + 1)));
    for (let m = rand(6); m > 0 && b.length > 0; m--) b[rand(b.length)] = [0x22, 0x5c, 0x7b, 0x5b, 0x7d, 0x3a, 0x2c, 0x25, 0x2f, 0x2e, 0x3b, 0x3d, 0xff, 0x00, rand(256)][rand(15)];
    inputs.push(b);
    const r = Buffer.alloc(rand(600)); for (let k = 0; k < r.length; k++) r[k] = rand(256); inputs.push(r);
  }
  inputs.push(Buffer.concat([Buffer.from('{"k":"'), Buffer.alloc(200_000, 0x61), Buffer.from('","e":"a@b.co"}')]));
  inputs.push(Buffer.from("{".repeat(5000) + '"a":' + "[".repeat(5000)));
  inputs.push(Buffer.from("/" + "../".repeat(3000) + "%2e%2e%2f".repeat(1000)));
  for (const b of inputs) {
    const s = b.toString("latin1");
    withBytes(h, s, (p, n) => {
      for (const kind of [0, 1, 2, 5]) h.inspectStreamed(p, n, kind, 1 + rand(64));
      h.normalizedPathLength(p, n); h.authorizationBad(p, n); h.cookies(p, n); h.graphqlDepth(p, n);
    });
  }
  // Chunked and whole scans agree on what they find (for valid JSON).
  withBytes(h, SAMPLES[0], (p, n) => {
    const whole = h.inspectStreamed(p, n, 0, n);
    for (let c = 1; c < 40; c += 3) assert.equal(h.inspectStreamed(p, n, 0, c), whole, `chunk size ${c}`);
  });
});
