// Redaction of PII values in place (same length: JSON stays valid and Content-Length holds) and the
// redacted evidence that events carry. Masked characters become '*'; `partial` keeps separators and the
// last 4 digits of card numbers; `full` masks every byte. No escape character survives a mask, so a
// masked JSON string is always a valid JSON string.
import { PiiType } from "./pii";

@inline function isDigit(c: u32): bool { return c - 0x30 < 10; }
@inline function isSeparator(c: u32): bool { return c == 0x20 || c == 0x2d || c == 0x2e || c == 0x40 || c == 0x2b || c == 0x28 || c == 0x29 || c == 0x2f || c == 0x3a; }

export function maskInPlace(p: usize, n: i32, type: PiiType, full: bool): void {
  let keepDigits = 0;
  if (type == PiiType.Card && !full) keepDigits = 4;
  let digitsSeen = 0;
  for (let i = n - 1; i >= 0; i--) {
    const c = <u32>load<u8>(p + <usize>i);
    if (!full) {
      if (isDigit(c) && digitsSeen < keepDigits) { digitsSeen++; continue; }
      if (isSeparator(c) && type != PiiType.Password && type != PiiType.Secret && type != PiiType.Jwt) continue;
    }
    store<u8>(p + <usize>i, 0x2a);
  }
}

// Evidence: cards keep their first 4 and last 4 digits (4111********1111); other values keep at most
// their first two characters; long values are cut. Passwords and secrets show nothing but their length.
// Built in a small byte buffer and decoded once (one allocation per finding).
const evBuf = memory.data(64);
export function evidence(p: usize, n: i32, type: PiiType): string {
  if (type == PiiType.Password || type == PiiType.Secret || type == PiiType.Jwt) return "[" + n.toString() + " bytes]";
  let w = 0;
  if (type == PiiType.Card) {
    let total = 0;
    for (let i = 0; i < n; i++) if (isDigit(<u32>load<u8>(p + <usize>i))) total++;
    let seen = 0;
    for (let i = 0; i < n && w < 32; i++) {
      const c = <u32>load<u8>(p + <usize>i);
      if (!isDigit(c)) continue;
      store<u8>(evBuf + <usize>(w++), <u8>(seen < 4 || seen >= total - 4 ? c : 0x2a));
      seen++;
    }
    return String.UTF8.decodeUnsafe(evBuf, <usize>w);
  }
  const shown = n < 16 ? n : 16;
  for (let i = 0; i < shown; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    store<u8>(evBuf + <usize>(w++), <u8>(i < 2 && c >= 0x20 && c < 0x7f && c != 0x22 && c != 0x5c ? c : 0x2a));
  }
  if (n > shown) { store<u8>(evBuf + <usize>(w++), 0xe2); store<u8>(evBuf + <usize>(w++), 0x80); store<u8>(evBuf + <usize>(w++), 0xa6); } // …
  return String.UTF8.decodeUnsafe(evBuf, <usize>w);
}
