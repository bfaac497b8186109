// DEFLATE (RFC 1951) for request bodies sent with Content-Encoding gzip (RFC 1952) or deflate (zlib, RFC 1950, or
// raw DEFLATE, which some clients send under that name): the inspection reads what the back end will inflate.
// A pure function over bytes: every read is bounds-checked (malformed input is an error, never a trap), the
// output stops at `cap` (a decompression bomb is a limit, not a megabyte loop), and it allocates nothing.
// Canonical Huffman codes are decoded bit by bit from code-length counts (small tables, no lookup table to build
// per block): slower than zlib, ample for request bodies.

export const INFLATE_MALFORMED: i32 = -1;
export const INFLATE_OVER_CAP: i32 = -2;

let src: usize = 0, srcLen: i32 = 0, pos: i32 = 0;
let bitBuf: u32 = 0, bitCount: i32 = 0;
let out: usize = 0, outCap: i32 = 0, outLen: i32 = 0;
let failed: i32 = 0;

// Per code: count of codes of each length (16 entries) and the symbols in canonical order.
const lenCount = memory.data(16 * 2);
const lenSymbol = memory.data(288 * 2);
const distCount = memory.data(16 * 2);
const distSymbol = memory.data(30 * 2);
const lengths = memory.data(320);
const LENGTH_BASE: StaticArray<u16> = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA: StaticArray<u8> = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE: StaticArray<u16> = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA: StaticArray<u8> = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// The order in which a dynamic block sends the code-length code's lengths.
const CL_ORDER: StaticArray<u8> = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

// `need` bits (at most 16), least significant first; sets `failed` past the input's end.
function bits(need: i32): u32 {
  while (bitCount < need) {
    if (pos >= srcLen) { failed = INFLATE_MALFORMED; return 0; }
    bitBuf |= (<u32>load<u8>(src + <usize>pos)) << <u32>bitCount;
    pos++;
    bitCount += 8;
  }
  const v = bitBuf & ((1 << <u32>need) - 1);
  bitBuf >>= <u32>need;
  bitCount -= need;
  return v;
}

// Builds count/symbol arrays from `n` code lengths at `lengths`; false when the lengths over-subscribe the code.
function buildCode(count: usize, symbol: usize, n: i32): bool {
  memory.fill(count, 0, 32);
  for (let s = 0; s < n; s++) { const l = <usize>load<u8>(lengths + <usize>s); store<u16>(count + (l << 1), load<u16>(count + (l << 1)) + 1); }
  if (<i32>load<u16>(count) == n) return true; // no codes: only an error if one is used
  let left = 1;
  for (let l = 1; l < 16; l++) { left = (left << 1) - <i32>load<u16>(count + (<usize>l << 1)); if (left < 0) return false; }
  const offs = memory.data(16 * 2);
  store<u16>(offs + 2, 0);
  for (let l = 1; l < 15; l++) store<u16>(offs + (<usize>(l + 1) << 1), load<u16>(offs + (<usize>l << 1)) + load<u16>(count + (<usize>l << 1)));
  for (let s = 0; s < n; s++) {
    const l = <usize>load<u8>(lengths + <usize>s);
    if (l == 0) continue;
    const o = <usize>load<u16>(offs + (l << 1));
    store<u16>(symbol + (o << 1), <u16>s);
    store<u16>(offs + (l << 1), <u16>(o + 1));
  }
  return true;
}

// One symbol of a canonical code, a bit at a time; -1 when no code matches (or the input ended).
function decode(count: usize, symbol: usize): i32 {
  let code = 0, first = 0, index = 0;
  for (let l = 1; l < 16; l++) {
    code |= <i32>bits(1);
    if (failed != 0) return -1;
    const c = <i32>load<u16>(count + (<usize>l << 1));
    if (code - c < first) return <i32>load<u16>(symbol + (<usize>(index + code - first) << 1));
    index += c;
    first = (first + c) << 1;
    code <<= 1;
  }
  return -1;
}

function storedBlock(): void {
  bitBuf = 0; bitCount = 0; // to a byte boundary
  if (pos + 4 > srcLen) { failed = INFLATE_MALFORMED; return; }
  const len = <i32>load<u8>(src + <usize>pos) | (<i32>load<u8>(src + <usize>pos, 1) << 8);
  const nlen = <i32>load<u8>(src + <usize>pos, 2) | (<i32>load<u8>(src + <usize>pos, 3) << 8);
  pos += 4;
  if (len != (~nlen & 0xffff) || pos + len > srcLen) { failed = INFLATE_MALFORMED; return; }
  const room = outCap - outLen;
  const take = len < room ? len : room;
  memory.copy(out + <usize>outLen, src + <usize>pos, <usize>take);
  outLen += take; pos += len;
  if (take < len) failed = INFLATE_OVER_CAP;
}

// Literal/length and distance symbols until end of block.
function codes(): void {
  while (failed == 0) {
    const sym = decode(lenCount, lenSymbol);
    if (sym < 0) { failed = INFLATE_MALFORMED; return; }
    if (sym < 256) {
      if (outLen >= outCap) { failed = INFLATE_OVER_CAP; return; }
      store<u8>(out + <usize>outLen, <u8>sym); outLen++;
      continue;
    }
    if (sym == 256) return;
    const li = sym - 257;
    if (li >= 29) { failed = INFLATE_MALFORMED; return; }
    const len = <i32>unchecked(LENGTH_BASE[li]) + <i32>bits(<i32>unchecked(LENGTH_EXTRA[li]));
    const ds = decode(distCount, distSymbol);
    if (ds < 0 || ds >= 30) { failed = INFLATE_MALFORMED; return; }
    const dist = <i32>unchecked(DIST_BASE[ds]) + <i32>bits(<i32>unchecked(DIST_EXTRA[ds]));
    if (failed != 0) return;
    if (dist > outLen) { failed = INFLATE_MALFORMED; return; }
    const room = outCap - outLen;
    const n = len < room ? len : room;
    // Byte by byte: a copy may overlap what it writes (distance shorter than length repeats a run).
    for (let k = 0; k < n; k++) { store<u8>(out + <usize>outLen, load<u8>(out + <usize>(outLen - dist))); outLen++; }
    if (n < len) { failed = INFLATE_OVER_CAP; return; }
  }
}

function fixedBlock(): void {
  for (let s = 0; s < 144; s++) store<u8>(lengths + <usize>s, 8);
  for (let s = 144; s < 256; s++) store<u8>(lengths + <usize>s, 9);
  for (let s = 256; s < 280; s++) store<u8>(lengths + <usize>s, 7);
  for (let s = 280; s < 288; s++) store<u8>(lengths + <usize>s, 8);
  buildCode(lenCount, lenSymbol, 288);
  for (let s = 0; s < 30; s++) store<u8>(lengths + <usize>s, 5);
  buildCode(distCount, distSymbol, 30);
  codes();
}

function dynamicBlock(): void {
  const nlen = <i32>bits(5) + 257, ndist = <i32>bits(5) + 1, ncode = <i32>bits(4) + 4;
  if (failed != 0 || nlen > 286 || ndist > 30) { failed = INFLATE_MALFORMED; return; }
  memory.fill(lengths, 0, 19);
  for (let k = 0; k < ncode; k++) store<u8>(lengths + <usize>unchecked(CL_ORDER[k]), <u8>bits(3));
  if (failed != 0 || !buildCode(lenCount, lenSymbol, 19)) { failed = INFLATE_MALFORMED; return; }
  let k = 0;
  while (k < nlen + ndist) {
    const sym = decode(lenCount, lenSymbol);
    if (sym < 0) { failed = INFLATE_MALFORMED; return; }
    if (sym < 16) { store<u8>(lengths + <usize>k, <u8>sym); k++; continue; }
    let value: u8 = 0, repeat = 0;
    if (sym == 16) { if (k == 0) { failed = INFLATE_MALFORMED; return; } value = load<u8>(lengths + <usize>(k - 1)); repeat = 3 + <i32>bits(2); }
    else if (sym == 17) repeat = 3 + <i32>bits(3);
    else repeat = 11 + <i32>bits(7);
    if (failed != 0 || k + repeat > nlen + ndist) { failed = INFLATE_MALFORMED; return; }
    for (let r = 0; r < repeat; r++) { store<u8>(lengths + <usize>k, value); k++; }
  }
  if (load<u8>(lengths + 256) == 0) { failed = INFLATE_MALFORMED; return; } // no end-of-block code
  if (!buildCode(lenCount, lenSymbol, nlen)) { failed = INFLATE_MALFORMED; return; }
  memory.copy(lengths, lengths + <usize>nlen, <usize>ndist);
  if (!buildCode(distCount, distSymbol, ndist)) { failed = INFLATE_MALFORMED; return; }
  codes();
}

// Raw DEFLATE from `start`: the output length, INFLATE_MALFORMED or INFLATE_OVER_CAP.
function inflateRaw(start: i32): i32 {
  pos = start; bitBuf = 0; bitCount = 0; outLen = 0; failed = 0;
  let last: u32 = 0;
  do {
    last = bits(1);
    const type = bits(2);
    if (failed != 0) break;
    if (type == 0) storedBlock();
    else if (type == 1) fixedBlock();
    else if (type == 2) dynamicBlock();
    else failed = INFLATE_MALFORMED;
  } while (last == 0 && failed == 0);
  return failed != 0 ? failed : outLen;
}

// A gzip member, a zlib stream, or raw DEFLATE in (p, n), inflated into (dst, cap): the length, or an error.
// Only the first gzip member is read (a body of several concatenated members is rare; its rest is not read).
// Bytes the last inflateBody wrote before it stopped: what a body cut short (a copy truncated at its limit, an
// output past `cap`) inflates to, for a caller that reads a prefix.
export function inflatedSoFar(): i32 { return outLen; }

export function inflateBody(p: usize, n: i32, dst: usize, cap: i32): i32 {
  src = p; srcLen = n; out = dst; outCap = cap; outLen = 0;
  if (n >= 18 && load<u8>(p) == 0x1f && load<u8>(p, 1) == 0x8b) {
    if (load<u8>(p, 2) != 8) return INFLATE_MALFORMED;
    const flags = <i32>load<u8>(p, 3);
    let i = 10;
    if (flags & 4) { if (i + 2 > n) return INFLATE_MALFORMED; i += 2 + (<i32>load<u8>(p + <usize>i) | (<i32>load<u8>(p + <usize>i, 1) << 8)); } // FEXTRA
    if (flags & 8) { while (i < n && load<u8>(p + <usize>i) != 0) i++; i++; } // FNAME
    if (flags & 16) { while (i < n && load<u8>(p + <usize>i) != 0) i++; i++; } // FCOMMENT
    if (flags & 2) i += 2; // FHCRC
    if (i >= n) return INFLATE_MALFORMED;
    return inflateRaw(i);
  }
  if (n >= 2) {
    const cmf = <u32>load<u8>(p), flg = <u32>load<u8>(p, 1);
    if ((cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0 && (flg & 0x20) == 0) return inflateRaw(2);
  }
  return inflateRaw(0);
}
