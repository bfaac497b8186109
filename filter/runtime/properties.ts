// Properties (reference §2.6, §3.16): paths are segments joined by NUL; values come back raw
// (strings as bytes, integers as 8-byte little-endian, maps in the pairs format).
import { WasmResult, proxy_get_property, proxy_set_property } from "./abi";
import { HostBytes, RET_PTR, RET_SIZE } from "./memory";

// A property path encoded once, e.g. new PropertyPath(["xds", "node", "metadata", "NAMESPACE"]).
export class PropertyPath {
  readonly bytes: ArrayBuffer;
  readonly display: string;
  constructor(segments: string[]) {
    this.display = segments.join(".");
    let size = 0;
    const encoded = new Array<ArrayBuffer>(segments.length);
    for (let i = 0; i < segments.length; i++) {
      encoded[i] = String.UTF8.encode(segments[i]);
      size += encoded[i].byteLength + (i > 0 ? 1 : 0);
    }
    this.bytes = new ArrayBuffer(size);
    let p = changetype<usize>(this.bytes);
    for (let i = 0; i < encoded.length; i++) {
      if (i > 0) store<u8>(p++, 0);
      memory.copy(p, changetype<usize>(encoded[i]), <usize>encoded[i].byteLength);
      p += <usize>encoded[i].byteLength;
    }
  }
}

export function getProperty(path: PropertyPath, out: HostBytes): bool {
  const rc = proxy_get_property(changetype<usize>(path.bytes), <usize>path.bytes.byteLength, RET_PTR, RET_SIZE);
  if (rc != WasmResult.Ok) { out.release(); return false; }
  out.takeReturned();
  return true;
}

// Convenience for configure-time reads: the property as a string, or `fallback` when absent.
export function getPropertyString(path: PropertyPath, fallback: string = ""): string {
  const out = new HostBytes();
  if (!getProperty(path, out)) return fallback;
  const s = out.toString();
  out.release();
  return s;
}

// 8-byte little-endian integer properties (e.g. response.code, source.port).
export function getPropertyInt(path: PropertyPath, fallback: i64 = -1): i64 {
  const out = new HostBytes();
  if (!getProperty(path, out) || out.length < 8) { out.release(); return fallback; }
  const v = load<i64>(out.ptr);
  out.release();
  return v;
}

export function setProperty(path: PropertyPath, valuePtr: usize, valueLength: usize): WasmResult {
  return <WasmResult>proxy_set_property(changetype<usize>(path.bytes), <usize>path.bytes.byteLength, valuePtr, valueLength);
}
