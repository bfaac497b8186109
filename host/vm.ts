// One instantiated module (a worker VM in Envoy terms): its imports, memory access, context tracking,
// restricted phases and trap handling. Any trap marks the whole VM failed (reference §3.7); nothing is
// called into it again and the owner applies the failure policy.
import { randomFillSync } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";
import { BufferType, MapType, MetricType, StreamType, WasiErrno, WasmResult } from "./abi.ts";
import { decodePairs, headerBytes, headerPairsSize, utf8Length, writePairsAt, writeUtf8, type HeaderList } from "./pairs.ts";
import { encodeValue, lookup } from "./properties.ts";
import type { SharedState } from "./shared.ts";
import type { Stat } from "./stats.ts";
import type { ModuleInfo } from "./validate.ts";
import type { PluginRuntime } from "./plugin.ts";

// Callbacks may be absent (Envoy's default applies); a trap is reported as TRAPPED.
export const TRAPPED = Symbol("trapped");
export type CallResult = number | undefined | typeof TRAPPED;

const STARTUP_ALLOWED = new Set(["proxy_log", "fd_write", "args_sizes_get", "args_get", "environ_sizes_get", "environ_get",
  "fd_prestat_get", "fd_prestat_dir_name", "clock_time_get", "random_get", "fd_fdstat_get", "fd_fdstat_set_flags",
  "emscripten_notify_memory_growth"]);
const ALLOCATOR_ALLOWED = new Set(["proxy_log", "fd_write", "clock_time_get"]);

const enum Phase { Running = 0, Startup = 1, Allocator = 2 }

// What a hostcall may act on: a root context or an HTTP stream (implemented in plugin.ts / stream.ts).
export interface RootContextState {
  readonly kind: "root";
  readonly id: number;
  readonly plugin: PluginRuntime;
  tickPeriodMs: number;
  pendingDone: boolean;
  doneCalled: boolean;
  configurationReadable: boolean;
  lastCallStatus: { code: number; message: string };
  setTickPeriod(ms: number): void;
}

export interface StreamContextState {
  readonly kind: "stream";
  readonly id: number;
  readonly root: RootContextState;
  headerMap(type: MapType, write: boolean): HeaderList | undefined;   // undefined: outside its window
  body(type: BufferType): Buffer | undefined;                           // undefined: no body in this callback
  setBody(type: BufferType, data: Buffer): void;
  deferLocalReply(status: number, details: string, body: Buffer, headers: HeaderList, grpcStatus: number): void;
  deferContinue(type: StreamType): void;
  deferClose(type: StreamType): void;
  property(name: string): unknown;
  setProperty(path: string, value: Buffer): void;
  readonly vmTouched: boolean;
  // Time (ms) spent inside this stream's Wasm callbacks, hostcalls included; kept only when the host
  // measures it (PluginHostOptions.measureFilterTime).
  filterTimeMs: number;
}

type Context = RootContextState | StreamContextState;
// Buffer.prototype.utf8Slice: what Buffer#toString("utf8", start, end) calls after checking its arguments.
type Utf8Slicer = Buffer & { utf8Slice(start: number, end: number): string };

export interface HttpCallResponse { headers: HeaderList; body: Buffer; trailers: HeaderList }

export class WasmVm {
  readonly instance: WebAssembly.Instance;
  readonly memory: WebAssembly.Memory;
  private buf: ArrayBuffer;
  private u8: Uint8Array;
  private mb: Buffer;   // the same bytes as u8, for Buffer's string codecs
  private readonly sharedMemory: boolean;
  private dv: DataView;
  private readonly fns: Record<string, Function>;
  private readonly allocator: (size: number) => number;
  // Adds the time of each top-level stream callback to the stream's filterTimeMs (bench only).
  measureFilterTime = false;
  private phase: Phase = Phase.Startup;
  failed = false;
  failure = "";
  // The context of the running callback, and the one set by proxy_set_effective_context.
  active: Context | undefined;
  private effective: Context | undefined;
  readonly contexts = new Map<number, Context>();
  private nextContextId = 1;
  // Streams whose deferred actions must run once the current top-level callback returns.
  readonly touched = new Set<StreamContextState>();
  private depth = 0;
  // During proxy_on_http_call_response only.
  callResponse: HttpCallResponse | undefined;
  // During proxy_on_foreign_function only.
  callData: Buffer | undefined;
  private metricIds = new Map<number, Stat>();
  private nextMetric = [4, 5, 6];
  private nextHttpToken = 4;
  readonly env: Record<string, string>;

  constructor(
    module: WebAssembly.Module,
    info: ModuleInfo,
    readonly owner: {
      shared: SharedState; vmId: string; logLevel: number; vmConfiguration: Buffer;
      log(level: number, message: string, ctx: Context | undefined): void;
      httpCall(vm: WasmVm, root: RootContextState, token: number, cluster: string, headers: HeaderList, body: Buffer, trailers: HeaderList, timeoutMs: number): WasmResult;
      onVmFailed(vm: WasmVm): void;
      legacyNodeProperties: boolean;
      rootProperties(root: RootContextState): Record<string, any>;
    },
    env: Record<string, string>,
  ) {
    this.env = env;
    const imports = this.buildImports();
    this.instance = new WebAssembly.Instance(module, imports);
    const exp = this.instance.exports as Record<string, unknown>;
    let memory = Object.values(exp).find((v) => v instanceof WebAssembly.Memory) as WebAssembly.Memory | undefined;
    memory ??= this.importedMemory;
    if (!memory) throw new Error("module has no memory");
    this.memory = memory;
    this.buf = memory.buffer;
    this.u8 = new Uint8Array(this.buf);
    this.mb = Buffer.from(this.buf);
    this.dv = new DataView(this.buf);
    this.sharedMemory = typeof SharedArrayBuffer !== "undefined" && this.buf instanceof SharedArrayBuffer;
    this.fns = exp as Record<string, Function>;
    const alloc = exp[info.allocator] as (size: number) => number;
    this.allocator = alloc;
  }

  private importedMemory: WebAssembly.Memory | undefined;

  // ---- start-up and calls ---------------------------------------------------------------------------

  // _initialize (+ main) or _start, with only the start-up whitelist allowed (reference §1.1 item 7).
  start(): boolean {
    this.phase = Phase.Startup;
    let ok = true;
    if (this.fns._initialize) {
      ok = this.call("_initialize", undefined) !== TRAPPED;
      if (ok && this.fns.main) ok = this.call("main", undefined, 0, 0) !== TRAPPED;
      else if (ok && this.fns.__main_void) ok = this.call("__main_void", undefined) !== TRAPPED;
    } else if (this.fns._start) {
      ok = this.call("_start", undefined) !== TRAPPED;
    }
    this.phase = Phase.Running;
    return ok && !this.failed;
  }

  has(name: string): boolean { return typeof this.fns[name] === "function"; }

  newContextId(): number { return this.nextContextId++; }

  // Calls an export with `ctx` as the current context. Absent export: undefined. Trap: TRAPPED.
  // Fixed arity (no callback takes more than 5 arguments): a rest/spread call allocates every time, and
  // a Wasm function ignores arguments past its own.
  call(name: string, ctx: Context | undefined, a = 0, b = 0, c = 0, d = 0, e = 0): CallResult {
    if (this.failed) return TRAPPED;
    const fn = this.fns[name];
    if (typeof fn !== "function") return undefined;
    const prevActive = this.active;
    const prevEffective = this.effective;
    this.active = ctx;
    this.effective = undefined; // reset at the start of every host->guest callback
    const t0 = this.measureFilterTime && this.depth === 0 && ctx?.kind === "stream" ? performance.now() : -1;
    this.depth++;
    try {
      const r = fn(a, b, c, d, e);
      return typeof r === "number" ? r >>> 0 : 0;
    } catch (e) {
      this.fail(name, e);
      return TRAPPED;
    } finally {
      this.active = prevActive;
      this.effective = prevEffective;
      this.depth--;
      if (t0 >= 0) (ctx as StreamContextState).filterTimeMs += performance.now() - t0;
      if (this.depth === 0 && this.touched.size > 0 && !this.failed) this.flushTouched();
    }
  }

  // Deferred stream actions requested from a callback of another context (e.g. an http-call response
  // that resumes a stream after proxy_set_effective_context) run after that callback returns.
  flushTouchedHook: ((stream: StreamContextState) => void) | undefined;
  private flushTouched(): void {
    const list = [...this.touched];
    this.touched.clear();
    for (const s of list) this.flushTouchedHook?.(s);
  }

  private fail(name: string, e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const message = e instanceof Error ? e.message : String(e);
    this.failure = `Function: ${name} failed: ${message}`;
    this.owner.log(4, `Wasm VM failed ${this.failure}`, undefined);
    this.owner.onVmFailed(this);
  }

  // ---- memory helpers ---------------------------------------------------------------------------------

  // memory.grow detaches the previous ArrayBuffer (its views read length 0), so a cheap length check
  // replaces the Memory#buffer getter (a call into the engine) on every memory access. A shared memory
  // is never detached: it is asked every time.
  private view(): void {
    if (this.u8.length !== 0 && !this.sharedMemory) return;
    if (this.memory.buffer !== this.buf) {
      this.buf = this.memory.buffer;
      this.u8 = new Uint8Array(this.buf);
      this.mb = Buffer.from(this.buf);
      this.dv = new DataView(this.buf);
    }
  }

  private ok(ptr: number, size: number): boolean {
    this.view();
    // i32 arguments arrive signed: a negative one is an address of 2 GiB or more, past any memory.
    return ptr >= 0 && size >= 0 && ptr + size <= this.u8.length;
  }

  bytes(ptr: number, size: number): Uint8Array | undefined {
    if (size === 0) return new Uint8Array(0);
    if (!this.ok(ptr, size)) return undefined;
    return this.u8.subarray(ptr, ptr + size);
  }

  private str(ptr: number, size: number): string | undefined {
    if (size === 0) return "";
    if (!this.ok(ptr, size)) return undefined;
    return (this.mb as Utf8Slicer).utf8Slice(ptr, ptr + size); // toString's own worker, minus its argument checks
  }

  private u32(ptr: number, value: number): boolean {
    if (!this.ok(ptr, 4)) return false;
    this.dv.setUint32(ptr, value >>> 0, true);
    return true;
  }

  private u64(ptr: number, value: bigint): boolean {
    if (!this.ok(ptr, 8)) return false;
    this.dv.setBigUint64(ptr, BigInt.asUintN(64, value), true);
    return true;
  }

  // Copies `data` into guest memory allocated by the guest's allocator and writes ptr/size.
  private give(data: Uint8Array, ptrPtr: number, sizePtr: number): WasmResult {
    const ptr = this.reserve(data.length, ptrPtr, sizePtr);
    if (ptr < 0) return -ptr;
    if (data.length > 0) this.u8.set(data, ptr);
    return WasmResult.Ok;
  }

  // A string as UTF-8, encoded straight into guest memory.
  private giveString(value: string, ptrPtr: number, sizePtr: number): WasmResult {
    const size = utf8Length(value);
    const ptr = this.reserve(size, ptrPtr, sizePtr);
    if (ptr < 0) return -ptr;
    if (size > 0) writeUtf8(this.mb, ptr, value);
    return WasmResult.Ok;
  }

  // A header map as pairs, encoded straight into guest memory (no intermediate buffer).
  private giveHeaderPairs(map: HeaderList, ptrPtr: number, sizePtr: number): WasmResult {
    const size = headerPairsSize(map);
    const ptr = this.reserve(size, ptrPtr, sizePtr);
    if (ptr < 0) return -ptr;
    writePairsAt(this.mb, ptr, map);
    return WasmResult.Ok;
  }

  // Allocates `size` bytes with the guest's allocator and writes ptr/size; returns the pointer, or a
  // negated WasmResult. Views are current afterwards (the allocator may grow memory).
  private reserve(size: number, ptrPtr: number, sizePtr: number): number {
    if (!this.ok(ptrPtr, 4) || !this.ok(sizePtr, 4)) return -WasmResult.InvalidMemoryAccess;
    if (size === 0) { this.u32(ptrPtr, 0); this.u32(sizePtr, 0); return 0; }
    const prev = this.phase;
    this.phase = Phase.Allocator;
    let ptr: number;
    try { ptr = this.allocator(size) >>> 0; } finally { this.phase = prev; }
    if (ptr === 0 || !this.ok(ptr, size)) return -WasmResult.InvalidMemoryAccess;
    this.u32(ptrPtr, ptr);
    this.u32(sizePtr, size);
    return ptr;
  }

  private restricted(name: string): void {
    const allowed = this.phase === Phase.Startup ? STARTUP_ALLOWED : ALLOCATOR_ALLOWED;
    if (!allowed.has(name)) throw new Error(`restricted_callback: ${name} is not allowed ${this.phase === Phase.Startup ? "during VM start-up" : "while the host calls the allocator"}`);
  }

  private target(): Context | undefined { return this.effective ?? this.active; }
  private stream(): StreamContextState | undefined { const t = this.target(); return t?.kind === "stream" ? t : undefined; }
  private root(): RootContextState | undefined { const t = this.target(); return t?.kind === "stream" ? t.root : t; }

  // ---- imports ------------------------------------------------------------------------------------------

  private buildImports(): WebAssembly.Imports {
    const vm = this;
    // Fixed-arity wrappers: a rest/spread wrapper would allocate on every hostcall.
    const guard = <T extends (...a: any[]) => number | void>(name: string, fn: T): T => {
      const f = fn as any;
      const check = () => { if (vm.phase !== Phase.Running) vm.restricted(name); };
      switch (fn.length) {
        case 0: return ((() => { check(); return f(); }) as unknown) as T;
        case 1: return (((a: any) => { check(); return f(a); }) as unknown) as T;
        case 2: return (((a: any, b: any) => { check(); return f(a, b); }) as unknown) as T;
        case 3: return (((a: any, b: any, c: any) => { check(); return f(a, b, c); }) as unknown) as T;
        case 4: return (((a: any, b: any, c: any, d: any) => { check(); return f(a, b, c, d); }) as unknown) as T;
        case 5: return (((a: any, b: any, c: any, d: any, e: any) => { check(); return f(a, b, c, d, e); }) as unknown) as T;
        default: return (((...a: any[]) => { check(); return f(...a); }) as unknown) as T;
      }
    };

    const env: Record<string, Function> = {
      proxy_log: guard("proxy_log", (level: number, ptr: number, size: number) => {
        if (level > 5) return WasmResult.BadArgument;
        const msg = vm.str(ptr, size);
        if (msg === undefined) return WasmResult.InvalidMemoryAccess;
        if (level >= vm.owner.logLevel) vm.owner.log(level, msg, vm.active);
        return WasmResult.Ok;
      }),
      proxy_get_log_level: guard("proxy_get_log_level", (ptr: number) => (vm.u32(ptr, vm.owner.logLevel) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess)),
      proxy_get_current_time_nanoseconds: guard("proxy_get_current_time_nanoseconds", (ptr: number) =>
        (vm.u64(ptr, BigInt(Date.now()) * 1_000_000n + BigInt(Math.floor((performance.now() % 1) * 1e6))) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess)),
      proxy_set_tick_period_milliseconds: guard("proxy_set_tick_period_milliseconds", (ms: number) => {
        const r = vm.root();
        if (r) r.setTickPeriod(ms >>> 0);
        return WasmResult.Ok;
      }),

      proxy_get_buffer_bytes: guard("proxy_get_buffer_bytes", (type: number, start: number, max: number, ptrPtr: number, sizePtr: number) => {
        const b = vm.buffer(type);
        if (b === null) return WasmResult.NotFound;
        if (b === "bad") return WasmResult.BadArgument;
        start >>>= 0; max >>>= 0;
        const data = b ?? Buffer.alloc(0);
        if (start > data.length) return vm.give(new Uint8Array(0), ptrPtr, sizePtr);
        const end = Math.min(data.length, start + max);
        return vm.give(data.subarray(start, end), ptrPtr, sizePtr);
      }),
      proxy_get_buffer_status: guard("proxy_get_buffer_status", (type: number, lenPtr: number, flagsPtr: number) => {
        const b = vm.buffer(type);
        if (b === null || b === "bad") return b === "bad" ? WasmResult.BadArgument : WasmResult.NotFound;
        if (b === undefined) return WasmResult.NotFound;
        if (!vm.u32(lenPtr, b.length) || !vm.u32(flagsPtr, 0)) return WasmResult.InvalidMemoryAccess;
        return WasmResult.Ok;
      }),
      proxy_set_buffer_bytes: guard("proxy_set_buffer_bytes", (type: number, start: number, size: number, ptr: number, len: number) => {
        if (type > BufferType.CallData) return WasmResult.BadArgument;
        if (type !== BufferType.HttpRequestBody && type !== BufferType.HttpResponseBody) return WasmResult.BadArgument;
        const s = vm.stream();
        const current = s?.body(type);
        if (!s || current === undefined) return WasmResult.BadArgument;
        const data = vm.bytes(ptr, len);
        if (data === undefined) return WasmResult.InvalidMemoryAccess;
        start >>>= 0; size >>>= 0;
        // One allocation and one copy per side (Buffer.from + Buffer.concat copied the guest's bytes twice).
        let next: Buffer;
        if (start === 0) {
          const keep = Math.min(size, current.length);
          next = Buffer.allocUnsafe(data.length + current.length - keep);
          next.set(data, 0);
          if (keep < current.length) next.set(current.subarray(keep), data.length);
        } else if (start >= current.length) {
          next = Buffer.allocUnsafe(current.length + data.length);
          next.set(current, 0);
          next.set(data, current.length);
        } else return WasmResult.BadArgument; // no mid-buffer edit in Envoy
        s.setBody(type, next);
        return WasmResult.Ok;
      }),

      proxy_get_header_map_pairs: guard("proxy_get_header_map_pairs", (type: number, ptrPtr: number, sizePtr: number) => {
        if (type > MapType.HttpCallResponseTrailers) return WasmResult.BadArgument;
        const map = vm.map(type, false);
        if (!map || map.length === 0) return vm.give(new Uint8Array(0), ptrPtr, sizePtr); // unavailable: empty
        return vm.giveHeaderPairs(map, ptrPtr, sizePtr);
      }),
      proxy_set_header_map_pairs: guard("proxy_set_header_map_pairs", (type: number, ptr: number, size: number) => {
        if (type > MapType.HttpCallResponseTrailers || type >= MapType.GrpcReceiveInitialMetadata) return WasmResult.BadArgument;
        const map = vm.map(type, true);
        if (!map) return WasmResult.BadArgument;
        const data = ptr === 0 || size === 0 ? new Uint8Array(0) : vm.bytes(ptr, size);
        if (data === undefined) return WasmResult.InvalidMemoryAccess;
        const next = decodePairs(data).map(([k, v]) => [k.toLowerCase(), v] as [string, string]);
        map.splice(0, map.length, ...next);
        return WasmResult.Ok;
      }),
      proxy_get_header_map_size: guard("proxy_get_header_map_size", (type: number, sizePtr: number) => {
        if (type > MapType.HttpCallResponseTrailers) return WasmResult.BadArgument;
        const map = vm.map(type, false);
        if (!map) return WasmResult.BadArgument;
        return vm.u32(sizePtr, headerBytes(map)) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
      }),
      proxy_get_header_map_value: guard("proxy_get_header_map_value", (type: number, kPtr: number, kLen: number, ptrPtr: number, sizePtr: number) => {
        if (type > MapType.HttpCallResponseTrailers) return WasmResult.BadArgument;
        const key = vm.str(kPtr, kLen);
        if (key === undefined) return WasmResult.InvalidMemoryAccess;
        const map = vm.map(type, false);
        if (!map) return WasmResult.BadArgument;
        const k = key.toLowerCase();
        for (let i = 0; i < map.length; i++) if (map[i][0] === k) return vm.giveString(map[i][1], ptrPtr, sizePtr);
        return WasmResult.NotFound;
      }),
      proxy_add_header_map_value: guard("proxy_add_header_map_value", (type: number, kPtr: number, kLen: number, vPtr: number, vLen: number) => {
        const kv = vm.keyValue(type, kPtr, kLen, vPtr, vLen);
        if (typeof kv === "number") return kv;
        kv.map.push([kv.key, kv.value]);
        return WasmResult.Ok;
      }),
      proxy_replace_header_map_value: guard("proxy_replace_header_map_value", (type: number, kPtr: number, kLen: number, vPtr: number, vLen: number) => {
        const kv = vm.keyValue(type, kPtr, kLen, vPtr, vLen);
        if (typeof kv === "number") return kv;
        // Envoy setCopy: the first entry takes the value, further duplicates are removed (reference §5 item 7).
        const map = kv.map, key = kv.key;
        let i = 0;
        while (i < map.length && map[i][0] !== key) i++;
        if (i === map.length) map.push([key, kv.value]);
        else {
          map[i] = [key, kv.value];
          for (let j = map.length - 1; j > i; j--) if (map[j][0] === key) map.splice(j, 1);
        }
        return WasmResult.Ok;
      }),
      proxy_remove_header_map_value: guard("proxy_remove_header_map_value", (type: number, kPtr: number, kLen: number) => {
        if (type > MapType.HttpCallResponseTrailers || type >= MapType.GrpcReceiveInitialMetadata) return WasmResult.BadArgument;
        const key = vm.str(kPtr, kLen);
        if (key === undefined) return WasmResult.InvalidMemoryAccess;
        const map = vm.map(type, true);
        if (!map) return WasmResult.BadArgument;
        const k = key.toLowerCase();
        for (let j = map.length - 1; j >= 0; j--) if (map[j][0] === k) map.splice(j, 1);
        return WasmResult.Ok;
      }),

      proxy_continue_stream: guard("proxy_continue_stream", (type: number) => {
        if (type > StreamType.Upstream) return WasmResult.BadArgument;
        if (type === StreamType.Upstream) return WasmResult.Unimplemented;
        const s = vm.stream();
        if (s && type <= StreamType.HttpResponse) { s.deferContinue(type); vm.touched.add(s); }
        return WasmResult.Ok;
      }),
      proxy_close_stream: guard("proxy_close_stream", (type: number) => {
        if (type > StreamType.Upstream) return WasmResult.BadArgument;
        const s = vm.stream();
        if (s) { s.deferClose(type); vm.touched.add(s); }
        return WasmResult.Ok;
      }),
      proxy_send_local_response: guard("proxy_send_local_response", (status: number, dPtr: number, dLen: number, bPtr: number, bLen: number, hPtr: number, hLen: number, grpc: number) => {
        const details = vm.str(dPtr, dLen);
        const body = vm.bytes(bPtr, bLen);
        const headers = hPtr === 0 || hLen === 0 ? new Uint8Array(0) : vm.bytes(hPtr, hLen);
        if (details === undefined || body === undefined || headers === undefined) return WasmResult.InvalidMemoryAccess;
        const s = vm.stream();
        if (!s) return WasmResult.Ok; // pure root context: silent no-op
        s.deferLocalReply(status >>> 0, details.replace(/\s/g, "_"), Buffer.from(body), decodePairs(headers), grpc >>> 0);
        vm.touched.add(s);
        return WasmResult.Ok;
      }),

      proxy_http_call: guard("proxy_http_call", (uPtr: number, uLen: number, hPtr: number, hLen: number, bPtr: number, bLen: number, tPtr: number, tLen: number, timeout: number, tokenPtr: number) => {
        const cluster = vm.str(uPtr, uLen);
        const headers = hPtr === 0 || hLen === 0 ? new Uint8Array(0) : vm.bytes(hPtr, hLen);
        const body = vm.bytes(bPtr, bLen);
        const trailers = tPtr === 0 || tLen === 0 ? new Uint8Array(0) : vm.bytes(tPtr, tLen);
        if (cluster === undefined || headers === undefined || body === undefined || trailers === undefined || !vm.ok(tokenPtr, 4)) return WasmResult.InvalidMemoryAccess;
        const root = vm.root();
        if (!root) return WasmResult.BadArgument;
        if (timeout >>> 0 >= 2 ** 31) return WasmResult.BadArgument;
        const token = vm.nextHttpToken;
        const r = vm.owner.httpCall(vm, root, token, cluster, decodePairs(headers), Buffer.from(body), decodePairs(trailers), timeout >>> 0);
        if (r !== WasmResult.Ok) return r;
        vm.nextHttpToken += 4;
        vm.u32(tokenPtr, token);
        return WasmResult.Ok;
      }),
      proxy_get_status: guard("proxy_get_status", (codePtr: number, mPtrPtr: number, mSizePtr: number) => {
        const root = vm.root();
        const status = root?.lastCallStatus ?? { code: 0, message: "" };
        if (!vm.u32(codePtr, status.code)) return WasmResult.InvalidMemoryAccess;
        return vm.give(Buffer.from(status.message), mPtrPtr, mSizePtr);
      }),
      // gRPC: l7guard's host has no gRPC clusters (reference §3.9 codes).
      proxy_grpc_call: guard("proxy_grpc_call", () => WasmResult.ParseFailure),
      proxy_grpc_stream: guard("proxy_grpc_stream", () => WasmResult.ParseFailure),
      proxy_grpc_send: guard("proxy_grpc_send", () => WasmResult.NotFound),
      proxy_grpc_cancel: guard("proxy_grpc_cancel", () => WasmResult.NotFound),
      proxy_grpc_close: guard("proxy_grpc_close", () => WasmResult.NotFound),

      proxy_get_shared_data: guard("proxy_get_shared_data", (kPtr: number, kLen: number, vPtrPtr: number, vSizePtr: number, casPtr: number) => {
        const key = vm.str(kPtr, kLen);
        if (key === undefined) return WasmResult.InvalidMemoryAccess;
        const v = vm.owner.shared.getData(vm.owner.vmId, key);
        if (!v) return WasmResult.NotFound;
        if (!vm.u32(casPtr, v.cas)) return WasmResult.InvalidMemoryAccess;
        return vm.give(v.value, vPtrPtr, vSizePtr);
      }),
      proxy_set_shared_data: guard("proxy_set_shared_data", (kPtr: number, kLen: number, vPtr: number, vLen: number, cas: number) => {
        const key = vm.str(kPtr, kLen);
        const value = vm.bytes(vPtr, vLen);
        if (key === undefined || value === undefined) return WasmResult.InvalidMemoryAccess;
        return vm.owner.shared.setData(vm.owner.vmId, key, Buffer.from(value), cas >>> 0);
      }),
      proxy_register_shared_queue: guard("proxy_register_shared_queue", (nPtr: number, nLen: number, tokenPtr: number) => {
        const name = vm.str(nPtr, nLen);
        if (name === undefined) return WasmResult.InvalidMemoryAccess;
        const root = vm.root();
        if (!root) return WasmResult.InternalFailure;
        const token = vm.owner.shared.registerQueue(vm.owner.vmId, name, { deliver: (t) => root.plugin.deliverQueueReady(vm, root, t) });
        return vm.u32(tokenPtr, token) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
      }),
      proxy_resolve_shared_queue: guard("proxy_resolve_shared_queue", (vPtr: number, vLen: number, nPtr: number, nLen: number, tokenPtr: number) => {
        const vmId = vm.str(vPtr, vLen);
        const name = vm.str(nPtr, nLen);
        if (vmId === undefined || name === undefined) return WasmResult.InvalidMemoryAccess;
        const token = vm.owner.shared.resolveQueue(vmId === "" ? vm.owner.vmId : vmId, name);
        if (token === undefined) return WasmResult.NotFound;
        return vm.u32(tokenPtr, token) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
      }),
      proxy_enqueue_shared_queue: guard("proxy_enqueue_shared_queue", (token: number, vPtr: number, vLen: number) => {
        const value = vm.bytes(vPtr, vLen);
        if (value === undefined) return WasmResult.InvalidMemoryAccess;
        return vm.owner.shared.enqueue(token >>> 0, Buffer.from(value));
      }),
      proxy_dequeue_shared_queue: guard("proxy_dequeue_shared_queue", (token: number, ptrPtr: number, sizePtr: number) => {
        const r = vm.owner.shared.dequeue(token >>> 0);
        if (r.result !== WasmResult.Ok) return r.result;
        return vm.give(r.value!, ptrPtr, sizePtr);
      }),

      proxy_define_metric: guard("proxy_define_metric", (type: number, nPtr: number, nLen: number, idPtr: number) => {
        if (type > MetricType.Histogram) return WasmResult.BadArgument;
        const name = vm.str(nPtr, nLen);
        if (name === undefined) return WasmResult.InvalidMemoryAccess;
        const kind = type === MetricType.Counter ? "counter" : type === MetricType.Gauge ? "gauge" : "histogram";
        const stat = vm.owner.shared.stats.get(`wasmcustom.${name}`, kind);
        // Every call returns a new id, even for an existing name; low 2 bits encode the kind.
        const id = vm.nextMetric[type];
        vm.nextMetric[type] += 4;
        vm.metricIds.set(id, stat);
        return vm.u32(idPtr, id) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
      }),
      proxy_increment_metric: guard("proxy_increment_metric", (id: number, delta: bigint) => {
        const stat = vm.metricIds.get(id >>> 0);
        if (!stat) return (id & 3) === 3 ? WasmResult.BadArgument : WasmResult.NotFound;
        if (stat.kind === "histogram") return WasmResult.BadArgument;
        if (stat.kind === "counter") {
          if (delta <= 0n) return WasmResult.BadArgument;
          stat.value += delta;
        } else {
          stat.value = BigInt.asUintN(64, stat.value + delta);
        }
        return WasmResult.Ok;
      }),
      proxy_record_metric: guard("proxy_record_metric", (id: number, value: bigint) => {
        const stat = vm.metricIds.get(id >>> 0);
        if (!stat) return (id & 3) === 3 ? WasmResult.BadArgument : WasmResult.NotFound;
        const v = BigInt.asUintN(64, value);
        if (stat.kind === "counter") stat.value += v;       // counter: adds (reference §0.4)
        else if (stat.kind === "gauge") stat.value = v;
        else stat.record(Number(v));
        return WasmResult.Ok;
      }),
      proxy_get_metric: guard("proxy_get_metric", (id: number, ptr: number) => {
        const stat = vm.metricIds.get(id >>> 0);
        if (!stat) return (id & 3) === 3 ? WasmResult.BadArgument : WasmResult.NotFound;
        if (stat.kind === "histogram") return WasmResult.BadArgument;
        return vm.u64(ptr, stat.value) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
      }),

      proxy_get_property: guard("proxy_get_property", (pPtr: number, pLen: number, ptrPtr: number, sizePtr: number) => {
        const path = vm.str(pPtr, pLen);
        if (path === undefined) return WasmResult.InvalidMemoryAccess;
        const segments = path.split("\0");
        const t = vm.target();
        if (!t) return WasmResult.NotFound;
        const rootProps = t.kind === "root" ? vm.owner.rootProperties(t) : undefined;
        const top = rootProps === undefined ? (t as StreamContextState).property(segments[0]) : Object.hasOwn(rootProps, segments[0]) ? rootProps[segments[0]] : undefined;
        const v = segments.length === 1 ? top : lookup(top, segments);
        if (v === undefined) return WasmResult.NotFound;
        if (typeof v === "string") return vm.giveString(v, ptrPtr, sizePtr); // the common case, without a copy
        const bytes = encodeValue(v);
        if (bytes === undefined) return WasmResult.SerializationFailure;
        return vm.give(bytes, ptrPtr, sizePtr);
      }),
      proxy_set_property: guard("proxy_set_property", (pPtr: number, pLen: number, vPtr: number, vLen: number) => {
        const path = vm.str(pPtr, pLen);
        const value = vm.bytes(vPtr, vLen);
        if (path === undefined || value === undefined) return WasmResult.InvalidMemoryAccess;
        const s = vm.stream();
        if (!s) return WasmResult.NotFound;
        s.setProperty(path.split("\0").join("."), Buffer.from(value));
        return WasmResult.Ok;
      }),

      proxy_set_effective_context: guard("proxy_set_effective_context", (id: number) => {
        const c = vm.contexts.get(id >>> 0);
        if (!c) return WasmResult.BadArgument;
        vm.effective = c;
        return WasmResult.Ok;
      }),
      proxy_done: guard("proxy_done", () => {
        const r = vm.target();
        if (!r || r.kind !== "root" || !r.pendingDone) return WasmResult.NotFound;
        r.doneCalled = true;
        return WasmResult.Ok;
      }),
      proxy_call_foreign_function: guard("proxy_call_foreign_function", (nPtr: number, nLen: number, aPtr: number, aLen: number, rPtrPtr: number, rSizePtr: number) => {
        const name = vm.str(nPtr, nLen);
        const args = vm.bytes(aPtr, aLen);
        if (name === undefined || args === undefined) return WasmResult.InvalidMemoryAccess;
        let result: Uint8Array;
        try {
          if (name === "compress") result = deflateSync(args);
          else if (name === "uncompress") result = inflateSync(args);
          else if (name === "clear_route_cache") result = new Uint8Array(0);
          else return WasmResult.NotFound;
        } catch { return WasmResult.SerializationFailure; }
        if (rPtrPtr === 0 || rSizePtr === 0) return WasmResult.Ok;
        return vm.give(result, rPtrPtr, rSizePtr);
      }),
      emscripten_notify_memory_growth: guard("emscripten_notify_memory_growth", () => { vm.view(); }),
      pthread_equal: guard("pthread_equal", (a: number, b: number) => (a === b ? 1 : 0)),
    };

    const wasi: Record<string, Function> = {
      fd_write: guard("fd_write", (fd: number, iovs: number, iovsLen: number, nwrittenPtr: number) => {
        if (fd !== 1 && fd !== 2) return WasiErrno.Badf;
        if (!vm.ok(iovs, iovsLen * 8)) return WasiErrno.Fault;
        const parts: Buffer[] = [];
        let total = 0;
        for (let i = 0; i < iovsLen; i++) {
          const p = vm.dv.getUint32(iovs + 8 * i, true);
          const n = vm.dv.getUint32(iovs + 8 * i + 4, true);
          const b = vm.bytes(p, n);
          if (b === undefined) return WasiErrno.Fault;
          parts.push(Buffer.from(b));
          total += n;
        }
        let text = Buffer.concat(parts).toString("utf8");
        if (text.endsWith("\n")) text = text.slice(0, -1);
        if (text.length > 0) { const level = fd === 1 ? 2 : 4; if (level >= vm.owner.logLevel) vm.owner.log(level, text, vm.active); }
        return vm.u32(nwrittenPtr, total) ? WasiErrno.Success : WasiErrno.Fault;
      }),
      fd_read: guard("fd_read", () => WasiErrno.Nosys),
      fd_seek: guard("fd_seek", () => { vm.owner.log(0, "wasi_unstable fd_seek", vm.active); return WasiErrno.Success; }),
      fd_close: guard("fd_close", () => { vm.owner.log(0, "wasi_unstable fd_close", vm.active); return WasiErrno.Success; }),
      fd_fdstat_get: guard("fd_fdstat_get", (fd: number, ptr: number) => {
        if (fd !== 1 && fd !== 2) return WasiErrno.Badf;
        if (!vm.ok(ptr, 24)) return WasiErrno.Fault;
        vm.u8.fill(0, ptr, ptr + 24);
        vm.dv.setBigUint64(ptr + 8, 64n, true); // rights_base = FD_WRITE
        return WasiErrno.Success;
      }),
      fd_fdstat_set_flags: guard("fd_fdstat_set_flags", () => WasiErrno.Nosys),
      fd_prestat_get: guard("fd_prestat_get", () => WasiErrno.Badf),
      fd_prestat_dir_name: guard("fd_prestat_dir_name", () => WasiErrno.Nosys),
      path_open: guard("path_open", () => WasiErrno.Noent),
      environ_sizes_get: guard("environ_sizes_get", (countPtr: number, sizePtr: number) => {
        const entries = Object.entries(vm.env);
        const size = entries.reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v) + 2, 0);
        return vm.u32(countPtr, entries.length) && vm.u32(sizePtr, size) ? WasiErrno.Success : WasiErrno.Fault;
      }),
      environ_get: guard("environ_get", (arrayPtr: number, bufPtr: number) => {
        let p = bufPtr;
        let i = 0;
        for (const [k, v] of Object.entries(vm.env)) {
          const b = Buffer.from(`${k}=${v}\0`);
          if (!vm.ok(p, b.length) || !vm.u32(arrayPtr + 4 * i, p)) return WasiErrno.Fault;
          vm.u8.set(b, p);
          p += b.length;
          i++;
        }
        return WasiErrno.Success;
      }),
      args_sizes_get: guard("args_sizes_get", (argc: number, size: number) => (vm.u32(argc, 0) && vm.u32(size, 0) ? WasiErrno.Success : WasiErrno.Fault)),
      args_get: guard("args_get", () => WasiErrno.Success),
      clock_time_get: guard("clock_time_get", (id: number, _precision: bigint, ptr: number) => {
        let t: bigint;
        if (id === 0) t = BigInt(Date.now()) * 1_000_000n;
        else if (id === 1) t = process.hrtime.bigint();
        else return WasiErrno.Notsup;
        return vm.u64(ptr, t) ? WasiErrno.Success : WasiErrno.Fault;
      }),
      random_get: guard("random_get", (ptr: number, len: number) => {
        if (len > 65536) return WasiErrno.Inval;
        if (len === 0) return WasiErrno.Success;
        if (!vm.ok(ptr, len)) return WasiErrno.Fault;
        randomFillSync(vm.u8, ptr, len);
        return WasiErrno.Success;
      }),
      poll_oneoff: guard("poll_oneoff", (_in: number, _out: number, _n: number, neventsPtr: number) => (vm.u32(neventsPtr, 0) ? WasiErrno.Success : WasiErrno.Fault)),
      sched_yield: guard("sched_yield", () => WasiErrno.Success),
      proc_exit: guard("proc_exit", () => { vm.owner.log(0, "wasi_unstable proc_exit", vm.active); }),
    };

    // A memory/table import is satisfied by a fresh per-instance object (reference §1.1 item 3).
    const importObject: WebAssembly.Imports = { env: { ...env }, wasi_snapshot_preview1: wasi, wasi_unstable: wasi };
    return importObject;
  }

  provideImportedMemory(module: WebAssembly.Module, imports: WebAssembly.Imports): void {
    for (const d of WebAssembly.Module.imports(module)) {
      if (d.kind === "memory") { this.importedMemory = new WebAssembly.Memory({ initial: 1, maximum: 16384 }); (imports[d.module] as any)[d.name] = this.importedMemory; }
      if (d.kind === "table") (imports[d.module] as any)[d.name] = new WebAssembly.Table({ initial: 0, element: "anyfunc" });
    }
  }

  private buffer(type: number): Buffer | undefined | null | "bad" {
    if (type > BufferType.CallData) return "bad";
    const t = this.target();
    switch (type) {
      case BufferType.HttpRequestBody:
      case BufferType.HttpResponseBody: {
        const s = this.stream();
        if (!s) return null;
        return s.body(type) ?? Buffer.alloc(0);
      }
      case BufferType.HttpCallResponseBody: return this.callResponse ? this.callResponse.body : null;
      case BufferType.VmConfiguration: return this.owner.vmConfiguration;
      case BufferType.PluginConfiguration: {
        const r = t?.kind === "root" ? t : undefined;
        return r && r.configurationReadable ? r.plugin.configuration : null;
      }
      case BufferType.CallData: return this.callData ?? null;
      default: return null;
    }
  }

  private map(type: number, write: boolean): HeaderList | undefined {
    if (type === MapType.HttpCallResponseHeaders || type === MapType.HttpCallResponseTrailers) {
      if (write || !this.callResponse) return undefined;
      return type === MapType.HttpCallResponseHeaders ? this.callResponse.headers : this.callResponse.trailers;
    }
    if (type >= MapType.GrpcReceiveInitialMetadata) return undefined;
    const s = this.stream();
    return s?.headerMap(type, write);
  }

  private keyValue(type: number, kPtr: number, kLen: number, vPtr: number, vLen: number): { map: HeaderList; key: string; value: string } | WasmResult {
    if (type > MapType.HttpCallResponseTrailers || type >= MapType.GrpcReceiveInitialMetadata) return WasmResult.BadArgument;
    const key = this.str(kPtr, kLen);
    const value = this.str(vPtr, vLen);
    if (key === undefined || value === undefined) return WasmResult.InvalidMemoryAccess;
    const map = this.map(type, true);
    if (!map) return WasmResult.BadArgument;
    return { map, key: key.toLowerCase(), value };
  }
}
