import { PiiType, KeyHint, NeedleSet, classifyValue, keyHint, isCard, isSsn, isIban, isEmail, isPhone, isIpv4, isIpv6, isJwt, isSecret } from "../pii";

function bytes(s: string): ArrayBuffer { return String.UTF8.encode(s); }
function classify(s: string, key: string = "", number: bool = false): PiiType {
  const b = bytes(s);
  const k = bytes(key);
  return classifyValue(changetype<usize>(b), b.byteLength, keyHint(changetype<usize>(k), k.byteLength), number);
}
function card(s: string): bool { const b = bytes(s); return isCard(changetype<usize>(b), b.byteLength, KeyHint.None); }
function ssn(s: string, hint: KeyHint = KeyHint.None): bool { const b = bytes(s); return isSsn(changetype<usize>(b), b.byteLength, hint); }
function iban(s: string): bool { const b = bytes(s); return isIban(changetype<usize>(b), b.byteLength, KeyHint.None); }
function email(s: string): bool { const b = bytes(s); return isEmail(changetype<usize>(b), b.byteLength); }
function phone(s: string, hint: KeyHint = KeyHint.None): bool { const b = bytes(s); return isPhone(changetype<usize>(b), b.byteLength, hint); }
function ip4(s: string, hint: KeyHint = KeyHint.None): bool { const b = bytes(s); return isIpv4(changetype<usize>(b), b.byteLength, hint); }
function ip6(s: string): bool { const b = bytes(s); return isIpv6(changetype<usize>(b), b.byteLength); }
function jwt(s: string): bool { const b = bytes(s); return isJwt(changetype<usize>(b), b.byteLength); }
function secret(s: string): bool { const b = bytes(s); return isSecret(changetype<usize>(b), b.byteLength); }

describe("payment cards: Luhn plus issuer ranges", () => {
  it("accepts valid cards of every issuer, plain, spaced or dashed", () => {
    expect(card("4111111111111111")).toBe(true, "Visa");
    expect(card("4111 1111 1111 1111")).toBe(true, "Visa spaced");
    expect(card("4111-1111-1111-1111")).toBe(true, "Visa dashed");
    expect(card("5555555555554444")).toBe(true, "Mastercard");
    expect(card("2223003122003222")).toBe(true, "Mastercard 2-series");
    expect(card("378282246310005")).toBe(true, "Amex");
    expect(card("6011111111111117")).toBe(true, "Discover");
    expect(card("3530111333300000")).toBe(true, "JCB");
    expect(card("30569309025904")).toBe(true, "Diners");
    expect(card("6200000000000005")).toBe(true, "UnionPay");
    expect(card("8100000000000002")).toBe(true, "UnionPay 81 range");
    expect(card("30950000000000")).toBe(true, "Diners 3095");
    expect(card("8200000000000001")).toBe(false, "82: no issuer");
  });
  it("rejects near misses", () => {
    expect(card("4111111111111112")).toBe(false, "Luhn fails");
    expect(card("1234567812345670")).toBe(false, "Luhn ok, no issuer");
    expect(card("0000000000000000")).toBe(false, "all zeros");
    expect(card("4111  1111 1111 1111")).toBe(false, "double separator");
    expect(card("411111111111")).toBe(false, "too short");
    expect(card("490154203237518")).toBe(false, "IMEI (15 digits, Luhn-valid, Visa prefix but wrong length)");
    expect(card("35-209900-176148-1")).toBe(false, "IMEI in its 2-6-6-1 groups (JCB prefix, Luhn-valid)");
    expect(card("38-078137-938535-9")).toBe(false, "IMEI in groups, Diners prefix");
    expect(card("385200000232372")).toBe(false, "Diners prefix, 15 digits: no Diners length");
    expect(card("3852 000002 3237")).toBe(true, "Diners 14 in its 4-6-4 groups");
    expect(card("3782 822463 10005")).toBe(true, "Amex in its 4-6-5 groups");
  });
  it("a card sent as a JSON number counts; EAN/order fields do not", () => {
    expect(classify("4111111111111111", "amount", true)).toBe(PiiType.Card);
    expect(classify("4006381333931", "ean")).toBe(PiiType.None);
    expect(classify("4111111111111111", "orderId")).toBe(PiiType.None);
  });
});

describe("US SSN", () => {
  it("accepts valid dashed SSNs and undashed ones under an SSN key", () => {
    expect(ssn("123-45-6789")).toBe(true);
    expect(ssn("123456789", KeyHint.Ssn)).toBe(true);
    expect(classify("078-05-1120", "ssn")).toBe(PiiType.Ssn);
  });
  it("rejects area 000, 666, 9xx, group 00, serial 0000, and bare 9 digits without context", () => {
    expect(ssn("000-12-3456")).toBe(false);
    expect(ssn("666-12-3456")).toBe(false);
    expect(ssn("111-11-1111")).toBe(false, "one digit repeated");
    expect(ssn("222222222", KeyHint.Ssn)).toBe(false, "one digit repeated, under its key");
    expect(ssn("078-05-1120")).toBe(true, "the published sample stays an SSN");
    expect(ssn("912-12-3456")).toBe(false);
    expect(ssn("123-00-4567")).toBe(false);
    expect(ssn("123-45-0000")).toBe(false);
    expect(ssn("123456789")).toBe(false);
  });
});

describe("IBAN", () => {
  it("accepts valid IBANs, compact or grouped", () => {
    expect(iban("DE89370400440532013000")).toBe(true);
    expect(iban("GB82 WEST 1234 5698 7654 32")).toBe(true);
    expect(iban("FR1420041010050500013M02606")).toBe(true);
    expect(iban("NL91ABNA0417164300")).toBe(true);
  });
  it("knows the countries whose banks issue IBANs outside SWIFT's registry", () => {
    expect(iban("DZ580002100001113000000570")).toBe(true, "Algeria");
    expect(iban("IR710570029971601460641001")).toBe(true, "Iran");
    expect(iban("MA64 0115 1900 0001 2050 0053 4921")).toBe(true, "Morocco, grouped");
    expect(iban("SN08SN0100152000048500003035")).toBe(true, "Senegal");
    expect(iban("HN88CABF00000000000250005469")).toBe(true, "Honduras");
    expect(iban("IR710570029971601460641002")).toBe(false, "Iran, checksum fails");
    expect(iban("IR71057002997160146064100")).toBe(false, "Iran, one short");
  });
  it("rejects a wrong checksum, a wrong country length, an unknown country", () => {
    expect(iban("DE89370400440532013001")).toBe(false);
    expect(iban("DE8937040044053201300")).toBe(false);
    expect(iban("ZZ89370400440532013000")).toBe(false);
  });
  it("takes dashes as group separators too, but not inside the country code, mixed separators or mixed case", () => {
    expect(iban("AL47-2121-1009-0000-0002-3569-8741")).toBe(true, "dashes");
    expect(iban("gb82 west 1234 5698 7654 32")).toBe(true, "lower case throughout");
    expect(iban("G T82 TRAJ 0102 0000 0012 1002 9690")).toBe(false, "a blank inside the country code");
    expect(iban("GT82 TRAJ-0102 0000 0012 1002 9690")).toBe(false, "two kinds of separator");
    expect(iban("LV80 bANK 0000 4351 9500 1")).toBe(false, "letters in two cases");
  });
});

describe("email, phone, IPs", () => {
  it("emails", () => {
    expect(email("alice@example.com")).toBe(true);
    expect(email("a.b+tag@sub.example.co.uk")).toBe(true);
    expect(email("not-an-email")).toBe(false);
    expect(email("user@localhost")).toBe(false);
    expect(email("a@b.c")).toBe(false);
    expect(email("two@@example.com")).toBe(false);
  });
  it("phones: E.164 alone, national formats under a phone key", () => {
    expect(phone("+14155552671")).toBe(true);
    expect(phone("+44 20 7946 0958")).toBe(true);
    expect(phone("(415) 555-2671", KeyHint.Phone)).toBe(true);
    expect(phone("415-555-2671")).toBe(false);
    expect(phone("0171 2057015")).toBe(false);
    expect(phone("+123")).toBe(false);
  });
  it("phones: the North American (NXX) NXX-XXXX shape stands alone", () => {
    expect(phone("(415) 555-2671")).toBe(true);
    expect(phone("(415)555-2671")).toBe(true);
    expect(phone("(115) 555-2671")).toBe(false); // area codes start with 2-9
    expect(phone("(415) 155-2671")).toBe(false); // so do exchanges
    expect(phone("(415) 555 2671")).toBe(false);
    expect(phone("(2024) 555-2671")).toBe(false);
  });
  it("IPv6 with a zone index; dates with month names under a birth-date key", () => {
    expect(ip6("fe80::1%eth0")).toBe(true);
    expect(ip6("fe80::1%25en0")).toBe(true);
    expect(ip6("fe80::1%")).toBe(false);
    expect(ip6("fe80::1%et h0")).toBe(false);
    expect(classify("17 Jan 1956", "dob")).toBe(PiiType.Dob);
    expect(classify("July 18, 1941", "date_of_birth")).toBe(PiiType.Dob);
    expect(classify("3rd March 1990", "birthday")).toBe(PiiType.Dob);
    expect(classify("Sept. 3 1990", "birthDate")).toBe(PiiType.Dob);
    expect(classify("17 Jan", "dob")).toBe(PiiType.None);
    expect(classify("32 Jan 1956", "dob")).toBe(PiiType.None);
    expect(classify("17 Foo 1956", "dob")).toBe(PiiType.None);
    expect(classify("17 Jan 1956", "shipped")).toBe(PiiType.None);
  });
  it("password field names of other languages; fields about a password in those languages are none", () => {
    const keys: StaticArray<string> = ["senha", "contrasena", "contraseña", "kennwort", "mot_de_passe", "motDePasse", "wachtwoord", "haslo", "hasło",
      "пароль", "密码", "パスワード", "비밀번호", "salasana", "lösenord", "sifre", "passord", "adgangskode", "jelszo", "heslo", "lozinka", "novaSenha"];
    for (let i = 0; i < keys.length; i++) expect(classify("hunter2xyz", keys[i])).toBe(PiiType.Password, keys[i]);
    const about: StaticArray<string> = ["senha_alterada_em", "fecha_cambio_contrasena", "kennwort_geaendert", "chashlo", "parola"];
    for (let i = 0; i < about.length; i++) expect(classify("2024-01-01", about[i])).toBe(PiiType.None, about[i]);
  });
  it("birth-date and phone field names of other languages", () => {
    const dobKeys: StaticArray<string> = ["geburtsdatum", "fecha_nacimiento", "data_nascita", "dateNaissance", "geboortedatum", "data_urodzenia",
      "dataNascimento", "syntymaaika", "fødselsdato", "födelsedatum", "дата_рождения", "bday"];
    for (let i = 0; i < dobKeys.length; i++) expect(classify("10.02.1976", dobKeys[i])).toBe(PiiType.Dob, dobKeys[i]);
    expect(classify("10.02.1976", "lieferdatum")).toBe(PiiType.None, "a delivery date");
    const phoneKeys: StaticArray<string> = ["handy", "handyNummer", "celular", "movil", "móvil", "mobilnummer"];
    for (let i = 0; i < phoneKeys.length; i++) expect(classify("0151 23456789", phoneKeys[i])).toBe(PiiType.Phone, phoneKeys[i]);
    expect(classify("0151 23456789", "handle")).toBe(PiiType.None, "a handle");
    expect(classify("+290 8999", "phone")).toBe(PiiType.Phone, "Saint Helena: seven digits in E.164");
    expect(classify("+290 8999", "value")).toBe(PiiType.None, "seven digits alone are no phone");
  });
  it("SSN with spaces or dots only under an SSN key", () => {
    expect(classify("078.05.1123", "ssn")).toBe(PiiType.Ssn);
    expect(classify("078.05.1123", "value")).toBe(PiiType.None);
    expect(classify("078.00.1123", "ssn")).toBe(PiiType.None);
  });
  it("IPv4 and IPv6; version strings are not addresses", () => {
    expect(ip4("192.168.1.10")).toBe(true);
    expect(ip4("256.1.1.1")).toBe(false);
    expect(ip4("1.2.3")).toBe(false);
    expect(ip4("01.2.3.4")).toBe(false);
    expect(classify("1.2.3.4", "version")).toBe(PiiType.None);
    expect(ip6("2001:db8::1")).toBe(true);
    expect(ip6("fe80::1ff:fe23:4567:890a")).toBe(true);
    expect(ip6("12:30")).toBe(false);
    expect(ip6("a::b::c")).toBe(false);
  });
});

describe("JWT and secrets", () => {
  it("JWT: structure and a header that decodes to JSON with alg", () => {
    expect(jwt("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")).toBe(true);
    expect(jwt("eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxIn0.sig")).toBe(false, "header without alg");
    expect(jwt("eyJhbGciOiJIUzI1NiJ9.only-two-parts")).toBe(false);
  });
  it("cloud and SaaS tokens, PEM private keys", () => {
    expect(secret("AKIAQ7LMZ2HNVW4TXKRB")).toBe(true);
    expect(secret("AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe")).toBe(true);
    expect(secret("ghp_abcdefghijklmnopqrstuvwxyz0123456789")).toBe(true);
    expect(secret("glpat-abcdefghij0123456789")).toBe(true);
    expect(secret("xoxb-1234567890-abcdefghijkl")).toBe(true);
    expect(secret("sk_live_abcdefghijklmnop1234")).toBe(true);
    expect(secret("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi")).toBe(true, "a key cut short is still key material");
    expect(secret("AKIA-not-a-key")).toBe(false);
    expect(secret("pk_live_abcdefghijklmnop1234")).toBe(false, "publishable keys are public (sk_test_ keys are secrets: they open the account's test mode)");
  });
  it("the formats of gitleaks' rules for AWS, GitLab, Slack and Stripe", () => {
    expect(secret("ASIAY34FZKBOKMUTVV7A")).toBe(true);
    expect(secret("ABIAVW3XQ5M7ZT2PLKRN")).toBe(true, "AWS STS service bearer token");
    expect(secret("ACCA6JH4TQ2ZLMX7WPRV")).toBe(true, "AWS context-specific credential");
    expect(secret("A3TXJ2KMQ7ZRW5TLPVNB")).toBe(true);
    expect(secret("ABSKQmVkcm9ja0FQSUtleS1" + "k3R9xqPzL2mWvT8sYb4N".repeat(5) + "Hq7Jd=")).toBe(true, "Amazon Bedrock long-term key");
    expect(secret("ABSKQmVkcm9ja0FQSUtleS1k3R9")).toBe(false, "too short for a Bedrock key");
    expect(secret("bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + "L3D9x+qPzL2mW/vT8sYb4NkR".repeat(3))).toBe(true, "Amazon Bedrock short-term key");
    expect(secret("glpat-k3R9xqPzL2mWvT8sYb4NHq7Jd_a.01b7x2k9q")).toBe(true, "GitLab routable token");
    expect(secret("glrt-t1_Zk3R9xqPzL2mWvT8sYb4NHq7Jd2.01c8v3m1z")).toBe(true);
    expect(secret("glimt-k3R9xqPzL2mWvT8sYb4NHq7Jd")).toBe(true);
    expect(secret("glffct-k3R9xqPzL2mWvT8sYb4N")).toBe(true);
    expect(secret("GR1348941mWvT8sYb4NHq7Jd2k3R9")).toBe(true, "GitLab runner registration token");
    expect(secret("xoxe.xoxp-1-" + "4ev6Bfxz45RSqMRyhj34u3raXVMff2j62LiAQGVIcIMH63yNzmSecD82hUMkKgiet87fBrcSuAXkSiSCpJ".repeat(2))).toBe(true, "Slack configuration token");
    expect(secret("xoxs-416843729158-132049654-5609968301-e708ba56e1")).toBe(true, "Slack legacy token");
    expect(secret("xoxa-2-k3R9xqPzL2mWvT8sYb4N")).toBe(true, "Slack workspace token");
    expect(secret("hooks.slack.com/workflows/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")).toBe(true, "Slack webhook without a scheme");
    expect(secret("sk_prod_YIemV66Oy6sHcRsKBpcI4hhavk")).toBe(true);
    expect(secret("sk_live_4eC39HqLyj")).toBe(true, "10 characters after the prefix");
    expect(secret("whsec_1lRWKCzZo8psL9xO45epH6GOwI25KFb9")).toBe(true, "Stripe webhook signing secret");
    expect(secret("whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).toBe(false, "its documentation placeholder");
    expect(secret("pul-3f9a1c0d7e2b4a6c8d0e1f2a3b4c5d6e7f8a9b0c")).toBe(true, "Pulumi access token");
    expect(secret("pul-3f9a1c0d7e2b4a6c8d0e1f2a3b4c5d6e7f8a9b0")).toBe(false, "one short");
    expect(secret("ghs_RWGUZ6kS8_Ut7PbtR72k2miJwwYtxkpe8mOpT8feAWYZcwz43PxBVGCNATnycaQV9VUlPJe1uST5Xen7d3uZ5lil")).toBe(true, "longer GitHub installation token");
    expect(secret("da2-k3r9xqpzl2mwvt8syb4nhq7jd2")).toBe(true, "AWS AppSync API key");
    expect(secret("da2-aaaaaaaaaaaaaaaaaaaaaaaaaa")).toBe(false);
    expect(secret("ya29.a0AfH6SMBx3k9QpL2mWvT8sYb4NHq7Jd2xyZa1bC9dE")).toBe(true, "Google OAuth access token");
    expect(secret("LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVBM1R6Mm1yN1NaaUFNZlF5dXZCak05T2lKcStLNy9aeDlrUXBMbTJWYlI0dFl3OE5jCi0tLS0tRU5EIFJTQSBQUklWQVRFIEtFWS0tLS0tCg==")).toBe(true, "a PEM key in base64");
    expect(secret("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUVwQUlCQUFLQ0FRRUEzVHoybXI3U1ppQU1mUXl1dkJqTTlPaUpxK0s3L1p4OWtRcExtMlZiUjR0WXc4TmMKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=")).toBe(false, "a certificate in base64 is public");
    expect(secret("xoxo-hugs-and-kisses-from-all")).toBe(false, "a sign-off: legacy tokens start with a number");
    expect(secret("task_test_4eC39HqLyjWDarjtT1zdp7dc")).toBe(false);
    expect(secret("sk_test_YOUR_STRIPE_SECRET_KEY")).toBe(false, "Stripe keys are letters and digits");
  });
  it("other services' tokens by their prefixes: LLM APIs, registries, cloud and SaaS platforms", () => {
    expect(secret("sk-proj-" + "k3R9xqPzL2mWvT8sYb4NHq7Jd2xyZa1bC9dE_f0Gh6Ij5Kl4Mn3Op2Qr")).toBe(true, "OpenAI project key");
    expect(secret("sk-ant-api03-" + "k3R9xqPzL2mWvT8sYb4NHq7Jd2xyZa1bC9dE_f0Gh6Ij5Kl4Mn3Op2Qr".repeat(2) + "AA")).toBe(true, "Anthropic key");
    expect(secret("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")).toBe(true, "Hugging Face token");
    expect(secret("npm_TCllNwh2WLQlMWVhybM1iQrsTj6rMQ0BOh6d")).toBe(true);
    expect(secret("dapif21ee53d2b3648c2a1ed38953312a203")).toBe(true, "Databricks token");
    expect(secret("dapiDataGetTopLongShortPositionRatio")).toBe(false, "a method name: Databricks tokens are hex");
    expect(secret("dop_v1_ef0e04edc13918192246e0c90f0735c7f4db7a5a036a857e48d6cc98f1c9576b")).toBe(true, "DigitalOcean token");
    expect(secret("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")).toBe(true, "SendGrid key");
    expect(secret("AGE-SECRET-KEY-1HJCRJVK7EE3A5N8CRP8YSDUGZKNW90Y5UR2RGYAS8L279LFP6LCQU5ADNR")).toBe(true, "age identity");
    expect(secret("4839574813:AAFD39kkdpWt3ywyRZergyOLMaJhac61qc")).toBe(false, "a Telegram token is a value of its own kind (classifyValue)");
    expect(classify("4839574813:AAFD39kkdpWt3ywyRZergyOLMaJhac61qc", "note")).toBe(PiiType.Secret, "Telegram bot token");
    expect(secret("https://acme.webhook.office.com/webhookb2/9da5da9c-4218-4c22-aed6-b5c8baebfff5@2f2b54b7-0141-4ba7-8fcd-ab7d17a60547/IncomingWebhook/1bf66ccbb5a3438e9b6f4d1e0e1e0f7c/6e3f0a2b-1c4d-4e5f-8a9b-0c1d2e3f4a5b")).toBe(true, "Teams webhook");
    expect(secret("hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).toBe(false);
    expect(secret("NRAK-ZRP2S5EFYEL46D0XH1IS9N1145T")).toBe(true, "New Relic user key");
    expect(secret("NRII-7PZwZjsHKbaA6CXOUjAOL2r4rEPshqA5")).toBe(true, "New Relic insert key");
    expect(secret("NRRA-bf36f72bbf92e14fae469c8afc4621eb26b5a68a82")).toBe(true, "New Relic REST key");
    expect(secret("sgp_dba5193efe2281aa_d11d72f35522b06f4d6b175539e2bf430f64863e")).toBe(true, "Sourcegraph token");
    expect(secret("sq0csp-LK5J4ZNcSG3eTkd0KKDsQ5bD0suem6xbnO1W2m9EWLA")).toBe(true, "Square secret");
    expect(secret("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")).toBe(true, "Tavily key");
    expect(secret("aio_PAz8lY8KJvzf90Gqhsn9D2P0zFWK")).toBe(true, "Adafruit IO key");
    expect(secret("odt_uTu4wFRopyXVYFVNYigeq3t5bj1cmfqE")).toBe(true, "Dependency-Track key");
    expect(secret("oy2xggeaionalbrhqhyryaceck37v7801mkvq1m1wui8h3")).toBe(true, "NuGet key");
    expect(secret("SK99a82e5b5f42edfc6aab9dd69ac4a9d8")).toBe(true, "Twilio API key");
    expect(secret("cioXYh3MWXY6FbdwtVF0H2DKLcCh12iXR4b")).toBe(true, "crates.io token");
    expect(secret("eyJrIjoibUFtaml4VTl3T1lHZWMzbG1SMW04YXhEYXk4ZVhFQm0iLCJuIjoiY2kiLCJpZCI6MX0=")).toBe(true, "Grafana API key");
    // Near misses: a length off by one, upper-case hex for Twilio, a placeholder, a word with the prefix.
    expect(secret("NRAK-ZRP2S5EFYEL46D0XH1IS9N114")).toBe(false);
    expect(secret("SK99A82E5B5F42EDFC6AAB9DD69AC4A9D8")).toBe(false);
    expect(secret("tvly-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).toBe(false);
    expect(secret("circumnavigationalExperimentation1")).toBe(false);
  });
  it("a token's format with a placeholder's content is documentation, not a secret", () => {
    expect(secret("AKIAIOSFODNN7EXAMPLE")).toBe(false, "AWS's documented example key id");
    expect(secret("AKIAXXXXXXXXXXXXXXXX")).toBe(false);
    expect(secret("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")).toBe(false);
    expect(secret("glpat-XXXXXXXXXXX-XXXXXXXX")).toBe(false);
    expect(secret("glptt-0000000000000000000000000000000000000000")).toBe(false);
    expect(secret("GR134894112312312312312312312")).toBe(false, "three distinct digits");
    expect(secret("xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx")).toBe(false);
    expect(secret("xoxb-123456789012-xxxxxxxxxxxxxxxxxxxxxxxx")).toBe(false, "a run of x");
    expect(secret("AIzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).toBe(false);
    expect(secret("sk_live_changemechangemechangeme")).toBe(false);
    expect(secret("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")).toBe(false, "Slack's documented example");
    expect(secret("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----")).toBe(false, "an empty block");
    expect(secret("-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----")).toBe(false);
    expect(secret("-----BEGIN PRIVATE KEY-----\nXXXX\nXXXX\nXXXX\nXXXX\nXXXX\n-----END PRIVATE KEY-----")).toBe(false, "a template");
    // Runs of 'A' are zero bytes in a key's base64: a real OpenSSH key keeps its runs and is a secret.
    expect(secret("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----")).toBe(true);
  });
  it("passwords and dates of birth by key name", () => {
    expect(classify("hunter2", "password")).toBe(PiiType.Password);
    expect(classify("1990-04-01", "dateOfBirth")).toBe(PiiType.Dob);
    expect(classify("1990-04-01", "createdAt")).toBe(PiiType.None);
  });
});

describe("real-world formats (audit of issue #3)", () => {
  it("an AWS secret access key or API secret is found under a secret-like field name, not elsewhere", () => {
    expect(classify("q3Zk8Lm2Vb/R4tYw8NcH3sJf7Pq1Xz9Dk5Wn0Ea", "aws_secret_access_key")).toBe(PiiType.Secret);
    expect(classify("q3Zk8Lm2Vb/R4tYw8NcH3sJf7Pq1Xz9Dk5Wn0Ea", "SecretAccessKey")).toBe(PiiType.Secret);
    // AWS's documented example key is documentation, as its key id is.
    expect(classify("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key")).toBe(PiiType.None);
    expect(classify("8f14e45fceea167a5a36dedd4bea2543", "client_secret")).toBe(PiiType.Secret);
    expect(classify("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "comment")).toBe(PiiType.None, "no field name, no claim");
    expect(classify("What was your first pet's name", "secret_question")).toBe(PiiType.None, "prose is not a key");
    expect(classify("1700000000", "client_secret_expires_at")).toBe(PiiType.None, "digits only");
    expect(classify("process.env.AWS_SECRET_ACCESS_KEY", "secretAccessKey")).toBe(PiiType.None, "a reference in code");
    expect(classify("DiffieHellman.prototype.setKey", "privateKey")).toBe(PiiType.None);
  });
  it("Stripe test keys, Slack app tokens and webhooks, PGP private key blocks are secrets", () => {
    expect(secret("sk_test_4eC39HqLyjWDarjtT1zdp7dc")).toBe(true);
    expect(secret("rk_test_4eC39HqLyjWDarjtT1zdp7dc")).toBe(true);
    expect(secret("xapp-1-A0123456789-1234567890123-abcdef0123456789")).toBe(true);
    expect(secret("https://hooks.slack.com/services/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")).toBe(true);
    expect(secret("-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF0000000000000000000000000000\n-----END PGP PRIVATE KEY BLOCK-----")).toBe(true);
    expect(secret("pk_test_4eC39HqLyjWDarjtT1zdp7dc")).toBe(false, "publishable keys are public");
    expect(secret("-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQINBF0000000000000000000000000000\n-----END PGP PUBLIC KEY BLOCK-----")).toBe(false);
  });
  it("fields about a password hold none", () => {
    expect(classify("your first pet", "password_hint")).toBe(PiiType.None);
    expect(classify("2024-01-02", "password_updated_at")).toBe(PiiType.None);
    expect(classify("2024-01-02", "passwordChangedDate")).toBe(PiiType.None);
    expect(classify("12", "password_min_length")).toBe(PiiType.None);
    expect(classify("S3cr3t!", "new_password")).toBe(PiiType.Password);
    expect(classify("123456", "one_time_password")).toBe(PiiType.Password);
  });
  it("a date of birth with a time part, an SSN in spaced groups under its field name, an IPv4-mapped IPv6 address", () => {
    expect(classify("1990-01-02T00:00:00Z", "dateOfBirth")).toBe(PiiType.Dob);
    expect(classify("1990-01-02 00:00:00", "birth_date")).toBe(PiiType.Dob);
    expect(classify("536 90 4399", "ssn")).toBe(PiiType.Ssn);
    expect(classify("536 90 4399", "code")).toBe(PiiType.None, "spaced nine digits need the field name");
    expect(classify("666 90 4399", "ssn")).toBe(PiiType.None, "area 666");
    expect(ip6("::ffff:192.0.2.128")).toBe(true);
    expect(ip6("64:ff9b::198.51.100.7")).toBe(true);
    expect(ip6("::ffff:300.0.2.128")).toBe(false);
    expect(ip6("12:30:1.2.3.4")).toBe(false);
  });
  it("an e-mail address with an apostrophe in the local part", () => {
    expect(email("o'brien@example.ie")).toBe(true);
    expect(email("'quoted@example.ie")).toBe(false);
    expect(email("ann@o'brien.ie")).toBe(false);
  });
});

describe("bearer credentials by field name (audit of issue #3)", () => {
  it("access, refresh and session tokens are secrets; pagination and CSRF tokens and token types are not", () => {
    expect(classify("FwoGZXIvYXdzEJr//////////wEaDOw", "SessionToken")).toBe(PiiType.Secret);
    expect(classify("ya29.a0AfH6SMBx3kG7rLq1Z9yQ", "access_token")).toBe(PiiType.Secret);
    expect(classify("1//0gdT7hYk2Lm9xQwErTyUi", "refreshToken")).toBe(PiiType.Secret);
    expect(classify("glpat-1a2B3c4D5e6F7g8H9i0J", "PRIVATE-TOKEN")).toBe(PiiType.Secret);
    expect(classify("CAUQAA9xYz3k2LmQ", "next_page_token")).toBe(PiiType.None);
    expect(classify("Bearer", "token_type")).toBe(PiiType.None);
    expect(classify("3600", "access_token_expires_in")).toBe(PiiType.None);
  });
});

describe("cards of other issuers under a card field name (audit of issue #3)", () => {
  it("Maestro, Mir, RuPay, Dankort numbers count under card/pan fields when the Luhn check holds", () => {
    expect(classify("6759649826438453", "card_number")).toBe(PiiType.Card, "Maestro UK");
    expect(classify("5019717010103742", "pan")).toBe(PiiType.Card, "Dankort");
    expect(classify("2200000000000004", "cardNumber")).toBe(PiiType.Card, "Mir");
    expect(classify("6759649826438454", "card_number")).toBe(PiiType.None, "Luhn fails");
    expect(classify("8699649826438452", "reference")).toBe(PiiType.None, "no issuer range, no card field");
    expect(classify("8699649826438452", "card_number")).toBe(PiiType.Card, "any Luhn-valid number under a card field");
  });
  it("Maestro, Dankort and Mir ranges count without a card field (16-19 digits, Luhn), as the main issuers do", () => {
    expect(classify("6759649826438453", "reference")).toBe(PiiType.Card, "Maestro UK");
    expect(classify("6304000000000000", "value")).toBe(PiiType.Card, "Maestro");
    expect(classify("5019717010103742", "value")).toBe(PiiType.Card, "Dankort");
    expect(classify("2200000000000004", "value")).toBe(PiiType.Card, "Mir");
    expect(classify("6759649826438454", "value")).toBe(PiiType.None, "Luhn fails");
    expect(classify("675964982643", "value")).toBe(PiiType.None, "12 digits: too short without a card field");
  });
});

describe("the IP field name 'ip'", () => {
  it("is a word of the name (clientIp, src_ip, IP), not letters inside zip, description or shipping", () => {
    const hint = (k: string): KeyHint => keyHint(changetype<usize>(bytes(k)), k.length);
    expect(hint("ip")).toBe(KeyHint.Ip);
    expect(hint("clientIp")).toBe(KeyHint.Ip);
    expect(hint("src_ip")).toBe(KeyHint.Ip);
    expect(hint("IP")).toBe(KeyHint.Ip);
    expect(hint("ipv4_address")).toBe(KeyHint.Ip);
    expect(hint("zip")).toBe(KeyHint.None);
    expect(hint("description")).toBe(KeyHint.None);
    expect(hint("shipping")).toBe(KeyHint.None);
  });
});

describe("the card field name 'pan' (audit of issue #3)", () => {
  it("is a word of the name, not letters inside company, expand or panel", () => {
    expect(keyHint(changetype<usize>(bytes("pan")), 3)).toBe(KeyHint.Card);
    expect(keyHint(changetype<usize>(bytes("cardPan")), 7)).toBe(KeyHint.Card);
    expect(keyHint(changetype<usize>(bytes("PAN")), 3)).toBe(KeyHint.Card);
    expect(keyHint(changetype<usize>(bytes("pan_hash")), 8)).toBe(KeyHint.Card);
    expect(keyHint(changetype<usize>(bytes("company_id")), 10)).toBe(KeyHint.None);
    expect(keyHint(changetype<usize>(bytes("expand")), 6)).toBe(KeyHint.None);
    expect(keyHint(changetype<usize>(bytes("panel")), 5)).toBe(KeyHint.None);
  });
  it("in ALL-CAPS names the letters around are one word (ACCESS_KEY holds no 'cc', COMPANY_ID no 'pan')", () => {
    const hint = (k: string): KeyHint => keyHint(changetype<usize>(bytes(k)), k.length);
    expect(hint("COMPANY_ID")).toBe(KeyHint.None);
    expect(hint("HOTEL_ID")).toBe(KeyHint.None);
    expect(hint("AWS_SECRET_ACCESS_KEY")).toBe(KeyHint.Secret);
    expect(hint("CARD_PAN")).toBe(KeyHint.Card);
    expect(hint("CC_NUMBER")).toBe(KeyHint.Card);
    expect(hint("ccNumber")).toBe(KeyHint.Card);
    expect(hint("cc")).toBe(KeyHint.Card);
    expect(hint("USER_SSN")).toBe(KeyHint.Ssn);
    expect(hint("TEL")).toBe(KeyHint.Phone);
    expect(hint("productEAN")).toBe(KeyHint.NotPii);
    expect(hint("buildNumber")).toBe(KeyHint.NotPii);
    expect(hint("building")).toBe(KeyHint.None);
  });
  it("pass as a word of the name holds a password (user/pass forms); passed, bypass and compass do not", () => {
    const hint = (k: string): KeyHint => keyHint(changetype<usize>(bytes(k)), k.length);
    expect(hint("pass")).toBe(KeyHint.Password);
    expect(hint("db_pass")).toBe(KeyHint.Password);
    expect(hint("passCode")).toBe(KeyHint.Password);
    expect(hint("passed")).toBe(KeyHint.None);
    expect(hint("bypass")).toBe(KeyHint.None);
    expect(hint("compass")).toBe(KeyHint.None);
    expect(hint("pass_updated_at")).toBe(KeyHint.None);
  });
  it("a phone stored as a JSON number under a phone field; GitLab token prefixes beyond glpat-", () => {
    expect(classify("14155552671", "phone", true)).toBe(PiiType.Phone);
    expect(classify("14155552671", "count", true)).toBe(PiiType.None);
    expect(classify("gldt-Ab3dEf6hIj9kLm2nOp5q", "value")).toBe(PiiType.Secret);
    expect(classify("a@xn--d1acufc.xn--p1ai", "value")).toBe(PiiType.Email);
    expect(classify("user@xn--80ak6aa92e.com", "value")).toBe(PiiType.Email);
    expect(classify("user@example.c0m", "value")).toBe(PiiType.None);
    expect(classify("glrt-Ab3dEf6hIj9kLm2nOp5qRs", "value")).toBe(PiiType.Secret);
    expect(classify("glass-door-window-frame-x", "value")).toBe(PiiType.None);
    expect(classify("8699649826438452", "company_id")).toBe(PiiType.None); // Luhn-valid, no issuer: a card only under a card field
  });
});

describe("short field-name hints are words (audit of issue #3)", () => {
  it("ssn and tel only as words of the field name", () => {
    expect(classify("123456789", "ssn")).toBe(PiiType.Ssn);
    expect(classify("123456789", "userSsn")).toBe(PiiType.Ssn);
    expect(classify("123456789", "social_security_number")).toBe(PiiType.Ssn);
    expect(classify("123456789", "businessNumber")).toBe(PiiType.None);
    expect(classify("123456789", "classname")).toBe(PiiType.None);
    expect(classify("415-555-2671", "tel")).toBe(PiiType.Phone);
    expect(classify("415-555-2671", "cell_phone")).toBe(PiiType.Phone);
    expect(classify("030 1234567", "telefon")).toBe(PiiType.Phone);
    expect(classify("12345678", "hotel_id")).toBe(PiiType.None);
    expect(classify("12345678", "cell_count")).toBe(PiiType.None);
    expect(classify("12345678", "excellent")).toBe(PiiType.None);
  });
});

describe("identifier field names (audit of issue #3)", () => {
  it("ean/upc/sku as words suppress; inside boolean or clean they do not; a card field under an order keeps its card", () => {
    expect(classify("4006381333931", "ean13")).toBe(PiiType.None);
    expect(classify("4111111111111111", "productEan")).toBe(PiiType.None);
    expect(classify("4111111111111111", "order_id")).toBe(PiiType.None);
    expect(classify("4111111111111111", "order_card_number")).toBe(PiiType.Card);
    expect(classify("+14155552671", "clean_phone")).toBe(PiiType.Phone);
    expect(classify("4111111111111111", "boolean_card")).toBe(PiiType.Card);
  });
});

describe("IBAN registry and internationalized e-mail (audit of issue #3)", () => {
  it("IBANs of registry countries beyond Europe", () => {
    expect(iban("EG380019000500000000263180002")).toBe(true, "Egypt");
    expect(iban("BY13NBRB3600900000002Z00AB00")).toBe(true, "Belarus");
    expect(iban("SV62CENR00000000000000700025")).toBe(true, "El Salvador");
    expect(iban("EG380019000500000000263180003")).toBe(false, "checksum");
  });
  it("addresses with non-ASCII local parts and domains", () => {
    expect(email("jörg@bücher.de")).toBe(true);
    expect(email("用户@例子.广告")).toBe(true);
    expect(email("jörg@bücher")).toBe(false);
  });
});

const PHONEISH = new NeedleSet("call|cell|text me|tel");
function has(t: string, n: i32 = -1): bool { const b = bytes(t); return PHONEISH.in(changetype<usize>(b), n < 0 ? b.byteLength : n); }
describe("NeedleSet (several words looked for in one pass)", () => {
  it("finds any needle, case-insensitively, also at the very end", () => {
    expect(has("please CALL")).toBe(true);
    expect(has("my Cell")).toBe(true);
    expect(has("or TEXT ME")).toBe(true);
    expect(has("hotel")).toBe(true, "substrings, as containsAscii");
  });
  it("does not read past n and needs the whole needle", () => {
    expect(has("please call", 10)).toBe(false);
    expect(has("text m")).toBe(false);
    expect(has("cel")).toBe(false);
    expect(has("")).toBe(false);
  });
});
