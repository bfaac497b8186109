// Protocol abuse on the request line and headers (class `protocol`): invalid methods, request smuggling
// shapes (Content-Length with Transfer-Encoding, conflicting or malformed Content-Length, a
// Transfer-Encoding that does not end in chunked) and header injection (CR/LF in values, also
// percent-encoded in parameters: response splitting). Pure functions over bytes.

import { isUnsignedJwt } from "./pii";
import { foldedNameIs } from "./prefilter";

@inline function at(p: usize, i: i32): u32 { return <u32>load<u8>(p + <usize>i); }

// RFC 9110 token characters.
function isTchar(c: u32): bool {
  return (c - 0x30 < 10) || ((c | 0x20) - 0x61 < 26) || c == 0x21 || c == 0x23 || c == 0x24 || c == 0x25 || c == 0x26 ||
    c == 0x27 || c == 0x2a || c == 0x2b || c == 0x2d || c == 0x2e || c == 0x5e || c == 0x5f || c == 0x60 || c == 0x7c || c == 0x7e;
}

// A method is invalid when it is empty, longer than 32 bytes, not a token, or not upper case (methods are
// case-sensitive; lower-case variants are a common filter-bypass probe). TRACE/TRACK are flagged too:
// they echo requests (cross-site tracing) and no API needs them.
export function invalidMethod(p: usize, n: i32): bool {
  if (n <= 0 || n > 32) return true;
  for (let i = 0; i < n; i++) {
    const c = at(p, i);
    if (!isTchar(c) || (c - 0x61 < 26)) return true;
  }
  if (n == 5 && at(p, 0) == 0x54 && at(p, 1) == 0x52 && at(p, 2) == 0x41 && at(p, 3) == 0x43 && (at(p, 4) == 0x45 || at(p, 4) == 0x4b)) return true;
  return false;
}

// A header value (or a decoded parameter) that carries a line break: header injection / response splitting.
export function hasLineBreak(p: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    const c = at(p, i);
    if (c == 0x0d || c == 0x0a) return true;
    // %0d / %0a (any case), also double-encoded %250d
    if (c == 0x25 && i + 2 < n) {
      let j = i + 1;
      if (at(p, j) == 0x32 && at(p, j + 1) == 0x35 && j + 3 < n) j += 2;
      if (at(p, j) == 0x30 && ((at(p, j + 1) | 0x20) == 0x64 || (at(p, j + 1) | 0x20) == 0x61)) return true;
    }
  }
  return false;
}

// A character whose code point ends in 0x0d or 0x0a (U+560D "嘍", U+010A "Ċ"), then a header line: an HTTP
// stack that writes a string's code units as bytes (Node's old http client, Java's String.getBytes(ISO-8859-1)
// on a non-Latin-1 char) keeps the low byte, a CR or LF, and the text after it becomes a header
// (%E5%98%8DSet-Cookie:…). Read on the decoded path (UTF-8 bytes); the line after must look like a header
// (headerLineAfterBreak: a hyphenated or response-steering name, ':' and a value), so "čas:" in a path is none.
const lowBreakLine = memory.data(128);
export function lowByteLineBreak(p: usize, n: i32): bool {
  for (let i = 0; i + 1 < n; i++) {
    const c = at(p, i);
    if (c < 0xc4) continue;
    let cp: u32 = 0, len = 0;
    if (c < 0xe0) { if ((at(p, i + 1) & 0xc0) != 0x80) continue; cp = ((c & 0x1f) << 6) | (at(p, i + 1) & 0x3f); len = 2; }
    else if (c < 0xf0 && i + 2 < n) {
      if ((at(p, i + 1) & 0xc0) != 0x80 || (at(p, i + 2) & 0xc0) != 0x80) continue;
      cp = ((c & 0x0f) << 12) | ((at(p, i + 1) & 0x3f) << 6) | (at(p, i + 2) & 0x3f); len = 3;
    } else continue;
    const low = cp & 0xff;
    if (low != 0x0d && low != 0x0a) continue;
    let m = n - i - len;
    if (m > 127) m = 127;
    store<u8>(lowBreakLine, 0x0a);
    memory.copy(lowBreakLine + 1, p + <usize>(i + len), <usize>m);
    if (headerLineAfterBreak(lowBreakLine, m + 1)) return true;
  }
  return false;
}

// Content-Length value: digits only (no sign, no spaces inside, no list). Returns the value or -1.
export function parseContentLength(p: usize, n: i32): i64 {
  let s = 0;
  let e = n;
  while (s < e && (at(p, s) == 0x20 || at(p, s) == 0x09)) s++;
  while (e > s && (at(p, e - 1) == 0x20 || at(p, e - 1) == 0x09)) e--;
  if (s == e || e - s > 15) return -1;
  let v: i64 = 0;
  for (let i = s; i < e; i++) {
    const c = at(p, i);
    if (c - 0x30 >= 10) return -1;
    v = v * 10 + <i64>(c - 0x30);
  }
  return v;
}

// Transfer-Encoding is acceptable only when its last coding is exactly "chunked" (case-insensitive)
// with nothing odd around it (no "chunked, identity", no "xchunked", no vertical tabs).
export function transferEncodingOk(p: usize, n: i32): bool {
  let e = n;
  while (e > 0 && (at(p, e - 1) == 0x20 || at(p, e - 1) == 0x09)) e--;
  if (e < 7) return false;
  const s = e - 7;
  const word = "chunked";
  for (let i = 0; i < 7; i++) if ((at(p, s + i) | 0x20) != <u32>word.charCodeAt(i)) return false;
  if (s > 0) {
    let k = s - 1;
    while (k >= 0 && (at(p, k) == 0x20 || at(p, k) == 0x09)) k--;
    if (k >= 0 && at(p, k) != 0x2c) return false;
  }
  for (let i = 0; i < s; i++) { const c = at(p, i); if (c < 0x20 && c != 0x09) return false; }
  return true;
}

// Framing across the request's headers, fed one header at a time: reset(), then observe(name, value)
// for each header, then smuggling() says whether the framing is ambiguous.
export class FramingCheck {
  contentLength: i64 = -2;      // -2: absent
  conflictingLength: bool = false;
  transferEncoding: bool = false;
  badTransferEncoding: bool = false;
  reset(): void { this.contentLength = -2; this.conflictingLength = false; this.transferEncoding = false; this.badTransferEncoding = false; }
  observe(name: usize, nameLen: i32, value: usize, valueLen: i32): void {
    if (nameEquals(name, nameLen, "content-length")) {
      const v = parseContentLength(value, valueLen);
      if (v < 0 || (this.contentLength != -2 && this.contentLength != v)) this.conflictingLength = true;
      this.contentLength = v;
    } else if (nameEquals(name, nameLen, "transfer-encoding")) {
      if (this.transferEncoding || !transferEncodingOk(value, valueLen)) this.badTransferEncoding = true;
      this.transferEncoding = true;
    }
  }
  smuggling(): bool { return this.conflictingLength || this.badTransferEncoding || (this.transferEncoding && this.contentLength != -2); }
}

function nameEquals(p: usize, n: i32, s: string): bool {
  if (n != s.length) return false;
  for (let i = 0; i < n; i++) if ((at(p, i) | 0x20) != <u32>s.charCodeAt(i)) return false;
  return true;
}

// Whether a request header carries the application's data rather than the protocol's: custom headers
// (X-Api-Version, X-User-Id, a header a client library adds) are read by every attack rule like a query value.
// The headers whose syntax HTTP, browsers, proxies and tracing define (media ranges, cache directives, trace
// contexts, forwarding chains, fetch metadata, client certificates) are not: their grammar is not
// application input, and they are checked where the protocol is (framing, Authorization's shape, lookups).
// Names arrive lower-case (Envoy's header map); the ones read elsewhere (user-agent, referer, cookie,
// x-forwarded-for, authorization, content-*) are left out here.
const PROTOCOL_HEADERS: StaticArray<string> = ["host", "connection", "keep-alive", "cache-control", "pragma", "te", "trailer", "upgrade", "via",
  "forwarded", "origin", "range", "expect", "dnt", "priority", "upgrade-insecure-requests", "date", "transfer-encoding", "proxy-authorization",
  "authorization", "user-agent", "referer", "cookie", "traceparent", "tracestate", "baggage", "b3", "x-request-id", "x-real-ip",
  "x-requested-with", "x-csrf-token", "x-xsrf-token", "sentry-trace", "x-cloud-trace-context", "x-istio-attributes", "purpose", "save-data",
  "device-memory", "downlink", "ect", "rtt", "viewport-width", "width", "dpr", "early-data", "alt-used", "max-forwards", "http2-settings",
  "x-http-method-override", "x-correlation-id", "x-amzn-trace-id", "x-filename", "x-file-name"];
const PROTOCOL_HEADER_PREFIXES: StaticArray<string> = ["accept", "content-", "sec-", "if-", "access-control-", "x-envoy-", "x-b3-", "x-forwarded-",
  "x-ot-", "x-datadog-", "grpc-", "x-amz-", "x-ms-", "x-goog-", "uber-trace-", "ot-", "x-client-data"];
export function applicationHeader(p: usize, n: i32): bool {
  if (n <= 0 || at(p, 0) == 0x3a) return false; // pseudo-headers (:path, :method) are read as the request line
  for (let k = 0; k < PROTOCOL_HEADERS.length; k++) if (nameEquals(p, n, unchecked(PROTOCOL_HEADERS[k]))) return false;
  for (let k = 0; k < PROTOCOL_HEADER_PREFIXES.length; k++) {
    const w = unchecked(PROTOCOL_HEADER_PREFIXES[k]);
    if (n >= w.length && nameEquals(p, w.length, w)) return false;
  }
  return true;
}

// A protocol header's value that its grammar never holds, so that the header is read by the attack rules like
// an application's: markup (X-Forwarded-Host: foo"><script>… - reflected into absolute URLs and cached), escaped
// markup, a pipe or command substitution, a template's delimiters, or a parent-directory step (Accept: ../../../../etc/passwd{{ - Rails' CVE-2019-5418 renders the file it names).
export function protocolHeaderAbuse(p: usize, n: i32): bool {
  for (let i = 0; i + 1 < n; i++) {
    const c = at(p, i), d = at(p, i + 1);
    if (c == 0x3c && (((d | 0x20) - 0x61 < 26) || d == 0x2f || d == 0x21)) return true;
    if (c == 0x2e && d == 0x2e && i + 2 < n && (at(p, i + 2) == 0x2f || at(p, i + 2) == 0x5c)) return true;
    if (c == 0x7b && (d == 0x7b || d == 0x25)) return true; // a template's {{ or {% (X-Forwarded-Host: x{{['id']|filter('system')}})
    // A pipe before a word or path, command substitution, escaped markup (Accept-Charset: |id, DNT: &lt;!--#exec …):
    // no protocol header's grammar has them.
    if (c == 0x7c && (((d | 0x20) - 0x61 < 26) || d == 0x2f || d == 0x20)) return true;
    if ((c == 0x24 && d == 0x28) || c == 0x60) return true;
    if (c == 0x26 && (d == 0x23 || ((d | 0x20) == 0x6c && i + 3 < n && (at(p, i + 2) | 0x20) == 0x74 && at(p, i + 3) == 0x3b))) return true;
  }
  return false;
}

@inline function isB64(c: u32): bool { return (c - 0x30 < 10) || ((c | 0x20) - 0x61 < 26) || c == 0x2b || c == 0x2f || c == 0x3d || c == 0x2d || c == 0x5f || c == 0x2e || c == 0x7e; }

// Authorization, by shape only (the credential is never evaluated or reported): a scheme and a token68
// credential without control characters; a Bearer JWT must not ask to skip verification (alg "none" or
// an empty signature); Basic must be base64. Returns true when the header is malformed or abusive.
export function badAuthorization(p: usize, n: i32): bool {
  if (n <= 0) return false;
  let i = 0;
  while (i < n && isTchar(at(p, i))) i++;
  if (i == 0 || i >= n || at(p, i) != 0x20) return true;
  const schemeEnd = i;
  while (i < n && at(p, i) == 0x20) i++;
  const s = i;
  if (s >= n) return true;
  for (let k = s; k < n; k++) { const c = at(p, k); if (c < 0x20 || c == 0x7f) return true; }
  if (schemeEnd == 6 && nameEquals(p, 6, "bearer")) {
    for (let k = s; k < n; k++) if (!isB64(at(p, k))) return true;
    if (n - s >= 3 && at(p, s) == 0x65 && at(p, s + 1) == 0x79 && at(p, s + 2) == 0x4a) return isUnsignedJwt(p + <usize>s, n - s);
    return false;
  }
  if (schemeEnd == 5 && nameEquals(p, 5, "basic")) {
    if ((n - s) % 4 != 0) return true;
    for (let k = s; k < n; k++) { const c = at(p, k); if (!((c - 0x30 < 10) || ((c | 0x20) - 0x61 < 26) || c == 0x2b || c == 0x2f || c == 0x3d)) return true; }
  }
  return false;
}

// A Cookie header in the RFC 2109 form ("$Version=1; name=\"quoted; value\""): no browser sends it any more,
// and servers that still parse it read quoted values (with ';' and '=' inside) that other parsers split
// differently, a way to slip a value past inspection (CRS 921250).
export function legacyCookie(p: usize, n: i32): bool {
  let i = 0;
  while (i < n && (at(p, i) == 0x20 || at(p, i) == 0x09)) i++;
  return n - i >= 8 && at(p, i) == 0x24 && nameEquals(p + <usize>(i + 1), 7, "version");
}

const MEDIA_TOP_TYPES: StaticArray<string> = ["application", "text", "multipart", "image", "audio", "video", "font", "model", "message"];
// A Content-Type whose parameters name another media type ("application/x-www-form-urlencoded;
// boundary=\"application/json\""): parsers that look for a type anywhere in the header read the body as
// something other than what it is declared (CRS 921421/921422), a bypass of body inspection.
export function confusingContentType(p: usize, n: i32): bool {
  let i = 0;
  while (i < n && at(p, i) != 0x3b) i++;
  for (; i < n; i++) {
    if ((at(p, i) | 0x20) - 0x61 >= 26 || (i > 0 && (at(p, i - 1) | 0x20) - 0x61 < 26)) continue;
    for (let k = 0; k < MEDIA_TOP_TYPES.length; k++) {
      const t = unchecked(MEDIA_TOP_TYPES[k]);
      const m = t.length;
      if (i + m < n && at(p, i + <i32>m) == 0x2f && nameEquals(p + <usize>i, m, t)) return true;
    }
  }
  return false;
}

// A Content-Type that is no media type: not `type/subtype` made of token characters ("my-new-content-type",
// "application"). Back ends guess what such a body is, and the inspection cannot know what they guess
// (CRS 920420). An empty header is left to the body's own shape.
export function malformedContentType(p: usize, n: i32): bool {
  let s = 0, e = 0;
  while (s < n && (at(p, s) == 0x20 || at(p, s) == 0x09)) s++;
  e = s;
  while (e < n && at(p, e) != 0x3b) e++;
  while (e > s && (at(p, e - 1) == 0x20 || at(p, e - 1) == 0x09)) e--;
  if (e == s) return false;
  let slash = -1;
  for (let i = s; i < e; i++) {
    const c = at(p, i);
    if (c == 0x2f) { if (slash >= 0) return true; slash = i; }
    else if (!isTchar(c)) return true;
  }
  return slash <= s || slash >= e - 1;
}

// A NUL byte in a query string, raw or as %00: no form or link sends one; it cuts strings in C-based back ends
// and old PHP file functions (report.pdf%00.txt; CRS 920270).
export function nulInQuery(p: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    const c = at(p, i);
    if (c == 0 || (c == 0x25 && i + 2 < n && at(p, i + 1) == 0x30 && at(p, i + 2) == 0x30)) return true;
  }
  return false;
}

// The charset a request's Content-Type declares, when a back end could read the body in an encoding the
// inspection did not (CRS 920480): two charset parameters (parsers take the first or the last), an EBCDIC
// code page (ibm037, cp500: IIS and ASP.NET decode them, and "' or 1=1" is no longer ASCII), UTF-7 (its
// "+ADw-" is '<' to a decoder), or a name outside the encodings clients send (utf-8, us-ascii, iso-8859-N,
// windows-125N, utf-16/32, and the common Japanese, Chinese, Korean and Cyrillic ones).
const KNOWN_CHARSETS: StaticArray<string> = ["utf-8", "utf8", "unicode-1-1-utf-8", "us-ascii", "ascii", "latin1", "utf-16", "utf-16le", "utf-16be",
  "utf-32", "utf-32le", "utf-32be", "shift_jis", "sjis", "windows-31j", "euc-jp", "iso-2022-jp", "gb2312", "gbk", "gb18030", "big5",
  "euc-kr", "ks_c_5601-1987", "koi8-r", "koi8-u", "tis-620", "windows-874"];
export function unusualCharset(p: usize, n: i32): bool {
  let seen = 0;
  let i = 0;
  while (i < n && at(p, i) != 0x3b) i++;
  while (i < n) {
    i++; // past ';'
    while (i < n && (at(p, i) == 0x20 || at(p, i) == 0x09)) i++;
    const ps = i;
    while (i < n && at(p, i) != 0x3d && at(p, i) != 0x3b) i++;
    let pe = i;
    while (pe > ps && (at(p, pe - 1) == 0x20 || at(p, pe - 1) == 0x09)) pe--;
    if (i >= n || at(p, i) != 0x3d) continue;
    i++;
    while (i < n && (at(p, i) == 0x20 || at(p, i) == 0x09)) i++;
    let vs = i, ve: i32;
    if (i < n && (at(p, i) == 0x22 || at(p, i) == 0x27)) {
      const q = at(p, i);
      vs = ++i;
      while (i < n && at(p, i) != q) i++;
      ve = i;
      while (i < n && at(p, i) != 0x3b) i++;
    } else {
      while (i < n && at(p, i) != 0x3b) i++;
      ve = i;
      while (ve > vs && (at(p, ve - 1) == 0x20 || at(p, ve - 1) == 0x09)) ve--;
    }
    if (!nameEquals(p + <usize>ps, pe - ps, "charset")) continue;
    if (++seen > 1) return true;
    if (!knownCharset(p + <usize>vs, ve - vs)) return true;
  }
  return false;
}
function knownCharset(p: usize, n: i32): bool {
  for (let k = 0; k < KNOWN_CHARSETS.length; k++) if (foldedNameIs(p, n, unchecked(KNOWN_CHARSETS[k]))) return true;
  // iso-8859-N / iso8859-N / iso_8859-N (N 1-16), windows-125N / cp125N.
  let d = -1;
  if (n >= 10 && foldedNameIs(p, 9, "iso-8859-")) d = 9;
  else if (n >= 9 && foldedNameIs(p, 8, "iso8859-")) d = 8;
  else if (n >= 10 && foldedNameIs(p, 9, "iso_8859-")) d = 9;
  if (d > 0) {
    let v = 0;
    for (let k = d; k < n; k++) { const c = at(p, k); if (c - 0x30 >= 10) return false; v = v * 10 + <i32>(c - 0x30); }
    return n - d <= 2 && v >= 1 && v <= 16;
  }
  if ((n == 12 && foldedNameIs(p, 11, "windows-125")) || (n == 6 && foldedNameIs(p, 5, "cp125"))) return at(p, n - 1) - 0x30 < 9;
  return false;
}

// A decoded query value that starts a header line after a line break ("en\r\nX-Injected: 1"): a value copied
// into a response header (a redirect's Location, a Set-Cookie) splits the response. Any header name counts
// here; in bodies only the names that frame or steer a response do (attack.ts), as multi-line text has
// "Note: …" lines. A header line as HTTP reads one, named like a header (hyphenated, or Location, Refresh,
// Cookie, Host, Link, Server): the name right at the line's start (a line starting with a
// blank continues the previous one) and ':' right after it (no blank between, RFC 9112). Multi-line text in a
// query string without such a line passes ("\n    Closes: #849782" is indented). Text that is itself made
// of "Name: value" lines (an e-mail's headers, a Debian control paragraph) sent in a query string is flagged.
// (And a mail's copy headers, Bcc and Cc: a contact form's address field that ends a line and adds recipients
// is SMTP header injection, "<you@example.com>%0aBcc:<them@example.com>".)
const STEERING_HEADERS: StaticArray<string> = ["location", "refresh", "cookie", "host", "link", "server", "bcc", "cc"];
export function headerLineAfterBreak(p: usize, n: i32): bool {
  let i = 0;
  while (i < n) {
    const c = at(p, i++);
    if (c != 0x0d && c != 0x0a) continue;
    while (i < n && (at(p, i) == 0x0d || at(p, i) == 0x0a)) i++;
    const s = i;
    let hyphen = false;
    while (i < n && isTchar(at(p, i))) { if (at(p, i) == 0x2d) hyphen = true; i++; }
    if (i == s || i >= n || at(p, i) != 0x3a || (at(p, s) | 0x20) - 0x61 >= 26) continue;
    // A header's name: hyphenated (Set-Cookie, X-Injected, Content-Length) or one of the one-word names that
    // steer a response; "Error:", "Default:", "TODO:" start lines of text.
    if (!hyphen) {
      let steering = false;
      for (let k = 0; k < STEERING_HEADERS.length && !steering; k++) steering = nameEquals(p + <usize>s, i - s, unchecked(STEERING_HEADERS[k]));
      if (!steering) continue;
    }
    // A value after it, and not a URL's "//" ("see:\nhttp://…" is a link on its own line).
    let v = i + 1;
    while (v < n && (at(p, v) == 0x20 || at(p, v) == 0x09)) v++;
    if (v < n && at(p, v) != 0x0d && at(p, v) != 0x0a && !(i + 2 < n && at(p, i + 1) == 0x2f && at(p, i + 2) == 0x2f)) return true;
  }
  return false;
}
