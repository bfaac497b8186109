// Header/trailer maps and the "pairs" wire format (reference §2.4):
//   u32 N, N × {u32 keyLen, u32 valueLen}, N × {key, 0x00, value, 0x00}
import {
  MapType, WasmResult, proxy_add_header_map_value, proxy_get_header_map_pairs, proxy_get_header_map_value,
  proxy_remove_header_map_value, proxy_replace_header_map_value, proxy_set_header_map_pairs,
} from "./abi";
import { HostBytes, RET_PTR, RET_SIZE, Utf8, encodeToScratch, scratchBase } from "./memory";

// First value of `name` in `map` into `out`. Returns false when absent or when the map is not
// available in this callback (Envoy answers BadArgument outside a map's window, §3.5).
export function getHeaderValue(map: MapType, name: Utf8, out: HostBytes): bool {
  const rc = proxy_get_header_map_value(<u32>map, name.ptr, <usize>name.length, RET_PTR, RET_SIZE);
  if (rc != WasmResult.Ok) { out.release(); return false; }
  out.takeReturned();
  return true;
}

export function getHeaderPairs(map: MapType, out: HostBytes): bool {
  const rc = proxy_get_header_map_pairs(<u32>map, RET_PTR, RET_SIZE);
  if (rc != WasmResult.Ok) { out.release(); return false; }
  out.takeReturned();
  return true;
}

export function setHeaderPairs(map: MapType, pairs: PairsBuilder): WasmResult {
  return <WasmResult>proxy_set_header_map_pairs(<u32>map, pairs.ptr, <usize>pairs.length);
}

export function addHeader(map: MapType, name: Utf8, value: Utf8): WasmResult {
  return <WasmResult>proxy_add_header_map_value(<u32>map, name.ptr, <usize>name.length, value.ptr, <usize>value.length);
}

export function replaceHeader(map: MapType, name: Utf8, value: Utf8): WasmResult {
  return <WasmResult>proxy_replace_header_map_value(<u32>map, name.ptr, <usize>name.length, value.ptr, <usize>value.length);
}

// Value given as a run-time string (encoded into the scratch area, no GC allocation).
export function replaceHeaderString(map: MapType, name: Utf8, value: string): WasmResult {
  const n = encodeToScratch(value);
  return <WasmResult>proxy_replace_header_map_value(<u32>map, name.ptr, <usize>name.length, scratchBase(), n);
}

export function removeHeader(map: MapType, name: Utf8): WasmResult {
  return <WasmResult>proxy_remove_header_map_value(<u32>map, name.ptr, <usize>name.length);
}

// Walks a pairs block in place. Malformed blocks end the walk early rather than reading out of range.
export class PairsIterator {
  private base: usize = 0;
  private size: u32 = 0;
  private count: u32 = 0;
  private index: u32 = 0;
  private dataOffset: u32 = 0;
  keyPtr: usize = 0;
  keyLength: i32 = 0;
  valuePtr: usize = 0;
  valueLength: i32 = 0;

  reset(bytes: HostBytes): void {
    this.base = bytes.ptr;
    this.size = <u32>bytes.length;
    this.index = 0;
    this.count = this.size >= 4 ? load<u32>(this.base) : 0;
    // Header table must fit: 4 + 8N bytes.
    if (<u64>this.count * 8 + 4 > <u64>this.size) this.count = 0;
    this.dataOffset = 4 + this.count * 8;
  }

  get total(): u32 { return this.count; }

  next(): bool {
    if (this.index >= this.count) return false;
    const entry = this.base + 4 + <usize>this.index * 8;
    const k = load<u32>(entry);
    const v = load<u32>(entry + 4);
    const end = <u64>this.dataOffset + <u64>k + <u64>v + 2;
    if (end > <u64>this.size) { this.index = this.count; return false; }
    this.keyPtr = this.base + this.dataOffset;
    this.keyLength = <i32>k;
    this.valuePtr = this.keyPtr + k + 1;
    this.valueLength = <i32>v;
    this.dataOffset = <u32>end;
    this.index++;
    return true;
  }

  keyEquals(name: Utf8): bool {
    return this.keyLength == name.length && memory.compare(this.keyPtr, name.ptr, <usize>name.length) == 0;
  }

  keyString(): string { return String.UTF8.decodeUnsafe(this.keyPtr, <usize>this.keyLength); }
  valueString(): string { return String.UTF8.decodeUnsafe(this.valuePtr, <usize>this.valueLength); }
}

// Builds a pairs block (for send_local_response headers, http_call headers). Build constant ones once.
export class PairsBuilder {
  private keys: Array<ArrayBuffer> = new Array<ArrayBuffer>();
  private values: Array<ArrayBuffer> = new Array<ArrayBuffer>();
  private block: ArrayBuffer = new ArrayBuffer(4);
  private dirty: bool = true;

  add(key: string, value: string): PairsBuilder {
    this.keys.push(String.UTF8.encode(key));
    this.values.push(String.UTF8.encode(value));
    this.dirty = true;
    return this;
  }

  clear(): void {
    this.keys.length = 0;
    this.values.length = 0;
    this.dirty = true;
  }

  get count(): i32 { return this.keys.length; }

  private build(): void {
    const n = this.keys.length;
    let size = 4 + 8 * n;
    for (let i = 0; i < n; i++) size += this.keys[i].byteLength + this.values[i].byteLength + 2;
    const block = new ArrayBuffer(size);
    const base = changetype<usize>(block);
    store<u32>(base, <u32>n);
    let data = base + 4 + 8 * <usize>n;
    for (let i = 0; i < n; i++) {
      const k = this.keys[i];
      const v = this.values[i];
      store<u32>(base + 4 + 8 * <usize>i, <u32>k.byteLength);
      store<u32>(base + 8 + 8 * <usize>i, <u32>v.byteLength);
      memory.copy(data, changetype<usize>(k), <usize>k.byteLength);
      data += <usize>k.byteLength;
      store<u8>(data++, 0);
      memory.copy(data, changetype<usize>(v), <usize>v.byteLength);
      data += <usize>v.byteLength;
      store<u8>(data++, 0);
    }
    this.block = block;
    this.dirty = false;
  }

  get ptr(): usize {
    if (this.dirty) this.build();
    return changetype<usize>(this.block);
  }

  get length(): i32 {
    if (this.dirty) this.build();
    return this.block.byteLength;
  }
}
