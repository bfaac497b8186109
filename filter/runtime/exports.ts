// Every export Envoy looks up in an ABI v0.2.1 module (reference §1.1, §1.2), with the exact wasm types.
// The entry file re-exports this module: `export * from "./runtime/exports";`.
// This is the only place that turns host callbacks into calls on context objects.
import "./abort";
import { FilterDataStatus, FilterHeadersStatus, FilterTrailersStatus, proxy_set_effective_context } from "./abi";
import { HttpContext } from "./context";
import { createRootContext, roots, streams } from "./registry";
import { forgetCallsOf, takePendingCall } from "./http-call";
import { refreshLogLevel } from "./log";
import { allocateForHost } from "./memory";

// ---- exports -----------------------------------------------------------------------------------------

export function proxy_abi_version_0_2_1(): void {}

// Envoy prefers `malloc`; other hosts look for proxy_on_memory_allocate. Same allocator behind both.
export function malloc(size: usize): usize { return allocateForHost(size); }
export function proxy_on_memory_allocate(size: usize): usize { return allocateForHost(size); }

export function proxy_on_context_create(contextId: u32, parentContextId: u32): void {
  if (parentContextId == 0) {
    refreshLogLevel();
    roots.set(contextId, createRootContext(contextId));
    return;
  }
  if (!roots.has(parentContextId)) return; // unknown root: callbacks for this stream pass through
  const root = roots.get(parentContextId);
  const created = root.createHttpContext(contextId);
  streams.set(contextId, created !== null ? created : new HttpContext(contextId, root));
}

export function proxy_on_vm_start(rootContextId: u32, vmConfigurationSize: u32): bool {
  if (!roots.has(rootContextId)) return true;
  return roots.get(rootContextId).onVmStart(vmConfigurationSize);
}

export function proxy_on_configure(rootContextId: u32, pluginConfigurationSize: u32): bool {
  refreshLogLevel();
  if (!roots.has(rootContextId)) return false;
  return roots.get(rootContextId).onConfigure(pluginConfigurationSize);
}

// Deprecated by Envoy and never called by the HTTP filter; accept.
export function proxy_validate_configuration(rootContextId: u32, configurationSize: u32): bool { return true; }

export function proxy_on_tick(rootContextId: u32): void {
  refreshLogLevel();
  if (roots.has(rootContextId)) roots.get(rootContextId).onTick();
}

export function proxy_on_queue_ready(rootContextId: u32, queueId: u32): void {
  if (roots.has(rootContextId)) roots.get(rootContextId).onQueueReady(queueId);
}

export function proxy_on_foreign_function(rootContextId: u32, functionId: u32, argumentsSize: u32): void {
  if (roots.has(rootContextId)) roots.get(rootContextId).onForeignFunction(functionId, argumentsSize);
}

export function proxy_on_http_call_response(rootContextId: u32, token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {
  const call = takePendingCall(token);
  if (call === null) return;
  // A call made for a stream that ended meanwhile is still delivered (Envoy does not cancel it), but
  // without an effective stream, so the handler cannot act on a stream that no longer exists.
  if (call.streamId != 0 && streams.has(call.streamId)) proxy_set_effective_context(call.streamId);
  call.handler.onHttpCallResponse(token, numHeaders, bodySize, numTrailers);
}

// gRPC is not used by l7guard; the exports exist so a host that calls them finds the right signature.
export function proxy_on_grpc_receive_initial_metadata(rootContextId: u32, token: u32, numElements: u32): void {}
export function proxy_on_grpc_receive(rootContextId: u32, token: u32, messageSize: u32): void {}
export function proxy_on_grpc_receive_trailing_metadata(rootContextId: u32, token: u32, numElements: u32): void {}
export function proxy_on_grpc_close(rootContextId: u32, token: u32, statusCode: u32): void {}

export function proxy_on_request_headers(contextId: u32, numHeaders: u32, endOfStream: bool): u32 {
  if (!streams.has(contextId)) return FilterHeadersStatus.Continue;
  return <u32>streams.get(contextId).onRequestHeaders(numHeaders, endOfStream);
}

export function proxy_on_request_body(contextId: u32, bodyBufferLength: u32, endOfStream: bool): u32 {
  if (!streams.has(contextId)) return FilterDataStatus.Continue;
  return <u32>streams.get(contextId).onRequestBody(bodyBufferLength, endOfStream);
}

export function proxy_on_request_trailers(contextId: u32, numTrailers: u32): u32 {
  if (!streams.has(contextId)) return FilterTrailersStatus.Continue;
  return <u32>streams.get(contextId).onRequestTrailers(numTrailers);
}

export function proxy_on_request_metadata(contextId: u32, numElements: u32): u32 { return 0; }

export function proxy_on_response_headers(contextId: u32, numHeaders: u32, endOfStream: bool): u32 {
  if (!streams.has(contextId)) return FilterHeadersStatus.Continue;
  return <u32>streams.get(contextId).onResponseHeaders(numHeaders, endOfStream);
}

export function proxy_on_response_body(contextId: u32, bodyBufferLength: u32, endOfStream: bool): u32 {
  if (!streams.has(contextId)) return FilterDataStatus.Continue;
  return <u32>streams.get(contextId).onResponseBody(bodyBufferLength, endOfStream);
}

export function proxy_on_response_trailers(contextId: u32, numTrailers: u32): u32 {
  if (!streams.has(contextId)) return FilterTrailersStatus.Continue;
  return <u32>streams.get(contextId).onResponseTrailers(numTrailers);
}

export function proxy_on_response_metadata(contextId: u32, numElements: u32): u32 { return 0; }

export function proxy_on_log(contextId: u32): void {
  if (streams.has(contextId)) streams.get(contextId).onLog();
}

// Streams: the return value is ignored by Envoy. Roots: false defers deletion until done() is called.
export function proxy_on_done(contextId: u32): bool {
  if (streams.has(contextId)) {
    streams.get(contextId).onDone();
    return true;
  }
  if (roots.has(contextId)) return roots.get(contextId).onDone();
  return true;
}

export function proxy_on_delete(contextId: u32): void {
  if (streams.has(contextId)) {
    const stream = streams.get(contextId);
    streams.delete(contextId);
    stream.onDelete();
    return;
  }
  if (roots.has(contextId)) {
    const root = roots.get(contextId);
    roots.delete(contextId);
    forgetCallsOf(contextId);
    root.onDelete();
  }
}

// Network-filter callbacks: l7guard is an HTTP filter; these keep the connection flowing if a host
// ever attaches the module as a network filter.
export function proxy_on_new_connection(contextId: u32): u32 { return 0; }
export function proxy_on_downstream_data(contextId: u32, dataSize: u32, endOfStream: bool): u32 { return 0; }
export function proxy_on_upstream_data(contextId: u32, dataSize: u32, endOfStream: bool): u32 { return 0; }
export function proxy_on_downstream_connection_close(contextId: u32, peerType: u32): void {}
export function proxy_on_upstream_connection_close(contextId: u32, peerType: u32): void {}

