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
    // A word that names the last one is held back with it (the PII scan reads the value by its name).
    carry.reset();
    expect(safe("my password is hunter", BodyKind.Text)).toBe(3);
    carry.reset();
    expect(safe("user password: hunter", BodyKind.Text)).toBe(5);
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

import { jsonSafeEnd, openQuote, textCut, escapeSafeCut } from "../stream";
import { Findings } from "../findings";
import { PiiType } from "../pii";
import { AttackClass } from "../attacks";

function jsonEnd(s: string, window: i32 = 1024): i32 {
  const b = String.UTF8.encode(s);
  return jsonSafeEnd(changetype<usize>(b), b.byteLength, window);
}
function textCutOf(s: string, from: i32, limit: i32, reach: i32, json: bool): i32 {
  const b = String.UTF8.encode(s);
  return textCut(changetype<usize>(b), from, limit, reach, b.byteLength, json);
}
function escapeCut(s: string, c: i32): i32 {
  const b = String.UTF8.encode(s);
  return escapeSafeCut(changetype<usize>(b), 0, c);
}

describe("cut points for streamed redaction", () => {
  it("JSON: holds an unfinished string from its quote and says where it began", () => {
    expect(jsonEnd('{"a":1,"email":"bob@exa')).toBe(15);
    expect(openQuote).toBe(15);
    expect(jsonEnd('{"a":"x\\"y')).toBe(5);
    expect(openQuote).toBe(5);
  });
  it("JSON: holds a last string that may be a key, and a trailing number; passes a closed document", () => {
    expect(jsonEnd('{"a":1,"email" ')).toBe(7);
    expect(openQuote).toBe(-1);
    expect(jsonEnd('{"pan":4111111')).toBe(7);
    expect(jsonEnd('{"n":-1.5e')).toBe(5);
    expect(jsonEnd('{"a":"b"}')).toBe(9);
    // A complete string longer than the window is not held as a possible key.
    expect(jsonEnd('{"a":"' + "x".repeat(40) + '" ', 16)).toBe(48);
  });
  it("text: cuts between words without digits on either side, and never inside a group", () => {
    const s = "call me at +1 415 555 2671 or write now please";
    // Limit inside the phone: the nearest cut before it with digit-free words around is before "at".
    expect(textCutOf(s, 0, 20, 40, false)).toBe(8);
    // "GB82 WEST 1234": no cut next to a word with digits.
    expect(textCutOf("IBAN GB82 WEST 1234 5698 7654 32 ok", 0, 14, 14, false)).toBe(-1);
    expect(textCutOf("hello big wide world", 0, 15, 20, false)).toBe(15);
    expect(textCutOf("hello big wide world", 0, 13, 20, false)).toBe(10);
    // Within reach only.
    expect(textCutOf("abc 1111 2222 3333 4444 5555 6666", 0, 30, 10, false)).toBe(-1);
    // A word that names the next one stays with it: "password:", "password is", "DOB".
    expect(textCutOf("user password: hunter two", 0, 20, 40, false)).toBe(5);
    expect(textCutOf("my password is hunter two", 0, 20, 40, false)).toBe(3);
    expect(textCutOf("the api_key= abcdef ghij", 0, 16, 40, false)).toBe(4);
    // Nor inside a password of words after it (masked whole): the cut goes before the naming word.
    expect(textCutOf("user password: correct horse battery staple ok", 0, 32, 40, false)).toBe(5);
    // A password with a digit is one word: the words after it may be cut as usual.
    expect(textCutOf("user password: hunter2 and then more words here", 0, 40, 40, false)).toBe(37);
  });
  it("JSON strings: an escaped \\n, \\t or \\r separates words; an escaped backslash before n does not", () => {
    expect(textCutOf("alpha\\nbeta gamma", 0, 8, 8, true)).toBe(7);
    expect(textCutOf("alpha\\\\nbeta", 0, 10, 10, true)).toBe(-1);
  });
  it("never cuts an escape in two", () => {
    expect(escapeCut("abc\\u00e9def", 6)).toBe(3);
    expect(escapeCut("abc\\u00e9def", 9)).toBe(9);
    expect(escapeCut("abc\\ndef", 4)).toBe(3);
    expect(escapeCut("abc\\\\def", 5)).toBe(5);
    expect(escapeCut("abcdef", 4)).toBe(4);
  });
});

describe("Findings.keepBefore", () => {
  it("drops what starts at or after the cut, ends what crosses it, keeps the rest (detailed and overflow)", () => {
    const f = new Findings();
    f.reset();
    f.add(PiiType.Email, 0, 10, "$.a", "x");
    f.add(PiiType.Card, 8, 10, "$.b", "y");
    f.add(PiiType.Phone, 20, 5, "$.c", "z");
    f.addAttack(AttackClass.None, 0, 0, "$", "exfiltration");
    f.addOverflow(PiiType.Email, AttackClass.None, 2, 3);
    f.addOverflow(PiiType.Email, AttackClass.None, 14, 4);
    f.addOverflow(PiiType.Email, AttackClass.None, 30, 4);
    f.keepBefore(15);
    expect(f.count).toBe(3);
    expect(f.items[0].length).toBe(10);
    expect(f.items[1].start).toBe(8);
    expect(f.items[1].length).toBe(7);
    expect(f.items[2].location).toBe("$");
    expect(f.overflowCount).toBe(2);
    expect(f.overflowStart(1)).toBe(14);
    expect(f.overflowLength(1)).toBe(1);
    expect(f.dropped).toBe(2);
  });
});
