// Memory shared with the host: return slots, host-allocated blocks, and a reusable scratch area
// for encoding strings, so calls on the request path do not allocate on the GC heap.

// Return slots the host writes into (pointer/size pairs, u32 values, u64 values). One set is enough:
// the VM is single-threaded and no hostcall re-enters guest code that uses them (the allocator only mallocs).
export const RET_PTR: usize = memory.data(8);
export const RET_SIZE: usize = memory.data(8);
export const RET_U32: usize = memory.data(8);
export const RET_U64: usize = memory.data(8);

// The host calls this (exported as `malloc` and `proxy_on_memory_allocate`) to place data it returns.
// Raw heap blocks, not GC objects: their owner releases them (HostBytes.release).
// A large block (a held body) is kept when released and handed out again for the next one that fits: freed,
// its room was taken by the small objects of the requests in between, the next body found no room and the
// allocator doubled the memory (1.6 -> 3.5 MiB after 10,000 requests with 1 MiB bodies).
const LARGE_BLOCK: usize = 64 * 1024;
let spareBlock: usize = 0;
let spareSize: usize = 0;
export function allocateForHost(size: usize): usize {
  if (size >= LARGE_BLOCK && spareBlock != 0 && size <= spareSize) {
    const p = spareBlock;
    spareBlock = 0;
    return p;
  }
  return heap.alloc(size == 0 ? 1 : size);
}
// Releases a block allocateForHost gave for `size` bytes (a HostBytes' length: the host asks for what it writes).
function releaseHostBlock(ptr: usize, size: usize): void {
  if (size >= LARGE_BLOCK) {
    // Keep the larger of this block and the spare (a spare that fits fewer bodies is freed).
    if (spareBlock == 0) { spareBlock = ptr; spareSize = size; return; }
    if (size > spareSize) { heap.free(spareBlock); spareBlock = ptr; spareSize = size; return; }
  }
  heap.free(ptr);
}

// A block the host returned (ptr may be 0 for an empty value). The guest owns it until release().
export class HostBytes {
  ptr: usize = 0;
  length: i32 = 0;

  // Takes ownership of what the last hostcall wrote into RET_PTR/RET_SIZE; frees what it held before.
  takeReturned(): void {
    this.release();
    this.ptr = load<u32>(RET_PTR);
    this.length = <i32>load<u32>(RET_SIZE);
    if (this.ptr == 0) this.length = 0;
  }

  release(): void {
    if (this.ptr != 0) releaseHostBlock(this.ptr, <usize>this.length);
    this.ptr = 0;
    this.length = 0;
  }

  @inline byteAt(i: i32): u8 { return load<u8>(this.ptr + <usize>i); }

  toString(): string {
    return this.length == 0 ? "" : String.UTF8.decodeUnsafe(this.ptr, <usize>this.length);
  }

  equals(other: Utf8): bool {
    return this.length == other.length && memory.compare(this.ptr, other.ptr, <usize>this.length) == 0;
  }

  startsWith(other: Utf8): bool {
    return this.length >= other.length && memory.compare(this.ptr, other.ptr, <usize>other.length) == 0;
  }
}

// A string encoded once as UTF-8 (header names, metric names, constant bodies). Build these at configure
// time; on the request path they are passed to the host without any encoding work.
export class Utf8 {
  readonly bytes: ArrayBuffer;
  readonly length: i32;
  readonly text: string;
  constructor(text: string) {
    this.text = text;
    this.bytes = String.UTF8.encode(text);
    this.length = this.bytes.byteLength;
  }
  @inline get ptr(): usize { return changetype<usize>(this.bytes); }
  static fromBytes(ptr: usize, length: i32): Utf8 {
    return new Utf8(String.UTF8.decodeUnsafe(ptr, <usize>length));
  }
}

// Growable scratch area for strings encoded on the fly (log lines, dynamic header values).
// Reused across calls; grows to the largest message seen and stays there.
let scratchPtr: usize = 0;
let scratchCap: usize = 0;

export function scratch(size: usize): usize {
  if (size > scratchCap) {
    let cap: usize = scratchCap == 0 ? 256 : scratchCap;
    while (cap < size) cap <<= 1;
    // realloc keeps what is already encoded (a caller may be placing a second string after a first).
    scratchPtr = scratchPtr == 0 ? heap.alloc(cap) : heap.realloc(scratchPtr, cap);
    scratchCap = cap;
  }
  return scratchPtr;
}

// Encodes `s` as UTF-8 into the scratch area at `offset`; returns the number of bytes written.
// Callers using two strings at once place the second after the first.
export function encodeToScratch(s: string, offset: usize = 0): usize {
  const n = <usize>String.UTF8.byteLength(s, false);
  const base = scratch(offset + n);
  return String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, base + offset, false);
}

@inline export function scratchBase(): usize { return scratchPtr; }
