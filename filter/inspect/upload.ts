// Uploads: multipart/form-data parts (field names, filenames, part content types, leading bytes of files)
// and the file types their magic bytes reveal: executables (PE, ELF, Mach-O), scripts, archives, and
// the EICAR test string. Pure and bounded: no host calls, never reads past (p, n).
import { Findings } from "./findings";
import { AttackClass } from "./attacks";
import { detectAttackAny, detectAttackWindowed, lastRule } from "./attack";
import { nameIsPii } from "./body";

// What a file's first bytes say it is.
export const enum FileKind { Unknown = 0, Pe = 1, Elf = 2, MachO = 3, Script = 4, Zip = 5, Gzip = 6, Rar = 7, SevenZip = 8, Pdf = 9, Image = 10, Eicar = 11, Java = 12, Msi = 13 }

export const FILE_KIND_NAMES: StaticArray<string> = ["unknown", "pe", "elf", "macho", "script", "zip", "gzip", "rar", "7z", "pdf", "image", "eicar", "java-class", "ole"];

// Executables and the EICAR string are malware findings; scripts and archives are reported as their kind
// so a per-API allowed-types policy can decide.
export function isExecutable(k: FileKind): bool { return k == FileKind.Pe || k == FileKind.Elf || k == FileKind.MachO || k == FileKind.Eicar || k == FileKind.Java || k == FileKind.Msi; }

@inline function b(p: usize, n: i32, i: i32): u32 { return i < n ? <u32>load<u8>(p + <usize>i) : 0x100; }

const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!";

function containsAt(p: usize, n: i32, s: string, limit: i32): bool {
  const m = s.length;
  const end = n < limit ? n : limit;
  for (let i = 0; i + m <= end; i++) {
    let j = 0;
    while (j < m && <u32>load<u8>(p + <usize>(i + j)) == <u32>s.charCodeAt(j)) j++;
    if (j == m) return true;
  }
  return false;
}

function containsCi(p: usize, n: i32, s: string, limit: i32): bool {
  const m = s.length;
  const end = n < limit ? n : limit;
  for (let i = 0; i + m <= end; i++) {
    let j = 0;
    while (j < m && (<u32>load<u8>(p + <usize>(i + j)) | (j > 0 ? 0x20 : 0)) == <u32>s.charCodeAt(j)) j++;
    if (j == m) return true;
  }
  return false;
}

export function fileKind(p: usize, n: i32): FileKind {
  if (n <= 0) return FileKind.Unknown;
  // EICAR may be preceded by whitespace only; look in the first 128 bytes.
  if (containsAt(p, n, "EICAR-STANDARD-ANTIVIRUS-TEST-FILE", 128)) return FileKind.Eicar;
  const c0 = b(p, n, 0), c1 = b(p, n, 1), c2 = b(p, n, 2), c3 = b(p, n, 3);
  if (c0 == 0x4d && c1 == 0x5a) return FileKind.Pe;                                        // MZ
  if (c0 == 0x7f && c1 == 0x45 && c2 == 0x4c && c3 == 0x46) return FileKind.Elf;          // \x7fELF
  if ((c0 == 0xfe && c1 == 0xed && c2 == 0xfa && (c3 == 0xce || c3 == 0xcf)) ||
      ((c0 == 0xce || c0 == 0xcf) && c1 == 0xfa && c2 == 0xed && c3 == 0xfe)) return FileKind.MachO;
  if (c0 == 0xca && c1 == 0xfe && c2 == 0xba && c3 == 0xbe) {
    // Mach-O universal binary and Java class files share CAFEBABE; the next u32 tells them apart.
    return b(p, n, 7) < 0x20 && b(p, n, 4) == 0 && b(p, n, 5) == 0 ? FileKind.MachO : FileKind.Java;
  }
  if (c0 == 0xd0 && c1 == 0xcf && c2 == 0x11 && c3 == 0xe0) return FileKind.Msi;          // OLE2 (MSI, legacy Office)
  if (c0 == 0x23 && c1 == 0x21) return FileKind.Script;                                    // #!
  if (c0 == 0x50 && c1 == 0x4b && (c2 == 0x03 || c2 == 0x05 || c2 == 0x07)) return FileKind.Zip;
  if (c0 == 0x1f && c1 == 0x8b) return FileKind.Gzip;
  if (c0 == 0x52 && c1 == 0x61 && c2 == 0x72 && c3 == 0x21) return FileKind.Rar;
  if (c0 == 0x37 && c1 == 0x7a && c2 == 0xbc && c3 == 0xaf) return FileKind.SevenZip;
  if (c0 == 0x25 && c1 == 0x50 && c2 == 0x44 && c3 == 0x46) return FileKind.Pdf;
  if ((c0 == 0x89 && c1 == 0x50 && c2 == 0x4e && c3 == 0x47) || (c0 == 0xff && c1 == 0xd8 && c2 == 0xff) || (c0 == 0x47 && c1 == 0x49 && c2 == 0x46)) return FileKind.Image;
  // Server-side script markers in the leading bytes (a .jpg that is really PHP).
  if (containsAt(p, n, "<?php", 256) || containsAt(p, n, "<%@", 256) || containsAt(p, n, "<?=", 256) || containsAt(p, n, "<% ", 256) || containsAt(p, n, "<%=", 256)) return FileKind.Script;
  // HTML or SVG carrying script (stored XSS through an upload): a script, not a text or image.
  if (containsCi(p, n, "<script", 1024)) return FileKind.Script;
  return FileKind.Unknown;
}

@inline function lower(c: u32): u32 { return c - 0x41 < 26 ? c | 0x20 : c; }

function findBytes(p: usize, from: i32, n: i32, q: usize, m: i32): i32 {
  if (m <= 0) return -1;
  const first = <u32>load<u8>(q);
  for (let i = from; i + m <= n; i++) {
    if (<u32>load<u8>(p + <usize>i) != first) continue;
    let j = 1;
    while (j < m && load<u8>(p + <usize>(i + j)) == load<u8>(q + <usize>j)) j++;
    if (j == m) return i;
  }
  return -1;
}

// A delimiter: "--" + boundary at the start of the body or of a line.
function findBoundary(p: usize, from: i32, n: i32, q: usize, m: i32): i32 {
  let i = findBytes(p, from, n, q, m);
  while (i >= 0) {
    if (i >= 2 && load<u8>(p + <usize>(i - 1)) == 0x2d && load<u8>(p + <usize>(i - 2)) == 0x2d && (i == 2 || load<u8>(p + <usize>(i - 3)) == 0x0a)) return i;
    i = findBytes(p, i + 1, n, q, m);
  }
  return -1;
}

// Index of `needle` (ASCII, lower case) in (p+s, e-s) case-insensitively, or -1.
function findCi(p: usize, s: i32, e: i32, needle: string): i32 {
  const m = needle.length;
  for (let i = s; i + m <= e; i++) {
    let j = 0;
    while (j < m && lower(<u32>load<u8>(p + <usize>(i + j))) == <u32>needle.charCodeAt(j)) j++;
    if (j == m) return i;
  }
  return -1;
}

// A quoted or bare parameter value after `name=` in a header line [s, e); returns its start, sets paramEnd.
let paramEnd = 0;
function headerParam(p: usize, s: i32, e: i32, name: string): i32 {
  let i = findCi(p, s, e, name);
  while (i > s && <u32>load<u8>(p + <usize>(i - 1)) != 0x3b && <u32>load<u8>(p + <usize>(i - 1)) != 0x20) i = findCi(p, i + 1, e, name);
  if (i < 0) return -1;
  let v = i + name.length;
  if (v < e && load<u8>(p + <usize>v) == 0x22) {
    v++;
    let q = v;
    while (q < e && load<u8>(p + <usize>q) != 0x22) q++;
    paramEnd = q;
    return v;
  }
  let q = v;
  while (q < e && load<u8>(p + <usize>q) != 0x3b && load<u8>(p + <usize>q) != 0x0d && load<u8>(p + <usize>q) != 0x0a) q++;
  paramEnd = q;
  return v;
}

// The last part scanned, for callers that enforce an allowed-types policy.
export let lastFileKind: FileKind = FileKind.Unknown;

// Scans a multipart/form-data body with the given boundary (without the leading "--"). For every part:
// the field name and filename are checked for attacks (traversal in filenames), file parts are typed
// by their magic bytes (executables and EICAR are malware findings), and small text fields are checked
// for attacks. `allowedKinds` is a bitmask of FileKind values files may have (0: any non-executable).
// Returns the number of parts, or -1 when the body is not framed by the boundary.
export function scanMultipart(p: usize, n: i32, boundary: usize, boundaryLen: i32, allowedKinds: u32, f: Findings): i32 {
  if (boundaryLen <= 0 || boundaryLen > 200 || n <= 0) return -1;
  let parts = 0;
  let i = findBoundary(p, 0, n, boundary, boundaryLen);
  if (i < 2) return -1;
  while (i >= 0 && parts < 1000) {
    let hs = i + boundaryLen;
    if (hs + 1 < n && load<u8>(p + <usize>hs) == 0x2d && load<u8>(p + <usize>(hs + 1)) == 0x2d) break; // closing boundary
    while (hs < n && (load<u8>(p + <usize>hs) == 0x0d || load<u8>(p + <usize>hs) == 0x0a)) hs++;
    // Headers end at an empty line (CRLF CRLF, or bare LF LF: lenient servers accept it, so an attacker can use it).
    let he = hs;
    let sep = 4;
    while (he + 3 < n && !(load<u8>(p + <usize>he) == 0x0d && load<u8>(p + <usize>(he + 1)) == 0x0a && load<u8>(p + <usize>(he + 2)) == 0x0d && load<u8>(p + <usize>(he + 3)) == 0x0a)) {
      if (load<u8>(p + <usize>he) == 0x0a && load<u8>(p + <usize>(he + 1)) == 0x0a) { sep = 2; break; }
      he++;
    }
    if (he + 3 >= n) break;
    const bodyStart = he + sep;
    const next = findBoundary(p, bodyStart, n, boundary, boundaryLen);
    let bodyEnd = next < 0 ? n : next - 2;                   // "--" before the boundary
    if (bodyEnd >= bodyStart + 2 && load<u8>(p + <usize>(bodyEnd - 1)) == 0x0a) bodyEnd -= load<u8>(p + <usize>(bodyEnd - 2)) == 0x0d ? 2 : 1;
    if (bodyEnd < bodyStart) bodyEnd = bodyStart;
    parts++;
    // The field name itself: an injection placed in a parameter name reaches code that builds queries from names.
    const nm0 = headerParam(p, hs, he, "name=");
    if (nm0 >= 0) {
      const nmEnd = paramEnd;
      const a = detectAttackAny(p + <usize>nm0, nmEnd - nm0);
      if (<i32>a != 255) f.addAttack(<AttackClass><i32>a, nm0, nmEnd - nm0, "multipart.name", lastRule);
    }
    const fn = headerParam(p, hs, he, "filename=");
    if (fn >= 0) {
      const fnEnd = paramEnd;
      const a = detectAttackAny(p + <usize>fn, fnEnd - fn);
      if (<i32>a != 255) f.addAttack(<AttackClass><i32>a, fn, fnEnd - fn, "multipart.filename", lastRule);
      const kind = fileKind(p + <usize>bodyStart, bodyEnd - bodyStart);
      lastFileKind = kind;
      const allowed = allowedKinds == 0 ? !isExecutable(kind) : (allowedKinds & (1 << <u32>kind)) != 0;
      if (!allowed) f.addAttack(<AttackClass>10, bodyStart, bodyEnd - bodyStart, "multipart.file." + FILE_KIND_NAMES[<i32>kind], "malware:" + FILE_KIND_NAMES[<i32>kind] + (isExecutable(kind) ? "" : ":not-allowed"));
    } else {
      const len = bodyEnd - bodyStart;
      const a = detectAttackWindowed(p + <usize>bodyStart, len);
      if (<i32>a != 255) {
        const nm = headerParam(p, hs, he, "name=");
        f.addAttack(<AttackClass><i32>a, bodyStart, len, nm >= 0 ? (nameIsPii(p + <usize>nm, paramEnd - nm) ? "multipart.{name}" : "multipart." + String.UTF8.decodeUnsafe(p + <usize>nm, <usize>(paramEnd - nm < 64 ? paramEnd - nm : 64))) : "multipart", lastRule);
      }
    }
    i = next;
  }
  return parts;
}
