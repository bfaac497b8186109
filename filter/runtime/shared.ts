// Shared data (CAS) and shared queues (reference §3.10, §3.11): process-wide across worker VMs.
import {
  WasmResult, proxy_dequeue_shared_queue, proxy_enqueue_shared_queue, proxy_get_shared_data,
  proxy_register_shared_queue, proxy_resolve_shared_queue, proxy_set_shared_data,
} from "./abi";
import { HostBytes, RET_PTR, RET_SIZE, RET_U32, Utf8 } from "./memory";

// Reads `key`; on success `out` holds the value and the returned CAS is > 0. Returns 0 when absent.
export function getSharedData(key: Utf8, out: HostBytes): u32 {
  const rc = proxy_get_shared_data(key.ptr, <usize>key.length, RET_PTR, RET_SIZE, RET_U32);
  if (rc != WasmResult.Ok) { out.release(); return 0; }
  out.takeReturned();
  return load<u32>(RET_U32);
}

// cas = 0 writes unconditionally; otherwise CasMismatch when someone wrote since the read.
export function setSharedData(key: Utf8, valuePtr: usize, valueLength: usize, cas: u32): WasmResult {
  return <WasmResult>proxy_set_shared_data(key.ptr, <usize>key.length, valuePtr, valueLength, cas);
}

export function registerSharedQueue(name: Utf8): u32 {
  return proxy_register_shared_queue(name.ptr, <usize>name.length, RET_U32) == WasmResult.Ok ? load<u32>(RET_U32) : 0;
}

export function resolveSharedQueue(vmId: Utf8, name: Utf8): u32 {
  return proxy_resolve_shared_queue(vmId.ptr, <usize>vmId.length, name.ptr, <usize>name.length, RET_U32) == WasmResult.Ok ? load<u32>(RET_U32) : 0;
}

export function enqueueSharedQueue(token: u32, dataPtr: usize, dataLength: usize): WasmResult {
  return <WasmResult>proxy_enqueue_shared_queue(token, dataPtr, dataLength);
}

// Ok with the item in `out`, Empty when drained, NotFound for an unknown queue.
export function dequeueSharedQueue(token: u32, out: HostBytes): WasmResult {
  const rc = <WasmResult>proxy_dequeue_shared_queue(token, RET_PTR, RET_SIZE);
  if (rc == WasmResult.Ok) out.takeReturned(); else out.release();
  return rc;
}
