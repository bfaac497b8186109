// Baseline for the inspection benchmark: the same detectors written the obvious way in JavaScript, with
// RegExp over the body text plus the same validations (Luhn, SSN rules, IBAN mod-97) on the matches.
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
const SSN = /\b\d{3}-\d{2}-\d{4}\b/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /\+\d[\d ()-]{7,18}\d/g;
const IPV4 = /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g;
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const SECRETS = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|AIza[0-9A-Za-z_-]{35}|gh[pousr]_[A-Za-z0-9]{36}|xox[baprs]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,}|-----BEGIN [A-Z ]*PRIVATE KEY-----/g;
const ATTACKS = [
  /('|")\s*(or|and)\s+[^=]+=|union(\s+all)?\s+select|;\s*(drop|delete|insert|update)\s|sleep\(|benchmark\(/i,
  /<script|on\w+\s*=|javascript:/i, /\.\.[\/\\]|\/etc\/passwd/i, /[;|`]\s*(cat|ls|id|whoami|curl|wget|nc|bash|sh)\b/i,
  /https?:\/\/(169\.254\.169\.254|localhost|127\.|10\.|192\.168\.)/i, /<!doctype[^>]*\[?\s*<!entity/i, /\$\{[^}]*jndi:/i, /\{\{[^}]*\}\}/,
];

function luhn(d: string): boolean {
  let sum = 0, dbl = false;
  for (let i = d.length - 1; i >= 0; i--) { let v = d.charCodeAt(i) - 48; if (dbl) { v *= 2; if (v > 9) v -= 9; } sum += v; dbl = !dbl; }
  return sum % 10 === 0;
}
function ibanOk(s: string): boolean {
  const c = s.replace(/ /g, "");
  const r = (c.slice(4) + c.slice(0, 4)).replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  let m = 0;
  for (const ch of r) m = (m * 10 + Number(ch)) % 97;
  return m === 1;
}

export function regexInspect(text: string): number {
  let found = 0;
  for (const m of text.matchAll(CARD)) if (luhn(m[0].replace(/[ -]/g, ""))) found++;
  for (const m of text.matchAll(SSN)) { const [a, g, s] = m[0].split("-"); if (a !== "000" && a !== "666" && a[0] !== "9" && g !== "00" && s !== "0000") found++; }
  for (const m of text.matchAll(IBAN)) if (ibanOk(m[0])) found++;
  for (const re of [EMAIL, PHONE, IPV4, JWT, SECRETS]) for (const _ of text.matchAll(re)) found++;
  for (const re of ATTACKS) if (re.test(text)) found++;
  return found;
}

// The same job as the Wasm core on a JSON body, written the obvious way: JSON.parse, walk every value, run
// the detectors above on each string (and key) with the key name as context, and locate each finding by its
// JSON path. The whole-text scan above does less (no parsing, no per-value verdicts, no locations, attacks
// only until the first match in the body); both are reported.
const PASSWORD_KEY = /pass(word|wd)?|secret|token/i;
const DOB_KEY = /^(dob|birth_?date|date_?of_?birth)$/i;
function valueFindings(v: string, key: string, path: string, out: string[]): void {
  if (PASSWORD_KEY.test(key)) { out.push(`${path}:password`); return; }
  if (DOB_KEY.test(key) && /^\d{4}-\d{2}-\d{2}$/.test(v)) { out.push(`${path}:dob`); return; }
  for (const m of v.matchAll(CARD)) if (luhn(m[0].replace(/[ -]/g, ""))) out.push(`${path}:card`);
  for (const m of v.matchAll(SSN)) { const [a, g, s] = m[0].split("-"); if (a !== "000" && a !== "666" && a[0] !== "9" && g !== "00" && s !== "0000") out.push(`${path}:ssn`); }
  for (const m of v.matchAll(IBAN)) if (ibanOk(m[0])) out.push(`${path}:iban`);
  for (const re of [EMAIL, PHONE, IPV4, JWT, SECRETS]) for (const _ of v.matchAll(re)) out.push(`${path}:pii`);
  for (const re of ATTACKS) if (re.test(v)) out.push(`${path}:attack`);
}
function walk(node: unknown, key: string, path: string, out: string[]): void {
  if (typeof node === "string") valueFindings(node, key, path, out);
  else if (typeof node === "number") { const s = String(node); if (s.length >= 13 && s.length <= 19 && luhn(s)) out.push(`${path}:card`); }
  else if (Array.isArray(node)) node.forEach((x, i) => walk(x, key, `${path}[${i}]`, out));
  else if (node !== null && typeof node === "object") {
    for (const [k, x] of Object.entries(node)) {
      for (const re of ATTACKS) if (re.test(k)) out.push(`${path}.{key}:attack`);
      walk(x, k, `${path}.${k}`, out);
    }
  }
}
export function regexInspectJson(text: string): number {
  const out: string[] = [];
  walk(JSON.parse(text), "", "$", out);
  return out.length;
}
