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
      if (k > 0 && safe - k < MAX_FIELD_TAIL) safe = k;
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
