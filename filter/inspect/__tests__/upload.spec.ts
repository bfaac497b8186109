import { FileKind, fileKind, scanMultipart, phpSessionFileName, isExecutable, isArchive, FILE_KIND_NAMES } from "../upload";
import { UPLOAD_TYPE_NAMES } from "../../config/filter-config";
import { Findings } from "../findings";
import { ScanLimits } from "../body";
import { PiiType } from "../pii";
import { maskInPlace } from "../redact";

function kind(bytes: u8[]): FileKind {
  const a = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) a[i] = bytes[i];
  return fileKind(a.dataStart, a.length);
}
function kindOf(s: string): FileKind { const b = String.UTF8.encode(s); return fileKind(changetype<usize>(b), b.byteLength); }

const findings = new Findings();
const limits = new ScanLimits();
let lastBody: ArrayBuffer = new ArrayBuffer(0);
function multipart(body: string, boundary: string, allowed: u32 = 0): i32 {
  const b = String.UTF8.encode(body);
  lastBody = b;
  const bd = String.UTF8.encode(boundary);
  findings.reset();
  return scanMultipart(changetype<usize>(b), b.byteLength, changetype<usize>(bd), bd.byteLength, allowed, findings, limits);
}
// The bytes a finding covers in the last body.
function covered(i: i32): string { if (i < 0 || i >= findings.count) return "<none>"; const f = findings.items[i]; return String.UTF8.decodeUnsafe(changetype<usize>(lastBody) + <usize>f.start, <usize>f.length); }
function part(name: string, headers: string, data: string): string {
  return "--b\r\nContent-Disposition: form-data; name=\"" + name + "\"" + headers + "\r\n\r\n" + data + "\r\n";
}
// Index of the first finding of PII type t or attack class a (-1: none).
function findPii(t: PiiType): i32 { for (let i = 0; i < findings.count; i++) if (findings.items[i].type == t) return i; return -1; }
function findAttack(a: i32): i32 { for (let i = 0; i < findings.count; i++) if (<i32>findings.items[i].attack == a) return i; return -1; }

describe("file magic", () => {
  it("recognizes executables, archives, scripts and EICAR", () => {
    expect(kind([0x4d, 0x5a, 0x90, 0])).toBe(FileKind.Pe);
    expect(kind([0x7f, 0x45, 0x4c, 0x46, 2])).toBe(FileKind.Elf);
    expect(kind([0xcf, 0xfa, 0xed, 0xfe])).toBe(FileKind.MachO);
    expect(kind([0x50, 0x4b, 0x03, 0x04])).toBe(FileKind.Zip);
    expect(kind([0x1f, 0x8b, 8])).toBe(FileKind.Gzip);
    expect(kind([0x89, 0x50, 0x4e, 0x47])).toBe(FileKind.Image);
    expect(kindOf("#!/bin/sh\nid")).toBe(FileKind.Script);
    expect(kindOf("GIF89a<?php system($_GET['c']); ?>")).toBe(FileKind.Image);
    expect(kindOf("\xff\xfe<?php echo 1; ?>")).toBe(FileKind.Script);
    expect(kindOf("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")).toBe(FileKind.Eicar);
    expect(kindOf("hello, plain text")).toBe(FileKind.Unknown);
    expect(kind([])).toBe(FileKind.Unknown);
  });
  it("knows Android, WebAssembly, shortcut, compiled-help, RTF and more archive formats; look-alikes stay unknown", () => {
    expect(kind([0x64, 0x65, 0x78, 0x0a, 0x30, 0x33, 0x35, 0])).toBe(FileKind.Dex);
    expect(kind([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])).toBe(FileKind.Wasm);
    expect(kind([0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xc0])).toBe(FileKind.Lnk);
    expect(kind([0x49, 0x54, 0x53, 0x46, 3, 0, 0, 0])).toBe(FileKind.Chm);
    expect(kindOf("{\\rtf1\\ansi\\deff0 hello}")).toBe(FileKind.Rtf);
    expect(kindOf("BZh91AY&SY")).toBe(FileKind.Bzip2);
    expect(kind([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 0, 4])).toBe(FileKind.Xz);
    expect(kind([0x28, 0xb5, 0x2f, 0xfd, 0x24])).toBe(FileKind.Zstd);
    expect(kind([0x4d, 0x53, 0x43, 0x46, 0, 0, 0, 0])).toBe(FileKind.Cab);
    const tar = new Array<u8>(300).fill(0x61);
    tar[257] = 0x75; tar[258] = 0x73; tar[259] = 0x74; tar[260] = 0x61; tar[261] = 0x72;
    expect(kind(tar)).toBe(FileKind.Tar);
    expect(kindOf("dex files are here")).toBe(FileKind.Unknown);
    expect(kindOf("BZh is not a number")).toBe(FileKind.Unknown);
    expect(kindOf("MSCF report.pdf")).toBe(FileKind.Unknown);
    expect(isExecutable(FileKind.Lnk) && isExecutable(FileKind.Dex) && isExecutable(FileKind.Wasm) && isExecutable(FileKind.Chm)).toBe(true);
    expect(isExecutable(FileKind.Rtf) || isExecutable(FileKind.Tar)).toBe(false);
    expect(isArchive(FileKind.Tar) && isArchive(FileKind.Zstd) && isArchive(FileKind.Cab)).toBe(true);
  });
  it("names each kind as the config's allowed-types list does", () => {
    // The config reads allowedTypes by index into FileKind: the two lists must agree (index 0 is text there).
    for (let k = 1; k < FILE_KIND_NAMES.length; k++) expect(UPLOAD_TYPE_NAMES[k]).toBe(FILE_KIND_NAMES[k], FILE_KIND_NAMES[k]);
    expect(UPLOAD_TYPE_NAMES[FILE_KIND_NAMES.length]).toBe("archive");
  });
});

describe("multipart", () => {
  it("finds an executable upload and a traversal filename, and passes a text field", () => {
    const body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMy holiday photos\r\n" +
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/cron.d/x\"\r\nContent-Type: application/octet-stream\r\n\r\nMZ\x90\x00rest\r\n--XyZ--\r\n";
    expect(multipart(body, "XyZ")).toBe(2);
    expect(findings.count).toBe(2);
    expect(<i32>findings.items[0].attack).toBe(2); // traversal in the filename
    expect(<i32>findings.items[1].attack).toBe(10); // malware
    expect(findings.items[1].location).toBe("multipart.file.pe");
  });
  it("checks text fields for attacks and honours an allowed-types mask", () => {
    const body = "--b\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n' or 1=1--\r\n--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.zip\"\r\n\r\nPK\x03\x04zz\r\n--b--";
    expect(multipart(body, "b", 1 << <u32>FileKind.Image)).toBe(2);
    expect(findings.count).toBe(2);
    expect(<i32>findings.items[0].attack).toBe(0);
    expect(findings.items[0].location).toBe("multipart.q");
    expect(findings.items[1].location).toBe("multipart.file.zip");
  });
  it("checks field names for attacks too", () => {
    const body = "--b\r\nContent-Disposition: form-data; name=\"<svg onload=alert(1)>\"\r\n\r\nx\r\n--b\r\nContent-Disposition: form-data; name=\"ok_name\"\r\n\r\nhello\r\n--b--";
    expect(multipart(body, "b")).toBe(2);
    expect(findings.count).toBe(1);
    expect(<i32>findings.items[0].attack).toBe(1); // xss
    expect(findings.items[0].location).toBe("multipart.name");
  });
  it("web shells and HTML/SVG with script are scripts, not text or images", () => {
    expect(kindOf("<% eval request(\"x\") %>")).toBe(FileKind.Script);
    expect(kindOf("<svg xmlns=\"http://www.w3.org/2000/svg\"><SCRIPT>alert(1)</SCRIPT></svg>")).toBe(FileKind.Script);
    expect(kindOf("<html><body><script src=x.js></script></body></html>")).toBe(FileKind.Script);
    expect(kindOf("<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0 0\"/></svg>")).toBe(FileKind.Unknown);
    expect(kindOf("name,price\nscripted tour,5\n")).toBe(FileKind.Unknown);
  });
  it("rejects unframed bodies without trapping", () => {
    expect(multipart("no boundary here", "b")).toBe(-1);
    expect(multipart("--b\r\nContent-Disposition: form-data; name=\"x\"", "b")).toBe(0);
    expect(multipart("", "b")).toBe(-1);
  });
});

describe("multipart part content", () => {
  it("reads an application/json part as JSON: PII and attacks, located inside the part, ranges in the body", () => {
    const body = part("title", "", "Holiday") + part("profile", "\r\nContent-Type: application/json", "{\"card\":\"4111 1111 1111 1111\",\"q\":\"1' or '1'='1\"}") + "--b--\r\n";
    expect(multipart(body, "b")).toBe(2);
    const c = findPii(PiiType.Card);
    expect(c).toBeGreaterThanOrEqual(0);
    expect(findings.items[c].location).toBe("multipart.profile$.card");
    expect(covered(c)).toBe("4111 1111 1111 1111");
    const a = findAttack(0);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(findings.items[a].location).toBe("multipart.profile$.q");
  });
  it("reads a JSON part with a charset parameter, and an untyped field holding JSON, as JSON (key context: password)", () => {
    const body = part("meta", "", "{\"password\":\"hunter2hunter2\"}") + part("doc", "\r\ncontent-type: Application/JSON; charset=utf-8", "{\"contact\":{\"email\":\"alice@example.com\"}}") + "--b--";
    expect(multipart(body, "b")).toBe(2);
    const pw = findPii(PiiType.Password);
    expect(pw).toBeGreaterThanOrEqual(0);
    expect(findings.items[pw].location).toBe("multipart.meta$.password");
    const e = findPii(PiiType.Email);
    expect(e).toBeGreaterThanOrEqual(0);
    expect(findings.items[e].location).toBe("multipart.doc$.contact.email");
    expect(covered(e)).toBe("alice@example.com");
  });
  it("a part declared JSON that is not JSON is still read as text", () => {
    const body = part("x", "\r\nContent-Type: application/json", "my ssn is 123-45-6789, thanks") + "--b--";
    multipart(body, "b");
    const s = findPii(PiiType.Ssn);
    expect(s).toBeGreaterThanOrEqual(0);
    expect(covered(s)).toBe("123-45-6789");
  });
  it("a field or JSON part that only starts like JSON is also read as text", () => {
    multipart(part("meta", "", "{} my ssn is 123-45-6789") + part("doc", "\r\nContent-Type: application/json", "[1] mail ann@example.com") + "--b--", "b");
    const s = findPii(PiiType.Ssn), e = findPii(PiiType.Email);
    expect(covered(s)).toBe("123-45-6789");
    expect(findings.items[s].location).toBe("multipart.meta");
    expect(covered(e)).toBe("ann@example.com");
    expect(findings.items[e].location).toBe("multipart.doc");
  });
  it("reads a urlencoded part as a form", () => {
    const body = part("prefs", "\r\nContent-Type: application/x-www-form-urlencoded", "lang=en&email=bob%40example.com") + "--b--";
    multipart(body, "b");
    const e = findPii(PiiType.Email);
    expect(e).toBeGreaterThanOrEqual(0);
    expect(findings.items[e].location).toBe("multipart.prefs.form.email");
    expect(covered(e)).toBe("bob%40example.com");
  });
  it("finds PII in text fields, with the field name as context, and masks it to the same length", () => {
    const body = part("ssn", "", "123-45-6789") + part("email", "", "carol@example.net") + part("note", "\r\nContent-Type: text/plain; charset=utf-8", "card 4111 1111 1111 1111 exp 12/29") + part("pin", "", "1234") + "--b--\r\n";
    expect(multipart(body, "b")).toBe(4);
    expect(findings.count).toBe(3);
    expect(findings.items[0].type).toBe(PiiType.Ssn);
    expect(findings.items[0].location).toBe("multipart.ssn");
    expect(covered(0)).toBe("123-45-6789");
    expect(findings.items[1].type).toBe(PiiType.Email);
    expect(findings.items[1].location).toBe("multipart.email");
    expect(findings.items[2].type).toBe(PiiType.Card);
    expect(findings.items[2].location).toBe("multipart.note");
    for (let i = 0; i < findings.count; i++) maskInPlace(changetype<usize>(lastBody) + <usize>findings.items[i].start, findings.items[i].length, findings.items[i].type, false);
    const masked = String.UTF8.decode(lastBody);
    expect(masked.length).toBe(body.length);
    expect(masked.includes("123-45-6789")).toBe(false);
    expect(masked.includes("carol@example.net")).toBe(false);
    expect(masked.includes("**** **** **** 1111 exp 12/29")).toBe(true, masked);
    expect(masked.includes("Content-Disposition: form-data; name=\"ssn\"")).toBe(true, "framing untouched");
  });
  it("a field named by PII is located as {name}", () => {
    const body = part("alice@example.com", "", "123-45-6789") + "--b--";
    multipart(body, "b");
    const s = findPii(PiiType.Ssn);
    expect(s).toBeGreaterThanOrEqual(0);
    expect(findings.items[s].location).toBe("multipart.{name}");
  });
});

describe("multipart file names a web server runs", () => {
  it("a PHP, JSP or ASP file name is a malware finding whatever the bytes, also with tricks around the extension", () => {
    const names: StaticArray<string> = ["shell.php", "x.PHP5", "a.phtml", "dangerous.phar", "c.jsp", "cmd.aspx", "h.ashx", ".htaccess", ".user.ini", "shell.php.jpg",
      "shell.php.", "photo. php", "x.php%00.jpg", "../../var/www/shell.php", "dir\\up.asp"];
    for (let i = 0; i < names.length; i++) {
      multipart(part("f", "; filename=\"" + names[i] + "\"\r\nContent-Type: text/plain", "please block me") + "--b--", "b");
      const m = findAttack(10) >= 0 ? findAttack(10) : findAttack(2); // a path in the name may be traversal first
      expect(m).toBeGreaterThanOrEqual(0, names[i]);
      if (findAttack(10) >= 0) expect(findings.items[findAttack(10)].evidence).toBe("malware:server-script-name", names[i]);
    }
  });
  it("ordinary names are not, nor a script name where the route allows scripts", () => {
    const names: StaticArray<string> = ["report.pdf", "photo.jpg", "notes.jsp.txt", "php-guide.pdf", "settings.ini", "asp.net-intro.docx", "my.aspx.backup.zip", "cart.phpx"];
    for (let i = 0; i < names.length; i++) {
      multipart(part("f", "; filename=\"" + names[i] + "\"\r\nContent-Type: text/plain", "hello") + "--b--", "b");
      expect(findings.count).toBe(0, names[i]);
    }
    multipart(part("f", "; filename=\"deploy.php\"\r\nContent-Type: text/plain", "hello") + "--b--", "b", (1 << <u32>FileKind.Script) | (1 << <u32>FileKind.Unknown));
    expect(findings.count).toBe(0);
  });
});

describe("multipart file types", () => {
  it("a script declared as an image is a malware finding (type mismatch), also when scripts are allowed", () => {
    const body = part("avatar", "; filename=\"me.png\"\r\nContent-Type: image/png", "<?php system($_GET['c']); ?>") + "--b--";
    expect(multipart(body, "b")).toBe(1);
    const m = findAttack(10);
    expect(m).toBeGreaterThanOrEqual(0);
    expect(findings.items[m].evidence).toBe("malware:type-mismatch");
    expect(findings.items[m].location).toBe("multipart.file.script");
  });
  it("an archive declared as a PDF is a mismatch; matching declarations and octet-stream are not", () => {
    multipart(part("f", "; filename=\"r.pdf\"\r\nContent-Type: application/pdf", "PK\x03\x04zzzz") + "--b--", "b");
    expect(findAttack(10)).toBeGreaterThanOrEqual(0);
    multipart(part("f", "; filename=\"r.pdf\"\r\nContent-Type: application/pdf", "%PDF-1.7 zz") + part("g", "; filename=\"x.bin\"\r\nContent-Type: application/octet-stream", "PK\x03\x04zz") + part("h", "; filename=\"a.jpg\"\r\nContent-Type: image/jpeg", "\x89PNG\r\n\x1a\n") + "--b--", "b");
    expect(findings.count).toBe(0);
  });
  it("a file part without a filename (binary declared type or binary bytes) is still typed and checked", () => {
    expect(multipart(part("file", "\r\nContent-Type: application/x-msdownload", "MZ\x90\x00\x03\x00\x00\x00") + "--b--", "b")).toBe(1);
    expect(findAttack(10)).toBeGreaterThanOrEqual(0);
    multipart(part("file", "", "\x7fELF\x02\x01\x01\x00\x00\x00") + "--b--", "b");
    expect(findAttack(10)).toBeGreaterThanOrEqual(0);
    // The allowed-types policy applies to it as to any file: a zip where only images may go.
    multipart(part("file", "\r\nContent-Type: application/zip", "PK\x03\x04zz") + "--b--", "b", 1 << <u32>FileKind.Image);
    expect(findAttack(10)).toBeGreaterThanOrEqual(0);
    // A text field starting with "MZ" is not an executable.
    multipart(part("company", "", "MZ Holdings Ltd") + "--b--", "b");
    expect(findings.count).toBe(0);
  });
  it("the declared type does not widen the allowed types: an image-only route refuses a text file declared image/png", () => {
    multipart(part("f", "; filename=\"a.png\"\r\nContent-Type: image/png", "just some text") + "--b--", "b", 1 << <u32>FileKind.Image);
    expect(findAttack(10)).toBeGreaterThanOrEqual(0);
  });
  it("RFC 5987 filename*= names a file too: typed by its bytes, its decoded name checked for traversal", () => {
    multipart("--b\r\nContent-Disposition: form-data; name=\"f\"; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd\r\n\r\nMZ\x90\x00\x03\x00\r\n--b--", "b");
    expect(findAttack(2)).toBeGreaterThanOrEqual(0);
    expect(findAttack(10)).toBeGreaterThanOrEqual(0);
  });
  it("a base64-encoded part is typed by its decoded bytes (Content-Transfer-Encoding: base64)", () => {
    // "TVqQAAMAAAAEAAAA" is MZ\x90\x00\x03...: a PE header.
    multipart(part("f", "; filename=\"a.png\"\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64", "TVqQAAMA\r\nAAAEAAAA") + "--b--", "b");
    const m = findAttack(10);
    expect(m).toBeGreaterThanOrEqual(0);
    expect(findings.items[m].location).toBe("multipart.file.pe");
    // A real PNG, base64-encoded: nothing.
    multipart(part("f", "; filename=\"a.png\"\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: BASE64", "iVBORw0KGgoAAAANSUhEUg==") + "--b--", "b");
    expect(findings.count).toBe(0);
  });
  it("base64 text is read decoded: its PII and attacks are found and cover the whole encoded part", () => {
    // "Hi, my SSN is 078-05-1120 and my card is 4111 1111 1111 1111." in lines of 40 (as mail clients wrap).
    const encoded = "SGksIG15IFNTTiBpcyAwNzgtMDUtMTEyMCBhbmQg\r\nbXkgY2FyZCBpcyA0MTExIDExMTEgMTExMSAxMTExLg==";
    multipart(part("notes", "; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64", encoded) + "--b--", "b");
    const ssn = findPii(PiiType.Ssn), card = findPii(PiiType.Card);
    expect(ssn).toBeGreaterThanOrEqual(0);
    expect(card).toBeGreaterThanOrEqual(0);
    expect(covered(ssn)).toBe(encoded.replaceAll("\\r\\n", "\r\n"), "the finding covers the encoded part");
    expect(findings.items[card].evidence).toBe("4111********1111", "evidence from the decoded value");
    expect(findings.items[ssn].jsonNumber).toBe(false);
    // Masked as the filter masks it (every byte: '+' and '/' are base64 digits, not separators).
    const f = findings.items[ssn];
    expect(f.maskAll).toBe(true);
    maskInPlace(changetype<usize>(lastBody) + <usize>f.start, f.length, f.type, f.maskAll);
    const masked = covered(ssn);
    let unmasked = 0;
    for (let i = 0; i < masked.length; i++) if (masked.charCodeAt(i) != 0x2a) unmasked++;
    expect(unmasked).toBe(0);
    // A JSON part in base64: read as JSON (PII by key, attacks in values).
    multipart(part("data", "\r\nContent-Type: application/json\r\nContent-Transfer-Encoding: base64", "eyJlbWFpbCI6ImFsaWNlQGV4YW1wbGUuY29tIiwicSI6IiR7am5kaTpsZGFwOi8veC9hfSJ9") + "--b--", "b");
    expect(findPii(PiiType.Email)).toBeGreaterThanOrEqual(0);
    expect(findAttack(7)).toBeGreaterThanOrEqual(0, "jndi in the decoded JSON");
    expect(findings.limitExceeded).toBe(false);
  });
  it("base64 text longer than the decode window is a limits finding, binary base64 is not read as text", () => {
    multipart(part("big", "; filename=\"big.txt\"\r\nContent-Transfer-Encoding: base64", "YWFh".repeat(30000)) + "--b--", "b");
    expect(findings.limitExceeded).toBe(true);
    // A base64 PNG whose bytes spell no text: typed, not read (no finding, no limit).
    multipart(part("f", "; filename=\"a.png\"\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64", "iVBORw0KGgoAAAANSUhEUg==") + "--b--", "b");
    expect(findings.count).toBe(0);
    expect(findings.limitExceeded).toBe(false);
  });
  it("EICAR in a plain text field is malware", () => {
    multipart(part("comment", "", "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*") + "--b--", "b");
    expect(findAttack(10)).toBeGreaterThanOrEqual(0);
  });
});

describe("multipart framing edge cases", () => {
  it("LF-only line endings", () => {
    const body = "--b\nContent-Disposition: form-data; name=\"ssn\"\n\n123-45-6789\n--b\nContent-Disposition: form-data; name=\"q\"\n\n' or 1=1--\n--b--\n";
    expect(multipart(body, "b")).toBe(2);
    expect(findings.count).toBe(2);
    expect(covered(findPii(PiiType.Ssn))).toBe("123-45-6789");
    expect(findings.items[findAttack(0)].location).toBe("multipart.q");
  });
  it("header lines without a colon, folded lines and a part without headers do not hide the content", () => {
    const body = "--b\r\nthis is not a header\r\nContent-Disposition: form-data; name=\"ssn\"\r\n\r\n123-45-6789\r\n--b\r\n\r\nmail me: dave@example.org\r\n--b--";
    expect(multipart(body, "b")).toBe(2);
    expect(findPii(PiiType.Ssn)).toBeGreaterThanOrEqual(0);
    expect(findPii(PiiType.Email)).toBeGreaterThanOrEqual(0);
  });
  it("headers that never end, and text after the closing delimiter, are read as text (never passed unread)", () => {
    multipart("--b\r\nContent-Disposition: form-data; name=\"x\"\r\nmail: erin@example.com", "b");
    expect(findPii(PiiType.Email)).toBeGreaterThanOrEqual(0);
    multipart(part("a", "", "ok") + "--b--\r\nepilogue with 123-45-6789", "b");
    expect(findPii(PiiType.Ssn)).toBeGreaterThanOrEqual(0);
  });
  it("the boundary inside data (not at a line start) does not split a part", () => {
    const body = part("note", "", "see --b in the middle, ssn 123-45-6789") + "--b--";
    expect(multipart(body, "b")).toBe(1);
    expect(covered(findPii(PiiType.Ssn))).toBe("123-45-6789");
  });
  it("more parts than maxFields: a limits finding, and every part is still read", () => {
    let body = "";
    for (let i = 0; i < 1500; i++) body += part("f" + i.toString(), "", i == 1400 ? "123-45-6789" : "v");
    body += "--b--";
    const saved = limits.maxFields;
    limits.maxFields = 1000;
    expect(multipart(body, "b")).toBe(1500);
    limits.maxFields = saved;
    expect(findings.limitExceeded).toBe(true);
    const s = findPii(PiiType.Ssn);
    expect(s).toBeGreaterThanOrEqual(0);
    expect(findings.items[s].location).toBe("multipart.f1400");
  });
});

describe("PHP session file names (an upload that plants a serialized object)", () => {
  it("takes sess_ and an id of 20+ letters, digits, ',' or '-' as the last path segment, not other names", () => {
    const names: StaticArray<string> = ["sess_d8ew88tqmabdcokhumchy8htqm", "/tmp/sess_abc123def456ghi789jkl", "C:\\temp\\sess_malicious12345678901", "SESS_abc123def456ghi789jkl", "sess_abc123,def456,ghi789jkl"];
    for (let i = 0; i < names.length; i++) { const b = String.UTF8.encode(names[i]); expect(phpSessionFileName(changetype<usize>(b), b.byteLength)).toBe(true, names[i]); }
    const benign: StaticArray<string> = ["sess_short", "my_sess_data.txt", "mydata.sess", "session_report.txt", "sess_abc123def456ghi789jkl.txt", "document.pdf"];
    for (let i = 0; i < benign.length; i++) { const b = String.UTF8.encode(benign[i]); expect(phpSessionFileName(changetype<usize>(b), b.byteLength)).toBe(false, benign[i]); }
  });
});
