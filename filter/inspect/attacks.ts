// Attack detection over one value: decode and normalize first (URL encoding repeated and %uXXXX, HTML
// entities, case, SQL comments, null bytes), then look at tokens, not keywords, so that prose such as
// "select a drop-off point", "O'Brien" or a code sample in a sentence does not trip a rule.
// Pure and bounded: works in a fixed scratch area, never traps.

export const enum AttackClass { Sqli = 0, Xss = 1, Traversal = 2, Rfi = 3, Cmdi = 4, Ssrf = 5, Xxe = 6, Jndi = 7, Ssti = 8, None = 255 }

const CAP: i32 = 8192;
const norm = memory.data(8192);
const work = memory.data(8192);
let normLength: i32 = 0;

@inline function at(p: usize, i: i32): u32 { return <u32>load<u8>(p + <usize>i); }
@inline function isHex(c: u32): bool { return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6; }
@inline function hexVal(c: u32): u32 { return c - 0x30 < 10 ? c - 0x30 : (c | 0x20) - 0x61 + 10; }
@inline function isWord(c: u32): bool { return c - 0x30 < 10 || c - 0x61 < 26 || c == 0x5f; }
@inline function isSpace(c: u32): bool { return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d || c == 0x0b || c == 0x0c || c == 0x2b; }

// URL-decodes (incl. %uXXXX as its low byte for ASCII) src into dst; returns length and whether it changed.
function urlDecode(src: usize, n: i32, dst: usize): i32 {
  let w = 0;
  for (let i = 0; i < n && w < CAP; i++) {
    const c = at(src, i);
    if (c == 0x25 && i + 2 < n && isHex(at(src, i + 1)) && isHex(at(src, i + 2))) { store<u8>(dst + <usize>w, <u8>((hexVal(at(src, i + 1)) << 4) | hexVal(at(src, i + 2)))); i += 2; }
    else if (c == 0x25 && i + 5 < n && (at(src, i + 1) | 0x20) == 0x75 && isHex(at(src, i + 2)) && isHex(at(src, i + 3)) && isHex(at(src, i + 4)) && isHex(at(src, i + 5))) {
      const v = (hexVal(at(src, i + 2)) << 12) | (hexVal(at(src, i + 3)) << 8) | (hexVal(at(src, i + 4)) << 4) | hexVal(at(src, i + 5));
      store<u8>(dst + <usize>w, <u8>(v < 0x80 ? v : (v == 0xff0f || v == 0x2215 ? 0x2f : 0x3f))); i += 5; // fullwidth slash tricks -> '/'
    }
    else store<u8>(dst + <usize>w, <u8>c);
    w++;
  }
  return w;
}

// HTML entities: &lt; &gt; &quot; &apos; &amp; &#NN; &#xHH; (the common ones attackers use).
function htmlDecode(src: usize, n: i32, dst: usize): i32 {
  let w = 0;
  for (let i = 0; i < n && w < CAP; i++) {
    const c = at(src, i);
    if (c == 0x26 && i + 2 < n) {
      let v: i32 = -1, len = 0;
      if (at(src, i + 1) == 0x23) {
        let j = i + 2, base = 10;
        if (j < n && (at(src, j) | 0x20) == 0x78) { base = 16; j++; }
        let val = 0, digits = 0;
        while (j < n && digits < 7 && (base == 16 ? isHex(at(src, j)) : at(src, j) - 0x30 < 10)) { val = val * base + <i32>hexVal(at(src, j)); j++; digits++; }
        if (digits > 0) { v = val; len = j - i; if (j < n && at(src, j) == 0x3b) len++; }
      } else {
        const names = ["lt;", "gt;", "quot;", "apos;", "amp;", "colon;", "tab;", "newline;", "lpar;", "rpar;"];
        const values: i32[] = [0x3c, 0x3e, 0x22, 0x27, 0x26, 0x3a, 0x09, 0x0a, 0x28, 0x29];
        for (let k = 0; k < names.length; k++) {
          const name = names[k];
          if (i + 1 + name.length > n) continue;
          let ok = true;
          for (let m = 0; m < name.length; m++) if ((at(src, i + 1 + m) | 0x20) != <u32>name.charCodeAt(m)) { ok = false; break; }
          if (ok) { v = values[k]; len = name.length + 1; break; }
        }
      }
      if (v >= 0) { store<u8>(dst + <usize>w, <u8>(v < 0x80 ? v : 0x3f)); w++; i += len - 1; continue; }
    }
    store<u8>(dst + <usize>w, <u8>c);
    w++;
  }
  return w;
}

// Decoded, lower-cased, SQL comments as spaces, null bytes dropped, into `norm`.
function normalize(p: usize, n: i32): void {
  if (n > CAP) n = CAP;
  memory.copy(norm, p, <usize>n);
  let len = n;
  for (let pass = 0; pass < 3; pass++) { // repeated encodings (%2527 -> %27 -> ')
    let changed = false;
    for (let i = 0; i + 2 < len; i++) if (at(norm, i) == 0x25 && ((isHex(at(norm, i + 1)) && isHex(at(norm, i + 2))) || (at(norm, i + 1) | 0x20) == 0x75)) { changed = true; break; }
    if (!changed) break;
    len = urlDecode(norm, len, work);
    memory.copy(norm, work, <usize>len);
  }
  len = htmlDecode(norm, len, work);
  let w = 0;
  for (let i = 0; i < len; i++) {
    let c = at(work, i);
    if (c == 0) continue;
    if (c == 0x2f && i + 1 < len && at(work, i + 1) == 0x2a) { // /* comment */ -> space
      let j = i + 2;
      while (j + 1 < len && !(at(work, j) == 0x2a && at(work, j + 1) == 0x2f)) j++;
      i = j + 1;
      c = 0x20;
    }
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    store<u8>(norm + <usize>w, <u8>c);
    w++;
  }
  normLength = w;
}

function has(s: string): bool { return find(s, 0) >= 0; }
function find(s: string, from: i32): i32 {
  const m = s.length;
  for (let i = from; i + m <= normLength; i++) {
    let j = 0;
    while (j < m && at(norm, i + j) == <u32>s.charCodeAt(j)) j++;
    if (j == m) return i;
  }
  return -1;
}
function skipSpace(i: i32): i32 { while (i < normLength && (isSpace(at(norm, i)) || at(norm, i) == 0x28 || at(norm, i) == 0x29)) i++; return i; }
function wordAt(i: i32, w: string): bool {
  if (i + w.length > normLength) return false;
  for (let k = 0; k < w.length; k++) if (at(norm, i + k) != <u32>w.charCodeAt(k)) return false;
  return i + w.length == normLength || !isWord(at(norm, i + w.length));
}
function wordStart(i: i32): bool { return i == 0 || !isWord(at(norm, i - 1)); }

// ---- SQL injection ----------------------------------------------------------------------------------

const SQL_STACKED = ["select", "insert", "update", "delete", "drop", "alter", "create", "truncate", "exec", "execute", "shutdown", "declare", "grant"];
const SQL_FUNCS = ["sleep(", "benchmark(", "pg_sleep(", "waitfor delay", "load_file(", "extractvalue(", "updatexml(", "xp_cmdshell", "information_schema", "@@version", "utl_inaddr", "dbms_pipe", "sysobjects", "char(", "concat(0x"];

function sqli(): bool {
  // UNION [ALL|DISTINCT] SELECT
  for (let i = find("union", 0); i >= 0; i = find("union", i + 1)) {
    if (!wordStart(i)) continue;
    let j = skipSpace(i + 5);
    if (wordAt(j, "all")) j = skipSpace(j + 3); else if (wordAt(j, "distinct")) j = skipSpace(j + 8);
    if (wordAt(j, "select")) return true;
  }
  for (let k = 0; k < SQL_FUNCS.length; k++) {
    const at_ = find(SQL_FUNCS[k], 0);
    if (at_ >= 0 && wordStart(at_)) return true;
  }
  for (let i = 0; i < normLength; i++) {
    const c = at(norm, i);
    // Stacked query: ; DROP TABLE …
    if (c == 0x3b) {
      const j = skipSpace(i + 1);
      for (let k = 0; k < SQL_STACKED.length; k++) if (wordAt(j, SQL_STACKED[k])) {
        // Needs a second SQL word after the verb (DROP TABLE, SELECT * FROM, DELETE FROM…).
        let m = skipSpace(j + SQL_STACKED[k].length);
        if (m < normLength && (isWord(at(norm, m)) || at(norm, m) == 0x2a)) return true;
      }
    }
    // A closing quote followed by a boolean operator and a comparison, or by a comment.
    if (c == 0x27 || c == 0x22 || c == 0x60) {
      let j = skipSpace(i + 1);
      if (j + 1 < normLength && ((at(norm, j) == 0x2d && at(norm, j + 1) == 0x2d) || at(norm, j) == 0x23) && i > 0) return true; // admin'--
      if (wordAt(j, "or") || wordAt(j, "and") || wordAt(j, "xor") || (j + 1 < normLength && ((at(norm, j) == 0x7c && at(norm, j + 1) == 0x7c) || (at(norm, j) == 0x26 && at(norm, j + 1) == 0x26)))) {
        j = skipSpace(j + (at(norm, j) == 0x7c || at(norm, j) == 0x26 ? 2 : wordAt(j, "or") ? 2 : 3));
        // operand, then = < > like, or a function/number/quote that makes a tautology
        let k = j;
        while (k < normLength && (isWord(at(norm, k)) || at(norm, k) == 0x27 || at(norm, k) == 0x22)) k++;
        k = skipSpace(k);
        if (k < normLength) {
          const op = at(norm, k);
          if (op == 0x3d || op == 0x3c || op == 0x3e || op == 0x21 || wordAt(k, "like") || wordAt(k, "is") || wordAt(k, "in")) return true;
        }
        if (k >= normLength && j < normLength && (at(norm, j) - 0x30 < 10 || wordAt(j, "true"))) return true; // ' or 1 / ' or true
      }
    }
  }
  return false;
}

// ---- XSS ----------------------------------------------------------------------------------------------

const XSS_TAGS = ["script", "img", "svg", "iframe", "body", "object", "embed", "video", "audio", "details", "math", "a", "input", "form", "marquee", "base", "link", "meta", "style", "isindex", "frameset", "textarea", "select", "keygen", "button", "div", "image", "xss"];

function xss(): bool {
  if (has("javascript:") || has("vbscript:") || has("data:text/html") || has("livescript:")) return true;
  for (let i = find("<", 0); i >= 0; i = find("<", i + 1)) {
    let j = i + 1;
    if (j < normLength && at(norm, j) == 0x2f) j++;
    for (let k = 0; k < XSS_TAGS.length; k++) {
      const t = XSS_TAGS[k];
      if (!wordAt(j, t)) continue;
      if (t == "script" || t == "iframe" || t == "object" || t == "embed" || t == "svg" || t == "math" || t == "base" || t == "isindex" || t == "frameset") return true;
      // Other tags: an event handler or a dangerous attribute inside the tag.
      let end = j;
      while (end < normLength && at(norm, end) != 0x3e) end++;
      for (let m = j + t.length; m + 3 < end; m++) {
        if ((isSpace(at(norm, m - 1)) || at(norm, m - 1) == 0x2f || at(norm, m - 1) == 0x22 || at(norm, m - 1) == 0x27) && at(norm, m) == 0x6f && at(norm, m + 1) == 0x6e) {
          let q = m + 2;
          while (q < end && isWord(at(norm, q))) q++;
          while (q < end && isSpace(at(norm, q))) q++;
          if (q > m + 3 && q < end && at(norm, q) == 0x3d) return true; // onerror=, onload = …
        }
      }
      if (find("srcdoc=", j) >= 0 && find("srcdoc=", j) < end) return true;
    }
  }
  return has("expression(") && has("style");
}

// ---- traversal, LFI, RFI ------------------------------------------------------------------------------

function traversal(): bool {
  let dots = 0;
  for (let i = 0; i + 2 < normLength; i++) {
    if (at(norm, i) == 0x2e && at(norm, i + 1) == 0x2e && (at(norm, i + 2) == 0x2f || at(norm, i + 2) == 0x5c)) dots++;
  }
  if (dots >= 2) return true;
  const targets = ["/etc/passwd", "/etc/shadow", "/etc/hosts", "/proc/self/", "c:\\windows\\", "c:/windows/", "win.ini", "boot.ini", "/.ssh/", "web-inf/web.xml", "/.env", "/.git/"];
  for (let k = 0; k < targets.length; k++) if (has(targets[k])) return dots >= 1 || find(targets[k], 0) <= 1;
  return has("file://") || has("php://filter") || has("expect://") || has("zip://");
}

function rfi(): bool {
  // A remote script URL where a file or page is expected: ends in a script extension or a trailing '?'.
  const s = find("://", 0);
  if (s < 2 || s > 6) return false;
  if (!(wordAt(0, "http") || wordAt(0, "https") || wordAt(0, "ftp"))) return false;
  const last = at(norm, normLength - 1);
  return last == 0x3f || has(".php") || has(".txt?") || has(".jsp") || has(".asp") || has("/shell");
}

// ---- command injection ----------------------------------------------------------------------------------

const COMMANDS = ["cat", "ls", "id", "whoami", "uname", "curl", "wget", "nc", "ncat", "bash", "sh", "zsh", "powershell", "cmd", "ping", "nslookup", "rm", "chmod", "python", "python3", "perl", "php", "sleep", "echo", "ifconfig", "netstat", "telnet", "busybox", "certutil"];

function cmdi(): bool {
  for (let i = 0; i < normLength; i++) {
    const c = at(norm, i);
    let j = -1;
    if (c == 0x3b || c == 0x0a || c == 0x60) j = i + 1;                               // ; newline `
    else if (c == 0x7c) j = i + 1 < normLength && at(norm, i + 1) == 0x7c ? i + 2 : i + 1; // | ||
    else if (c == 0x26 && i + 1 < normLength && at(norm, i + 1) == 0x26) j = i + 2;     // &&
    else if (c == 0x24 && i + 1 < normLength && at(norm, i + 1) == 0x28) j = i + 2;     // $(
    if (j < 0) continue;
    while (j < normLength && (at(norm, j) == 0x20 || at(norm, j) == 0x09)) j++;
    // Allow a path prefix: ;/bin/cat
    let k = j;
    while (k < normLength && at(norm, k) == 0x2f) { k++; while (k < normLength && isWord(at(norm, k))) k++; if (k < normLength && at(norm, k) == 0x2f) continue; else { k = j; break; } }
    for (let m = 0; m < COMMANDS.length; m++) {
      const cmd = COMMANDS[m];
      let start = j;
      if (find("/bin/", j) == j) start = j + 5;
      else if (find("/usr/bin/", j) == j) start = j + 9;
      if (wordAt(start, cmd)) {
        const after = start + cmd.length;
        // Followed by an argument, the end, or another operator: not the word in prose ("; id like").
        if (after >= normLength || at(norm, after) == 0x20 || at(norm, after) == 0x3b || at(norm, after) == 0x7c || at(norm, after) == 0x29 || at(norm, after) == 0x60 || at(norm, after) == 0x26) {
          if (c == 0x3b && after < normLength && at(norm, after) == 0x20 && cmd.length <= 2 && after + 1 < normLength && isWord(at(norm, after + 1)) && !(at(norm, after + 1) == 0x2d || at(norm, after + 1) == 0x2f)) continue;
          return true;
        }
      }
    }
  }
  return false;
}

// ---- SSRF ---------------------------------------------------------------------------------------------------

function ssrf(): bool {
  let s = find("://", 0);
  if (s < 0) return false;
  for (let k = 0; k < s; k++) if (!isWord(at(norm, k))) return false;
  if (wordAt(0, "gopher") || wordAt(0, "dict") || wordAt(0, "file") || wordAt(0, "ldap") || wordAt(0, "tftp")) return true;
  let h = s + 3;
  // skip userinfo@
  let at_ = -1;
  for (let i = h; i < normLength && at(norm, i) != 0x2f; i++) if (at(norm, i) == 0x40) at_ = i;
  if (at_ >= 0) h = at_ + 1;
  let e = h;
  if (e < normLength && at(norm, e) == 0x5b) { while (e < normLength && at(norm, e) != 0x5d) e++; e++; }
  else while (e < normLength && at(norm, e) != 0x2f && at(norm, e) != 0x3a && at(norm, e) != 0x3f && at(norm, e) != 0x23) e++;
  const hl = e - h;
  if (hl <= 0) return false;
  const hs = String.UTF8.decodeUnsafe(norm + <usize>h, <usize>hl);
  if (hs == "localhost" || hs.endsWith(".localhost") || hs == "metadata.google.internal" || hs == "metadata" || hs == "instance-data" || hs == "[::1]" || hs == "[::]" || hs.startsWith("[fd00:ec2::254") || hs.startsWith("[::ffff:") || hs.startsWith("[fe80")) return true;
  // Numeric hosts: dotted (any base per part), single decimal, hex.
  const parts = hs.split(".");
  if (parts.length > 4) return false;
  const values = new Array<i64>(0);
  for (let i = 0; i < parts.length; i++) {
    const v = parseNumber(parts[i]);
    if (v < 0) return false;
    values.push(v);
  }
  let ip: i64 = 0;
  if (values.length == 1) ip = values[0];
  else if (values.length == 4) { for (let i = 0; i < 4; i++) { if (values[i] > 255) return false; ip = (ip << 8) | values[i]; } }
  else if (values.length == 2) { if (values[0] > 255) return false; ip = (values[0] << 24) | (values[1] & 0xffffff); }
  else { if (values[0] > 255 || values[1] > 255) return false; ip = (values[0] << 24) | (values[1] << 16) | (values[2] & 0xffff); }
  if (ip < 0 || ip > 0xffffffff) return false;
  const a = ip >> 24, b = (ip >> 16) & 255;
  return a == 127 || a == 10 || a == 0 || (a == 169 && b == 254) || (a == 192 && b == 168) || (a == 172 && b >= 16 && b <= 31) || (a == 100 && b >= 64 && b <= 127);
}

// A number in decimal, 0x-hex or 0-octal; -1 if not a number.
function parseNumber(s: string): i64 {
  if (s.length == 0 || s.length > 12) return -1;
  let base: i64 = 10, i = 0;
  if (s.startsWith("0x")) { base = 16; i = 2; } else if (s.length > 1 && s.charCodeAt(0) == 0x30) { base = 8; i = 1; }
  if (i >= s.length) return -1;
  let v: i64 = 0;
  for (; i < s.length; i++) {
    const c = <u32>s.charCodeAt(i);
    let d: i64;
    if (c - 0x30 < 10) d = <i64>(c - 0x30); else if (base == 16 && c - 0x61 < 6) d = <i64>(c - 0x61 + 10); else return -1;
    if (d >= base) return -1;
    v = v * base + d;
  }
  return v;
}

// ---- XXE, JNDI, SSTI --------------------------------------------------------------------------------------

function xxe(): bool {
  return (has("<!doctype") && (has("<!entity") || has("system") && has("[")) && (has(" system ") || has(" system\"") || has(" public ") || has("%"))) || (has("<!entity") && (has(" system ") || has(" public ")));
}

// Log4Shell: ${jndi:…} including nested lookups (${${lower:j}ndi:…}, ${${::-j}${::-n}di:…}).
function jndi(): bool {
  if (find("${", 0) < 0) return false;
  // Resolve innermost ${…} groups to what they expand to, a few times: ${lower:x} -> x, ${…:-x} -> x.
  let len = normLength;
  memory.copy(work, norm, <usize>len);
  for (let pass = 0; pass < 6; pass++) {
    let w = 0, changed = false;
    let i = 0;
    while (i < len) {
      if (at(work, i) == 0x24 && i + 1 < len && at(work, i + 1) == 0x7b) {
        // find the matching innermost close: the first '}' with no '${' in between
        let j = i + 2, inner = true;
        while (j < len && at(work, j) != 0x7d) { if (at(work, j) == 0x24 && j + 1 < len && at(work, j + 1) == 0x7b) { inner = false; break; } j++; }
        if (inner && j < len) {
          const body = String.UTF8.decodeUnsafe(work + <usize>(i + 2), <usize>(j - i - 2));
          let out = "";
          const dash = body.lastIndexOf(":-");
          if (body.startsWith("lower:") || body.startsWith("upper:")) out = body.substring(6);
          else if (dash >= 0) out = body.substring(dash + 2);
          else if (body.startsWith("jndi:") || body.startsWith("ctx:") || body.startsWith("env:") || body.startsWith("sys:") || body.startsWith("date:")) out = "\u0001" + body; // keep, marked
          else out = body;
          if (!body.startsWith("jndi:")) {
            for (let k = 0; k < out.length && w < CAP; k++) { const ch = <u32>out.charCodeAt(k); store<u8>(norm + <usize>w, <u8>(ch < 0x80 ? (ch >= 0x41 && ch <= 0x5a ? ch | 0x20 : ch) : 0x3f)); w++; }
            i = j + 1; changed = true; continue;
          }
        }
      }
      if (w < CAP) { store<u8>(norm + <usize>w, load<u8>(work + <usize>i)); w++; }
      i++;
    }
    len = w;
    memory.copy(work, norm, <usize>len);
    if (!changed) break;
  }
  normLength = len;
  return has("${jndi:") || has("jndi:ldap") || has("jndi:rmi") || has("jndi:dns") || has("jndi:ldaps") || has("jndi:iiop") || has("jndi:nis") || has("jndi:corba") || has("jndi:nds") || has("jndi:http");
}

function ssti(): bool {
  const markers = ["{{", "${", "<%=", "#{", "{%"];
  for (let k = 0; k < markers.length; k++) {
    for (let i = find(markers[k], 0); i >= 0; i = find(markers[k], i + 1)) {
      let j = i + markers[k].length;
      let end = j;
      while (end < normLength && end - j < 200 && at(norm, end) != 0x7d && at(norm, end) != 0x25) end++;
      if (end >= normLength || end == j) continue;
      const body = String.UTF8.decodeUnsafe(norm + <usize>j, <usize>(end - j));
      if (body.includes("__class__") || body.includes("__globals__") || body.includes("__builtins__") || body.includes("__subclasses__") || body.includes("__import__") ||
          body.includes("config.items") || body.includes("self.") || body.includes("request.application") || body.includes("t(java.lang") || body.includes("getruntime") ||
          body.includes("freemarker.template") || body.includes("popen(") || body.includes(".exec(") || body.includes("system(")) return true;
      // Arithmetic probes: {{7*7}}, ${7*'7'}
      let digits = 0, ops = 0, other = 0;
      for (let m = 0; m < body.length; m++) {
        const c = <u32>body.charCodeAt(m);
        if (c - 0x30 < 10) digits++; else if (c == 0x2a || c == 0x2b || c == 0x2d || c == 0x2f) ops++; else if (c != 0x20 && c != 0x27 && c != 0x22) other++;
      }
      if (digits >= 2 && ops >= 1 && other == 0) return true;
    }
  }
  return false;
}

// Every detector needs at least one of these bytes (quotes, separators, markup, encodings, paths, URLs,
// lookups, templates), except UNION SELECT which needs the letters of "union". One pass decides whether a
// value is worth normalizing at all; most API values (names, ids, emails, prose) are not.
function mayBeAttack(p: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    const c = at(p, i);
    if (c == 0x27 || c == 0x22 || c == 0x3b || c == 0x7c || c == 0x26 || c == 0x60 || c == 0x24 || c == 0x3c || c == 0x3e ||
        c == 0x25 || c == 0x28 || c == 0x7b || c == 0x5c || c == 0x23 || c == 0x0a) return true;
    if (c == 0x2f && i > 0 && (at(p, i - 1) == 0x2e || at(p, i - 1) == 0x3a)) return true;         // ../ or ://
    if ((c | 0x20) == 0x75 && i + 4 < n && (at(p, i + 1) | 0x20) == 0x6e && (at(p, i + 2) | 0x20) == 0x69 && (at(p, i + 3) | 0x20) == 0x6f && (at(p, i + 4) | 0x20) == 0x6e) return true; // union
  }
  return false;
}

// Classifies one value.
export function detectAttack(p: usize, n: i32): AttackClass {
  if (n < 3 || !mayBeAttack(p, n)) return AttackClass.None;
  normalize(p, n);
  if (normLength < 3) return AttackClass.None;
  if (jndiCandidate()) { if (jndi()) return AttackClass.Jndi; normalize(p, n); }
  if (sqli()) return AttackClass.Sqli;
  if (xss()) return AttackClass.Xss;
  if (xxe()) return AttackClass.Xxe;
  if (traversal()) return AttackClass.Traversal;
  if (ssrf()) return AttackClass.Ssrf;
  if (rfi()) return AttackClass.Rfi;
  if (cmdi()) return AttackClass.Cmdi;
  if (ssti()) return AttackClass.Ssti;
  return AttackClass.None;
}

function jndiCandidate(): bool { return find("${", 0) >= 0 && (has("jndi") || has("j}") || has(":-j") || has("lower:") || has("upper:")); }

export function normalizedForTests(p: usize, n: i32): string { normalize(p, n); return String.UTF8.decodeUnsafe(norm, <usize>normLength); }
