// A value may end at the very end of linear memory (the host places a body where the guest's allocator says,
// and the last block of the heap ends where memory ends). Detectors read several bytes at a time (u32, u64,
// v128 loads): none may read past the value, or the VM traps on such a body. Each value of the labelled corpus
// (and the gates' own words) is placed so that its last byte is the last byte of a page that the allocator
// never hands out, and read by every attack detector and by the query, text and JSON scans (the JSON body ends there).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadHarnessExports } from "./harness.ts";

const h = loadHarnessExports() as ReturnType<typeof loadHarnessExports> & {
  attackAny(p: number, n: number): number; inspect(p: number, n: number, kind: number, redact: number): number;
};
// A page past the allocator's pool: it grows memory itself and only adds what it grew (AssemblyScript's TLSF).
h.memory.grow(1);
const encoder = new TextEncoder();

function atMemoryEnd(value: string, read: (p: number, n: number) => void): void {
  const bytes = encoder.encode(value);
  const end = h.memory.buffer.byteLength;
  const p = end - bytes.length;
  new Uint8Array(h.memory.buffer, p, bytes.length).set(bytes);
  read(p, bytes.length);
}

const corpus = (name: string) => (JSON.parse(readFileSync(new URL(`../corpus/${name}.json`, import.meta.url), "utf8")) as Array<{ value: string; text?: string }>).map((c) => c.text ?? c.value);
// Short values stress the multi-byte reads most: the gates' words alone and cut short, and prefixes of each value.
const gateWords = ["sleep 5", "which nc", "sleep", "which ", "nohup id", "strace x", "@@version", "information_schema", "__proto__", "0x7761", "~/.a", "/a/pg_hba.conf",
  "c:/windows/x", "type c:\\a", "eyJhbGciOiJIUzI1NiJ9", "PHNjcmlwdD4", "rO0AB", "javascript:", "${jndi:", "{{7*7}}", "<script>", "' or 1=1--", "; id", "../.."];

test("no detector reads past a value that ends at the end of linear memory", () => {
  const values = new Set<string>(gateWords);
  for (const v of [...corpus("attacks"), ...corpus("attacks-holdout"), ...corpus("pii"), ...corpus("pii-prose")]) {
    if (v.length > 512) continue;
    values.add(v);
    for (const k of [1, 2, 3, 5, 7, 8, 9, 15, 16, 17]) if (v.length > k) values.add(v.slice(0, k));
  }
  assert.ok(values.size > 500, `${values.size} values`);
  for (const v of values) {
    for (const kind of ["attack", "query", "text", "json"] as const) {
      const text = kind === "query" ? `q=${encodeURIComponent(v)}` : kind === "json" ? JSON.stringify({ q: v }) : v;
      assert.doesNotThrow(() => atMemoryEnd(text, (p, n) => { if (kind === "attack") h.attackAny(p, n); else h.inspect(p, n, kind === "query" ? 3 : kind === "json" ? 0 : 2, 0); }),
        `${kind}: ${JSON.stringify(v)}`);
    }
  }
});
