import { sipHash24, redactHashInto, HASH_TOKEN_LENGTH, maskInPlace, evidence } from "../redact";
import { PiiType } from "../pii";

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
