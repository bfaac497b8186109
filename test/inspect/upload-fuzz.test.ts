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
