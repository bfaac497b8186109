// Uploads: multipart/form-data parts (field names, filenames, part content types, leading bytes of files)
// and the file types their magic bytes reveal: executables (PE, ELF, Mach-O), scripts, archives, and
// the EICAR test string. Pure and bounded: no host calls, never reads past (p, n).
import { Findings } from "./findings";
import { B64_BLANK, B64_END, base64Value } from "./base64text";
import { containsAscii, containsByte, startsWithAsciiCi as startsCi } from "./pii";
import { AttackClass } from "./attacks";
import { detectAttackAny, detectAttackInDocument, detectAttackWindowed, lastRule } from "./attack";
import { ScanLimits, appendLocationPrefix, clearLocationPrefix, scanField, scanForm, scanJson, scanText, scanTextOrXml, setLocationPrefix, startsLikeJson } from "./body";
import { startsLikeXml } from "./xml";

// What a file's first bytes say it is.
export const enum FileKind { Unknown = 0, Pe = 1, Elf = 2, MachO = 3, Script = 4, Zip = 5, Gzip = 6, Rar = 7, SevenZip = 8, Pdf = 9, Image = 10, Eicar = 11, Java = 12, Msi = 13,
  Dex = 14, Wasm = 15, Lnk = 16, Chm = 17, Rtf = 18, Bzip2 = 19, Xz = 20, Zstd = 21, Cab = 22, Tar = 23 }

export const FILE_KIND_NAMES: StaticArray<string> = ["unknown", "pe", "elf", "macho", "script", "zip", "gzip", "rar", "7z", "pdf", "image", "eicar", "java-class", "ole",
  "dex", "wasm", "lnk", "chm", "rtf", "bzip2", "xz", "zstd", "cab", "tar"];

// Executables and the EICAR string are malware findings; scripts and archives are reported as their kind
// so a per-API allowed-types policy can decide. (A Windows shortcut runs its target with arguments and compiled
// help runs script: both are how droppers arrive, as executables do.)
export function isExecutable(k: FileKind): bool {
  return k == FileKind.Pe || k == FileKind.Elf || k == FileKind.MachO || k == FileKind.Eicar || k == FileKind.Java || k == FileKind.Msi ||
    k == FileKind.Dex || k == FileKind.Wasm || k == FileKind.Lnk || k == FileKind.Chm;
}
export function isArchive(k: FileKind): bool {
  return k == FileKind.Zip || k == FileKind.Gzip || k == FileKind.Rar || k == FileKind.SevenZip || k == FileKind.Bzip2 || k == FileKind.Xz ||
    k == FileKind.Zstd || k == FileKind.Cab || k == FileKind.Tar;
}

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
  if (c0 == 0x64 && c1 == 0x65 && c2 == 0x78 && c3 == 0x0a && b(p, n, 7) == 0) return FileKind.Dex;             // dex\n035\0 (Android)
  if (c0 == 0 && c1 == 0x61 && c2 == 0x73 && c3 == 0x6d) return FileKind.Wasm;                                  // \0asm
  if (c0 == 0x4c && c1 == 0 && c2 == 0 && c3 == 0 && b(p, n, 4) == 0x01 && b(p, n, 5) == 0x14 && b(p, n, 6) == 0x02) return FileKind.Lnk; // shell link header
  if (c0 == 0x49 && c1 == 0x54 && c2 == 0x53 && c3 == 0x46) return FileKind.Chm;                                // ITSF
  if (c0 == 0x7b && c1 == 0x5c && c2 == 0x72 && c3 == 0x74 && b(p, n, 4) == 0x66) return FileKind.Rtf;          // {\rtf
  if (c0 == 0x42 && c1 == 0x5a && c2 == 0x68 && c3 - 0x31 < 9) return FileKind.Bzip2;                           // BZh1-9
  if (c0 == 0xfd && c1 == 0x37 && c2 == 0x7a && c3 == 0x58 && b(p, n, 4) == 0x5a && b(p, n, 5) == 0) return FileKind.Xz;
  if (c0 == 0x28 && c1 == 0xb5 && c2 == 0x2f && c3 == 0xfd) return FileKind.Zstd;
  if (c0 == 0x4d && c1 == 0x53 && c2 == 0x43 && c3 == 0x46 && b(p, n, 4) == 0 && b(p, n, 5) == 0) return FileKind.Cab; // MSCF
  if (n >= 262 && b(p, n, 257) == 0x75 && b(p, n, 258) == 0x73 && b(p, n, 259) == 0x74 && b(p, n, 260) == 0x61 && b(p, n, 261) == 0x72) return FileKind.Tar; // ustar
  if ((c0 == 0x89 && c1 == 0x50 && c2 == 0x4e && c3 == 0x47) || (c0 == 0xff && c1 == 0xd8 && c2 == 0xff) || (c0 == 0x47 && c1 == 0x49 && c2 == 0x46)) return FileKind.Image;
  // Server-side script markers in the leading bytes (a .jpg that is really PHP).
  if (containsAt(p, n, "<?php", 256) || containsAt(p, n, "<%@", 256) || containsAt(p, n, "<?=", 256) || containsAt(p, n, "<% ", 256) || containsAt(p, n, "<%=", 256)) return FileKind.Script;
  // HTML or SVG carrying script (stored XSS through an upload): a script, not a text or image.
  if (containsAscii(p, n < 1024 ? n : 1024, "<script")) return FileKind.Script;
  return FileKind.Unknown;
}

@inline function lower(c: u32): u32 { return c - 0x41 < 26 ? c | 0x20 : c; }

// The next delimiter "--" + boundary at the start of a line (or of the body) from `from`; returns the index
// of the boundary (after its "--"), or -1. Only line starts are compared (each LF once, then at most the
// boundary's length): linear in the body however the data repeats the boundary. A line that merely begins
// with the delimiter counts too, as the application's parser may split there: a part hidden inside
// another must not be read as the other's data.
function findBoundary(p: usize, from: i32, n: i32, q: usize, m: i32): i32 {
  let i = from;
  // `from` itself may start a line (an empty part: its headers' blank line, then the delimiter).
  if (i == 0 || (i < n && load<u8>(p + <usize>(i - 1)) == 0x0a)) { if (startsDelimiter(p, i, n, q, m)) return i + 2; }
  while (i < n) {
    // Next LF (a line start after it).
    if (ASC_FEATURE_SIMD) {
      while (i + 16 <= n) {
        const hit = i8x16.bitmask(i8x16.eq(v128.load(p + <usize>i), i8x16.splat(0x0a)));
        if (hit != 0) { i += ctz(hit); break; }
        i += 16;
      }
    }
    while (i < n && load<u8>(p + <usize>i) != 0x0a) i++;
    if (i >= n) return -1;
    i++;
    if (startsDelimiter(p, i, n, q, m)) return i + 2;
  }
  return -1;
}
@inline function startsDelimiter(p: usize, i: i32, n: i32, q: usize, m: i32): bool {
  return i + 2 + m <= n && load<u16>(p + <usize>i) == 0x2d2d && memory.compare(p + <usize>(i + 2), q, <usize>m) == 0;
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
// Whether [s, e) is `name` (ASCII, lower case) case-insensitively.
@inline function isCi(p: usize, s: i32, e: i32, name: string): bool { return e - s == name.length && startsCi(p, s, e, name); }

// A quoted or bare parameter value after `name=` in a header line [s, e); returns its start, sets paramEnd.
// The name must start the parameter (after ';' or a blank): "name=" is not the end of "filename=".
let paramEnd = 0;
function headerParam(p: usize, s: i32, e: i32, name: string): i32 {
  let i = findCi(p, s, e, name);
  while (i > s && <u32>load<u8>(p + <usize>(i - 1)) != 0x3b && <u32>load<u8>(p + <usize>(i - 1)) > 0x20) i = findCi(p, i + 1, e, name);
  if (i < 0) return -1;
  let v = i + name.length;
  if (v < e && load<u8>(p + <usize>v) == 0x22) {
    v++;
    let q = v;
    while (q < e && load<u8>(p + <usize>q) != 0x22) { if (load<u8>(p + <usize>q) == 0x5c) q++; q++; }
    paramEnd = q < e ? q : e;
    return v;
  }
  let q = v;
  while (q < e && load<u8>(p + <usize>q) != 0x3b && load<u8>(p + <usize>q) > 0x20) q++;
  paramEnd = q;
  return v;
}

// Content-Disposition parameters other than name and filename: RFC 7578 defines none, and some servers' own
// parsers read them anyway (QNAP's, CVE-2023-47218: zczqildp="$($(echo -n aWQ=|base64 -d)>x)"). Each value is read
// by the attack rules; its finding is located at multipart.disposition.
function otherDispositionParams(p: usize, s: i32, e: i32, f: Findings): void {
  let i = s;
  while (i < e) {
    // the next parameter: its name up to '=', after ';' and blanks
    while (i < e && (load<u8>(p + <usize>i) == 0x3b || load<u8>(p + <usize>i) <= 0x20)) i++;
    const ns = i;
    while (i < e && load<u8>(p + <usize>i) != 0x3d && load<u8>(p + <usize>i) != 0x3b) i++;
    if (i >= e || load<u8>(p + <usize>i) != 0x3d) { while (i < e && load<u8>(p + <usize>i) != 0x3b) i++; continue; } // form-data, a bare token
    let ne = i;
    while (ne > ns && load<u8>(p + <usize>(ne - 1)) <= 0x20) ne--;
    i++;
    let vs = i, ve = i;
    if (i < e && load<u8>(p + <usize>i) == 0x22) {
      vs = ++i;
      while (i < e && load<u8>(p + <usize>i) != 0x22) { if (load<u8>(p + <usize>i) == 0x5c) i++; i++; }
      ve = i < e ? i : e;
      i++;
    } else {
      while (i < e && load<u8>(p + <usize>i) != 0x3b) i++;
      ve = i;
    }
    if (isCi(p, ns, ne, "name") || isCi(p, ns, ne, "filename") || isCi(p, ns, ne, "filename*") || ve - vs < 3) continue;
    const a = detectAttackAny(p + <usize>vs, ve - vs);
    if (<i32>a != 255) { f.addAttack(<AttackClass><i32>a, vs, ve - vs, "multipart.disposition", lastRule); return; }
  }
}

// The last part scanned, for callers that enforce an allowed-types policy.
export let lastFileKind: FileKind = FileKind.Unknown;

// What a part's Content-Type declares. Text: text/*, XML, or none (RFC 7578's default); Generic: a binary
// type that names no format (octet-stream, or one we do not know): the bytes alone decide. The others name
// a format whose magic bytes we know, so bytes of another format contradict them.
const enum Declared { None = 0, Text = 1, Json = 2, Form = 3, Generic = 4, Image = 5, Pdf = 6, Archive = 7, Media = 8 }

function declaredType(p: usize, s: i32, e: i32): Declared {
  // The media type ends at ';' or a blank.
  let t = s;
  while (t < e && load<u8>(p + <usize>t) != 0x3b && load<u8>(p + <usize>t) > 0x20) t++;
  if (t == s) return Declared.None;
  if (findCi(p, s, t, "json") >= 0) return Declared.Json;
  if (startsCi(p, s, t, "application/x-www-form-urlencoded")) return Declared.Form;
  if (startsCi(p, s, t, "text/") || findCi(p, s, t, "xml") >= 0) return Declared.Text;
  if (startsCi(p, s, t, "image/")) return Declared.Image;
  if (startsCi(p, s, t, "audio/") || startsCi(p, s, t, "video/")) return Declared.Media;
  if (isCi(p, s, t, "application/pdf")) return Declared.Pdf;
  if (isCi(p, s, t, "application/zip") || isCi(p, s, t, "application/gzip") || isCi(p, s, t, "application/x-gzip") || isCi(p, s, t, "application/x-zip-compressed") ||
      isCi(p, s, t, "application/x-7z-compressed") || isCi(p, s, t, "application/x-rar-compressed") || isCi(p, s, t, "application/vnd.rar") ||
      isCi(p, s, t, "application/x-bzip2") || isCi(p, s, t, "application/x-xz") || isCi(p, s, t, "application/zstd") || isCi(p, s, t, "application/x-tar") ||
      isCi(p, s, t, "application/vnd.ms-cab-compressed")) return Declared.Archive;
  return Declared.Generic;
}

// A declared format that the magic bytes contradict: a script or executable sent as an image, an archive
// as a PDF. Unknown bytes contradict nothing (many formats have no magic we read); a text type only
// contradicts the binary formats (a script is text).
function contradicts(d: Declared, k: FileKind): bool {
  if (k == FileKind.Unknown || d == Declared.None || d == Declared.Generic) return false;
  const archive = isArchive(k);
  if (d == Declared.Text || d == Declared.Json || d == Declared.Form) return archive || k == FileKind.Pdf || k == FileKind.Image;
  if (d == Declared.Image) return k != FileKind.Image;
  if (d == Declared.Pdf) return k != FileKind.Pdf;
  if (d == Declared.Archive) return !archive;
  return true; // audio/video: none of our formats is media
}

// Whether the leading bytes are binary data, whatever the part says (a file sent without a filename, the
// middle of a file in a chunk): a NUL, or 4+ control bytes other than blanks and line breaks in the first KiB
// (random or compressed data has ~100 there, text none).
export function looksBinary(p: usize, n: i32): bool {
  const m = n < 1024 ? n : 1024;
  let controls = 0;
  for (let i = 0; i < m; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c < 0x20 && (c < 0x09 || c > 0x0d) && c != 0x1b) { if (c == 0 || ++controls >= 4) return true; }
  }
  return false;
}

// Part headers as they were read (offsets into the body; -1 when absent).
let partName = -1, partNameEnd = 0, partFile = -1, partFileEnd = 0, partType = -1, partTypeEnd = 0;
// The Content-Disposition header's value [partDisposition, partDispositionEnd) (-1 when absent).
let partDisposition = -1, partDispositionEnd = 0;
let partBase64 = false; // Content-Transfer-Encoding: base64 (RFC 7578 deprecates it; some clients and servers still use it)
// The delimiter (bytes, length) of the body being read, and where one cut a part's headers short.
let delim: usize = 0, delimLen = 0, headersCut = 0;
// Reads the header lines [s, n) of one part up to the empty line (CRLF or bare LF line ends); lines
// without a colon are skipped. Returns where the part's content starts, -1 when the headers never end, or
// -2 when a delimiter line comes first (at headersCut).
function readPartHeaders(p: usize, s: i32, n: i32): i32 {
  partName = -1; partFile = -1; partType = -1; partBase64 = false; partDisposition = -1;
  let k = s;
  while (k < n) {
    let e = k;
    while (e < n && load<u8>(p + <usize>e) != 0x0a) e++;
    if (e >= n) return -1;
    let le = e;
    if (le > k && load<u8>(p + <usize>(le - 1)) == 0x0d) le--;
    if (le == k) return e + 1;
    // A delimiter where a header was expected ends the part here (its headers never ended): the
    // application's parser would start a new part at it, and so do we.
    if (startsDelimiter(p, k, n, delim, delimLen)) { headersCut = k + 2; return -2; }
    let colon = k;
    while (colon < le && load<u8>(p + <usize>colon) != 0x3a) colon++;
    if (colon < le) {
      let ne = colon;
      while (ne > k && load<u8>(p + <usize>(ne - 1)) <= 0x20) ne--;
      let vs = colon + 1;
      while (vs < le && load<u8>(p + <usize>vs) <= 0x20) vs++;
      if (isCi(p, k, ne, "content-disposition")) {
        partDisposition = vs; partDispositionEnd = le;
        const nm = headerParam(p, vs, le, "name=");
        if (nm >= 0) { partName = nm; partNameEnd = paramEnd; }
        const fn = headerParam(p, vs, le, "filename=");
        if (fn >= 0) { partFile = fn; partFileEnd = paramEnd; }
        else {
          // RFC 5987 (filename*=UTF-8''%e2%82%ac.txt): the name after the charset and language, percent-encoded
          // (the attack detectors decode it).
          const fx = headerParam(p, vs, le, "filename*=");
          if (fx >= 0) {
            let v = fx, quotes = 0;
            while (v < paramEnd && quotes < 2) { if (load<u8>(p + <usize>v) == 0x27) quotes++; v++; }
            partFile = quotes == 2 ? v : fx; partFileEnd = paramEnd;
          }
        }
      } else if (isCi(p, k, ne, "content-type")) { partType = vs; partTypeEnd = le; }
      else if (isCi(p, k, ne, "content-transfer-encoding")) partBase64 = findCi(p, vs, le, "base64") >= 0;
    }
    k = e + 1;
  }
  return -1;
}

// A ';' that ends no HTML entity, '=', '\\' or a quote in a quoted field name [s, e). (Browsers send a name
// the form's charset cannot hold with entities, "&auml;&ouml;" or "&#1046;": their ';' are the name's own.)
function delimiterInName(p: usize, s: i32, e: i32): bool {
  for (let i = s; i < e; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c == 0x3d || c == 0x5c || c == 0x22 || c == 0x27) return true;
    if (c != 0x3b) continue;
    let j = i;
    while (j > s && j > i - 10 && (lower(<u32>load<u8>(p + <usize>(j - 1))) - 0x61 < 26 || <u32>load<u8>(p + <usize>(j - 1)) - 0x30 < 10)) j--;
    if (j > s && j < i && load<u8>(p + <usize>(j - 1)) == 0x23) j--; // &#1046;
    if (!(j > s && j < i && load<u8>(p + <usize>(j - 1)) == 0x26)) return true;
  }
  return false;
}

// Bytes of the body outside any part's content (before the first delimiter, after the closing one, headers
// that never end): no parser should hand them to the application, but one might. Read as text (PII and
// attacks), never passed unread. In a body streamed chunk by chunk they are also the rest of the part an
// earlier chunk began.
function scanLoose(p: usize, s: i32, e: i32, limits: ScanLimits, f: Findings): void {
  // Binary bytes (the rest of a file a previous chunk began) are not text.
  if (e - s < 3 || looksBinary(p + <usize>s, e - s)) return;
  const c0 = f.count, o0 = f.overflowCount;
  setLocationPrefix("multipart", 0, 0);
  scanField(p + <usize>s, e - s, 0, 0, limits, f);
  clearLocationPrefix();
  f.shiftFrom(c0, o0, s);
}

// Extensions a web server runs (PHP and its aliases, JSP, ASP/ASP.NET handlers, CGI, server-side includes,
// ColdFusion) and the files that reconfigure it (.htaccess, .user.ini).
const SERVER_SCRIPT_EXTS: StaticArray<string> = ["php", "php2", "php3", "php4", "php5", "php6", "php7", "php8", "phtml", "pht", "phar", "phps", "pgif", "shtml",
  "jsp", "jspx", "jspf", "jsw", "jsv", "asp", "aspx", "asa", "asax", "ascx", "ashx", "asmx", "cer", "axd", "cgi", "cfm", "cfml", "cfc", "htaccess", "ini"];
// Whether a filename (its last path segment; NUL, "%00", spaces and trailing dots dropped, as servers and
// filesystems drop them: "shell.php.", "photo. php", "x.php%00.jpg") ends in a server-script extension, or
// holds a PHP one before another ("shell.php.jpg": Apache's handlers match any extension). ".ini" counts only
// as ".user.ini" (PHP's per-directory configuration).
export function serverScriptFileName(p: usize, n: i32): bool { return serverScriptName(p, 0, n); }
// A file named as PHP names its session files (sess_ and an id of 20 or more letters, digits, ',' or '-'):
// written into the session directory, it plants a serialized object that the next request carrying that
// session id unserializes (CRS 933220). Its last path segment, case folded; "sess_short", "my_sess_data.txt" are not.
export function phpSessionFileName(p: usize, n: i32): bool { return phpSessionName(p, 0, n); }
function phpSessionName(p: usize, s: i32, e: i32): bool {
  for (let k = s; k < e; k++) { const c = load<u8>(p + <usize>k); if (c == 0x2f || c == 0x5c) s = k + 1; }
  if (e - s < 25 || (<u32>load<u32>(p + <usize>s) | 0x20202020) != 0x73736573 || load<u8>(p + <usize>(s + 4)) != 0x5f) return false; // "sess_"
  let id = 0;
  for (let k = s + 5; k < e; k++) {
    const c = <u32>load<u8>(p + <usize>k);
    if (c - 0x30 < 10 || (c | 0x20) - 0x61 < 26 || c == 0x2c || c == 0x2d) id++;
    else if (c == 0x20 && k == e - 1) break;
    else return false;
  }
  return id >= 20;
}
function serverScriptName(p: usize, s: i32, e: i32): bool {
  for (let k = s; k < e; k++) { const c = load<u8>(p + <usize>k); if (c == 0x2f || c == 0x5c) s = k + 1; }
  const name = memory.data(128);
  let n = 0;
  for (let k = s; k < e && n < 128; k++) {
    let c = <u32>load<u8>(p + <usize>k);
    if (c == 0) break;
    if (c == 0x25 && k + 2 < e && load<u8>(p + <usize>k, 1) == 0x30 && load<u8>(p + <usize>k, 2) == 0x30) break; // %00
    if (c == 0x20) continue;
    if (c - 0x41 < 26) c |= 0x20;
    store<u8>(name + <usize>n, <u8>c);
    n++;
  }
  while (n > 0 && load<u8>(name + <usize>(n - 1)) == 0x2e) n--;
  // Each extension, last first: the last may be any of the list, an earlier one only a PHP one.
  let end = n;
  for (let d = n - 1; d >= 0; d--) {
    if (load<u8>(name + <usize>d) != 0x2e) continue;
    const es = d + 1, len = end - es;
    for (let k = 0; k < SERVER_SCRIPT_EXTS.length; k++) {
      const x = unchecked(SERVER_SCRIPT_EXTS[k]);
      if (x.length != len) continue;
      let same = true;
      for (let j = 0; j < len; j++) if (<u32>load<u8>(name + <usize>(es + j)) != <u32>x.charCodeAt(j)) { same = false; break; }
      if (!same) continue;
      if (end == n) return x != "ini" || (d >= 5 && load<u32>(name + <usize>(d - 5)) == 0x6573752e && load<u8>(name + <usize>(d - 1)) == 0x72); // .user.ini
      return x.startsWith("ph");
    }
    end = d;
  }
  return false;
}

// Scans a multipart/form-data body with the given boundary (without the leading "--"). For every part:
// - the field name and filename are checked for attacks (traversal in filenames);
// - a file (a part with a filename, a declared binary type, base64 or binary bytes) is typed by its magic bytes:
//   executables and EICAR are malware, so is a type outside `allowedKinds` (a bitmask of FileKind values;
//   0: any non-executable) and a declared format its bytes contradict (a script sent as image/png); the
//   declared type never decides what a file is;
// - the content is read by its declared type: JSON (also a text field shaped as JSON) by the JSON scanner,
//   urlencoded by the form scanner, text fields for PII (the field name as context) and attacks; a file
//   whose bytes are text (no known format, not binary) for PII whatever it declares (JSON and form files
//   by their scanners, attacks included).
// Findings in a part are located under it: multipart.NAME (a text field), multipart.NAME$.card (JSON),
// multipart.NAME.form.email (urlencoded), multipart.{name} when the name is PII. Every part is read; more
// than limits.maxFields parts is a limits finding. Returns the number of parts, or -1 when the body is
// not framed by the boundary.
export function scanMultipart(p: usize, n: i32, boundary: usize, boundaryLen: i32, allowedKinds: u32, f: Findings, limits: ScanLimits): i32 {
  if (boundaryLen <= 0 || boundaryLen > 200 || n <= 0) return -1;
  let parts = 0;
  let i = findBoundary(p, 0, n, boundary, boundaryLen);
  if (i < 2) return -1;
  delim = boundary; delimLen = boundaryLen;
  scanLoose(p, 0, i - 2, limits, f); // preamble
  while (i >= 0) {
    let hs = i + boundaryLen;
    if (hs + 1 < n && load<u16>(p + <usize>hs) == 0x2d2d) {
      // The closing delimiter. What follows (the epilogue) is read as text, and a delimiter after it
      // starts parts again: a parser that does not stop at the close must not find parts we never read.
      const again = findBoundary(p, hs + 2, n, boundary, boundaryLen);
      scanLoose(p, hs + 2, again < 0 ? n : again - 2, limits, f);
      i = again;
      continue;
    }
    // The rest of the delimiter line (transport padding) ends at LF.
    while (hs < n && load<u8>(p + <usize>hs) != 0x0a) hs++;
    hs++;
    if (hs > n) break;
    const bodyStart = readPartHeaders(p, hs, n);
    if (bodyStart == -2) { parts++; i = headersCut; continue; }
    if (bodyStart < 0) { scanLoose(p, hs, n, limits, f); break; }
    const next = findBoundary(p, bodyStart, n, boundary, boundaryLen);
    let bodyEnd = next < 0 ? n : next - 2;                   // "--" before the boundary
    if (bodyEnd > bodyStart && load<u8>(p + <usize>(bodyEnd - 1)) == 0x0a) bodyEnd -= bodyEnd - 1 > bodyStart && load<u8>(p + <usize>(bodyEnd - 2)) == 0x0d ? 2 : 1;
    if (bodyEnd < bodyStart) bodyEnd = bodyStart;
    parts++;
    if (parts > limits.maxFields) f.limitExceeded = true; // a finding; the parts after it are still read
    scanPart(p, bodyStart, bodyEnd, allowedKinds, f, limits);
    i = next;
  }
  return parts;
}

// One part whose headers were just read (partName, partFile, partType) and whose content is [bs, be).
function scanPart(p: usize, bs: i32, be: i32, allowedKinds: u32, f: Findings, limits: ScanLimits): void {
  const nm = partName, nmEnd = partNameEnd, fn = partFile, fnEnd = partFileEnd;
  const declared = partType >= 0 ? declaredType(p, partType, partTypeEnd) : Declared.None;
  const len = be - bs;
  const cp = p + <usize>bs;
  // The field name itself: an injection placed in a parameter name reaches code that builds queries from names.
  if (nm >= 0) {
    const a = detectAttackAny(p + <usize>nm, nmEnd - nm);
    if (<i32>a != 255) f.addAttack(<AttackClass><i32>a, nm, nmEnd - nm, "multipart.name", lastRule);
    // A field name holding a header delimiter (name="fi;le", "fi=le", "a\"b", "&amp;fi;le"): parsers split it at
    // different places, so what the back end reads is not what was inspected (CRS 920120). The application
    // chose its field names; none has these.
    else if (delimiterInName(p, nm, nmEnd)) f.addAttack(<AttackClass>9, nm, nmEnd - nm, "multipart.name", "protocol:multipart-name-delimiter");
  }
  if (fn >= 0) {
    const a = detectAttackAny(p + <usize>fn, fnEnd - fn);
    if (<i32>a != 255) f.addAttack(<AttackClass><i32>a, fn, fnEnd - fn, "multipart.filename", lastRule);
    // A file named to be run by the web server (shell.php, x.jsp, cmd.aspx, shell.php.jpg): a web shell
    // whatever its bytes (PHP is text). Allowed only where the route's policy allows scripts.
    else if ((allowedKinds == 0 || (allowedKinds & (1 << <u32>FileKind.Script)) == 0) && serverScriptName(p, fn, fnEnd)) {
      f.addAttack(<AttackClass>10, fn, fnEnd - fn, "multipart.filename", "malware:server-script-name");
    }
    else if (phpSessionName(p, fn, fnEnd)) f.addAttack(<AttackClass>10, fn, fnEnd - fn, "multipart.filename", "malware:php-session-file");
  }
  if (partDisposition >= 0) otherDispositionParams(p, partDisposition, partDispositionEnd, f);
  // A base64 part is typed by its decoded leading bytes (an executable must not hide in its encoding); when
  // they are text, its decoded content is read below (base64 text must not hide PII or an attack).
  const base64 = partBase64;
  const prefix = base64 ? base64DecodeInto(cp, len, B64_BUF, B64_CAP) : 0;
  const kind = base64 ? fileKind(B64_BUF, prefix) : fileKind(cp, len);
  const encodedText = base64 && kind == FileKind.Unknown && prefix > 0 && !looksBinary(B64_BUF, prefix);
  const binary = base64 || looksBinary(cp, len);
  const isFile = fn >= 0 || declared >= Declared.Generic || binary;
  if (isFile) {
    lastFileKind = kind;
    const allowed = allowedKinds == 0 ? !isExecutable(kind) : (allowedKinds & (1 << <u32>kind)) != 0;
    if (!allowed) f.addAttack(<AttackClass>10, bs, len, "multipart.file." + FILE_KIND_NAMES[<i32>kind], "malware:" + FILE_KIND_NAMES[<i32>kind] + (isExecutable(kind) ? "" : ":not-allowed"));
    else if (contradicts(declared, kind)) f.addAttack(<AttackClass>10, bs, len, "multipart.file." + FILE_KIND_NAMES[<i32>kind], "malware:type-mismatch");
    // The content of a file whose bytes are text (no format we know, not binary) is read further,
    // whatever type it declares: text declared as an image is still text.
    if (kind != FileKind.Unknown || len <= 0 || (binary && !encodedText)) return;
  } else if (kind == FileKind.Eicar) {
    f.addAttack(<AttackClass>10, bs, len, "multipart.file.eicar", "malware:eicar");
    return;
  }
  if (len <= 0) return;
  // The content, at offsets relative to the part (moved to the body's after the scan), located under the part.
  // Base64 text is read decoded (up to B64_TEXT_CAP bytes: more is a limits finding, never a silent pass);
  // its findings cover the whole encoded part, which a redaction masks.
  const c0 = f.count, o0 = f.overflowCount;
  let tp = cp, tn = len;
  if (encodedText) {
    if (b64Text == 0) b64Text = heap.alloc(<usize>B64_TEXT_CAP);
    tn = base64DecodeInto(cp, len, b64Text, B64_TEXT_CAP);
    tp = b64Text;
    if (base64Truncated) f.limitExceeded = true;
  }
  const np: usize = nm >= 0 ? p + <usize>nm : 0;
  const nn = nm >= 0 ? nmEnd - nm : 0;
  setLocationPrefix("multipart.", np, nn);
  if (declared == Declared.Json && startsLikeJson(tp, tn)) scanJson(tp, tn, limits, f);
  else if (declared == Declared.Form && containsByte(tp, tn, 0x3d)) {
    // "multipart.NAME" + ".form." + field
    appendLocationPrefix(".");
    scanForm(tp, tn, limits, f, "form.");
  }
  else if (isFile && startsLikeXml(tp, tn)) {
    // An XML or SVG file: its values read one by one (xml.ts), and the document for what its structure holds - an
    // external entity (an XML upload a parser expands: CVE-2018-2392), script elements and handlers in an SVG.
    const c1 = scanTextOrXml(tp, tn, true, limits, f);
    const attack = detectAttackInDocument(tp, tn);
    if (attack != AttackClass.None && !f.hasAttackFrom(c0, c1, attack)) f.addAttack(attack, 0, tn, nn > 0 ? "multipart." + String.UTF8.decodeUnsafe(np, <usize>nn) : "multipart", lastRule);
  }
  else if (isFile) scanText(tp, tn, f, "body");
  else scanField(tp, tn, np, nn, limits, f);
  clearLocationPrefix();
  if (encodedText) f.coverFrom(c0, o0, bs, len); else f.shiftFrom(c0, o0, bs);
}

// Decoded base64 text of a part, for reading its content: allocated on first use, B64_TEXT_CAP bytes.
const B64_TEXT_CAP: i32 = 64 * 1024;
let b64Text: usize = 0;
// The first bytes (up to 1 KiB, what fileKind reads) of a base64 part, decoded to type it.
const B64_CAP: i32 = 1024;
const B64_BUF = memory.data(1024);
// Decodes base64 text (p, n) into d, at most `cap` bytes (base64Truncated when more was there); blanks and
// line breaks are skipped, decoding stops at '=' or any other byte. Returns the decoded length.
let base64Truncated = false;
function base64DecodeInto(p: usize, n: i32, d: usize, cap: i32): i32 {
  base64Truncated = false;
  let acc: u32 = 0, bits = 0, w = 0;
  for (let i = 0; i < n; i++) {
    const v = base64Value(<u32>load<u8>(p + <usize>i));
    if (v == B64_BLANK) continue;
    if (v == B64_END) break;
    if (w >= cap) { base64Truncated = true; break; }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) { bits -= 8; store<u8>(d + <usize>w, <u8>(acc >> <u32>bits)); w++; }
  }
  return w;
}

