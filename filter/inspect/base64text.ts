// Base64 (and hex) values that carry text. Applications decode base64 parameters, headers and cookies and use what
// they hold (a filter, a redirect target, a template, a command), so an attack sent base64-encoded reaches
// the same sinks as one sent plain: the attack detectors read such a value once more, decoded. Pure
// functions over bytes, no host calls.

// The 6-bit value of a base64 byte (standard and URL-safe alphabets), B64_BLANK for blanks and line breaks,
// B64_END for '=' and any other byte.
export const B64_BLANK: u32 = 64, B64_END: u32 = 65;
@inline export function base64Value(c: u32): u32 {
  if (c - 0x41 < 26) return c - 0x41;
  if (c - 0x61 < 26) return c - 0x61 + 26;
  if (c - 0x30 < 10) return c - 0x30 + 52;
  if (c == 0x2b || c == 0x2d) return 62;
  if (c == 0x2f || c == 0x5f) return 63;
  return c <= 0x20 ? B64_BLANK : B64_END;
}

// The shortest encoded value read: 8 characters are 6 bytes, the shortest text an attack fits in ("'or 1#").
const MIN_ENCODED: i32 = 8;

// Decodes (p, n) into d (at most `cap` bytes) when the whole value is base64 (standard or URL-safe, padded or
// not, a leading '/' skipped: a request path) and decodes to text: printable ASCII, tabs, line breaks and NUL
// (which splits keywords: "<scr\0ipt"). Returns the decoded length, or -1 at the first byte that is neither.
// Random tokens, ids and words fail within their first few characters (a random byte is printable 3 times in
// 8), so the cost on values that are not encoded text is a handful of table reads.
export function base64TextInto(p: usize, n: i32, d: usize, cap: i32): i32 {
  let i = 0;
  if (n > 0 && load<u8>(p) == 0x2f) i = 1;
  // '=' pads only the end: one or two of them, after a group of 2 or 3 characters; in a query string or form
  // they arrive percent-encoded (%3D%3D).
  let end = n, pads = 0;
  while (end > i) {
    if (load<u8>(p + <usize>(end - 1)) == 0x3d) { end--; pads++; continue; }
    if (end - i >= 3 && load<u8>(p + <usize>(end - 3)) == 0x25 && load<u8>(p + <usize>(end - 2)) == 0x33 && (<u32>load<u8>(p + <usize>(end - 1)) | 0x20) == 0x64) { end -= 3; pads++; continue; }
    break;
  }
  if (pads > 2 || end - i < MIN_ENCODED) return -1;
  let acc: u32 = 0, bits = 0, w = 0;
  for (; i < end; i++) {
    const v = base64Value(<u32>load<u8>(p + <usize>i));
    if (v >= B64_BLANK) return -1;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const b = (acc >> <u32>bits) & 0xff;
      if (!(b - 0x20 < 0x5f || b == 0x09 || b == 0x0a || b == 0x0d || b == 0)) return -1;
      if (w >= cap) break; // a window's worth: the detectors read at most that much of any value
      store<u8>(d + <usize>w, <u8>b);
      w++;
    }
  }
  return w;
}

// Decodes (p, n) into d (at most `cap` bytes) when the whole value is hex (an even count of 16 or more digits)
// that decodes to text, as base64TextInto does; -1 at the first byte that is neither. Hashes and ids fail on
// their first few pairs (a random pair is printable text 3 times in 8).
export function hexTextInto(p: usize, n: i32, d: usize, cap: i32): i32 {
  if (n < 16 || (n & 1) != 0) return -1;
  let w = 0;
  for (let i = 0; i < n; i += 2) {
    const h = hexDigit(<u32>load<u8>(p + <usize>i)), l = hexDigit(<u32>load<u8>(p + <usize>(i + 1)));
    if ((h | l) > 15) return -1;
    const b = (h << 4) | l;
    if (!(b - 0x20 < 0x5f || b == 0x09 || b == 0x0a || b == 0x0d)) return -1;
    if (w >= cap) break;
    store<u8>(d + <usize>w, <u8>b);
    w++;
  }
  return w;
}
@inline function hexDigit(c: u32): u32 {
  if (c - 0x30 < 10) return c - 0x30;
  const f = c | 0x20;
  return f - 0x61 < 6 ? f - 0x61 + 10 : 16;
}
