// Stream control: local replies, resume, reset (reference §3.3, §3.4). All are deferred by Envoy until the
// current callback returns, and a local reply forces that callback's result to "stop".
import { GRPC_STATUS_UNSET, StreamType, WasmResult, proxy_close_stream, proxy_continue_stream, proxy_send_local_response } from "./abi";
import { PairsBuilder } from "./headers";
import { Utf8 } from "./memory";

export function sendLocalResponse(status: u32, details: Utf8, bodyPtr: usize, bodyLength: usize, headers: PairsBuilder | null, grpcStatus: u32 = GRPC_STATUS_UNSET): WasmResult {
  const headersPtr: usize = headers === null ? 0 : headers.ptr;
  const headersLength: usize = headers === null ? 0 : <usize>headers.length;
  return <WasmResult>proxy_send_local_response(status, details.ptr, <usize>details.length, bodyPtr, bodyLength, headersPtr, headersLength, grpcStatus);
}

export function continueRequest(): WasmResult { return <WasmResult>proxy_continue_stream(<u32>StreamType.HttpRequest); }
export function continueResponse(): WasmResult { return <WasmResult>proxy_continue_stream(<u32>StreamType.HttpResponse); }
export function closeRequest(): WasmResult { return <WasmResult>proxy_close_stream(<u32>StreamType.HttpRequest); }
export function closeResponse(): WasmResult { return <WasmResult>proxy_close_stream(<u32>StreamType.HttpResponse); }
