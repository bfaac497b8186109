// XML bodies (SOAP envelopes, XML APIs): every element's text and every attribute value is a value of its
// own, read like a form or multipart field with its name as context (<ssn>…</ssn>, <user password="…">) and
// located as xml.<element> or xml.@<attribute> (local names: <soap:Body> is "Body"). Read as one text,
// "1234 OR 1=1" in <a probe="…"> was SQL inside markup that no lexer reads as SQL, and <password>hunter2</password>
// was a word without its key. Comments, and markup that never closes, are read as text; the document as a whole
// is still one value too (XXE, injected markup: scanBody).
// One pass, no recursion, every read bounded by n: malformed XML (unclosed tags, quotes, comments) ends the
// scan, never traps. Depth and the number of values count against the scan limits (a finding, never a stop).
import { Findings } from "./findings";
import { startsWithAsciiCi } from "./pii";
import { ScanLimits, clearLocationPrefix, scanField, scanText, setLocationPrefix } from "./body";

@inline function at(p: usize, i: i32): u32 { return <u32>load<u8>(p + <usize>i); }
@inline function isBlank(c: u32): bool { return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09; }
// Bytes that end a tag or attribute name.
@inline function endsName(c: u32): bool { return isBlank(c) || c == 0x3e || c == 0x2f || c == 0x3d || c == 0x3c; }

// An XML name: a letter, '_' or ':' first, then letters, digits, - _ . : (bytes >= 0x80 taken as letters).
function xmlName(p: usize, s: i32, e: i32): bool {
  const c = at(p, s);
  if (!((c | 0x20) - 0x61 < 26 || c == 0x5f || c == 0x3a || c >= 0x80)) return false;
  for (let k = s + 1; k < e; k++) {
    const d = at(p, k);
    if (!((d | 0x20) - 0x61 < 26 || d - 0x30 < 10 || d == 0x2d || d == 0x5f || d == 0x2e || d == 0x3a || d >= 0x80)) return false;
  }
  return true;
}

// Whether the '<' at t starts markup: <! <? </ or a start tag whose name is an XML name. Any other '<' is text
// ("a < b", "Bob <bob@example.com>"), which goes on past it.
function startsMarkup(p: usize, t: i32, n: i32): bool {
  if (t + 1 >= n) return false;
  const c = at(p, t + 1);
  if (c == 0x21 || c == 0x3f || c == 0x2f) return true;
  let j = t + 1;
  while (j < n && !endsName(at(p, j))) j++;
  return j > t + 1 && xmlName(p, t + 1, j);
}

// Whether a text body is XML: after blanks (and a UTF-8 byte order mark), '<' then '?', '!' or a letter.
// HTML pages (<!DOCTYPE html>, <html>) are not: their scripts and prose are no API values.
export function startsLikeXml(p: usize, n: i32): bool {
  let i = 0;
  if (n >= 3 && at(p, 0) == 0xef && at(p, 1) == 0xbb && at(p, 2) == 0xbf) i = 3;
  while (i < n && isBlank(at(p, i))) i++;
  if (i + 1 >= n || at(p, i) != 0x3c) return false;
  const c = at(p, i + 1);
  if (c != 0x3f && c != 0x21) { // a start tag: its name is an XML name ("<alice@example.com>" is text)
    let j = i + 1;
    while (j < n && !endsName(at(p, j))) j++;
    if (j == i + 1 || !xmlName(p, i + 1, j) || (c | 0x20) - 0x61 >= 26) return false;
  }
  return !startsWithAsciiCi(p, i, n, "<!doctype html") && !startsWithAsciiCi(p, i, n, "<html");
}
// The first position at or after i where (p, n) holds `s` (ASCII), or n.
function find(p: usize, i: i32, n: i32, s: string): i32 {
  const c0 = <u32>s.charCodeAt(0), m = s.length;
  for (let k = i; k + m <= n; k++) {
    if (at(p, k) != c0) continue;
    let same = true;
    for (let j = 1; j < m; j++) if (at(p, k + j) != <u32>s.charCodeAt(j)) { same = false; break; }
    if (same) return k;
  }
  return n;
}

// The open elements' local names (start, length in the body), for the context of their text. Deeper levels
// than the stack holds are counted (limits) and take the deepest name kept.
const NAME_STACK: i32 = 64;
const openNames = memory.data(NAME_STACK * 8);
let xmlValues = 0; // values read in this document (limits.maxFields)

// One value (p + s, len) under the name (p + ns, nn): PII with the name as context, attacks, located under
// `head` + name; findings at the value's place in the body.
// Blanks around the value stay (scanField leaves them out of PII, the attack rules read them: " exec xp_…"
// after the attribute's quote is how the injection starts); a blank-only text (indentation) is no value.
function xmlValue(p: usize, s: i32, e: i32, ns: i32, nn: i32, head: string, limits: ScanLimits, f: Findings): void {
  let k = s;
  while (k < e && isBlank(at(p, k))) k++;
  if (k >= e) return;
  if (++xmlValues > limits.maxFields) f.limitExceeded = true;
  const c0 = f.count, o0 = f.overflowCount;
  setLocationPrefix(head, nn > 0 ? p + <usize>ns : 0, nn);
  scanField(p + <usize>s, e - s, nn > 0 ? p + <usize>ns : 0, nn, limits, f);
  clearLocationPrefix();
  f.shiftFrom(c0, o0, s);
}

// Text (or CDATA) at [s, e) inside `depth` open elements: a value under the innermost one's name.
function elementText(p: usize, s: i32, e: i32, depth: i32, limits: ScanLimits, f: Findings): void {
  const top = (depth < NAME_STACK ? depth : NAME_STACK) - 1;
  const ns = top >= 0 ? load<i32>(openNames + <usize>(top * 8)) : 0, nn = top >= 0 ? load<i32>(openNames + <usize>(top * 8), 4) : 0;
  xmlValue(p, s, e, ns, nn, "xml.", limits, f);
}

// Bytes that are no value (comments, declarations, processing instructions, and markup that never closes:
// "<?xml" then the whole body) read as text for PII, located as "body": nothing in an XML body goes unread.
function textRange(p: usize, s: i32, e: i32, f: Findings): void {
  if (e <= s) return;
  const c0 = f.count, o0 = f.overflowCount;
  scanText(p + <usize>s, e - s, f, "body");
  f.shiftFrom(c0, o0, s);
}

// The local name of the name at [s, e): after its last ':' (soap:Body -> Body). Returns its start.
function localStart(p: usize, s: i32, e: i32): i32 {
  for (let k = e - 1; k > s; k--) if (at(p, k) == 0x3a) return k + 1;
  return s;
}

export function scanXml(p: usize, n: i32, limits: ScanLimits, f: Findings): void {
  let depth = 0;
  xmlValues = 0;
  let i = 0;
  while (i < n) {
    // Text up to the next '<': the value of the innermost open element.
    let t = i;
    while (t < n && !(at(p, t) == 0x3c && startsMarkup(p, t, n))) t++;
    if (t > i) elementText(p, i, t, depth, limits, f);
    if (t >= n) break;
    i = t;
    const c = i + 1 < n ? at(p, i + 1) : 0;
    if (c == 0x21) { // <!-- comment -->, <![CDATA[ text ]]>, <!DOCTYPE …[ … ]>
      if (i + 3 < n && at(p, i + 2) == 0x2d && at(p, i + 3) == 0x2d) { // a comment is read as text
        const e = find(p, i + 4, n, "-->");
        textRange(p, i + 4, e, f);
        i = e + 3;
        continue;
      }
      if (startsWithAsciiCi(p, i, n, "<![cdata[")) {
        const s = i + 9, e = find(p, s, n, "]]>");
        elementText(p, s, e, depth, limits, f);
        i = e + 3;
        continue;
      }
      // A declaration: to its '>' outside brackets and quotes (the document's XXE is read whole by scanBody).
      let k = i + 2, brackets = 0, quote: u32 = 0;
      while (k < n) {
        const d = at(p, k);
        if (quote != 0) { if (d == quote) quote = 0; }
        else if (d == 0x22 || d == 0x27) quote = d;
        else if (d == 0x5b) brackets++;
        else if (d == 0x5d) { if (brackets > 0) brackets--; }
        else if (d == 0x3e && brackets == 0) break;
        k++;
      }
      // Its bytes are read as text (PII must not hide in a pseudo-declaration), and if it never closes, so is
      // all that follows rather than being skipped.
      textRange(p, i + 2, k < n ? k : n, f);
      i = k + 1;
      continue;
    }
    if (c == 0x3f) { // <?xml …?>, processing instructions: their bytes read as text too
      const e = find(p, i + 2, n, "?>");
      textRange(p, i + 2, e < n ? e : n, f);
      i = e + 2;
      continue;
    }
    if (c == 0x2f) { // </name>
      const e = find(p, i + 2, n, ">");
      if (e >= n) textRange(p, i, n, f);
      i = e + 1;
      if (depth > 0) depth--;
      continue;
    }
    // <name attr="value" …> or />
    let j = i + 1;
    while (j < n && !endsName(at(p, j))) j++;
    if (j == i + 1) { i++; continue; } // (startsMarkup said a name follows)
    const nameEnd = j, local = localStart(p, i + 1, nameEnd);
    let selfClosing = false;
    while (j < n) {
      while (j < n && isBlank(at(p, j))) j++;
      if (j >= n) break;
      const d = at(p, j);
      if (d == 0x3e) { j++; break; }
      if (d == 0x2f) { if (j + 1 < n && at(p, j + 1) == 0x3e) { selfClosing = true; j += 2; break; } j++; continue; }
      if (d == 0x3c) break; // an unclosed tag: the next one starts here
      const as = j;
      while (j < n && !endsName(at(p, j))) j++;
      if (j == as) { j++; continue; } // a stray '='
      const ae = j, al = localStart(p, as, ae);
      let k = j;
      while (k < n && isBlank(at(p, k))) k++;
      if (k >= n || at(p, k) != 0x3d) continue; // an attribute without a value
      k++;
      while (k < n && isBlank(at(p, k))) k++;
      if (k >= n) { j = k; break; }
      const q = at(p, k);
      let vs = k, ve = k;
      if (q == 0x22 || q == 0x27) {
        vs = k + 1;
        ve = vs;
        while (ve < n && at(p, ve) != q) ve++;
        j = ve < n ? ve + 1 : n;
      } else {
        while (ve < n && !isBlank(at(p, ve)) && at(p, ve) != 0x3e) ve++;
        j = ve;
      }
      // Namespace declarations name schemas, not data.
      if (!(ae - as >= 5 && startsWithAsciiCi(p, as, n, "xmlns"))) {
        xmlValue(p, vs, ve, al, ae - al, "xml.@", limits, f);
      }
    }
    if (!selfClosing) {
      if (depth < NAME_STACK) {
        store<i32>(openNames + <usize>(depth * 8), local);
        store<i32>(openNames + <usize>(depth * 8), nameEnd - local, 4);
      }
      depth++;
      if (depth > limits.maxDepth) f.limitExceeded = true;
    }
    i = j;
  }
}
