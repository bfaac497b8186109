// Body and configuration buffers (reference §2.5).
import { BufferType, WasmResult, proxy_get_buffer_bytes, proxy_get_buffer_status, proxy_set_buffer_bytes } from "./abi";
import { HostBytes, RET_PTR, RET_SIZE, RET_U32 } from "./memory";

// Reads up to `maxSize` bytes from `start`. An empty buffer reads as Ok with length 0.
export function getBuffer(type: BufferType, start: u32, maxSize: u32, out: HostBytes): bool {
  const rc = proxy_get_buffer_bytes(<u32>type, start, maxSize, RET_PTR, RET_SIZE);
  if (rc != WasmResult.Ok) { out.release(); return false; }
  out.takeReturned();
  return true;
}

// Length of a buffer, or -1 when it is not available in this callback.
export function bufferLength(type: BufferType): i64 {
  const rc = proxy_get_buffer_status(<u32>type, RET_U32, RET_SIZE);
  return rc == WasmResult.Ok ? <i64>load<u32>(RET_U32) : -1;
}

// Envoy's set semantics: start=0 drops `size` bytes then prepends; start>=length appends;
// anything in between is BadArgument. replaceBuffer/appendBuffer/prependBuffer name the three uses.
export function setBuffer(type: BufferType, start: u32, size: u32, dataPtr: usize, dataLength: usize): WasmResult {
  return <WasmResult>proxy_set_buffer_bytes(<u32>type, start, size, dataPtr, dataLength);
}

export function replaceBuffer(type: BufferType, currentLength: u32, dataPtr: usize, dataLength: usize): WasmResult {
  return setBuffer(type, 0, currentLength, dataPtr, dataLength);
}

export function prependBuffer(type: BufferType, dataPtr: usize, dataLength: usize): WasmResult {
  return setBuffer(type, 0, 0, dataPtr, dataLength);
}

export function appendBuffer(type: BufferType, currentLength: u32, dataPtr: usize, dataLength: usize): WasmResult {
  return setBuffer(type, currentLength, 0, dataPtr, dataLength);
}
