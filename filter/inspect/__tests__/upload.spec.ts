import { FileKind, fileKind, scanMultipart } from "../upload";
import { Findings } from "../findings";

function kind(bytes: u8[]): FileKind {
  const a = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) a[i] = bytes[i];
  return fileKind(a.dataStart, a.length);
}
function kindOf(s: string): FileKind { const b = String.UTF8.encode(s); return fileKind(changetype<usize>(b), b.byteLength); }

const findings = new Findings();
function multipart(body: string, boundary: string, allowed: u32 = 0): i32 {
  const b = String.UTF8.encode(body);
  const bd = String.UTF8.encode(boundary);
  findings.reset();
  return scanMultipart(changetype<usize>(b), b.byteLength, changetype<usize>(bd), bd.byteLength, allowed, findings);
}

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
