// Carry-over window for inspecting a body chunk by chunk without leaking a value split across chunks.
//
//   const carry = new ChunkCarry();            // one per stream direction, reset() per request
//   // for each chunk (the caller prepends the bytes it held back last time):
//   const safe = carry.safeLength(p, n, kind, isLast);
//   // scan/redact [0, safe) now and forward it; hold back [safe, n) and prepend it to the next chunk.
//
// safeLength() ends the forwardable prefix before an unfinished JSON string (at its opening quote), or
// before a trailing run of digits/separators that may continue as a card or phone number in the next
// chunk (JSON numbers, text and form bodies). The held-back tail is bounded by MAX_CARRY: a longer
// unfinished value is reported through `overflow` so the caller can buffer the whole body or apply its
// limits policy; never a silent pass. Pure: no host calls, no allocation.
import { BodyKind } from "./body";
import { NeedleSet } from "./pii";

export const MAX_CARRY: i32 = 64 * 1024;
// Long enough for a 19-digit card with separators, an IBAN written in groups, an E.164 phone.
const MAX_NUMBER_TAIL: i32 = 48;
// A form field or a word held back for the next chunk; a longer one is inspected as it is.
const MAX_FIELD_TAIL: i32 = 4096;

export class ChunkCarry {
  inString: bool = false;   // JSON: the carried state at the start of the next byte fed
  escaped: bool = false;
  overflow: bool = false;   // an unfinished value was longer than MAX_CARRY (the caller must buffer)
  reset(): void { this.inString = false; this.escaped = false; this.overflow = false; }

  // Bytes of (p, n) that can be inspected and forwarded now. Advances the string state to `safe`.
  safeLength(p: usize, n: i32, kind: BodyKind, isLast: bool): i32 {
    if (isLast || n <= 0) { this.reset(); return n; }
    let safe = n;
    if (kind == BodyKind.Json) {
      let inString = this.inString;
      let escaped = this.escaped;
      let stringStart = inString ? 0 : -1;
      let stateAtStart = this.inString; // state to restore when the cut is at stringStart
      let lastStart = -1;       // the last complete string, and whether only whitespace follows it
      let onlySpaceAfter = false;
      for (let i = 0; i < n; i++) {
        const c = <u32>load<u8>(p + <usize>i);
        if (inString) {
          if (escaped) escaped = false;
          else if (c == 0x5c) escaped = true;
          else if (c == 0x22) { inString = false; lastStart = stringStart; onlySpaceAfter = true; stringStart = -1; }
        } else if (c == 0x22) { inString = true; stringStart = i; stateAtStart = false; }
        else if (onlySpaceAfter && c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) onlySpaceAfter = false;
      }
      // A string at the very end may be a key whose ':' is in the next chunk: hold it back too.
      if (!inString && onlySpaceAfter && lastStart >= 0 && n - lastStart < MAX_CARRY) { this.inString = false; this.escaped = false; return lastStart; }
      if (inString) {
        // Cut before the opening quote; a string already open at byte 0 has nothing safe to forward.
        safe = stringStart;
        this.inString = stringStart == 0 ? stateAtStart : false;
        this.escaped = stringStart == 0 ? this.escaped : false;
        if (stringStart == 0 && n >= MAX_CARRY) { this.overflow = true; safe = n; this.inString = true; this.escaped = escaped; }
        return safe;
      }
      this.inString = false;
      this.escaped = false;
    }
    if (kind == BodyKind.Other || kind == BodyKind.Multipart || kind == BodyKind.Binary) return n;
    // Forms: the last field may continue (an email cut in two); text: the last word may.
    if (kind == BodyKind.Form || kind == BodyKind.Text || kind == BodyKind.Graphql) {
      const sep: u32 = kind == BodyKind.Form ? 0x26 : 0x20;
      let k = safe;
      while (k > 0 && safe - k < MAX_FIELD_TAIL) {
        const c = <u32>load<u8>(p + <usize>(k - 1));
        if (c == sep || c == 0x0a || c == 0x0d || c == 0x09) break;
        k--;
      }
      if (k > 0 && safe - k < MAX_FIELD_TAIL) {
        safe = k;
        // Text: a word that names the next one ("password:", "is") stays with it (at most two words back).
        for (let r = 0; r < 2 && kind == BodyKind.Text && safe > 1; r++) {
          const e = safe - 1;
          let b = e;
          while (b > 0 && load<u8>(p + <usize>(b - 1)) > 0x20) b--;
          if (b == 0 || k - b >= MAX_FIELD_TAIL || !namesNext(p, b, e)) break;
          safe = b;
        }
      }
    }
    // A trailing number-ish run (outside strings for JSON) may continue in the next chunk.
    let k = safe;
    while (k > 0 && safe - k < MAX_NUMBER_TAIL) {
      const c = <u32>load<u8>(p + <usize>(k - 1));
      if ((c - 0x30 < 10) || c == 0x20 || c == 0x2d || c == 0x2b || c == 0x2e || c == 0x28 || c == 0x29) k--; else break;
    }
    // Hold back only a run that holds a digit.
    for (let i = k; i < safe; i++) if (<u32>load<u8>(p + <usize>i) - 0x30 < 10) return k;
    return safe;
  }
}

// ---- cut points for a body redacted as it streams (filter/plugin/inspection.ts streamChunk) ----------------
//
// Only what is forwarded is final, so a cut must never split a value a detector would read whole. JSON:
// before an unfinished string (or a trailing key / number); a string longer than the carry window is cut
// inside, between two words, the way text is. Text: between two words, where no detector joins words.

// Set by jsonSafeEnd: where the string still open at the end began (its opening quote), or -1.
export let openQuote: i32 = -1;

// JSON from a point outside any string: the length that can be scanned and forwarded now, holding back an
// unfinished string (openQuote is set, the result is its quote), a complete string followed only by
// whitespace (it may be a key whose ':' comes next, if shorter than `window`), or a trailing number.
// One forward pass finds whether the end is inside a string, eight bytes at a time where there is no
// quote or backslash (it runs over every byte of a streamed body); the rest is read backwards.
export function jsonSafeEnd(p: usize, n: i32, window: i32): i32 {
  let inString = false, stringStart = -1;
  let i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      const w = load<u64>(p + <usize>i);
      const xq = w ^ 0x2222222222222222, xb = w ^ 0x5c5c5c5c5c5c5c5c;
      const hit = ((xq - 0x0101010101010101) & ~xq & 0x8080808080808080) | ((xb - 0x0101010101010101) & ~xb & 0x8080808080808080);
      if (hit == 0) { i += 8; continue; }
      i += <i32>(ctz(hit) >> 3); // the lowest flagged byte is a true quote or backslash
    }
    const c = load<u8>(p + <usize>i);
    if (c == 0x5c) { i += inString ? 2 : 1; continue; } // an escape inside a string: skip the escaped byte
    if (c == 0x22) {
      if (inString) inString = false; else { inString = true; stringStart = i; }
    }
    i++;
  }
  if (inString) { openQuote = stringStart; return stringStart; }
  openQuote = -1;
  let k = n;
  while (k > 0 && isBlank(load<u8>(p + <usize>(k - 1)))) k--;
  if (k > 0 && load<u8>(p + <usize>(k - 1)) == 0x22) {
    // The last string ends at k - 1; it began at the unescaped quote before (strings hold no other).
    let s = k - 2;
    while (s >= 0 && !(load<u8>(p + <usize>s) == 0x22 && !escapedAt(p, s))) s--;
    return s >= 0 && n - s < window ? s : n;
  }
  k = n;
  while (k > 0 && n - k < MAX_NUMBER_TAIL) {
    const c = <u32>load<u8>(p + <usize>(k - 1));
    if ((c - 0x30 < 10) || c == 0x2d || c == 0x2b || c == 0x2e || (c | 0x20) == 0x65) k--; else break;
  }
  for (let j = k; j < n; j++) if (<u32>load<u8>(p + <usize>j) - 0x30 < 10) return k;
  return n;
}
@inline function isBlank(c: u8): bool { return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09; }
// Whether the byte at s is escaped: an odd run of backslashes before it.
function escapedAt(p: usize, s: i32): bool {
  let run = 0, k = s - 1;
  while (k >= 0 && load<u8>(p + <usize>k) == 0x5c) { run++; k--; }
  return (run & 1) == 1;
}

// Length of the word separator ending just before c: raw space/tab/CR/LF (1), or, in a JSON string, an
// escaped \n \t \r (2); 0 when c does not follow a separator.
function separatorBefore(p: usize, c: i32, from: i32, json: bool): i32 {
  if (c <= from) return 0;
  const b = <u32>load<u8>(p + <usize>(c - 1));
  if (b == 0x20 || b == 0x09 || b == 0x0a || b == 0x0d) return 1;
  if (!json || c - 2 < from || (b != 0x6e && b != 0x74 && b != 0x72) || load<u8>(p + <usize>(c - 2)) != 0x5c) return 0;
  // The backslash must itself be unescaped: an odd run of them.
  let k = c - 2, run = 0;
  while (k >= from && load<u8>(p + <usize>k) == 0x5c) { run++; k--; }
  return (run & 1) == 1 ? 2 : 0;
}

// Whether the word in [s, e) holds a digit (cards, phones, IBAN groups, versions join digit words).
function hasDigit(p: usize, s: i32, e: i32): bool {
  for (let i = s; i < e; i++) if (<u32>load<u8>(p + <usize>i) - 0x30 < 10) return true;
  return false;
}

// A cut in text [from, limit] at most `reach` bytes before limit (the text goes on to `end`): at the start
// of a word, after a separator, with no digit in the words on either side (detectors join digit groups,
// IBAN groups and phone parts across single spaces, and read a version word before a number). -1 when
// there is none.
// With `anyWord`, any word boundary will do (the fallback for text dense with digits).
export function textCut(p: usize, from: i32, limit: i32, reach: i32, end: i32, json: bool, anyWord: bool = false): i32 {
  const stop = limit - reach > from ? limit - reach : from;
  // The word after the candidate: from c to the next separator (found lazily, bounded by reach).
  let c = limit;
  while (c > stop) {
    const sep = separatorBefore(p, c, from, json);
    if (sep == 0) { c--; continue; }
    // Word after c.
    let e = c;
    while (e < end && separatorBefore(p, e + 1, from, json) == 0 && e - c < 256) e++;
    // Word before the separator.
    const be = c - sep;
    let s = be;
    while (s > from && separatorBefore(p, s, from, json) == 0 && be - s < 256) s--;
    if (anyWord || (!hasDigit(p, c, e) && !hasDigit(p, s, be) && !namesNext(p, s, be) && !inWordPassword(p, from, be, json))) return c;
    c = s > stop ? s : stop;
  }
  return -1;
}

// Whether the word [s, e) names the words after it for the PII scan (body.ts scanTokens): a label ending in
// ':' or '=', "is"/"was"/"on" (password is …, born on …), or a password, birth or secret word. A cut right
// after it would leave the value in the next chunk without its name.
function namesNext(p: usize, s: i32, e: i32): bool {
  const n = e - s;
  if (n <= 0 || n > 64) return false;
  const last = <u32>load<u8>(p + <usize>(e - 1));
  if (last == 0x3a || last == 0x3d) return true;
  const w = p + <usize>s;
  if (n <= 3) {
    const a = <u32>load<u8>(w) | 0x20, b = n > 1 ? <u32>load<u8>(w, 1) | 0x20 : 0;
    if (n == 2 && ((a == 0x69 && b == 0x73) || (a == 0x6f && b == 0x6e))) return true; // is, on
    if (n == 3 && a == 0x77 && b == 0x61 && (<u32>load<u8>(w, 2) | 0x20) == 0x73) return true; // was
  }
  return NAMING_WORDS.in(w, n);
}
const NAMING_WORDS = new NeedleSet("pass|pwd|birth|born|dob|d.o.b|secret|key|token");

// Whether a cut after the word ending at `end` may fall inside a password of words ("password: correct
// horse | battery staple"): up to 8 words of letters back from it reach a word that names what follows. The
// PII scan masks such a password whole (body.ts wordPasswordEnd); a cut inside it would leave its last words
// in the next chunk, unnamed and unmasked.
function inWordPassword(p: usize, from: i32, end: i32, json: bool): bool {
  let e = end;
  for (let words = 0; words < 9 && e > from; words++) {
    // The word [ws, we) ending at e (past a separator).
    let we = e;
    let ws = we;
    while (ws > from && separatorBefore(p, ws, from, json) == 0 && we - ws < 64) ws--;
    if (ws == we) return false;
    if (namesNext(p, ws, we)) return words > 0;
    for (let k = ws; k < we; k++) { const c = <u32>load<u8>(p + <usize>k) | 0x20; if (c - 0x61 >= 26) return false; }
    e = ws - separatorBefore(p, ws, from, json);
  }
  return false;
}

// A cut at or before c that does not split an escape (\x, \uXXXX) of a JSON string starting at `from`.
export function escapeSafeCut(p: usize, from: i32, c: i32): i32 {
  for (let k = c - 1; k >= from && k >= c - 6; k--) {
    if (load<u8>(p + <usize>k) != 0x5c) continue;
    let run = 0, j = k;
    while (j >= from && load<u8>(p + <usize>j) == 0x5c) { run++; j--; }
    if ((run & 1) == 1) { // an escape starts at k: cut before it unless it is complete before c
      const needed = load<u8>(p + <usize>(k + 1)) == 0x75 ? 6 : 2;
      if (k + needed > c) return k;
    }
    return c;
  }
  return c;
}
