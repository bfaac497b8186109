import { sessionIdName, sameSiteReferer } from "../session";

function b(s: string): ArrayBuffer { return String.UTF8.encode(s); }
function named(s: string, generic: bool): bool { const x = b(s); return sessionIdName(changetype<usize>(x), x.byteLength, generic); }
function sameSite(ref: string, host: string): bool {
  const r = b(ref), a = b(host);
  return sameSiteReferer(changetype<usize>(r), r.byteLength, changetype<usize>(a), a.byteLength);
}

describe("session fixation", () => {
  it("knows frameworks' session cookie names in any case, as parameters and JSON keys", () => {
    const names: StaticArray<string> = ["PHPSESSID", "jsessionid", "JSESSIONID", "asp.net_sessionid", "laravel_session", "connect.sid",
      "next-auth.session-token", "__Secure-next-auth.session-token", "koa:sess", "ci_session", "_rails_session", "ASPSESSIONIDQSDTRBSB"];
    for (let i = 0; i < names.length; i++) {
      expect(named(names[i], false)).toBe(true, names[i]);
      expect(named(names[i], true)).toBe(true, names[i]);
    }
  });
  it("reads generic names only where asked (query strings and forms, not JSON documents)", () => {
    const generic: StaticArray<string> = ["sessionid", "session_id", "Session-Id", "_session_id", "cfid"];
    for (let i = 0; i < generic.length; i++) {
      expect(named(generic[i], true)).toBe(true, generic[i]);
      expect(named(generic[i], false)).toBe(false, generic[i]);
    }
  });
  it("leaves look-alike names alone", () => {
    const other: StaticArray<string> = ["session", "sessions", "sid", "jsessionids", "phpsessid2", "ASPSESSIONID1", "my_session_id", "sessionidx", ""];
    for (let i = 0; i < other.length; i++) expect(named(other[i], true)).toBe(false, other[i]);
  });
  it("takes a Referer from the request's host or a subdomain as the same site", () => {
    expect(sameSite("https://example.com/a", "example.com")).toBe(true);
    expect(sameSite("http://EXAMPLE.com:8443/a?x", "example.com:8080")).toBe(true);
    expect(sameSite("https://www.example.com", "example.com")).toBe(true);
    expect(sameSite("https://notexample.com/", "example.com")).toBe(false);
    expect(sameSite("https://example.com.evil.net/", "example.com")).toBe(false);
    expect(sameSite("https://example.com@evil.net/", "example.com")).toBe(false);
    expect(sameSite("example.com/a", "example.com")).toBe(false);
    expect(sameSite("", "example.com")).toBe(false);
    expect(sameSite("https://example.com/", "")).toBe(false);
  });
});
