// No input may trap the inspection path: random bytes, mutated valid bodies, invalid UTF-8, 10k-deep
// nesting, truncated escapes, 1 MiB tokens. Seeded, bounded iterations (reproducible).
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadHarness } from "./harness.ts";

let seed = 0x5eed;
const rand = (n: number) => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; };
const kinds = [0, 1, 2, 3] as const;

const SAMPLES = [
  '{"user":{"email":"alice@example.com","card":"4111 1111 1111 1111","ssn":"123-45-6789"},"list":[1,2,{"iban":"DE89370400440532013000"}]}',
  "email=bob%40example.com&card=4111+1111+1111+1111&phone=%2B14155552671",
  "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig AKIAIOSFODNN7EXAMPLE 10.0.0.1",
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
    for (let m = rand(6); m > 0 && b.length > 0; m--) b[rand(b.length)] = [0x22, 0x5c, 0x7b, 0x5b, 0x7d, 0x5d, 0x3a, 0x2c, 0x25, 0xff, 0x00, rand(256)][rand(12)];
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
  assert.equal(h.trapped(), undefined, "no abort was logged");
});

test("the harness sees what the filter sees (sanity for the fuzzer)", () => {
  const h = loadHarness();
  const r = h.inspect(Buffer.from(SAMPLES[0]), 0, true);
  assert.equal(r.count, 4);
  assert.ok(!r.out.toString().includes("4111 1111"), "redacted in place");
  assert.equal(h.inspect(Buffer.from("[".repeat(100)), 0).count, -1, "depth limit reported");
});
