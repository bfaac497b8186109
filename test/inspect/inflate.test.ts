// filter/inspect/inflate.ts against Node's zlib: every stream zlib writes (gzip, zlib, raw DEFLATE; all levels
// and strategies, so stored, fixed and dynamic blocks) inflates to the same bytes; malformed, truncated and
// random input is an error, never a trap; a bomb stops at the cap. Seeded, bounded iterations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { constants, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { loadHarnessExports } from "./harness.ts";

const h = loadHarnessExports() as ReturnType<typeof loadHarnessExports> & { inflate(p: number, n: number, out: number, cap: number): number };
const CAP = 4 << 20;
const input = h.malloc(CAP), output = h.malloc(CAP);
function inflate(bytes: Uint8Array, cap = CAP): Buffer | number {
  new Uint8Array(h.memory.buffer, input, bytes.length).set(bytes);
  const n = h.inflate(input, bytes.length, output, cap);
  return n < 0 ? n : Buffer.from(new Uint8Array(h.memory.buffer, output, n));
}
let seed = 0x1f8b;
const rand = (n: number) => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; };
const root = new URL("../../", import.meta.url).pathname;

test("what zlib compresses inflates to the same bytes (gzip, zlib, raw; every level and strategy)", () => {
  const samples: Buffer[] = [Buffer.alloc(0), Buffer.from("a"), Buffer.from(JSON.stringify({ id: 1, note: "x".repeat(5000) })), readFileSync(`${root}README.md`)];
  for (let k = 0; k < 12; k++) {
    const b = Buffer.alloc(rand(20000));
    for (let i = 0; i < b.length; i++) b[i] = k % 3 === 0 ? rand(256) : k % 3 === 1 ? 0x61 + rand(3) : 0x20 + rand(90);
    samples.push(b);
  }
  const strategies = [constants.Z_DEFAULT_STRATEGY, constants.Z_FILTERED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FIXED];
  let streams = 0;
  for (const s of samples) for (const level of [0, 1, 6, 9]) for (const strategy of strategies) {
    for (const [name, c] of [["gzip", gzipSync(s, { level, strategy })], ["zlib", deflateSync(s, { level, strategy })], ["raw", deflateRawSync(s, { level, strategy })]] as const) {
      const out = inflate(c);
      assert.ok(Buffer.isBuffer(out) && out.equals(s), `${name} level ${level} strategy ${strategy}, ${s.length} bytes: got ${Buffer.isBuffer(out) ? out.length + " bytes" : out}`);
      streams++;
    }
  }
  assert.ok(streams >= 900, `${streams} streams`);
});

test("random, malformed and truncated streams are errors, never traps; a bomb stops at the cap", () => {
  for (let k = 0; k < 2000; k++) {
    const b = Buffer.alloc(rand(2000));
    for (let i = 0; i < b.length; i++) b[i] = rand(256);
    if (k % 2 === 0 && b.length > 3) { b[0] = 0x1f; b[1] = 0x8b; b[2] = 8; }
    const out = inflate(b); // a random stream may decode to something; it must return, not trap
    assert.ok(typeof out === "number" ? out === -1 || out === -2 : out.length <= CAP);
  }
  const whole = gzipSync(readFileSync(`${root}README.md`));
  for (let cut = 0; cut < whole.length - 8; cut += 5) assert.equal(inflate(whole.subarray(0, cut)), -1, `cut at ${cut}`);
  assert.equal(inflate(gzipSync(Buffer.alloc(16 << 20))), -2);
  assert.equal(inflate(gzipSync(Buffer.from("0123456789")), 5), -2);
});
