// Attack tools (class `scanner`): a request sent by a vulnerability scanner or fuzzer, or one that carries an
// out-of-band interaction domain. Scanners name themselves in the User-Agent (sqlmap, Nikto, Nuclei, OpenVAS…;
// CRS 913); blind SSRF, XXE, command and log injection are confirmed by making the target resolve or fetch a
// unique name under a domain that exists only for that (Burp Collaborator, interact.sh and its oast.* hosts),
// which tools put in every header and parameter. Neither is traffic an application sends to itself.
// Pure functions over bytes.

import { foldedAt } from "./prefilter";

// Tool names as they appear in their default User-Agent (lower case), matched as a word: after a byte that is
// no letter or digit, before one that is no letter ("Nikto/2.1.6", "gobuster/3.6", "Wfuzz 3"; not
// "nucleic-acid"). Names that ordinary clients use as words ("Grabber": image and feed grabbers) are left out.
const TOOLS: StaticArray<string> = ["sqlmap", "nikto", "nuclei", "fuzz faster u fool", "ffuf", "nessus", "nmap scripting engine",
  "masscan", "zgrab", "dirbuster", "dirb", "gobuster", "feroxbuster", "wfuzz", "acunetix", "netsparker", "w3af", "arachni", "skipfish", "wpscan",
  "joomscan", "havij", "commix", "xsstrike", "jaeles", "sqlninja", "bsqlbf", "zmeu", "morfeus", "webinspect", "fimap", "wapiti", "whatweb"];
// Names that no word starts with: any continuation ("OpenVASVT", WinRM's probe).
const PREFIX_TOOLS: StaticArray<string> = ["openvas"];

@inline function isWordByte(c: u32): bool { return c - 0x61 < 26 || c - 0x30 < 10; }
@inline function ch(s: string, j: i32): u32 { return <u32>load<u16>(changetype<usize>(s) + (<usize>j << 1)); }

function wordAt(p: usize, n: i32, i: i32, w: string): bool {
  const m = w.length;
  if (i + m > n) return false;
  for (let k = 0; k < m; k++) if (foldedAt(p, i + k) != ch(w, k)) return false;
  return true;
}
@inline function endsWord(p: usize, n: i32, e: i32): bool { return e == n || foldedAt(p, e) - 0x61 >= 26; }

// Per first letter, a bit per tool of TOOLS that starts with it: a browser's words ("Mozilla", "Windows",
// "AppleWebKit") are dismissed by one load, the others compared with the few tools of their letter.
const TOOLS_BY_LETTER = memory.data(26 * 8);
function indexTools(): void {
  assert(TOOLS.length <= 64, "one bit per tool in a u64");
  for (let k = 0; k < TOOLS.length; k++) {
    const a = TOOLS_BY_LETTER + (<usize>(ch(TOOLS[k], 0) - 0x61) << 3);
    store<u64>(a, load<u64>(a) | (<u64>1 << <u64>k));
  }
}
indexTools();

// The last User-Agent found to name no tool, its exact bytes: a client sends the same one on every request
// (the check reads every word; the comparison is a few 8-byte loads).
const LAST_AGENT_CAP: i32 = 512;
const lastAgent = memory.data(512);
let lastAgentLength: i32 = -1;
function sameAsLastAgent(p: usize, n: i32): bool {
  if (n != lastAgentLength) return false;
  let i = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(p + <usize>i) != load<u64>(lastAgent + <usize>i)) return false;
  for (; i < n; i++) if (load<u8>(p + <usize>i) != load<u8>(lastAgent + <usize>i)) return false;
  return true;
}
export function scannerUserAgentRemembered(p: usize, n: i32): bool {
  if (n <= 0 || sameAsLastAgent(p, n)) return false;
  if (scannerUserAgent(p, n)) return true;
  if (n <= LAST_AGENT_CAP) { memory.copy(lastAgent, p, <usize>n); lastAgentLength = n; }
  return false;
}

// Whether a User-Agent names a scanning or fuzzing tool: "sqlmap/1.7.4#stable (https://sqlmap.org)",
// "Mozilla/5.0 [en] (X11, U; OpenVAS-VT 22.4.1)", "Fuzz Faster U Fool v2.0.0", a Nessus plugin's file name
// ("….nasl"). Browsers, SDKs, curl, Go and Python clients, health checkers and monitoring agents name none.
export function scannerUserAgent(p: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    const c = foldedAt(p, i);
    if (c - 0x61 >= 26 || (i > 0 && isWordByte(foldedAt(p, i - 1)))) continue; // a word starts with a letter
    let tools = load<u64>(TOOLS_BY_LETTER + (<usize>(c - 0x61) << 3));
    while (tools != 0) {
      const w = unchecked(TOOLS[<i32>ctz(tools)]);
      if (wordAt(p, n, i, w) && endsWord(p, n, i + w.length)) return true;
      tools &= tools - 1;
    }
    for (let k = 0; k < PREFIX_TOOLS.length; k++) {
      const w = unchecked(PREFIX_TOOLS[k]);
      if (ch(w, 0) == c && wordAt(p, n, i, w)) return true;
    }
    if (c == 0x6e && i > 0 && load<u8>(p + <usize>(i - 1)) == 0x2e && wordAt(p, n, i, "nasl") && (i + 4 == n || !isWordByte(foldedAt(p, i + 4)))) return true;
  }
  return false;
}

// Domains that serve only out-of-band interaction testing (lower case; each used with a unique subdomain).
const OAST_DOMAINS: StaticArray<string> = ["oast.pro", "oast.live", "oast.site", "oast.online", "oast.fun", "oast.me", "interact.sh", "interactsh.com",
  "oastify.com", "burpcollaborator.net", "dnslog.cn", "ceye.io", "bxss.me", "xss.ht", "requestrepo.com"];

// Whether (p, n) names a host under an out-of-band interaction domain: "x7f3.oast.pro", "http://a.b.burpcollaborator.net/",
// "root@w63gecoro.interact.sh". The domain must follow a '.' (a subdomain of it) and end the host name (not
// "oast.pro.example.com"). The dots are found 16 bytes at a time; each costs one byte test unless the next
// byte starts a listed domain (every value with a dot pays this: version numbers, URLs, prose).
export function oastDomainIn(p: usize, n: i32): bool {
  let i = 1;
  if (ASC_FEATURE_SIMD) {
    const memEnd = <usize>memory.size() << 16;
    while (i + 6 < n && p + <usize>i + 16 <= memEnd) {
      let dots = i8x16.bitmask(i8x16.eq(v128.load(p + <usize>i), i8x16.splat(0x2e)));
      const left = n - 6 - i;
      if (left < 16) dots &= (1 << left) - 1;
      while (dots != 0) {
        if (oastDomainAt(p, n, i + ctz(dots))) return true;
        dots &= dots - 1;
      }
      i += 16;
    }
  }
  for (; i + 6 < n; i++) if (load<u8>(p + <usize>i) == 0x2e && oastDomainAt(p, n, i)) return true;
  return false;
}
// The '.' at i starts a listed domain that ends the host name.
function oastDomainAt(p: usize, n: i32, i: i32): bool {
  if (!isWordByte(foldedAt(p, i - 1))) return false;
  const c = foldedAt(p, i + 1);
  if (c != 0x6f && c != 0x69 && c != 0x62 && c != 0x64 && c != 0x63 && c != 0x78 && c != 0x72) return false;
  for (let k = 0; k < OAST_DOMAINS.length; k++) {
    const d = unchecked(OAST_DOMAINS[k]);
    if (ch(d, 0) != c || !wordAt(p, n, i + 1, d)) continue;
    const e = i + 1 + d.length;
    if (e == n) return true;
    const after = foldedAt(p, e);
    if (after == 0x2d || isWordByte(after)) continue;
    if (after == 0x2e && e + 1 < n && isWordByte(foldedAt(p, e + 1))) continue; // oast.pro.example.com
    return true;
  }
  return false;
}
