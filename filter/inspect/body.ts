// Body scanners: JSON, application/x-www-form-urlencoded and plain text, over one buffer. They find PII
// values (with the field name as context), record where they are (for redaction and for the event's
// location), and enforce depth/field limits. Bounded and bounds-checked: no input can make them trap.
import { PiiType, KeyHint, NeedleSet, PASSWORD_WORDS, inWordList, classifyValue, containsAscii, hintClaimsValue, ibanLength, isDateLike, isEmail, isIpv6, isKeyedSecret, isSecret, keyHint, slackWebhookLength, teamsWebhookLength, wordDateEnd, containsByte, passwordHashLength, isSymbolSecret } from "./pii";
import { Findings } from "./findings";
import { scanXml, startsLikeXml } from "./xml";
import { BYTE_CLASS, asciiDigits, asciiLetters, C_ALPHA, C_AT, C_COLON, C_DIGIT, C_META, C_SPACE, C_STOP, C_WEAK, attackGate, endsWithFolded, foldedNameIs, javaClassReference, mayNamePassword, nodeSerializedBase64At, piiGate } from "./prefilter";
import { AttackClass } from "./attacks";
import { hasLineBreak, headerLineAfterBreak } from "./protocol";
import { sessionIdName } from "./session";
import { commandNamedValue, remoteIncludeParameter, detectAttackInCredential, detectAttackInDocument, detectAttackInForm, detectAttackWindowed, htmlInjection, lastRule, percentDecodeInto, sameBytes, valueHash } from "./attack";
import { GraphqlShape, analyzeGraphql, looksLikeGraphql } from "./graphql";
import { base64TextInto } from "./base64text";
import { FILE_KIND_NAMES, fileKind, isExecutable, looksBinary, scanMultipart } from "./upload";
// One class per value, long values in windows (attack.ts); index.ts exports the same function as
// `detectAttack`, so the request-line/header checks use what the body scanners use.
@inline function detectAttack(p: usize, n: i32): AttackClass { return detectAttackWindowed(p, n); }

// Binary: a declared binary type (octet-stream, archives, PDF, media): only its leading bytes are read
// (executables and EICAR are malware), and a body that is JSON text after all is read for attacks.
// Other: not inspected (gRPC, protobuf).
export const enum BodyKind { Json = 0, Form = 1, Text = 2, Other = 3, Multipart = 4, Graphql = 5, Binary = 6 }

// Attack classes beyond the value detectors (names in filter/config ATTACK_CLASSES).
export const CLASS_PROTOCOL: i32 = 9;
export const CLASS_MALWARE: i32 = 10;
export const CLASS_EXFILTRATION: i32 = 11;
export const CLASS_LIMITS: i32 = 12;
export const CLASS_GRAPHQL: i32 = 13;

// Settings of one scan (limits from the config; the multipart boundary and allowed file kinds of the
// request being scanned).
export class ScanLimits {
  maxDepth: i32 = 64;
  maxFields: i32 = 10000;
  // Records carrying PII above which an exfiltration finding is raised; 0 = off. The filter sets it
  // (config limits.maxPiiRecords) for response bodies only.
  maxPiiRecords: i32 = 0;
  // GraphQL: selection depth and aliases above which a `graphql` finding is raised; introspection
  // queries are findings unless allowed.
  maxGraphqlDepth: i32 = 12;
  maxGraphqlAliases: i32 = 50;
  allowIntrospection: bool = false;
  // multipart/form-data: the boundary (bytes) and a bitmask of allowed FileKinds (0: any non-executable).
  boundary: ArrayBuffer | null = null;
  allowedFileKinds: u32 = 0;
}

const graphqlShape = new GraphqlShape();
// GraphQL findings for the document (p, n); the finding covers [start, start+len) of the body.
function graphqlFindings(p: usize, n: i32, limits: ScanLimits, f: Findings, start: i32, len: i32, locPtr: usize, locLen: i32): void {
  analyzeGraphql(p, n, graphqlShape);
  if (!graphqlShape.valid) return;
  const bad = (graphqlShape.introspection && !limits.allowIntrospection) || graphqlShape.depth > limits.maxGraphqlDepth || graphqlShape.aliases > limits.maxGraphqlAliases;
  if (bad) { if (f.full) f.addOverflow(PiiType.None, <AttackClass>CLASS_GRAPHQL, start, len); else f.addAttackAt(<AttackClass>CLASS_GRAPHQL, start, len, locPtr, locLen, graphqlShape.introspection && !limits.allowIntrospection ? "graphql:introspection" : graphqlShape.depth > limits.maxGraphqlDepth ? "graphql:depth" : "graphql:aliases"); }
}

// Decoding scratch for escaped JSON strings and percent-encoded form values. Decoding never lengthens a
// value, so a scratch as long as the raw value always holds all of it (no value is inspected only in part);
// it grows for long values and shrinks back after the scan.
const SCRATCH_DEFAULT: i32 = 4096;
let SCRATCH_CAP: i32 = SCRATCH_DEFAULT;
let scratch: usize = heap.alloc(<usize>SCRATCH_DEFAULT);
function ensureScratch(n: i32): void {
  if (n + 8 <= SCRATCH_CAP) return;
  heap.free(scratch);
  SCRATCH_CAP = n + 8;
  scratch = heap.alloc(<usize>SCRATCH_CAP);
}
function shrinkScratch(): void {
  if (SCRATCH_CAP <= 65536) return;
  heap.free(scratch);
  SCRATCH_CAP = SCRATCH_DEFAULT;
  scratch = heap.alloc(<usize>SCRATCH_DEFAULT);
}

@inline function at(p: usize, i: i32): u32 { return <u32>load<u8>(p + <usize>i); }
// Writes one byte to scratch at w; returns w + 1.
@inline function put(w: i32, b: u32): i32 { store<u8>(scratch + <usize>w, <u8>b); return w + 1; }
@inline function isHex(c: u32): bool { return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6; }
@inline function hexVal(c: u32): u32 { return c - 0x30 < 10 ? c - 0x30 : (c | 0x20) - 0x61 + 10; }

// Location of a finding outside JSON (form.email, query.q, body): prefix + name, as bytes in locBuf.
// A name that is itself PII (a form field or cookie named by an email) is written as {name}: locations go
// into events and must never carry PII.
function nameLocation(prefix: string, np: usize, nn: i32): i32 {
  if (nameIsPii(np, nn)) return hiddenNameLocation(prefix);
  const b = beginLocation();
  const pl = b + <i32>String.UTF8.encodeUnsafe(changetype<usize>(prefix), prefix.length, locBuf + <usize>b);
  const kl = nn < 64 ? nn : 64;
  memory.copy(locBuf + pl, np, <usize>kl);
  return <i32>pl + kl;
}
const NAME_PLACEHOLDER: StaticArray<u8> = [0x7b, 0x6e, 0x61, 0x6d, 0x65, 0x7d]; // {name}
// The length of "amp;", "#038;" or "#38;" at the start of a parameter name (what an escaped '&' leaves), else 0.
function escapedAmpersandRest(p: usize, n: i32): i32 {
  if (n > 4 && (load<u32>(p) | 0x00202020) == 0x3b706d61) return 4; // "amp;" (any case)
  if (n > 4 && load<u32>(p) == 0x3b383323) return 4;                   // "#38;"
  if (n > 5 && load<u32>(p) == 0x38333023 && load<u8>(p, 4) == 0x3b) return 5; // "#038;"
  return 0;
}
function hiddenNameLocation(prefix: string): i32 {
  const b = beginLocation();
  const pl = b + <i32>String.UTF8.encodeUnsafe(changetype<usize>(prefix), prefix.length, locBuf + <usize>b);
  memory.copy(locBuf + pl, changetype<usize>(NAME_PLACEHOLDER), 6);
  return <i32>pl + 6;
}
// Names are checked percent-decoded ("alice%40example.com"), in their own buffer (scratch holds the value);
// '+' is kept, as email addresses use it.
const NAME_CAP: i32 = 256;
const nameBuf = memory.data(256);
export function nameIsPii(np: usize, nn: i32): bool {
  const n = percentDecodeInto(np, nn, nameBuf, NAME_CAP, false);
  if (n < 6) return false;
  classify(nameBuf, n);
  return piiGate(nameBuf, n, valueMask, valueDigits) && classifyValue(nameBuf, n, KeyHint.None, false) != PiiType.None;
}

// ---- JSON ----------------------------------------------------------------------------------------------

// Per-depth state for locations: whether the level is an array, its position, and the last key read.
const MAX_PATH: i32 = 64;
// 128 bytes per level in raw memory (depth never exceeds MAX_PATH, checked where it grows): no bounds
// checks. Bytes 0..15: flags and offsets; 16..79: the key's bytes once they must outlive the buffer (a
// body scanned chunk by chunk), else the key is read where it lies (keyStart in the buffer).
const KEY_CAP: i32 = 64;
const LEVEL_BYTES: i32 = 128;
const levels = memory.data((64 + 1) * 128);
@inline function lv(l: i32): usize { return levels + (<usize>l << 7); }
@inline function isArrayAt(l: i32): bool { return load<u8>(lv(l)) != 0; }
@inline function setArrayAt(l: i32, v: bool): void { store<u8>(lv(l), <u8>v); }
// The key's hint is computed when a value under it needs it (many keys hold numbers, objects or arrays).
const HINT_UNKNOWN: u8 = 0xff;
@inline function keyHintAtLevel(l: i32): u8 { return load<u8>(lv(l), 1); }
// The hint of level l's key, computed on first use.
@inline function levelHint(l: i32, p: usize): KeyHint {
  const h = keyHintAtLevel(l);
  return h != HINT_UNKNOWN ? <KeyHint>h : firstLevelHint(l, p);
}
function firstLevelHint(l: i32, p: usize): KeyHint {
  const h = <u8>cachedKeyHint(keyPtrAt(l, p), keyLenAtLevel(l), keyStoredAt(l) ? KEY_CAP : scanEnd - keyStartAtLevel(l));
  setKeyHintAt(l, h);
  return <KeyHint>h;
}
@inline function setKeyHintAt(l: i32, v: u8): void { store<u8>(lv(l), v, 1); }
@inline function keyStoredAt(l: i32): bool { return load<u8>(lv(l), 2) != 0; }
// The level's key is itself PII ({"alice@example.com": …}): locations say {key} instead of it.
@inline function keyPiiAt(l: i32): bool { return load<u8>(lv(l), 3) != 0; }
@inline function setKeyPiiAt(l: i32, v: bool): void { store<u8>(lv(l), <u8>v, 3); }
@inline function setKeyStoredAt(l: i32, v: bool): void { store<u8>(lv(l), <u8>v, 2); }
@inline function arrayPosAt(l: i32): i32 { return load<i32>(lv(l), 4); }
@inline function setArrayPosAt(l: i32, v: i32): void { store<i32>(lv(l), v, 4); }
@inline function keyStartAtLevel(l: i32): i32 { return load<i32>(lv(l), 8); }
@inline function setKeyStartAt(l: i32, v: i32): void { store<i32>(lv(l), v, 8); }
@inline function keyLenAtLevel(l: i32): i32 { return load<i32>(lv(l), 12); }
@inline function setKeyLenAt(l: i32, v: i32): void { store<i32>(lv(l), v, 12); }
// Where the key of level l is: in the level (stored) or in the buffer p.
@inline function keyPtrAt(l: i32, p: usize): usize { return keyStoredAt(l) ? lv(l) + 16 : p + <usize>keyStartAtLevel(l); }
// The key's hint, computed once when the key is read (not once per value under it).

// keyHint() costs a few dozen substring tests; API keys repeat in every record, so hints are cached.
// Keys of up to 16 bytes are cached exactly (length + first 8 + last 8 bytes, which cover the key), longer
// ones by a 32-bit FNV hash of all bytes. Direct-mapped, 1024 entries of 24 bytes, raw memory.
const hintCache = memory.data(1024 * 24);
@inline function mix64(v: u64): usize { return <usize>((v * 0x9e3779b97f4a7c15) >> 54); }
// `avail`: bytes readable from p (a short key is read with one 8-byte load when 8 are).
let scanEnd: i32 = 0; // length of the buffer scanJsonFrom is reading
function cachedKeyHint(p: usize, n: i32, avail: i32): KeyHint {
  if (n <= 0) return KeyHint.None;
  let first: u64 = 0, last: u64 = 0;
  if (n < 8 && avail >= 8) {
    first = load<u64>(p) & (((<u64>1) << (<u64>(8 * n))) - 1);
  } else if (n >= 8) {
    first = load<u64>(p);
    last = n <= 16 ? load<u64>(p + <usize>(n - 8)) : 0;
    if (n > 16) { // long keys: FNV over all bytes stands in for `last`
      let h: u32 = 2166136261;
      for (let i = 0; i < n; i++) h = (h ^ <u32>load<u8>(p + <usize>i)) * 16777619;
      last = <u64>h;
    }
  } else {
    for (let i = 0; i < n; i++) first |= (<u64>load<u8>(p + <usize>i)) << (<u64>(8 * i));
  }
  const e = hintCache + mix64(first ^ (last * 0xff51afd7ed558ccd) ^ <u64>n) * 24;
  if (load<u32>(e) == <u32>n && load<u64>(e, 8) == first && load<u64>(e, 16) == last) return <KeyHint>load<u8>(e, 4);
  const hint = keyHint(p, n);
  store<u32>(e, <u32>n); store<u8>(e, <u8>hint, 4); store<u64>(e, first, 8); store<u64>(e, last, 16);
  return hint;
}

const KEY_PLACEHOLDER: StaticArray<u8> = [0x2e, 0x7b, 0x6b, 0x65, 0x79, 0x7d];
const LOC_CAP: i32 = 1024;
const locBuf = memory.data(1024);

// A content nested in a body (a multipart part read as JSON, a form or text) is located under its part:
// the prefix ("multipart.profile") comes before every location the nested scan writes ("$.card",
// "form.email"), and stands alone for text. Empty outside nested scans (one branch per finding). It is
// written on the first finding that needs it (most parts have none): setLocationPrefix only notes it.
const LOC_PREFIX_CAP: i32 = 80;
const locPrefix = memory.data(80);
let locPrefixLen: i32 = 0;
let prefixHead: string = "";
let prefixName: usize = 0, prefixNameLen: i32 = 0, prefixExtra: string = "";
let prefixPending = false;
@inline function beginLocation(): i32 {
  if (locPrefixLen == 0 && !prefixPending) return 0;
  const n = prefixLength();
  memory.copy(locBuf, locPrefix, <usize>n);
  return n;
}
// The prefix's length, its bytes written at locPrefix first when they are still pending.
function prefixLength(): i32 {
  if (!prefixPending) return locPrefixLen;
  prefixPending = false;
  let w = <i32>String.UTF8.encodeUnsafe(changetype<usize>(prefixHead), prefixHead.length, locPrefix);
  const np = prefixName, nn = prefixNameLen;
  if (nn > 0) {
    if (nameIsPii(np, nn)) { memory.copy(locPrefix + <usize>w, changetype<usize>(NAME_PLACEHOLDER), 6); w += 6; }
    else {
      const kl = nn < LOC_PREFIX_CAP - 16 - w ? nn : LOC_PREFIX_CAP - 16 - w;
      memory.copy(locPrefix + <usize>w, np, <usize>kl);
      w += kl;
    }
  } else if (w > 0 && load<u8>(locPrefix + <usize>(w - 1)) == 0x2e) w--; // "multipart." without a name: "multipart"
  const x = prefixExtra;
  if (x.length > 0) w += <i32>String.UTF8.encodeUnsafe(changetype<usize>(x), x.length, locPrefix + <usize>w);
  locPrefixLen = w;
  return w;
}
// Locations of the scans that follow are `head` + the name (np, nn), or `head` + "{name}" when the name is
// itself PII (a location must never carry PII); the name is cut to what fits. The name's bytes must stay
// readable until clearLocationPrefix.
export function setLocationPrefix(head: string, np: usize, nn: i32): void {
  prefixHead = head; prefixName = np; prefixNameLen = nn; prefixExtra = "";
  locPrefixLen = 0;
  prefixPending = true;
}
export function clearLocationPrefix(): void { locPrefixLen = 0; prefixPending = false; }
// Bytes after the name ("." before a form's "form.email"); at most 16.
export function appendLocationPrefix(s: string): void { prefixExtra = s; }
// $.users[1].card for the value at `depth`, written into locBuf only when there is a finding; returns its
// length (Findings copies the bytes: no string is made unless an event needs one).
function location(p: usize, depth: i32): i32 {
  let w = beginLocation();
  store<u8>(locBuf + <usize>w, 0x24); w++;
  const d = depth < MAX_PATH ? depth : MAX_PATH;
  for (let l = 1; l <= d && w < LOC_CAP - 80; l++) {
    if (isArrayAt(l)) {
      store<u8>(locBuf + <usize>(w++), 0x5b);
      let v = arrayPosAt(l);
      let digits = 1;
      for (let t = v; t >= 10; t /= 10) digits++;
      for (let k = digits - 1; k >= 0; k--) { store<u8>(locBuf + <usize>(w + k), <u8>(0x30 + v % 10)); v /= 10; }
      w += digits;
      store<u8>(locBuf + <usize>(w++), 0x5d);
    } else if (keyPiiAt(l)) {
      memory.copy(locBuf + <usize>w, changetype<usize>(KEY_PLACEHOLDER), 6); // ".{key}"
      w += 6;
    } else if (keyLenAtLevel(l) > 0) {
      store<u8>(locBuf + <usize>(w++), 0x2e);
      const kl = keyLenAtLevel(l) < KEY_CAP ? keyLenAtLevel(l) : KEY_CAP;
      memory.copy(locBuf + <usize>w, keyPtrAt(l, p), <usize>kl);
      w += kl;
    }
  }
  return w;
}

// One table of byte flags for this file's scanners (one table, not three: the static data is at its fifth page):
// KEYWORD_WORD and KEYWORD_SECRET (first bytes of hasKeywordHint's words), TOKEN (a candidate token's bytes in text),
// NUMBER (a JSON number's bytes).
const BODY_BYTE = memory.data(256);
const KEYWORD_WORD: u8 = 1, KEYWORD_SECRET: u8 = 2, TOKEN: u8 = 4, NUMBER: u8 = 8;
@inline function flagByte(c: u32, flag: u8): void { store<u8>(BODY_BYTE + <usize>c, load<u8>(BODY_BYTE + <usize>c) | flag); }
// Bytes of a JSON number: digits . - + e E.
function initNumberBytes(): void {
  for (let c: u32 = 0x30; c <= 0x39; c++) flagByte(c, NUMBER);
  flagByte(0x2e, NUMBER); flagByte(0x2d, NUMBER); flagByte(0x2b, NUMBER); flagByte(0x65, NUMBER); flagByte(0x45, NUMBER);
}
initNumberBytes();

// Exfiltration: which element of the outermost array the current value belongs to, counted once.
let lastRecord: i32 = -1;
function countRecord(f: Findings, depth: i32): void {
  const d = depth < MAX_PATH ? depth : MAX_PATH;
  for (let l = 1; l <= d; l++) {
    if (isArrayAt(l)) {
      if (l < d && arrayPosAt(l) != lastRecord) { lastRecord = arrayPosAt(l); f.piiRecords++; }
      return;
    }
  }
}

// The field name that gives context to a value at `depth`: the nearest object key at or above it.
@inline function hintAt(p: usize, depth: i32): KeyHint {
  // The common case: a value directly under an object key.
  if (depth > 0 && depth <= MAX_PATH && !isArrayAt(depth) && keyLenAtLevel(depth) > 0) return levelHint(depth, p);
  return hintAbove(p, depth);
}
function hintAbove(p: usize, depth: i32): KeyHint {
  for (let l = depth < MAX_PATH ? depth : MAX_PATH; l >= 1; l--) {
    if (!isArrayAt(l) && keyLenAtLevel(l) > 0) return levelHint(l, p);
  }
  return KeyHint.None;
}

// Decodes JSON escapes of (p, n) into scratch (ASCII and \uXXXX up to U+FFFF as UTF-8); returns length or -1.
function unescapeJson(p: usize, n: i32): i32 {
  ensureScratch(n);
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

@inline function isQueryKey(k: usize): bool {
  return load<u32>(k) == 0x72657571 && load<u8>(k, 4) == 0x79; // "quer" little-endian, "y"
}

// A key that is PII: a finding at the key's bytes, located at "$.parent.{key}", and the level marked so
// the locations of the values under it never carry it.
function keyFinding(f: Findings, p: usize, depth: i32, start: i32, len: i32, escaped: bool): void {
  let kp = p + <usize>start, kn = len;
  if (escaped) { kn = unescapeJson(kp, len); kp = scratch; }
  if (kn <= 0) return;
  const type = classifyValue(kp, kn, KeyHint.None, false);
  if (type == PiiType.None) return;
  setKeyPiiAt(depth, true);
  if (f.full) f.addOverflow(type, AttackClass.None, start, len);
  else f.addPii(type, start, len, locBuf, location(p, depth), kp, kn);
}

// A key that is an attack: a finding at the key's bytes, located at "$.parent.{key}" (the payload is not
// repeated in the location).
function keyAttack(f: Findings, p: usize, depth: i32, start: i32, len: i32, escaped: bool): void {
  let kp = p + <usize>start, kn = len;
  if (escaped) { kn = unescapeJson(kp, len); kp = scratch; }
  if (kn < 3) return;
  const attack = detectAttack(kp, kn);
  if (attack == AttackClass.None) return;
  setKeyPiiAt(depth, true); // hides the key in locations, as for a key that is PII
  if (f.full) f.addOverflow(PiiType.None, attack, start, len);
  else f.addAttackAt(attack, start, len, locBuf, location(p, depth), lastRule);
}

// A key that writes into the prototype when a JavaScript back end merges the body into an object:
// {"__proto__": {…}}, and "prototype" directly under "constructor" ({"constructor": {"prototype": {…}}}).
// Keys are read structurally here ('_' passes no byte gate); escaped spellings go through keyAttack.
function prototypeKey(p: usize, depth: i32, start: i32): bool {
  const w = load<u64>(p + <usize>start);
  const last = load<u8>(p + <usize>start, 8);
  if (w == 0x5f6f746f72705f5f && last == 0x5f) return true; // __proto__
  if (w != 0x7079746f746f7270 || last != 0x65 || depth < 2 || isArrayAt(depth - 1) || keyLenAtLevel(depth - 1) != 11) return false; // prototype
  const k = keyPtrAt(depth - 1, p);
  return load<u64>(k) == 0x63757274736e6f63 && load<u16>(k, 8) == 0x6f74 && load<u8>(k, 10) == 0x72; // constructor
}
// A key that is a framework's session cookie name ({"PHPSESSID": "…"}): a session id sent in the body.
function keySession(f: Findings, p: usize, depth: i32, start: i32, len: i32): void {
  if (f.full) f.addOverflow(PiiType.None, AttackClass.SessionFixation, start, len);
  else f.addAttackAt(AttackClass.SessionFixation, start, len, locBuf, location(p, depth), "session_fixation:json-key");
}
function keyPrototype(f: Findings, p: usize, depth: i32, start: i32, len: i32): void {
  if (f.full) f.addOverflow(PiiType.None, AttackClass.PrototypePollution, start, len);
  else f.addAttackAt(AttackClass.PrototypePollution, start, len, locBuf, location(p, depth), "prototype_pollution:json-key");
}

// Byte classes of a decoded value (escaped JSON strings are classified again after unescaping).
let valueMask: u32 = 0;
let valueDigits: i32 = 0;
let valueAlphas: i32 = 0;
function classify(p: usize, n: i32): void {
  let mask: u32 = 0, digits = 0, alphas = 0;
  for (let i = 0; i < n; i++) {
    const cls = <u32>load<u8>(BYTE_CLASS + <usize>load<u8>(p + <usize>i));
    mask |= cls; digits += <i32>(cls & C_DIGIT); alphas += <i32>((cls >> 1) & 1);
  }
  valueMask = mask; valueDigits = digits; valueAlphas = alphas;
}

// PII inside prose: an address or IPv6 ('@', ':'), an IPv4 address (4+ digits and dots), a number of 7+
// digits (phone, SSN, card, IBAN); long prose with any digit too (an access key id such as
// AKIAQ7LMZ2HNVW4TXKRB has several). Years and house numbers alone ("1234 Main Street") are not read again.
// A short value with punctuation and no space is read the same way: "<bob@example.com>", "IP=10.0.0.7",
// "[2001:db8::1]:8080", "SSN#078-05-1120".
// Prose that names a password or a birth date ("my password is hunter2", "DOB: 17 Jan 1956") is read too:
// when it holds a digit, ':' or another punctuation byte (the value or its separator has one), or words only
// ("my password is correct horse battery staple": valueAfterKeyword tells a password from "is required").
// A list joined by commas alone ("a@x.com,b@y.com", "10.0.0.1,10.0.0.2", "4111…1111,5500…0004") is read as
// its items too: ',' has no byte class, so it is looked for when the rest of the gate holds.
@inline function proseGate(vp: usize, vn: i32, mask: u32, digits: i32): bool {
  return (((mask & (C_AT | C_COLON)) != 0 || digits >= 7 || (digits >= 4 && (mask & C_WEAK) != 0) || (digits >= 1 && vn >= 24)) &&
      ((mask & C_SPACE) != 0 || (vn <= 256 && ((mask & C_META) != 0 || containsByte(vp, vn, 0x2c))))) ||
    (vn >= 8 && ((digits > 0 && vn >= 16) || (mask & (C_COLON | C_META)) != 0) && keywordGate(vp, vn, mask, digits)) ||
    (vn >= 14 && (mask & C_SPACE) != 0 && mayNamePassword(vp, vn) && keywordGate(vp, vn, mask, digits)) ||
    (vn >= 14 && (mask & C_SPACE) != 0 && (load<u32>(vp) | 0x20202020) == 0x69736162 && (load<u8>(vp, 4) | 0x20) == 0x63); // "Basic …" (an Authorization header kept in a record)
}
function keywordGate(vp: usize, vn: i32, mask: u32, digits: i32): bool {
  return (mask & C_ALPHA) != 0 && ((mask & C_SPACE) != 0 || vn <= 256) && hasKeywordHint(vp, vn, digits == 0 || (mask & C_SPACE) == 0);
}

// A value written with a label: "mailto:bob@example.com", "tel:+14155552671", "ip:10.0.0.7": the type of
// what follows the label's colon (the finding covers the whole value).
function afterLabel(vp: usize, vn: i32, hint: KeyHint): PiiType {
  if (vn < 8 || !isUpperOrLower(at(vp, 0))) return PiiType.None;
  const colon = labelColon(vp, 0, vn);
  return colon > 0 ? classifyValue(vp + <usize>(colon + 1), vn - colon - 1, hint, false) : PiiType.None;
}

// A PII finding for the JSON value at `depth` (raw bytes [start, start+len), decoded value (vp, vn) for the
// evidence), its record counted for exfiltration; past the detailed list, an overflow entry.
function addValuePii(f: Findings, p: usize, depth: i32, type: PiiType, start: i32, len: i32, vp: usize, vn: i32): void {
  countRecord(f, depth);
  if (f.full) f.addOverflow(type, AttackClass.None, start, len); else f.addPii(type, start, len, locBuf, location(p, depth), vp, vn);
}

// An IP address wrapped in brackets or followed by a mark ('[' … ']' with an optional ":port", a trailing ',', '.',
// ';' or ')'): the address is the finding, over the whole value. Only addresses: other types in brackets are
// read by the prose path.
function wrappedAddress(f: Findings, p: usize, depth: i32, start: i32, len: i32, vp: usize, vn: i32, hint: KeyHint): bool {
  let s = 0, e = vn;
  const first = at(vp, 0);
  if (first == 0x5b) {
    s = 1;
    let k = 1;
    while (k < vn && at(vp, k) != 0x5d) k++;
    if (k >= vn) return false;
    e = k;
    // after ']': nothing, or ':' and a port
    if (k + 1 < vn) {
      if (at(vp, k + 1) != 0x3a || k + 2 >= vn) return false;
      for (let q = k + 2; q < vn; q++) if (at(vp, q) - 0x30 >= 10) return false;
    }
  } else {
    const last = at(vp, vn - 1);
    if (!(last == 0x2c || last == 0x2e || last == 0x3b || last == 0x29)) return false;
    e = vn - 1;
    if (last == 0x29 && first == 0x28) s = 1;
  }
  if (e - s < 2) return false;
  const type = classifyValue(vp + <usize>s, e - s, hint, false);
  if (type != PiiType.Ipv4 && type != PiiType.Ipv6) return false;
  addValuePii(f, p, depth, type, start, len, vp + <usize>s, e - s);
  return true;
}

// A value that is PII after a label ("mailto:a@b.com", "http:127.0.0.1"): the PII finding, and the attack rules
// over the whole value (a URL without slashes to an internal address is SSRF). Whether it was such a value.
function labelledValue(f: Findings, p: usize, depth: i32, start: i32, len: i32, vp: usize, vn: i32, hint: KeyHint): bool {
  const type = afterLabel(vp, vn, hint);
  if (type == PiiType.None) return false;
  addValuePii(f, p, depth, type, start, len, vp, vn);
  const attack = detectAttack(vp, vn);
  if (attack != AttackClass.None) { if (f.full) f.addOverflow(PiiType.None, attack, start, len); else f.addAttackAt(attack, start, len, locBuf, location(p, depth), lastRule); }
  return true;
}

// A value found to be PII of `type` is not also read as an attack, but for what a password or secret field is
// sent (detectAttackInCredential), and when it holds quotes or markup (byte classes `mask`: an e-mail's local
// part may, "admin'--@example.com" logs in as admin). The value raw at (rp, rn) as the detectors take it
// (form-encoded when `form`), decoded at (dp, dn).
function attackInPiiValue(type: PiiType, hint: KeyHint, rp: usize, rn: i32, dp: usize, dn: i32, mask: u32, form: bool): AttackClass {
  if ((type == PiiType.Password || type == PiiType.Secret) && hintClaimsValue(hint)) return detectAttackInCredential(rp, rn, dp, dn, form);
  if ((mask & C_META) == 0) return AttackClass.None;
  return form ? detectAttackInForm(rp, rn) : detectAttack(rp, rn);
}

// One string value (vp, vn) — decoded — whose raw bytes are [start, start+len) of the body: PII as a whole,
// PII inside prose, and attacks, each only when the value's byte classes allow it.
function inspectValue(f: Findings, p: usize, depth: i32, start: i32, len: i32, vp: usize, vn: i32, mapped: bool, mask: u32, digits: i32, alphas: i32, limits: ScanLimits): void {
  // {"query": "{ … }"}: a GraphQL request over JSON.
  if (depth == 1 && (mask & C_META) != 0 && keyLenAtLevel(1) == 5 && isQueryKey(keyPtrAt(1, p)) && looksLikeGraphql(vp, vn)) {
    graphqlFindings(vp, vn, limits, f, start, len, locBuf, location(p, depth));
  }
  const hint = hintAt(p, depth);
  // Prose that repeats (a status message, a delivery note in every record) was found clean before: skipped.
  let memo: usize = 0, memoHash: u64 = 0;
  if (mapped && (mask & C_SPACE) != 0 && vn >= 16 && vn <= CLEAN_PROSE_CAP) {
    memoHash = valueHash(vp, vn);
    memo = cleanProse + (<usize>(memoHash >> (64 - CLEAN_PROSE_BITS)) * CLEAN_PROSE_ENTRY);
    if (load<u32>(memo) == <u32>vn && load<u32>(memo, 4) == <u32>hint && load<u64>(memo, 8) == memoHash && sameBytes(memo + 16, vp, vn)) return;
  }
  let type = PiiType.None;
  // An '@' rules out every other type but a password (by key): try the email check first. After it the value
  // is known to be no e-mail (no '@', or isEmail said no; a password key decides before e-mails).
  if ((mask & C_AT) != 0 && hint != KeyHint.Password && isEmail(vp, vn)) type = PiiType.Email;
  else if (hintClaimsValue(hint) || piiGate(vp, vn, mask, digits)) type = classifyValue(vp, vn, hint, false, true);
  if (type != PiiType.None) {
    addValuePii(f, p, depth, type, start, len, vp, vn);
    const attack = attackInPiiValue(type, hint, vp, vn, vp, vn, mask, false);
    if (attack != AttackClass.None) { if (f.full) f.addOverflow(PiiType.None, attack, start, len); else f.addAttackAt(attack, start, len, locBuf, location(p, depth), lastRule); }
    return;
  }
  // "mailto:a@b.com"; "http:127.0.0.1" is an address after a label and a URL without slashes (SSRF) at once:
  // read apart (the common value never gets here with a colon and no blank).
  if ((mask & (C_COLON | C_SPACE)) == C_COLON && labelledValue(f, p, depth, start, len, vp, vn, hint)) return;
  // An address in brackets or with a mark after it: "[2001:db8::1]", "[::ffff:10.0.0.1]:80", "192.168.1.1,".
  if ((mask & C_SPACE) == 0 && vn <= 64 && (mask & (C_COLON | C_WEAK)) != 0 && wrappedAddress(f, p, depth, start, len, vp, vn, hint)) return;
  let clean = true;
  if (proseGate(vp, vn, mask, digits)) {
    if (scanTokens(vp, vn, hint, f, start, len, mapped, p, depth) > 0) { countRecord(f, depth); clean = false; }
  }
  // A base64 value that decodes to text (a Kubernetes Secret's data, an encoded config or token): the text
  // is read for PII too, and the whole value is the finding.
  if (clean && vn >= 8 && (mask & (C_SPACE | C_AT | C_COLON)) == 0 && hint != KeyHint.NotPii && mayBeBase64Text(vp)) {
    const pair = authValueType(p, depth, vp, vn);
    if (pair != PiiType.None) { addValuePii(f, p, depth, pair, start, len, vp, vn); return; }
    if (vn >= 24 && encodedPii(f, p, depth, start, len, vp, vn, hint) > 0) { countRecord(f, depth); clean = false; }
  }
  if (attackGate(vp, vn, mask, alphas)) {
    const attack = detectAttack(vp, vn);
    if (attack != AttackClass.None) { clean = false; if (f.full) f.addOverflow(PiiType.None, attack, start, len); else f.addAttackAt(attack, start, len, locBuf, location(p, depth), lastRule); }
  }
  if (clean && memo != 0) {
    // Seen once: only the hash is noted (distinct values, most of them, pay no copy). Seen again: kept.
    if (load<u64>(memo, 8) == memoHash && load<u32>(memo, 4) == <u32>hint && load<u32>(memo) == (<u32>vn | CLEAN_PROSE_PENDING)) {
      store<u32>(memo, <u32>vn);
      memory.copy(memo + 16, vp, <usize>vn);
    } else {
      store<u32>(memo, <u32>vn | CLEAN_PROSE_PENDING); store<u32>(memo, <u32>hint, 4); store<u64>(memo, memoHash, 8);
    }
  }
}
// The memory of clean prose (inspectValue): direct-mapped by a hash of the bytes, 32 entries of up to 256
// bytes (8.5 KiB static); the key is the exact bytes and the field name's hint (a password key reads the same
// words differently). Only values of 16+ bytes with a blank, and kept from their second sighting on.
// The detectors are pure functions of (bytes, hint), so a remembered value is what a new read would find.
const CLEAN_PROSE_CAP: i32 = 256;
const CLEAN_PROSE_PENDING: u32 = 0x80000000; // in the length: seen once, bytes not kept (matches no value)
const CLEAN_PROSE_BITS: u64 = 5;
const CLEAN_PROSE_ENTRY: usize = 16 + <usize>CLEAN_PROSE_CAP;
const cleanProse = memory.data((1 << <i32>CLEAN_PROSE_BITS) * (16 + CLEAN_PROSE_CAP)); // zeroed: length 0 is no value


// A document that is not JSON after all (words or numbers such as 123-45-6789 outside strings, anything
// after the top-level value): "{} my ssn is 123-45-6789" sent as text would hide its PII from a JSON-only
// read. Set by scanJsonFrom; scanJson then reads the document as text too (jsonTopEnd: where the top-level
// value closed, -1 while open).
let jsonStray: bool = false;
let jsonTopEnd: i32 = -1;

export function scanJson(p: usize, n: i32, limits: ScanLimits, f: Findings): void {
  setArrayAt(0, false);
  lastRecord = -1;
  jsonStray = false; jsonTopEnd = -1;
  const c0 = f.count;
  if (scanJsonFrom(p, n, limits, f, 0, 0, false) < 0) scanRestAsText(p, n, stoppedAt, f);
  else if (jsonStray || (jsonTopEnd >= 0 && !blankFrom(p, jsonTopEnd, n))) {
    // Also as text (key context is lost there, the JSON findings keep it); a value both reads find is kept once.
    const c1 = f.count;
    textLocation = "body";
    scanTokens(p, n, KeyHint.None, f, 0, n, true, 0, 0);
    f.dropOverlapping(c0, c1);
  }
  shrinkScratch();
}
// For a body scanned chunk by chunk (scanJsonChunk): clear the marks, scan, then ask whether the bytes read
// (p, n) were not JSON after all; `closedBefore`: the top-level value closed in an earlier chunk.
export function resetJsonStray(): void { jsonStray = false; jsonTopEnd = -1; }
export function notJsonAfterAll(p: usize, n: i32, closedBefore: bool): bool {
  if (jsonStray) return true;
  if (closedBefore) return !blankFrom(p, 0, n);
  return jsonTopEnd >= 0 && jsonTopEnd <= n && !blankFrom(p, jsonTopEnd, n);
}
function blankFrom(p: usize, i: i32, n: i32): bool {
  for (let k = i; k < n; k++) if (at(p, k) > 0x20) return false;
  return true;
}

// Where the last scanJsonFrom stopped at a depth limit. The levels past it are not tracked, so the rest of
// the body is read as text: its PII is still found and redacted (located at "body"), never passed unseen.
let stoppedAt: i32 = 0;
function scanRestAsText(p: usize, n: i32, from: i32, f: Findings): void {
  if (from >= n) return;
  textLocation = "body";
  scanTokens(p + <usize>from, n - from, KeyHint.None, f, from, n - from, true, 0, 0);
}

// Fields read by the last scanJsonFrom (with the depth it returns: the state to resume from).
let fieldsRead: i32 = 0;

// The JSON scanner proper, from `depth0` levels deep (levels 1..depth0 as a previous chunk left them),
// optionally starting inside a string that began in an earlier chunk (`inString`: skipped to its end).
// Returns the depth at the end of the buffer; -1 when a limit stopped the scan.
function scanJsonFrom(p: usize, n: i32, limits: ScanLimits, f: Findings, depth0: i32, fields0: i32, inString: bool): i32 {
  scanEnd = n;
  let depth = depth0;
  let fields = fields0;
  let i = 0;
  if (inString) {
    while (i < n) { const d = at(p, i); if (d == 0x5c) { i += 2; continue; } i++; if (d == 0x22) break; }
  }
  while (i < n) {
    const c = at(p, i);
    if (c <= 0x20) { i++; continue; } // whitespace (and control bytes, which JSON does not allow outside strings)
    if (c == 0x22) { // string: a key if followed by ':', else a value
      const start = i + 1;
      // The hot loop, written out here so that its results stay in locals (as an inlined function it handed
      // them over in globals, four stores and loads per string): the end of the string (its closing quote, or
      // n) and its byte classes on the way (mask: OR of BYTE_CLASS; digit and letter counts). With SIMD, 16
      // bytes per step: the stop bytes, digits, letters and spaces by vector compares, only the rare other
      // bytes through the class table. After a backslash only the end is looked for (escaped strings are
      // classified again once unescaped).
      let mask: u32 = 0, digits = 0, alphas = 0;
      let escaped = false;
      let j = start;
      let closed = false;
      if (ASC_FEATURE_SIMD) {
        while (j + 16 <= n) {
          const v = v128.load(p + <usize>j);
          const stop = i8x16.bitmask(v128.or(i8x16.eq(v, i8x16.splat(0x22)), i8x16.eq(v, i8x16.splat(0x5c))));
          const lanes = stop != 0 ? (1 << ctz(stop)) - 1 : 0xffff;
          if (!escaped) {
            const alp = i8x16.bitmask(asciiLetters(v)) & lanes;
            alphas += popcnt(alp);
            if (alp != lanes) { // letters only (most keys, many values): nothing else to count
              const dig = i8x16.bitmask(asciiDigits(v)) & lanes;
              const spc = i8x16.bitmask(i8x16.eq(v, i8x16.splat(0x20))) & lanes;
              digits += popcnt(dig);
              if (spc != 0) mask |= C_SPACE;
              let other = lanes & ~(dig | alp | spc);
              while (other != 0) {
                mask |= <u32>load<u8>(BYTE_CLASS + <usize>load<u8>(p + <usize>(j + ctz(other))));
                other &= other - 1;
              }
            }
          }
          if (stop == 0) { j += 16; continue; }
          j += ctz(stop);
          if (load<u8>(p + <usize>j) == 0x22) { closed = true; break; }
          escaped = true;
          j += 2;
        }
      }
      if (!closed) {
        while (j < n) {
          const d = <u32>load<u8>(p + <usize>j);
          const cls = <u32>load<u8>(BYTE_CLASS + <usize>d);
          if (cls & C_STOP) {
            if (d == 0x22) break;
            escaped = true; j += 2; continue;
          }
          mask |= cls; digits += <i32>(cls & C_DIGIT); alphas += <i32>((cls >> 1) & 1);
          j++;
        }
        if (j > n) j = n;
      }
      mask |= (digits > 0 ? C_DIGIT : 0) | (alphas > 0 ? C_ALPHA : 0);
      const len = j - start;
      let k = j + 1;
      // Compact JSON has no blank after a string: one test for the common case.
      if (k < n && at(p, k) <= 0x20) while (k < n && (at(p, k) == 0x20 || at(p, k) == 0x0a || at(p, k) == 0x0d || at(p, k) == 0x09)) k++;
      if (k < n && at(p, k) == 0x3a && depth > 0 && !isArrayAt(depth)) {
        // The level's key: start and length in one store, then its flags in one (not an array, hint unknown,
        // not stored, not PII).
        store<u64>(lv(depth), (<u64><u32>len << 32) | <u64><u32>start, 8);
        store<u32>(lv(depth), <u32>HINT_UNKNOWN << 8);
        // Keys can be PII too (objects keyed by email, card or IP): found, redacted, never in a location.
        // Keys are input too ({"${jndi:ldap://x/a}": 1}, {"id' OR 1=1--": 1}): read by the attack detectors.
        // The common key, a short run of letters, passes neither gate: one test dismisses it.
        if (escaped || (mask & ~C_ALPHA) != 0 || len >= 15) {
          if (escaped || (len > 0 && piiGate(p + <usize>start, len, mask, digits))) keyFinding(f, p, depth, start, len, escaped);
          if (escaped || attackGate(p + <usize>start, len, mask, alphas)) keyAttack(f, p, depth, start, len, escaped);
          if (sessionIdName(p + <usize>start, len, false)) keySession(f, p, depth, start, len);
        } else if (len == 9 && prototypeKey(p, depth, start)) keyPrototype(f, p, depth, start, len);
        else if (len >= 9 && sessionIdName(p + <usize>start, len, false)) keySession(f, p, depth, start, len);
        fields++;
        // Past maxFields the body is a `limits` finding, and the scan goes on: PII after the limit must still
        // be found and redacted (the scan is linear, so going on costs no more than the bytes).
        if (fields > limits.maxFields) f.limitExceeded = true;
        i = k + 1;
        continue;
      }
      if (escaped) {
        const vn = unescapeJson(p + <usize>start, len);
        if (vn > 0) { classify(scratch, vn); inspectValue(f, p, depth, start, len, scratch, vn, false, valueMask, valueDigits, valueAlphas, limits); }
      } else if (len > 0) {
        // The common value, letters and digits only ("Springfield", "vip", "12345"): no detector applies
        // unless its key names a PII type (a password, a date of birth, a secret).
        const plain = (mask & ~(C_ALPHA | C_DIGIT)) == 0 && digits < 7 && len < 15;
        if (!plain || hintClaimsValue(hintAt(p, depth))) inspectValue(f, p, depth, start, len, p + <usize>start, len, true, mask, digits, alphas, limits);
      }
      i = j + 1;
      continue;
    }
    if (c == 0x7b || c == 0x5b) { // { [
      if (depth >= limits.maxDepth || depth >= MAX_PATH) { f.limitExceeded = true; fieldsRead = fields; stoppedAt = i; return -1; }
      depth++;
      setArrayAt(depth, c == 0x5b);
      setArrayPosAt(depth, 0);
      setKeyLenAt(depth, 0);
      setKeyStoredAt(depth, false);
      setKeyPiiAt(depth, false);
      i++;
      continue;
    }
    if (c == 0x7d || c == 0x5d) {
      if (depth > 0) { depth--; if (depth == 0 && jsonTopEnd < 0) jsonTopEnd = i + 1; }
      i++;
      continue;
    }
    if (c == 0x2c) { if (depth > 0 && isArrayAt(depth)) setArrayPosAt(depth, arrayPosAt(depth) + 1); i++; continue; }
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) { // numbers: cards sent as JSON numbers count
      const start = i;
      if (ASC_FEATURE_SIMD && i + 16 <= n) {
        // Most numbers end within 16 bytes: their end from one vector test (digits . - + e E).
        const v = v128.load(p + <usize>i);
        const digit = asciiDigits(v);
        const sign = v128.or(i8x16.eq(v, i8x16.splat(0x2d)), i8x16.eq(v, i8x16.splat(0x2b)));
        const other = v128.or(i8x16.eq(v, i8x16.splat(0x2e)), i8x16.eq(v128.or(v, i8x16.splat(0x20)), i8x16.splat(0x65)));
        const stop = ~i8x16.bitmask(v128.or(digit, v128.or(sign, other))) & 0xffff;
        i = stop != 0 ? i + ctz(stop) : i + 16;
      }
      while (i < n && (load<u8>(BODY_BYTE + <usize>at(p, i)) & NUMBER) != 0) i++;
      const len = i - start;
      // "123-45-6789" is no JSON number: the document is not JSON (read again as text, scanJson).
      if (len >= 9 && innerDash(p, start, i)) jsonStray = true;
      if (len >= 9 && len <= 19) {
        const type = classifyValue(p + <usize>start, len, hintAt(p, depth), true);
        if (type != PiiType.None) {
          addValuePii(f, p, depth, type, start, len, p + <usize>start, len);
          f.markJsonNumber(); // masked as a string of the same length ("**********1111"): the JSON stays valid
        }
      }
      continue;
    }
    // Outside strings only true, false and null are words: any other byte means the document is not JSON.
    // The literals themselves are stepped over at once (one loop turn per letter was the rest of the dispatch).
    if (i + 5 <= n) {
      const w = load<u32>(p + <usize>i);
      if (w == 0x65757274 || w == 0x6c6c756e) { i += 4; continue; } // true, null
      if (w == 0x736c6166 && load<u8>(p + <usize>i, 4) == 0x65) { i += 5; continue; } // false
    }
    if (!(c == 0x74 || c == 0x72 || c == 0x75 || c == 0x65 || c == 0x66 || c == 0x61 || c == 0x6c || c == 0x73 || c == 0x6e)) jsonStray = true;
    i++;
  }
  fieldsRead = fields;
  return depth;
}
function innerDash(p: usize, s: i32, e: i32): bool {
  for (let k = s + 1; k < e; k++) if (at(p, k) == 0x2d && (at(p, k - 1) | 0x20) != 0x65) return true;
  return false;
}

// A JSON body scanned chunk by chunk (alert-only inspection that never holds the stream): the levels,
// their keys, and the counters survive between chunks. One per stream direction.
export class JsonStreamState {
  depth: i32 = 0;
  fields: i32 = 0;
  lastRecord: i32 = -1;
  stopped: bool = false;          // a limit was hit: the rest of the body is not scanned
  // The levels in use, collected with the stream (raw heap memory here leaked 8 KiB per streamed body).
  private saved: ArrayBuffer | null = null;
  reset(): void { this.depth = 0; this.fields = 0; this.lastRecord = -1; this.stopped = false; }
  save(p: usize, depth: i32): void {
    // Keys still read from the buffer must be copied now: the buffer is gone after this chunk.
    for (let l = 1; l <= depth; l++) {
      if (!isArrayAt(l) && keyLenAtLevel(l) > 0 && !keyStoredAt(l)) {
        levelHint(l, p); // from the whole key, before it is cut to KEY_CAP bytes
        const kl = keyLenAtLevel(l) < KEY_CAP ? keyLenAtLevel(l) : KEY_CAP;
        memory.copy(lv(l) + 16, p + <usize>keyStartAtLevel(l), <usize>kl);
        setKeyStoredAt(l, true);
      }
    }
    const bytes = (depth + 1) * LEVEL_BYTES;
    let saved = this.saved;
    if (saved === null || saved.byteLength < bytes) { saved = new ArrayBuffer(bytes); this.saved = saved; }
    memory.copy(changetype<usize>(saved), levels, <usize>bytes);
    this.depth = depth;
  }
  restore(): void {
    const saved = this.saved;
    if (saved !== null && this.depth > 0) memory.copy(levels, changetype<usize>(saved), <usize>((this.depth + 1) * LEVEL_BYTES));
    else setArrayAt(0, false);
  }
}

// Scans the next chunk of a streamed JSON body (see JsonStreamState); `inString` when the chunk starts
// inside a string an earlier chunk opened (one longer than the carry-over window).
export function scanJsonChunk(p: usize, n: i32, limits: ScanLimits, f: Findings, state: JsonStreamState, inString: bool): void {
  if (state.stopped) { scanRestAsText(p, n, 0, f); return; }
  state.restore();
  lastRecord = state.lastRecord;
  const depth = scanJsonFrom(p, n, limits, f, state.depth, state.fields, inString);
  state.lastRecord = lastRecord;
  state.fields = fieldsRead;
  if (depth < 0) { state.stopped = true; scanRestAsText(p, n, stoppedAt, f); shrinkScratch(); return; }
  state.save(p, depth);
  shrinkScratch();
}

// ---- forms and text -------------------------------------------------------------------------------------

// Form values: decoded into scratch (which grows to the value).
function formDecode(p: usize, n: i32): i32 {
  ensureScratch(n);
  return percentDecodeInto(p, n, scratch, SCRATCH_CAP, true);
}

// name=value&… (bodies and query strings). `prefix` names the location ("form." or "query.").
// `sessionIdsAllowed`: a session id as a parameter is no finding (a query string from a same-site page).
export function scanForm(p: usize, n: i32, limits: ScanLimits, f: Findings, prefix: string, sessionIdsAllowed: bool = false): void {
  let i = 0;
  let fields = 0;
  const query = prefix == "query.";
  const findingsBefore = f.count;
  while (i < n) {
    const start = i;
    while (i < n && at(p, i) != 0x26) i++;
    const end = i;
    i++;
    let eq = start;
    while (eq < end && at(p, eq) != 0x3d) eq++;
    // Names are input too (?<script>=1, a bare ?${jndi:…}): the attack detectors read them, and the
    // location says {name} rather than repeating the payload.
    // A URL copied from HTML with its '&' still escaped (?a=1&amp;id=2, WordPress's &#038;) has names that start
    // with the entity's rest: "amp;id" is the name "id", not ';' and a command.
    const skip = escapedAmpersandRest(p + <usize>start, eq - start);
    if (eq - start - skip >= 3) {
      const attack = detectAttackInForm(p + <usize>(start + skip), eq - start - skip);
      if (attack != AttackClass.None) f.addAttackAt(attack, start, eq - start, locBuf, hiddenNameLocation(prefix), lastRule);
    }
    // A line break in a query parameter's name (raw or percent-encoded) is in no URL a browser or client builds.
    if (query && eq > start && hasLineBreak(p + <usize>start, eq - start)) f.addAttackAt(<AttackClass>CLASS_PROTOCOL, start, eq - start, locBuf, hiddenNameLocation(prefix), "protocol:crlf-in-name");
    if (eq < end && !sessionIdsAllowed && sessionIdName(p + <usize>start, eq - start, true)) {
      f.addAttackAt(AttackClass.SessionFixation, eq + 1, end - eq - 1, locBuf, nameLocation(prefix, p + <usize>start, eq - start), "session_fixation:parameter");
    }
    if (eq >= end) continue;
    fields++;
    if (fields > limits.maxFields) f.limitExceeded = true; // a finding; the fields after it are still read
    const hint = cachedKeyHint(p + <usize>start, eq - start, n - start);
    const vn = formDecode(p + <usize>eq + 1, end - eq - 1);
    if (vn <= 0) continue;
    if (query && headerLineAfterBreak(scratch, vn)) {
      f.addAttackAt(<AttackClass>CLASS_PROTOCOL, eq + 1, end - eq - 1, locBuf, nameLocation(prefix, p + <usize>start, eq - start), "protocol:header-injection");
    }
    // GraphQL over GET (?query={__schema{types{name}}}) and in forms: the same limits as in a JSON request. A
    // JSON request put whole into the parameter ({"query": "…"}) is read by its "query" member.
    if (eq - start == 5 && isQueryKey(p + <usize>start)) {
      let gp = scratch, gn = vn;
      let member = jsonQueryMember(gp, gn);
      // Encoded twice (a client that encodes an already encoded query, as GoTestWAF's GraphQL GETs are): still
      // %XX escapes after one decoding and no GraphQL (or no '{', which every operation has): decoded again.
      if (member < 0 && hasPercentEscape(gp, gn) && (!looksLikeGraphql(gp, gn) || !containsByte(gp, gn, 0x7b))) {
        gn = percentDecodeInto(gp, gn, graphqlBuf, GRAPHQL_CAP, true);
        gp = graphqlBuf;
        member = jsonQueryMember(gp, gn);
      }
      if (member >= 0) { gp += <usize>member; gn = memberLength; }
      if (looksLikeGraphql(gp, gn)) graphqlFindings(gp, gn, limits, f, eq + 1, end - eq - 1, locBuf, nameLocation(prefix, p + <usize>start, eq - start));
    }
    let type = classifyValue(scratch, vn, hint, false);
    let labelled = false;
    if (type == PiiType.None) { type = afterLabel(scratch, vn, hint); labelled = type != PiiType.None; }
    if (type != PiiType.None) {
      f.addPii(type, eq + 1, end - eq - 1, locBuf, nameLocation(prefix, p + <usize>start, eq - start), scratch, vn);
      // An address after a label may be a URL without slashes too ("http:127.0.0.1"): read for attacks; other
      // PII as attackInPiiValue says.
      if (!labelled) classify(scratch, vn);
      const attack = labelled ? detectAttackInForm(p + <usize>eq + 1, end - eq - 1) :
        attackInPiiValue(type, hint, p + <usize>eq + 1, end - eq - 1, scratch, vn, valueMask, true);
      if (attack != AttackClass.None) f.addAttackAt(attack, eq + 1, end - eq - 1, locBuf, nameLocation(prefix, p + <usize>start, eq - start), lastRule);
    } else if (vn >= 3) {
      // Prose in a form field ("comment=please charge my card 4111 1111 1111 1111"), as in a JSON string.
      classify(scratch, vn);
      if (proseGate(scratch, vn, valueMask, valueDigits)) {
        presetLocLen = nameLocation(prefix, p + <usize>start, eq - start);
        // Without %XX escapes the decoded value lines up with the raw one ('+' is one byte either way): the
        // findings then cover their own bytes; else the whole field (the safe side).
        scanTokens(scratch, vn, hint, f, eq + 1, end - eq - 1, vn == end - eq - 1, 0, 0);
        presetLocLen = -1;
      }
      // detectAttack decodes again itself: give it the raw value (double encodings are an attack tell).
      const attack = detectAttackInForm(p + <usize>eq + 1, end - eq - 1);
      if (attack != AttackClass.None) f.addAttackAt(attack, eq + 1, end - eq - 1, locBuf, nameLocation(prefix, p + <usize>start, eq - start), lastRule);
      else parameterRules(p, start, eq, end, vn, query, prefix, f);
    } else if (vn == 2) parameterRules(p, start, eq, end, vn, query, prefix, f); // cmd=id, cmd=ls
  }
  // A payload whose own '&' was not percent-encoded is cut into parameters at each of them: HTML entities
  // (&gt;+src+onerror=confirm&amp;lpar;1&amp;rpar;), VBScript's "Ex"&"e"&"cute(. Unless a parameter was already an
  // attack, such a string is read whole too, located at the prefix ("query", "form").
  if (!f.attackSince(findingsBefore) && ampersandInPayload(p, n)) {
    const attack = detectAttackInForm(p, n);
    if (attack != AttackClass.None) f.addAttackAt(attack, 0, n, locBuf, wholeLocation(prefix), lastRule);
  }
}

// The rules a parameter's name or place decides, for a value (decoded in scratch, vn bytes) the attack rules found
// clean: a name for a command with a probe's command (cmd=id), an include path with a remote URL, and in query
// strings markup that renders (a heading, a marquee, an image from elsewhere: HTML injection, the defacement half of
// reflected XSS; bodies carry rich text).
function parameterRules(p: usize, start: i32, eq: i32, end: i32, vn: i32, query: bool, prefix: string, f: Findings): void {
  const np = p + <usize>start, nn = eq - start;
  let attack = AttackClass.None;
  let rule = "";
  if (commandNamedValue(np, nn, scratch, vn)) { attack = AttackClass.Cmdi; rule = "cmdi:command-parameter"; }
  else if (remoteIncludeParameter(np, nn, scratch, vn)) { attack = AttackClass.Rfi; rule = "rfi:include-parameter"; }
  else if (query && vn >= 7 && containsByte(scratch, vn, 0x3c) && htmlInjection(scratch, vn)) { attack = AttackClass.Xss; rule = "xss:html-injection"; }
  if (attack != AttackClass.None) f.addAttackAt(attack, eq + 1, end - eq - 1, locBuf, nameLocation(prefix, np, nn), rule);
}

// A GraphQL parameter decoded a second time (its first 16 KiB: the limits GraphQL is checked for are early in a
// document).
const GRAPHQL_CAP: i32 = 16384;
const graphqlBuf = memory.data(16384);
function hasPercentEscape(p: usize, n: i32): bool {
  for (let i = 0; i + 2 < n; i++) if (at(p, i) == 0x25 && isHex(at(p, i + 1)) && isHex(at(p, i + 2))) return true;
  return false;
}

// A value that is a JSON object whose first member is "query" with a string: the offset of the string's
// content, its length (up to the closing quote; escapes left as they are) in memberLength; -1 otherwise.
let memberLength: i32 = 0;
function jsonQueryMember(p: usize, n: i32): i32 {
  let i = 0;
  while (i < n && at(p, i) <= 0x20) i++;
  if (i >= n || at(p, i) != 0x7b) return -1;
  i++;
  while (i < n && at(p, i) <= 0x20) i++;
  if (i + 7 > n || at(p, i) != 0x22 || !isQueryKey(p + <usize>(i + 1)) || at(p, i + 6) != 0x22) return -1;
  i += 7;
  while (i < n && at(p, i) <= 0x20) i++;
  if (i >= n || at(p, i) != 0x3a) return -1;
  i++;
  while (i < n && at(p, i) <= 0x20) i++;
  if (i >= n || at(p, i) != 0x22) return -1;
  const s = ++i;
  while (i < n && at(p, i) != 0x22) { if (at(p, i) == 0x5c) i++; i++; }
  memberLength = (i < n ? i : n) - s;
  return s;
}

// Whether an '&' of (p, n) belongs to the value rather than separating parameters: it starts an HTML entity
// (&lt; &gt; &amp; &quot; &#…) or stands between quotes ("&"). "a=1&b=2" and "a=1&amp;b=2" (a link copied from
// HTML) are read whole then too, and hold nothing.
function ampersandInPayload(p: usize, n: i32): bool {
  for (let i = 1; i + 3 < n; i++) {
    if (at(p, i) != 0x26) continue;
    const c = at(p, i + 1);
    if (c == 0x23 && (at(p, i + 2) - 0x30 < 10 || (at(p, i + 2) | 0x20) == 0x78)) return true; // &#60 &#x3c
    if (quoteBefore(p, i) && (c == 0x22 || (c == 0x25 && at(p, i + 2) == 0x32 && at(p, i + 3) == 0x32))) return true; // "&" (%22&%22)
    // An entity's name, then ';' or its percent-encoding (a payload URL-encoded without its '&': &gt%3B).
    let e = i + 1;
    while (e < n && e - i <= 6 && (at(p, e) | 0x20) - 0x61 < 26) e++;
    if (e == i + 1 || !(at(p, e) == 0x3b || (at(p, e) == 0x25 && e + 2 < n && at(p, e + 1) == 0x33 && (at(p, e + 2) | 0x20) == 0x62))) continue;
    const np = p + <usize>(i + 1), nn = e - i - 1;
    if (foldedNameIs(np, nn, "amp") && at(p, e) == 0x3b && parameterAfter(p, e + 1, n)) continue; // a URL copied from HTML: &amp;id=2
    if (foldedNameIs(np, nn, "lt") || foldedNameIs(np, nn, "gt") || foldedNameIs(np, nn, "amp") || foldedNameIs(np, nn, "quot") || foldedNameIs(np, nn, "apos")) return true;
  }
  return false;
}
// A parameter from i: a name of letters, digits, '_', '.', '-', '[', ']', then '=', '&' or the end.
function parameterAfter(p: usize, i: i32, n: i32): bool {
  const s = i;
  while (i < n) {
    const c = at(p, i);
    if (!(c - 0x30 < 10 || (c | 0x20) - 0x61 < 26 || c == 0x5f || c == 0x2e || c == 0x2d || c == 0x5b || c == 0x5d)) break;
    i++;
  }
  return i > s && (i == n || at(p, i) == 0x3d || at(p, i) == 0x26);
}
@inline function quoteBefore(p: usize, i: i32): bool { return at(p, i - 1) == 0x22 || (i >= 3 && at(p, i - 3) == 0x25 && at(p, i - 2) == 0x32 && at(p, i - 1) == 0x32); }
function wholeLocation(prefix: string): i32 {
  const b = beginLocation();
  return b + <i32>String.UTF8.encodeUnsafe(changetype<usize>(prefix), prefix.length - 1, locBuf + <usize>b);
}

// Cookie header "a=1; email=bob%40x.com": PII in values, the cookie name as context; findings at
// offset `base` + position (the caller's base for masking), location cookie.NAME.
export function scanCookies(p: usize, n: i32, base: i32, limits: ScanLimits, f: Findings): void {
  let i = 0;
  let fields = 0;
  while (i < n) {
    while (i < n && (at(p, i) == 0x20 || at(p, i) == 0x3b)) i++;
    const start = i;
    while (i < n && at(p, i) != 0x3b) i++;
    const end = i;
    let eq = start;
    while (eq < end && at(p, eq) != 0x3d) eq++;
    if (eq >= end || ++fields > limits.maxFields) continue;
    let vs = eq + 1, ve = end;
    if (ve - vs >= 2 && at(p, vs) == 0x22 && at(p, ve - 1) == 0x22) { vs++; ve--; } // quoted value
    const vn = formDecode(p + <usize>vs, ve - vs);
    if (vn <= 0) continue;
    const type = classifyValue(scratch, vn, cachedKeyHint(p + <usize>start, eq - start, n - start), false);
    if (type != PiiType.None) f.addPii(type, base + vs, ve - vs, locBuf, nameLocation("cookie.", p + <usize>start, eq - start), scratch, vn);
    // A cookie (or its name) that is nothing but a Java class name: a deserialization gadget probe. (The cookie
    // header is read whole for attacks too, where "name=java.lang.Runtime" is not a bare name.)
    else if (javaClassReference(scratch, vn) || javaClassReference(p + <usize>start, eq - start)) {
      f.addAttackAt(AttackClass.Cmdi, base + vs, ve - vs, locBuf, nameLocation("cookie.", p + <usize>start, eq - start), "cmdi:java-class-reference");
    } else if (nodeSerializedBase64At(scratch, vn)) {
      f.addAttackAt(AttackClass.Cmdi, base + vs, ve - vs, locBuf, nameLocation("cookie.", p + <usize>start, eq - start), "cmdi:node-serialize");
    }
  }
}

// Bytes of a candidate token in text: letters, digits and @ . _ + - : % (a table: one load per byte).
function initTokenBytes(): void {
  for (let c: u32 = 0; c < 256; c++) {
    const t = (c - 0x30 < 10) || ((c | 0x20) - 0x61 < 26) || c == 0x40 || c == 0x2e || c == 0x5f || c == 0x2b || c == 0x2d || c == 0x3a || c == 0x25;
    if (t) flagByte(c, TOKEN);
  }
}
initTokenBytes();
@inline function tokenChar(c: u32): bool { return (load<u8>(BODY_BYTE + <usize>(c & 0xff)) & TOKEN) != 0; }

// Version-like words before a dotted number ("version 1.2.3.4", "v2.10.0.1") make it not an address.
function versionBefore(p: usize, i: i32): bool {
  // A product token's version in a User-Agent: "Chrome/119.0.0.0", "Edg/120.0.2210.91".
  if (i > 1 && at(p, i - 1) == 0x2f && (at(p, i - 2) | 0x20) - 0x61 < 26) return true;
  let e = i;
  while (e > 0 && at(p, e - 1) == 0x20) e--;
  let s = e;
  while (s > 0 && ((at(p, s - 1) | 0x20) - 0x61 < 26)) s--;
  const n = e - s;
  if (n == 1 && (at(p, s) | 0x20) == 0x76) return true;
  if (n < 3 || n > 8) return false;
  const c = at(p, s) | 0x20;
  return (c == 0x76 && (at(p, s + 1) | 0x20) == 0x65 && (at(p, s + 2) | 0x20) == 0x72) || // ver, version
    (c == 0x62 && (at(p, s + 1) | 0x20) == 0x75) || (c == 0x72 && (at(p, s + 1) | 0x20) == 0x65 && (at(p, s + 2) | 0x20) == 0x6c); // build, release
}

// Candidate tokens in text (prose in a JSON string, a text body), plus digit groups joined by single spaces
// (cards written "4111 1111 …"). Findings at the token's bytes when `mapped` (the text is the raw body at
// `base`), else at the whole raw value [base, base+rawLen) (escaped text: masking all of it is the safe side).
// The location is the JSON path at `depth` when `jp` != 0, else `textLocation`. Returns findings made.
let textLocation: string = "body";
let presetLocLen: i32 = -1;
function scanTokens(p: usize, n: i32, hint: KeyHint, f: Findings, base: i32, rawLen: i32, mapped: bool, jp: usize, depth: i32): i32 {
  let i = 0;
  let made = 0;
  // Words that name the value after them: password and birth words anywhere (looked for once, 16 bytes at
  // a time), names followed by ':' or '=' (secret names: api_key=, AWS_SECRET_ACCESS_KEY=) per token.
  const words = hasKeywordHint(p, n, false);
  let intlRunEnd = 0; // the end of the last run read for an address beyond ASCII
  while (i < n) {
    while (i < n && !tokenChar(at(p, i)) && !areaCodeAt(p, i, n)) i++;
    const start = i;
    let colonAt = -1; // the token's first ':' (labels: mailto:, ip:)
    let letters = true;
    while (i < n) {
      const c = at(p, i);
      if (!tokenChar(c)) break;
      if (c == 0x3a && colonAt < 0) colonAt = i;
      letters = letters && (c | 0x20) - 0x61 < 26;
      i++;
    }
    let end = i;
    const c0 = start < n ? at(p, start) : 0;
    // A password hash ($2b$12$…, $6$salt$…: a shadow file's line, a user record) starts with '$', which ends
    // tokens: read from the '$' before this one.
    if (start > 0 && at(p, start - 1) == 0x24 && n - start >= 25) {
      const hashLen = passwordHashLength(p + <usize>(start - 1), n - start + 1);
      if (hashLen > 0) {
        made++;
        emitToken(PiiType.Password, p, start - 1, hashLen, f, base, rawLen, mapped, jp, depth);
        i = start - 1 + hashLen;
        continue;
      }
    }
    // HTTP Basic credentials written out ("Authorization: Basic dXNlcjpw…" in a log line or a curl command) and a
    // Docker config's "auth" value: base64 of user:password; the encoded pair is the finding, a password (a
    // secret when the password has a token's format).
    if (end - start >= 8 && basicCredentialBefore(p, start)) {
      const e = base64TokenEnd(p, end, n);
      const type = basicCredentialType(p, start, e);
      if (type != PiiType.None) {
        made++;
        emitToken(type, p, start, e - start, f, base, rawLen, mapped, jp, depth);
        i = e;
        continue;
      }
    }
    // A bearer credential written out ("Authorization: Bearer …" in a log line, a curl command, an echoed
    // request's headers; Okta's SSWS, "token …"): key material after the scheme is a secret whatever its format.
    // (A JWT is read as one below; "eyJ…" alone is a JWT header cut short in documentation, not key material.)
    if (end - start >= 16 && !(c0 == 0x65 && at(p, start + 1) == 0x79 && at(p, start + 2) == 0x4a) && bearerSchemeBefore(p, start)) {
      const e = base64TokenEnd(p, end, n);
      if (isSecret(p + <usize>start, e - start) || isKeyedSecret(p + <usize>start, e - start)) {
        made++;
        emitToken(PiiType.Secret, p, start, e - start, f, base, rawLen, mapped, jp, depth);
        i = e;
        continue;
      }
    }
    // Credentials in a URL (scheme://user:password@host, a connection string; https://ghp_…@github.com): the
    // password, or a token used as the user name, is the finding; the host is read after it.
    if (start >= 2 && at(p, start - 1) == 0x2f && at(p, start - 2) == 0x2f && end - start >= 3) {
      const atSign = urlCredentialAt(p, start, end);
      if (atSign > 0) {
        made++;
        emitToken(credType, p, credStart, atSign - credStart, f, base, rawLen, mapped, jp, depth);
        i = atSign + 1;
        continue;
      }
    }
    // A password after another language's word for it and ':' or '=' ("Kennwort: x", "senha=x", "пароль: x", "密码：x").
    if (start > 1 && hint == KeyHint.None && (at(p, start - 1) == 0x3a || at(p, start - 2) == 0x3a || at(p, start - 1) == 0x3d ||
        at(p, start - 2) == 0x3d || at(p, start - 1) == 0x9a)) {
      const sep = foreignPasswordLabelBefore(p, start);
      if (sep >= 0) {
        kwNeedsSep = false; kwPwd = false; kwPhrase = false;
        // (from the ':' or '=', which valueAfterKeyword reads as the separator; after the fullwidth colon the value is
        // read as after a word: 6+ bytes with a digit or symbol)
        const q = at(p, sep) == 0xef ? sep + 3 : sep;
        const vs = valueAfterKeyword(p, q, q, n, PiiType.Password);
        if (vs >= 0) {
          made++;
          emitToken(PiiType.Password, p, vs, kwValueEnd - vs, f, base, rawLen, mapped, jp, depth);
          i = kwValueEnd > i ? kwValueEnd : i;
          continue;
        }
      }
    }
    // A name written as a Ruby symbol or a command-line flag (:password => '…', --password=…, -Password …):
    // the word after the ':' or dashes.
    let ks = start;
    if ((c0 == 0x3a || c0 == 0x2d) && end - start >= 4) { ks++; if (at(p, ks) == 0x2d && c0 == 0x2d) ks++; }
    if (end - ks >= 3 && (at(p, ks) | 0x20) - 0x61 < 26 &&
        (words || at(p, end - 1) == 0x3a || (end < n && at(p, end) == 0x3d) || (end + 1 < n && at(p, end) == 0x20 && (at(p, end + 1) == 0x3d || at(p, end + 1) == 0x3a)) ||
         quotedNameAt(p, end, n))) {
      // "password: hunter2", "my password is hunter2", "DOB: 17 Jan 1956", "born on 1990-01-02": the word names
      // the value after it, as a field name does.
      const kw = keywordIn(p, ks, end);
      if (kw != PiiType.None) {
        const vs = valueAfterKeyword(p, kwEnd, end, n, kw);
        if (vs >= 0) {
          made++;
          emitToken(kw, p, vs, kwValueEnd - vs, f, base, rawLen, mapped, jp, depth);
          i = kwValueEnd > i ? kwValueEnd : i;
          continue;
        }
      }
    }
    // A word of letters alone, shorter than any secret or IBAN and with no field name to claim it, is none
    // of the types (no digit, '@', ':' or '.'): most words of prose end here.
    if (letters && end > start && end - start < 15 && hint == KeyHint.None && !(c0 == 0x68 && end - start == 6)) { i = end > i ? end : i; continue; }
    if ((c0 == 0x2b && end - start >= 2 && at(p, start + 1) - 0x30 < 10) || c0 == 0x28) {
      // Phones written in groups: "+1 (415) 555-2671", "+44 20 7946 0958", "(212) 555-1234".
      end = phoneEnd(p, start, n);
    } else if (end - start == 4 && isUpper(c0) && isUpper(at(p, start + 1)) && at(p, start + 2) - 0x30 < 10 && at(p, start + 3) - 0x30 < 10) {
      // IBAN written in groups of four: "GB82 WEST 1234 5698 7654 32".
      end = ibanGroupsEnd(p, end, n);
    } else if (end - start == 1 && c0 - 0x30 < 10 && end + 1 < n && at(p, end) == 0x20 && areaCodeAt(p, end + 1, n) && phoneWordBefore(p, start)) {
      // A trunk prefix before the area code, after a phone word: "Tel. 8 (959) 689-47-58". (Without the word the
      // number is read from the parenthesis: "1 (415) 555-2671".)
      end = phoneEnd(p, start, n);
    } else if (end > start && at(p, end - 1) - 0x30 < 10) {
      // Extend digit groups across single spaces: "4111 1111 1111 1111".
      while (end + 1 < n && at(p, end) == 0x20 && at(p, end + 1) - 0x30 < 10) {
        let k = end + 1;
        while (k < n && (at(p, k) - 0x30 < 10 || at(p, k) == 0x2d)) k++;
        end = k;
      }
      // Groups of two numbers written one after the other ("4111 1111 1111 1111 5500 0000 0000 0004") are
      // more digits than any card: read the longest leading groups that are PII, the rest as the next token.
      if (end > i && digitsIn(p, start, end) > 19) end = leadingGroupsEnd(p, start, end, hint);
    } else if (c0 == 0x2d && end - start == 10 && containsAscii(p + <usize>start, 10, "-----begin")) {
      // A PEM block in prose spans lines and spaces: read it to its END line.
      end = pemEnd(p, start, end, n);
    } else if (c0 == 0x68 && (end - start == 6 || end - start == 5 || end - start == 15) && end < n && at(p, end) == 0x2f) {
      // A Slack or Teams webhook URL in prose ("/" ends a token): https://hooks.slack.com/services/…,
      // hooks.slack.com/…, https://….webhook.office.com/webhookb2/….
      // (The byte after "//" is read first: most URLs are not webhooks.)
      let w = end - start == 15 || (end + 2 < n && at(p, end + 2) == 0x68) ? slackWebhookLength(p + <usize>start, n - start) : 0;
      if (w == 0 && end - start == 6 && n - start >= 140) w = teamsWebhookLength(p + <usize>start, n - start);
      if (w > 0) end = start + w;
    } else if ((c0 == 0x41 || c0 == 0x62 || c0 == 0x4c) && end < n && (at(p, end) == 0x2f || at(p, end) == 0x3d) && end - start >= 14 &&
               (startsWithAt(p, start, "ABSK") || startsWithAt(p, start, "bedrock-api-key-") || startsWithAt(p, start, "LS0tLS1CRUdJTi"))) {
      // Amazon Bedrock API keys and base64-encoded PEM keys are base64: '/' and '=' would end the token.
      end = base64TokenEnd(p, end, n);
    }
    // An address with letters beyond ASCII (josé@example.com, 用户@例子.广告): UTF-8 bytes end tokens (a phone after
    // Chinese words, "电话13812345678", stays a token of its own), so a run of token and non-ASCII bytes around
    // the token is read as one for an address, once per run.
    if (start >= intlRunEnd && ((end < n && at(p, end) >= 0x80) || (start > 0 && at(p, start - 1) >= 0x80))) {
      let rs = start, re = end;
      while (rs > 0 && (tokenChar(at(p, rs - 1)) || at(p, rs - 1) >= 0x80)) rs--;
      while (re < n && (tokenChar(at(p, re)) || at(p, re) >= 0x80)) re++;
      intlRunEnd = re;
      let rl = re - rs;
      while (rl > 1 && at(p, rs + rl - 1) == 0x2e) rl--;
      if (containsByte(p + <usize>rs, rl, 0x40) && isEmail(p + <usize>rs, rl)) {
        made++;
        emitToken(PiiType.Email, p, rs, rl, f, base, rawLen, mapped, jp, depth);
        i = re;
        continue;
      }
    }
    let len = end - start;
    // Trailing sentence punctuation is not part of the value (a dash only after digits: "555-1234 - thanks";
    // tokens such as glpat-…- end in one).
    while (len > 1 && (at(p, start + len - 1) == 0x2e || (at(p, start + len - 1) == 0x3a && at(p, start + len - 2) != 0x3a) ||
           (at(p, start + len - 1) == 0x2d && c0 - 0x30 < 10))) len--;
    // An address with a port ("10.0.0.7:443"): the address.
    if (c0 - 0x30 < 10 && len >= 9) len = withoutPort(p, start, len);
    // A date after another language's words for a date of birth (the English ones are keywords, above):
    // "Geburtsdatum: 10.02.1976", "né le 10 février 1976" is read when the month is English-like ("10 Februar 1976").
    // (The date is looked for first: most numbers in prose are none, and the words are then not read. A date
    // of one token, 06.08.1987, is judged with the other number words below.)
    let dobWord = false;
    if (len <= 4 && hint == KeyHint.None && c0 - 0x30 < 10 && end + 1 < n && (at(p, end) == 0x2f || (len <= 2 && at(p, end) == 0x20))) {
      let we = -1;
      if (at(p, end) == 0x20) we = wordDateEnd(p, start, n);
      else { // '/' ends tokens: 10/02/1976
        let k = end;
        while (k < n && k - start < 10 && (at(p, k) - 0x30 < 10 || at(p, k) == 0x2f)) k++;
        if (isDateLike(p + <usize>start, k - start)) we = k;
      }
      if (we > start && dobWordBefore(p, start)) { len = we - start; end = we; dobWord = true; }
    }
    if (len >= 6) {
      // A national number ("(212) 555-1234", "212-555-1234") is a phone when a word before it says so, and
      // an SSN written with spaces or dots ("078 05 1120") when "SSN" or "social security" comes before it.
      let h = versionBefore(p, start) ? KeyHint.NotPii : dobWord ? KeyHint.Dob : hint;
      if (h == KeyHint.None && (c0 == 0x28 || c0 - 0x30 < 10)) {
        if (len <= 11 && c0 != 0x28 && ssnWordBefore(p, start)) h = KeyHint.Ssn;
        else if (len >= 12 && c0 != 0x28 && cardShaped(p, start, start + len) && cardWordBefore(p, start)) h = KeyHint.Card;
        else if (phoneWordBefore(p, start) || phoneWordAfter(p, start + len, n)) h = KeyHint.Phone;
        else if (c0 != 0x28 && isDateLike(p + <usize>start, len) && dobWordBefore(p, start)) h = KeyHint.Dob;
      }
      if (h == KeyHint.Phone) len = withoutExtension(p, start, len);
      // Without a hint, a token that piiGate (classifyValue's precondition for a value alone) stops is none of
      // the types: words of prose, host and file names skip the detectors.
      const type = h != KeyHint.None || tokenMayBePii(p + <usize>start, len) ? classifyValue(p + <usize>start, len, h, false) : PiiType.None;
      if (type != PiiType.None) {
        made++;
        emitToken(type, p, start, len, f, base, rawLen, mapped, jp, depth);
      } else if (colonAt > start && isUpperOrLower(c0)) {
        // A key id and its secret joined by a colon (AKIA…:wJalr…, id:secret pairs as tools print them): the
        // key id is a token of its own, the rest is read after it.
        if (colonAt - start >= 18 && isSecret(p + <usize>start, colonAt - start)) {
          made++;
          emitToken(PiiType.Secret, p, start, colonAt - start, f, base, rawLen, mapped, jp, depth);
          i = colonAt + 1;
          continue;
        }
        // A label and a colon before the value: mailto:a@b.com, tel:+1…, ip:10.0.0.1, ssn:078-05-1120. The
        // value is read again as a token of its own.
        const colon = labelColon(p, start, start + len);
        if (colon > 0) { i = colon + 1; continue; }
      }
      // A base64 token that decodes to text with PII (an encoded env file, config or user:password in a log
      // line or a message): the whole token is the finding, as for a JSON value that is base64 text.
      if (type == PiiType.None && !inEncodedText && len >= 20 && mayBeBase64Text(p + <usize>start)) {
        const be = base64TokenEnd(p, end, n);
        const found = encodedTokenPii(f, p, start, be, base, rawLen, mapped, jp, depth, hint);
        if (found > 0) { made += found; i = be; continue; }
      }
    } else if (len >= 3 && (c0 == 0x3a || at(p, start + 1) == 0x3a || at(p, start + 2) == 0x3a) && isIpv6(p + <usize>start, len)) {
      made++; // ::1, fe80::1
      emitToken(PiiType.Ipv6, p, start, len, f, base, rawLen, mapped, jp, depth);
    }
    i = end > i ? end : i;
  }
  return made;
}

// Base64 of printable text starts each group of 4 characters with one below 32 (A-Z, a-f: the byte it begins
// is below 0x80): the 1st and 5th characters are tested before the decoder is called (UUIDs, hex ids and
// hashes fail here).
@inline function mayBeBase64Text(vp: usize): bool {
  const a = <u32>load<u8>(vp), b = <u32>load<u8>(vp, 4);
  return (a - 0x41 < 26 || a - 0x61 < 6) && (b - 0x41 < 26 || b - 0x61 < 6);
}

// PII in a base64 value's decoded text (at most its first 1 KiB): a token of a known format, or PII inside
// the text (an env file, JSON, "user:password@host"). Findings cover the whole encoded value. Returns the
// findings made. Values that are not encoded text (ids, hashes, random tokens) fail within a few bytes.
const DECODED_CAP: i32 = 1024;
const decodedBuf = memory.data(1024);
function encodedPii(f: Findings, p: usize, depth: i32, start: i32, len: i32, vp: usize, vn: i32, hint: KeyHint): i32 {
  return decodedTextPii(f, base64TextInto(vp, vn, decodedBuf, DECODED_CAP), start, len, p, depth, hint);
}
// The same for a base64 token [s, e) inside text (p, n): located at the token when the text's positions are
// the raw value's (`mapped`), else at the whole value [base, base + rawLen).
function encodedTokenPii(f: Findings, p: usize, s: i32, e: i32, base: i32, rawLen: i32, mapped: bool, jp: usize, depth: i32, hint: KeyHint): i32 {
  return decodedTextPii(f, base64TextInto(p + <usize>s, e - s, decodedBuf, DECODED_CAP), mapped ? base + s : base, mapped ? e - s : rawLen, jp, depth, hint);
}
// PII in the decoded text (decodedBuf, dn), each finding at [start, start + len). Decoded once: a base64 token
// inside the decoded text is not decoded again (the buffer is in use).
let inEncodedText = false;
function decodedTextPii(f: Findings, dn: i32, start: i32, len: i32, jp: usize, depth: i32, hint: KeyHint): i32 {
  if (dn < 16) return 0;
  classify(decodedBuf, dn);
  const type = piiGate(decodedBuf, dn, valueMask, valueDigits) ? classifyValue(decodedBuf, dn, hint, false) : PiiType.None;
  if (type != PiiType.None) {
    emitToken(type, decodedBuf, 0, dn, f, start, len, false, jp, depth);
    return 1;
  }
  inEncodedText = true;
  const made = scanTokens(decodedBuf, dn, hint, f, start, len, false, jp, depth);
  inEncodedText = false;
  return made;
}

// A URL's password that only stands for one (documentation: user:pass@, username:password@, foo:bar@,
// user:${PASSWORD}@, user:<password>@, user:****@). Templates' punctuation ends the token before the '@', so
// only the words and masks are listed.
const PLACEHOLDER_PASSWORDS: StaticArray<string> = ["pass", "password", "passwd", "pwd", "pw", "secret", "bar", "xyz", "changeme", "xxx", "xxxx", "your_password", "yourpassword",
  "my-password", "my_password", "mypassword", "your-password"];
function placeholderPassword(p: usize, s: i32, e: i32): bool {
  const n = e - s;
  let same = true;
  for (let k = s + 1; k < e; k++) if (at(p, k) != at(p, s)) { same = false; break; }
  if (same) return true; // "****", "xxxxxxxx"
  for (let k = 0; k < PLACEHOLDER_PASSWORDS.length; k++) if (foldedNameIs(p + <usize>s, n, unchecked(PLACEHOLDER_PASSWORDS[k]))) return true;
  return false;
}

// A token that is base64 goes on past '/' and '=', which end other tokens: its end from `end`.
function base64TokenEnd(p: usize, end: i32, n: i32): i32 {
  while (end < n && (tokenChar(at(p, end)) || at(p, end) == 0x2f || at(p, end) == 0x3d)) end++;
  return end;
}
// Whether the token at s follows "Basic " (an Authorization header written out) or "auth": " (a Docker
// config.json, whose auth values are base64 of user:password).
function basicCredentialBefore(p: usize, s: i32): bool {
  if (s >= 6 && at(p, s - 1) == 0x20 && endsWithFolded(p, s - 1, "basic") && (s == 6 || !isUpperOrLower(at(p, s - 7)))) return true;
  let k = s - 1;
  if (k < 0 || at(p, k) != 0x22) return false;
  k--;
  if (k >= 0 && at(p, k) == 0x20) k--;
  if (k < 0 || at(p, k) != 0x3a) return false;
  k--;
  return k >= 5 && at(p, k) == 0x22 && at(p, k - 5) == 0x22 && endsWithFolded(p, k, "auth");
}
// Whether the token at s follows an Authorization scheme that carries a credential as it is: "Bearer ",
// Okta's "SSWS ", and "Token " right after "Authorization:" (GitHub's and others' form); the scheme starts the
// text or follows a blank, ':' or a quote.
function bearerSchemeBefore(p: usize, s: i32): bool {
  if (s < 6 || at(p, s - 1) != 0x20) return false;
  let w = s - 1;
  while (w > 0 && isUpperOrLower(at(p, w - 1))) w--;
  const n = s - 1 - w;
  if (!(w == 0 || at(p, w - 1) == 0x20 || at(p, w - 1) == 0x3a || at(p, w - 1) == 0x22 || at(p, w - 1) == 0x27)) return false;
  if (n == 6 && foldedNameIs(p + <usize>w, 6, "bearer")) return true;
  if (n == 4 && foldedNameIs(p + <usize>w, 4, "ssws")) return true;
  if (n != 5 || !foldedNameIs(p + <usize>w, 5, "token")) return false;
  let k = w - 1;
  while (k > 0 && at(p, k) == 0x20) k--;
  return k >= 13 && at(p, k) == 0x3a && endsWithFolded(p, k, "authorization");
}
// The type of a base64 user:password pair at [s, e): Password, Secret (the password has a token's format), or
// None when it does not decode to such a pair.
const credBuf = memory.data(256);
function basicCredentialType(p: usize, s: i32, e: i32): PiiType {
  return credentialPairType(credBuf, base64TextInto(p + <usize>s, e - s, credBuf, 256));
}
// The type of decoded text (d, dn) as a user:password pair: Password, Secret (the password has a token's
// format), or None when it is not one.
function credentialPairType(d: usize, dn: i32): PiiType {
  if (dn < 3) return PiiType.None;
  let colon = -1;
  for (let k = 0; k < dn; k++) { const c = <u32>load<u8>(d + <usize>k); if (c == 0x3a) { colon = k; break; } if (c < 0x21) return PiiType.None; }
  if (colon < 0 || colon + 1 >= dn || placeholderPassword(d, colon + 1, dn)) return PiiType.None; // Zm9vOmJhcg== is foo:bar
  for (let k = colon + 1; k < dn; k++) if (<u32>load<u8>(d + <usize>k) < 0x20) return PiiType.None;
  return isSecret(d + <usize>(colon + 1), dn - colon - 1) ? PiiType.Secret : PiiType.Password;
}
// A JSON value named "auth" (a Docker config.json's registry entry, also base64-encoded inside a Kubernetes
// Secret's .dockerconfigjson) holding base64 of user:password: the type of the pair, or None.
function authValueType(p: usize, depth: i32, vp: usize, vn: i32): PiiType {
  const kn = keyLenAtLevel(depth);
  if (kn < 4 || kn > 32 || !endsWithFolded(keyPtrAt(depth, p), kn, "auth")) return PiiType.None;
  return credentialPairType(credBuf, base64TextInto(vp, vn, credBuf, 256));
}

// The userinfo of a URL token [s, e) that holds a credential: the index of its '@', with credStart and
// credType set (the password after the first ':', a Password or a Secret when it has a secret's format; or
// the whole user name when that is a secret); -1 when none ("git@github.com", "user@host" with no password).
let credStart: i32 = 0;
let credType: PiiType = PiiType.Password;
function urlCredentialAt(p: usize, s: i32, e: i32): i32 {
  let atSign = -1, colon = -1;
  for (let k = s; k < e; k++) {
    const c = at(p, k);
    if (c == 0x40) { atSign = k; break; }
    if (c == 0x3a && colon < 0) colon = k;
  }
  if (atSign <= s || atSign + 1 >= e) return -1;
  if (colon >= 0) {
    if (atSign - colon - 1 < 1 || placeholderPassword(p, colon + 1, atSign)) return -1;
    credStart = colon + 1;
    credType = isSecret(p + <usize>credStart, atSign - credStart) ? PiiType.Secret : PiiType.Password;
    return atSign;
  }
  if (atSign - s >= 18 && isSecret(p + <usize>s, atSign - s)) { credStart = s; credType = PiiType.Secret; return atSign; }
  return -1;
}

// A quoted name before a colon (JSON or YAML read as text: "client_secret": "…", 'api_key': …).
@inline function quotedNameAt(p: usize, end: i32, n: i32): bool {
  if (end + 1 >= n) return false;
  const q = at(p, end);
  return (q == 0x22 || q == 0x27) && (at(p, end + 1) == 0x3a || (end + 2 < n && at(p, end + 1) == 0x20 && at(p, end + 2) == 0x3a));
}

function tokenMayBePii(p: usize, n: i32): bool {
  let mask: u32 = 0, digits = 0;
  for (let i = 0; i < n; i++) {
    const cls = <u32>load<u8>(BYTE_CLASS + <usize>load<u8>(p + <usize>i));
    mask |= cls; digits += <i32>(cls & C_DIGIT);
  }
  return piiGate(p, n, mask, digits);
}

// One finding in text: at the token's bytes when `mapped`, else at the whole raw value (see scanTokens).
function emitToken(type: PiiType, p: usize, start: i32, len: i32, f: Findings, base: i32, rawLen: i32, mapped: bool, jp: usize, depth: i32): void {
  if (f.full) { f.addOverflow(type, AttackClass.None, mapped ? base + start : base, mapped ? len : rawLen); return; }
  let ll: i32;
  if (presetLocLen >= 0) ll = presetLocLen; // written to locBuf by the caller (form.NAME)
  else if (jp != 0) ll = location(jp, depth);
  else if (locPrefixLen > 0 || prefixPending) ll = beginLocation(); // text nested in a part: located at the part
  else ll = <i32>String.UTF8.encodeUnsafe(changetype<usize>(textLocation), textLocation.length, locBuf);
  f.addPii(type, mapped ? base + start : base, mapped ? len : rawLen, locBuf, ll, p + <usize>start, len);
}

@inline function startsWithAt(p: usize, i: i32, s: string): bool {
  for (let k = 0; k < s.length; k++) if (at(p, i + k) != <u32>s.charCodeAt(k)) return false;
  return true;
}
@inline function isUrlPathByte(c: u32): bool { return (c - 0x30 < 10) || ((c | 0x20) - 0x61 < 26) || c == 0x2f || c == 0x5f || c == 0x2d; }

// "10.0.0.7:443" -> the length of "10.0.0.7" (a colon followed by 1-5 digits to the end); else len.
function withoutPort(p: usize, start: i32, len: i32): i32 {
  let colon = -1;
  for (let k = start; k < start + len; k++) {
    const c = at(p, k);
    if (c == 0x3a) { if (colon >= 0) return len; colon = k; }
    else if (colon >= 0 && c - 0x30 >= 10) return len;
  }
  if (colon < 0 || start + len - colon - 1 < 1 || start + len - colon - 1 > 5) return len;
  return colon - start;
}

// The END line of a PEM block whose "-----BEGIN" is at [start, end): the end of its closing dashes, or `end`.
function pemEnd(p: usize, start: i32, end: i32, n: i32): i32 {
  const limit = n - start > 65536 ? start + 65536 : n;
  for (let k = end; k + 8 <= limit; k++) {
    if (at(p, k) == 0x2d && at(p, k + 5) == 0x45 && startsWithAt(p, k, "-----END")) {
      let e = k + 8;
      while (e < limit && at(p, e) != 0x2d && at(p, e) != 0x0a) e++;
      while (e < limit && at(p, e) == 0x2d) e++;
      return e;
    }
  }
  return end;
}

// ---- words that name the value after them (prose) ----

// Whether the letters [ws, we) end in "Password", "Passwd" or "Pwd" as a camelCase word (an upper-case P after a
// lower-case letter: AdminPassword, PfxPassword, dbPwd); not a word merely ending so ("Superpassword").
function passwordTail(p: usize, ws: i32, we: i32): bool {
  for (let k = 0; k < 3; k++) {
    const t = k == 0 ? "password" : k == 1 ? "passwd" : "pwd";
    const m = t.length;
    if (we - ws <= m || !endsWithFolded(p, we, t)) continue;
    const b = we - m;
    return at(p, b) == 0x50 && at(p, b - 1) - 0x61 < 26;
  }
  return false;
}

// Where the keyword ends (keywordIn) and where its value ends (valueAfterKeyword).
let kwEnd: i32 = 0;
let kwValueEnd: i32 = 0;
let kwPwd: bool = false; // the keyword was "pwd", also the shell's working directory (PWD=/home/alice)
let kwPhrase: bool = false; // the keyword was "passphrase": the value runs over several words
let kwNeedsSep: bool = false; // the keyword ends a longer name (AdminPassword, DB_PASS): a ':' or '=' must follow
// The last word of the token [s, e) before any ':' (db_password:, user.pwd, DOB:): PiiType.Password for
// password words, PiiType.Dob for birth words, else PiiType.None. kwEnd: the end of the word.
function keywordIn(p: usize, s: i32, e: i32): PiiType {
  let we = s;
  while (we < e && at(p, we) != 0x3a) we++;
  let ws = we;
  while (ws > s && ((at(p, ws - 1) | 0x20) - 0x61 < 26)) ws--;
  const n = we - ws;
  kwEnd = we;
  kwPwd = false;
  kwPhrase = false;
  kwNeedsSep = false;
  // D.O.B.
  if (we - s >= 5 && we - s <= 6 && containsAscii(p + <usize>s, 5, "d.o.b")) return PiiType.Dob;
  // AWS_SECRET_ACCESS_KEY=…, client_secret: …, api_key=…, auth_token: …, npmToken: … (named as a field name
  // would be: the last word, or its camelCase tail, is key, secret or token).
  if (n >= 3 && we - s <= 64 && (endsWithFolded(p, we, "key") || endsWithFolded(p, we, "secret") || endsWithFolded(p, we, "token")) &&
      keyHint(p + <usize>s, we - s) == KeyHint.Secret) return PiiType.Secret;
  // A password word ending a longer name: camelCase (AdminPassword, dbPwd) or an identifier's last part
  // (DB_PASS, REACT_APP_AUTH_PASS).
  // Named so, the value must follow a ':' or '=' (nginx's proxy_pass names an upstream; a call is no value).
  if (n > 4 && passwordTail(p, ws, we)) { kwNeedsSep = true; return PiiType.Password; }
  if (n == 4 && ws > s && at(p, ws - 1) == 0x5f && containsAscii(p + <usize>ws, 4, "pass")) { kwNeedsSep = true; return PiiType.Password; }
  if (n < 3 || n > 10) return PiiType.None;
  const c = at(p, ws) | 0x20;
  const w = p + <usize>ws;
  if (c == 0x70) {
    if (n == 8 && containsAscii(w, 8, "password")) return PiiType.Password;
    if (n == 6 && containsAscii(w, 6, "passwd")) return PiiType.Password;
    if (n == 3 && containsAscii(w, 3, "pwd")) { kwPwd = true; return PiiType.Password; }
    if (n == 10 && containsAscii(w, 10, "passphrase")) { kwPhrase = true; return PiiType.Password; }
    if (n == 8 && containsAscii(w, 8, "passcode")) return PiiType.Password;
    if (n == 8 && containsAscii(w, 8, "passwort")) return PiiType.Password;
  } else if (c == 0x64) {
    if (n == 3 && containsAscii(w, 3, "dob")) return PiiType.Dob;
  } else if (c == 0x62) {
    if ((n == 5 && containsAscii(w, 5, "birth")) || (n == 8 && containsAscii(w, 8, "birthday")) || (n == 9 && containsAscii(w, 9, "birthdate")) ||
        (n == 4 && containsAscii(w, 4, "born"))) return PiiType.Dob;
  }
  return PiiType.None;
}

// Whether another language's word for the password (pii.ts PASSWORD_WORDS, the field names' list) comes in the
// 16 bytes before the ':', '=' or fullwidth '：' that precedes `start` ("Kennwort: x", "senha=x", "mot de passe : x",
// "пароль: x", "密码：x"): the English labels are keywords (keywordIn); letters beyond ASCII end tokens, so these
// labels are read back from the value. Returns the separator's index, or -1.
function foreignPasswordLabelBefore(p: usize, start: i32): i32 {
  let k = start;
  while (k > 0 && at(p, k - 1) == 0x20) k--;
  let sep = -1;
  if (k > 0 && (at(p, k - 1) == 0x3a || at(p, k - 1) == 0x3d)) sep = k - 1;
  else if (k >= 3 && at(p, k - 3) == 0xef && at(p, k - 2) == 0xbc && at(p, k - 1) == 0x9a) sep = k - 3; // fullwidth '：'
  if (sep < 1) return -1;
  let e = sep;
  while (e > 0 && at(p, e - 1) == 0x20) e--;
  if (e < 2) return -1;
  const from = e > 16 ? e - 16 : 0;
  return PASSWORD_WORDS.in(p + <usize>from, e - from) ? sep : -1;
}

// Words after a password word that say something about the password instead of giving it.
const NOT_PASSWORDS =
  "incorrect|invalid|wrong|required|too|not|at|least|min|minimum|expired|missing|empty|weak|strong|the|a|an" +
  "|reset|changed|updated|must|should|will|has|and|or|for|field|policy|hint|manager|here|below|above|sent" +
  "|same|different|protected|length|strength|null|none|n/a|your|my|of|to|please|set|saved|stored|hidden" +
  "|change|was|is|in|on|with|reset.|expires|redacted|click|function|true|false|undefined|nil" +
  // (and what other languages' labels are followed by: "senha: incorreta", "Kennwort: falsch", "mot de passe : requis")
  "|falsch|vergessen|requis|invalido|invalida|incorreta|incorreto|requerida|requerido|vereist|verkeerd";
function hasDigitOrSymbol(p: usize, s: i32, e: i32): bool {
  for (let k = s; k < e; k++) { const c = at(p, k); if (c - 0x30 < 10 || (c < 0x80 && !isUpperOrLower(c))) return true; }
  return false;
}
function notAPassword(p: usize, s: i32, e: i32): bool {
  if (codeReference(p, s, e) || placeholderPassword(p, s, e)) return true;
  // A call's arguments (setPassword(user, …)), a wildcard or mask (userPassword=*), an object identifier
  // (an LDAP matching rule: userPassword:2.5.13.18:=…).
  if (e <= s) return true;
  const c = at(p, s);
  if (c == 0x28 || c == 0x2a || oidAt(p, s, e)) return true;
  let stars = true;
  for (let k = s; k < e; k++) if (at(p, k) != 0x2a && at(p, k) != 0x78 && at(p, k) != 0x58) { stars = false; break; } // ****, xxxx
  if (stars) return true;
  const n = e - s;
  if (n > 9) return false;
  return inWordList(NOT_PASSWORDS, p + <usize>s, n);
}

// Digits joined by dots (three or more parts), then the end or ':'.
function oidAt(p: usize, s: i32, e: i32): bool {
  let k = s, dots = 0;
  while (k < e && (isDigitByte(at(p, k)) || at(p, k) == 0x2e)) { if (at(p, k) == 0x2e) dots++; k++; }
  return dots >= 2 && isDigitByte(at(p, s)) && (k == e || at(p, k) == 0x3a);
}
@inline function isDigitByte(c: u32): bool { return c - 0x30 < 10; }
// A value that is code naming a password rather than one: a dotted reference with no digit (self.password,
// req.body.pwd, process.env.DB_PASS) or a call (getenv("DB_PASSWORD"), input(), prompt()).
function codeReference(p: usize, s: i32, e: i32): bool {
  let k = s, dot = false;
  while (k < e && (isUpperOrLower(at(p, k)) || at(p, k) == 0x5f || at(p, k) == 0x2e || at(p, k) == 0x24)) { if (at(p, k) == 0x2e) dot = true; k++; }
  if (k == s || !isUpperOrLower(at(p, s))) return false;
  if (k < e && at(p, k) == 0x28) return true;
  return dot && k == e && at(p, e - 1) != 0x2e;
}

// The value a keyword names, from the keyword's end `q` (token ends at `te`): its start, and its end in
// kwValueEnd; -1 when there is none. A password needs ':', '=' or "is" between ("password: x", "password=x",
// "my password is x"); a date of birth needs only to be a date ("born on 17 Jan 1956", "DOB 1990-01-02").
function valueAfterKeyword(p: usize, q: i32, te: i32, n: i32, kw: PiiType): i32 {
  let sep = false;
  // A quoted keyword ("password":"hunter2", 'pwd' = 'x', JSON read as text): its closing quote is not the value.
  // Quoted and followed by no separator, it is the word mentioned ('the "password" field'), or a path's end
  // (<!ENTITY x SYSTEM "file:///etc/passwd" >).
  let quoted = false;
  if (q + 1 < n && (at(p, q) == 0x22 || at(p, q) == 0x27) && (at(p, q + 1) == 0x3a || at(p, q + 1) == 0x3d || at(p, q + 1) == 0x20)) { q++; quoted = true; }
  if (q < te && at(p, q) == 0x3a) { sep = true; q++; }
  if (q < te) { if (kw != PiiType.Password && kw != PiiType.Secret) return -1; } // "password:hunter2" in one token
  else {
    while (q < n && (at(p, q) == 0x20 || at(p, q) == 0x09)) q++;
    if (q < n && (at(p, q) == 0x3a || at(p, q) == 0x3d)) {
      sep = true; q++;
      if (q < n && at(p, q) == 0x3e && at(p, q - 1) == 0x3d) q++; // => (Ruby, Perl, PHP)
      while (q < n && at(p, q) == 0x20) q++;
    }
    // "is", "was", "on" (born on), "of" is not here (date of birth: the keyword is "birth").
    if (!sep && q + 2 < n) {
      const a = at(p, q) | 0x20, b = at(p, q + 1) | 0x20;
      let w = 0;
      if ((a == 0x69 && b == 0x73) || (a == 0x6f && b == 0x6e)) w = 2; // is, on
      else if (q + 3 < n && a == 0x77 && b == 0x61 && (at(p, q + 2) | 0x20) == 0x73) w = 3; // was
      if (w > 0 && (at(p, q + w) == 0x20 || at(p, q + w) == 0x3a)) {
        sep = true; q += w;
        while (q < n && (at(p, q) == 0x20 || at(p, q) == 0x3a)) q++;
      }
    }
  }
  if (q >= n || ((quoted || kwNeedsSep) && !sep)) return -1;
  if (kw == PiiType.Secret) {
    if (!sep) return -1;
    if (at(p, q) == 0x22 || at(p, q) == 0x27) q++; // a quoted value: its inside
    let e = q;
    while (e < n && e - q < 600 && at(p, e) > 0x20 && at(p, e) != 0x22 && at(p, e) != 0x27 && at(p, e) != 0x2c && at(p, e) != 0x3b) e++;
    if (e - q > 1 && at(p, e - 1) == 0x2e) e--;
    if (!isSecret(p + <usize>q, e - q) && !isKeyedSecret(p + <usize>q, e - q) && !isSymbolSecret(p + <usize>q, e - q)) return -1;
    kwValueEnd = e;
    return q;
  }
  if (kw == PiiType.Password) {
    let e = q;
    const quote = at(p, q);
    if (quote == 0x22 || quote == 0x27) { // 'quoted pass word'
      e = q + 1;
      while (e < n && e - q < 129 && at(p, e) != quote && at(p, e) != 0x0a) e++;
      if (e >= n || at(p, e) != quote || e == q + 1) return -1;
      kwValueEnd = e + 1;
      return q;
    }
    while (e < n && e - q < 128 && at(p, e) > 0x20) e++;
    // A sentence's last period or comma is not part of the password.
    if (e - q > 1 && (at(p, e - 1) == 0x2e || at(p, e - 1) == 0x2c || at(p, e - 1) == 0x3b)) e--;
    // Nor the parentheses closing an LDAP filter around it ((userPassword=x)))).
    if (!containsByte(p + <usize>q, e - q, 0x28)) while (e - q > 1 && at(p, e - 1) == 0x29) e--;
    if (e - q < 3) return -1; // "pwd=a", "password=x": no password
    if (notAPassword(p, q, e)) return -1;
    if (kwPwd && (at(p, q) == 0x2f || at(p, q) == 0x7e || (e - q > 2 && at(p, q + 1) == 0x3a && at(p, q + 2) == 0x5c))) return -1; // a path
    // With no ':', '=' or "is" between ("and pwd hunter10"), only a word that does not read as one: 6+
    // bytes with a digit or a symbol ("password reset", "password manager" name no password).
    if (!sep && (e - q < 6 || at(p, e - 1) == 0x3a || !hasDigitOrSymbol(p, q, e))) return -1; // "password policy:" is a label
    // A passphrase is words ("my passphrase is correct horse battery staple, …"): the value runs to the end of
    // the clause (a period, comma, semicolon, '!', '?', a quote or a line break; at most 128 bytes).
    if (kwPhrase && sep) {
      while (e < n && e - q < 128) {
        if (clauseEnd(at(p, e))) break;
        e++;
      }
      while (e > q && at(p, e - 1) == 0x20) e--;
    } else if (sep && !hasDigitOrSymbol(p, q, e)) e = wordPasswordEnd(p, q, e, n);
    kwValueEnd = e;
    return q;
  }
  // Date of birth: "1990-01-02", "02/01/1990", "17 Jan 1956", "July 18, 1941"; quoted after a separator
  // ("dob": "1990-01-02", JSON read as text).
  if (sep && q + 1 < n && (at(p, q) == 0x22 || at(p, q) == 0x27)) q++;
  let e = q;
  while (e < n && (tokenChar(at(p, e)) || at(p, e) == 0x2f)) e++; // 07/18/1976
  let len = e - q;
  while (len > 0 && (at(p, q + len - 1) == 0x2e || at(p, q + len - 1) == 0x3a || at(p, q + len - 1) == 0x2d)) len--;
  if (len >= 6 && isDateLike(p + <usize>q, len)) { kwValueEnd = q + len; return q; }
  const w = wordDateEnd(p, q, n);
  if (w > 0) { kwValueEnd = w; return q; }
  return -1;
}

@inline function clauseEnd(c: u32): bool {
  return c == 0x2e || c == 0x2c || c == 0x3b || c == 0x21 || c == 0x3f || c == 0x22 || c == 0x27 || c == 0x0a || c == 0x0d;
}
// Words that join a clause to the next: a password of words ends before them.
const JOINING_WORDS: StaticArray<string> = ["and", "but", "so", "then", "or", "because", "since", "which", "that", "to", "for", "if", "when", "please", "thanks", "until"];
// A password of letters after "password:", "=" or "is" may be a passphrase ("password: correct horse battery
// staple, then log in"): masking its first word would leak the rest. The words after [q, e) that are letters
// only run with it, up to clause punctuation, a joining word, or 8 words in all (over-masking the rest of a
// clause that states a password is the safe side).
function wordPasswordEnd(p: usize, q: i32, e: i32, n: i32): i32 {
  let end = e;
  for (let words = 1; words < 8 && end < n && at(p, end) == 0x20; words++) {
    const s = end + 1;
    let t = s;
    while (t < n && isUpperOrLower(at(p, t))) t++;
    if (t == s || (t < n && at(p, t) != 0x20 && !clauseEnd(at(p, t)))) break; // not a word of letters
    let joining = false;
    for (let k = 0; k < JOINING_WORDS.length; k++) {
      const w = unchecked(JOINING_WORDS[k]);
      if (w.length == t - s && containsAscii(p + <usize>s, t - s, w)) { joining = true; break; }
    }
    if (joining) break;
    end = t;
    if (t < n && clauseEnd(at(p, t))) break;
  }
  return end;
}

// "SSN", "social security" in the 24 bytes before `start`.
function ssnWordBefore(p: usize, start: i32): bool {
  const from = start > 24 ? start - 24 : 0;
  const w = p + <usize>from, n = start - from;
  for (let k = 0; k + 3 <= n; k++) {
    if ((at(w, k) | 0x20) == 0x73 && (at(w, k + 1) | 0x20) == 0x73 && (at(w, k + 2) | 0x20) == 0x6e &&
        (k == 0 || (at(w, k - 1) | 0x20) - 0x61 >= 26) && (k + 3 == n || (at(w, k + 3) | 0x20) - 0x61 >= 26)) return true;
  }
  return containsAscii(w, n, "social sec");
}

// Digits with single spaces or dashes between groups: a card's shape ("1Z999AA1…" tracking numbers are not).
function cardShaped(p: usize, s: i32, e: i32): bool {
  for (let k = s; k < e; k++) { const c = at(p, k); if (!(c - 0x30 < 10 || c == 0x20 || c == 0x2d)) return false; }
  return true;
}
// Whether the 24 bytes before a number of 12+ digits name a payment card ("my card 6304…", "credit card
// number", "card # …", "cc 5038…"): then a Luhn-valid number outside the main issuers' ranges counts too, as
// under a card field (Maestro's 12-digit numbers, JCB's old 1800/2131 ones). "SIM card" numbers (ICCIDs,
// Luhn-valid too) are excluded by their prefix 89 in isCard's caller.
function cardWordBefore(p: usize, start: i32): bool {
  const from = start > 24 ? start - 24 : 0;
  const w = p + <usize>from, n = start - from;
  if (containsAscii(w, n, "card") && !containsAscii(w, n, "sim card") && !containsAscii(w, n, "id card")) return !(at(p, start) == 0x38 && at(p, start + 1) == 0x39);
  for (let k = 0; k + 2 <= n; k++) {
    if ((at(w, k) | 0x20) == 0x63 && (at(w, k + 1) | 0x20) == 0x63 && (k == 0 || (at(w, k - 1) | 0x20) - 0x61 >= 26) && (k + 2 == n || (at(w, k + 2) | 0x20) - 0x61 >= 26)) return true;
  }
  return false;
}

// Whether a value names a password or a birth date in words (password, passwd, pwd, passphrase, birth,
// born, dob): such prose is read for the value after the word even with no digit or '@' in it. With
// `secrets`, the first bytes of a secret format count too (key material can have no digit at all: AKIA +
// 16 base32 letters, glpat-, xoxb-). With SIMD, 16 positions per step keep only the byte pairs that start
// a word (pa pw bi bo do d., and for secrets AK AS AI gh gi gl xo xa sk rk); each is then checked in full.
function hasKeywordHint(p: usize, n: i32, secrets: bool): bool {
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    while (k + 17 <= n) {
      const a = v128.load(p + <usize>k), b = v128.load(p + <usize>(k + 1));
      const la = v128.or(a, i8x16.splat(0x20)), lb = v128.or(b, i8x16.splat(0x20));
      let m = v128.or(
        v128.and(i8x16.eq(la, i8x16.splat(0x70)), v128.or(i8x16.eq(lb, i8x16.splat(0x61)), i8x16.eq(lb, i8x16.splat(0x77)))),
        v128.or(
          v128.and(i8x16.eq(la, i8x16.splat(0x62)), v128.or(i8x16.eq(lb, i8x16.splat(0x69)), i8x16.eq(lb, i8x16.splat(0x6f)))),
          v128.and(i8x16.eq(la, i8x16.splat(0x64)), v128.or(i8x16.eq(lb, i8x16.splat(0x6f)), i8x16.eq(b, i8x16.splat(0x2e))))));
      if (secrets) {
        m = v128.or(m, v128.or(
          v128.and(i8x16.eq(a, i8x16.splat(0x41)), v128.or(v128.or(i8x16.eq(b, i8x16.splat(0x4b)), i8x16.eq(b, i8x16.splat(0x42))), v128.or(i8x16.eq(b, i8x16.splat(0x53)), v128.or(i8x16.eq(b, i8x16.splat(0x49)), i8x16.eq(b, i8x16.splat(0x43)))))),
          v128.or(
            v128.and(i8x16.eq(a, i8x16.splat(0x67)), v128.or(i8x16.eq(b, i8x16.splat(0x68)), v128.or(i8x16.eq(b, i8x16.splat(0x69)), i8x16.eq(b, i8x16.splat(0x6c))))),
            v128.or(
              v128.and(i8x16.eq(a, i8x16.splat(0x78)), v128.or(i8x16.eq(b, i8x16.splat(0x6f)), i8x16.eq(b, i8x16.splat(0x61)))),
              v128.and(v128.or(i8x16.eq(a, i8x16.splat(0x73)), i8x16.eq(a, i8x16.splat(0x72))), i8x16.eq(b, i8x16.splat(0x6b)))))));
      }
      let bits = i8x16.bitmask(m);
      while (bits != 0) {
        if (keywordHintAt(p, k + ctz(bits), n, secrets)) return true;
        bits &= bits - 1;
      }
      k += 16;
    }
  }
  const first = secrets ? KEYWORD_WORD | KEYWORD_SECRET : KEYWORD_WORD;
  for (; k + 3 <= n; k++) if ((load<u8>(BODY_BYTE + <usize>at(p, k)) & first) != 0 && keywordHintAt(p, k, n, secrets)) return true;
  return false;
}
// First bytes of the words hasKeywordHint looks for (in BODY_BYTE): KEYWORD_WORD = p b d (either case), KEYWORD_SECRET = A g x s r
// (secret prefixes).
function initKeywordFirst(): void {
  const words = "pbdPBD";
  for (let i = 0; i < words.length; i++) flagByte(<u32>words.charCodeAt(i), KEYWORD_WORD);
  const secrets = "Agxsr";
  for (let i = 0; i < secrets.length; i++) flagByte(<u32>secrets.charCodeAt(i), KEYWORD_SECRET);
}
initKeywordFirst();
@inline function keywordHintAt(p: usize, k: i32, n: i32, secrets: bool): bool {
  if (k + 3 > n) return false;
  const c = at(p, k) | 0x20;
  if (c == 0x70) {
    const a = at(p, k + 1) | 0x20, b = at(p, k + 2) | 0x20;
    return (a == 0x61 && b == 0x73 && k + 3 < n && (at(p, k + 3) | 0x20) == 0x73) || (a == 0x77 && b == 0x64); // pass, pwd
  }
  if (c == 0x62) {
    const a = at(p, k + 1) | 0x20, b = at(p, k + 2) | 0x20;
    return (a == 0x69 && b == 0x72) || (a == 0x6f && b == 0x72); // bir(th), bor(n)
  }
  if (c == 0x64) return ((at(p, k + 1) | 0x20) == 0x6f && (at(p, k + 2) | 0x20) == 0x62) || (at(p, k + 1) == 0x2e && (at(p, k + 2) | 0x20) == 0x6f); // dob, d.o(.b)
  return secrets && k + 20 <= n && secretPrefixAt(p, k);
}
// The first bytes of a secret format (isSecret) at k: key material can have no digit at all
// (AKIA + 16 base32 letters, glpat-, xoxb-), so prose is read for them by name.
@inline function secretPrefixAt(p: usize, k: i32): bool {
  const c = at(p, k), a = at(p, k + 1), b = at(p, k + 2), d = at(p, k + 3);
  if (c == 0x41) return ((a == 0x4b || a == 0x53 || a == 0x42) && b == 0x49 && d == 0x41) || (a == 0x49 && b == 0x7a && d == 0x61) || // AKIA ASIA ABIA AIza
    (a == 0x43 && b == 0x43 && d == 0x41) || (a == 0x42 && b == 0x53 && d == 0x4b); // ACCA ABSK
  if (c == 0x67) return (a == 0x68 && d == 0x5f) || (a == 0x69 && b == 0x74 && d == 0x68) || (a == 0x6c && b == 0x70 && d == 0x61); // gh?_ gith(ub_pat_) glpa(t-)
  if (c == 0x78) return (a == 0x6f && b == 0x78) || (a == 0x61 && b == 0x70 && d == 0x70);                       // xox? xapp
  if (c == 0x73 || c == 0x72) return a == 0x6b && b == 0x5f;                                                     // sk_ rk_
  return false;
}

// "(212)": an area code in parentheses starts a phone token.
// (Two to five digits: "(99) 645-791", "(0811) 885909", "(07422) 4294505" - national numbers after "Phone:";
// without a phone word they are no phone.)
@inline function areaCodeAt(p: usize, i: i32, n: i32): bool {
  if (at(p, i) != 0x28) return false;
  let k = i + 1;
  while (k < n && k - i <= 5 && at(p, k) - 0x30 < 10) k++;
  return k - i >= 3 && k < n && at(p, k) == 0x29;
}
// Whether the 32 bytes before `start` name a phone: call, phone, tel, mobile, cell, fax, sms, whatsapp, and the
// words of other languages that contact details use (Handy, Rufnummer, Fon:, Festnetz, Tél, portable, móvil,
// celular, mobiel, komórka, cep:, HP:); the short ones only at a word's start (not Hotel, Bestellnummer, breach).
// Needles are compared byte by byte: the words of other scripts are written as their UTF-8 bytes - 电话, 手机,
// 電話, 携帯, 전화, 휴대(폰), 연락처, тел and елеф (Телефон's capital is another byte pair), моб/Моб, טלפון, נייד,
// (điện) thoại, ĐT/đt.
const PHONE_WORDS = new NeedleSet("^call|phone|^tel|^mobil|^cell|^fax|^sms|whatsapp|^reach|contact|^dial|^text me|answering|messages to|" +
  "^desk|landline|my registered|^ring me|^ring us|^ph:|^ph.|^hp:|^fon:|^handy|rufnummer|festnetz|^t\xc3\xa9l|^portable|^m\xc3\xb3vil|^movil|^celular|" +
  "^mobiel|kom\xc3\xb3rk|^cep:|\xe7\x94\xb5\xe8\xaf\x9d|\xe6\x89\x8b\xe6\x9c\xba|\xe9\x9b\xbb\xe8\xa9\xb1|\xe6\x90\xba\xe5\xb8\xaf|" +
  "\xec\xa0\x84\xed\x99\x94|\xed\x9c\xb4\xeb\x8c\x80|\xec\x97\xb0\xeb\x9d\xbd\xec\xb2\x98|\xd1\x82\xd0\xb5\xd0\xbb|" +
  "\xd0\xb5\xd0\xbb\xd0\xb5\xd1\x84|\xd0\xbc\xd0\xbe\xd0\xb1|\xd0\x9c\xd0\xbe\xd0\xb1|\xd7\x98\xd7\x9c\xd7\xa4\xd7\x95\xd7\x9f|" +
  "\xd7\xa0\xd7\x99\xd7\x99\xd7\x93|tho\xe1\xba\xa1i|\xc4\x90t|\xc4\x91t");
// Whether the words before `start` name a date of birth in a language other than English (Geburtsdatum,
// geboren, geboortedatum, fecha de nacimiento, né(e) le, data di nascita, data de nascimento, data urodzenia,
// syntymäaika, fødselsdato, född, doğum tarihi, дата рождения, 生年月日, 생년월일, 出生).
const DOB_PROSE_WORDS = new NeedleSet("geburt|geboren|geboorte|nacimiento|nacido|nacida|^n\xc3\xa9 le|^n\xc3\xa9e le|nascita|nascimento|" +
  "urodzeni|urodzon|syntym|f\xc3\xb8dsel|f\xc3\xb6dd|f\xc3\xb6delse|do\xc4\x9fum|\xd1\x80\xd0\xbe\xd0\xb6\xd0\xb4|" +
  "\xe7\x94\x9f\xe5\xb9\xb4\xe6\x9c\x88\xe6\x97\xa5|\xec\x83\x9d\xeb\x85\x84\xec\x9b\x94\xec\x9d\xbc|\xe5\x87\xba\xe7\x94\x9f");
// Read over the two words before the date (at most 32 bytes): the phrases end right before it.
function dobWordBefore(p: usize, start: i32): bool {
  const limit = start > 32 ? start - 32 : 0;
  let k = start;
  for (let w = 0; w < 2; w++) {
    while (k > limit && (at(p, k - 1) == 0x20 || at(p, k - 1) == 0x3a)) k--;
    while (k > limit && at(p, k - 1) != 0x20) k--;
  }
  return k < start && DOB_PROSE_WORDS.in(p + <usize>k, start - k);
}
// A phone's kind written after it, as contact blocks and signatures do ("085 175 7641-Office",
// "28-64-66-98 office", "930.167.3943 fax"): up to two separators, then the word.
const PHONE_WORDS_AFTER = new NeedleSet("office|fax|mobile|cell|home|work|desk|phone|tel");
function phoneWordAfter(p: usize, end: i32, n: i32): bool {
  let k = end, seps = 0;
  while (k < n && seps < 2 && (at(p, k) == 0x20 || at(p, k) == 0x2d || at(p, k) == 0x28 || at(p, k) == 0x3a)) { k++; seps++; }
  if (k == end && k < n && isUpperOrLower(at(p, k))) return false; // glued to a word: not a label after a number
  let e = k;
  while (e < n && e - k < 8 && isUpperOrLower(at(p, e))) e++;
  if (e - k < 3 || (e < n && isUpperOrLower(at(p, e)))) return false;
  return PHONE_WORDS_AFTER.in(p + <usize>k, e - k);
}
// A phone's extension at the token's end ("345-899-3560x4587"): the length without it, or len.
function withoutExtension(p: usize, start: i32, len: i32): i32 {
  let k = start + len;
  while (k > start && at(p, k - 1) - 0x30 < 10) k--;
  const digits = start + len - k;
  if (digits < 1 || digits > 5 || k - 1 <= start || (at(p, k - 1) | 0x20) != 0x78 || at(p, k - 2) - 0x30 >= 10) return len;
  return k - 1 - start;
}
function phoneWordBefore(p: usize, start: i32): bool {
  const from = start > 32 ? start - 32 : 0;
  const w = p + <usize>from, n = start - from;
  return PHONE_WORDS.in(w, n) || (containsAscii(w, n, "number") && !OTHER_NUMBER_WORDS.in(w, n));
}
// "number" names a phone unless the words around it name another number (order number, tracking number,
// number of items, account number, …).
const OTHER_NUMBER_WORDS = new NeedleSet(
  "order|track|invoice|account|serial|ref|ticket|case|confirm|item|part|model|policy|booking|customer|member|id|version|build|lot|" +
  "batch|number of|shipment|parcel|transaction|license|registration|tax|vat|room|flight|seat|page|card|routing|bank|passport|" +
  "social|ssn|vin|tin");

function digitsIn(p: usize, s: i32, e: i32): i32 {
  let d = 0;
  for (let k = s; k < e; k++) if (at(p, k) - 0x30 < 10) d++;
  return d;
}
// The end of the longest run of whole space-separated groups from `start` (at most 19 digits) that is PII;
// when none is, the end of the first group.
function leadingGroupsEnd(p: usize, start: i32, end: i32, hint: KeyHint): i32 {
  let best = -1, first = -1, digits = 0;
  for (let k = start; k <= end; k++) {
    if (k == end || at(p, k) == 0x20) {
      if (first < 0) first = k;
      if (digits > 19) break;
      if (digits >= 12 && classifyValue(p + <usize>start, k - start, hint, false) != PiiType.None) best = k;
      continue;
    }
    if (at(p, k) - 0x30 < 10) digits++;
  }
  return best > 0 ? best : first;
}

@inline function isUpper(c: u32): bool { return c - 0x41 < 26; }
@inline function isUpperOrLower(c: u32): bool { return (c | 0x20) - 0x61 < 26; }
// The colon after a leading run of 2-16 letters, '_' or '-' in the token [s, e), with bytes after it; else -1.
function labelColon(p: usize, s: i32, e: i32): i32 {
  let k = s;
  while (k < e && k - s <= 16 && (isUpperOrLower(at(p, k)) || at(p, k) == 0x5f || at(p, k) == 0x2d)) k++;
  return k - s >= 2 && k + 1 < e && at(p, k) == 0x3a && at(p, k + 1) != 0x3a ? k : -1;
}
@inline function isUpperOrDigit(c: u32): bool { return c - 0x41 < 26 || c - 0x30 < 10; }

// End of a "+CC …" phone: digits, spaces, ( ) - . as long as at most 15 digits and 25 bytes, ending on a digit.
function phoneEnd(p: usize, start: i32, n: i32): i32 {
  let k = start + 1, digits = 0, lastDigit = start;
  while (k < n && k - start < 25) {
    const c = at(p, k);
    if (c - 0x30 < 10) { digits++; lastDigit = k; if (digits > 15) break; }
    else if (!(c == 0x20 || c == 0x28 || c == 0x29 || c == 0x2d || c == 0x2e)) break;
    k++;
  }
  return lastDigit + 1;
}

// End of IBAN groups after the first "CCdd": single spaces then 1-4 upper-case letters or digits, up to the
// country's IBAN length (a word after the IBAN, "… 8901 X in a sentence", is not read into it).
function ibanGroupsEnd(p: usize, end: i32, n: i32): i32 {
  let chars = 4;
  let want = ibanLength(at(p, end - 4), at(p, end - 3));
  if (want < 0) want = 34;
  while (chars < want && end + 1 < n && at(p, end) == 0x20 && isUpperOrDigit(at(p, end + 1))) {
    let k = end + 1;
    while (k < n && k - end <= 4 && isUpperOrDigit(at(p, k))) k++;
    const g = k - end - 1;
    if (g > 4 || (k < n && tokenChar(at(p, k)) && at(p, k) != 0x2e && at(p, k) != 0x2c) || chars + g > want) break;
    chars += g;
    end = k;
  }
  return end;
}

// A text body, or an XML one (`xml`): each element's text and attribute value with its name, comments and
// unclosed markup as text (xml.ts; a second read of the whole as text found nothing more and cost a sixth of
// the scan). Returns the count of findings after the read.
export function scanTextOrXml(p: usize, n: i32, xml: bool, limits: ScanLimits, f: Findings): i32 {
  if (xml) scanXml(p, n, limits, f);
  else scanText(p, n, f, "body");
  return f.count;
}

// Plain text bodies.
export function scanText(p: usize, n: i32, f: Findings, location: string): void {
  textLocation = location;
  scanTokens(p, n, KeyHint.None, f, 0, n, true, 0, 0);
}

// A text value standing alone with its field name (a multipart field): PII as a whole value with the name
// as context (ssn=123-45-6789, as a form field), else PII inside it as text; then attacks on the whole. The
// byte-class gates of JSON values decide which detectors run. Located at the location prefix
// (setLocationPrefix); a value shaped as JSON (FormData.append("meta", JSON.stringify(…))) is read as JSON.
// Findings are relative to p.
export function scanField(p: usize, n: i32, np: usize, nn: i32, limits: ScanLimits, f: Findings): void {
  if (n <= 0) return;
  if (startsLikeJson(p, n)) {
    scanJson(p, n, limits, f);
    const attack = detectAttack(p, n);
    if (attack != AttackClass.None) f.addAttackAt(attack, 0, n, locPrefix, prefixLength(), lastRule);
    return;
  }
  // Surrounding blanks are not part of the value (a textarea's trailing newline).
  let s = 0, e = n;
  while (s < e && at(p, s) <= 0x20) s++;
  while (e > s && at(p, e - 1) <= 0x20) e--;
  const vp = p + <usize>s, vn = e - s;
  if (vn <= 0) return;
  classify(vp, vn);
  const mask = valueMask, digits = valueDigits, alphas = valueAlphas;
  const hint = nn > 0 ? cachedKeyHint(np, nn, nn) : KeyHint.None; // field names repeat: cached like JSON keys
  let type = PiiType.None;
  if ((mask & C_AT) != 0 && hint != KeyHint.Password && isEmail(vp, vn)) type = PiiType.Email;
  else if (hintClaimsValue(hint) || piiGate(vp, vn, mask, digits)) type = classifyValue(vp, vn, hint, false, true);
  if (type != PiiType.None) {
    if (f.full) f.addOverflow(type, AttackClass.None, s, vn);
    else f.addPii(type, s, vn, locPrefix, prefixLength(), vp, vn);
    const attack = attackInPiiValue(type, hint, vp, vn, vp, vn, mask, false); // (as in forms and JSON)
    if (attack != AttackClass.None) f.addAttackAt(attack, s, vn, locPrefix, prefixLength(), lastRule);
    return;
  }
  // PII inside the text: the gate of prose in JSON values (inspectValue).
  if ((mask & C_SPACE) != 0 && ((mask & (C_AT | C_COLON)) != 0 || digits >= 7 || (digits >= 4 && (mask & C_WEAK) != 0) || (digits >= 1 && vn >= 24))) {
    scanTokens(vp, vn, hint, f, s, vn, true, 0, 0);
  }
  if (attackGate(vp, vn, mask, alphas)) {
    const attack = detectAttack(p, n);
    if (attack != AttackClass.None) f.addAttackAt(attack, 0, n, locPrefix, prefixLength(), lastRule);
  }
}

export function scanBody(p: usize, n: i32, kind: BodyKind, limits: ScanLimits, f: Findings): void {
  if (kind == BodyKind.Json) {
    scanJson(p, n, limits, f);
    if (limits.maxPiiRecords > 0 && f.piiRecords > limits.maxPiiRecords) f.addBodyFinding(<AttackClass>CLASS_EXFILTRATION, 0, n, "$", "exfiltration:records-over-limit");
  }
  else if (kind == BodyKind.Form && !startsLikeJson(p, n)) scanForm(p, n, limits, f, "form.");
  else if ((kind == BodyKind.Text || kind == BodyKind.Form) && startsLikeJson(p, n)) {
    // Declared as something else, shaped as JSON: inspect it as JSON (and as one text value for attacks). A
    // "form" that is a JSON document is what many back ends decode from the raw body (php://input): read as a form
    // it was one long field name, its values never seen (CVE-2024-0305: {"param":["ping 127.0.0.1 | id"]}).
    scanJson(p, n, limits, f);
    const attack = detectAttack(p, n);
    if (attack != AttackClass.None) f.addAttack(attack, 0, n, "body", lastRule);
  }
  else if (kind == BodyKind.Text) {
    // XML: each element's text and attribute value with its name (xml.ts); other text by its tokens.
    const c0 = f.count;
    const xml = startsLikeXml(p, n);
    const c1 = scanTextOrXml(p, n, xml, limits, f);
    // Text and XML bodies are also one value for attack detection (XXE, injected markup; an XML document only
    // for what its structure holds, its values were read); an attack the XML read already located in a value
    // is not reported again for the whole body.
    const attack = xml ? detectAttackInDocument(p, n) : detectAttack(p, n);
    if (attack != AttackClass.None && !f.hasAttackFrom(c0, c1, attack)) f.addAttack(attack, 0, n, "body", lastRule);
  }
  else if (kind == BodyKind.Graphql) {
    graphqlFindings(p, n, limits, f, 0, n, changetype<usize>(BODY_LOCATION), BODY_LOCATION.length);
    const attack = detectAttack(p, n);
    if (attack != AttackClass.None) f.addAttack(attack, 0, n, "body", lastRule);
  }
  else if (kind == BodyKind.Binary) {
    const file = fileKind(p, n);
    if (isExecutable(file)) f.addAttack(<AttackClass>CLASS_MALWARE, 0, n, "body.file." + FILE_KIND_NAMES[<i32>file], "malware:" + FILE_KIND_NAMES[<i32>file]);
    // Declared binary (application/octet-stream) but JSON text: a payload relabelled to skip body inspection,
    // which a lenient back end parses anyway. Read for attacks as one value (PII stays a declared file's).
    else if (startsLikeJson(p, n) && !looksBinary(p, n)) {
      const attack = detectAttack(p, n);
      if (attack != AttackClass.None) f.addAttack(attack, 0, n, "body", lastRule);
    }
  }
  else if (kind == BodyKind.Multipart) {
    const b = limits.boundary;
    if (b === null || scanMultipart(p, n, changetype<usize>(b), b.byteLength, limits.allowedFileKinds, f, limits) < 0) {
      // Declared multipart without a boundary that frames it: inspect it as text rather than not at all;
      // binary bytes (a chunk inside a file being uploaded, where random bytes trip the SQL rules) only by
      // their leading bytes, as a binary body.
      if (looksBinary(p, n)) {
        const file = fileKind(p, n);
        if (isExecutable(file)) f.addAttack(<AttackClass>CLASS_MALWARE, 0, n, "body.file." + FILE_KIND_NAMES[<i32>file], "malware:" + FILE_KIND_NAMES[<i32>file]);
      } else {
        scanText(p, n, f, "body");
        const attack = detectAttack(p, n);
        if (attack != AttackClass.None) f.addAttack(attack, 0, n, "body", lastRule);
      }
    }
  }
  if (f.limitExceeded) f.addBodyFinding(<AttackClass>CLASS_LIMITS, 0, n, "body", "limits:depth-or-fields");
}
export function startsLikeJson(p: usize, n: i32): bool {
  let i = 0;
  while (i < n && at(p, i) <= 0x20) i++;
  if (i >= n) return false;
  const c = at(p, i);
  if (c != 0x7b && c != 0x5b) return false;
  // '[' alone also starts log lines and INI sections: require JSON's next token.
  let j = i + 1;
  while (j < n && at(p, j) <= 0x20) j++;
  if (j >= n) return false;
  const d = at(p, j);
  return c == 0x7b ? (d == 0x22 || d == 0x7d) : (d == 0x22 || d == 0x7b || d == 0x5b || d == 0x5d || d == 0x2d || d - 0x30 < 10 || d == 0x74 || d == 0x66 || d == 0x6e);
}
const BODY_LOCATION: StaticArray<u8> = [0x62, 0x6f, 0x64, 0x79]; // "body"
