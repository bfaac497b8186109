import { sipHash24, redactHashInto, HASH_TOKEN_LENGTH, maskInPlace, evidence, maskJsonNumberInPlace, hashJsonNumberInPlace } from "../redact";
import { PiiType } from "../pii";
import { Findings, MAX_FINDINGS } from "../findings";
import { AttackClass } from "../attacks";

function bytes(s: string): ArrayBuffer { return String.UTF8.encode(s); }

describe("hash redaction", () => {
  it("SipHash-2-4 matches the reference vector (key 00..0f, empty and 15-byte inputs)", () => {
    const key = new Uint8Array(16);
    for (let i = 0; i < 16; i++) key[i] = <u8>i;
    const msg = new Uint8Array(15);
    for (let i = 0; i < 15; i++) msg[i] = <u8>i;
    expect(sipHash24(msg.dataStart, 0, key.dataStart)).toBe(0x726fdb47dd0e0e31);
    expect(sipHash24(msg.dataStart, 15, key.dataStart)).toBe(0xa129ca6149be45e5);
  });
  it("replaces ranges by tokens, keeps JSON valid and reports the new length", () => {
    const src = bytes('{"email":"alice@example.com","n":1}');
    const key = bytes("0123456789abcdef");
    const starts = new StaticArray<i32>(1); starts[0] = 10;
    const lengths = new StaticArray<i32>(1); lengths[0] = 17;
    const out = new Uint8Array(64);
    const n = redactHashInto(changetype<usize>(src), src.byteLength, starts, lengths, 1, changetype<usize>(key), out.dataStart, 64);
    expect(n).toBe(src.byteLength - 17 + HASH_TOKEN_LENGTH);
    const text = String.UTF8.decodeUnsafe(out.dataStart, <usize>n);
    expect(text.startsWith('{"email":"h:')).toBe(true);
    expect(text.endsWith('","n":1}')).toBe(true);
    expect(text.includes("alice")).toBe(false);
    // Deterministic under one key.
    const out2 = new Uint8Array(64);
    redactHashInto(changetype<usize>(src), src.byteLength, starts, lengths, 1, changetype<usize>(key), out2.dataStart, 64);
    expect(String.UTF8.decodeUnsafe(out2.dataStart, <usize>n)).toBe(text);
  });
  it("refuses overlapping ranges and small outputs instead of writing out of bounds", () => {
    const src = bytes("abcdefgh");
    const key = bytes("0123456789abcdef");
    const starts = new StaticArray<i32>(2); starts[0] = 2; starts[1] = 1;
    const lengths = new StaticArray<i32>(2); lengths[0] = 2; lengths[1] = 2;
    const out = new Uint8Array(64);
    expect(redactHashInto(changetype<usize>(src), 8, starts, lengths, 2, changetype<usize>(key), out.dataStart, 64)).toBe(-1);
    expect(redactHashInto(changetype<usize>(src), 8, starts, lengths, 1, changetype<usize>(key), out.dataStart, 10)).toBe(-1);
  });
});

describe("masks and evidence", () => {
  it("keeps separators and the last four card digits; evidence shows first and last four", () => {
    const b = bytes("4111-1111-1111-1111");
    maskInPlace(changetype<usize>(b), b.byteLength, PiiType.Card, false);
    expect(String.UTF8.decode(b)).toBe("****-****-****-1111");
    const c = bytes("4111 1111 1111 1111");
    expect(evidence(changetype<usize>(c), c.byteLength, PiiType.Card)).toBe("4111********1111");
    const e = bytes("alice@example.com");
    expect(evidence(changetype<usize>(e), e.byteLength, PiiType.Email)).toBe("al**************…");
  });
});

// The value is the number inside a document; what matters is that the document stays valid JSON.
function redactNumber(doc: string, value: string, style: i32): string {
  const b = bytes(doc);
  const start = doc.indexOf(value);
  const key = bytes("0123456789abcdef");
  const p = changetype<usize>(b) + <usize>start;
  if (style == 2) hashJsonNumberInPlace(p, value.length, changetype<usize>(key));
  else maskJsonNumberInPlace(p, value.length, PiiType.Card, style == 1);
  return String.UTF8.decode(b);
}
describe("JSON numbers", () => {
  it("a card sent as a number becomes a same-length string: partial keeps the last 4 digits, full masks all", () => {
    expect(redactNumber('{"n":4111111111111111}', "4111111111111111", 0)).toBe('{"n":"**********1111"}');
    expect(redactNumber('{"n":4111111111111111}', "4111111111111111", 1)).toBe('{"n":"**************"}');
    expect(redactNumber('[378282246310005,1]', "378282246310005", 0)).toBe('["*********0005",1]');
  });
  it("hash tokens go inside quotes too, and equal numbers give equal tokens", () => {
    const a = redactNumber('{"n":4111111111111111}', "4111111111111111", 2);
    const b = redactNumber('{"m":4111111111111111}', "4111111111111111", 2);
    expect(a.startsWith('{"n":"h:')).toBe(true);
    expect(a.length).toBe(22);
    expect(a.substring(5)).toBe(b.substring(5));
    expect(a.includes("4111")).toBe(false);
  });
  it("numbers too short for quotes become zero and spaces", () => {
    expect(redactNumber('{"n":12}', "12", 0)).toBe('{"n":0 }');
    expect(redactNumber('{"n":7}', "7", 2)).toBe('{"n":0}');
  });
});

describe("findings remember JSON numbers", () => {
  it("markJsonNumber flags the finding just added, detailed or past the detailed list", () => {
    const f = new Findings();
    f.add(PiiType.Card, 5, 16, "$.n", "x");
    f.markJsonNumber();
    f.add(PiiType.Card, 30, 16, "$.s", "x");
    expect(f.items[0].jsonNumber).toBe(true);
    expect(f.items[1].jsonNumber).toBe(false);
    for (let i = 2; i < MAX_FINDINGS; i++) f.add(PiiType.Email, i, 1, "$", "x");
    f.addOverflow(PiiType.Card, AttackClass.None, 100, 16);
    f.markJsonNumber();
    f.addOverflow(PiiType.Card, AttackClass.None, 200, 16);
    expect(f.overflowJsonNumber(0)).toBe(true);
    expect(f.overflowJsonNumber(1)).toBe(false);
    f.reset();
    f.add(PiiType.Card, 5, 16, "$.n", "x");
    expect(f.items[0].jsonNumber).toBe(false, "reused slots start clear");
  });
});
