import { SchemaSketch, SketchField, sketchJson, stringFormat, Format } from "../schema-sketch";
import { SketchSettings, SketchTable } from "../sketches";
import { JsonWriter } from "../json-writer";
import { Workload } from "../identity";

function fold(sketch: SchemaSketch, json: string, maxFields: i32 = 64, maxDepth: i32 = 8): bool {
  const b = String.UTF8.encode(json);
  return sketchJson(changetype<usize>(b), b.byteLength, sketch, maxFields, maxDepth);
}
function f(sketch: SchemaSketch, path: string): SketchField {
  const x = sketch.field(path);
  expect(x).not.toBeNull(path);
  return x!;
}
function format(s: string): i32 {
  const b = String.UTF8.encode(s);
  return stringFormat(changetype<usize>(b), b.byteLength);
}
function json(sketch: SchemaSketch): string {
  const w = new JsonWriter();
  sketch.write(w);
  return w.toString();
}

describe("schema sketch walker", () => {
  it("records paths, types, array items and presence per sample", () => {
    const s = new SchemaSketch();
    expect(fold(s, '{"id": 7, "name": "a", "price": 9.5, "ok": true, "note": null, "tags": ["x", "y"], "seller": {"email": "bob@example.com"}, "variants": [{"sku": "A1", "stock": 3}, {"sku": "B2"}]}')).toBe(true);
    expect(fold(s, '{"id": 8, "name": "b", "price": 10, "note": "n", "tags": []}')).toBe(true);
    expect(s.samples).toBe(2);
    expect(f(s, "id").types).toBe(1 << 1);
    expect(f(s, "id").count).toBe(2);
    expect(f(s, "price").types).toBe((1 << 1) | (1 << 2), "number then integer");
    expect(f(s, "ok").types).toBe(1 << 3);
    expect(f(s, "ok").count).toBe(1);
    expect(f(s, "note").types).toBe((1 << 4) | (1 << 0));
    expect(f(s, "tags").types).toBe(1 << 6);
    expect(f(s, "tags").count).toBe(2);
    expect(f(s, "tags[]").types).toBe(1 << 0);
    expect(f(s, "tags[]").count).toBe(2, "counted per item");
    expect(f(s, "seller").types).toBe(1 << 5);
    expect(f(s, "seller.email").format).toBe(Format.Email);
    expect(f(s, "seller.email").pii).toBe(1 << 3, "email PII");
    expect(f(s, "variants").count).toBe(1);
    expect(f(s, "variants[]").count).toBe(2);
    expect(f(s, "variants[].sku").count).toBe(2, "in every item: required");
    expect(f(s, "variants[].stock").count).toBe(1, "in one item of two: optional");
    expect(s.overflow).toBe(0);
  });

  it("handles a root array, escapes and nested arrays", () => {
    const s = new SchemaSketch();
    expect(fold(s, '[{"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "q": "say \\"hi\\"", "m": [[1, 2], [3]]}]')).toBe(true);
    expect(f(s, "[]").types).toBe(1 << 5);
    expect(f(s, "[].id").format).toBe(Format.Uuid);
    expect(f(s, "[].q").types).toBe(1 << 0);
    expect(f(s, "[].m[][]").types).toBe(1 << 1);
  });

  it("drops a format when values disagree", () => {
    const s = new SchemaSketch();
    fold(s, '{"at": "2024-01-31T10:00:00Z"}');
    expect(f(s, "at").format).toBe(Format.DateTime);
    fold(s, '{"at": "yesterday"}');
    expect(f(s, "at").format).toBeLessThan(0);
    expect(json(s).includes("\"format\"")).toBe(false);
  });

  it("bounds fields and depth and counts the overflow", () => {
    const s = new SchemaSketch();
    fold(s, '{"a": 1, "b": 2, "c": 3, "d": {"e": 1}}', 3, 8);
    expect(s.fields.length).toBe(3);
    expect(s.overflow).toBe(2); // d and d.e
    const deep = new SchemaSketch();
    fold(deep, '{"a": {"b": {"c": {"d": 1, "e": 2}}}, "z": 1}', 64, 2);
    expect(deep.field("a.b")).not.toBeNull();
    expect(deep.field("a.b.c")).toBeNull();
    expect(deep.field("z")).not.toBeNull("walking continues after a skipped subtree");
    expect(deep.overflow).toBe(3); // c, d, e
  });

  it("ignores non-JSON and tolerates bodies cut at the byte limit", () => {
    const s = new SchemaSketch();
    expect(fold(s, "hello")).toBe(false);
    expect(fold(s, "")).toBe(false);
    expect(fold(s, "42")).toBe(false);
    expect(s.samples).toBe(0);
    expect(fold(s, '{"a": 1, "b": "unterminat')).toBe(true);
    expect(s.field("a")).not.toBeNull();
    expect(s.field("b")).toBeNull();
    // Garbage never traps.
    expect(fold(s, '{"a": ]]]}}} "x": : , {[')).toBe(true);
    expect(fold(s, '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[')).toBe(true);
  });

  it("classifies PII with the field name as hint", () => {
    const s = new SchemaSketch();
    fold(s, '{"card": "4111 1111 1111 1111", "password": "hunter2", "ip": "10.1.2.3", "orderId": 4111111111111111}');
    expect(f(s, "card").pii).toBe(1 << 0);
    expect(f(s, "password").pii).toBe(1 << 9);
    expect(f(s, "ip").format).toBe(Format.Ipv4);
    expect(f(s, "orderId").pii).toBe(0, "an order id is not a card");
  });

  it("recognizes formats", () => {
    expect(format("2024-02-29")).toBe(Format.Date);
    expect(format("2024-13-01")).toBe(Format.None);
    expect(format("2024-02-29T23:59:60.123+02:00")).toBe(Format.DateTime);
    expect(format("2024-02-29 23:59")).toBe(Format.None);
    expect(format("https://example.com/a?b=c")).toBe(Format.Uri);
    expect(format("not a uri://x")).toBe(Format.None);
    expect(format("fe80::1")).toBe(Format.Ipv6);
    expect(format("192.168.0.1")).toBe(Format.Ipv4);
    expect(format("alice")).toBe(Format.None);
  });

  it("writes the batch's schemaSketch shape", () => {
    const s = new SchemaSketch();
    s.method = "GET"; s.template = "/users/{id}"; s.response = true; s.status = 200; s.host = "users";
    fold(s, '{"email": "a@example.com", "n": 1}');
    expect(json(s)).toBe('{"endpoint":{"host":"users","method":"GET","pathTemplate":"/users/{id}"},"part":"response","status":200,"samples":1,"fields":[{"path":"email","types":["string"],"format":"email","pii":["email"],"count":1},{"path":"n","types":["integer"],"count":1}]}');
  });
});

describe("sketch table", () => {
  it("samples the first N per endpoint and window, then one in M", () => {
    const settings = new SketchSettings();
    settings.perWindow = 2; settings.every = 3;
    const t = new SketchTable(settings);
    let taken = 0;
    for (let i = 0; i < 11; i++) if (t.shouldSample("h", "GET", "/a")) taken++;
    expect(taken).toBe(2 + 3); // 1, 2, then 5, 8, 11
    expect(t.shouldSample("h", "GET", "/b")).toBe(true, "another endpoint has its own budget");
    t.clear();
    expect(t.shouldSample("h", "GET", "/a")).toBe(true, "a new window starts over");
  });
  it("keeps one sketch per endpoint, part and status", () => {
    const t = new SketchTable(new SketchSettings());
    const b = String.UTF8.encode('{"a": 1}');
    const w = new Workload();
    t.fold(w, "h", "GET", "/a", true, 200, "", changetype<usize>(b), b.byteLength);
    t.fold(w, "h", "GET", "/a", true, 200, "", changetype<usize>(b), b.byteLength);
    t.fold(w, "h", "GET", "/a", true, 404, "", changetype<usize>(b), b.byteLength);
    t.fold(w, "h", "POST", "/a", false, 0, "", changetype<usize>(b), b.byteLength);
    expect(t.size).toBe(3);
    expect(t.sketches[0].samples).toBe(2);
  });
  it("is off when both sampling knobs are 0", () => {
    const settings = new SketchSettings();
    settings.perWindow = 0; settings.every = 0;
    expect(new SketchTable(settings).shouldSample("h", "GET", "/")).toBe(false);
  });
});

// Deterministic pseudo-random bodies: JSON punctuation, literals and bytes of every value, any length.
let fuzzSeed: u32 = 12345;
function nextRand(n: u32): u32 { fuzzSeed = fuzzSeed * 1103515245 + 12345; return (fuzzSeed >>> 16) % n; }
const PIECES: string[] = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\"k\":", "true", "nul", "-1.5e3", "0", " ", "\"a@b.co\"", "\"2024-01-01\"", "{\"x\":[", "]]]", "\"\\\"\""];

describe("schema sketch walker on arbitrary input", () => {
  it("never traps and stays within its bounds", () => {
    const settings = new SketchSettings();
    settings.maxFields = 16; settings.maxDepth = 4;
    const t = new SketchTable(settings);
    const w = new Workload();
    for (let round = 0; round < 3000; round++) {
      const n = <i32>nextRand(200);
      const buf = new ArrayBuffer(n + 64);
      const p = changetype<usize>(buf);
      let len = 0;
      while (len < n) {
        if (nextRand(3) == 0) { store<u8>(p + <usize>len, <u8>nextRand(256)); len++; continue; }
        const piece = PIECES[nextRand(PIECES.length)];
        for (let i = 0; i < piece.length && len < n + 63; i++) { store<u8>(p + <usize>len, <u8>piece.charCodeAt(i)); len++; }
      }
      // Also every prefix cut of the same bytes (bodies cut at maxBytes).
      t.fold(w, "h", "POST", "/f", false, 0, "", p, len);
      t.fold(w, "h", "POST", "/f", false, 0, "", p, <i32>nextRand(<u32>len + 1));
    }
    expect(t.size).toBeLessThanOrEqual(1);
    if (t.size == 1) {
      expect(t.sketches[0].fields.length).toBeLessThanOrEqual(16);
      const out = new JsonWriter();
      t.write(out);
      expect(out.length).toBeGreaterThan(0);
    }
  });
});
