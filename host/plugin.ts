// PluginHost: what Envoy does around a Wasm HTTP filter for one plugin (reference §1.3, §3.7, §3.13, §3.14,
// §3.15): validate and compile the module, run a canary VM for every new configuration, keep one VM per
// worker with a root context per configuration, route streams to workers, run ticks, http calls and
// queue events, retire old root contexts once their streams finish, and apply the failure policy.
import { request as httpRequest, type ClientRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { LOG_LEVELS, type LogLevelName, WasmResult } from "./abi.ts";
import type { HeaderList } from "./pairs.ts";
import { Message, nodeMessage, type PropValue, type WorkloadIdentity } from "./properties.ts";
import { SharedState, defaultSharedState } from "./shared.ts";
import type { Stats } from "./stats.ts";
import { HttpStreamImpl, type HttpStream, type StreamInfo, type StreamSink } from "./stream.ts";
import { ModuleRejectedError, validateModule, type ModuleInfo } from "./validate.ts";
import { TRAPPED, WasmVm, type RootContextState, type StreamContextState } from "./vm.ts";

export type FailurePolicy = "FAIL_CLOSED" | "FAIL_OPEN" | "FAIL_RELOAD";

export interface PluginHostOptions {
  module: Uint8Array;
  pluginName?: string;
  rootId?: string;
  vmId?: string;
  configuration?: Uint8Array | string;
  vmConfiguration?: Uint8Array | string;
  workers?: number;
  failurePolicy?: FailurePolicy;
  bufferLimitBytes?: number;
  clusters?: Record<string, string>;
  identity?: WorkloadIdentity;
  env?: Record<string, string>;
  logLevel?: LogLevelName;
  logger?: (line: { level: number; message: string; text: string }) => void;
  envoy?: { legacyNodeProperties?: boolean; peerMetadata?: "struct" };
  // Envoy >= 1.35 PluginConfig.allow_on_headers_stop_iteration (Istio does not set it; default false).
  allowOnHeadersStopIteration?: boolean;
  // FAIL_RELOAD backoff base (Envoy reload_config.backoff.base_interval, default 1 s).
  reloadBackoffMs?: number;
  shared?: SharedState;
  // Keep each stream's time inside its Wasm callbacks (HttpStream.filterTimeMs): for benchmarks.
  measureFilterTime?: boolean;
}

export class ConfigRejectedError extends Error {
  constructor(message: string) { super(message); this.name = "ConfigRejectedError"; }
}

const toBuffer = (v: Uint8Array | string | undefined) => (v === undefined ? Buffer.alloc(0) : typeof v === "string" ? Buffer.from(v) : Buffer.from(v));

// One plugin configuration (one ECDS version): a root context per worker VM.
export class PluginRuntime {
  readonly roots = new Map<WasmVm, RootContextImpl>();
  constructor(readonly host: PluginHost, readonly configuration: Buffer, readonly generation: number) {}
  deliverQueueReady(vm: WasmVm, root: RootContextState, token: number): void {
    const r = root as RootContextImpl;
    if (vm.failed || r.deleted) return;
    vm.call("proxy_on_queue_ready", r, r.id, token);
    this.host.afterRootCallback(r);
  }
}

export class RootContextImpl implements RootContextState {
  readonly kind = "root" as const;
  tickPeriodMs = 0;
  pendingDone = false;
  doneCalled = false;
  configurationReadable = false;
  lastCallStatus = { code: 0, message: "" };
  activeStreams = 0;
  retired = false;
  deleted = false;
  timer: NodeJS.Timeout | undefined;
  readonly calls = new Map<number, ClientRequest>();
  constructor(readonly id: number, readonly plugin: PluginRuntime, readonly vm: WasmVm) {}

  setTickPeriod(ms: number): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    this.tickPeriodMs = ms;
    if (ms > 0 && !this.deleted) this.arm();
  }

  // First tick `period` after the call; re-armed after each proxy_on_tick returns (reference §3.13).
  arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.deleted || this.vm.failed) return;
      this.vm.call("proxy_on_tick", this, this.id);
      this.plugin.host.afterRootCallback(this);
      if (!this.timer && this.tickPeriodMs > 0 && !this.deleted && !this.vm.failed) this.arm();
    }, this.tickPeriodMs);
    this.timer.unref();
  }
}

// lastReloadAt: when this worker last attempted a FAIL_RELOAD reload (0 = never); reloads are rate-limited from it.
interface Worker { vm: WasmVm | undefined; lastReloadAt: number; nextBackoffMs: number }

export class PluginHost {
  readonly pluginName: string;
  readonly rootId: string;
  readonly vmId: string;
  readonly failurePolicy: FailurePolicy;
  readonly bufferLimitBytes: number;
  readonly allowOnHeadersStopIteration: boolean;
  readonly legacyNodeProperties: boolean;
  readonly nodeMessage: Message;
  readonly shared: SharedState;
  private readonly logLevel: number;
  private readonly workers: Worker[] = [];
  private current!: PluginRuntime;
  private readonly runtimes = new Set<PluginRuntime>();
  private generation = 0;
  private nextWorker = 0;
  private closed = false;
  traps = 0;
  lastTrap = "";

  private constructor(private readonly opts: PluginHostOptions, private readonly module: WebAssembly.Module, private readonly info: ModuleInfo) {
    this.pluginName = opts.pluginName ?? "l7guard";
    this.rootId = opts.rootId ?? "";
    this.vmId = opts.vmId ?? "";
    this.failurePolicy = opts.failurePolicy ?? "FAIL_CLOSED";
    this.bufferLimitBytes = opts.bufferLimitBytes ?? 1024 * 1024;
    this.allowOnHeadersStopIteration = opts.allowOnHeadersStopIteration ?? false;
    this.legacyNodeProperties = opts.envoy?.legacyNodeProperties ?? false;
    this.nodeMessage = nodeMessage(opts.identity);
    this.shared = opts.shared ?? defaultSharedState;
    this.logLevel = LOG_LEVELS.indexOf(opts.logLevel ?? "warn");
  }

  static async create(opts: PluginHostOptions): Promise<PluginHost> {
    let info: ModuleInfo;
    try { info = validateModule(opts.module); } catch (e) { throw new ConfigRejectedError((e as Error).message); }
    let module: WebAssembly.Module;
    try { module = await WebAssembly.compile(new Uint8Array(opts.module)); } catch (e) { throw new ConfigRejectedError(`Failed to compile Wasm module: ${(e as Error).message}`); }
    const host = new PluginHost(opts, module, info);
    const configuration = toBuffer(opts.configuration);
    const canary = host.runCanary(configuration);
    if (canary) throw new ConfigRejectedError(canary);
    host.current = new PluginRuntime(host, configuration, host.generation++);
    host.runtimes.add(host.current);
    const n = Math.max(1, opts.workers ?? 1);
    for (let i = 0; i < n; i++) {
      const worker: Worker = { vm: undefined, lastReloadAt: 0, nextBackoffMs: 0 };
      worker.vm = host.startWorkerVm(host.current);
      host.workers.push(worker);
    }
    return host;
  }

  get stats(): Stats { return this.shared.stats; }
  get failed(): boolean { return this.workers.some((w) => !w.vm || w.vm.failed); }
  get configuration(): Buffer { return this.current.configuration; }
  get workerCount(): number { return this.workers.length; }
  // http_call requests still in flight across every root context (test helpers wait for these to settle).
  get pendingHttpCalls(): number {
    let n = 0;
    for (const rt of this.runtimes) for (const root of rt.roots.values()) n += root.calls.size;
    return n;
  }
  // Linear memory of each worker VM in bytes (what Envoy's wasm memory stats report per VM).
  get workerMemoryBytes(): number[] { return this.workers.map((w) => (w.vm ? w.vm.memory.buffer.byteLength : 0)); }

  // ECDS-like update: canary first; on success every worker gets a new root context for new streams,
  // running streams keep the old one, which is torn down when they finish (reference §3.14).
  async configure(configuration: Uint8Array | string): Promise<{ accepted: boolean; error?: string }> {
    const bytes = toBuffer(configuration);
    const error = this.runCanary(bytes);
    if (error) return { accepted: false, error };
    const previous = this.current;
    const next = new PluginRuntime(this, bytes, this.generation++);
    this.runtimes.add(next);
    for (const w of this.workers) {
      if (!w.vm || w.vm.failed) { w.vm = this.startWorkerVm(next); continue; }
      const root = this.createRoot(w.vm, next);
      if (!root) w.vm = this.startWorkerVm(next);
    }
    this.current = next;
    this.retire(previous);
    return { accepted: true };
  }

  createStream(sink: StreamSink, info: StreamInfo = {}): HttpStream {
    const worker = this.workers[this.nextWorker++ % this.workers.length];
    let vm = worker.vm;
    if ((!vm || vm.failed) && this.failurePolicy === "FAIL_RELOAD") vm = this.reload(worker);
    const root = vm ? this.current.roots.get(vm) : undefined;
    let mode: "filter" | "bypass" | "failclosed" = "filter";
    if (!vm || vm.failed || !root) mode = this.failurePolicy === "FAIL_OPEN" ? "bypass" : "failclosed";
    const stream = new HttpStreamImpl(this, mode === "filter" ? vm : undefined, root ?? this.placeholderRoot(), mode, sink, info);
    if (mode === "filter") root!.activeStreams++;
    return stream;
  }

  private placeholderRoot(): RootContextImpl {
    return new RootContextImpl(0, this.current, undefined as unknown as WasmVm);
  }

  streamFinished(stream: HttpStreamImpl): void {
    const root = stream.root;
    if (!root || root.id === 0 || !stream.vm) return;
    root.activeStreams--;
    if (root.retired && root.activeStreams <= 0) this.finishRoot(root);
  }

  noteTrap(stage: string): void { this.traps++; this.lastTrap = stage; }

  async close(timeoutMs = 3000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const rt of [...this.runtimes]) for (const root of rt.roots.values()) { root.retired = true; if (root.activeStreams <= 0) this.finishRoot(root); }
    const deadline = Date.now() + timeoutMs;
    const live = () => [...this.runtimes].some((rt) => [...rt.roots.values()].some((r) => !r.deleted && !r.vm.failed));
    while (live() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    for (const rt of this.runtimes) for (const root of rt.roots.values()) this.deleteRoot(root, false);
  }

  // ---- VMs and root contexts ----------------------------------------------------------------------------

  private newVm(): WasmVm | string {
    const host = this;
    let vm: WasmVm;
    try {
      vm = new WasmVm(this.module, this.info, {
        shared: this.shared,
        vmId: this.vmId,
        logLevel: this.logLevel,
        vmConfiguration: toBuffer(this.opts.vmConfiguration),
        legacyNodeProperties: this.legacyNodeProperties,
        log: (level, message, ctx) => host.log(level, message, ctx),
        httpCall: (v, root, token, cluster, headers, body, trailers, timeout) => host.httpCall(v, root as RootContextImpl, token, cluster, headers, body, trailers, timeout),
        onVmFailed: () => {},
        rootProperties: () => host.rootProperties(),
      }, { ...(this.opts.env ?? {}) });
    } catch (e) {
      return `Failed to instantiate Wasm module: ${(e as Error).message}`;
    }
    vm.flushTouchedHook = (s: StreamContextState) => (s as HttpStreamImpl).flushDeferred();
    vm.measureFilterTime = this.opts.measureFilterTime ?? false;
    if (!vm.start()) return `Wasm VM failed during start-up: ${vm.failure}`;
    return vm;
  }

  // Canary: a throw-away VM must start and accept the configuration; it is destroyed without
  // on_done/on_delete (its side effects on shared data and queues remain, as in Envoy).
  private runCanary(configuration: Buffer): string | undefined {
    const vm = this.newVm();
    if (typeof vm === "string") return vm;
    const runtime = new PluginRuntime(this, configuration, -1);
    this.canaryLog = [];
    const root = this.createRoot(vm, runtime);
    const logged = this.canaryLog;
    this.canaryLog = undefined;
    if (!root) {
      if (vm.failed) return vm.failure;
      return `plugin configuration rejected (proxy_on_vm_start or proxy_on_configure returned false)${logged.length ? `: ${logged.join("; ")}` : ""}`;
    }
    if (root.timer) clearTimeout(root.timer);
    root.deleted = true;
    for (const req of root.calls.values()) req.destroy();
    return undefined;
  }

  private startWorkerVm(runtime: PluginRuntime): WasmVm | undefined {
    const vm = this.newVm();
    if (typeof vm === "string") { this.log(4, vm, undefined); return undefined; }
    if (!this.createRoot(vm, runtime)) { if (!vm.failed) vm.failed = true; return vm; }
    return vm;
  }

  private createRoot(vm: WasmVm, runtime: PluginRuntime): RootContextImpl | undefined {
    const root = new RootContextImpl(vm.newContextId(), runtime, vm);
    vm.contexts.set(root.id, root);
    root.configurationReadable = true; // cpp-host sets the buffer around context create too
    const created = vm.call("proxy_on_context_create", root, root.id, 0);
    if (created === TRAPPED) return undefined;
    const started = vm.call("proxy_on_vm_start", root, root.id, toBuffer(this.opts.vmConfiguration).length);
    if (started === TRAPPED || started === 0) { root.configurationReadable = false; return undefined; }
    const configured = vm.call("proxy_on_configure", root, root.id, runtime.configuration.length);
    root.configurationReadable = false;
    if (configured === TRAPPED || configured === 0) return undefined;
    runtime.roots.set(vm, root);
    return root;
  }

  // FAIL_RELOAD (reference §3.7): the next request after a runtime error rebuilds the worker VM, at most
  // once per jittered backoff interval (base..1.5×base) counted from the previous reload attempt, so a
  // module that traps on every request does not reload on every request. Inside the window: fail closed.
  private reload(worker: Worker): WasmVm | undefined {
    const now = Date.now();
    const prefix = `wasm.${this.pluginName}.`;
    if (worker.lastReloadAt > 0 && now < worker.lastReloadAt + worker.nextBackoffMs) {
      this.stats.get(`${prefix}vm_reload_backoff`, "counter").value++;
      return worker.vm;
    }
    const base = this.opts.reloadBackoffMs ?? 1000;
    worker.lastReloadAt = now;
    worker.nextBackoffMs = base * (1 + Math.random() / 2);
    const vm = this.startWorkerVm(this.current);
    if (!vm || vm.failed) {
      this.stats.get(`${prefix}vm_reload_failure`, "counter").value++;
      return worker.vm;
    }
    worker.vm = vm;
    this.stats.get(`${prefix}vm_reload_success`, "counter").value++;
    return vm;
  }

  private retire(runtime: PluginRuntime): void {
    for (const root of runtime.roots.values()) {
      root.retired = true;
      if (root.activeStreams <= 0) this.finishRoot(root);
    }
  }

  // proxy_on_done: true -> on_delete now; false -> wait for proxy_done from a later callback of this root.
  finishRoot(root: RootContextImpl): void {
    if (root.pendingDone || root.deleted) return;
    if (root.vm.failed) { this.deleteRoot(root, false); return; }
    root.pendingDone = true;
    const r = root.vm.call("proxy_on_done", root, root.id);
    if (r === TRAPPED) { this.deleteRoot(root, false); return; }
    if (r === undefined || r !== 0 || root.doneCalled) this.deleteRoot(root, true);
  }

  afterRootCallback(root: RootContextImpl): void {
    if (root.pendingDone && root.doneCalled && !root.deleted) this.deleteRoot(root, true);
  }

  private deleteRoot(root: RootContextImpl, callDelete: boolean): void {
    if (root.deleted) return;
    root.deleted = true;
    if (root.timer) { clearTimeout(root.timer); root.timer = undefined; }
    for (const req of root.calls.values()) req.destroy();
    root.calls.clear();
    if (callDelete && !root.vm.failed) root.vm.call("proxy_on_delete", root, root.id);
    root.vm.contexts.delete(root.id);
    root.plugin.roots.delete(root.vm);
    if (root.plugin.roots.size === 0 && root.plugin !== this.current) this.runtimes.delete(root.plugin);
  }

  // ---- services for the VM --------------------------------------------------------------------------------

  // Warnings and errors the canary logged: they explain a rejection (e.g. the filter naming a bad field).
  private canaryLog: string[] | undefined;

  private log(level: number, message: string, ctx: RootContextState | StreamContextState | undefined): void {
    if (this.canaryLog && level >= 3) this.canaryLog.push(message);
    let prefix = "";
    if (ctx?.kind === "stream") prefix = [this.pluginName, this.rootId, this.vmId].filter((p) => p).map((p) => ` ${p}`).join("");
    else if (ctx?.kind === "root") prefix = [this.rootId, this.vmId].filter((p) => p).map((p) => ` ${p}`).join("");
    const text = `wasm log${prefix}: ${message}`;
    if (this.opts.logger) this.opts.logger({ level, message, text });
    else if (level >= Math.max(this.logLevel, 3)) process.stderr.write(`[${LOG_LEVELS[level]}] ${text}\n`);
  }

  private rootProperties(): Record<string, PropValue> {
    const props: Record<string, PropValue> = { xds: { node: this.nodeMessage }, plugin_name: this.pluginName, plugin_root_id: this.rootId, plugin_vm_id: this.vmId };
    if (this.legacyNodeProperties) props.node = this.nodeMessage;
    return props;
  }

  // proxy_http_call (reference §3.8): cluster must be known; :method, :path and :authority present.
  private httpCall(vm: WasmVm, root: RootContextImpl, token: number, cluster: string, headers: HeaderList, body: Buffer, _trailers: HeaderList, timeoutMs: number): WasmResult {
    const base = this.opts.clusters?.[cluster];
    if (base === undefined) return WasmResult.BadArgument;
    const get = (k: string) => headers.find(([n]) => n === k)?.[1];
    const method = get(":method");
    const path = get(":path");
    const authority = get(":authority");
    if (!method || !path || !authority) return WasmResult.BadArgument;
    let url: URL;
    try { url = new URL(path, base); } catch { return WasmResult.InternalFailure; }
    const outHeaders: Record<string, string> = { host: authority };
    for (const [k, v] of headers) if (!k.startsWith(":")) outHeaders[k] = v;
    if (body.length > 0) outHeaders["content-length"] = String(body.length);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    let finished = false;
    const deliver = (response: { headers: HeaderList; body: Buffer; trailers: HeaderList } | undefined) => {
      if (finished) return;
      finished = true;
      root.calls.delete(token);
      if (root.deleted || vm.failed) return;
      // Never re-entrant: Node delivers this from the event loop, when the VM is idle.
      vm.callResponse = response;
      root.lastCallStatus = response ? { code: WasmResult.Ok, message: "" } : { code: WasmResult.BrokenConnection, message: "reset" };
      vm.call("proxy_on_http_call_response", root, root.id, token, response ? response.headers.length : 0, response ? response.body.length : 0, response ? response.trailers.length : 0);
      vm.callResponse = undefined;
      this.afterRootCallback(root);
    };
    let req: ClientRequest;
    try {
      req = send(url, { method, headers: outHeaders, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > this.bufferLimitBytes) { req.destroy(); deliver(undefined); return; } // response over the buffer limit fails the call
          chunks.push(c);
        });
        res.on("end", () => {
          const h: HeaderList = [[":status", String(res.statusCode ?? 0)]];
          for (let i = 0; i < res.rawHeaders.length; i += 2) h.push([res.rawHeaders[i].toLowerCase(), res.rawHeaders[i + 1]]);
          const t: HeaderList = [];
          for (let i = 0; i < res.rawTrailers.length; i += 2) t.push([res.rawTrailers[i].toLowerCase(), res.rawTrailers[i + 1]]);
          deliver({ headers: h, body: Buffer.concat(chunks), trailers: t });
        });
        res.on("error", () => deliver(undefined));
      });
    } catch {
      return WasmResult.InternalFailure;
    }
    if (timeoutMs > 0) {
      // Envoy's async client answers a timeout with a 504 (reference §5 item 5: inferred).
      const t = setTimeout(() => {
        if (finished) return;
        req.destroy();
        const b = Buffer.from("upstream request timeout");
        deliver({ headers: [[":status", "504"], ["content-length", String(b.length)], ["content-type", "text/plain"]], body: b, trailers: [] });
      }, timeoutMs);
      t.unref();
    }
    req.on("error", () => setImmediate(() => deliver(undefined)));
    req.end(body);
    root.calls.set(token, req);
    return WasmResult.Ok;
  }
}

export { ModuleRejectedError };
