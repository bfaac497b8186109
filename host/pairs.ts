// The "pairs" wire format (reference §2.4): u32 N, N × {u32 keyLen, u32 valueLen}, N × {key 0x00 value 0x00}.
import { PAIRS_MAX_BYTES, PAIRS_MAX_COUNT } from "./abi.ts";

export type HeaderList = Array<[string, string]>;

export function encodePairs(pairs: ReadonlyArray<readonly [string | Uint8Array, string | Uint8Array]>): Buffer {
  // One allocation: sizes first, then strings written in place.
  const n = pairs.length;
  let size = 4 + 8 * n;
  for (let i = 0; i < n; i++) {
    const p = pairs[i];
    const k = p[0], v = p[1];
    size += (typeof k === "string" ? utf8Length(k) : k.byteLength) + (typeof v === "string" ? utf8Length(v) : v.byteLength) + 2;
  }
  const out = Buffer.allocUnsafe(size);
  writePairsAt(out, 0, pairs);
  return out;
}

// Size of the pairs encoding of a header list (what writeHeaderPairs writes).
export function headerPairsSize(pairs: HeaderList): number {
  const n = pairs.length;
  let size = 4 + 8 * n;
  for (let i = 0; i < n; i++) { const p = pairs[i]; size += utf8Length(p[0]) + utf8Length(p[1]) + 2; }
  return size;
}

// Writes the pairs encoding at `at` in `out` (which has room for it: see headerPairsSize / encodePairs).
// Written straight into guest memory by the host, so a header map costs no intermediate buffer.
export function writePairsAt(out: Buffer, at: number, pairs: ReadonlyArray<readonly [string | Uint8Array, string | Uint8Array]>): void {
  const n = pairs.length;
  putU32(out, at, n);
  let o = at + 4 + 8 * n;
  for (let i = 0; i < n; i++) {
    const p = pairs[i];
    const k = p[0], v = p[1];
    const kl = typeof k === "string" ? writeUtf8(out, o, k) : (out.set(k, o), k.byteLength);
    o += kl; out[o++] = 0;
    const vl = typeof v === "string" ? writeUtf8(out, o, v) : (out.set(v, o), v.byteLength);
    o += vl; out[o++] = 0;
    putU32(out, at + 4 + 8 * i, kl);
    putU32(out, at + 8 + 8 * i, vl);
  }
}

function putU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v & 0xff; out[at + 1] = (v >>> 8) & 0xff; out[at + 2] = (v >>> 16) & 0xff; out[at + 3] = v >>> 24;
}

// Header names and values are short and nearly always ASCII: a JS loop beats a native call per string;
// anything else goes through Buffer's UTF-8 code (same bytes either way).
const NATIVE_FROM = 64;
export function utf8Length(s: string): number {
  const n = s.length;
  if (n > NATIVE_FROM) return Buffer.byteLength(s, "utf8");
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s, "utf8");
  return n;
}
export function writeUtf8(out: Buffer, at: number, s: string): number {
  const n = s.length;
  if (n > NATIVE_FROM) return out.write(s, at, "utf8");
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return out.write(s, at, "utf8");
    out[at + i] = c;
  }
  return n;
}

// cpp-host PairsUtil::toPairs: malformed input is an EMPTY map, not an error (so set_header_map_pairs with
// garbage deletes every header). Null/zero-size input is also empty.
export function decodePairs(bytes: Uint8Array): HeaderList {
  if (bytes.length === 0 || bytes.length > PAIRS_MAX_BYTES || bytes.length < 4) return [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = dv.getUint32(0, true);
  if (n > PAIRS_MAX_COUNT || 4 + 8 * n > bytes.length) return [];
  let o = 4 + 8 * n;
  const out: HeaderList = [];
  for (let i = 0; i < n; i++) {
    const kl = dv.getUint32(4 + 8 * i, true);
    const vl = dv.getUint32(8 + 8 * i, true);
    if (o + kl + 1 + vl + 1 > bytes.length) return [];
    if (bytes[o + kl] !== 0) return [];
    const key = Buffer.from(bytes.buffer, bytes.byteOffset + o, kl).toString("utf8");
    o += kl + 1;
    if (bytes[o + vl] !== 0) return [];
    const value = Buffer.from(bytes.buffer, bytes.byteOffset + o, vl).toString("utf8");
    o += vl + 1;
    out.push([key, value]);
  }
  return o === bytes.length ? out : [];
}

// HeaderMap::byteSize(): sum of key and value lengths, no framing (reference §0.4).
export function headerBytes(headers: HeaderList): number {
  let n = 0;
  for (let i = 0; i < headers.length; i++) n += utf8Length(headers[i][0]) + utf8Length(headers[i][1]);
  return n;
}
