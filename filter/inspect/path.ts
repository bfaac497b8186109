// The request path as the application will see it, for matching rules against: a rule on /admin must
// also hold for //admin, /./admin, /x/../admin, /%61dmin, /%2561dmin and \admin. Pure, bounded.
//   - the query and fragment are dropped;
//   - percent-encodings are decoded, repeatedly (double encoding), up to 3 passes, including IIS-style
//     %uXXXX and overlong UTF-8 for ASCII (%c0%af is '/'); %2F and %5C become separators (the
//     conservative reading for prefix rules);
//   - path parameters are dropped from each segment (/admin;jsessionid=1, /x/..;/admin as Tomcat reads them);
//   - backslashes are separators; runs of separators are one '/';
//   - dot segments are removed (RFC 3986 §5.2.4); the result always starts with '/'.
import { startsWithAsciiCi } from "./pii";
import { endsWithFolded } from "./prefilter";

@inline function at(p: usize, i: i32): u32 { return <u32>load<u8>(p + <usize>i); }
@inline function isHex(c: u32): bool { return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6; }
@inline function hexVal(c: u32): u32 { return c - 0x30 < 10 ? c - 0x30 : (c | 0x20) - 0x61 + 10; }

const PASS_CAP: i32 = 8192;
const passA = memory.data(8192);
const passB = memory.data(8192);

// One percent-decoding pass of (s, n) into d; returns the length and sets `decodedAny`.
let decodedAny = false;
function decodeOnce(s: usize, n: i32, d: usize): i32 {
  let w = 0;
  decodedAny = false;
  for (let i = 0; i < n && w < PASS_CAP; i++) {
    const c = at(s, i);
    if (c == 0x25 && i + 5 < n && (at(s, i + 1) | 0x20) == 0x75 && isHex(at(s, i + 2)) && isHex(at(s, i + 3)) && isHex(at(s, i + 4)) && isHex(at(s, i + 5))) {
      // %uXXXX: ASCII code points decode to their byte (fullwidth forms to ASCII); others stay as written.
      let cp = (hexVal(at(s, i + 2)) << 12) | (hexVal(at(s, i + 3)) << 8) | (hexVal(at(s, i + 4)) << 4) | hexVal(at(s, i + 5));
      if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;
      if (cp < 0x80) { store<u8>(d + <usize>w, <u8>cp); i += 5; decodedAny = true; w++; continue; }
    }
    if (c == 0x25 && i + 5 < n && isHex(at(s, i + 1)) && isHex(at(s, i + 2)) && at(s, i + 3) == 0x25 && isHex(at(s, i + 4)) && isHex(at(s, i + 5))) {
      // Overlong two-byte UTF-8 for ASCII (%c0%ae '.', %c0%af '/', %c1%9c '\'): lenient decoders read the character.
      const b1 = (hexVal(at(s, i + 1)) << 4) | hexVal(at(s, i + 2));
      const b2 = (hexVal(at(s, i + 4)) << 4) | hexVal(at(s, i + 5));
      if ((b1 == 0xc0 || b1 == 0xc1) && (b2 & 0xc0) == 0x80) { store<u8>(d + <usize>w, <u8>(((b1 & 0x1f) << 6) | (b2 & 0x3f))); i += 5; decodedAny = true; w++; continue; }
    }
    if (c == 0x25 && i + 2 < n && isHex(at(s, i + 1)) && isHex(at(s, i + 2))) {
      store<u8>(d + <usize>w, <u8>((hexVal(at(s, i + 1)) << 4) | hexVal(at(s, i + 2))));
      i += 2;
      decodedAny = true;
    } else store<u8>(d + <usize>w, <u8>c);
    w++;
  }
  return w;
}

// Normalizes the path of (p, n) (a :path header value) into out (capacity cap); returns the length.
export function normalizePath(p: usize, n: i32, out: usize, cap: i32): i32 {
  let end = 0;
  while (end < n && at(p, end) != 0x3f && at(p, end) != 0x23) end++;
  if (end > PASS_CAP) end = PASS_CAP;
  // Decode into passA/passB alternately until nothing changes.
  let src = p, len = end;
  let dst = passA;
  for (let pass = 0; pass < 3; pass++) {
    const m = decodeOnce(src, len, dst);
    src = dst; len = m;
    dst = dst == passA ? passB : passA;
    if (!decodedAny) break;
  }
  // Segments, with separators merged and dot segments resolved, written to out.
  let w = 0;
  if (cap <= 0) return 0;
  store<u8>(out, 0x2f); w = 1;
  let i = 0;
  while (i < len) {
    while (i < len && (at(src, i) == 0x2f || at(src, i) == 0x5c)) i++;
    const s = i;
    while (i < len && at(src, i) != 0x2f && at(src, i) != 0x5c) i++;
    // A segment's path parameters (";jsessionid=…") are not part of its name.
    let sl = 0;
    while (s + sl < i && at(src, s + sl) != 0x3b) sl++;
    if (sl == 0) continue;
    if (sl == 1 && at(src, s) == 0x2e) continue;                              // "."
    if (sl == 2 && at(src, s) == 0x2e && at(src, s + 1) == 0x2e) {             // "..": drop the last segment
      if (w > 1) { w--; while (w > 1 && load<u8>(out + <usize>(w - 1)) != 0x2f) w--; }
      continue;
    }
    if (w + sl + 1 > cap) break;
    memory.copy(out + <usize>w, src + <usize>s, <usize>sl);
    w += sl;
    store<u8>(out + <usize>w, 0x2f); w++;
  }
  // Keep a trailing slash only when the original path had one (or the result is the root).
  const hadTrailing = len > 0 && (at(src, len - 1) == 0x2f || at(src, len - 1) == 0x5c || (len >= 2 && at(src, len - 1) == 0x2e && (at(src, len - 2) == 0x2f || at(src, len - 2) == 0x2e)));
  if (w > 1 && !hadTrailing) w--;
  return w;
}

// Files and directories no application serves, which scanners probe for: version-control and tool state
// holding credentials (.git, .svn, .aws, .ssh, .docker, .kube, .env*, .npmrc, .netrc, .htpasswd), the
// configuration of coding agents and editors (.claude, .cursor, .continue, .aider, .codex, .windsurf, .vscode,
// .idea …: API keys, MCP servers, rules), and debug logs and dumps left in a web root (CRS 930130/930140).
// Matched on the normalized path (so /x/../.git/config and %2e%67it count), as a whole segment prefix,
// either case; only in the path: a JSON value naming such a file is data, not a request for it.
const RESTRICTED_SEGMENTS: StaticArray<string> = [
  ".git/", ".git-credentials", ".svn/", ".hg/", ".bzr/", ".aws/", ".ssh/", ".gnupg/", ".docker/", ".kube/", ".env", ".npmrc", ".pypirc", ".netrc",
  ".htpasswd", ".bash_history", ".claude/", ".cursor/", ".cursorignore", ".aiignore", ".continue/", ".aider", ".codex/", ".windsurf/", ".roo/", ".cline/",
  ".kiro/", ".zed/", ".junie/", ".n8n/", ".opencode/", ".plandex/", ".fabric/", ".a0proj/", ".rovodev/", ".vscode/", ".idea/",
];
const RESTRICTED_FILES: StaticArray<string> = ["/wp-content/debug.log", "/debug.log", "/error.log", "/errors.log", "/backup.sql", "/dump.sql", "/database.sql", "/wp-config.php.",
  "/privkey.pem"];
// Backups, editor leftovers and database files asked for by URL (CRS 920440): the path's last name ends in one
// of these extensions (or '~'). An application serves its data through routes, not as .sql or .db files.
const BACKUP_EXTENSIONS: StaticArray<string> = [".bak", ".old", ".orig", ".swp", ".sql", ".sqlite", ".sqlite3", ".db", ".rdb", ".mdb", ".dump", ".backup"];
export function restrictedPath(p: usize, n: i32): bool {
  if (n > 1 && backupFileAtEnd(p, n)) return true;
  for (let i = 0; i + 1 < n; i++) {
    if (at(p, i) != 0x2f) continue;
    if (at(p, i + 1) == 0x2e) {
      for (let k = 0; k < RESTRICTED_SEGMENTS.length; k++) if (startsWithAsciiCi(p, i + 1, n, unchecked(RESTRICTED_SEGMENTS[k]))) return true;
    }
    for (let k = 0; k < RESTRICTED_FILES.length; k++) {
      const f = unchecked(RESTRICTED_FILES[k]);
      // A whole file name: the path ends there, or a further extension follows (backup.sql.zip, debug.log.1).
      if (startsWithAsciiCi(p, i, n, f) && (i + f.length == n || at(p, i + f.length) == 0x2e || f.endsWith("."))) return true;
    }
  }
  return false;
}
function backupFileAtEnd(p: usize, n: i32): bool {
  let e = n;
  while (e > 0 && at(p, e - 1) == 0x2f) e--; // a trailing '/': "/x.bak/" is still that file to some servers
  if (e < 3) return false;
  let s = e;
  while (s > 0 && at(p, s - 1) != 0x2f) s--;
  if (e - s < 2) return false;
  if (at(p, e - 1) == 0x7e) return true; // index.php~
  for (let k = 0; k < BACKUP_EXTENSIONS.length; k++) {
    const x = unchecked(BACKUP_EXTENSIONS[k]);
    const m = x.length;
    // A name before the extension (not "/.db" alone), ending the path.
    if (e - s > m && endsWithFolded(p, e, x)) return true;
  }
  return false;
}
