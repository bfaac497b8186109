// Body scanners: JSON, application/x-www-form-urlencoded and plain text, over one buffer. They find PII
// values (with the field name as context), record where they are (for redaction and for the event's
// location), and enforce depth/field limits. Bounded and bounds-checked: no input can make them trap.
import { PiiType, KeyHint, classifyValue, keyHint } from "./pii";
import { Findings, MAX_FINDINGS } from "./findings";
import { evidence } from "./redact";
import { AttackClass } from "./attacks";
import { detectAttackAny } from "./attack";
// Both detector sets, one class per value (see attack.ts). Exported through index.ts as `detectAttack`, so
// the filter's request-line/header checks use the same detectors as the body scanners.
export function detectValueAttack(p: usize, n: i32): AttackClass { return <AttackClass><i32>detectAttackAny(p, n); }
@inline function detectAttack(p: usize, n: i32): AttackClass { return detectValueAttack(p, n); }

export const enum BodyKind { Json = 0, Form = 1, Text = 2, Other = 3 }

export class ScanLimits {
  maxDepth: i32 = 64;
  maxFields: i32 = 10000;
  // Records carrying PII above which an exfiltration finding (class 11) is raised; 0 = off. The filter
  // sets it (config limits.maxPiiRecords) for response bodies.
  maxPiiRecords: i32 = 0;
}

// Decoding scratch for escaped JSON strings and percent-encoded form values.
const SCRATCH_CAP: i32 = 4096;
const scratch = memory.data(4096);

@inline function at(p: usize, i: i32): u32 { return <u32>load<u8>(p + <usize>i); }
// Writes one byte to scratch at w; returns w + 1.
@inline function put(w: i32, b: u32): i32 { store<u8>(scratch + <usize>w, <u8>b); return w + 1; }
@inline function isHex(c: u32): bool { return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6; }
@inline function hexVal(c: u32): u32 { return c - 0x30 < 10 ? c - 0x30 : (c | 0x20) - 0x61 + 10; }

function report(f: Findings, type: PiiType, start: i32, length: i32, location: string, vp: usize, vn: i32): void {
  f.add(type, start, length, location, evidence(vp, vn, type));
}

// ---- JSON ----------------------------------------------------------------------------------------------

// Per-depth state for locations: whether the level is an array, its position, and the last key read.
const MAX_PATH: i32 = 64;
const arrayAt = new StaticArray<bool>(MAX_PATH + 1);
const arrayPos = new StaticArray<i32>(MAX_PATH + 1);
const keyStartAt = new StaticArray<i32>(MAX_PATH + 1);
const keyLenAt = new StaticArray<i32>(MAX_PATH + 1);
// The key's hint, computed once when the key is read (not once per value under it).
const keyHintAt = new StaticArray<u8>(MAX_PATH + 1);

// keyHint() costs a few dozen substring tests; API keys repeat in every record, so hints are cached by a
// hash of the key bytes (direct-mapped, 256 entries, raw memory: no allocation, no bounds checks).
const hintCacheHash = memory.data(256 * 4);
const hintCacheHint = memory.data(256);
function cachedKeyHint(p: usize, n: i32): KeyHint {
  if (n <= 0) return KeyHint.None;
  let h: u32 = 2166136261;
  for (let i = 0; i < n; i++) h = (h ^ <u32>load<u8>(p + <usize>i)) * 16777619;
  h ^= <u32>n;
  if (h == 0) h = 1;
  const slot = <usize>(h & 255);
  if (load<u32>(hintCacheHash + slot * 4) == h) return <KeyHint>load<u8>(hintCacheHint + slot);
  const hint = keyHint(p, n);
  store<u32>(hintCacheHash + slot * 4, h);
  store<u8>(hintCacheHint + slot, <u8>hint);
  return hint;
}

const LOC_CAP: i32 = 1024;
const locBuf = memory.data(1024);
// $.users[1].card for the value at `depth`, built only when there is a finding.
function location(p: usize, depth: i32): string {
  // Built in a byte buffer and decoded once: one allocation per finding, not one per path segment.
  let w = 0;
  store<u8>(locBuf, 0x24); w = 1;
  const d = depth < MAX_PATH ? depth : MAX_PATH;
  for (let l = 1; l <= d && w < LOC_CAP - 80; l++) {
    if (arrayAt[l]) {
      store<u8>(locBuf + <usize>(w++), 0x5b);
      let v = arrayPos[l];
      let digits = 1;
      for (let t = v; t >= 10; t /= 10) digits++;
      for (let k = digits - 1; k >= 0; k--) { store<u8>(locBuf + <usize>(w + k), <u8>(0x30 + v % 10)); v /= 10; }
      w += digits;
      store<u8>(locBuf + <usize>(w++), 0x5d);
    } else if (keyLenAt[l] > 0) {
      store<u8>(locBuf + <usize>(w++), 0x2e);
      const kl = keyLenAt[l] < 64 ? keyLenAt[l] : 64;
      memory.copy(locBuf + <usize>w, p + <usize>keyStartAt[l], <usize>kl);
      w += kl;
    }
  }
  return String.UTF8.decodeUnsafe(locBuf, <usize>w);
}

// Exfiltration: which element of the outermost array the current value belongs to, counted once.
let lastRecord: i32 = -1;
function countRecord(f: Findings, depth: i32): void {
  const d = depth < MAX_PATH ? depth : MAX_PATH;
  for (let l = 1; l <= d; l++) {
    if (arrayAt[l]) {
      if (l < d && arrayPos[l] != lastRecord) { lastRecord = arrayPos[l]; f.piiRecords++; }
      return;
    }
  }
}

// The field name that gives context to a value at `depth`: the nearest object key at or above it.
function hintAt(p: usize, depth: i32): KeyHint {
  for (let l = depth < MAX_PATH ? depth : MAX_PATH; l >= 1; l--) {
    if (!arrayAt[l] && keyLenAt[l] > 0) return <KeyHint>keyHintAt[l];
  }
  return KeyHint.None;
}

// Decodes JSON escapes of (p, n) into scratch (ASCII and \uXXXX up to U+FFFF as UTF-8); returns length or -1.
function unescapeJson(p: usize, n: i32): i32 {
  let w = 0;
  for (let i = 0; i < n && w < SCRATCH_CAP - 4; i++) {
    let c = at(p, i);
    if (c == 0x5c && i + 1 < n) {
      i++;
      const e = at(p, i);
      if (e == 0x75) {
        if (i + 4 >= n || !isHex(at(p, i + 1)) || !isHex(at(p, i + 2)) || !isHex(at(p, i + 3)) || !isHex(at(p, i + 4))) return -1;
        c = (hexVal(at(p, i + 1)) << 12) | (hexVal(at(p, i + 2)) << 8) | (hexVal(at(p, i + 3)) << 4) | hexVal(at(p, i + 4));
        i += 4;
        if (c < 0x80) { w = put(w, c); }
        else if (c < 0x800) { w = put(w, (0xc0 | (c >> 6))); w = put(w, (0x80 | (c & 63))); }
        else { w = put(w, (0xe0 | (c >> 12))); w = put(w, (0x80 | ((c >> 6) & 63))); w = put(w, (0x80 | (c & 63))); }
        continue;
      }
      c = e == 0x6e ? 0x0a : e == 0x74 ? 0x09 : e == 0x72 ? 0x0d : e == 0x62 ? 0x08 : e == 0x66 ? 0x0c : e;
    }
    w = put(w, c);
  }
  return w;
}

export function scanJson(p: usize, n: i32, limits: ScanLimits, f: Findings): void {
  let depth = 0;
  let fields = 0;
  let i = 0;
  arrayAt[0] = false;
  lastRecord = -1;
  while (i < n) {
    const c = at(p, i);
    if (c == 0x7b || c == 0x5b) { // { [
      if (depth >= limits.maxDepth || depth >= MAX_PATH) { f.limitExceeded = true; return; }
      depth++;
      arrayAt[depth] = c == 0x5b;
      arrayPos[depth] = 0;
      keyLenAt[depth] = 0;
      i++;
      continue;
    }
    if (c == 0x7d || c == 0x5d) { if (depth > 0) depth--; i++; continue; }
    if (c == 0x2c) { if (depth > 0 && arrayAt[depth]) arrayPos[depth]++; i++; continue; }
    if (c == 0x22) { // string: a key if followed by ':', else a value
      const start = i + 1;
      let j = start;
      let escaped = false;
      while (j < n) {
        const d = at(p, j);
        if (d == 0x5c) { escaped = true; j += 2; continue; }
        if (d == 0x22) break;
        j++;
      }
      if (j > n) j = n;
      const len = j - start;
      let k = j + 1;
      while (k < n && (at(p, k) == 0x20 || at(p, k) == 0x0a || at(p, k) == 0x0d || at(p, k) == 0x09)) k++;
      if (k < n && at(p, k) == 0x3a && depth > 0 && !arrayAt[depth]) {
        keyStartAt[depth] = start;
        keyLenAt[depth] = len;
        keyHintAt[depth] = <u8>cachedKeyHint(p + <usize>start, len);
        fields++;
        if (fields > limits.maxFields) { f.limitExceeded = true; return; }
        i = k + 1;
        continue;
      }
      let vp = p + <usize>start;
      let vn = len;
      if (escaped) { vn = unescapeJson(vp, len); vp = scratch; }
      if (vn > 0) {
        const type = classifyValue(vp, vn, hintAt(p, depth), false);
        if (type != PiiType.None) { countRecord(f, depth); if (f.count >= MAX_FINDINGS) f.dropped++; else report(f, type, start, len, location(p, depth), vp, vn); }
        else if (vn >= 3) {
          const attack = detectAttack(vp, vn);
          if (attack != AttackClass.None) { if (f.count >= MAX_FINDINGS) f.dropped++; else f.addAttack(attack, start, len, location(p, depth)); }
        }
      }
      i = j + 1;
      continue;
    }
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) { // numbers: cards sent as JSON numbers count
      const start = i;
      while (i < n) {
        const d = at(p, i);
        if ((d >= 0x30 && d <= 0x39) || d == 0x2e || d == 0x2d || d == 0x2b || (d | 0x20) == 0x65) i++; else break;
      }
      const len = i - start;
      if (len >= 9 && len <= 19) {
        const type = classifyValue(p + <usize>start, len, hintAt(p, depth), true);
        if (type != PiiType.None) { countRecord(f, depth); if (f.count >= MAX_FINDINGS) f.dropped++; else report(f, type, start, len, location(p, depth), p + <usize>start, len); }
      }
      continue;
    }
    i++;
  }
}

// ---- forms and text -------------------------------------------------------------------------------------

// Percent- and plus-decodes (p, n) into scratch; returns the decoded length.
function formDecode(p: usize, n: i32): i32 {
  let w = 0;
  for (let i = 0; i < n && w < SCRATCH_CAP; i++) {
    const c = at(p, i);
    if (c == 0x2b) w = put(w, 0x20);
    else if (c == 0x25 && i + 2 < n && isHex(at(p, i + 1)) && isHex(at(p, i + 2))) { w = put(w, ((hexVal(at(p, i + 1)) << 4) | hexVal(at(p, i + 2)))); i += 2; }
    else w = put(w, c);
  }
  return w;
}

// name=value&… (bodies and query strings). `prefix` names the location ("form." or "query.").
export function scanForm(p: usize, n: i32, limits: ScanLimits, f: Findings, prefix: string): void {
  let i = 0;
  let fields = 0;
  while (i < n) {
    const start = i;
    while (i < n && at(p, i) != 0x26) i++;
    const end = i;
    i++;
    let eq = start;
    while (eq < end && at(p, eq) != 0x3d) eq++;
    if (eq >= end) continue;
    fields++;
    if (fields > limits.maxFields) { f.limitExceeded = true; return; }
    const hint = cachedKeyHint(p + <usize>start, eq - start);
    const vn = formDecode(p + <usize>eq + 1, end - eq - 1);
    if (vn <= 0) continue;
    const type = classifyValue(scratch, vn, hint, false);
    if (type != PiiType.None) {
      const name = String.UTF8.decodeUnsafe(p + <usize>start, <usize>(eq - start < 64 ? eq - start : 64));
      report(f, type, eq + 1, end - eq - 1, prefix + name, scratch, vn);
    } else if (vn >= 3) {
      // detectAttack decodes again itself: give it the raw value (double encodings are an attack tell).
      const attack = detectAttack(p + <usize>eq + 1, end - eq - 1);
      if (attack != AttackClass.None) f.addAttack(attack, eq + 1, end - eq - 1, prefix + String.UTF8.decodeUnsafe(p + <usize>start, <usize>(eq - start < 64 ? eq - start : 64)));
    }
  }
}

@inline function tokenChar(c: u32): bool {
  return (c - 0x30 < 10) || ((c | 0x20) - 0x61 < 26) || c == 0x40 || c == 0x2e || c == 0x5f || c == 0x2b || c == 0x2d || c == 0x3a || c == 0x25;
}

// Plain text: candidate tokens, plus digit groups joined by single spaces (cards written "4111 1111 …").
export function scanText(p: usize, n: i32, f: Findings, location: string): void {
  let i = 0;
  while (i < n) {
    while (i < n && !tokenChar(at(p, i))) i++;
    const start = i;
    while (i < n && tokenChar(at(p, i))) i++;
    let end = i;
    // Extend digit groups across single spaces: "4111 1111 1111 1111".
    if (end > start && at(p, end - 1) - 0x30 < 10) {
      while (end + 1 < n && at(p, end) == 0x20 && at(p, end + 1) - 0x30 < 10) {
        let k = end + 1;
        while (k < n && (at(p, k) - 0x30 < 10 || at(p, k) == 0x2d)) k++;
        end = k;
      }
    }
    let len = end - start;
    // Trailing sentence punctuation is not part of the value.
    while (len > 0 && (at(p, start + len - 1) == 0x2e || at(p, start + len - 1) == 0x3a || at(p, start + len - 1) == 0x2d)) len--;
    if (len >= 6) {
      const type = classifyValue(p + <usize>start, len, KeyHint.None, false);
      if (type != PiiType.None) report(f, type, start, len, location, p + <usize>start, len);
    }
    i = end > i ? end : i;
  }
}

export function scanBody(p: usize, n: i32, kind: BodyKind, limits: ScanLimits, f: Findings): void {
  if (kind == BodyKind.Json) {
    scanJson(p, n, limits, f);
    if (limits.maxPiiRecords > 0 && f.piiRecords > limits.maxPiiRecords) f.addAttack(<AttackClass>11, 0, n, "$");
  }
  else if (kind == BodyKind.Form) scanForm(p, n, limits, f, "form.");
  else if (kind == BodyKind.Text) {
    scanText(p, n, f, "body");
    // Text and XML bodies are also one value for attack detection (XXE, injected markup).
    const attack = detectAttack(p, n);
    if (attack != AttackClass.None) f.addAttack(attack, 0, n, "body");
  }
}
