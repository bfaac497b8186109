// Redaction of PII values in place (same length: JSON stays valid and Content-Length holds) and the
// redacted evidence that events carry. Masked characters become '*'; `partial` keeps separators and the
// last 4 digits of card numbers; `full` masks every byte. No escape character survives a mask, so a
// masked JSON string is always a valid JSON string.
import { PiiType } from "./pii";

@inline function isDigit(c: u32): bool { return c - 0x30 < 10; }
@inline function isSeparator(c: u32): bool { return c == 0x20 || c == 0x2d || c == 0x2e || c == 0x40 || c == 0x2b || c == 0x28 || c == 0x29 || c == 0x2f || c == 0x3a; }

export function maskInPlace(p: usize, n: i32, type: PiiType, full: bool): void {
  // Every byte masked: a full mask, and passwords, secrets and tokens (their separators are theirs too).
  if (full || type == PiiType.Password || type == PiiType.Secret || type == PiiType.Jwt) { if (n > 0) memory.fill(p, 0x2a, <usize>n); return; }
  let i = 0;
  if (ASC_FEATURE_SIMD && type != PiiType.Card) {
    // Separators kept, everything else masked, 16 bytes at a time (a branch per byte mispredicted at each
    // '@' and '.' of every e-mail a response redacts).
    for (; i + 16 <= n; i += 16) {
      const v = v128.load(p + <usize>i);
      const sep = v128.or(v128.or(v128.or(i8x16.eq(v, i8x16.splat(0x20)), i8x16.eq(v, i8x16.splat(0x2d))), v128.or(i8x16.eq(v, i8x16.splat(0x2e)), i8x16.eq(v, i8x16.splat(0x40)))),
        v128.or(v128.or(i8x16.eq(v, i8x16.splat(0x2b)), i8x16.eq(v, i8x16.splat(0x28))), v128.or(v128.or(i8x16.eq(v, i8x16.splat(0x29)), i8x16.eq(v, i8x16.splat(0x2f))), i8x16.eq(v, i8x16.splat(0x3a)))));
      v128.store(p + <usize>i, v128.bitselect(v, i8x16.splat(0x2a), sep));
    }
  }
  // The rest byte by byte (all of a card, which keeps its last 4 digits; the scalar build): separators kept.
  const keepDigits = type == PiiType.Card ? 4 : 0;
  let digitsSeen = 0;
  for (let k = n - 1; k >= i; k--) {
    const c = <u32>load<u8>(p + <usize>k);
    if (isDigit(c) && digitsSeen < keepDigits) { digitsSeen++; continue; }
    if (isSeparator(c)) continue;
    store<u8>(p + <usize>k, 0x2a);
  }
}

// Evidence: cards keep their first 4 and last 4 digits (4111********1111); other values keep at most
// their first two characters; long values are cut. Passwords and secrets show nothing but their length.
// Written as bytes (at most EVIDENCE_CAP) so a finding costs no allocation; decoded only for events.
export const EVIDENCE_CAP: i32 = 40;
export function evidenceInto(p: usize, n: i32, type: PiiType, d: usize): i32 {
  let w = 0;
  if (type == PiiType.Password || type == PiiType.Secret || type == PiiType.Jwt) {
    store<u8>(d, 0x5b); w = 1;
    let digits = 1;
    for (let t = n; t >= 10; t /= 10) digits++;
    let v = n;
    for (let k = digits - 1; k >= 0; k--) { store<u8>(d + <usize>(w + k), <u8>(0x30 + v % 10)); v /= 10; }
    w += digits;
    memory.copy(d + <usize>w, changetype<usize>(BYTES_SUFFIX), 7); // " bytes]"
    return w + 7;
  }
  if (type == PiiType.Card) {
    let total = 0;
    for (let i = 0; i < n; i++) if (isDigit(<u32>load<u8>(p + <usize>i))) total++;
    let seen = 0;
    for (let i = 0; i < n && w < 32; i++) {
      const c = <u32>load<u8>(p + <usize>i);
      if (!isDigit(c)) continue;
      store<u8>(d + <usize>(w++), <u8>(seen < 4 || seen >= total - 4 ? c : 0x2a));
      seen++;
    }
    return w;
  }
  const shown = n < 16 ? n : 16;
  store<u64>(d, 0x2a2a2a2a2a2a2a2a); store<u64>(d, 0x2a2a2a2a2a2a2a2a, 8); // '*' x 16, then the first two bytes
  for (let i = 0; i < 2 && i < shown; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c >= 0x20 && c < 0x7f && c != 0x22 && c != 0x5c) store<u8>(d + <usize>i, <u8>c);
  }
  w = shown;
  if (n > shown) { store<u8>(d + <usize>(w++), 0xe2); store<u8>(d + <usize>(w++), 0x80); store<u8>(d + <usize>(w++), 0xa6); } // …
  return w;
}
const BYTES_SUFFIX: StaticArray<u8> = [0x20, 0x62, 0x79, 0x74, 0x65, 0x73, 0x5d];
const evBuf = memory.data(64);
export function evidence(p: usize, n: i32, type: PiiType): string {
  return String.UTF8.decodeUnsafe(evBuf, <usize>evidenceInto(p, n, type, evBuf));
}

// ---- hash style -----------------------------------------------------------------------------------------
// `redaction.style: "hash"` replaces each value with a keyed token, "h:" + 16 hex digits of SipHash-2-4
// under the configured hashKey (first 16 bytes). The same value gives the same token under one key, so
// joins across events/records still work, and nothing about the value is revealed without the key.
// The output length changes: redactHashInto copies into an output buffer and returns the new length.

@inline function rotl(x: u64, b: u64): u64 { return (x << b) | (x >> (64 - b)); }

let v0: u64 = 0, v1: u64 = 0, v2: u64 = 0, v3: u64 = 0;
@inline function sipRound(): void {
  v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
  v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
  v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
  v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
}

// SipHash-2-4 of (p, n) under the 16-byte key at k.
export function sipHash24(p: usize, n: i32, k: usize): u64 {
  const k0 = load<u64>(k);
  const k1 = load<u64>(k + 8);
  v0 = k0 ^ 0x736f6d6570736575; v1 = k1 ^ 0x646f72616e646f6d; v2 = k0 ^ 0x6c7967656e657261; v3 = k1 ^ 0x7465646279746573;
  const end = n - (n & 7);
  for (let i = 0; i < end; i += 8) {
    const m = load<u64>(p + <usize>i);
    v3 ^= m; sipRound(); sipRound(); v0 ^= m;
  }
  let last: u64 = (<u64>(n & 0xff)) << 56;
  for (let i = end; i < n; i++) last |= (<u64>load<u8>(p + <usize>i)) << (<u64>(8 * (i - end)));
  v3 ^= last; sipRound(); sipRound(); v0 ^= last;
  v2 ^= 0xff;
  sipRound(); sipRound(); sipRound(); sipRound();
  return v0 ^ v1 ^ v2 ^ v3;
}

export const HASH_TOKEN_LENGTH: i32 = 18; // "h:" + 16 hex digits

// Writes the token for (p, n) at out (HASH_TOKEN_LENGTH bytes).
export function writeHashToken(p: usize, n: i32, key: usize, out: usize): void {
  const h = sipHash24(p, n, key);
  store<u8>(out, 0x68); store<u8>(out + 1, 0x3a);
  for (let i = 0; i < 16; i++) {
    const nib = <u32>((h >> (<u64>(60 - 4 * i))) & 15);
    store<u8>(out + 2 + <usize>i, <u8>(nib < 10 ? 0x30 + nib : 0x57 + nib));
  }
}

// Copies (src, n) to out, replacing each range [starts[i], starts[i] + lengths[i]) (ascending, not
// overlapping) by its token. Returns the output length, or -1 when it would not fit in outCap.
export function redactHashInto(src: usize, n: i32, starts: StaticArray<i32>, lengths: StaticArray<i32>, count: i32, key: usize, out: usize, outCap: i32): i32 {
  let r = 0;
  let w = 0;
  for (let i = 0; i < count; i++) {
    const s = starts[i];
    const l = lengths[i];
    if (s < r || s + l > n || l < 0) return -1;
    if (w + (s - r) + HASH_TOKEN_LENGTH > outCap) return -1;
    memory.copy(out + <usize>w, src + <usize>r, <usize>(s - r));
    w += s - r;
    writeHashToken(src + <usize>s, l, key, out + <usize>w);
    w += HASH_TOKEN_LENGTH;
    r = s + l;
  }
  if (w + (n - r) > outCap) return -1;
  memory.copy(out + <usize>w, src + <usize>r, <usize>(n - r));
  return w + (n - r);
}

// Same-length keyed token, in place: "h:" and as many hex digits of the token as fit, '*' after 16.
// Bodies keep their length (Content-Length holds, JSON stays valid) and equal values still give equal
// tokens, so records can be joined without revealing the value. Values under 3 bytes are masked.
export function hashInPlace(p: usize, n: i32, key: usize): void {
  if (n < 3) { for (let i = 0; i < n; i++) store<u8>(p + <usize>i, 0x2a); return; }
  const h = sipHash24(p, n, key);
  store<u8>(p, 0x68); store<u8>(p + 1, 0x3a);
  for (let i = 0; i < n - 2; i++) {
    if (i >= 16) { store<u8>(p + 2 + <usize>i, 0x2a); continue; }
    const nib = <u32>((h >> (<u64>(60 - 4 * i))) & 15);
    store<u8>(p + 2 + <usize>i, <u8>(nib < 10 ? 0x30 + nib : 0x57 + nib));
  }
}

// ---- JSON numbers ---------------------------------------------------------------------------------------
// A PII value the scanner read as a bare JSON number (a card sent as 4111111111111111) cannot hold '*' or a
// token: masked in place it would make the document invalid. It becomes a JSON string of the same length,
// with the mask or token inside the quotes ("**********1111"), so the JSON stays valid and Content-Length
// holds. Numbers under 3 bytes (no room for quotes) become 0 padded with spaces, also valid JSON.
// Callers use these instead of maskInPlace/hashInPlace for findings that are JSON numbers.

function smallNumber(p: usize, n: i32): bool {
  if (n >= 3) return false;
  for (let i = 0; i < n; i++) store<u8>(p + <usize>i, i == 0 ? 0x30 : 0x20);
  return true;
}

export function maskJsonNumberInPlace(p: usize, n: i32, type: PiiType, full: bool): void {
  if (smallNumber(p, n)) return;
  const inner = n - 2;
  // The last 4 digits of a card (partial style) move one byte left, inside the closing quote.
  let keep = type == PiiType.Card && !full && inner >= 8 ? 4 : 0;
  let kept: u32 = 0;
  let k = 0;
  for (let i = n - 1; i >= 0 && k < keep; i--) {
    const c = <u32>load<u8>(p + <usize>i);
    if (isDigit(c)) { kept |= c << (8 * k); k++; }
  }
  keep = k;
  store<u8>(p, 0x22);
  for (let i = 0; i < inner; i++) store<u8>(p + 1 + <usize>i, 0x2a);
  for (let j = 0; j < keep; j++) store<u8>(p + <usize>(n - 2 - j), <u8>((kept >> (8 * j)) & 0xff));
  store<u8>(p + <usize>(n - 1), 0x22);
}

export function hashJsonNumberInPlace(p: usize, n: i32, key: usize): void {
  if (smallNumber(p, n)) return;
  const h = sipHash24(p, n, key);
  store<u8>(p, 0x22);
  const inner = n - 2;
  for (let i = 0; i < inner; i++) {
    let c: u32 = 0x2a;
    if (i == 0) c = 0x68;
    else if (i == 1) c = 0x3a;
    else if (i - 2 < 16) { const nib = <u32>((h >> (<u64>(60 - 4 * (i - 2)))) & 15); c = nib < 10 ? 0x30 + nib : 0x57 + nib; }
    store<u8>(p + 1 + <usize>i, <u8>c);
  }
  store<u8>(p + <usize>(n - 1), 0x22);
}
