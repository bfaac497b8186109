import { ChunkCarry } from "../stream";
import { BodyKind } from "../body";

const carry = new ChunkCarry();
function safe(s: string, kind: BodyKind = BodyKind.Json, last: bool = false): i32 {
  const b = String.UTF8.encode(s);
  return carry.safeLength(changetype<usize>(b), b.byteLength, kind, last);
}

describe("carry-over window", () => {
  it("holds back an unfinished JSON string from its opening quote", () => {
    carry.reset();
    const chunk1 = '{"card":"4111 1111';
    expect(safe(chunk1)).toBe(8); // up to and excluding the quote that opens the value
    // The caller prepends the held bytes: the next feed starts at that quote, outside a string.
    expect(carry.inString).toBe(false);
    expect(safe('"4111 1111 1111 1111","ok":true}', BodyKind.Json, true)).toBe(32);
  });
  it("tracks escapes so an escaped quote does not end the string", () => {
    carry.reset();
    expect(safe('{"a":"x\\"y", "b":"z')).toBe(17);
    carry.reset();
    expect(safe('{"a":"done"}')).toBe(12);
  });
  it("holds back a trailing run of digits outside strings (JSON numbers, text)", () => {
    carry.reset();
    expect(safe('{"pan":4111111', BodyKind.Json)).toBe(7);
    carry.reset();
    expect(safe("my card is 4111 1111", BodyKind.Text)).toBe(10);
    // The last word may continue in the next chunk (an email cut in two): it is held back as well.
    expect(safe("no digits at the end", BodyKind.Text)).toBe(17);
  });
  it("holds back the last form field and a JSON string that may be a key waiting for its ':'", () => {
    carry.reset();
    expect(safe("name=Bob&email=bob%40exa", BodyKind.Form)).toBe(9);
    carry.reset();
    expect(safe('{"users":[{"name":"Al","email"', BodyKind.Json)).toBe(23);
    carry.reset();
    expect(safe('{"a":"b", ', BodyKind.Json)).toBe(10);
  });
  it("forwards everything on the last chunk and for opaque bodies", () => {
    carry.reset();
    expect(safe('{"a":"unterminated', BodyKind.Json, true)).toBe(18);
    expect(safe("12345", BodyKind.Other)).toBe(5);
  });
  it("a string open from byte 0 keeps the whole chunk held and its state carried", () => {
    carry.reset();
    expect(safe('{"note":"abc')).toBe(8);
    expect(safe('"abc def')).toBe(0);
    expect(carry.inString).toBe(false);
  });
});
