// PII detectors over a byte slice (a JSON string or number, a form value, a query value). Pure: no host
// calls, no allocation. Each detector validates what it finds (Luhn and issuer ranges, SSN rules, IBAN
// mod-97, JWT header JSON) so that order ids, EAN barcodes, IMEIs and version strings do not count.
// A field name nearby raises or lowers confidence: see keyHint().
import { longTokenCandidate } from "./prefilter";

export const enum PiiType { Card = 0, Ssn = 1, Iban = 2, Email = 3, Phone = 4, Ipv4 = 5, Ipv6 = 6, Jwt = 7, Secret = 8, Password = 9, Dob = 10, None = 255 }

// What the field name says about its value (lower-cased key, matched by substring).
export const enum KeyHint { None = 0, Card = 1, Ssn = 2, Iban = 3, Email = 4, Phone = 5, Ip = 6, Password = 7, Dob = 8, NotPii = 9, Secret = 10 }

@inline function lower(c: u32): u32 { return c >= 0x41 && c <= 0x5a ? c | 0x20 : c; }
@inline function isDigit(c: u32): bool { return c - 0x30 < 10; }
@inline function isAlpha(c: u32): bool { return (c | 0x20) - 0x61 < 26; }
@inline function isAlnum(c: u32): bool { return isDigit(c) || isAlpha(c); }
@inline function at(p: usize, i: i32): u32 { return <u32>load<u8>(p + <usize>i); }

// Case-insensitive substring test of an ASCII needle in (p, n).
export function containsAscii(p: usize, n: i32, needle: string): bool {
  const m = needle.length;
  if (m == 0) return true;
  // The needle's UTF-16 units read in place (charCodeAt is a call per character), positions whose byte is
  // not its first character skipped at once.
  const q = changetype<usize>(needle);
  const first = <u32>load<u16>(q);
  for (let i = 0; i + m <= n; i++) {
    if (lower(at(p, i)) != first) continue;
    let j = 1;
    while (j < m && lower(at(p, i + j)) == <u32>load<u16>(q + (<usize>j << 1))) j++;
    if (j == m) return true;
  }
  return false;
}

// Whether [s, e) of p starts with the ASCII `name` (lower case), letters compared in either case.
export function startsWithAsciiCi(p: usize, s: i32, e: i32, name: string): bool {
  const m = name.length;
  if (e - s < m) return false;
  for (let j = 0; j < m; j++) if (lower(at(p, s + j)) != <u32>name.charCodeAt(j)) return false;
  return true;
}

// Case-insensitive test of whether any of up to 64 ASCII needles (lower case) occurs in (p, n), in one pass:
// a position is compared only with the needles that start with its byte (a window tested with a dozen
// containsAscii calls was read a dozen times). The needles come as one '|'-separated string, split once at
// start: a static string costs its header and padding, ~30 bytes each, and static data is near its page.
// A needle written with a leading '^' counts only at a word's start ("^tel": Tel, tel., not Hotel or
// Bestellnummer).
export class NeedleSet {
  private readonly needles: string[];
  private readonly byFirst: usize; // 256 masks of 64 bits: bit k set when needle k starts with that byte
  private readonly wordStart: u64; // bit k set when needle k counts only at a word's start
  constructor(list: string) {
    const needles = list.split("|");
    assert(needles.length <= 64);
    const t = heap.alloc(256 * 8);
    memory.fill(t, 0, 256 * 8);
    let wordStart: u64 = 0;
    for (let k = 0; k < needles.length; k++) {
      if (needles[k].charCodeAt(0) == 0x5e) { needles[k] = needles[k].substring(1); wordStart |= (<u64>1) << (<u64>k); }
      const a = t + (<usize>needles[k].charCodeAt(0) << 3);
      store<u64>(a, load<u64>(a) | ((<u64>1) << (<u64>k)));
    }
    this.needles = needles;
    this.byFirst = t;
    this.wordStart = wordStart;
  }
  in(p: usize, n: i32): bool {
    for (let i = 0; i < n; i++) {
      let m = load<u64>(this.byFirst + (<usize>lower(at(p, i)) << 3));
      if (m != 0 && i > 0 && isAlpha(at(p, i - 1))) m &= ~this.wordStart;
      while (m != 0) {
        const k = <i32>ctz(m);
        m &= m - 1;
        const q = changetype<usize>(unchecked(this.needles[k]));
        const len = <i32>(load<u32>(q - 4) >> 1); // String byteLength / 2
        if (i + len > n) continue;
        let j = 1;
        while (j < len && lower(at(p, i + j)) == <u32>load<u16>(q + (<usize>j << 1))) j++;
        if (j == len) return true;
      }
    }
    return false;
  }
}

// Whether the n bytes at w (ASCII letters in either case) are an entry of the '|'-separated lower-case `list`.
// (Long word lists are one string: a list of strings costs ~30 bytes an entry, and static data is at its page's
// end.)
export function inWordList(list: string, w: usize, n: i32): bool {
  const q = changetype<usize>(list), len = list.length;
  let a = 0;
  while (a < len) {
    let b = a;
    while (b < len && load<u16>(q + (<usize>b << 1)) != 0x7c) b++;
    if (b - a == n) {
      let j = 0;
      while (j < n && lower(<u32>load<u8>(w + <usize>j)) == <u32>load<u16>(q + (<usize>(a + j) << 1))) j++;
      if (j == n) return true;
    }
    a = b + 1;
  }
  return false;
}

// Hints under which a value is PII whatever its shape (a password, a date of birth, a keyed secret): such a
// value is classified even where piiGate sees no PII shape. The other hints only move thresholds inside
// shapes piiGate lets through (a card field's 12 digits, an SSN field's spaced digits, a phone field's 7).
@inline export function hintClaimsValue(h: KeyHint): bool { return h == KeyHint.Password || h == KeyHint.Dob || h == KeyHint.Secret; }

// The password in other languages (login forms and user APIs name the field so, and prose labels it so: senha,
// contraseña, Kennwort, mot de passe, wachtwoord, hasło, пароль, 密码/密碼, パスワード, 비밀번호, salasana, lösenord,
// şifre, passord, adgangskode, jelszó, heslo, geslo, lozinka, mật khẩu). One list for field names (keyHint) and
// labels before a colon in text (body.ts). (Italian's "parola" is also just a word: not here.)
export const PASSWORD_WORDS = new NeedleSet("senha|contrasen|contrase\xc3\xb1a|kennwort|motdepasse|mot_de_passe|mot-de-passe|mot de passe|" +
  "wachtwoord|^haslo|^has\xc5\x82o|\xd0\xbf\xd0\xb0\xd1\x80\xd0\xbe\xd0\xbb|\xd0\x9f\xd0\xb0\xd1\x80\xd0\xbe\xd0\xbb|" +
  "\xe5\xaf\x86\xe7\xa0\x81|\xe5\xaf\x86\xe7\xa2\xbc|\xe3\x83\x91\xe3\x82\xb9\xe3\x83\xaf\xe3\x83\xbc\xe3\x83\x89|" +
  "\xeb\xb9\x84\xeb\xb0\x80\xeb\xb2\x88\xed\x98\xb8|salasana|losenord|l\xc3\xb6senord|^sifre|\xc5\x9fifre|passord|adgangskode|jelsz|" +
  "^heslo|^geslo|lozinka|m\xe1\xba\xadt kh\xe1\xba\xa9u");
// A date of birth's field name, in English and in the languages of the forms that ask for one (Geburtsdatum,
// fecha_nacimiento, data_nascita, date_naissance, geboortedatum, data_urodzenia, data_nascimento, syntymäaika,
// fødselsdato, födelsedatum, дата_рождения).
const DOB_KEY_WORDS = new NeedleSet("dob|birth|bday|geburt|nacimiento|nascita|naissance|geboorte|urodzeni|nascimento|syntym|" +
  "f\xc3\xb8dsel|f\xc3\xb6delse|fodelse|\xd1\x80\xd0\xbe\xd0\xb6\xd0\xb4");
export function keyHint(p: usize, n: i32): KeyHint {
  if (n <= 0) return KeyHint.None;
  // Keys that name identifiers which only look like PII (as words: boolean, clean, ocean are not EANs).
  if (keyWord(p, n, "ean") || containsAscii(p, n, "gtin") || keyWord(p, n, "upc") || containsAscii(p, n, "isbn") ||
      containsAscii(p, n, "imei") || keyWord(p, n, "sku")) return KeyHint.NotPii;
  if (containsAscii(p, n, "card") || panWord(p, n) || containsAscii(p, n, "ccnum") || containsAscii(p, n, "creditcard") || keyWord(p, n, "cc")) return KeyHint.Card;
  if (keyWord(p, n, "ssn") || containsAscii(p, n, "socialsecurity") || containsAscii(p, n, "social_security") || containsAscii(p, n, "social-security")) return KeyHint.Ssn;
  if (containsAscii(p, n, "iban")) return KeyHint.Iban;
  if (containsAscii(p, n, "mail")) return KeyHint.Email;
  if (containsAscii(p, n, "phone") || containsAscii(p, n, "mobil") || keyWord(p, n, "tel") || containsAscii(p, n, "telef") || containsAscii(p, n, "msisdn") ||
      keyWord(p, n, "handy") || containsAscii(p, n, "celular") || containsAscii(p, n, "movil") || containsAscii(p, n, "m\xc3\xb3vil")) return KeyHint.Phone;
  // Weaker: an order or invoice number is not a card, unless the name also says card (order_card_number, above).
  if (containsAscii(p, n, "order") || containsAscii(p, n, "version") || keyWord(p, n, "build") || containsAscii(p, n, "tracking") || containsAscii(p, n, "invoice")) return KeyHint.NotPii;
  if (containsAscii(p, n, "passw") || containsAscii(p, n, "passwd") || containsAscii(p, n, "pwd") || containsAscii(p, n, "passphrase") ||
      containsAscii(p, n, "passcode") || keyWord(p, n, "pass") || PASSWORD_WORDS.in(p, n)) {
    // Fields about a password (when it changed, its rules, a hint) hold no password.
    return passwordMetadata(p, n) ? KeyHint.None : KeyHint.Password;
  }
  if (containsAscii(p, n, "secret") || containsAscii(p, n, "apikey") || containsAscii(p, n, "api_key") || containsAscii(p, n, "api-key") ||
      containsAscii(p, n, "accountkey") || containsAscii(p, n, "sharedaccesskey") ||
      containsAscii(p, n, "accesskey") || containsAscii(p, n, "access_key") || containsAscii(p, n, "privatekey") || containsAscii(p, n, "private_key") ||
      credentialToken(p, n)) return KeyHint.Secret;
  if (DOB_KEY_WORDS.in(p, n)) return KeyHint.Dob;
  // "ip" as a word (clientIp, src_ip, IP), not inside one (zip, description, shipping, tip).
  if (keyWord(p, n, "ip") || containsAscii(p, n, "ipv4") || containsAscii(p, n, "ipv6") || containsAscii(p, n, "addr") || containsAscii(p, n, "host")) return KeyHint.Ip;
  return KeyHint.None;
}

// A short name as a word of the field name (pan, card_pan, cardPan, PAN), not letters inside another word
// (company, expand, panel; hotel, intel; classname, businessNumber). `w` is lower-case ASCII.
function keyWord(p: usize, n: i32, w: string): bool {
  const m = w.length;
  for (let i = 0; i + m <= n; i++) {
    let j = 0;
    while (j < m && lower(at(p, i + j)) == <u32>w.charCodeAt(j)) j++;
    if (j < m) continue;
    // Word edges: a non-letter, or a camelCase step (lower-case then upper-case). In an ALL-CAPS name the
    // letters around are one word (ACCESS_KEY holds no "cc", COMPANY_ID no "pan").
    const c = at(p, i), last = at(p, i + m - 1);
    const startsWord = i == 0 || !isAlpha(at(p, i - 1)) || (isUpperAscii(c) && !isUpperAscii(at(p, i - 1)));
    const endsWord = i + m == n || !isAlpha(at(p, i + m)) || (isUpperAscii(at(p, i + m)) && !isUpperAscii(last));
    if (startsWord && endsWord) return true;
  }
  return false;
}
@inline function isUpperAscii(c: u32): bool { return c - 0x41 < 26; }
@inline function panWord(p: usize, n: i32): bool { return keyWord(p, n, "pan"); }

// Words that make a password-named field describe the password instead of holding it.
function passwordMetadata(p: usize, n: i32): bool {
  return containsAscii(p, n, "hint") || containsAscii(p, n, "updated") || containsAscii(p, n, "changed") || containsAscii(p, n, "expir") ||
    containsAscii(p, n, "policy") || containsAscii(p, n, "length") || containsAscii(p, n, "strength") || containsAscii(p, n, "required") ||
    containsAscii(p, n, "_at") || containsAscii(p, n, "date") || containsAscii(p, n, "count") || containsAscii(p, n, "attempt") ||
    containsAscii(p, n, "enabled") || containsAscii(p, n, "rule") ||
    // (and as other languages' field names say it: senha_alterada_em, kennwort_geaendert, fecha_cambio_contrasena)
    containsAscii(p, n, "alterad") || containsAscii(p, n, "modific") || containsAscii(p, n, "cambi") || containsAscii(p, n, "geaendert") ||
    containsAscii(p, n, "fecha") || containsAscii(p, n, "datum");
}

// Fields that carry a bearer credential (access_token, refreshToken, SessionToken, private-token, a service's
// token as CI and env files name it: GITLAB_TOKEN, GH_TOKEN, NPM_TOKEN, SLACK_BOT_TOKEN), not a pagination or
// CSRF token.
function credentialToken(p: usize, n: i32): bool {
  if (!containsAscii(p, n, "token")) return false;
  if (envTokenName(p, n)) return true;
  return containsAscii(p, n, "access") || containsAscii(p, n, "refresh") || containsAscii(p, n, "session") || containsAscii(p, n, "auth") ||
    containsAscii(p, n, "api") || containsAscii(p, n, "private") || containsAscii(p, n, "bearer") || containsAscii(p, n, "oauth") ||
    containsAscii(p, n, "github") || containsAscii(p, n, "gitlab") || containsAscii(p, n, "gh_token") || containsAscii(p, n, "slack") ||
    containsAscii(p, n, "npm") || containsAscii(p, n, "pypi") || containsAscii(p, n, "docker") || containsAscii(p, n, "vault") ||
    containsAscii(p, n, "bot_token") || containsAscii(p, n, "bottoken") || containsAscii(p, n, "personal") || containsAscii(p, n, "deploy") ||
    containsAscii(p, n, "runner");
}

// An environment variable's name ending in _TOKEN (JENKINS_TOKEN, CIRCLE_TOKEN, SENTRY_AUTH_TOKEN): upper-case
// letters, digits and '_' only, as env files and CI settings write them. Pagination, CSRF and cancellation
// tokens are not credentials (NEXT_TOKEN, PAGE_TOKEN, CSRF_TOKEN).
function envTokenName(p: usize, n: i32): bool {
  if (n < 8 || at(p, n - 6) != 0x5f || !containsAscii(p + <usize>(n - 5), 5, "token")) return false;
  for (let i = 0; i < n; i++) { const c = at(p, i); if (!(c - 0x41 < 26 || isDigit(c) || c == 0x5f)) return false; }
  return !(containsAscii(p, n, "csrf") || containsAscii(p, n, "xsrf") || containsAscii(p, n, "page") || containsAscii(p, n, "next") ||
    containsAscii(p, n, "continuation") || containsAscii(p, n, "cancel") || containsAscii(p, n, "sync") || containsAscii(p, n, "resume"));
}

// ---- payment cards ------------------------------------------------------------------------------------

// Digits of a card written plainly or with single spaces/dashes between groups: count, or -1. Written to
// `cardDigitsBuf` (raw memory: each check reads every digit, and bounds-checked array reads were most of a
// card's cost).
const cardDigitsBuf = memory.data(24);
@inline function digitOf(i: i32): i32 { return <i32>load<u8>(cardDigitsBuf + <usize>i); }
// `cardFirstGroup`: the digits before the first separator (all of them when there is none).
let cardFirstGroup = 0;
function cardDigits(p: usize, n: i32): i32 {
  let d = 0;
  let lastWasSep = true;
  cardFirstGroup = -1;
  for (let i = 0; i < n; i++) {
    const c = at(p, i);
    if (isDigit(c)) { if (d >= 19) return -1; store<u8>(cardDigitsBuf + <usize>d, <u8>(c - 0x30)); d++; lastWasSep = false; }
    else if ((c == 0x20 || c == 0x2d) && !lastWasSep) { lastWasSep = true; if (cardFirstGroup < 0) cardFirstGroup = d; }
    else return -1;
  }
  if (cardFirstGroup < 0) cardFirstGroup = d;
  return lastWasSep ? -1 : d;
}

// Luhn checksum of the n digits at ds, one digit (0-9) per byte.
export function luhnValid(ds: usize, n: i32): bool {
  let sum = 0;
  let double = false;
  for (let i = n - 1; i >= 0; i--) {
    let v = <i32>load<u8>(ds + <usize>i);
    if (double) { v *= 2; if (v > 9) v -= 9; }
    sum += v;
    double = !double;
  }
  return sum % 10 == 0;
}

// GS1 check digit (EAN-13, weights 1 and 3 from the left).
function eanValid(n: i32): bool {
  let sum = 0;
  for (let i = 0; i < n - 1; i++) sum += digitOf(i) * ((i & 1) != 0 ? 3 : 1);
  return (10 - sum % 10) % 10 == digitOf(n - 1);
}

// Issuer ranges (IIN) with their lengths: Visa, Mastercard (51-55, 2221-2720), Amex, Discover, JCB, Diners (300-305, 3095,
// 36, 38-39), UnionPay (62, 81);
// for the n digits (n >= 12) in cardDigitsBuf.
function issuerValid(n: i32): bool {
  const p1 = digitOf(0), p2 = p1 * 10 + digitOf(1), p3 = p2 * 10 + digitOf(2), p4 = p3 * 10 + digitOf(3);
  const p6 = (p4 * 10 + digitOf(4)) * 10 + digitOf(5);
  if (p1 == 4) return n == 13 || n == 16 || n == 19;                                  // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n == 16;            // Mastercard
  if (p2 == 34 || p2 == 37) return n == 15;                                             // Amex
  if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) return n >= 16 && n <= 19; // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19;                             // JCB
  if ((p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39) return n == 14 || (n >= 16 && n <= 19); // Diners
  if (p2 == 62 || (p4 >= 8100 && p4 <= 8171)) return n >= 16 && n <= 19;                // UnionPay (62, and 8100-8171 since 2021)
  // Maestro (5018, 5020, 5038, 5893, 6304, 6759, 6761-6763), Dankort (5019), Mir (2200-2204): 16-19 digits.
  if (p4 == 5018 || p4 == 5019 || p4 == 5020 || p4 == 5038 || p4 == 5893 || p4 == 6304 || p4 == 6759 || (p4 >= 6761 && p4 <= 6763) ||
      (p4 >= 2200 && p4 <= 2204)) return n >= 16 && n <= 19;
  return false;
}

export function isCard(p: usize, n: i32, hint: KeyHint): bool {
  if (hint == KeyHint.NotPii || n < 12 || n > 23) return false;
  const d = cardDigits(p, n);
  if (d < 12 || (d < 13 && hint != KeyHint.Card)) return false;
  // A card written in groups starts with four digits (4-4-4-4, Amex's 4-6-5, 4-6-4); an IMEI is written
  // 2-6-6-1 and passes Luhn too ("35-209900-176148-1").
  if (cardFirstGroup < 4 && hint != KeyHint.Card) return false;
  // All-same digits (test placeholders like 0000…) are not cards.
  let same = true;
  for (let i = 1; i < d; i++) if (digitOf(i) != digitOf(0)) { same = false; break; }
  if (same || !luhnValid(cardDigitsBuf, d)) return false;
  // Thirteen digits that are also a valid EAN-13 (a product barcode; 400-440 are German ones, Visa's first
  // digit) are a barcode unless the field name says card: 13-digit Visa numbers are all but retired.
  if (d == 13 && hint != KeyHint.Card && eanValid(d)) return false;
  // Under a card field name, issuers outside the main ranges (Maestro, RuPay, Mir, Dankort …) count too.
  return issuerValid(d) || (hint == KeyHint.Card && d >= 12);
}

// ---- US SSN -------------------------------------------------------------------------------------------

export function isSsn(p: usize, n: i32, hint: KeyHint): bool {
  if (hint == KeyHint.NotPii) return false;
  let area = 0, group = 0, serial = 0;
  if (n == 11) {
    const sep = at(p, 3);
    // Dashes, or spaces under an SSN-like field name.
    if (at(p, 6) != sep || !(sep == 0x2d || ((sep == 0x20 || sep == 0x2e) && hint == KeyHint.Ssn))) return false;
    for (let i = 0; i < 11; i++) if (i != 3 && i != 6 && !isDigit(at(p, i))) return false;
    area = <i32>((at(p, 0) - 0x30) * 100 + (at(p, 1) - 0x30) * 10 + at(p, 2) - 0x30);
    group = <i32>((at(p, 4) - 0x30) * 10 + at(p, 5) - 0x30);
    serial = <i32>((at(p, 7) - 0x30) * 1000 + (at(p, 8) - 0x30) * 100 + (at(p, 9) - 0x30) * 10 + at(p, 10) - 0x30);
  } else if (n == 9 && hint == KeyHint.Ssn) {
    // Undashed nine digits count only under an SSN-like field name.
    for (let i = 0; i < 9; i++) if (!isDigit(at(p, i))) return false;
    area = <i32>((at(p, 0) - 0x30) * 100 + (at(p, 1) - 0x30) * 10 + at(p, 2) - 0x30);
    group = <i32>((at(p, 3) - 0x30) * 10 + at(p, 4) - 0x30);
    serial = <i32>((at(p, 5) - 0x30) * 1000 + (at(p, 6) - 0x30) * 100 + (at(p, 7) - 0x30) * 10 + at(p, 8) - 0x30);
  } else return false;
  if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) return false;
  // One digit repeated (111-11-1111) is a placeholder, not a number the SSA issues. (The published samples,
  // 078-05-1120 and 123-45-6789, stay SSNs: they are what people paste to test, and leaking them is still a leak.)
  if (area == 111 * (area / 111) && group == 11 * (area / 111) && serial == 1111 * (area / 111)) return false;
  return true;
}

// ---- IBAN ---------------------------------------------------------------------------------------------

// Country code -> IBAN length: the SWIFT IBAN registry, then the countries whose banks issue IBANs outside it
// (Algeria, Angola, Iran, Morocco, Honduras, the BCEAO and BEAC states of West and Central Africa, ...).
const IBAN_COUNTRIES = "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22DJ27DK18DO28EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25SV28TL23TN24TR26UA29VA22VG24XK20YE30" +
  "AO25BF28BJ28CF27CG27CI28CM27CV25DZ26GA27GQ27GW25HN28IR26KM27MA28MG27ML28MZ25NE28SN28TD27TG28";

export function ibanLength(c1: u32, c2: u32): i32 {
  for (let i = 0; i < IBAN_COUNTRIES.length; i += 4) {
    if (<u32>IBAN_COUNTRIES.charCodeAt(i) == c1 && <u32>IBAN_COUNTRIES.charCodeAt(i + 1) == c2) {
      return (IBAN_COUNTRIES.charCodeAt(i + 2) - 0x30) * 10 + IBAN_COUNTRIES.charCodeAt(i + 3) - 0x30;
    }
  }
  return -1;
}

export function isIban(p: usize, n: i32, hint: KeyHint): bool {
  if (n < 15 || n > 42) return false;
  // Compact the value (IBANs are often written in groups of four, split by blanks or dashes) into a fixed
  // buffer. One kind of separator, none inside the country code and check digits ("G T82 …" is no IBAN), and
  // letters in one case ("LV80 bANK …" is not how an IBAN is written).
  let m = 0, sep: u32 = 0, upper = 0, lower = 0;
  for (let i = 0; i < n; i++) {
    const c = at(p, i);
    if (c == 0x20 || c == 0x2d) {
      if (m < 4 || (sep != 0 && c != sep)) return false;
      sep = c;
      continue;
    }
    if (!isAlnum(c) || m >= 34) return false;
    if (isAlpha(c)) { if (c < 0x60) upper++; else lower++; }
    store<u8>(ibanBuf + <usize>m, <u8>(isAlpha(c) ? c & 0xdf : c));
    m++;
  }
  if (upper > 0 && lower > 0) return false;
  const c1 = <u32>load<u8>(ibanBuf), c2 = <u32>load<u8>(ibanBuf + 1);
  if (!isAlpha(c1) || !isAlpha(c2) || !isDigit(<u32>load<u8>(ibanBuf + 2)) || !isDigit(<u32>load<u8>(ibanBuf + 3))) return false;
  if (ibanLength(c1, c2) != m) return false;
  // mod 97 over the rearranged string (letters as 10..35), computed digit by digit.
  let r: u32 = 0;
  for (let k = 0; k < m; k++) {
    const c = <u32>load<u8>(ibanBuf + <usize>((k + 4) % m));
    if (isDigit(c)) r = (r * 10 + c - 0x30) % 97;
    else { const v = c - 0x41 + 10; r = (r * 100 + v) % 97; }
  }
  return r == 1;
}
const ibanBuf = memory.data(40);

// ---- email, phone, IPs --------------------------------------------------------------------------------

// Bytes of an address: 1 = domain label byte (letter, digit, '-', UTF-8 of internationalized names),
// 2 = local-part byte (those, '.', '_', '+', '%'), 4 = '@', 8 = apostrophe (local part, not first).
// One table lookup per byte instead of a chain of comparisons.
const EMAIL_BYTE = memory.data(256);
function initEmailBytes(): void {
  for (let c = 0x30; c <= 0x39; c++) store<u8>(EMAIL_BYTE + <usize>c, 3);
  for (let c = 0x41; c <= 0x5a; c++) { store<u8>(EMAIL_BYTE + <usize>c, 3); store<u8>(EMAIL_BYTE + <usize>(c | 0x20), 3); }
  store<u8>(EMAIL_BYTE + 0x2d, 3);
  store<u8>(EMAIL_BYTE + 0x2e, 2); store<u8>(EMAIL_BYTE + 0x5f, 2); store<u8>(EMAIL_BYTE + 0x2b, 2); store<u8>(EMAIL_BYTE + 0x25, 2);
  store<u8>(EMAIL_BYTE + 0x40, 4);
  store<u8>(EMAIL_BYTE + 0x27, 8);
  for (let c = 0x80; c <= 0xff; c++) store<u8>(EMAIL_BYTE + <usize>c, 3);
}
initEmailBytes();

export function isEmail(p: usize, n: i32): bool {
  if (n < 6 || n > 254) return false;
  let atPos = -1;
  for (let i = 0; i < n; i++) {
    const k = load<u8>(EMAIL_BYTE + <usize>at(p, i));
    if (k & 2) continue;
    if (k == 8 && i > 0) continue; // an apostrophe, not first (o'brien@example.com)
    if (k != 4) return false;
    atPos = i; // '@'
    break;
  }
  if (atPos < 1 || atPos > 64 || atPos >= n - 4) return false;
  if (at(p, 0) == 0x2e || at(p, atPos - 1) == 0x2e) return false;
  // Domain: labels of letters, digits and '-', at least one dot, alphabetic TLD of 2+ letters.
  let lastDot = -1, label = 0;
  for (let i = atPos + 1; i < n; i++) {
    const c = at(p, i);
    if (c == 0x2e) { if (label == 0) return false; lastDot = i; label = 0; }
    else if (load<u8>(EMAIL_BYTE + <usize>c) & 1) label++; // bytes >= 0x80: internationalized names (bücher.de)
    else return false; // a second '@', or a byte no address has
  }
  if (lastDot < 0 || n - lastDot - 1 < 2) return false;
  // An internationalized TLD in its ASCII form (xn--p1ai) has digits and dashes after "xn--".
  if (n - lastDot - 1 > 4 && (at(p, lastDot + 1) | 0x20) == 0x78 && (at(p, lastDot + 2) | 0x20) == 0x6e && at(p, lastDot + 3) == 0x2d && at(p, lastDot + 4) == 0x2d) return true;
  for (let i = lastDot + 1; i < n; i++) if (!isAlpha(at(p, i)) && at(p, i) < 0x80) return false;
  return true;
}

export function isPhone(p: usize, n: i32, hint: KeyHint): bool {
  if (hint == KeyHint.NotPii || n < 7 || n > 24) return false;
  let d = 0, plus = false;
  for (let i = 0; i < n; i++) {
    const c = at(p, i);
    if (isDigit(c)) d++;
    else if (c == 0x2b && i == 0) plus = true;
    else if (c == 0x20 || c == 0x2d || c == 0x2e || c == 0x28 || c == 0x29) continue;
    else return false;
  }
  // E.164 (+ and 8–15 digits) stands alone; national formats need a phone-like field name, except the North
  // American "(NXX) NXX-XXXX", whose shape says phone by itself.
  // (Seven digits under a phone field name: Saint Helena's and Tokelau's numbers, "+290 8999".)
  if (plus) return (d >= 8 || (d == 7 && hint == KeyHint.Phone)) && d <= 15;
  return (hint == KeyHint.Phone && d >= 7 && d <= 15) || nanpParenthesized(p, n);
}

// "(415) 555-0132", "(415)555-0132": area code and exchange start with 2-9.
function nanpParenthesized(p: usize, n: i32): bool {
  if (n != 13 && n != 14) return false;
  if (at(p, 0) != 0x28 || at(p, 4) != 0x29 || at(p, 1) < 0x32 || !isDigit(at(p, 1)) || !isDigit(at(p, 2)) || !isDigit(at(p, 3))) return false;
  const e = n == 14 ? 6 : 5;
  if (n == 14 && at(p, 5) != 0x20) return false;
  if (at(p, e) < 0x32 || at(p, e + 3) != 0x2d) return false;
  for (let i = e; i < n; i++) if (i != e + 3 && !isDigit(at(p, i))) return false;
  return true;
}

export function isIpv4(p: usize, n: i32, hint: KeyHint): bool {
  if (hint == KeyHint.NotPii || n < 7 || n > 15) return false;
  let parts = 0, value = 0, len = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? at(p, i) : 0x2e;
    if (isDigit(c)) { value = value * 10 + <i32>(c - 0x30); len++; if (len > 3) return false; }
    else if (c == 0x2e) {
      if (len == 0 || value > 255 || (len > 1 && at(p, i - len) == 0x30)) return false;
      parts++; value = 0; len = 0;
    } else return false;
  }
  return parts == 4;
}

export function isIpv6(p: usize, n: i32): bool {
  if (n < 3 || n > 45) return false;
  let groups = 0, hexLen = 0, doubleColon = false, colons = 0;
  for (let i = 0; i < n; i++) {
    const c = at(p, i);
    if (isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66)) { hexLen++; if (hexLen > 4) return false; }
    else if (c == 0x3a) {
      colons++;
      if (i + 1 < n && at(p, i + 1) == 0x3a) { if (doubleColon) return false; doubleColon = true; }
      if (hexLen > 0) groups++;
      hexLen = 0;
    } else if (c == 0x2e && colons >= 2) {
      // An IPv4 tail (::ffff:192.0.2.128) is the last two groups.
      const from = i - hexLen;
      if (!isIpv4(p + <usize>from, n - from, KeyHint.None)) return false;
      groups += 2; hexLen = 0;
      break;
    } else if (c == 0x25 && colons >= 2 && i + 1 < n && n - i <= 17) {
      // A zone index ends a link-local address: fe80::1%eth0, fe80::1%25en0 (URL form), fe80::1%3.
      for (let k = i + 1; k < n; k++) if (!isAlnum(at(p, k)) && at(p, k) != 0x2e && at(p, k) != 0x5f && at(p, k) != 0x2d) return false;
      break;
    } else return false;
  }
  if (hexLen > 0) groups++;
  if (colons < 2) return false;
  return doubleColon ? groups <= 7 : groups == 8;
}

// ---- JWT and secrets ----------------------------------------------------------------------------------

function b64urlValue(c: u32): i32 {
  if (c >= 0x41 && c <= 0x5a) return <i32>(c - 0x41);
  if (c >= 0x61 && c <= 0x7a) return <i32>(c - 0x61 + 26);
  if (c >= 0x30 && c <= 0x39) return <i32>(c - 0x30 + 52);
  if (c == 0x2d || c == 0x2b) return 62;
  if (c == 0x5f || c == 0x2f) return 63;
  return -1;
}

const jwtHeader = memory.data(256);

export function isJwt(p: usize, n: i32): bool {
  if (n < 20 || at(p, 0) != 0x65 || at(p, 1) != 0x79 || at(p, 2) != 0x4a) return false; // "eyJ" = base64 of '{"'
  let dots = 0, firstDot = -1;
  for (let i = 0; i < n; i++) {
    const c = at(p, i);
    if (c == 0x2e) { dots++; if (firstDot < 0) firstDot = i; }
    else if (b64urlValue(c) < 0 && c != 0x3d) return false;
  }
  if (dots != 2 || firstDot < 4) return false;
  // Decode the header and require a JSON object with "alg".
  let bits: u32 = 0, nbits = 0, out = 0;
  for (let i = 0; i < firstDot && out < 255; i++) {
    const v = b64urlValue(at(p, i));
    if (v < 0) break;
    bits = (bits << 6) | <u32>v; nbits += 6;
    if (nbits >= 8) { nbits -= 8; store<u8>(jwtHeader + <usize>out, <u8>((bits >> <u32>nbits) & 0xff)); out++; }
  }
  return out > 8 && load<u8>(jwtHeader) == 0x7b && containsAscii(jwtHeader, out, "\"alg\"");
}

// A JWT that asks not to be verified: alg "none" (any case) or an empty signature segment.
export function isUnsignedJwt(p: usize, n: i32): bool {
  if (!isJwt(p, n)) return false;
  if (at(p, n - 1) == 0x2e) return true;
  let out = 0;
  let bits: u32 = 0, nbits = 0;
  for (let i = 0; i < n && out < 255; i++) {
    const v = b64urlValue(at(p, i));
    if (v < 0) break;
    bits = (bits << 6) | <u32>v; nbits += 6;
    if (nbits >= 8) { nbits -= 8; store<u8>(jwtHeader + <usize>out, <u8>((bits >> <u32>nbits) & 0xff)); out++; }
  }
  return containsAscii(jwtHeader, out, "\"none\"");
}

@inline function startsWith(p: usize, n: i32, s: string): bool {
  const m = s.length;
  if (n < m) return false;
  const q = changetype<usize>(s); // the needle's UTF-16 units read in place (charCodeAt is a call each)
  for (let i = 0; i < m; i++) if (at(p, i) != <u32>load<u16>(q + (<usize>i << 1))) return false;
  return true;
}

function allIn(p: usize, from: i32, n: i32, upperAlnumOnly: bool): bool {
  for (let i = from; i < n; i++) {
    const c = at(p, i);
    if (upperAlnumOnly ? !(isDigit(c) || (c >= 0x41 && c <= 0x5a)) : !(isAlnum(c) || c == 0x5f || c == 0x2d)) return false;
  }
  return true;
}
@inline function isBase64Byte(c: u32): bool { return isAlnum(c) || c == 0x2b || c == 0x2f; }
// Base64 bytes from `from` to n, then at most two '=': the length of the base64 run, or -1.
function base64Run(p: usize, from: i32, n: i32): i32 {
  let i = from;
  while (i < n && isBase64Byte(at(p, i))) i++;
  const run = i - from;
  let pad = 0;
  while (i < n && at(p, i) == 0x3d && pad < 2) { i++; pad++; }
  return i == n ? run : -1;
}

// The random part of a token that only has a token's format: a documentation placeholder or a redacted
// sample (ghp_xxxx…, AKIAXXXXXXXXXXXXXXXX, AKIAIOSFODNN7EXAMPLE, sk_live_0000…, GR1348941123123…). Fewer than 6
// distinct bytes, a run of 8 equal bytes (`runs`: not for base64 of binary data, where runs of A are zero
// bytes), or a word a key generator never writes. Chosen so that a real random part passes: 16 random base32
// characters have 6+ distinct ones but for ~1 in 10^7, 40 hex digits hold 8 equal in a row ~1 in 10^7, and
// 7+ letter words do not occur by chance.
function placeholderPart(p: usize, from: i32, n: i32, runs: bool = true): bool {
  let lo: u64 = 0, hi: u64 = 0, run = 0, maxRun = 0;
  let prev: u32 = 0x100;
  for (let i = from; i < n; i++) {
    const c = at(p, i);
    if (c < 64) lo |= (<u64>1) << <u64>c; else hi |= (<u64>1) << <u64>(c & 63);
    run = c == prev ? run + 1 : 1;
    if (run > maxRun) maxRun = run;
    prev = c;
  }
  if (<i32>(popcnt(lo) + popcnt(hi)) < 6 || (runs && maxRun >= 8)) return true;
  const m = n - from;
  return m >= 7 && (containsAscii(p + <usize>from, m, "example") || containsAscii(p + <usize>from, m, "placeholder") ||
    containsAscii(p + <usize>from, m, "changeme") || containsAscii(p + <usize>from, m, "redacted"));
}

// GitLab's routable tokens end in '.' and 9 lower-case letters and digits (glpat-….01abcdefg): the length
// before that suffix, or n.
// Newer tokens put a two-character version before it (glpat-….01.1203abcde): that goes too.
function withoutRoutingSuffix(p: usize, n: i32): i32 {
  if (n < 16 || at(p, n - 10) != 0x2e) return n;
  for (let i = n - 9; i < n; i++) { const c = at(p, i); if (!(isDigit(c) || c - 0x61 < 26)) return n; }
  if (n >= 19 && at(p, n - 13) == 0x2e && isAlnum(at(p, n - 12)) && isAlnum(at(p, n - 11))) return n - 13;
  return n - 10;
}
// GitLab token prefixes (gl…- and the runner registration token GR1348941): the prefix's length, or 0.
function gitlabPrefix(p: usize, n: i32): i32 {
  if (startsWith(p, n, "glpat-")) return 6;
  if (startsWith(p, n, "gldt-") || startsWith(p, n, "glrt-") || startsWith(p, n, "glft-")) return 5;
  if (startsWith(p, n, "glptt-") || startsWith(p, n, "glcbt-") || startsWith(p, n, "gloas-") || startsWith(p, n, "glimt-")) return 6;
  if (startsWith(p, n, "glsoat-") || startsWith(p, n, "glffct-")) return 7;
  if (startsWith(p, n, "glagent-")) return 8;
  return 0;
}

// A Slack webhook at the start of (p, n): [http[s]://]hooks.slack.com/services|workflows|triggers/ and 43+
// characters of its key path (letters, digits, '/', '+'). The webhook's length, or 0.
export function slackWebhookLength(p: usize, n: i32): i32 {
  let i = 0;
  if (startsWith(p, n, "https://")) i = 8; else if (startsWith(p, n, "http://")) i = 7;
  if (!startsWith(p + <usize>i, n - i, "hooks.slack.com/")) return 0;
  i += 16;
  if (startsWith(p + <usize>i, n - i, "services/") || startsWith(p + <usize>i, n - i, "triggers/")) i += 9;
  else if (startsWith(p + <usize>i, n - i, "workflows/")) i += 10;
  else return 0;
  const from = i;
  while (i < n && isBase64Byte(at(p, i))) i++;
  return i - from >= 43 && !placeholderPart(p, from, i) ? i : 0;
}

// Other services' tokens, each a distinctive prefix and a random part of a known alphabet and length (the
// formats noseyparker and gitleaks recognise for common SaaS and infrastructure): LLM APIs, package
// registries, e-commerce, cloud and observability platforms, secret managers; and the providers whose
// formats are only that (GitHub, GCP, Google OAuth, AppSync, GitLab's registration token, Stripe). Alphabets:
// W [A-Za-z0-9_-], A letters and digits, L lower-case letters and digits, H lower-case hex, HD H and '-', B base64,
// U upper-case letters and digits, D W and '.', E W and '='.
const ALPHA_W: u8 = 0, ALPHA_A: u8 = 1, ALPHA_H: u8 = 2, ALPHA_B: u8 = 3, ALPHA_U: u8 = 4, ALPHA_D: u8 = 5, ALPHA_E: u8 = 6, ALPHA_HD: u8 = 7, ALPHA_L: u8 = 8;
const NO_MAX: i32 = 1 << 30;
const SERVICE_PREFIXES: StaticArray<string> = [
  "ghp_", "gho_", "ghs_", "ghu_", "ghr_", "github_pat_",      // GitHub: classic (36, newer installation tokens to 255), fine-grained
  "AIza", "ya29.", "da2-", "GR1348941",                        // GCP API key, Google OAuth access token, AWS AppSync key, GitLab runner registration
  "sk_live_", "rk_live_", "sk_test_", "rk_test_", "sk_prod_", "rk_prod_", // Stripe secret and restricted keys
  "sk-proj-", "sk-svcacct-", "sk-admin-", "sk-ant-",          // OpenAI project/service/admin keys, Anthropic
  "hf_", "hvs.", "hvb.", "hvr.",                               // Hugging Face; HashiCorp Vault service, batch, recovery tokens
  "npm_", "pypi-AgEIcHlwaS5vcmc", "rubygems_",                 // npm, PyPI, RubyGems
  "shpat_", "shpca_", "shppa_", "shpss_",                      // Shopify
  "dapi", "dop_v1_", "doo_v1_", "dor_v1_",                     // Databricks; DigitalOcean
  "dp.st.", "dp.pt.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit.", // Doppler
  "glc_", "glsa_", "PMAK-", "dckr_pat_",                       // Grafana Cloud, Grafana service account; Postman; Docker Hub
  "AGE-SECRET-KEY-1", "ATATT3", "lin_api_", "SG.",             // age identity; Atlassian; Linear; SendGrid
  "NRAK-", "NRAA-", "NRII-", "NRIQ-", "NRRA-", "NRJS-",         // New Relic user, admin, insights insert/query, REST, browser keys
  "sgp_", "sq0atp-", "sq0csp-", "tvly-", "aio_", "odt_",       // Sourcegraph; Square token and secret; Tavily; Adafruit IO; Dependency-Track
  "oy2", "SK", "cio", "eyJrIjoi",                              // NuGet; Twilio API key; crates.io; Grafana API key (base64 {"k":…)
  "whsec_", "pul-",                                            // Stripe webhook signing secret; Pulumi access token
];
// Per prefix: the random part's shortest and longest length and its alphabet.
const SERVICE_MIN: StaticArray<i32> = [36, 36, 36, 36, 36, 49, 35, 20, 26, 20, 10, 10, 10, 10, 10, 10,
  40, 40, 40, 80, 30, 24, 24, 24, 36, 50, 48, 32, 32, 32, 32, 32, 64, 64, 64, 40, 40, 40, 40, 40, 40, 32, 41, 59, 27, 58, 150, 40, 66,
  27, 27, 32, 32, 42, 19, 40, 22, 43, 32, 28, 32, 43, 32, 32, 60, 32, 40];
const SERVICE_MAX: StaticArray<i32> = [255, 255, 255, 255, 255, NO_MAX, 35, NO_MAX, 26, NO_MAX, NO_MAX, NO_MAX, NO_MAX, NO_MAX, NO_MAX, NO_MAX,
  300, 300, 300, 300, 40, 400, 400, 400, 36, 1000, 48, 32, 32, 32, 32, 35, 64, 64, 64, 100, 100, 100, 100, 100, 100, 400, 41, 59, 100, 58, 400, 40, 66,
  27, 27, 32, 32, 42, 19, 80, 22, 43, 48, 28, 40, 43, 32, 32, 200, 64, 40];
const SERVICE_ALPHA: StaticArray<u8> = [ALPHA_W, ALPHA_W, ALPHA_W, ALPHA_W, ALPHA_W, ALPHA_W, ALPHA_W, ALPHA_W, ALPHA_L, ALPHA_W,
  ALPHA_A, ALPHA_A, ALPHA_A, ALPHA_A, ALPHA_A, ALPHA_A,
  ALPHA_W, ALPHA_W, ALPHA_W, ALPHA_W, ALPHA_A, ALPHA_W, ALPHA_W, ALPHA_W, ALPHA_A, ALPHA_W, ALPHA_H,
  ALPHA_H, ALPHA_H, ALPHA_H, ALPHA_H, ALPHA_HD, ALPHA_H, ALPHA_H, ALPHA_H, ALPHA_D, ALPHA_D, ALPHA_D, ALPHA_D, ALPHA_D, ALPHA_D,
  ALPHA_B, ALPHA_W, ALPHA_W, ALPHA_W, ALPHA_U, ALPHA_E, ALPHA_A, ALPHA_D,
  ALPHA_U, ALPHA_L, ALPHA_W, ALPHA_W, ALPHA_H, ALPHA_H, ALPHA_W, ALPHA_W, ALPHA_W, ALPHA_W, ALPHA_A, ALPHA_A, ALPHA_L, ALPHA_H, ALPHA_A, ALPHA_B,
  ALPHA_A, ALPHA_H];
// The four lists are read by index: a prefix added without its lengths and alphabet stops the module at start.
assert(SERVICE_MIN.length == SERVICE_PREFIXES.length && SERVICE_MAX.length == SERVICE_PREFIXES.length && SERVICE_ALPHA.length == SERVICE_PREFIXES.length, "SERVICE_* lists differ in length");
function inAlphabet(c: u32, alpha: u8): bool {
  switch (alpha) {
    case ALPHA_A: return isAlnum(c);
    case ALPHA_L: return isDigit(c) || c - 0x61 < 26;
    case ALPHA_H: return isDigit(c) || c - 0x61 < 6;
    case ALPHA_HD: return isDigit(c) || c - 0x61 < 6 || c == 0x2d;
    case ALPHA_U: return isDigit(c) || c - 0x41 < 26;
    case ALPHA_B: return isAlnum(c) || c == 0x2b || c == 0x2f || c == 0x3d;
    case ALPHA_D: return isAlnum(c) || c == 0x5f || c == 0x2d || c == 0x2e;
    case ALPHA_E: return isAlnum(c) || c == 0x5f || c == 0x2d || c == 0x3d;
    default: return isAlnum(c) || c == 0x5f || c == 0x2d;
  }
}
function serviceToken(p: usize, n: i32): bool {
  const c0 = at(p, 0);
  for (let k = 0; k < SERVICE_PREFIXES.length; k++) {
    const prefix = unchecked(SERVICE_PREFIXES[k]);
    if (<u32>prefix.charCodeAt(0) != c0 || !startsWith(p, n, prefix)) continue;
    const m = prefix.length, rest = n - m;
    if (rest < unchecked(SERVICE_MIN[k]) || rest > unchecked(SERVICE_MAX[k])) return false;
    const alpha = unchecked(SERVICE_ALPHA[k]);
    for (let i = m; i < n; i++) if (!inAlphabet(at(p, i), alpha)) return false;
    return !placeholderPart(p, m, n, alpha != ALPHA_B);
  }
  // OpenAI's older keys: "sk-", and "T3BlbkFJ" ("OpenAI" in base64) in the middle.
  if (c0 == 0x73 && n >= 40 && n <= 200 && at(p, 1) == 0x6b && at(p, 2) == 0x2d && containsAscii(p, n, "t3blbkfj") && allIn(p, 3, n, false)) return !placeholderPart(p, 3, n);
  return false;
}

// A Microsoft Teams incoming webhook at the start of (p, n): https://<tenant>.webhook.office.com/webhookb2/ or
// https://outlook.office.com/webhook/, then GUID@GUID/IncomingWebhook/…: the webhook's length, or 0.
export function teamsWebhookLength(p: usize, n: i32): i32 {
  if (n < 140 || !startsWith(p, n, "https://")) return 0; // two GUIDs, a hex id and the paths: 150+ bytes
  let i = 8;
  while (i < n && i < 80 && at(p, i) != 0x2f) i++;
  const host = i;
  if (host < 26 || !(startsWithAsciiCi(p, host - 19, host, ".webhook.office.com") || startsWithAsciiCi(p, host - 18, host, "outlook.office.com"))) return 0;
  const from = i;
  while (i < n && (isAlnum(at(p, i)) || at(p, i) == 0x2f || at(p, i) == 0x2d || at(p, i) == 0x40 || at(p, i) == 0x5f)) i++;
  if (i - from < 100 || !containsAscii(p + <usize>from, i - from, "/incomingwebhook/")) return 0;
  return placeholderPart(p, from, i) ? 0 : i;
}

// A Telegram bot token: the bot's id (8-10 digits), ':', "AA" and 32-33 characters.
export function isTelegramBotToken(p: usize, n: i32): bool {
  if (n < 43 || n > 46) return false;
  let d = 0;
  while (d < n && isDigit(at(p, d))) d++;
  if (d < 8 || d > 10 || at(p, d) != 0x3a || at(p, d + 1) != 0x41 || at(p, d + 2) != 0x41) return false;
  const rest = n - d - 3;
  return rest >= 32 && rest <= 33 && allIn(p, d + 3, n, false) && !placeholderPart(p, d + 3, n);
}

export function isSecret(p: usize, n: i32): bool {
  // Every format is at least 18 bytes: the table's (SERVICE_PREFIXES, by their first two bytes), then by the
  // first byte A, L, g, x, h, b or '-': most values stop
  // here, the rest are compared only with the formats of their first byte (a URL is one Slack webhook test,
  // not seventeen). (A new format with another first byte must be added here, to longTokenCandidate
  // (prefilter.ts) and to secretPrefixAt (body.ts).)
  if (n < 18) return false;
  const c0 = at(p, 0);
  // (The table's first two bytes are among longTokenCandidate's: one vector test before the table.)
  if (longTokenCandidate(p) && serviceToken(p, n)) return true;
  if (c0 == 0x41) { // A
    // AWS access key ids (AKIA, ASIA; ABIA, ACCA, A3T?), not AWS's documented ...EXAMPLE ones.
    if (n == 20 && (startsWith(p, n, "AKIA") || startsWith(p, n, "ASIA") || startsWith(p, n, "ABIA") || startsWith(p, n, "ACCA") || startsWith(p, n, "A3T")) &&
        allIn(p, 3, n, true)) return !placeholderPart(p, 4, n);
    // Amazon Bedrock long-term API keys: ABSK and 109-269 base64 characters.
    if (n < 113 || !startsWith(p, n, "ABSK")) return false; // (GCP's AIza keys are in the table)
    const r = base64Run(p, 4, n);
    return r >= 109 && r <= 269 && !placeholderPart(p, 4, n, false);
  }
  if (c0 == 0x67) { // g: GitLab (GitHub's formats are in the table)
    if (at(p, 1) != 0x6c) return false;
    const k = gitlabPrefix(p, n);
    if (k == 0) return false;
    const e = withoutRoutingSuffix(p, n);
    return e - k >= 20 && allIn(p, k, e, false) && !placeholderPart(p, k, e); // GitLab tokens: personal, deploy, runner, trigger, OAuth …
  }
  if (c0 == 0x78) { // x
    // Slack configuration tokens: xoxe.xoxp-1-… / xoxe.xoxb-1-…
    if (n >= 100 && (startsWith(p, n, "xoxe.xoxp-") || startsWith(p, n, "xoxe.xoxb-"))) return allIn(p, 10, n, false) && !placeholderPart(p, 12, n);
    // App tokens xapp-1-…, and xox?- tokens by kind: b bot, p user, e refresh, s and o legacy start with a
    // number and '-' (xoxb-263594206564-…); a and r (workspace) are letters and digits after an optional "2-".
    // ("xoxo-hugs-and-kisses" is a sign-off.)
    const app = startsWith(p, n, "xapp-");
    if (!app && !(at(p, 1) == 0x6f && at(p, 2) == 0x78 && at(p, 4) == 0x2d)) return false;
    const kind = app ? 0 : at(p, 3);
    let d = 5;
    if (kind == 0x61 || kind == 0x72) {
      if (isDigit(at(p, 5)) && at(p, 6) == 0x2d) d = 7;
      return n - d >= 8 && allIn(p, d, n, false) && !placeholderPart(p, d, n);
    }
    if (!(app || kind == 0x62 || kind == 0x70 || kind == 0x65 || kind == 0x73 || kind == 0x6f)) return false;
    while (d < n && isDigit(at(p, d))) d++;
    if (d == 5 || d >= n || at(p, d) != 0x2d) return false;
    return allIn(p, d, n, false) && !placeholderPart(p, 5, n);
  }
  if (c0 == 0x68) { // Slack, Teams webhooks; a Slack one has "hooks" first or right after the scheme (most URLs do not)
    const slack = at(p, 1) == 0x6f || at(p, 7) == 0x68 || at(p, 8) == 0x68;
    return (slack && slackWebhookLength(p, n) == n) || teamsWebhookLength(p, n) == n;
  }
  if (c0 == 0x62) { // b: Amazon Bedrock short-term API keys
    if (n < 60 || !startsWith(p, n, "bedrock-api-key-")) return false;
    const r = base64Run(p, 16, n);
    return r >= 44 && !placeholderPart(p, 44, n, false);
  }
  if (c0 == 0x4c) return n >= 100 && base64PemPrivateKey(p, n); // a PEM private key, base64-encoded (a Kubernetes Secret's tls.key)
  if (c0 == 0x2d) return pemPrivateKey(p, n); // PEM (and PGP armoured) private key
  return false;
}
// "LS0tLS1CRUdJTi…" is "-----BEGIN" in base64: a private key when the decoded BEGIN line names one and the
// rest is base64 (a Kubernetes Secret's data, a PRIVATE_KEY_B64 variable).
const pemHeader = memory.data(48);
function base64PemPrivateKey(p: usize, n: i32): bool {
  if (!startsWith(p, n, "LS0tLS1CRUdJTi")) return false;
  let out = 0, bits: u32 = 0, nbits = 0;
  for (let i = 0; i < 64; i++) {
    const v = b64urlValue(at(p, i));
    if (v < 0) return false;
    bits = (bits << 6) | <u32>v; nbits += 6;
    if (nbits >= 8) { nbits -= 8; store<u8>(pemHeader + <usize>out, <u8>((bits >> <u32>nbits) & 0xff)); out++; }
  }
  const header = out < 48 ? out : 48;
  if (!containsAscii(pemHeader, header, "private key")) return false;
  return base64Run(p, 0, n) >= n - 2 && !placeholderPart(p, 64, n, false);
}

// A private key block: its BEGIN line names a private key, and key material follows it: 16+ base64
// characters that are not a template's (an empty block or "XXXX" lines are documentation).
function pemPrivateKey(p: usize, n: i32): bool {
  if (n <= 30 || !containsAscii(p, n, "-----begin")) return false;
  if (!(containsAscii(p, n, "private key-----") || containsAscii(p, n, "private key block-----"))) return false;
  // After the BEGIN line's closing dashes, up to the END line's dashes or the end (headers such as Proc-Type
  // count; they are few).
  let i = 10;
  while (i < n && at(p, i) != 0x2d) i++;   // the label
  const dashes = i;
  while (i < n && at(p, i) == 0x2d) i++;   // its closing dashes
  if (i - dashes > 5) return false;        // and the END line's at once: an empty block
  const from = i;
  let key = 0;
  for (; i < n; i++) {
    const c = at(p, i);
    if (c == 0x2d && i + 5 <= n && load<u32>(p + <usize>i + 1) == 0x2d2d2d2d) break;
    if (isBase64Byte(c)) key++;
  }
  return key >= 16 && !placeholderPart(p, from, i, false);
}

// Under a secret-like field name (aws_secret_access_key, client_secret, api_key): one token of 16+ characters
// from a key alphabet that mixes letters and digits, e.g. an AWS secret access key (40 base64 characters).
// What only stands for a key under a secret's name: a placeholder (few distinct bytes, a run of 8 of one byte
// other than base64's 'A', '/' and '+' (zero and 0xff bytes), example/placeholder/changeme/redacted, YOUR_…, …_HERE), or a token that starts
// like a known format and fails it (AKIAIOSFODNN7EXAMPLE, GR1348941 and a repeated pattern, AIzaaaa…,
// xoxb-Slack_BOT_TOKEN): isSecret has already said no to those.
function keyedPlaceholder(p: usize, n: i32): bool {
  if (placeholderPart(p, 0, n, false) || containsAscii(p, n, "your") || containsAscii(p, n, "_here") || containsAscii(p, n, "-here")) return true;
  let run = 1;
  for (let i = 1; i < n; i++) { const c = at(p, i); run = c == at(p, i - 1) ? run + 1 : 1; if (run >= 8 && c != 0x41 && c != 0x2f && c != 0x2b) return true; }
  return knownFormatPrefix(p, n);
}
function knownFormatPrefix(p: usize, n: i32): bool {
  if (startsWithAsciiCi(p, 0, n, "akia") || startsWithAsciiCi(p, 0, n, "asia") || startsWithAsciiCi(p, 0, n, "aiza") || startsWithAsciiCi(p, 0, n, "xox") ||
      startsWithAsciiCi(p, 0, n, "glpat-") || startsWithAsciiCi(p, 0, n, "gr1348941")) return true;
  for (let k = 0; k < SERVICE_PREFIXES.length; k++) {
    const w = unchecked(SERVICE_PREFIXES[k]);
    if (w.length < 4 || w.length > n) continue; // (two- and three-byte prefixes start ordinary keys too)
    let m = 0;
    while (m < w.length && (at(p, m) | 0x20) == (<u32>w.charCodeAt(m) | 0x20)) m++;
    if (m == w.length) return true;
  }
  return false;
}
// Under a secret's name, a value with symbols in it that no format describes (a Django SECRET_KEY, a JWT
// signing secret "development#product"): printable, no blank, 8 bytes or more, letters and at least one byte
// other than letters, digits and . _ - / ; not a variable, template, mask, URL or placeholder.
export function isSymbolSecret(p: usize, n: i32): bool {
  if (n < 8 || n > 512) return false;
  const c0 = at(p, 0);
  if (c0 == 0x24 || c0 == 0x25 || c0 == 0x7b || c0 == 0x3c || c0 == 0x2a || c0 == 0x5b || c0 == 0x28) return false;
  // (A date or time under such a name is its expiry: 2026-01-01T00:00:00Z.)
  if (isDigit(c0) && n >= 10 && at(p, 4) == 0x2d && isDateLike(p, 10)) return false;
  // Code read as text: a call (require('registry-auth-token')) or a dotted reference before closing brackets
  // (req_data.oauth_token}), process.env.TOKEN;).
  // (A name, a member or a type before closing brackets: Uint8Array), options?.accessToken, too.)
  let r = 0;
  while (r < n && (isAlnum(at(p, r)) || at(p, r) == 0x5f || at(p, r) == 0x2e || (at(p, r) == 0x3f && r + 1 < n && at(p, r + 1) == 0x2e))) r++;
  if (r > 0 && isAlpha(c0)) {
    if (r < n && at(p, r) == 0x28) return false;
    let k = r;
    while (k < n && (at(p, k) == 0x29 || at(p, k) == 0x5d || at(p, k) == 0x7d || at(p, k) == 0x3b || at(p, k) == 0x2c || at(p, k) == 0x3a)) k++;
    if (k == n) return false;
  }
  let symbol = false, letters = 0;
  for (let i = 0; i < n; i++) {
    const c = at(p, i);
    if (c <= 0x20 || c >= 0x7f) return false;
    if (isAlpha(c)) letters++;
    else if (!(isDigit(c) || c == 0x2e || c == 0x5f || c == 0x2d || c == 0x2f)) {
      if (c == 0x3a && i + 2 < n && at(p, i + 1) == 0x2f && at(p, i + 2) == 0x2f) return false; // a URL
      if (c == 0x24 && at(p, i + 1) == 0x7b) return false; // ${VAR}
      symbol = true;
    }
  }
  return symbol && letters >= 4 && !placeholderPart(p, 0, n);
}
export function isKeyedSecret(p: usize, n: i32): bool {
  if (n < 16 || n > 512 || keyedPlaceholder(p, n)) return false;
  let digit = false, upper = false, lower = false;
  for (let i = 0; i < n; i++) {
    const c = at(p, i);
    if (isDigit(c)) digit = true;
    else if (c >= 0x41 && c <= 0x5a) upper = true;
    else if (c >= 0x61 && c <= 0x7a) lower = true;
    else if (!(c == 0x2b || c == 0x2f || c == 0x3d || c == 0x5f || c == 0x2d || c == 0x2e)) return false;
  }
  // Letters and digits, or (long enough) both cases: key material, not a word. Without a digit, a dotted
  // value is a reference in code (env.AWS_SECRET_ACCESS_KEY, DiffieHellman.prototype.setKey), not a key.
  return (digit && (upper || lower)) || (upper && lower && n >= 20 && !containsByte(p, n, 0x2e));
}
// Whether byte c occurs in (p, n). With SIMD, 16 bytes per step (the prose gate asks every value with digits and
// no blank for a comma); the last block is loaded whole when memory holds it, lanes past n cleared.
export function containsByte(p: usize, n: i32, c: u8): bool {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const v = i8x16.splat(<i8>c);
    for (; i + 16 <= n; i += 16) if (v128.any_true(i8x16.eq(v128.load(p + <usize>i), v))) return true;
    if (i < n && p + <usize>i + 16 <= (<usize>memory.size() << 16)) return (i8x16.bitmask(i8x16.eq(v128.load(p + <usize>i), v)) & ((1 << (n - i)) - 1)) != 0;
  }
  for (; i < n; i++) if (load<u8>(p + <usize>i) == c) return true;
  return false;
}

export function isDateLike(p: usize, n: i32): bool {
  // A date with a time part (1990-01-02T00:00:00Z) is the date.
  if (n > 10 && n <= 35 && (at(p, 10) == 0x54 || at(p, 10) == 0x20)) n = 10;
  if (n < 6 || n > 10) return false;
  let d = 0, seps = 0;
  for (let i = 0; i < n; i++) { const c = at(p, i); if (isDigit(c)) d++; else if (c == 0x2d || c == 0x2f || c == 0x2e) seps++; else return false; }
  return (seps == 2 && d >= 6) || (seps == 0 && d == 8);
}

// A date written with a month name from byte `s` of (p, n): "17 Jan 1956", "17th January, 1956", "17-Jan-1956",
// "July 18, 1941", "Sept. 3 1990". Returns where it ends, or -1.
const MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";
function monthEnd(p: usize, s: i32, n: i32): i32 {
  let e = s;
  while (e < n && isAlpha(at(p, e))) e++;
  if (e - s < 3 || e - s > 9) return -1;
  const a = lower(at(p, s)), b = lower(at(p, s + 1)), c = lower(at(p, s + 2));
  for (let m = 0; m < 36; m += 3) {
    if (<u32>MONTHS.charCodeAt(m) == a && <u32>MONTHS.charCodeAt(m + 1) == b && <u32>MONTHS.charCodeAt(m + 2) == c) return e < n && at(p, e) == 0x2e ? e + 1 : e;
  }
  return -1;
}
// A day of the month (1-31) with an optional ordinal suffix; returns where it ends, or -1.
function dayEnd(p: usize, s: i32, n: i32): i32 {
  let e = s, v = 0;
  while (e < n && isDigit(at(p, e)) && e - s < 2) { v = v * 10 + <i32>(at(p, e) - 0x30); e++; }
  if (e == s || v < 1 || v > 31 || (e < n && isDigit(at(p, e)))) return -1;
  if (e + 1 < n && isAlpha(at(p, e)) && isAlpha(at(p, e + 1)) && (e + 2 >= n || !isAlpha(at(p, e + 2)))) {
    const x = lower(at(p, e)), y = lower(at(p, e + 1));
    if ((x == 0x73 && y == 0x74) || (x == 0x6e && y == 0x64) || (x == 0x72 && y == 0x64) || (x == 0x74 && y == 0x68)) e += 2; // st nd rd th
  }
  return e;
}
@inline function skipDateSeparators(p: usize, e: i32, n: i32): i32 {
  if (e < n && at(p, e) == 0x2c) e++;
  const from = e;
  while (e < n && (at(p, e) == 0x20 || at(p, e) == 0x2d || at(p, e) == 0x2f) && e - from < 2) e++;
  return e;
}
export function wordDateEnd(p: usize, s: i32, n: i32): i32 {
  let e: i32;
  if (s < n && isDigit(at(p, s))) {
    e = dayEnd(p, s, n);
    if (e < 0) return -1;
    const m = skipDateSeparators(p, e, n);
    if (m == e) return -1;
    e = monthEnd(p, m, n);
  } else {
    e = monthEnd(p, s, n);
    if (e < 0) return -1;
    const d = skipDateSeparators(p, e, n);
    if (d == e) return -1;
    e = dayEnd(p, d, n);
  }
  if (e < 0) return -1;
  const y = skipDateSeparators(p, e, n);
  if (y == e || y + 4 > n) return -1;
  for (let k = y; k < y + 4; k++) if (!isDigit(at(p, k))) return -1;
  if (y + 4 < n && isDigit(at(p, y + 4))) return -1;
  const c = at(p, y);
  return c == 0x31 || c == 0x32 ? y + 4 : -1; // 1xxx or 2xxx
}

// The first PII type a value is, given its field name; PiiType.None when none.
// `emailTried`: the caller already knows the value is no e-mail (it has no '@', or isEmail said no).
// ---- password hashes ----------------------------------------------------------------------------------------
// A crypt(3)-style password hash at the start of (p, n) — what /etc/shadow and user tables hold, and what an
// API leaking its user records returns: bcrypt ($2a$/$2b$/$2y$, cost, 53 characters), md5crypt ($1$), sha256crypt
// ($5$) and sha512crypt ($6$) with an optional rounds= and a salt of up to 16 characters, yescrypt ($y$) and
// Argon2 ($argon2id$v=19$m=…,t=…,p=…$salt$hash). Returns the hash's length, or 0. Offline cracking turns one
// into the password: a password finding.
@inline function cryptChar(c: u32): bool { return isAlnum(c) || c == 0x2e || c == 0x2f; }
function cryptRunEnd(p: usize, i: i32, n: i32, plus: bool = false): i32 { while (i < n && (cryptChar(at(p, i)) || (plus && at(p, i) == 0x2b))) i++; return i; }
export function passwordHashLength(p: usize, n: i32): i32 {
  if (n < 26 || at(p, 0) != 0x24) return 0;
  const a = at(p, 1);
  if (a == 0x32 && at(p, 3) == 0x24 && (at(p, 2) == 0x61 || at(p, 2) == 0x62 || at(p, 2) == 0x79 || at(p, 2) == 0x78)) { // bcrypt
    if (n < 60 || !isDigit(at(p, 4)) || !isDigit(at(p, 5)) || at(p, 6) != 0x24) return 0;
    if (cryptRunEnd(p, 7, 60) != 60 || (n > 60 && cryptChar(at(p, 60)))) return 0;
    return placeholderPart(p, 29, 60) ? 0 : 60;
  }
  let i = 3, hashLen = 0;
  if ((a == 0x31 || a == 0x35 || a == 0x36) && at(p, 2) == 0x24) hashLen = a == 0x31 ? 22 : a == 0x35 ? 43 : 86;
  else if (a == 0x79 && at(p, 2) == 0x24) { // yescrypt: $y$params$salt$hash
    const e = cryptRunEnd(p, 3, n);
    if (e == 3 || e >= n || at(p, e) != 0x24) return 0;
    i = e + 1; hashLen = 43;
  } else if (a == 0x61 && n >= 40 && startsWithAsciiCi(p, 0, n, "$argon2")) { // $argon2id$v=19$m=65536,t=3,p=4$salt$hash
    let k = 7;
    while (k < n && k < 12 && at(p, k) != 0x24) k++;
    let dollars = 0;
    while (k < n && k < 64 && dollars < 3) { if (at(p, k) == 0x24) dollars++; k++; }
    if (dollars < 3) return 0;
    const saltEnd = cryptRunEnd(p, k, n, true); // (Argon2's salt and hash are base64: '+' too)
    if (saltEnd - k < 8 || saltEnd >= n || at(p, saltEnd) != 0x24) return 0;
    const e = cryptRunEnd(p, saltEnd + 1, n, true);
    return e - saltEnd - 1 >= 16 && !placeholderPart(p, saltEnd + 1, e) ? e : 0;
  } else return 0;
  if (startsWithAsciiCi(p, i, n, "rounds=")) { i += 7; while (i < n && isDigit(at(p, i))) i++; if (i >= n || at(p, i) != 0x24) return 0; i++; }
  const saltEnd = cryptRunEnd(p, i, n);
  if (saltEnd == i || saltEnd - i > 86 || saltEnd >= n || at(p, saltEnd) != 0x24) return 0;
  const e = cryptRunEnd(p, saltEnd + 1, n);
  return e - saltEnd - 1 == hashLen && !placeholderPart(p, saltEnd + 1, e) ? e : 0;
}

export function classifyValue(p: usize, n: i32, hint: KeyHint, isNumber: bool, emailTried: bool = false): PiiType {
  if (n <= 0) return PiiType.None;
  if (isNumber) {
    if (isCard(p, n, hint)) return PiiType.Card;
    if (hint == KeyHint.Ssn && isSsn(p, n, hint)) return PiiType.Ssn;
    // A phone stored as a number under a phone field ({"phone": 14155552671}).
    if (hint == KeyHint.Phone && isPhone(p, n, hint)) return PiiType.Phone;
    return PiiType.None;
  }
  if (hint == KeyHint.Password) return PiiType.Password;
  if (hint == KeyHint.Dob && (isDateLike(p, n) || wordDateEnd(p, 0, n) == n)) return PiiType.Dob;
  if (hint == KeyHint.Secret && (isSecret(p, n) || isKeyedSecret(p, n) || isSymbolSecret(p, n))) return PiiType.Secret;
  const c0 = at(p, 0);
  if (isDigit(c0) || c0 == 0x2b || c0 == 0x28) {
    if (n >= 43 && isTelegramBotToken(p, n)) return PiiType.Secret;
    if (isCard(p, n, hint)) return PiiType.Card;
    if (isSsn(p, n, hint)) return PiiType.Ssn;
    if (isIpv4(p, n, hint)) return PiiType.Ipv4;
    if (isPhone(p, n, hint)) return PiiType.Phone;
  }
  if (isAlpha(c0)) {
    if (n >= 15 && isIban(p, n, hint)) return PiiType.Iban;
    if (c0 == 0x65 && isJwt(p, n)) return PiiType.Jwt;
    if (isSecret(p, n)) return PiiType.Secret;
  }
  if (c0 == 0x2d && isSecret(p, n)) return PiiType.Secret;
  if (c0 == 0x24 && passwordHashLength(p, n) == n) return PiiType.Password;
  if (!emailTried && isEmail(p, n)) return PiiType.Email;
  if (isIpv6(p, n)) return PiiType.Ipv6;
  return PiiType.None;
}
