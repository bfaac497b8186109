// The JSON scanner reads long strings 16 bytes at a time with Wasm SIMD (filter/inspect/body.ts scanString)
// and keeps a byte-at-a-time path for runtimes without SIMD. Both must find exactly the same things and
// redact the same bytes: every corpus value, shifted across the 16-byte boundaries, and random strings
// full of quotes, escapes, control bytes and UTF-8, go through both builds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadHarness, loadHarnessExports, withBytes } from "./harness.ts";

const simd = loadHarness("inspect-harness");
const scalar = loadHarness("inspect-harness-scalar");
const corpus = (name: string) => JSON.parse(readFileSync(new URL(`../corpus/${name}`, import.meta.url), "utf8")) as Array<{ value: string; key?: string }>;

function same(body: string, what: string): number {
  const bytes = Buffer.from(body);
  const a = simd.inspect(bytes, 0, true), b = scalar.inspect(bytes, 0, true);
  assert.equal(a.count, b.count, `${what}: finding count differs for ${JSON.stringify(body).slice(0, 200)}`);
  assert.deepEqual(a.types, b.types, `${what}: PII types differ`);
  assert.deepEqual(a.attacks, b.attacks, `${what}: attack classes differ`);
  assert.ok(a.out.equals(b.out), `${what}: redacted bytes differ`);
  return a.count;
}

test("SIMD and scalar scans agree on every corpus value at every alignment", () => {
  let bodies = 0, findings = 0;
  const values: Array<{ value: string; key?: string }> = [...corpus("attacks.json"), ...corpus("attacks-holdout.json"), ...corpus("pii.json"), ...corpus("pii-holdout.json"),
    ...(corpus("pii-prose.json") as unknown as Array<{ text: string }>).map((r) => ({ value: r.text }))]; // prose: the keyword gate's SIMD loop
  assert.ok(values.length > 500, "corpus did not load");
  for (const v of values) {
    // Pads of 0..17 bytes move the value across the vector boundaries; the long pad forces vector steps.
    for (const pad of [0, 1, 5, 15, 16, 17]) {
      const lead = "x".repeat(pad);
      for (const body of [
        JSON.stringify({ [v.key ?? "note"]: lead + v.value }),
        JSON.stringify({ note: `${lead}Some prose before it, then ${v.value} and more words after it` }),
        JSON.stringify([{ k: v.value }, { [v.value.slice(0, 40)]: lead + "value" }]),
      ]) { findings += same(body, "corpus"); bodies++; }
    }
  }
  assert.ok(findings > 1000, `only ${findings} findings over ${bodies} bodies: the scans did not run`);
});

test("SIMD and scalar scans agree on random strings with quotes, escapes, control bytes and UTF-8", () => {
  let x = 12345;
  const rnd = (n: number) => { x = (x * 1103515245 + 12345) >>> 0; return x % n; };
  const alphabet = ['"', "\\", "\\\"", "\\u0041", "\\n", "a", "Z", "0", "9", " ", "\t", "@", ".", "-", ":", "'", "<", ";", "é", "€", "\u0001", "_", "%", "/", "{"];
  let findings = 0;
  for (let i = 0; i < 3000; i++) {
    const parts: string[] = [];
    const len = rnd(90);
    for (let k = 0; k < len; k++) parts.push(alphabet[rnd(alphabet.length)]);
    // Raw bytes between quotes: the scanner must cope with whatever the string holds, valid JSON or not.
    const raw = `{"note":"${parts.join("")}","email":"user${i}@example.com","n":"${"4111 1111 1111 1111".slice(0, rnd(20))}"}`;
    findings += same(raw, "random");
  }
  // Stray quotes in the random part often shift the strings, so not every e-mail stays a value.
  assert.ok(findings >= 1500, `only ${findings} findings: the scans did not run`);
});

test("SIMD and scalar scans agree on prose of SQL words and English words at every alignment (the SQL-word gate)", () => {
  let x = 777;
  const rnd = (n: number) => { x = (x * 1103515245 + 12345) >>> 0; return x % n; };
  // SQL words (the gate's list and the lexer's), words sharing their first two letters, and plain words.
  const words = ["union", "select", "and", "or", "order", "by", "sleep", "xp_cmdshell", "information_schema", "UNION", "Select", "1",
    "uniform", "selected", "android", "orbit", "bypass", "slept", "xpath", "info", "the", "back", "door", "ring", "bell", "a", "_x", "x_y", "--", "=", "'"];
  let attacks = 0, bodies = 0;
  for (let i = 0; i < 3000; i++) {
    const parts: string[] = [];
    const len = 1 + rnd(9);
    for (let k = 0; k < len; k++) parts.push(words[rnd(words.length)]);
    const pad = "x".repeat(rnd(18));
    const body = JSON.stringify({ note: pad + " " + parts.join(rnd(3) === 0 ? "  " : " ") });
    const bytes = Buffer.from(body);
    const a = simd.inspect(bytes, 0, false), b = scalar.inspect(bytes, 0, false);
    assert.deepEqual(a.attacks, b.attacks, `attack classes differ for ${body}`);
    attacks += a.attacks.length; bodies++;
  }
  assert.ok(attacks > 100 && attacks < bodies, `${attacks} attack findings over ${bodies} bodies: the SQL paths did not both run`);
});

// The attack detectors read a value's last 16-byte block with one load and mask the lanes past its end; the
// buffers they read still hold the value normalized before. The worst case: every prefix of an attack, read
// right after the whole attack (the rest of it lies just past the prefix's end). The scalar build reads no
// byte past the end: both must say the same of every prefix.
test("SIMD and scalar attack detectors agree on every prefix of an attack read right after it (bytes past a value's end)", () => {
  const [vector, plain] = [loadHarnessExports("inspect-harness"), loadHarnessExports("inspect-harness-scalar")];
  const attacks = [...corpus("attacks.json"), ...corpus("attacks-holdout.json")].map((v) => v.value).filter((v) => v.length >= 4);
  assert.ok(attacks.length > 300, "corpus did not load");
  let prefixes = 0, flagged = 0;
  for (const value of attacks) {
    for (let cut = 1; cut < Math.min(value.length, 80); cut++) {
      const prefix = value.slice(0, cut);
      withBytes(vector, value, (p, n) => vector.attackBits(p, n));
      const a = withBytes(vector, prefix, (p, n) => vector.attackBits(p, n)) >>> 0;
      const b = withBytes(plain, prefix, (p, n) => plain.attackBits(p, n)) >>> 0;
      assert.equal(a, b, `attack bits differ for the prefix ${JSON.stringify(prefix)} of ${JSON.stringify(value).slice(0, 120)}`);
      prefixes++; if (a !== 0) flagged++;
    }
  }
  assert.ok(flagged > 1000 && flagged < prefixes, `${flagged} of ${prefixes} prefixes flagged: the detectors did not run`);
});
