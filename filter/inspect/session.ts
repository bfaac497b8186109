// Session fixation (class `session_fixation`): a session identifier sent as a request parameter. Frameworks
// keep the session id in a cookie; an application that also accepts it from the query string or the body
// (PHPSESSID=…, jsessionid=…) lets an attacker hand a victim a link carrying a session the attacker knows, and
// puts a live credential into URLs, logs and Referer headers (CRS 943110/943120). Pure functions over bytes.

import { foldedAt, foldedNameIs } from "./prefilter";

// Session cookie names of web frameworks and servers (lower case). As a query or form parameter or as a JSON
// key, each one is a session id the client should never send there.
const FRAMEWORK_SESSION_NAMES: StaticArray<string> = ["jsessionid", "jservsession", "jwsession", "phpsessid", "phpsession", "aspsessionid",
  "asp.net_sessionid", "zend_session_id", "laravel_session", "weblogicsession", "wlsession", "rack.session", "play_session",
  "next-auth.session-token", "__secure-next-auth.session-token", "__host-next-auth.session-token", "meteor_login_token", "sails.sid",
  "shiny-token", "_flask_session", "_rails_session", "cftoken", "connect.sid", "cakephp", "ci_session", "koa.sess", "koa:sess"];
// Generic names that are a session id in a URL or a form, but too common as fields of JSON documents
// (analytics events, chat sessions) to be read there; "cfid"/"cfsid" (ColdFusion) are short enough to be
// other things in JSON too.
const GENERIC_SESSION_NAMES: StaticArray<string> = ["sessionid", "session-id", "session_id", "_session_id", "cfid", "cfsid"];



// Whether the parameter name (p, n) names a session id. `generic`: also the generic names (query strings and
// form bodies); JSON keys pass false. ASP's cookie carries a per-application suffix (ASPSESSIONIDQSDTRBSB).
export function sessionIdName(p: usize, n: i32, generic: bool): bool {
  if (n < 4 || n > 40) return false;
  const c = foldedAt(p, 0);
  // Every listed name starts with one of these bytes: most names are dismissed here.
  if (c != 0x6a && c != 0x70 && c != 0x61 && c != 0x7a && c != 0x6c && c != 0x77 && c != 0x72 && c != 0x6e && c != 0x5f && c != 0x6d &&
      c != 0x73 && c != 0x63 && c != 0x6b) return false;
  for (let k = 0; k < FRAMEWORK_SESSION_NAMES.length; k++) if (foldedNameIs(p, n, unchecked(FRAMEWORK_SESSION_NAMES[k]))) return true;
  if (n > 12 && n <= 20 && foldedNameIs(p, 12, "aspsessionid")) {
    let letters = true;
    for (let i = 12; i < n; i++) if (foldedAt(p, i) - 0x61 >= 26) letters = false;
    if (letters) return true;
  }
  if (generic) for (let k = 0; k < GENERIC_SESSION_NAMES.length; k++) if (foldedNameIs(p, n, unchecked(GENERIC_SESSION_NAMES[k]))) return true;
  return false;
}

// Whether the Referer names the request's own host (or a subdomain of it): a page of the application linked
// to it with the session id in the URL (URL rewriting when cookies are off), which CRS lets pass too. A
// request from another site, or without a Referer (API clients), carrying a session id is the finding.
export function sameSiteReferer(ref: usize, refLen: i32, authority: usize, authorityLength: i32): bool {
  if (refLen <= 0 || authorityLength <= 0) return false;
  let i = 0;
  while (i + 2 < refLen && load<u8>(ref + <usize>i) != 0x3a) i++;
  if (i + 2 >= refLen || load<u8>(ref + <usize>i + 1) != 0x2f || load<u8>(ref + <usize>i + 2) != 0x2f) return false;
  const hs = i + 3;
  let he = hs;
  while (he < refLen) { const c = load<u8>(ref + <usize>he); if (c == 0x2f || c == 0x3a || c == 0x3f || c == 0x23) break; if (c == 0x40) return false; he++; }
  let an = 0;
  while (an < authorityLength && load<u8>(authority + <usize>an) != 0x3a) an++;
  const rn = he - hs;
  if (an == 0 || rn < an) return false;
  if (rn > an && load<u8>(ref + <usize>(he - an - 1)) != 0x2e) return false;
  for (let k = 0; k < an; k++) if (foldedAt(ref, he - an + k) != foldedAt(authority, k)) return false;
  return true;
}
