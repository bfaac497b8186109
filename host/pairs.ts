// The "pairs" wire format (reference §2.4): u32 N, N × {u32 keyLen, u32 valueLen}, N × {key 0x00 value 0x00}.
import { PAIRS_MAX_BYTES, PAIRS_MAX_COUNT } from "./abi.ts";

export type HeaderList = Array<[string, string]>;

export function encodePairs(pairs: ReadonlyArray<readonly [string | Uint8Array, string | Uint8Array]>): Buffer {
  // One allocation: sizes first, then strings written in place.
  const n = pairs.length;
  let size = 4 + 8 * n;
  for (let i = 0; i < n; i++) {
    const [k, v] = pairs[i];
    size += (typeof k === "string" ? Buffer.byteLength(k) : k.byteLength) + (typeof v === "string" ? Buffer.byteLength(v) : v.byteLength) + 2;
  }
  const out = Buffer.allocUnsafe(size);
  out.writeUInt32LE(n, 0);
  let o = 4 + 8 * n;
  for (let i = 0; i < n; i++) {
    const [k, v] = pairs[i];
    const kl = typeof k === "string" ? out.write(k, o, "utf8") : (out.set(k, o), k.byteLength);
    o += kl; out[o++] = 0;
    const vl = typeof v === "string" ? out.write(v, o, "utf8") : (out.set(v, o), v.byteLength);
    o += vl; out[o++] = 0;
    out.writeUInt32LE(kl, 4 + 8 * i);
    out.writeUInt32LE(vl, 8 + 8 * i);
  }
  return out;
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
  for (const [k, v] of headers) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
}
