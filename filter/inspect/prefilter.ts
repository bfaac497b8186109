// Cheap gates in front of the detectors. The body scanners classify every byte of a string value with
// one table lookup while they look for its end, so that most values (names, cities, ids, timestamps,
// prose) are dismissed without running a detector. A gate may let through a value no detector flags,
// never the opposite: test/inspect/prefilter.test.ts checks that on the labelled corpus and on mutations.

import { base64TextInto, hexTextInto } from "./base64text";
import { oastDomainIn } from "./scanners";

// Byte classes (bits of BYTE_CLASS). C_STOP marks the bytes that end or escape a JSON string.
export const C_DIGIT: u32 = 1;
export const C_ALPHA: u32 = 2;
export const C_SPACE: u32 = 4;
export const C_AT: u32 = 8;
export const C_COLON: u32 = 16;
export const C_META: u32 = 32;   // bytes every attack needs one of: quotes, <>, ;|&$%{}()\`#=+*/, newline
export const C_WEAK: u32 = 64;   // '.', '-': attacks only when doubled (.. --); dots of IPv4 addresses
export const C_STOP: u32 = 128;  // '"' and '\\' (also C_META)

// Lanes of v whose byte is in [lo, lo + count): one signed compare after moving the range to start at -128
// (x86 has no unsigned byte compare; V8 built lt_u from three instructions and an all-ones constant).
@inline export function bytesInRange(v: v128, lo: i32, count: i32): v128 {
  return i8x16.lt_s(i8x16.add(v, i8x16.splat(<i8>(0x80 - lo))), i8x16.splat(<i8>(count - 128)));
}
// Lanes holding an ASCII letter, either case.
@inline export function asciiLetters(v: v128): v128 { return bytesInRange(v128.or(v, i8x16.splat(0x20)), 0x61, 26); }
// Lanes holding an ASCII digit.
@inline export function asciiDigits(v: v128): v128 { return bytesInRange(v, 0x30, 10); }

export const BYTE_CLASS = memory.data(256);
function initByteClass(): void {
  for (let c = 0x30; c <= 0x39; c++) store<u8>(BYTE_CLASS + <usize>c, <u8>C_DIGIT);
  for (let c = 0x41; c <= 0x5a; c++) { store<u8>(BYTE_CLASS + <usize>c, <u8>C_ALPHA); store<u8>(BYTE_CLASS + <usize>(c | 0x20), <u8>C_ALPHA); }
  store<u8>(BYTE_CLASS + 0x20, <u8>C_SPACE);
  store<u8>(BYTE_CLASS + 0x09, <u8>C_SPACE); store<u8>(BYTE_CLASS + 0x0b, <u8>C_SPACE); store<u8>(BYTE_CLASS + 0x0c, <u8>C_SPACE); store<u8>(BYTE_CLASS + 0x0d, <u8>C_SPACE);
  store<u8>(BYTE_CLASS + 0x40, <u8>C_AT);
  store<u8>(BYTE_CLASS + 0x3a, <u8>C_COLON);
  store<u8>(BYTE_CLASS + 0x2e, <u8>C_WEAK);
  store<u8>(BYTE_CLASS + 0x2d, <u8>C_WEAK);
  const meta = "'<>;|&$%{}()`#=+*/\n\x1a"; // (0x1a, ^Z: a command separator commix sends)
  for (let i = 0; i < meta.length; i++) store<u8>(BYTE_CLASS + <usize>meta.charCodeAt(i), <u8>C_META);
  store<u8>(BYTE_CLASS + 0x0a, <u8>(C_META | C_SPACE)); // a newline separates words too ("x\nalice@example.com")
  store<u8>(BYTE_CLASS + 0x22, <u8>(C_META | C_STOP));
  store<u8>(BYTE_CLASS + 0x5c, <u8>(C_META | C_STOP));
}
initByteClass();

// ".." or "--" in (p, n): 16 positions per step with SIMD (UUIDs, dates and slugs have a dash every few bytes).
function hasDoubledDotOrDash(p: usize, n: i32): bool {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 17 <= n; i += 16) {
      const v = v128.load(p + <usize>i), w = v128.load(p + <usize>i + 1);
      const dots = v128.and(i8x16.eq(v, i8x16.splat(0x2e)), i8x16.eq(w, i8x16.splat(0x2e)));
      const dashes = v128.and(i8x16.eq(v, i8x16.splat(0x2d)), i8x16.eq(w, i8x16.splat(0x2d)));
      if (v128.any_true(v128.or(dots, dashes))) return true;
    }
  }
  for (; i + 1 < n; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if ((c == 0x2e || c == 0x2d) && <u32>load<u8>(p + <usize>(i + 1)) == c) return true;
  }
  return false;
}

// SQL words that the lexers of attack.ts/attacks.ts treat as anything but a bareword (keywords, operators
// spelled as words, functions attacks use). Grouped by first letter for a short comparison per word.
const SQL_WORDS: StaticArray<string> = [
  "and", "all", "as", "asc", "alter", "or", "order", "xor", "xp_cmdshell", "union", "update", "updatexml", "utl_inaddr",
  "select", "sleep", "sys_eval", "shutdown", "insert", "intersect", "is", "in", "into", "information_schema", "if",
  "delete", "drop", "declare", "dbms_pipe", "dbms_lock", "desc", "distinct", "exec", "execute", "except", "extractvalue", "exists",
  "benchmark", "between", "by", "pg_sleep", "procedure", "waitfor", "where", "like", "load_file", "limit", "rlike", "regexp",
  "from", "false", "group", "group_concat", "having", "null", "not", "true", "truncate", "create", "case", "concat", "char", "chr",
  "cast", "convert", "mid",
];

// Lookup: words of up to 8 letters packed lowercase into a u64 (first letter in the low byte), kept in a
// small open-addressing table; longer words compared as strings. Built once at start.
const PACKED_SLOTS: i32 = 256;
const packedTable = memory.data(256 * 8);
function packedSlot(v: u64): i32 { return <i32>((v * 0x9e3779b97f4a7c15) >> 56); }
function initSqlWords(): void {
  for (let k = 0; k < SQL_WORDS.length; k++) {
    const w = SQL_WORDS[k];
    if (w.length > 8) continue;
    let v: u64 = 0;
    for (let m = 0; m < w.length; m++) v |= (<u64>(w.charCodeAt(m) | 0x20)) << (<u64>(8 * m)); // as looked up: each byte | 0x20
    let slot = packedSlot(v);
    while (load<u64>(packedTable + <usize>(slot * 8)) != 0) slot = (slot + 1) & (PACKED_SLOTS - 1);
    store<u64>(packedTable + <usize>(slot * 8), v);
  }
}
initSqlWords();

// Per first two letters (the second: a letter, or 26 for anything else), a bit per word length present:
// most words of prose are dismissed before packing ("leave", "at", "front" share no two letters and length
// with a SQL word).
const firstTwoLengths = memory.data(26 * 27 * 4);
@inline function secondLetter(c: u32): u32 { const l = (c | 0x20) - 0x61; return l < 26 ? l : 26; }
function initFirstTwoLengths(): void {
  for (let k = 0; k < SQL_WORDS.length; k++) {
    const w = SQL_WORDS[k];
    const a = firstTwoLengths + <usize>(((<u32>w.charCodeAt(0) - 0x61) * 27 + secondLetter(<u32>w.charCodeAt(1))) << 2);
    store<u32>(a, load<u32>(a) | (1 << <u32>w.length));
  }
}
initFirstTwoLengths();
// The same pairs hashed into 256 bits for the SIMD filter of hasSqlWord: bit (l0 & 15) * 16 + (l1 & 15), where
// l0 is the first letter's index and l1 the second byte's (26 for anything but a letter).
const sqlPairBits = memory.data(32);
function initSqlPairBits(): void {
  for (let k = 0; k < SQL_WORDS.length; k++) {
    const w = SQL_WORDS[k];
    const h = (((<u32>w.charCodeAt(0) - 0x61) & 15) << 4) | (secondLetter(<u32>w.charCodeAt(1)) & 15);
    const a = sqlPairBits + <usize>(h >> 3);
    store<u8>(a, <u8>(<u32>load<u8>(a) | (1 << (h & 7))));
  }
}
initSqlPairBits();

// Letters and '_' (bytes of SQL words).
const WORD_BYTE = memory.data(256);
function initWordBytes(): void {
  for (let c = 0x41; c <= 0x5a; c++) { store<u8>(WORD_BYTE + <usize>c, 1); store<u8>(WORD_BYTE + <usize>(c | 0x20), 1); }
  store<u8>(WORD_BYTE + 0x5f, 1);
}
initWordBytes();
@inline function isWordByte(c: u32): bool { return load<u8>(WORD_BYTE + <usize>c) != 0; }

// Low `len` bytes set (len 1..8).
@inline function lowBytes(len: i32): u64 { return len >= 8 ? 0xffffffffffffffff : ((<u64>1) << (<u64>(8 * len))) - 1; }

// The word [s, e) of (p, n) is a SQL word. Most words are dismissed by their first two letters and length
// (inlined where words are found); the rest are looked up.
@inline function isSqlWord(p: usize, n: i32, s: i32, e: i32): bool {
  const len = e - s;
  if (<u32>(len - 2) > 16) return false; // 2..18 bytes
  const l0 = (<u32>load<u8>(p + <usize>s) | 0x20) - 0x61;
  if (l0 >= 26) return false;
  const row = firstTwoLengths + <usize>((l0 * 27 + secondLetter(<u32>load<u8>(p + <usize>(s + 1)))) << 2);
  return (load<u32>(row) & (1 << <u32>len)) != 0 && lookUpSqlWord(p, n, s, len, l0);
}
// Words of up to 8 bytes are compared as one u64 (each byte | 0x20, which lower-cases letters; '_' becomes
// 0x7f on both sides), loaded at once when 8 bytes are in bounds; longer ones as strings.
function lookUpSqlWord(p: usize, n: i32, s: i32, len: i32, l0: u32): bool {
  if (len <= 8) {
    let v: u64;
    if (s + 8 <= n) v = load<u64>(p + <usize>s);
    else { v = 0; for (let m = 0; m < len; m++) v |= (<u64>load<u8>(p + <usize>(s + m))) << (<u64>(8 * m)); }
    const keep = lowBytes(len);
    v = (v | 0x2020202020202020) & keep;
    let slot = packedSlot(v);
    for (;;) {
      const t = load<u64>(packedTable + <usize>(slot * 8));
      if (t == v) return true;
      if (t == 0) return false;
      slot = (slot + 1) & (PACKED_SLOTS - 1);
    }
  }
  const c0 = l0 + 0x61;
  for (let k = 0; k < SQL_WORDS.length; k++) {
    const w = unchecked(SQL_WORDS[k]);
    if (w.length != len || <u32>w.charCodeAt(0) != c0) continue;
    let same = true;
    for (let m = 1; m < len; m++) if ((<u32>load<u8>(p + <usize>(s + m)) | 0x20) != (<u32>w.charCodeAt(m) | 0x20)) { same = false; break; }
    if (same) return true;
  }
  return false;
}

// Whether a value of letters, digits, spaces and mild punctuation holds a SQL word (then the SQL lexers
// decide: "1 union select 2" is an attack, "Terms and conditions" is not). Words are runs of letters and
// '_' (so "1union" yields "union").
export function hasSqlWord(p: usize, n: i32): bool {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Words 16 bytes at a time: a start is a word byte whose predecessor is not one, its end the next byte
    // that is not (from the same mask; only a word that runs into the next block is read on byte by byte).
    // The last block may be partial (most values are shorter than 16 bytes): it is loaded whole when the
    // memory holds 16 bytes there, and the lanes past the value are cleared.
    // Of the word starts, only those whose first two bytes hash into the table of SQL words' first two bytes
    // (sqlPairBits, 16 x 16 bits by the low four bits of each letter's index) are looked at: all 16 lanes
    // tested at once with three table swizzles (prose words were checked one by one).
    const memoryEnd = <usize>memory.size() << 16;
    const pairsLo = v128.load(sqlPairBits), pairsHi = v128.load(sqlPairBits, 16);
    const pow2 = i8x16(1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0);
    let carry: u32 = 0;
    while (i < n) {
      const partial = i + 16 > n;
      if (p + <usize>i + 17 > memoryEnd) break; // the next block's first byte is read too (second letters)
      const v = v128.load(p + <usize>i);
      const first = i8x16.sub(v128.or(v, i8x16.splat(0x20)), i8x16.splat(0x61));
      let word = <u32>i8x16.bitmask(v128.or(asciiLetters(v), i8x16.eq(v, i8x16.splat(0x5f))));
      if (partial) word &= (<u32>1 << <u32>(n - i)) - 1;
      let starts = word & ~((word << 1) | carry) & 0xffff;
      const gaps = ~word; // bits 16..31 set: every word ends by the block's end
      if (starts != 0) {
        const second = i8x16.min_u(i8x16.sub(v128.or(v128.load(p + <usize>i + 1), i8x16.splat(0x20)), i8x16.splat(0x61)), i8x16.splat(26));
        const h2 = v128.and(second, i8x16.splat(15));
        const byteIndex = v128.or(i8x16.shl(v128.and(first, i8x16.splat(15)), 1), i8x16.shr_u(h2, 3));
        const row = v128.or(v128.swizzle(pairsLo, byteIndex), v128.swizzle(pairsHi, i8x16.sub(byteIndex, i8x16.splat(16))));
        const bit = v128.swizzle(pow2, v128.and(h2, i8x16.splat(7)));
        starts &= <u32>i8x16.bitmask(i8x16.ne(v128.and(row, bit), i8x16.splat(0)));
      }
      while (starts != 0) {
        const b = ctz(starts);
        starts &= starts - 1;
        let e = i + b + <i32>ctz(gaps >> b);
        if (e == i + 16) while (e < n && isWordByte(<u32>load<u8>(p + <usize>e))) e++;
        if (isSqlWord(p, n, i + b, e)) return true;
      }
      carry = (word >> 15) & 1;
      i += 16;
    }
    if (i > n) i = n;
    if (carry != 0) while (i < n && isWordByte(<u32>load<u8>(p + <usize>i))) i++; // the rest of a word already looked up
  }
  while (i < n) {
    if (!isWordByte(<u32>load<u8>(p + <usize>i))) { i++; continue; }
    const s = i;
    i++;
    while (i < n && isWordByte(<u32>load<u8>(p + <usize>i))) i++;
    if (isSqlWord(p, n, s, i)) return true;
  }
  return false;
}

// Whether a name in the value (at its start or after any byte but a letter, digit, '_' or '$', so also each
// dotted segment) starts with java, runt(ime), proc(essbuilder) or com. (com.opensymphony, com.sun): the value
// gate and the first test of javaExecOnNormalized (attack.ts), whose names start there. The boundaries are
// found 16 bytes at a time, and only the four bytes after each are compared.
@inline function javaSegmentStart(p: usize, i: i32, n: i32): bool {
  if (i + 4 > n) return false;
  const w = load<u32>(p + <usize>i) | 0x20202020;
  return w == 0x6176616a || w == 0x746e7572 || w == 0x636f7270 || w == 0x2e6d6f63; // java runt proc com.
}
export function javaSegment(p: usize, n: i32): bool {
  if (javaSegmentStart(p, 0, n)) return true;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // The last block may be partial: loaded whole when memory holds 16 bytes there, lanes past n cleared.
    const memoryEnd = <usize>memory.size() << 16;
    for (; i < n && p + <usize>i + 16 <= memoryEnd; i += 16) {
      const v = v128.load(p + <usize>i);
      const word = v128.or(v128.or(asciiLetters(v), asciiDigits(v)), v128.or(i8x16.eq(v, i8x16.splat(0x5f)), i8x16.eq(v, i8x16.splat(0x24))));
      let bounds = ~i8x16.bitmask(word) & 0xffff;
      if (i + 16 > n) bounds &= (1 << (n - i)) - 1;
      while (bounds != 0) {
        if (javaSegmentStart(p, i + ctz(bounds) + 1, n)) return true;
        bounds &= bounds - 1;
      }
    }
  }
  for (; i < n; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (!((c | 0x20) - 0x61 < 26 || c - 0x30 < 10 || c == 0x5f || c == 0x24) && javaSegmentStart(p, i + 1, n)) return true;
  }
  return false;
}
@inline export function javaSerializedAt(p: usize, n: i32): bool {
  if (n < 5) return false;
  const w = load<u32>(p);
  if (w == 0x41304f72) return load<u8>(p, 4) == 0x42; // "rO0AB"
  return n >= 8 && (w | 0x20202020) == 0x64656361 && load<u32>(p, 4) == 0x35303030; // "aced0005", hex in either case
}

// node-serialize's function marker "_$$ND_FUNC$$_" base64-encoded ("XyQkTkRfRlVOQyQk") at the start: the
// cookie-based RCE of CVE-2017-5941 (base64 without padding holds no byte the other gates look for).
@inline export function nodeSerializedBase64At(p: usize, n: i32): bool {
  return n >= 16 && load<u64>(p) == 0x66526b546b517958 && load<u64>(p, 8) == 0x6b5179514f566c52; // "XyQkTkRf" "RlVOQyQk"
}

/** Whether a value with byte classes `mask` (OR over its bytes) can hold an attack. */
@inline export function attackGate(p: usize, n: i32, mask: u32, alphas: i32): bool {
  if (n < 3) return false;
  if (mask & C_META) return true;
  // Letters and digits only (and bytes of no class: '_', brackets; '@'): a serialized Java object, a prototype
  // path, a server variable probed alone (@@version).
  // Or base64-encoded text, read decoded by the detectors.
  if ((mask & (C_WEAK | C_COLON | C_SPACE)) == 0) return javaSerializedAt(p, n) || (n >= 9 && holdsRoto(p, n)) || load<u16>(p) == 0x4040 || nodeSerializedBase64At(p, n) || base64TextStart(p, n) || hexTextStart(p, n) || catalogNameStart(p, n);
  return attackGateSlow(p, n, mask, alphas);
}
// Whether (p, n) starts like base64-encoded text (its first 12 decoded bytes printable): a gate, the detectors
// decode and check the whole value.
const B64_GATE = memory.data(16);
function base64TextStart(p: usize, n: i32): bool { return n >= 8 && base64TextInto(p, n, B64_GATE, 12) > 0; }
// The same for hex-encoded text (its first 12 decoded bytes; hexTextInto reads a whole value only when asked
// for all of it, so the first 24 digits are tried).
function hexTextStart(p: usize, n: i32): bool { return n >= 16 && (n & 1) == 0 && hexTextInto(p, n < 24 ? n : 24, B64_GATE, 12) > 0; }
// Database catalogs and the calls that name the database (attack.ts's catalogProbe reads them as a value's
// whole): a value starting with one, after blanks, quotes or a bracket, is let through the byte gates
// ("information_schema" and "sqlite_master" are letters and '_' only). Databases that operators name in
// ordinary requests (SQL Server's tempdb and msdb) are not listed.
export const SQL_CATALOGS: StaticArray<string> = ["information_schema", "pg_catalog", "pg_shadow", "sqlite_master", "sqlite_schema", "msysaccessobjects", "msysobjects",
  "sysobjects", "syscolumns", "sysdatabases", "mysql.user", "mysql.db", "database(", "db_name(", "schema_name(", "current_user(", "@@version",
  "@@datadir", "@@hostname"];
// The first four bytes of each catalog name as one little-endian word: a value's first four bytes, folded, are
// compared with each before any name is compared whole (letters-only values of 15+ bytes starting with i, p, s
// or m came here: "MainStreetAvenue", "Springfieldshire" cost ~35 ns each in the string compares).
const CATALOG_HEADS = memory.data(4 * 32);
function initCatalogHeads(): void {
  assert(SQL_CATALOGS.length <= 32);
  for (let k = 0; k < SQL_CATALOGS.length; k++) {
    const w = SQL_CATALOGS[k];
    assert(w.length >= 4);
    store<u32>(CATALOG_HEADS + (<usize>k << 2), <u32>w.charCodeAt(0) | (<u32>w.charCodeAt(1) << 8) | (<u32>w.charCodeAt(2) << 16) | (<u32>w.charCodeAt(3) << 24));
  }
}
initCatalogHeads();
export function catalogNameStart(p: usize, n: i32): bool {
  if (n < 4 || n > 72) return false;
  let s = 0;
  while (s < 8 && s < n) { const c = load<u8>(p + <usize>s); if (c != 0x20 && c != 0x60 && c != 0x22 && c != 0x27 && c != 0x5b) break; s++; }
  if (s + 4 > n) return false;
  const c0 = foldedAt(p, s);
  if (!(c0 == 0x69 || c0 == 0x70 || c0 == 0x73 || c0 == 0x6d)) return false; // i p s m (the names of letters, '_', '.')
  const head = c0 | (foldedAt(p, s + 1) << 8) | (foldedAt(p, s + 2) << 16) | (foldedAt(p, s + 3) << 24);
  if (ASC_FEATURE_SIMD) {
    // Four heads per compare (the unused slots are 0, which no head is): most values match none.
    const h = i32x4.splat(head);
    let any = false;
    for (let k = 0; k < SQL_CATALOGS.length; k += 4) if (v128.any_true(i32x4.eq(v128.load(CATALOG_HEADS + (<usize>k << 2)), h))) { any = true; break; }
    if (!any) return false;
  }
  for (let k = 0; k < SQL_CATALOGS.length; k++) {
    if (load<u32>(CATALOG_HEADS + (<usize>k << 2)) != head) continue;
    const w = unchecked(SQL_CATALOGS[k]);
    const m = w.length;
    if (s + m > n) continue;
    let same = true;
    for (let j = 4; j < m; j++) if (foldedAt(p, s + j) != <u32>w.charCodeAt(j)) { same = false; break; }
    if (same) return true;
  }
  return false;
}
function attackGateSlow(p: usize, n: i32, mask: u32, alphas: i32): bool {
  if (isIsoDate(p, n, mask)) return false; // digits, - : . + T Z only
  if (load<u16>(p) == 0x4040) return true; // @@version, @@datadir
  // A dotted Java class name an attack sends (java.lang.Runtime, ProcessBuilder.…InvokerTransformer, a bare
  // org.apache.commons).
  if ((mask & C_WEAK) != 0 && (javaSegment(p, n) || javaClassReference(p, n))) return true;
  if ((mask & C_WEAK) != 0 && hasDoubledDotOrDash(p, n)) return true;
  // A host under an out-of-band testing domain (scanners.ts): "c0ffee.oast.pro".
  if ((mask & C_WEAK) != 0 && oastDomainIn(p, n)) return true;
  // A path through the prototype: "__proto__.isAdmin", "constructor.prototype.x".
  if ((mask & C_WEAK) != 0 && n >= 9 && holdsRoto(p, n)) return true;
  // A colon matters in schemes and IPv6 hosts (javascript:, jndi:, fd00:ec2::254), not in times and
  // ISO timestamps (only digits, separators and T/Z).
  if ((mask & C_COLON) && alphas > 2) return true;
  // SQL made of words needs whitespace between them ("1 union select 2"); one word alone is not SQL.
  // ... or a command run through another ("strace ifconfig", "nohup id").
  // ... or a blind command probe ("sleep 5", "which nc": attack.ts, probeArgument).
  if ((mask & C_ALPHA) != 0 && (mask & C_SPACE) != 0) return hasSqlWord(p, n) || startsWithCommandPrefix(p, n) || startsWithProbeWord(p, n);
  // URL-safe base64 ('-' and '_' for '+' and '/') of text.
  return (mask & (C_COLON | C_SPACE)) == 0 && base64TextStart(p, n);
}

// "sleep " or "which " opening the value (either case, after blanks).
export function startsWithProbeWord(p: usize, n: i32): bool {
  let s = 0;
  while (s < n && s < 8 && load<u8>(p + <usize>s) == 0x20) s++;
  if (n - s < 7 || load<u8>(p + <usize>s, 5) != 0x20) return false;
  // (Six bytes read, never past the value: it may end at the end of linear memory.)
  const w = (<u64>load<u32>(p + <usize>s) | (<u64>load<u8>(p + <usize>s, 4) << 32)) | 0x2020202020; // five letters folded
  return w == 0x7065656c73 || w == 0x6863696877; // sleep, which
}

// Whether words-only prose may name a password (password, passwd, passphrase, pwd): it holds "ss" or "pw" in
// either case. Prose without digits or punctuation ("Please leave the parcel at the front desk") is read for
// a named password only then; the keyword search itself cost 20-70 ns per such value.
export function mayNamePassword(p: usize, n: i32): bool {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const memoryEnd = <usize>memory.size() << 16;
    while (i < n - 1 && p + <usize>i + 17 <= memoryEnd) {
      const a = v128.or(v128.load(p + <usize>i), i8x16.splat(0x20)), b = v128.or(v128.load(p + <usize>i + 1), i8x16.splat(0x20));
      const hit = v128.or(v128.and(i8x16.eq(a, i8x16.splat(0x73)), i8x16.eq(b, i8x16.splat(0x73))), v128.and(i8x16.eq(a, i8x16.splat(0x70)), i8x16.eq(b, i8x16.splat(0x77))));
      // Lanes whose pair ends past the value are dropped (the byte after n is not the value's).
      let m = i8x16.bitmask(hit);
      if (n - 1 - i < 16) m &= (1 << (n - 1 - i)) - 1;
      if (m != 0) return true;
      i += 16;
    }
  }
  for (; i + 1 < n; i++) {
    const a = <u32>load<u8>(p + <usize>i) | 0x20, b = <u32>load<u8>(p + <usize>i, 1) | 0x20;
    if ((a == 0x73 && b == 0x73) || (a == 0x70 && b == 0x77)) return true;
  }
  return false;
}

// Whether (p, n) holds "roto" in either case: "__proto__" and "prototype" both do, few other words
// (prototype pollution's gate, for values of letters, '_', '.' and brackets only). SIMD: 16 positions a step.
export function holdsRoto(p: usize, n: i32): bool {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 19 <= n; i += 16) {
      const r = i8x16.eq(v128.or(v128.load(p + <usize>i), i8x16.splat(0x20)), i8x16.splat(0x72));
      const o1 = i8x16.eq(v128.or(v128.load(p + <usize>i + 1), i8x16.splat(0x20)), i8x16.splat(0x6f));
      const t = i8x16.eq(v128.or(v128.load(p + <usize>i + 2), i8x16.splat(0x20)), i8x16.splat(0x74));
      const o2 = i8x16.eq(v128.or(v128.load(p + <usize>i + 3), i8x16.splat(0x20)), i8x16.splat(0x6f));
      if (v128.any_true(v128.and(v128.and(r, o1), v128.and(t, o2)))) return true;
    }
  }
  for (; i + 4 <= n; i++) {
    if ((<u32>load<u8>(p + <usize>i) | 0x20) == 0x72 && (<u32>load<u8>(p + <usize>i, 1) | 0x20) == 0x6f &&
        (<u32>load<u8>(p + <usize>i, 2) | 0x20) == 0x74 && (<u32>load<u8>(p + <usize>i, 3) | 0x20) == 0x6f) return true;
  }
  return false;
}

// Words that run the command after them (nohup id, strace ifconfig, time curl …) and alias (which defines one):
// a value starting with one is read as a command line (attack.ts, prefixedCommandLine).
export const COMMAND_PREFIXES: StaticArray<string> = ["nohup", "strace", "ltrace", "time", "sudo", "doas", "env", "xargs", "setsid", "cpulimit", "timeout",
  "stdbuf", "ionice", "chroot", "alias"];
// The first two letters of COMMAND_PREFIXES: per first letter, a bit per second letter (al, ch, cp, do, en ...).
// Most first words of prose ("Customer", "Please") are dismissed by it.
const COMMAND_PREFIX_PAIRS = memory.data(26 * 4);
// COMMAND_PREFIXES packed as little-endian u64 words (all are 3-8 letters): a first word is packed on the way
// and compared with each.
const COMMAND_PREFIX_WORDS = memory.data(8 * 16);
function initCommandPrefixTables(): void {
  assert(COMMAND_PREFIXES.length <= 16);
  for (let k = 0; k < COMMAND_PREFIXES.length; k++) {
    const w = COMMAND_PREFIXES[k];
    const a = COMMAND_PREFIX_PAIRS + (<usize>(w.charCodeAt(0) - 0x61) << 2);
    store<u32>(a, load<u32>(a) | (1 << <u32>(w.charCodeAt(1) - 0x61)));
    let v: u64 = 0;
    for (let j = 0; j < w.length; j++) v |= (<u64>w.charCodeAt(j)) << (<u64>(8 * j));
    store<u64>(COMMAND_PREFIX_WORDS + (<usize>k << 3), v);
  }
}
initCommandPrefixTables();
// Whether (p, n) starts with one of COMMAND_PREFIXES (either case) and a space or tab.
export function startsWithCommandPrefix(p: usize, n: i32): bool {
  if (n < 4) return false;
  const c0 = (<u32>load<u8>(p) | 0x20) - 0x61, c1 = (<u32>load<u8>(p, 1) | 0x20) - 0x61;
  if (c0 >= 26 || c1 >= 26 || ((load<u32>(COMMAND_PREFIX_PAIRS + (<usize>c0 << 2)) >> c1) & 1) == 0) return false;
  let v: u64 = 0;
  let e = 0;
  while (e < n && e < 9) {
    const c = <u32>load<u8>(p + <usize>e) | 0x20;
    if (c - 0x61 >= 26) break;
    v |= (<u64>c) << (<u64>(8 * e));
    e++;
  }
  if (e < 3 || e > 8 || e >= n) return false;
  const b = load<u8>(p + <usize>e);
  if (b != 0x20 && b != 0x09) return false;
  for (let k = 0; k < COMMAND_PREFIXES.length; k++) if (load<u64>(COMMAND_PREFIX_WORDS + (<usize>k << 3)) == v) return true;
  return false;
}

/** Whether a value can be PII by itself (classifyValue), given its classes and digit count. */
@inline export function piiGate(p: usize, n: i32, mask: u32, digits: i32): bool {
  // An ISO 8601 date or date-time is none of the types (a date of birth is found by its key, which does not
  // pass through this gate); APIs carry one in most records, and it has the digits, dashes and colons that
  // let it through every check below.
  if (digits >= 8 && isIsoDate(p, n, mask)) return false;
  // Without a PII-naming key: cards, SSNs and phones have 7+ digits, IPv4 addresses 4+ digits and dots,
  // e-mail and IPv6 an '@' or ':'; zip codes, years and short ids ("12345") are none of them.
  return digits >= 7 || (mask & (C_AT | C_COLON)) != 0 || (digits >= 4 && (mask & C_WEAK) != 0) ||
    (n >= 15 && (mask & C_SPACE) == 0 && longTokenCandidate(p)) || load<u8>(p) == 0x2d || (n >= 26 && load<u8>(p) == 0x24);
}

// "2026-11-23", "2026-11-23T10:15:00Z", "2026-11-23T10:15:00.123456+01:00": four digits, '-', two, '-', two,
// then (date-times) 'T', two digits, ':', two digits and only digits and : . + - Z after them.
@inline function digitAt(p: usize, i: i32): bool { return <u32>load<u8>(p + <usize>i) - 0x30 < 10; }
@inline function isIsoDate(p: usize, n: i32, mask: u32): bool {
  return n >= 10 && n <= 35 && load<u8>(p, 4) == 0x2d && (mask & (C_AT | C_SPACE | C_META)) == 0 && isoDateShape(p, n);
}
function isoDateShape(p: usize, n: i32): bool {
  if (!(digitAt(p, 0) && digitAt(p, 1) && digitAt(p, 2) && digitAt(p, 3) && digitAt(p, 5) && digitAt(p, 6) &&
        load<u8>(p, 7) == 0x2d && digitAt(p, 8) && digitAt(p, 9))) return false;
  if (n == 10) return true;
  if (n < 16 || (<u32>load<u8>(p, 10) | 0x20) != 0x74 || !digitAt(p, 11) || !digitAt(p, 12) || load<u8>(p, 13) != 0x3a || !digitAt(p, 14) || !digitAt(p, 15)) return false;
  for (let i = 16; i < n; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (!(c - 0x30 < 10 || c == 0x3a || c == 0x2e || c == 0x2b || c == 0x2d || (c | 0x20) == 0x7a)) return false;
  }
  return true;
}

// A long token with fewer than 4 digits, no '@' and no ':' can only be PII as a JWT, a secret with a known
// prefix or an IBAN: decided by its first bytes (long camelCase keys and identifiers are the common case and
// used to go through every detector).
// The two-byte prefixes below as little-endian u16 words, eight per vector compare (six compares in all instead of
// ~45 scalar ones).
// eyJ (JWT), AKIA/ASIA/ABIA/ACCA/ABSK/AIza/A3T (AWS, GCP), gh*_ / github_pat_ / gl…- / GR1348941 (GitHub,
// GitLab), xox / xapp- / hooks.slack.com (Slack), sk_/rk_ (Stripe), bedrock-api-key- / da2- (AWS), ya29. (Google
// OAuth), ----- and LS0tLS1 (PEM, PGP; base64 PEM).
// Other services' tokens (SERVICE_PREFIXES, pii.ts): hf_ hv?. npm_ pypi- rubygems_ shp?_ do?_v1_ dp. dckr_pat_
// PMAK- AGE-SECRET-KEY- ATATT3 lin_api_ SG. NR…- sgp_ sq0 tvly- aio_ odt_ oy2 SK cio (sk-, gl?_, da and eyJ are above).
// Keep in step with isSecret (pii.ts), which also reads this list before its table of service prefixes.
const LONG_TOKEN_PREFIXES = "eyAKASAIABACA3ghgiglGRxoxahoskrkbedayaLS--hfhvnppyrushdodpdcPMAGATliSGNRsgsqtvaiodoySKciwhpu"; // two bytes each (one string: 44 strings cost a kilobyte of static data)
// (48 slots: the unused ones are 0, which no value's first two bytes are where this is asked.)
const LONG_TOKEN_PAIRS = memory.data(48 * 2);
function initLongTokenPairs(): void {
  const w = LONG_TOKEN_PREFIXES;
  assert(w.length <= 96 && (w.length & 1) == 0);
  for (let k = 0; k < w.length; k += 2) store<u16>(LONG_TOKEN_PAIRS + <usize>k, <u16>(<u32>w.charCodeAt(k) | (<u32>w.charCodeAt(k + 1) << 8)));
}
initLongTokenPairs();
export function longTokenCandidate(p: usize): bool {
  const c0 = <u32>load<u8>(p), c1 = <u32>load<u8>(p, 1);
  const two = c0 | (c1 << 8);
  if (ASC_FEATURE_SIMD) {
    const v = i16x8.splat(<i16>two);
    for (let k = 0; k < 48; k += 8) if (v128.any_true(i16x8.eq(v128.load(LONG_TOKEN_PAIRS + (<usize>k << 1)), v))) return true;
  } else {
    for (let k = 0; k < LONG_TOKEN_PREFIXES.length; k += 2) if (<u32>load<u16>(LONG_TOKEN_PAIRS + <usize>k) == two) return true;
  }
  // IBAN: two letters and two check digits.
  return (c0 | 0x20) - 0x61 < 26 && (c1 | 0x20) - 0x61 < 26 && <u32>load<u8>(p, 2) - 0x30 < 10 && <u32>load<u8>(p, 3) - 0x30 < 10;
}

// A value (or name) that is nothing but a reference to a class that deserialization gadgets and expression-language
// payloads reach for (the names CRS 944130 lists: streams, reflection, processes, sockets, JNDI, script engines,
// XML parsers, OGNL, Struts): a client has no reason to send a bare "java.lang.Runtime" or "org.apache.commons…"
// as data. A stack trace or a sentence naming one has blanks and is left alone. Grouped by first letter (most
// dotted values, host names and file names, start with none of them or end the search in a short group). A name
// ending in ".." is a build's group id too: it counts with two more names after it
// (org.apache.commons.collections.functors…), not alone or with one ("org.apache.commons" and the package
// "org.apache.commons.lang3" are in dependency lists and SBOMs).
const JAVA_J: StaticArray<string> = ["java.io.bufferedinputstream", "java.io.bufferedreader", "java.io.bytearrayinputstream",
  "java.io.bytearrayoutputstream", "java.io.chararrayreader", "java.io.datainputstream", "java.io.file", "java.io.filepermission",
  "java.io.filewriter", "java.io.filterinputstream", "java.io.filteroutputstream", "java.io.filterreader", "java.io.inputstream",
  "java.io.ioexception", "java.io.linenumberreader", "java.io.objectinputstream", "java.io.objectoutputstream", "java.io.outputstream",
  "java.io.pipedoutputstream", "java.io.pipedreader", "java.io.printstream", "java.io.pushbackinputstream", "java.io.reader",
  "java.io.stringreader", "java.lang.class", "java.lang.enum", "java.lang.integer", "java.lang.number", "java.lang.object", "java.lang.process",
  "java.lang.reflect", "java.lang.runtime", "java.lang.string", "java.lang.system", "java.net.httpurlconnection", "java.net.jarurlconnection",
  "java.net.datagramsocket", "java.net.multicastsocket", "java.net.serversocket", "java.net.socket", "java.net.url", "java.nio.file",
  "java.beans.xmldecode", "javax.naming.initialcontext", "javax.script.scriptenginemanager", "javax.xml.parsers", "javax.xml.stream", "javassist"];
const JAVA_O: StaticArray<string> = ["org.apache.commons..", "org.apache.struts..", "org.omg.corba", "org.xml.sax", "org.dom4j.io.saxreader",
  "org.jdom2.input.saxbuilder", "ognlcontext", "ognlutil"];
const JAVA_C: StaticArray<string> = ["com.sun.org.apache", "com.opensymphony.xwork2", "classloader"];
const JAVA_OTHER: StaticArray<string> = ["sun.reflect", "freemarker.core", "freemarker.template", "freemarker.ext.rhino", "propertyutilsbean", "declaredclass"];
// The byte at p + i, ASCII letters folded to lower case.
@inline export function foldedAt(p: usize, i: i32): u32 { const c = <u32>load<u8>(p + <usize>i); return c - 0x41 < 26 ? c | 0x20 : c; }
// Whether the n bytes at p are the word w (lower case), ASCII letters compared folded.
export function foldedNameIs(p: usize, n: i32, w: string): bool {
  if (n != w.length) return false;
  for (let i = 0; i < n; i++) if (foldedAt(p, i) != <u32>w.charCodeAt(i)) return false;
  return true;
}
export function endsWithFolded(p: usize, e: i32, w: string): bool {
  const m = w.length;
  if (e < m) return false;
  for (let j = 0; j < m; j++) if (foldedAt(p, e - m + j) != <u32>w.charCodeAt(j)) return false;
  return true;
}
// (p, n) raw or normalized (blanks around and case are ignored): one of the names, or a name it starts (a member,
// an inner class, a subclass: java.io.File.separator, java.lang.StringBuilder) but for exception and error
// classes the list does not name (a bare "java.io.FileNotFoundException" is an error report's type).
export function javaClassReference(p: usize, n: i32): bool {
  let s = 0, e = n;
  while (s < e && (foldedAt(p, s) == 0x20 || foldedAt(p, s) == 0x09)) s++;
  while (e > s && (foldedAt(p, e - 1) == 0x20 || foldedAt(p, e - 1) == 0x09)) e--;
  if (e - s < 8 || e - s > 120) return false;
  const c = foldedAt(p, s);
  let list: StaticArray<string>;
  if (c == 0x6a) list = JAVA_J; else if (c == 0x6f) list = JAVA_O; else if (c == 0x63) list = JAVA_C;
  else if (c == 0x73 || c == 0x66 || c == 0x70 || c == 0x64) list = JAVA_OTHER; else return false;
  for (let k = s; k < e; k++) { const b = foldedAt(p, k); if (b <= 0x20 || b == 0x2f || b == 0x3a) return false; }
  for (let k = 0; k < list.length; k++) {
    const w = unchecked(list[k]);
    const m = w.length;
    const group = <u32>w.charCodeAt(m - 1) == 0x2e; // "org.apache.commons.." (compared without the two dots)
    const cm = group ? m - 2 : m;
    if (e - s < cm || <u32>w.charCodeAt(0) != c) continue;
    let j = 1;
    while (j < cm && foldedAt(p, s + j) == <u32>w.charCodeAt(j)) j++;
    if (j < cm) continue;
    if (group) {
      let dots = 0;
      for (let k = s + cm; k < e; k++) if (foldedAt(p, k) == 0x2e) dots++;
      if (dots < 2) continue;
    } else if (e - s == m) return true;
    return !endsWithFolded(p + <usize>s, e - s, "exception") && !endsWithFolded(p + <usize>s, e - s, "error");
  }
  return false;
}
