// Outbound HTTP calls through a named cluster (reference §3.8). The response always arrives on the root
// context; the runtime routes it to the handler that made the call and, if the call was made for a stream
// that is still alive, makes that stream the effective context first.
import { WasmResult, proxy_get_status, proxy_http_call } from "./abi";
import { PairsBuilder } from "./headers";
import { HostBytes, RET_PTR, RET_SIZE, RET_U32, Utf8 } from "./memory";

export class HttpCallHandler {
  // numHeaders == 0 && bodySize == 0 && numTrailers == 0 with status BrokenConnection means the call failed.
  onHttpCallResponse(token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {}
}

class PendingCall {
  constructor(public handler: HttpCallHandler, public rootId: u32, public streamId: u32) {}
}

const pending = new Map<u32, PendingCall>();
let lastResult: WasmResult = WasmResult.Ok;

// Returns the token, or 0 when the host refused the call (see lastHttpCallResult()).
export function httpCall(
  rootId: u32, streamId: u32, cluster: Utf8, headers: PairsBuilder, bodyPtr: usize, bodyLength: usize,
  trailers: PairsBuilder | null, timeoutMs: u32, handler: HttpCallHandler,
): u32 {
  const trailersPtr: usize = trailers === null ? 0 : trailers.ptr;
  const trailersLength: usize = trailers === null ? 0 : <usize>trailers.length;
  lastResult = <WasmResult>proxy_http_call(cluster.ptr, <usize>cluster.length, headers.ptr, <usize>headers.length,
    bodyPtr, bodyLength, trailersPtr, trailersLength, timeoutMs, RET_U32);
  if (lastResult != WasmResult.Ok) return 0;
  const token = load<u32>(RET_U32);
  pending.set(token, new PendingCall(handler, rootId, streamId));
  return token;
}

export function lastHttpCallResult(): WasmResult { return lastResult; }
export function pendingHttpCalls(): i32 { return pending.size; }

// Status of the last callout on this root context: code (0 ok, 11 BrokenConnection) and message.
export function getCallStatus(message: HostBytes): u32 {
  if (proxy_get_status(RET_U32, RET_PTR, RET_SIZE) != WasmResult.Ok) { message.release(); return <u32>WasmResult.InternalFailure; }
  const code = load<u32>(RET_U32);
  message.takeReturned();
  return code;
}

// Dispatcher side. Returns the pending call (removed), or null for an unknown token.
export function takePendingCall(token: u32): PendingCall | null {
  if (!pending.has(token)) return null;
  const call = pending.get(token);
  pending.delete(token);
  return call;
}

// A root context going away: its calls will never be answered (Envoy cancels them).
export function forgetCallsOf(rootId: u32): void {
  const tokens = pending.keys();
  for (let i = 0; i < tokens.length; i++) {
    if (pending.get(tokens[i]).rootId == rootId) pending.delete(tokens[i]);
  }
}
