import { JsonKind, JsonParser, JsonValue } from "../json";

function expectIncludes(actual: string, part: string): void {
  expect(actual.includes(part)).toBe(true, "'" + actual + "' should include '" + part + "'");
}

function parse(text: string): JsonValue | null {
  const bytes = String.UTF8.encode(text);
  return new JsonParser().parse(changetype<usize>(bytes), <usize>bytes.byteLength);
}

function fails(text: string): string {
  const bytes = String.UTF8.encode(text);
  const p = new JsonParser();
  expect(p.parse(changetype<usize>(bytes), <usize>bytes.byteLength)).toBeNull("expected failure for " + text);
  return p.error;
}

describe("config JSON parser", () => {
  it("parses scalars, arrays and objects in order", () => {
    const v = parse(' {"b": [1, -2.5e2, true, false, null], "a": "x"} ')!;
    expect(v.kind).toBe(JsonKind.Object);
    expect(v.keys[0]).toBe("b");
    expect(v.keys[1]).toBe("a");
    const arr = v.get("b")!;
    expect(arr.items.length).toBe(5);
    expect(arr.items[0].number).toBe(1);
    expect(arr.items[0].isInteger).toBe(true);
    expect(arr.items[1].number).toBe(-250);
    expect(arr.items[2].bool).toBe(true);
    expect(arr.items[4].kind).toBe(JsonKind.Null);
  });

  it("decodes escapes including surrogate pairs", () => {
    const v = parse('"a\\n\\"b\\u00e9\\ud83d\\ude00"')!;
    expect(v.str).toBe("a\n\"bé😀");
  });

  it("keeps UTF-8 text", () => { expect(parse('"çava ✓"')!.str).toBe("çava ✓"); });

  it("rejects malformed input without trapping", () => {
    expectIncludes(fails(""), "unexpected end");
    expectIncludes(fails("{"), "expected a string key");
    expectIncludes(fails('{"a" 1}'), "expected ':'");
    expectIncludes(fails("[1,]"), "unexpected character");
    expectIncludes(fails('"abc'), "unterminated");
    expectIncludes(fails('"\\u12"'), "invalid \\u escape");
    expectIncludes(fails('"\\x"'), "invalid escape");
    expectIncludes(fails("01"), "unexpected data");
    expectIncludes(fails("1."), "invalid number");
    expectIncludes(fails("-"), "truncated number");
    expectIncludes(fails("tru"), "unexpected character");
    expectIncludes(fails('"\\ud800\\u0041"'), "surrogate");
    expectIncludes(fails("1 2"), "unexpected data");
  });

  it("limits nesting depth", () => {
    let deep = "";
    for (let i = 0; i < 100; i++) deep += "[";
    for (let i = 0; i < 100; i++) deep += "]";
    expectIncludes(fails(deep), "nesting deeper");
    let ok = "";
    for (let i = 0; i < 60; i++) ok += "[";
    for (let i = 0; i < 60; i++) ok += "]";
    expect(parse(ok)).not.toBeNull();
  });
});
