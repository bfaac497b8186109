// Base classes that filter code extends. Callbacks have Envoy's defaults (continue / true), so a filter
// overrides only what it needs. Context objects never call the ABI on their own behalf outside the
// callbacks the host is running, which is what Envoy requires (the host knows the current context).
import { BufferType, FilterDataStatus, FilterHeadersStatus, FilterTrailersStatus, WasmResult, proxy_done, proxy_set_effective_context } from "./abi";
import { getBuffer } from "./buffers";
import { HostBytes } from "./memory";

export class RootContext {
  readonly id: u32;
  // Set by the dispatcher from the `plugin_root_id` property when the context is created.
  rootId: string = "";
  constructor(id: u32) { this.id = id; }

  onVmStart(vmConfigurationSize: u32): bool { return true; }
  // Parse configuration here, once, into plain structs (see readPluginConfiguration).
  onConfigure(configurationSize: u32): bool { return true; }
  onTick(): void {}
  onQueueReady(queueId: u32): void {}
  // Return false to finish asynchronously (e.g. flush telemetry), then call done().
  onDone(): bool { return true; }
  onDelete(): void {}
  onForeignFunction(functionId: u32, argumentsSize: u32): void {}

  // Stream context for a new HTTP request; null means a pass-through context.
  createHttpContext(contextId: u32): HttpContext | null { return null; }

  // Plugin configuration bytes (only readable inside onConfigure, reference §2.5).
  readPluginConfiguration(out: HostBytes): bool {
    return getBuffer(BufferType.PluginConfiguration, 0, 0xffffffff, out);
  }

  readVmConfiguration(out: HostBytes): bool {
    return getBuffer(BufferType.VmConfiguration, 0, 0xffffffff, out);
  }

  // Completes an onDone that returned false. Must run inside a callback of this root context.
  done(): bool { return proxy_done() == WasmResult.Ok; }
}

export class HttpContext {
  readonly id: u32;
  readonly root: RootContext;
  constructor(id: u32, root: RootContext) { this.id = id; this.root = root; }

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus { return FilterHeadersStatus.Continue; }
  onRequestBody(bodyBufferLength: u32, endOfStream: bool): FilterDataStatus { return FilterDataStatus.Continue; }
  onRequestTrailers(trailerCount: u32): FilterTrailersStatus { return FilterTrailersStatus.Continue; }
  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus { return FilterHeadersStatus.Continue; }
  onResponseBody(bodyBufferLength: u32, endOfStream: bool): FilterDataStatus { return FilterDataStatus.Continue; }
  onResponseTrailers(trailerCount: u32): FilterTrailersStatus { return FilterTrailersStatus.Continue; }
  // Access-log phase: the stream is complete; request/response headers are readable again (read-only).
  onLog(): void {}
  onDone(): void {}
  onDelete(): void {}

  // Makes this stream the target of hostcalls made from a root callback (e.g. an http_call response that
  // decides to resume or reject this request). Lasts until the current callback returns.
  makeEffective(): bool { return proxy_set_effective_context(this.id) == WasmResult.Ok; }
}

export type RootContextFactory = (contextId: u32) => RootContext;
