// Cheap, single-pass path templating in the filter (the manager does the final merging over all
// observed paths). A segment that clearly is a value becomes a parameter:
//   {id}    integers, UUIDs, hex ids (>= 8 hex chars with a digit; 24-hex ObjectIds), long mixed tokens
//   {date}  ISO dates (2024-01-31, 20240131 is treated as an integer id)
//   {email} something@domain.tld
// The query string and fragment are dropped; empty segments (//) collapse; percent-encoded segments
// are classified on their raw bytes (an encoded email still contains %40 and '.': handled).

export const enum SegmentKind { Literal = 0, Id = 1, Date = 2, Email = 3 }

@inline function isDigit(c: u32): bool { return c - 0x30 < 10; }
@inline function isHex(c: u32): bool { return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6; }
@inline function isAlpha(c: u32): bool { return (c | 0x20) - 0x61 < 26; }

export function classifySegment(p: usize, n: i32): SegmentKind {
  if (n <= 0) return SegmentKind.Literal;
  let digits = 0, hex = 0, alpha = 0, upper = 0, dashes = 0, at = 0, dots = 0, other = 0;
  for (let i = 0; i < n; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (isDigit(c)) { digits++; hex++; }
    else if (isAlpha(c)) { alpha++; if (isHex(c)) hex++; if (c < 0x61) upper++; }
    else if (c == 0x2d) dashes++;
    else if (c == 0x40) at++;
    else if (c == 0x2e) dots++;
    else if (c == 0x25 && i + 2 < n && load<u8>(p + <usize>i + 1) == 0x34 && load<u8>(p + <usize>i + 2) == 0x30) { at++; i += 2; } // %40
    else other++;
  }
  if (digits == n) return SegmentKind.Id;
  // 2024-01-31
  if (n == 10 && digits == 8 && dashes == 2 && load<u8>(p + 4) == 0x2d && load<u8>(p + 7) == 0x2d) return SegmentKind.Date;
  if (at == 1 && dots >= 1 && alpha > 0) return SegmentKind.Email;
  // UUID 8-4-4-4-12
  if (n == 36 && dashes == 4 && hex == 32 && load<u8>(p + 8) == 0x2d && load<u8>(p + 13) == 0x2d && load<u8>(p + 18) == 0x2d && load<u8>(p + 23) == 0x2d) return SegmentKind.Id;
  if (dashes == 0 && dots == 0 && at == 0 && other == 0) {
    // Hex ids (ObjectId is 24 hex); needs a digit so words like "deadbeef"/"facade" stay literal.
    if (hex == n && n >= 8 && digits > 0) return SegmentKind.Id;
    // Long mixed tokens: letters and digits mixed, e.g. base62 keys, order ids like A1B2C3D4E5.
    if (n >= 16 && digits > 0 && alpha > 0) return SegmentKind.Id;
    if (n >= 8 && digits >= 2 && alpha > 0 && digits * 4 >= n) return SegmentKind.Id;
  }
  // Mixed ids with separators, e.g. ord-123456 or INV_2024_000123: mostly digits.
  if (n >= 6 && digits * 2 >= n && other + dashes <= 3 && at == 0) return SegmentKind.Id;
  return SegmentKind.Literal;
}

// Writes the template of the path at (p, n) into `out` (capacity `cap`); returns its length.
// Output never exceeds cap; a truncated template ends at a segment boundary.
export function templatePath(p: usize, n: i32, out: usize, cap: i32): i32 {
  let end = n;
  for (let i = 0; i < n; i++) {
    const c = load<u8>(p + <usize>i);
    if (c == 0x3f || c == 0x23) { end = i; break; }
  }
  let w = 0;
  let i = 0;
  while (i < end) {
    // skip slashes
    while (i < end && load<u8>(p + <usize>i) == 0x2f) i++;
    if (i >= end) break;
    const start = i;
    while (i < end && load<u8>(p + <usize>i) != 0x2f) i++;
    const len = i - start;
    const kind = classifySegment(p + <usize>start, len);
    let repl: string | null = null;
    if (kind == SegmentKind.Id) repl = "{id}";
    else if (kind == SegmentKind.Date) repl = "{date}";
    else if (kind == SegmentKind.Email) repl = "{email}";
    const need = 1 + (repl === null ? len : repl.length);
    if (w + need > cap) break;
    store<u8>(out + <usize>w, 0x2f);
    w++;
    if (repl === null) {
      memory.copy(out + <usize>w, p + <usize>start, <usize>len);
      w += len;
    } else {
      for (let k = 0; k < repl.length; k++) { store<u8>(out + <usize>w, <u8>repl.charCodeAt(k)); w++; }
    }
  }
  if (w == 0 && cap > 0) { store<u8>(out, 0x2f); w = 1; }
  return w;
}

// Convenience for tests and configure-time use.
export function templatePathString(path: string): string {
  const bytes = String.UTF8.encode(path);
  const cap = bytes.byteLength + 16;
  const out = new ArrayBuffer(cap);
  const n = templatePath(changetype<usize>(bytes), bytes.byteLength, changetype<usize>(out), cap);
  return String.UTF8.decodeUnsafe(changetype<usize>(out), <usize>n);
}
