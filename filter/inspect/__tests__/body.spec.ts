import { PiiType } from "../pii";
import { Findings, MAX_FINDINGS } from "../findings";
import { BodyKind, ScanLimits, scanBody, scanForm } from "../body";
import { maskInPlace } from "../redact";
import { AttackClass } from "../attacks";

const findings = new Findings();
const limits = new ScanLimits();

function scan(body: string, kind: BodyKind = BodyKind.Json): ArrayBuffer {
  const b = String.UTF8.encode(body);
  findings.reset();
  scanBody(changetype<usize>(b), b.byteLength, kind, limits, findings);
  return b;
}
// Each text read as a text body holds one finding of `type`, covering exactly the matching entry of `found`.
function expectOneEach(texts: StaticArray<string>, found: StaticArray<string>, type: PiiType): void {
  for (let i = 0; i < texts.length; i++) {
    const b = scan(texts[i], BodyKind.Text);
    expect(findings.count).toBe(1, texts[i]);
    expect(findings.items[0].type).toBe(type, texts[i]);
    expect(String.UTF8.decodeUnsafe(changetype<usize>(b) + <usize>findings.items[0].start, <usize>findings.items[0].length)).toBe(found[i], texts[i]);
  }
}
// Each text read as a text body holds no finding.
function expectNone(texts: StaticArray<string>): void {
  for (let i = 0; i < texts.length; i++) {
    scan(texts[i], BodyKind.Text);
    expect(findings.count).toBe(0, texts[i]);
  }
}

describe("form scanning", () => {
  it("reads a payload whose own '&' split it into parameters as one string", () => {
    scan("a1b2=&gt%3B+src+onerror=confirm&amp%3Blpar%3B1&amp%3Brpar%3B&lt%3B", BodyKind.Form);
    expect(findings.count).toBe(1);
    expect(findings.items[0].attack).toBe(AttackClass.Xss);
    expect(findings.items[0].location).toBe("form");
    scan('x=Ev+al+("Ex"&"e"&"cute(""Server.ScriptTimeout=3600")', BodyKind.Form);
    expect(findings.count).toBe(1);
    expect(findings.items[0].attack).toBe(AttackClass.Cmdi);
    scan("x=Ev%20al%20%28%22Ex%22&%22e%22&%22cute%28%22%22Server.ScriptTimeout=3600%22%29", BodyKind.Form);
    expect(findings.count).toBe(1);
    expect(findings.items[0].attack).toBe(AttackClass.Cmdi);
  });
  it("leaves links copied from HTML and ampersands in words alone", () => {
    scan("a=1&amp;b=2&c=3", BodyKind.Form);
    expect(findings.count).toBe(0);
    scan("title=Tom+&+Jerry&q=fish+%26+chips", BodyKind.Form);
    expect(findings.count).toBe(0);
  });
});

function query(q: string): void {
  const b = String.UTF8.encode(q);
  findings.reset();
  scanForm(changetype<usize>(b), b.byteLength, limits, findings, "query.");
}

describe("query strings", () => {
  it("read a name after an escaped ampersand (&amp;, WordPress's &#038;) as the name, not as ';' and a command", () => {
    const links: StaticArray<string> = ["ring=eros&amp;id=190&amp;hub", "sid=&amp;ring=x&amp;id=&amp;list", "a=1&#038;id=2", "a=1&#38;id=2&AMP;id=3",
      "action=topics&amp;forum=x&amp;daysprune=20&amp;lastlogin"];
    for (let i = 0; i < links.length; i++) { query(links[i]); expect(findings.count).toBe(0, links[i]); }
    query("a=1&amp;id=;cat+/etc/passwd");
    expect(findings.count).toBe(1);
    expect(findings.items[0].attack).toBe(AttackClass.Cmdi);
    query("a=1&;id=2");
    expect(findings.count).toBe(1, "a name that is ';' and a command, with no entity before it");
  });
  it("flag markup that renders - a heading, marquee, font, form closed by its end tag, an image from elsewhere - as XSS", () => {
    const injected: StaticArray<string> = ["nombre=%3Ch1%3EXSS!%3C/h1%3E&enviado=Buscar", "phrase=<h1>Defaced By X</h1></marquee>", "pag=<center><font size=18>Hi</font></center>",
      "ara=<img src=\"http://img.example/26vrul2.jpg\">", "x=<IMG SRC=//evil.example/a.png>", "q=<marquee>owned</marquee>", "searchtext=<h1><marquee>sl4xUz"];
    for (let i = 0; i < injected.length; i++) {
      query(injected[i]);
      expect(findings.count).toBeGreaterThan(0, injected[i]);
      expect(findings.items[0].attack).toBe(AttackClass.Xss, injected[i]);
    }
    // Inline formatting, an unclosed heading, a local image, and the same markup in a form body.
    const plain: StaticArray<string> = ["q=<b>bold</b>+and+<i>italic</i>", "q=what+is+<h1>", "q=<img src=/logo.png>", "q=a<h1b>c</h1b>"];
    for (let i = 0; i < plain.length; i++) { query(plain[i]); expect(findings.count).toBe(0, plain[i]); }
    scan("nombre=%3Ch1%3EXSS!%3C/h1%3E", BodyKind.Form);
    expect(findings.count).toBe(0, "rich text in a form body");
  });
});

describe("parameters named for a command", () => {
  it("are a web shell's channel when their value starts with a command a probe runs", () => {
    const probes: StaticArray<string> = ["cmd=id", "cmd=ls", "cmd=echo%202yQ8mK4vT1", "cmd2=systeminfo", "cmd_1=whoami", "COMMAND=uname+-a", "exec=ipconfig"];
    for (let i = 0; i < probes.length; i++) {
      query(probes[i]);
      expect(findings.count).toBe(1, probes[i]);
      expect(findings.items[0].attack).toBe(AttackClass.Cmdi, probes[i]);
    }
    const actions: StaticArray<string> = ["cmd=search", "cmd=list", "command=set", "exec=1", "shell=bash", "cmd=", "xcmd=id", "id=cmd", "cmd=identity"];
    for (let i = 0; i < actions.length; i++) { query(actions[i]); expect(findings.count).toBe(0, actions[i]); }
  });
});

describe("parameters named like an include path", () => {
  it("holding a remote URL are remote file inclusion (CRS 931110); other names and local paths are not", () => {
    const rfi: StaticArray<string> = ["_CONF[path]=https://foo.bar", "mosConfig_absolute_path=https://foo.bar", "phpbb_root_path=http://cirt.net/rfiinc.txt",
      "GALLERY_BASEDIR=http://x.example/", "path[docroot]=ftp://x.example/a"];
    for (let i = 0; i < rfi.length; i++) {
      query(rfi[i]);
      expect(findings.count).toBe(1, rfi[i]);
      expect(findings.items[0].attack).toBe(AttackClass.Rfi, rfi[i]);
    }
    const plain: StaticArray<string> = ["base_url=https://mysite.example/", "include=author", "include_path=.:/usr/share/php", "return_path=https://example.com/x"];
    for (let i = 0; i < plain.length; i++) { query(plain[i]); expect(findings.count).toBe(0, plain[i]); }
  });
});

describe("JSON scanning", () => {
  it("reads a value of letters, digits and '_' or '.' when it is a catalog or an out-of-band host", () => {
    scan('{"table":"information_schema","cb":"c0ffee42.oast.pro","city":"Springfield","file":"report_2026.pdf"}');
    expect(findings.count).toBe(2);
    expect(findings.items[0].attack).toBe(AttackClass.Sqli);
    expect(findings.items[0].location).toBe("$.table");
    expect(findings.items[1].attack).toBe(AttackClass.Scanner);
    expect(findings.items[1].location).toBe("$.cb");
  });
  it("finds PII with JSON-path locations and redacted evidence", () => {
    scan('{"user":{"email":"alice@example.com","cards":[{"number":"4111 1111 1111 1111"}]},"ssn":"123-45-6789"}');
    expect(findings.count).toBe(3);
    expect(findings.items[0].type).toBe(PiiType.Email);
    expect(findings.items[0].location).toBe("$.user.email");
    expect(findings.items[1].type).toBe(PiiType.Card);
    expect(findings.items[1].location).toBe("$.user.cards[0].number");
    expect(findings.items[1].evidence).toBe("4111********1111");
    expect(findings.items[2].location).toBe("$.ssn");
    expect(findings.items[2].evidence.includes("6789")).toBe(false, "evidence never carries the raw value");
  });
  it("decodes \\u escapes before detecting", () => {
    scan('{"contact":"alice\\u0040example.com"}');
    expect(findings.count).toBe(1);
    expect(findings.items[0].type).toBe(PiiType.Email);
  });
  it("cards as JSON numbers, array positions", () => {
    scan('{"payments":[{"pan":5555555555554444},{"pan":4111111111111111}]}');
    expect(findings.count).toBe(2);
    expect(findings.items[1].location).toBe("$.payments[1].pan");
  });
  it("prose under a description key gets the words before a number as context (was read as an IP field)", () => {
    scan('{"description":"customer SSN 078 05 1120, call phone 212-555-1234","zip":"94107"}');
    expect(findings.count).toBe(2);
    expect(findings.items[0].type).toBe(PiiType.Ssn);
    expect(findings.items[0].location).toBe("$.description");
    expect(findings.items[1].type).toBe(PiiType.Phone);
  });
  it("an IBAN in prose ends at the country's length: a word after it is not read into it", () => {
    scan('{"note":"this is an iban VG96 VPVG 0000 0123 4567 8901 X in a sentence"}');
    expect(findings.count).toBe(1);
    expect(findings.items[0].type).toBe(PiiType.Iban);
    expect(findings.items[0].length).toBe(29);
  });
  it("an IP address in brackets or before a mark is found as the whole value; other wrapped values are not addresses", () => {
    const hits: StaticArray<string> = ["[2001:db8::1]", "[::ffff:192.168.1.1]:80", "192.168.1.1,", "2001:db8::1.", "(10.0.0.7)"];
    for (let i = 0; i < hits.length; i++) {
      scan('{"note":"' + hits[i] + '"}');
      expect(findings.count).toBe(1, hits[i]);
      expect(findings.items[0].type == PiiType.Ipv4 || findings.items[0].type == PiiType.Ipv6).toBe(true, hits[i]);
    }
    const other: StaticArray<string> = ["[1.2.3]", "v1.2.3.", "[draft]", "(see 1.2)", "[2001:db8::1]:x80", "19.99,"];
    for (let i = 0; i < other.length; i++) { scan('{"note":"' + other[i] + '"}'); expect(findings.count).toBe(0, other[i]); }
  });
  it("prose is not PII", () => {
    scan('{"note":"Please select a drop-off point near O\'Brien street, version 1.2.3.4","orderId":"4111111111111111"}');
    expect(findings.count).toBe(0);
  });
  it("same-length redaction keeps JSON valid and the last 4 card digits", () => {
    const b = scan('{"card":"4111-1111-1111-1111","email":"bob@example.org"}');
    for (let i = 0; i < findings.count; i++) {
      const f = findings.items[i];
      maskInPlace(changetype<usize>(b) + <usize>f.start, f.length, f.type, false);
    }
    expect(String.UTF8.decode(b)).toBe('{"card":"****-****-****-1111","email":"***@*******.***"}');
  });
  it("attack findings name the rule that matched as evidence, never the value", () => {
    scan('{"q":"1 union select password from users"}');
    expect(findings.count).toBe(1);
    expect(findings.items[0].evidence.startsWith("sqli:")).toBe(true, findings.items[0].evidence);
    expect(findings.items[0].evidence.includes("password")).toBe(false);
    expect(findings.items[0].location).toBe("$.q");
  });
  it("depth and field limits are findings, not crashes", () => {
    let deep = "";
    for (let i = 0; i < 10000; i++) deep += "[";
    scan(deep);
    expect(findings.limitExceeded).toBe(true);
    limits.maxFields = 3;
    scan('{"a":1,"b":2,"c":3,"d":4}');
    expect(findings.limitExceeded).toBe(true);
    limits.maxFields = 10000;
  });
  it("malformed JSON never traps", () => {
    const inputs = ['{"a":"unterminated', '{"a":"\\u12', '"\\', '}}}]]]', '{"a":\x00\xff"4111111111111111"}', '{"k":"\\uZZZZ@x.com"}', '[1e999999,-,--,"'];
    for (let i = 0; i < inputs.length; i++) scan(inputs[i]);
    expect(true).toBe(true);
  });
});

describe("form and text scanning", () => {
  it("form fields with percent-decoding and the field name as context", () => {
    scan("name=Bob&email=bob%40example.com&phone=%28415%29+555-2671&card=4111+1111+1111+1111", BodyKind.Form);
    expect(findings.count).toBe(3);
    expect(findings.items[0].location).toBe("form.email");
    expect(findings.items[1].type).toBe(PiiType.Phone);
    expect(findings.items[2].type).toBe(PiiType.Card);
  });
  it("plain text: tokens and spaced card numbers", () => {
    scan("Contact alice@example.com or pay with 4111 1111 1111 1111. Key: AKIAQ7LMZ2HNVW4TXKRB", BodyKind.Text);
    expect(findings.count).toBe(3);
    expect(findings.items[1].type).toBe(PiiType.Card);
    expect(findings.items[2].type).toBe(PiiType.Secret);
  });
});

describe("Java class names in JSON (values of letters and dots pass the attack gate only with a Java word)", () => {
  it("finds them in values and keys, and serialized objects in plain tokens", () => {
    scan('{"a":"java.lang.Runtime","ProcessBuilder.evil.whileclosure":"x","c":"rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA","d":"api.example.com","e":"v2.10.0"}');
    expect(findings.count).toBe(3);
    expect(findings.items[0].attack).toBe(AttackClass.Cmdi);
    expect(findings.items[0].location).toBe("$.a");
    expect(findings.items[1].attack).toBe(AttackClass.Cmdi);
    expect(findings.items[2].attack).toBe(AttackClass.Cmdi);
    expect(findings.items[2].location).toBe("$.c");
  });
});

describe("Java class names after any separator pass the JSON value gate", () => {
  it("a name after a space or an underscore-free prefix is read as the detector reads it", () => {
    scan('{"a":"use javax.script.ScriptEngineManager now","b":"see com.opensymphony.xwork2.ognl","c":"x_java.lang.Runtime.version"}');
    expect(findings.count).toBe(2);
    expect(findings.items[0].attack).toBe(AttackClass.Cmdi);
    expect(findings.items[0].location).toBe("$.a");
    expect(findings.items[1].location).toBe("$.b");
  });
});

describe("e-mail addresses beyond ASCII in prose", () => {
  it("are found whole, and a phone number after Chinese words is still its own token", () => {
    const texts: StaticArray<string> = ["Contact: josé@example.com, thanks", "写信给 用户@例子.广告 吧", "Skriv till ÅSA@örebro.se.", "an jürgen.müller@beispiel.de schreiben"];
    const addrs: StaticArray<string> = ["josé@example.com", "用户@例子.广告", "ÅSA@örebro.se", "jürgen.müller@beispiel.de"];
    for (let i = 0; i < texts.length; i++) {
      scan(texts[i], BodyKind.Text);
      expect(findings.count).toBe(1, texts[i]);
      expect(findings.items[0].type).toBe(PiiType.Email, texts[i]);
      expect(findings.items[0].length).toBe(String.UTF8.byteLength(addrs[i]), texts[i]);
    }
    scan("Müller wohnt hier, Straße 5", BodyKind.Text);
    expect(findings.count).toBe(0);
    scan("Contact: 电话13812345678, thanks", BodyKind.Text);
    expect(findings.count).toBe(1);
    expect(findings.items[0].type).toBe(PiiType.Phone);
  });
});

describe("phone words of other scripts", () => {
  it("name the number after them as 'phone' does; an order number's words do not", () => {
    const texts: StaticArray<string> = ["请拨打电话13812345678 谢谢", "手机：13912345678", "電話 02-2345-6789", "携帯 090-1234-5678", "전화 010-1234-5678",
      "Телефон: 8 495 123-45-67", "тел. 8 495 123 45 67"];
    for (let i = 0; i < texts.length; i++) {
      scan(texts[i], BodyKind.Text);
      expect(findings.count).toBe(1, texts[i]);
      expect(findings.items[0].type).toBe(PiiType.Phone, texts[i]);
    }
    scan("订单号13812345678 谢谢", BodyKind.Text);
    expect(findings.count).toBe(0, "an order number");
  });
  it("and of other languages; a national number is found whole, with its area code and trunk prefix", () => {
    const texts: StaticArray<string> = ["Handy: 04136 940729", "Rufnummer 03200 199799", "Tél : 02 07 41 82 42", "portable : 0231701650",
      "móvil: 944236821", "komórka: 65-377-64-87", "celular: (98) 4185-1673", "mobiel: 06 50163183", "mobil: 070-662 08 30",
      "моб. (963)170-16-50", "휴대폰: 099-8471-4638", "연락처 054-4636-7304", "טלפון: 03-107-4182", "נייד: 04-1289759",
      "Điện thoại: 028 2946 7521", "SĐT: 0214 5129 9847", "HP: 0324 3106 4065", "Ph: 074890 76534", "cep: (0802) 720 99 73",
      "ring me on 0191 229 3878", "Telefoon: (0811) 885909", "Telefon: (07422) 4294505", "Tel. 8 (959) 689-47-58"];
    const numbers: StaticArray<string> = ["04136 940729", "03200 199799", "02 07 41 82 42", "0231701650", "944236821", "65-377-64-87",
      "(98) 4185-1673", "06 50163183", "070-662 08 30", "(963)170-16-50", "099-8471-4638", "054-4636-7304", "03-107-4182",
      "04-1289759", "028 2946 7521", "0214 5129 9847", "0324 3106 4065", "074890 76534", "(0802) 720 99 73", "0191 229 3878",
      "(0811) 885909", "(07422) 4294505", "8 (959) 689-47-58"];
    expectOneEach(texts, numbers, PiiType.Phone);
    // Without a phone word these stay what they are: a year in parentheses, a count, a reference.
    const plain: StaticArray<string> = ["Report (2020) 885909 pages", "Bestellnummer 04136 940729", "Hotel 04136 940729", "a breach of 0191 229 3878",
      "Ref 8 (959) 689-47-58", "excellent 0191 229 3878"];
    expectNone(plain);
  });
});

describe("dates of birth after other languages' words", () => {
  it("are found whole (numeric, with slashes, day and month name); other dates after other words are not", () => {
    const texts: StaticArray<string> = ["Geburtsdatum: 06.08.1987", "fecha de nacimiento: 10/02/1976", "née le 1987-08-06 à Paris", "data di nascita 10 Februar 1976",
      "Дата рождения: 06.08.1987", "生年月日：1987-08-06", "doğum tarihi 19870806"];
    const dates: StaticArray<string> = ["06.08.1987", "10/02/1976", "1987-08-06", "10 Februar 1976", "06.08.1987", "1987-08-06", "19870806"];
    expectOneEach(texts, dates, PiiType.Dob);
    const other: StaticArray<string> = ["Lieferdatum: 06.08.1987", "Rechnung vom 10/02/2024", "Geburtstagsfeier mit 3 Gästen"];
    expectNone(other);
  });
});

describe("passwords in prose after other languages' labels", () => {
  it("read the value after the label and a colon or '=', in ASCII and in other scripts", () => {
    const texts: StaticArray<string> = ["A senha: hunter2xyz", "Kennwort: Sommer2024!", "mot de passe : hunter2xyz", "wachtwoord=hunter2xyz",
      "Mi contraseña: hunter2xyz", "пароль: qwerty123", "密码：hunter2xyz", "비밀번호: abc12345", "hasło: tajne123"];
    const values: StaticArray<string> = ["hunter2xyz", "Sommer2024!", "hunter2xyz", "hunter2xyz", "hunter2xyz", "qwerty123", "hunter2xyz", "abc12345", "tajne123"];
    expectOneEach(texts, values, PiiType.Password);
    const other: StaticArray<string> = ["senha: incorreta", "Kennwort: falsch", "Note: hunter2xyz", "https://example.com/x", "die senha ist gut"];
    expectNone(other);
  });
});

describe("passwords in prose", () => {
  it("a passphrase runs to the end of its clause; a password is one word", () => {
    const b = scan("Hi, my passphrase is correct horse battery staple, and my password is hunter2 now.", BodyKind.Text);
    expect(findings.count).toBe(2);
    const f0 = findings.items[0], f1 = findings.items[1];
    expect(f0.type).toBe(PiiType.Password);
    expect(String.UTF8.decodeUnsafe(changetype<usize>(b) + <usize>f0.start, <usize>f0.length)).toBe("correct horse battery staple");
    expect(f1.type).toBe(PiiType.Password);
    expect(String.UTF8.decodeUnsafe(changetype<usize>(b) + <usize>f1.start, <usize>f1.length)).toBe("hunter2");
    // In a JSON string too, and a passphrase that is "required" is no passphrase.
    const j = scan('{"note":"new passphrase: purple monkey dishwasher\nthanks","rule":"a passphrase is required"}');
    expect(findings.count).toBe(1);
    expect(findings.items[0].location).toBe("$.note");
    const g = findings.items[0];
    expect(String.UTF8.decodeUnsafe(changetype<usize>(j) + <usize>g.start, <usize>g.length)).toBe("purple monkey dishwasher", "up to the line break");
  });
  it("a password of words after 'password:', '=' or 'is' is masked whole, up to a joining word or the clause's end", () => {
    const b = scan('{"a":"password: correct horse battery staple, then log in","b":"my password is letmein now and then","c":"Password is required","d":"Your password is too short"}');
    expect(findings.count).toBe(2);
    expect(String.UTF8.decodeUnsafe(changetype<usize>(b) + <usize>findings.items[0].start, <usize>findings.items[0].length)).toBe("correct horse battery staple");
    expect(findings.items[1].location).toBe("$.b");
    expect(String.UTF8.decodeUnsafe(changetype<usize>(b) + <usize>findings.items[1].start, <usize>findings.items[1].length)).toBe("letmein now", "up to 'and'");
    // Prose of words only (no digit, no ':') under a neutral key is read for a named password too.
    const w = scan('{"note":"my password is correct horse battery staple"}');
    expect(findings.count).toBe(1);
    expect(String.UTF8.decodeUnsafe(changetype<usize>(w) + <usize>findings.items[0].start, <usize>findings.items[0].length)).toBe("correct horse battery staple");
    // One word with a digit or a symbol is the password; the words after it are prose.
    const d = scan("password: Tr0ub4dor&3 so remember it", BodyKind.Text);
    expect(findings.count).toBe(1);
    expect(String.UTF8.decodeUnsafe(changetype<usize>(d) + <usize>findings.items[0].start, <usize>findings.items[0].length)).toBe("Tr0ub4dor&3");
  });
});

describe("exfiltration", () => {
  it("counts records of the outermost array that carry PII, once per record", () => {
    let body = "[";
    for (let i = 0; i < 5; i++) body += (i > 0 ? "," : "") + '{"id":' + i.toString() + ',"email":"u' + i.toString() + '@example.com","contact":{"phone":"+14155552671"}}';
    body += ',{"id":9,"name":"no pii here"}]';
    limits.maxPiiRecords = 4;
    scan(body);
    expect(findings.piiRecords).toBe(5);
    expect(<i32>findings.items[findings.count - 1].attack).toBe(11, "over the threshold: an exfiltration finding");
    limits.maxPiiRecords = 10;
    scan(body);
    expect(<i32>findings.items[findings.count - 1].attack).not.toBe(11);
    limits.maxPiiRecords = 0;
    scan('{"email":"a@example.com"}');
    expect(findings.piiRecords).toBe(0, "a single object is not a record set");
  });
  it("reports exfiltration with its detail when the records' own findings filled the list", () => {
    let body = "[";
    for (let i = 0; i < 500; i++) body += (i > 0 ? "," : "") + '{"id":' + i.toString() + ',"email":"u' + i.toString() + '@example.com"}';
    body += "]";
    limits.maxPiiRecords = 100;
    scan(body);
    limits.maxPiiRecords = 0;
    expect(findings.count).toBe(MAX_FINDINGS + 1, "64 e-mails in detail, then the exfiltration finding");
    expect(<i32>findings.items[findings.count - 1].attack).toBe(11);
    expect(findings.items[findings.count - 1].evidence).toBe("exfiltration:records-over-limit");
    expect(findings.overflowCount).toBe(500 - MAX_FINDINGS, "the other e-mails still decide and are redacted");
  });
});

describe("long values are inspected whole", () => {
  it("PII after 4 KiB of an escaped string is found (and the whole value is the finding's range)", () => {
    let pad = "";
    for (let i = 0; i < 600; i++) pad += "line\\n with text ";
    scan('{"notes":"' + pad + 'mail alice@example.com"}');
    expect(findings.count).toBe(1);
    expect(findings.items[0].type).toBe(PiiType.Email);
  });
  it("an attack padded past the first 8 KiB of a value is still found", () => {
    let pad = "";
    for (let i = 0; i < 1200; i++) pad += "filler words ";
    scan('{"comment":"' + pad + '<script>alert(document.cookie)</script>"}');
    expect(findings.count).toBe(1);
    expect(findings.items[0].attack).toBe(AttackClass.Xss);
  });
});

describe("PII in keys", () => {
  it("keys that are PII are findings, and no location carries them", () => {
    const b = scan('{"byEmail":{"alice@example.com":{"card":"4111 1111 1111 1111","plan":"pro"}},"n":1}');
    expect(findings.count).toBe(2);
    expect(findings.items[0].type).toBe(PiiType.Email);
    expect(findings.items[0].location).toBe("$.byEmail.{key}");
    expect(findings.items[1].type).toBe(PiiType.Card);
    expect(findings.items[1].location).toBe("$.byEmail.{key}.card");
    for (let i = 0; i < findings.count; i++) maskInPlace(changetype<usize>(b) + <usize>findings.items[i].start, findings.items[i].length, findings.items[i].type, false);
    expect(String.UTF8.decode(b)).toBe('{"byEmail":{"*****@*******.***":{"card":"**** **** **** 1111","plan":"pro"}},"n":1}');
  });
});

describe("names that are PII never reach a location", () => {
  it("a form field named by an email", () => {
    scan("alice%40example.com=4111111111111111&bob@example.org=4111111111111111&plan=4111111111111111", BodyKind.Form);
    expect(findings.count).toBe(3);
    expect(findings.items[0].location).toBe("form.{name}");
    expect(findings.items[1].location).toBe("form.{name}");
    expect(findings.items[2].location).toBe("form.plan");
  });
});

describe("documents that only start like JSON", () => {
  it("text after or between JSON tokens is read as text too: {} my ssn is …", () => {
    scan("{} my ssn is 123-45-6789, card 4111 1111 1111 1111", BodyKind.Text);
    expect(findings.count).toBe(2);
    expect(findings.items[0].type).toBe(PiiType.Ssn);
    expect(findings.items[1].type).toBe(PiiType.Card);
    expect(findings.items[0].location).toBe("body");
    scan("[1] mail ann@example.com", BodyKind.Text);
    expect(findings.count).toBe(1);
    expect(findings.items[0].type).toBe(PiiType.Email);
    scan('{"a":1, note: call me, ann@example.com}', BodyKind.Text);
    expect(findings.count).toBe(1);
    scan("[123-45-6789]", BodyKind.Json);
    expect(findings.count).toBe(1);
    expect(findings.items[0].type).toBe(PiiType.Ssn);
  });
  it("a value found by both reads is reported once, with its JSON location; valid JSON is read once", () => {
    scan('{"email":"ann@example.com","password":"hunter2"} trailing words', BodyKind.Json);
    expect(findings.count).toBe(2);
    expect(findings.items[0].location).toBe("$.email");
    expect(findings.items[1].type).toBe(PiiType.Password);
    scan('{"n":-1.5e-10,"ok":true,"x":null,"f":false,"list":[1,2,3]}  \n', BodyKind.Json);
    expect(findings.count).toBe(0);
  });
});

describe("prototype pollution in JSON keys", () => {
  it("__proto__ at any depth, prototype right under constructor, escaped spellings; not other keys", () => {
    scan('{"a":{"__proto__":{"isAdmin":true}},"constructor":{"prototype":{"x":1}},"b":{"\\u005f_proto__":1},"prototype":{"x":1},"c":{"constructor":{"name":"P"}},"d":[{"__proto__":1}]}');
    expect(findings.count).toBe(4);
    expect(findings.items[0].attack).toBe(AttackClass.PrototypePollution);
    expect(findings.items[0].location).toBe("$.a.__proto__");
    expect(findings.items[1].attack).toBe(AttackClass.PrototypePollution);
    expect(findings.items[1].location).toBe("$.constructor.prototype");
    expect(findings.items[2].attack).toBe(AttackClass.PrototypePollution);
    expect(findings.items[3].attack).toBe(AttackClass.PrototypePollution);
    expect(findings.items[3].location).toBe("$.d[0].__proto__");
  });
});

describe("prose found clean is remembered by its bytes and its key", () => {
  it("a repeated note is skipped, but not under another key nor with one byte changed", () => {
    const note = "Leave it at the back door please";
    scan('[{"note":"' + note + '"},{"note":"' + note + '"},{"note":"' + note + '"},{"password":"' + note + '"}]');
    expect(findings.count).toBe(1, "the same words under a password key are a password");
    expect(findings.items[0].type).toBe(PiiType.Password);
    expect(findings.items[0].location).toBe("$[3].password");
    // Same length, one value with an SSN in it, after the clean one was remembered.
    scan('[{"note":"call me at the desk 078-05-1120"},{"note":"call me at the desk ABC-DE-FGHI"},{"note":"call me at the desk ABC-DE-FGHI"},{"note":"call me at the desk 078-05-1120"}]');
    expect(findings.count).toBe(2);
    expect(findings.items[1].location).toBe("$[3].note");
    // An attack after the clean prose of the same length.
    scan('[{"q":"select the blue box or the red one"},{"q":"select the blue box or the red one"},{"q":"select the blue box or the red one"},{"q":"1 union select password from users"}]');
    expect(findings.count).toBe(1);
    expect(findings.items[0].attack).toBe(AttackClass.Sqli);
  });
});
