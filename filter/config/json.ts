// A small JSON parser for configuration (runs once per onConfigure, never on the request path).
// It builds a tree so the config reader can name the exact field that is wrong. Depth-limited and
// bounds-checked: any input yields a value or an error message, never a trap.

export const enum JsonKind { Null, Bool, Number, String, Array, Object }

export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  bool: bool = false;
  number: f64 = 0;
  isInteger: bool = false;
  str: string = "";
  items: JsonValue[] = [];      // Array
  keys: string[] = [];          // Object, in document order
  values: JsonValue[] = [];     // Object

  get(key: string): JsonValue | null {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] == key) return this.values[i];
    return null;
  }

  kindName(): string {
    switch (this.kind) {
      case JsonKind.Null: return "null";
      case JsonKind.Bool: return "boolean";
      case JsonKind.Number: return "number";
      case JsonKind.String: return "string";
      case JsonKind.Array: return "array";
      default: return "object";
    }
  }
}

const MAX_DEPTH: i32 = 64;

export class JsonParser {
  private p: usize = 0;
  private end: usize = 0;
  private start: usize = 0;
  error: string = "";

  parse(ptr: usize, length: usize): JsonValue | null {
    this.p = ptr;
    this.start = ptr;
    this.end = ptr + length;
    this.error = "";
    this.skipWhitespace();
    const v = this.parseValue(0);
    if (v === null) return null;
    this.skipWhitespace();
    if (this.p != this.end) return this.fail("unexpected data after the JSON value");
    return v;
  }

  private fail(message: string): JsonValue | null {
    if (this.error.length == 0) this.error = message + " at byte " + (this.p - this.start).toString();
    return null;
  }

  private skipWhitespace(): void {
    while (this.p < this.end) {
      const c = load<u8>(this.p);
      if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) this.p++; else break;
    }
  }

  private parseValue(depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) return this.fail("nesting deeper than " + MAX_DEPTH.toString());
    if (this.p >= this.end) return this.fail("unexpected end of input");
    const c = load<u8>(this.p);
    if (c == 0x7b) return this.parseObject(depth);
    if (c == 0x5b) return this.parseArray(depth);
    if (c == 0x22) {
      const s = this.parseString();
      if (s === null) return null;
      const v = new JsonValue();
      v.kind = JsonKind.String;
      v.str = s;
      return v;
    }
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.parseNumber();
    if (this.matchWord("true")) { const v = new JsonValue(); v.kind = JsonKind.Bool; v.bool = true; return v; }
    if (this.matchWord("false")) { const v = new JsonValue(); v.kind = JsonKind.Bool; return v; }
    if (this.matchWord("null")) return new JsonValue();
    return this.fail("unexpected character");
  }

  private matchWord(word: string): bool {
    const n = <usize>word.length;
    if (this.p + n > this.end) return false;
    for (let i: usize = 0; i < n; i++) if (<u32>load<u8>(this.p + i) != <u32>word.charCodeAt(<i32>i)) return false;
    this.p += n;
    return true;
  }

  private parseObject(depth: i32): JsonValue | null {
    this.p++; // {
    const v = new JsonValue();
    v.kind = JsonKind.Object;
    this.skipWhitespace();
    if (this.p < this.end && load<u8>(this.p) == 0x7d) { this.p++; return v; }
    while (true) {
      this.skipWhitespace();
      if (this.p >= this.end || load<u8>(this.p) != 0x22) return this.fail("expected a string key");
      const key = this.parseString();
      if (key === null) return null;
      this.skipWhitespace();
      if (this.p >= this.end || load<u8>(this.p) != 0x3a) return this.fail("expected ':'");
      this.p++;
      this.skipWhitespace();
      const item = this.parseValue(depth + 1);
      if (item === null) return null;
      for (let i = 0; i < v.keys.length; i++) if (v.keys[i] == key) return this.fail("duplicate key '" + key + "'");
      v.keys.push(key);
      v.values.push(item);
      this.skipWhitespace();
      if (this.p >= this.end) return this.fail("unexpected end of input in object");
      const c = load<u8>(this.p++);
      if (c == 0x7d) return v;
      if (c != 0x2c) { this.p--; return this.fail("expected ',' or '}'"); }
    }
  }

  private parseArray(depth: i32): JsonValue | null {
    this.p++; // [
    const v = new JsonValue();
    v.kind = JsonKind.Array;
    this.skipWhitespace();
    if (this.p < this.end && load<u8>(this.p) == 0x5d) { this.p++; return v; }
    while (true) {
      this.skipWhitespace();
      const item = this.parseValue(depth + 1);
      if (item === null) return null;
      v.items.push(item);
      this.skipWhitespace();
      if (this.p >= this.end) return this.fail("unexpected end of input in array");
      const c = load<u8>(this.p++);
      if (c == 0x5d) return v;
      if (c != 0x2c) { this.p--; return this.fail("expected ',' or ']'"); }
    }
  }

  private parseNumber(): JsonValue | null {
    const begin = this.p;
    let integer = true;
    if (load<u8>(this.p) == 0x2d) this.p++;
    if (this.p >= this.end) return this.fail("truncated number");
    let c = load<u8>(this.p);
    if (c == 0x30) this.p++;
    else if (c >= 0x31 && c <= 0x39) { while (this.p < this.end && isDigit(load<u8>(this.p))) this.p++; }
    else return this.fail("invalid number");
    if (this.p < this.end && load<u8>(this.p) == 0x2e) {
      integer = false;
      this.p++;
      if (this.p >= this.end || !isDigit(load<u8>(this.p))) return this.fail("invalid number");
      while (this.p < this.end && isDigit(load<u8>(this.p))) this.p++;
    }
    if (this.p < this.end && (load<u8>(this.p) | 0x20) == 0x65) {
      integer = false;
      this.p++;
      if (this.p < this.end && (load<u8>(this.p) == 0x2b || load<u8>(this.p) == 0x2d)) this.p++;
      if (this.p >= this.end || !isDigit(load<u8>(this.p))) return this.fail("invalid number");
      while (this.p < this.end && isDigit(load<u8>(this.p))) this.p++;
    }
    const v = new JsonValue();
    v.kind = JsonKind.Number;
    v.number = parseFloat(String.UTF8.decodeUnsafe(begin, this.p - begin));
    // Istio's pluginConfig is a protobuf Struct: integers arrive as doubles (10 may come back as 10.0).
    v.isInteger = integer || (Math.floor(v.number) == v.number && Math.abs(v.number) < 9007199254740992.0);
    return v;
  }

  // Returns the decoded string (the opening quote is at this.p), or null with an error.
  private parseString(): string | null {
    this.p++; // "
    const runStart = this.p;
    // Fast path: no escapes.
    while (this.p < this.end) {
      const c = load<u8>(this.p);
      if (c == 0x22) { const s = String.UTF8.decodeUnsafe(runStart, this.p - runStart); this.p++; return s; }
      if (c == 0x5c || c < 0x20) break;
      this.p++;
    }
    this.p = runStart;
    let out = "";
    let segment = this.p;
    while (true) {
      if (this.p >= this.end) { this.fail("unterminated string"); return null; }
      const c = load<u8>(this.p);
      if (c == 0x22) {
        out += String.UTF8.decodeUnsafe(segment, this.p - segment);
        this.p++;
        return out;
      }
      if (c < 0x20) { this.fail("control character in string"); return null; }
      if (c != 0x5c) { this.p++; continue; }
      out += String.UTF8.decodeUnsafe(segment, this.p - segment);
      this.p++;
      if (this.p >= this.end) { this.fail("truncated escape"); return null; }
      const e = load<u8>(this.p++);
      if (e == 0x22) out += "\"";
      else if (e == 0x5c) out += "\\";
      else if (e == 0x2f) out += "/";
      else if (e == 0x62) out += "\b";
      else if (e == 0x66) out += "\f";
      else if (e == 0x6e) out += "\n";
      else if (e == 0x72) out += "\r";
      else if (e == 0x74) out += "\t";
      else if (e == 0x75) {
        let code = this.hex4();
        if (code < 0) { this.fail("invalid \\u escape"); return null; }
        if (code >= 0xd800 && code <= 0xdbff && this.p + 6 <= this.end && load<u8>(this.p) == 0x5c && load<u8>(this.p + 1) == 0x75) {
          this.p += 2;
          const low = this.hex4();
          if (low >= 0xdc00 && low <= 0xdfff) code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          else { this.fail("invalid surrogate pair"); return null; }
        }
        out += String.fromCodePoint(code);
      } else { this.p--; this.fail("invalid escape"); return null; }
      segment = this.p;
    }
  }

  private hex4(): i32 {
    if (this.p + 4 > this.end) return -1;
    let v: i32 = 0;
    for (let i = 0; i < 4; i++) {
      const c = <i32>load<u8>(this.p++);
      let d: i32;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
      else return -1;
      v = (v << 4) | d;
    }
    return v;
  }
}

@inline function isDigit(c: u8): bool { return c >= 0x30 && c <= 0x39; }
