import { PiiType } from "../pii";
import { Findings } from "../findings";
import { BodyKind, ScanLimits, scanBody } from "../body";
import { AttackClass } from "../attacks";
import { startsLikeXml } from "../xml";

const findings = new Findings();
const limits = new ScanLimits();

function scan(body: string): ArrayBuffer {
  const b = String.UTF8.encode(body);
  findings.reset();
  scanBody(changetype<usize>(b), b.byteLength, BodyKind.Text, limits, findings);
  return b;
}
function isXml(s: string): bool { const b = String.UTF8.encode(s); return startsLikeXml(changetype<usize>(b), b.byteLength); }

describe("XML bodies: element text and attribute values with their names", () => {
  it("reads a SOAP envelope's values with the element names as context", () => {
    scan("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><m:GetUser xmlns:m=\"urn:x\"><m:ssn>078-05-1120</m:ssn>" +
      "<m:password>hunter2</m:password><email>bob@example.com</email></m:GetUser></soap:Body></soap:Envelope>");
    expect(findings.count).toBe(3);
    expect(findings.items[0].type).toBe(PiiType.Ssn);
    expect(findings.items[0].location).toBe("xml.ssn");
    expect(findings.items[1].type).toBe(PiiType.Password, "a word is a password under <password>");
    expect(findings.items[1].location).toBe("xml.password");
    expect(findings.items[2].location).toBe("xml.email");
  });
  it("reads attribute values, and finds an attack in one (the whole document read as one text does not)", () => {
    scan("<?xml version=\"1.0\"?><root><a probe=\"1234 OR 1=1\"></a></root>");
    expect(findings.count).toBe(1);
    expect(findings.items[0].attack).toBe(AttackClass.Sqli);
    expect(findings.items[0].location).toBe("xml.@probe");
    const b = scan("<user name=\"Bob\" card=\"4111 1111 1111 1111\"/>");
    expect(findings.count).toBe(1);
    expect(findings.items[0].type).toBe(PiiType.Card);
    expect(findings.items[0].start).toBe(23);
    expect(findings.items[0].length).toBe(19);
    expect(b.byteLength).toBeGreaterThan(0);
  });
  it("reads CDATA and entity-encoded markup as the element's value; reports an attack once", () => {
    scan("<r><q><![CDATA[<script>alert(1)</script>]]></q></r>");
    expect(findings.count).toBe(1);
    expect(findings.items[0].attack).toBe(AttackClass.Xss);
    expect(findings.items[0].location).toBe("xml.q");
    scan("<r><q>&lt;script&gt;alert(1)&lt;/script&gt;</q></r>");
    expect(findings.count).toBe(1);
    expect(findings.items[0].location).toBe("xml.q");
  });
  it("still reads the document whole for XXE, and PII in comments as text", () => {
    scan("<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>");
    expect(findings.count).toBe(1);
    expect(findings.items[0].attack).toBe(AttackClass.Xxe);
    scan("<r><!-- call 078-05-1120 --><v>ok</v></r>");
    expect(findings.count).toBe(1);
    expect(findings.items[0].type).toBe(PiiType.Ssn);
    expect(findings.items[0].location).toBe("body");
  });
  it("reads markup that never closes as text: nothing after an unclosed <?, <!DOCTYPE or </ goes unread", () => {
    const docs: StaticArray<string> = ["<?xml version=\"1.0\" 078-05-1120", "<!DOCTYPE r [ <!ENTITY a \"x\" 078-05-1120", "</ 078-05-1120", "<r><!-- 078-05-1120",
      "<r>Hi <! 078-05-1120 > there</r>", "<r><? note 078-05-1120 ?></r>"];
    for (let i = 0; i < docs.length; i++) {
      scan(docs[i]);
      let ssn = false;
      for (let k = 0; k < findings.count; k++) if (findings.items[k].type == PiiType.Ssn) ssn = true;
      expect(ssn).toBe(true, docs[i]);
    }
  });
  it("reads a '<' that starts no XML name as text (an address in angle brackets)", () => {
    scan("<r><from>Bob <bob@example.com></from></r>");
    expect(findings.count).toBe(1);
    expect(findings.items[0].type).toBe(PiiType.Email);
  });
  it("counts values and depth against the limits", () => {
    const saved = limits.maxFields;
    limits.maxFields = 3;
    scan("<r><a>1</a><a>2</a><a>3</a><a>4</a></r>");
    expect(findings.limitExceeded).toBe(true);
    limits.maxFields = saved;
    scan("<r><a>1</a><a>2</a></r>");
    expect(findings.limitExceeded).toBe(false);
  });
  it("ends malformed documents without a trap", () => {
    const docs: StaticArray<string> = ["<a b='unterminated", "<<<>>></a></b><c d=e f g=\"h\"/>", "<!--", "<![CDATA[", "<?xml", "<a =x>", "<a b=>", "<a/", "<!x [[[ a", "</", "<a b=\"1\" c"];
    for (let i = 0; i < docs.length; i++) { scan(docs[i]); expect(findings.count).toBe(0, docs[i]); }
  });
  it("tells XML from HTML pages and text", () => {
    expect(isXml("<?xml version=\"1.0\"?><a/>")).toBe(true);
    expect(isXml("\n  <soap:Envelope>")).toBe(true);
    expect(isXml("<!DOCTYPE note [<!ENTITY a \"b\">]><note/>")).toBe(true);
    expect(isXml("<!doctype html><html></html>")).toBe(false);
    expect(isXml("<HTML><body>")).toBe(false);
    expect(isXml("a < b")).toBe(false);
    expect(isXml("< a")).toBe(false);
    expect(isXml("<alice@example.com> wrote:")).toBe(false);
  });
});
