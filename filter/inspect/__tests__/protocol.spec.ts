import { protocolHeaderAbuse, invalidMethod, hasLineBreak, parseContentLength, transferEncodingOk, FramingCheck, legacyCookie, confusingContentType, headerLineAfterBreak, lowByteLineBreak, unusualCharset, malformedContentType } from "../protocol";

function b(s: string): ArrayBuffer { return String.UTF8.encode(s); }
function method(s: string): bool { const x = b(s); return invalidMethod(changetype<usize>(x), x.byteLength); }
function lb(s: string): bool { const x = b(s); return hasLineBreak(changetype<usize>(x), x.byteLength); }
function cl(s: string): i64 { const x = b(s); return parseContentLength(changetype<usize>(x), x.byteLength); }
function te(s: string): bool { const x = b(s); return transferEncodingOk(changetype<usize>(x), x.byteLength); }
function v1(s: string): bool { const x = b(s); return legacyCookie(changetype<usize>(x), x.byteLength); }
function ct(s: string): bool { const x = b(s); return confusingContentType(changetype<usize>(x), x.byteLength); }
function hl(s: string): bool { const x = b(s); return headerLineAfterBreak(changetype<usize>(x), x.byteLength); }
const framing = new FramingCheck();
function header(n: string, v: string): void { const a = b(n); const c = b(v); framing.observe(changetype<usize>(a), a.byteLength, changetype<usize>(c), c.byteLength); }

describe("protocol", () => {
  it("flags invalid methods but not standard or WebDAV ones", () => {
    expect(method("GET")).toBe(false);
    expect(method("PATCH")).toBe(false);
    expect(method("PROPFIND")).toBe(false);
    expect(method("get")).toBe(true);
    expect(method("GE T")).toBe(true);
    expect(method("")).toBe(true);
    expect(method("TRACE")).toBe(true);
    expect(method("G\x00ET")).toBe(true);
  });
  it("finds header injection, raw or percent-encoded", () => {
    expect(lb("value\r\nSet-Cookie: x=1")).toBe(true);
    expect(lb("a%0d%0aLocation:%20http://evil")).toBe(true);
    expect(lb("a%250D%250Ab")).toBe(true);
    expect(lb("100%25 cotton, 0day")).toBe(false);
  });
  it("parses Content-Length strictly and Transfer-Encoding by its last coding", () => {
    expect(cl("42")).toBe(42);
    expect(cl(" 42 ")).toBe(42);
    expect(cl("+42")).toBe(-1);
    expect(cl("42, 42")).toBe(-1);
    expect(cl("")).toBe(-1);
    expect(te("chunked")).toBe(true);
    expect(te("gzip, chunked")).toBe(true);
    expect(te("chunked, identity")).toBe(false);
    expect(te("xchunked")).toBe(false);
    expect(te("\x0bchunked")).toBe(false);
  });
  it("flags ambiguous framing", () => {
    framing.reset(); header("Content-Length", "10"); expect(framing.smuggling()).toBe(false);
    header("Transfer-Encoding", "chunked"); expect(framing.smuggling()).toBe(true);
    framing.reset(); header("content-length", "10"); header("Content-Length", "11"); expect(framing.smuggling()).toBe(true);
    framing.reset(); header("content-length", "10"); header("Content-Length", "10"); expect(framing.smuggling()).toBe(false);
    framing.reset(); header("transfer-encoding", "chunked"); expect(framing.smuggling()).toBe(false);
    framing.reset(); header("Transfer-Encoding", "chunked"); header("Transfer-Encoding", "chunked"); expect(framing.smuggling()).toBe(true);
  });
  it("flags RFC 2109 cookies ($Version), not cookies that merely hold a '$'", () => {
    expect(v1("$Version=1; session=\"a; b=c\"")).toBe(true);
    expect(v1("  $version=\"1\"; x=1")).toBe(true);
    expect(v1("session=abc; price=$5")).toBe(false);
    expect(v1("$Ver=1")).toBe(false);
    expect(v1("")).toBe(false);
  });
  it("flags a content type whose parameters name another media type", () => {
    expect(ct("application/x-www-form-urlencoded;boundary=\"application/json\"")).toBe(true);
    expect(ct("text/plain; charset=utf-8; x=text/xml")).toBe(true);
    expect(ct("multipart/form-data; boundary=\"image/jpeg\"")).toBe(true);
    expect(ct("application/json; charset=utf-8")).toBe(false);
    expect(ct("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW")).toBe(false);
    expect(ct("application/vnd.api+json")).toBe(false);
    expect(ct("text/html;charset=context/x")).toBe(false);
  });
  it("finds a header line after a line break in a query value, not lines of text", () => {
    expect(hl("en\r\nX-Injected: 1")).toBe(true);
    expect(hl("/home\nSet-Cookie:session=x")).toBe(true);
    expect(hl("x\r\nLocation: http://evil.example/")).toBe(true);
    expect(hl("\r\nRefresh: 0;url=//evil")).toBe(true);
    expect(hl("Go to store.\nAt the store, shop.")).toBe(false);
    expect(hl("fix\n    Closes: #849782")).toBe(false);
    expect(hl("docs at:\nhttp://www.gnu.org/software/")).toBe(false);
    expect(hl("Type: number\nDefault: 1")).toBe(false);
    expect(hl("| a |\n|:---|")).toBe(false);
    expect(hl("check the logs:\nX-Trace:")).toBe(false);
    expect(hl("<you@example.com>\nBcc:<them@example.com>")).toBe(true, "mail header injection");
    expect(hl("a@b.example\r\nCc: c@d.example")).toBe(true, "mail header injection");
    expect(hl("Hi team\nCcing Bob here")).toBe(false);
  });
});

function low(s: string): bool { const x = b(s); return lowByteLineBreak(changetype<usize>(x), x.byteLength); }
describe("line breaks hidden in a character's low byte", () => {
  it("flags U+xx0D / U+xx0A before a header line", () => {
    expect(low("/\u560dSet-cookie:crlf=injection")).toBe(true);
    expect(low("/a\u560aLocation: http://evil.example/")).toBe(true);
    expect(low("/x\u010dX-Injected: 1")).toBe(true);
  });
  it("leaves such characters in words and paths alone", () => {
    expect(low("/wiki/\u010das:Foo")).toBe(false);       // čas: no header name
    expect(low("/\u560d/docs/page")).toBe(false);
    expect(low("/api/ma\u010dka")).toBe(false);
    expect(low("/plain/path")).toBe(false);
  });
});

describe("a request charset the back end may decode differently (unusualCharset)", () => {
  it("flags EBCDIC, UTF-7, two charset parameters and unknown names, not the charsets clients send", () => {
    const bad: StaticArray<string> = ["application/x-www-form-urlencoded; charset=ibm037", "text/plain;charset=utf-7", "application/x-www-form-urlencoded;charset=ibm037;charset=UTF-8",
      "application/x-www-form-urlencoded; charset=garbage", "application/x-www-form-urlencoded; charset=\"utf-88\"", "text/plain; charset=UTF-80", "text/plain; charset=iso-8859-17"];
    for (let i = 0; i < bad.length; i++) { const b = String.UTF8.encode(bad[i]); expect(unusualCharset(changetype<usize>(b), b.byteLength)).toBe(true, bad[i]); }
    const good: StaticArray<string> = ["application/json", "application/json; charset=utf-8", "text/plain; charset=\"UTF-8\"", "text/plain; charset='utf-8'", "text/html; charset=ISO-8859-15",
      "text/plain; charset=windows-1252", "application/json; charset=Shift_JIS", "text/plain; charset=iso_8859-1", "application/soap+xml; action=\"urn:x#a;b\"; charset=utf-8",
      "multipart/form-data; boundary=----WebKitFormBoundary12345", "text/plain; charset=us-ascii; format=flowed", "text/plain; charset=GB18030"];
    for (let i = 0; i < good.length; i++) { const b = String.UTF8.encode(good[i]); expect(unusualCharset(changetype<usize>(b), b.byteLength)).toBe(false, good[i]); }
  });
});

describe("a Content-Type that is no media type (malformedContentType)", () => {
  it("flags a missing subtype or non-token bytes, not real media types with parameters", () => {
    const bad: StaticArray<string> = ["my-new-content-type", "application", "application/", "/json", "text/html/x", "text/ht ml", "application/json,text/html"];
    for (let i = 0; i < bad.length; i++) { const b = String.UTF8.encode(bad[i]); expect(malformedContentType(changetype<usize>(b), b.byteLength)).toBe(true, bad[i]); }
    const good: StaticArray<string> = ["", "application/json", " application/json ; charset=utf-8", "multipart/form-data; boundary=----x", "application/vnd.api+json", "text/plain;format=flowed", "application/*+json"];
    for (let i = 0; i < good.length; i++) { const b = String.UTF8.encode(good[i]); expect(malformedContentType(changetype<usize>(b), b.byteLength)).toBe(false, good[i]); }
  });
});

describe("protocol headers read by the attack rules", () => {
  it("when they hold what no protocol grammar has: a pipe before a word, substitution, escaped markup", () => {
    const abused: StaticArray<string> = ["|id", "x | cat /etc/passwd", "$(id)", "`id`", "&lt;!--#exec cmd=&quot;/bin/cat /etc/passwd&quot;--&gt;", "&#60;script&#62;"];
    for (let i = 0; i < abused.length; i++) { const x = b(abused[i]); expect(protocolHeaderAbuse(changetype<usize>(x), x.byteLength)).toBe(true, abused[i]); }
    const plain: StaticArray<string> = ["text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "no-cache, max-age=0", "1", "utf-8, iso-8859-1;q=0.5", "gzip, deflate, br",
      "en-US,en;q=0.9", "Tue, 15 Nov 1994 08:12:31 GMT", "Q2hlY2sgSW50ZWdyaXR5IQ=="];
    for (let i = 0; i < plain.length; i++) { const x = b(plain[i]); expect(protocolHeaderAbuse(changetype<usize>(x), x.byteLength)).toBe(false, plain[i]); }
  });
});
