// One HTTP stream through the Wasm filter, with Envoy's filter-manager semantics (reference §1.3.3, §1.4,
// §3.3–§3.7): header/data/trailer callbacks, the 0–4 header status conversions, body buffering and the
// body_buffer_length rule, StopAll buffering in the filter manager, deferred local reply / continue / close,
// header-map windows, the buffer limit (413/500), and the failure policy when the VM traps.
import { BufferType, FilterDataStatus, FilterHeadersStatus, MapType, StreamType } from "./abi.ts";
import type { HeaderList } from "./pairs.ts";
import { Double, Int64, Uint64, headersToMap, peerStruct, type PropValue, type WorkloadIdentity } from "./properties.ts";
import { TRAPPED, type CallResult, type StreamContextState, type WasmVm } from "./vm.ts";
import type { PluginHost, RootContextImpl } from "./plugin.ts";

export interface StreamInfo {
  sourceAddress?: string; sourcePort?: number; destinationAddress?: string; destinationPort?: number;
  protocol?: "HTTP/1.0" | "HTTP/1.1" | "HTTP/2"; requestId?: string; mtls?: boolean;
  downstreamPeer?: WorkloadIdentity;
  upstreamPeer?: WorkloadIdentity;
  direction?: "inbound" | "outbound";
  dynamicMetadata?: Record<string, Record<string, unknown>>;
  peerPrincipal?: string;
}

export interface StreamSink {
  upstreamHeaders(headers: HeaderList, endStream: boolean): void;
  upstreamData(data: Uint8Array, endStream: boolean): void;
  upstreamTrailers(trailers: HeaderList): void;
  downstreamHeaders(headers: HeaderList, endStream: boolean): void;
  downstreamData(data: Uint8Array, endStream: boolean): void;
  downstreamTrailers(trailers: HeaderList): void;
  cancelUpstream(): void;
  reset(details: string): void;
}

export interface HttpStream {
  decodeHeaders(headers: HeaderList, endStream: boolean): void;
  decodeData(data: Uint8Array, endStream: boolean): void;
  decodeTrailers(trailers: HeaderList): void;
  encodeHeaders(headers: HeaderList, endStream: boolean): void;
  encodeData(data: Uint8Array, endStream: boolean): void;
  encodeTrailers(trailers: HeaderList): void;
  complete(): void;
  readonly id: number;
  readonly localReplySent: boolean;
  readonly responseCodeDetails?: string;
  // Milliseconds spent inside this stream's Wasm callbacks (the hostcalls they make included); 0 unless
  // the host was created with measureFilterTime.
  readonly filterTimeMs: number;
}

// Per direction (decoder = request, encoder = response).
class Direction {
  headers: HeaderList | undefined;
  trailers: HeaderList | undefined;
  headersWindow = false;        // the filter may read/write the headers now
  trailersWindow = false;
  headersHeld = false;          // not yet passed on
  trailersHeld = false;
  stopAll = 0;                  // 3 or 4 when headers returned StopAll*: data is buffered before the filter
  fmBuffer: Buffer[] = [];      // data buffered by the filter manager during StopAll
  fmBytes = 0;
  fmTrailers: HeaderList | undefined;
  body: Buffer | undefined;     // the body the current/paused body callback refers to
  buffering = false;            // the previous body callback returned StopIterationAndBuffer
  retained: Buffer[] = [];      // kept by StopIterationAndWatermark, passed on at the next Continue
  ended = false;                // end of stream seen from the source
  headersPassed = false;
  endPassed = false;
  bytes = 0;                    // body bytes received
  inBodyCallback = false;
}

type Mode = "filter" | "bypass" | "failclosed";

let nextConnectionId = 1;

export class HttpStreamImpl implements HttpStream, StreamContextState {
  readonly kind = "stream" as const;
  readonly id: number;
  readonly req = new Direction();
  readonly resp = new Direction();
  localReplySent = false;
  responseCodeDetails: string | undefined;
  private created = false;
  private completed = false;
  private resetSent = false;
  private inLog = false;
  private pendingLocalReply: { status: number; details: string; body: Buffer; headers: HeaderList; grpcStatus: number } | undefined;
  private pendingContinue = [false, false];
  private pendingClose = false;
  private props: Map<string, PropValue> | undefined;
  private readonly filterState: Record<string, PropValue> = {};
  // Plain numbers: BigInts are made only when request.time / request.duration are read.
  private readonly startMonotonicMs = performance.now();
  private readonly startWallMs = Date.now();
  private readonly connectionId = nextConnectionId++;
  vmTouched = false;
  filterTimeMs = 0;

  constructor(
    private readonly host: PluginHost,
    readonly vm: WasmVm | undefined,
    readonly root: RootContextImpl,
    private mode: Mode,
    private readonly sink: StreamSink,
    readonly info: StreamInfo,
  ) {
    this.id = vm && mode === "filter" ? vm.newContextId() : 0;
  }

  // ---- StreamContextState (what hostcalls see) -------------------------------------------------------

  headerMap(type: MapType, write: boolean): HeaderList | undefined {
    switch (type) {
      case MapType.HttpRequestHeaders:
        if (this.req.headersWindow) return this.req.headers;
        return this.inLog && !write ? this.req.headers : undefined;
      case MapType.HttpRequestTrailers:
        if (this.req.trailersWindow) return this.req.trailers;
        // Trailers can be added from the last body callback of a request that has none.
        if (write && this.req.inBodyCallback && this.req.ended && !this.req.trailers) { this.req.trailers = []; this.req.trailersWindow = true; return this.req.trailers; }
        return undefined; // not available in on_log either
      case MapType.HttpResponseHeaders:
        if (this.resp.headersWindow) return this.resp.headers;
        return this.inLog && !write ? this.resp.headers : undefined;
      case MapType.HttpResponseTrailers:
        if (this.resp.trailersWindow) return this.resp.trailers;
        if (write && this.resp.inBodyCallback && this.resp.ended && !this.resp.trailers) { this.resp.trailers = []; this.resp.trailersWindow = true; return this.resp.trailers; }
        return this.inLog && !write ? this.resp.trailers : undefined;
      default:
        return undefined;
    }
  }

  body(type: BufferType): Buffer | undefined {
    const d = type === BufferType.HttpRequestBody ? this.req : this.resp;
    if (d.inBodyCallback || d.buffering) return d.body;
    return undefined;
  }

  setBody(type: BufferType, data: Buffer): void {
    const d = type === BufferType.HttpRequestBody ? this.req : this.resp;
    d.body = data;
  }

  deferLocalReply(status: number, details: string, body: Buffer, headers: HeaderList, grpcStatus: number): void {
    if (!this.pendingLocalReply && !this.localReplySent) this.pendingLocalReply = { status, details, body, headers, grpcStatus };
  }
  deferContinue(type: StreamType): void { this.pendingContinue[type] = true; }
  deferClose(_type: StreamType): void { this.pendingClose = true; }

  setProperty(path: string, value: Buffer): void { this.filterState[`wasm.${path}`] = value; }

  // Top-level attributes are built on first use only: most requests read one or two of them.
  property(name: string): PropValue {
    if (name === "request" || name === "response") return this.dynamicProperty(name);
    // A Map, not an object: a name such as "constructor" or "__proto__" must be an unknown attribute.
    const cache = (this.props ??= new Map());
    if (cache.has(name)) return cache.get(name);
    const v = this.buildProperty(name);
    cache.set(name, v);
    return v;
  }

  private dynamicProperty(name: "request" | "response"): PropValue {
    return name === "request" ? this.requestProps() : this.responseProps();
  }

  private buildProperty(name: string): PropValue {
    const h = this.host;
    const info = this.info;
    switch (name) {
      case "request": case "response": return this.dynamicProperty(name);
      case "source": return { address: `${info.sourceAddress ?? "127.0.0.1"}:${info.sourcePort ?? 0}`, port: new Int64(BigInt(info.sourcePort ?? 0)) };
      case "destination": return { address: `${info.destinationAddress ?? "127.0.0.1"}:${info.destinationPort ?? 0}`, port: new Int64(BigInt(info.destinationPort ?? 0)) };
      case "connection": return {
        id: new Uint64(BigInt(this.connectionId)), mtls: info.mtls ?? false,
        ...(info.peerPrincipal ? { uri_san_peer_certificate: info.peerPrincipal } : {}),
      };
      case "connection_id": return new Uint64(BigInt(this.connectionId));
      case "xds": return {
        node: h.nodeMessage,
        listener_direction: new Int64(info.direction === "outbound" ? 2n : info.direction === "inbound" ? 1n : 0n),
        cluster_name: info.direction === "outbound" ? "outbound|80||upstream" : "inbound|80||",
      };
      case "metadata": return { filter_metadata: (info.dynamicMetadata ?? {}) as Record<string, PropValue> };
      case "filter_state": {
        if (info.downstreamPeer && !this.filterState.downstream_peer) this.filterState.downstream_peer = peerStruct(info.downstreamPeer);
        return this.filterState;
      }
      case "plugin_name": return h.pluginName;
      case "plugin_root_id": return h.rootId;
      case "plugin_vm_id": return h.vmId;
      case "node": return h.legacyNodeProperties ? h.nodeMessage : undefined;
      case "listener_direction": return h.legacyNodeProperties ? new Int64(info.direction === "outbound" ? 2n : info.direction === "inbound" ? 1n : 0n) : undefined;
      default: return Object.hasOwn(this.filterState, `wasm.${name}`) ? this.filterState[`wasm.${name}`] : undefined;
    }
  }

  private requestProps(): PropValue {
    const headers = this.req.headers;
    if (!headers || !(this.req.headersWindow || this.inLog)) return undefined;
    const map = headersToMap(headers);
    const path = map[":path"] ?? "";
    const q = path.indexOf("?");
    const out: Record<string, PropValue> = {
      path, url_path: q >= 0 ? path.slice(0, q) : path, query: q >= 0 ? path.slice(q + 1) : "",
      host: map[":authority"] ?? "", scheme: map[":scheme"] ?? "http", method: map[":method"] ?? "",
      headers: map, protocol: this.info.protocol ?? "HTTP/1.1", time: new Int64(BigInt(this.startWallMs) * 1_000_000n),
      size: new Int64(BigInt(map["content-length"] !== undefined ? Number(map["content-length"]) || 0 : this.req.bytes)),
      total_size: new Int64(BigInt(this.req.bytes + headers.reduce((n, [k, v]) => n + k.length + v.length + 4, 0))),
    };
    if (map.referer) out.referer = map.referer;
    if (map["user-agent"]) out.useragent = map["user-agent"];
    if (map["x-request-id"]) out.id = map["x-request-id"];
    if (this.inLog) out.duration = new Int64(BigInt(Math.round((performance.now() - this.startMonotonicMs) * 1e6)));
    return out;
  }

  private responseProps(): PropValue {
    const headers = this.resp.headers;
    const out: Record<string, PropValue> = {};
    const map = headersToMap(headers);
    if (map[":status"]) out.code = new Int64(BigInt(Number(map[":status"])));
    if (this.responseCodeDetails) out.code_details = this.responseCodeDetails;
    else if (map[":status"]) out.code_details = "via_upstream";
    if (headers && (this.resp.headersWindow || this.inLog)) out.headers = map;
    out.size = new Int64(BigInt(this.resp.bytes));
    out.flags = new Uint64(0n);
    return out;
  }

  // ---- decoder side (client -> upstream) ---------------------------------------------------------------

  decodeHeaders(headers: HeaderList, endStream: boolean): void {
    const d = this.req;
    d.headers = ownedHeaders(headers);
    d.ended = endStream;
    if (this.mode === "failclosed") { this.failStream(); return; }
    if (this.mode === "bypass") { this.passRequestHeaders(); return; }
    if (!this.ensureCreated()) return;
    d.headersWindow = true;
    const r = this.callFilter("proxy_on_request_headers", headers.length, endStream ? 1 : 0);
    if (r === TRAPPED) { this.onTrap("request_headers"); return; }
    const status = this.headersStatus(r);
    if (this.applyDeferred()) return;
    if (status === FilterHeadersStatus.Continue) { this.passRequestHeaders(); return; }
    d.headersHeld = true;
    if (status >= FilterHeadersStatus.StopAllIterationAndBuffer) d.stopAll = status;
  }

  decodeData(data: Uint8Array, endStream: boolean): void {
    const d = this.req;
    if (this.localReplySent || this.resetSent) return;
    const chunk = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    d.bytes += chunk.length;
    d.ended = endStream;
    if (this.mode !== "filter") { if (this.mode === "bypass") this.sink.upstreamData(chunk, endStream); return; }
    if (d.stopAll) {
      d.fmBuffer.push(chunk);
      d.fmBytes += chunk.length;
      if (d.stopAll === FilterHeadersStatus.StopAllIterationAndBuffer && d.fmBytes > this.host.bufferLimitBytes) this.requestTooLarge();
      return;
    }
    this.deliverBody(true, chunk, endStream);
  }

  decodeTrailers(trailers: HeaderList): void {
    const d = this.req;
    if (this.localReplySent || this.resetSent) return;
    d.trailers = ownedHeaders(trailers);
    d.ended = true;
    if (this.mode !== "filter") { if (this.mode === "bypass") this.sink.upstreamTrailers(d.trailers); return; }
    if (d.stopAll) { d.fmTrailers = d.trailers; return; }
    this.deliverTrailers(true);
  }

  // ---- encoder side (upstream -> client) -----------------------------------------------------------------

  encodeHeaders(headers: HeaderList, endStream: boolean): void {
    const d = this.resp;
    if (this.localReplySent || this.resetSent) return;
    d.headers = ownedHeaders(headers);
    d.ended = endStream;
    // Response callbacks are skipped while the VM context has not been created (reference §1.3.3).
    if (this.mode !== "filter" || !this.created || this.vm!.failed) { this.passResponseHeaders(); return; }
    d.headersWindow = true;
    const r = this.callFilter("proxy_on_response_headers", headers.length, endStream ? 1 : 0);
    if (r === TRAPPED) { this.onTrap("response_headers"); return; }
    const status = this.headersStatus(r);
    if (this.applyDeferred()) return;
    if (status === FilterHeadersStatus.Continue) { this.passResponseHeaders(); return; }
    d.headersHeld = true;
    if (status >= FilterHeadersStatus.StopAllIterationAndBuffer) d.stopAll = status;
  }

  encodeData(data: Uint8Array, endStream: boolean): void {
    const d = this.resp;
    if (this.localReplySent || this.resetSent) return;
    const chunk = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    d.bytes += chunk.length;
    d.ended = endStream;
    if (this.mode !== "filter" || !this.created || this.vm!.failed) { this.sink.downstreamData(chunk, endStream); if (endStream) d.endPassed = true; return; }
    if (d.stopAll) {
      d.fmBuffer.push(chunk);
      d.fmBytes += chunk.length;
      if (d.stopAll === FilterHeadersStatus.StopAllIterationAndBuffer && d.fmBytes > this.host.bufferLimitBytes) this.responseTooLarge();
      return;
    }
    this.deliverBody(false, chunk, endStream);
  }

  encodeTrailers(trailers: HeaderList): void {
    const d = this.resp;
    if (this.localReplySent || this.resetSent) return;
    d.trailers = ownedHeaders(trailers);
    d.ended = true;
    if (this.mode !== "filter" || !this.created || this.vm!.failed) { this.sink.downstreamTrailers(d.trailers); d.endPassed = true; return; }
    if (d.stopAll) { d.fmTrailers = d.trailers; return; }
    this.deliverTrailers(false);
  }

  // ---- teardown ------------------------------------------------------------------------------------------

  complete(): void {
    if (this.completed) return;
    this.completed = true;
    const vm = this.vm;
    if (this.mode === "filter" && vm && !vm.failed) {
      // An earlier short-circuit means the context is created from the log phase (reference §1.3.3).
      if (!this.created) this.ensureCreated();
      if (this.created && !vm.failed) {
        this.inLog = true;
        // upstream_peer is discovered after the Wasm filters on the response path: visible in on_log only
        // (set here, not in the property resolver, because resolved top-level properties are cached).
        if (this.info.upstreamPeer) this.filterState.upstream_peer = peerStruct(this.info.upstreamPeer);
        this.callFilter("proxy_on_log");
        this.inLog = false;
        if (!vm.failed) this.callFilter("proxy_on_done"); // return value ignored for streams
        if (!vm.failed) this.callFilter("proxy_on_delete");
      }
      vm.contexts.delete(this.id);
    }
    this.host.streamFinished(this);
  }

  // ---- internals ----------------------------------------------------------------------------------------

  private ensureCreated(): boolean {
    if (this.created) return true;
    const vm = this.vm!;
    vm.contexts.set(this.id, this);
    this.created = true;
    const r = vm.call("proxy_on_context_create", this, this.id, this.root.id);
    if (r === TRAPPED) { this.onTrap("context_create"); return false; }
    return true;
  }

  private callFilter(name: string, a = 0, b = 0): CallResult {
    return this.vm!.call(name, this, this.id, a, b);
  }

  private headersStatus(r: CallResult): number {
    const v = typeof r === "number" ? r : 0;
    if (v === FilterHeadersStatus.ContinueAndEndStream) return FilterHeadersStatus.Continue;
    if (v === FilterHeadersStatus.StopIteration) return this.host.allowOnHeadersStopIteration ? v : FilterHeadersStatus.StopAllIterationAndWatermark;
    if (v > FilterHeadersStatus.StopAllIterationAndWatermark) return FilterHeadersStatus.StopAllIterationAndWatermark;
    return v;
  }

  private deliverBody(request: boolean, chunk: Buffer, endStream: boolean): void {
    const d = request ? this.req : this.resp;
    // After StopIterationAndBuffer Envoy appends and reports the accumulated size; otherwise the chunk's.
    d.body = d.buffering && d.body ? Buffer.concat([d.body, chunk]) : chunk;
    if (d.buffering && d.body.length > this.host.bufferLimitBytes) { if (request) this.requestTooLarge(); else this.responseTooLarge(); return; }
    d.inBodyCallback = true;
    const r = this.callFilter(request ? "proxy_on_request_body" : "proxy_on_response_body", d.body.length, endStream ? 1 : 0);
    d.inBodyCallback = false;
    if (r === TRAPPED) { this.onTrap(request ? "request_body" : "response_body"); return; }
    let status = typeof r === "number" ? r : 0;
    if (status > FilterDataStatus.StopIterationNoBuffer) status = FilterDataStatus.StopIterationNoBuffer;
    if (this.pendingLocalReply || this.pendingClose) { d.buffering = false; this.applyDeferred(); return; }
    switch (status) {
      case FilterDataStatus.Continue:
        d.buffering = false;
        // Trailers the filter added from the last body callback go out after the body.
        if (d.ended && d.trailers && !d.endPassed) { d.trailersWindow = false; this.passTrailers(request); }
        else this.passBody(request);
        break;
      case FilterDataStatus.StopIterationAndBuffer:
        d.buffering = true;
        if (d.body.length > this.host.bufferLimitBytes) { if (request) this.requestTooLarge(); else this.responseTooLarge(); return; }
        break;
      case FilterDataStatus.StopIterationAndWatermark:
        d.buffering = false;
        d.retained.push(d.body);
        d.body = undefined;
        break;
      default: // StopIterationNoBuffer: the filter consumed the chunk
        d.buffering = false;
        d.body = undefined;
    }
    this.applyDeferred();
  }

  private deliverTrailers(request: boolean): void {
    const d = request ? this.req : this.resp;
    d.trailersWindow = true;
    const r = this.callFilter(request ? "proxy_on_request_trailers" : "proxy_on_response_trailers", d.trailers!.length);
    if (r === TRAPPED) { this.onTrap(request ? "request_trailers" : "response_trailers"); return; }
    const status = typeof r === "number" && r !== 0 ? 1 : 0;
    if (this.applyDeferred()) return;
    if (status === 0) { d.trailersWindow = false; this.passTrailers(request); }
    else d.trailersHeld = true;
  }

  // Passes what this direction holds, in order: headers, retained and buffered body, trailers.
  private passRequestHeaders(): void { this.passHeaders(true); }
  private passResponseHeaders(): void { this.passHeaders(false); }

  private passHeaders(request: boolean): void {
    const d = request ? this.req : this.resp;
    d.headersWindow = false;
    d.headersHeld = false;
    if (d.headersPassed) return;
    d.headersPassed = true;
    const end = d.ended && !d.body && d.retained.length === 0 && d.fmBuffer.length === 0 && !d.trailers;
    if (request) this.sink.upstreamHeaders(d.headers!, end);
    else this.sink.downstreamHeaders(d.headers!, end);
    if (end) d.endPassed = true;
  }

  private passBody(request: boolean): void {
    const d = request ? this.req : this.resp;
    if (!d.headersPassed) this.passHeaders(request);
    const retained = d.retained;
    const body = d.body;
    if (retained.length > 0) d.retained = [];
    d.body = undefined;
    const end = d.ended && !d.trailers && d.fmBuffer.length === 0;
    const count = retained.length + (body ? 1 : 0);
    if (count === 0 && !end) return;
    if (d.endPassed) return;
    // One buffer (the usual case) is passed on as it is, without an array or a copy.
    const data = count === 1 ? (body ?? retained[0]) : count === 0 ? Buffer.alloc(0) : Buffer.concat(body ? [...retained, body] : retained);
    if (request) this.sink.upstreamData(data, end); else this.sink.downstreamData(data, end);
    if (end) d.endPassed = true;
  }

  private passTrailers(request: boolean): void {
    const d = request ? this.req : this.resp;
    if (!d.headersPassed) this.passHeaders(request);
    if (d.body || d.retained.length) {
      const parts = [...d.retained, ...(d.body ? [d.body] : [])];
      d.retained = []; d.body = undefined;
      const data = Buffer.concat(parts);
      if (request) this.sink.upstreamData(data, false); else this.sink.downstreamData(data, false);
    }
    if (d.endPassed) return;
    d.endPassed = true;
    if (request) this.sink.upstreamTrailers(d.trailers!); else this.sink.downstreamTrailers(d.trailers!);
  }

  // Resumes a direction stopped by the filter (proxy_continue_stream, applied after the callback).
  private resume(request: boolean): void {
    const d = request ? this.req : this.resp;
    if (d.stopAll) {
      d.stopAll = 0;
      const buffered = d.fmBuffer;
      const trailers = d.fmTrailers;
      // Headers first, while the held body/trailers are still visible, so end_stream is set only when
      // nothing follows.
      this.passHeaders(request);
      d.fmBuffer = []; d.fmBytes = 0; d.fmTrailers = undefined;
      if (buffered.length === 0 && trailers) d.trailers = undefined; // delivered below
      // Envoy delivers what it buffered to this filter (iterate from the current filter).
      if (buffered.length > 0) this.deliverBody(request, Buffer.concat(buffered), d.ended && !trailers);
      if (trailers && !this.localReplySent && !this.resetSent) { d.trailers = trailers; this.deliverTrailers(request); }
      else if (buffered.length === 0 && d.ended && !d.endPassed && !trailers) this.passBody(request);
      return;
    }
    if (d.headersHeld) this.passHeaders(request);
    if (d.buffering || d.retained.length > 0) { d.buffering = false; this.passBody(request); }
    if (d.trailersHeld) { d.trailersHeld = false; d.trailersWindow = false; this.passTrailers(request); }
    else if (d.ended && !d.endPassed && !d.trailers) this.passBody(request);
  }

  // Applies what the callback asked for. Returns true when the stream was answered or reset.
  private applyDeferred(): boolean {
    const reply = this.pendingLocalReply;
    if (reply) {
      this.pendingLocalReply = undefined;
      this.pendingContinue[0] = this.pendingContinue[1] = false;
      this.sendLocalReply(reply.status, reply.details, reply.body, reply.headers, reply.grpcStatus, true);
      return true;
    }
    if (this.pendingClose) {
      this.pendingClose = false;
      this.doReset("wasm_close_stream");
      return true;
    }
    if (this.pendingContinue[0]) { this.pendingContinue[0] = false; this.req.headersWindow = false; this.resume(true); }
    if (this.pendingContinue[1]) { this.pendingContinue[1] = false; this.resume(false); }
    return this.localReplySent || this.resetSent;
  }

  // Called by the VM after a root callback (http-call response, tick, queue) touched this stream.
  flushDeferred(): void { if (!this.completed) this.applyDeferred(); }

  sendLocalReply(status: number, details: string, body: Buffer, pluginHeaders: HeaderList, grpcStatus: number, throughFilter: boolean): void {
    if (this.localReplySent || this.resetSent) return;
    this.localReplySent = true;
    this.responseCodeDetails ??= details;
    if (this.req.headersPassed && !this.req.endPassed) this.sink.cancelUpstream();
    else if (this.req.headersPassed) this.sink.cancelUpstream();
    if (this.resp.headersPassed) { this.doReset(details); return; }
    const reqMap = headersToMap(this.req.headers);
    const grpc = (reqMap["content-type"] ?? "").startsWith("application/grpc");
    let headers: HeaderList;
    let replyBody = body;
    if (grpc) {
      const plugin = headersToMap(pluginHeaders);
      const code = plugin["grpc-status"] ?? (grpcStatus <= 16 ? String(grpcStatus) : String(httpToGrpc(status)));
      headers = [[":status", "200"], ["content-type", "application/grpc"], ...pluginHeaders.filter(([k]) => k !== "grpc-status"), ["grpc-status", code]];
      if (body.length > 0) headers.push(["grpc-message", encodeURIComponent(body.toString())]);
      replyBody = Buffer.alloc(0);
    } else {
      headers = [[":status", String(status)], ...pluginHeaders.map(([k, v]) => [k.toLowerCase(), v] as [string, string])];
      if (body.length > 0) {
        if (!headers.some(([k]) => k === "content-type")) headers.push(["content-type", "text/plain"]);
        headers = headers.filter(([k]) => k !== "content-length");
        headers.push(["content-length", String(body.length)]);
      } else {
        headers = headers.filter(([k]) => k !== "content-length" && k !== "content-type");
      }
    }
    // The local reply is encoded through the filter chain, this filter included (reference §3.3; choice
    // recorded in host/CONFORMANCE.md). A trapped VM is not called.
    const d = this.resp;
    d.headers = headers;
    d.ended = replyBody.length === 0;
    const useFilter = throughFilter && this.mode === "filter" && this.created && !this.vm!.failed;
    if (useFilter) {
      d.headersWindow = true;
      this.callFilter("proxy_on_response_headers", headers.length, d.ended ? 1 : 0);
      d.headersWindow = false;
      this.pendingLocalReply = undefined; this.pendingContinue[1] = false;
    }
    this.sink.downstreamHeaders(d.headers, d.ended);
    d.headersPassed = true;
    if (replyBody.length > 0) {
      let out = replyBody;
      if (useFilter && !this.vm!.failed) {
        d.body = replyBody; d.inBodyCallback = true; d.ended = true;
        this.callFilter("proxy_on_response_body", replyBody.length, 1);
        d.inBodyCallback = false;
        out = d.body ?? replyBody;
        d.body = undefined;
      }
      this.sink.downstreamData(out, true);
    }
    d.endPassed = true;
  }

  private doReset(details: string): void {
    if (this.resetSent) return;
    this.resetSent = true;
    this.responseCodeDetails ??= details;
    if (this.req.headersPassed) this.sink.cancelUpstream();
    this.sink.reset(details);
  }

  private requestTooLarge(): void {
    this.sendLocalReply(413, "request_payload_too_large", Buffer.from("Payload Too Large"), [], 0xffffffff, true);
  }

  private responseTooLarge(): void {
    if (this.resp.headersPassed) { this.doReset("response_payload_too_large"); return; }
    this.sendLocalReply(500, "response_payload_too_large", Buffer.from("Internal Server Error"), [], 0xffffffff, true);
  }

  // The VM trapped in a callback of this stream (reference §3.7).
  private onTrap(stage: string): void {
    this.host.noteTrap(stage);
    if (this.host.failurePolicy === "FAIL_OPEN") {
      this.mode = "bypass";
      // The rest of the stream bypasses the plugin: pass on what was held at this point.
      if (stage === "request_headers" || stage === "context_create") { if (this.req.headers) this.passHeaders(true); }
      else if (stage === "request_body" || stage === "request_trailers") { this.req.buffering = false; if (this.req.trailers) this.passTrailers(true); else this.passBody(true); }
      else if (stage === "response_headers") this.passHeaders(false);
      else if (stage === "response_body" || stage === "response_trailers") { this.resp.buffering = false; if (this.resp.trailers) this.passTrailers(false); else this.passBody(false); }
      return;
    }
    this.failStream();
  }

  // Fail closed: 503 wasm_fail_stream (gRPC 14), not through the (dead) filter.
  private failStream(): void {
    this.mode = "failclosed";
    this.sendLocalReply(503, "wasm_fail_stream", Buffer.alloc(0), [], 14, false);
  }
}

// The stream's own copy of a header list (hostcalls edit it in place), names lowercased as Envoy stores them.
function ownedHeaders(headers: HeaderList): HeaderList {
  const out: HeaderList = new Array(headers.length);
  for (let i = 0; i < headers.length; i++) out[i] = [headers[i][0].toLowerCase(), headers[i][1]];
  return out;
}

function httpToGrpc(status: number): number {
  switch (status) {
    case 400: return 13; case 401: return 16; case 403: return 7; case 404: return 12; case 429: return 14;
    case 502: case 503: case 504: return 14; default: return 2;
  }
}

export { Double };
