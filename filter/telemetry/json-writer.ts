// Appends JSON to a growable byte buffer that is reused across batches (no per-batch garbage beyond
// growth). Strings are escaped per RFC 8259 and written as UTF-8.
export class JsonWriter {
  ptr: usize = 0;
  length: i32 = 0;
  private capacity: i32 = 0;

  reset(): void { this.length = 0; }

  private ensure(extra: i32): void {
    const need = this.length + extra;
    if (need <= this.capacity) return;
    let cap = this.capacity == 0 ? 4096 : this.capacity;
    while (cap < need) cap <<= 1;
    this.ptr = this.ptr == 0 ? heap.alloc(<usize>cap) : heap.realloc(this.ptr, <usize>cap);
    this.capacity = cap;
  }

  @inline private byte(b: u32): void {
    store<u8>(this.ptr + <usize>this.length, <u8>b);
    this.length++;
  }

  // Literal ASCII (punctuation, keys known to need no escaping).
  raw(s: string): JsonWriter {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.byte(<u32>s.charCodeAt(i));
    return this;
  }

  string(s: string): JsonWriter {
    this.ensure(s.length * 6 + 2);
    this.byte(0x22);
    for (let i = 0; i < s.length; i++) {
      let c = <u32>s.charCodeAt(i);
      if (c == 0x22 || c == 0x5c) { this.byte(0x5c); this.byte(c); }
      else if (c == 0x0a) { this.byte(0x5c); this.byte(0x6e); }
      else if (c == 0x0d) { this.byte(0x5c); this.byte(0x72); }
      else if (c == 0x09) { this.byte(0x5c); this.byte(0x74); }
      else if (c < 0x20) {
        this.byte(0x5c); this.byte(0x75); this.byte(0x30); this.byte(0x30);
        this.byte(hexDigit(c >> 4)); this.byte(hexDigit(c & 15));
      } else if (c < 0x80) this.byte(c);
      else if (c < 0x800) { this.byte(0xc0 | (c >> 6)); this.byte(0x80 | (c & 63)); }
      else {
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
          const low = <u32>s.charCodeAt(i + 1);
          if (low >= 0xdc00 && low < 0xe000) {
            c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
            i++;
            this.byte(0xf0 | (c >> 18)); this.byte(0x80 | ((c >> 12) & 63)); this.byte(0x80 | ((c >> 6) & 63)); this.byte(0x80 | (c & 63));
            continue;
          }
        }
        if (c >= 0xd800 && c < 0xe000) c = 0xfffd; // lone surrogate
        this.byte(0xe0 | (c >> 12)); this.byte(0x80 | ((c >> 6) & 63)); this.byte(0x80 | (c & 63));
      }
    }
    this.byte(0x22);
    return this;
  }

  // "key": — key must be plain ASCII without quotes (our own field names).
  key(k: string): JsonWriter {
    this.ensure(k.length + 3);
    this.byte(0x22);
    for (let i = 0; i < k.length; i++) this.byte(<u32>k.charCodeAt(i));
    this.byte(0x22);
    this.byte(0x3a);
    return this;
  }

  int(v: i64): JsonWriter { return this.raw(v.toString()); }

  number(v: f64): JsonWriter {
    if (!isFinite(v)) return this.raw("0");
    if (v == Math.floor(v) && Math.abs(v) < 9e15) return this.raw((<i64>v).toString());
    return this.raw(v.toString());
  }

  bool(v: bool): JsonWriter { return this.raw(v ? "true" : "false"); }

  // Removes a trailing comma (after the last member of an object/array written in a loop).
  trimComma(): JsonWriter {
    if (this.length > 0 && load<u8>(this.ptr + <usize>this.length - 1) == 0x2c) this.length--;
    return this;
  }

  toString(): string { return String.UTF8.decodeUnsafe(this.ptr, <usize>this.length); }
}

@inline function hexDigit(v: u32): u32 { return v < 10 ? 0x30 + v : 0x61 + v - 10; }
