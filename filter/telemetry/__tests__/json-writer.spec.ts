import { JsonWriter } from "../json-writer";

describe("telemetry JSON writer", () => {
  it("writes objects with escaped strings", () => {
    const w = new JsonWriter();
    w.raw("{").key("a").string("x\"y\\z\n\u0001").raw(",").key("n").int(-42).raw(",").key("f").number(1.5).raw(",").trimComma().raw("}");
    expect(w.toString()).toBe('{"a":"x\\"y\\\\z\\n\\u0001","n":-42,"f":1.5}');
  });
  it("writes non-ASCII as UTF-8 and replaces lone surrogates", () => {
    const w = new JsonWriter();
    w.string("é✓😀");
    expect(w.toString()).toBe('"é✓😀"');
    expect(w.length).toBe(2 + 2 + 3 + 4);
    w.reset();
    w.string(String.fromCharCode(0xd800) + "a");
    expect(w.toString()).toBe('"\uFFFDa"');
  });
  it("grows past its first buffer and is reusable", () => {
    const w = new JsonWriter();
    for (let i = 0; i < 2000; i++) w.string("0123456789");
    expect(w.length).toBe(2000 * 12);
    w.reset();
    expect(w.length).toBe(0);
    w.number(Infinity);
    expect(w.toString()).toBe("0");
  });
});
