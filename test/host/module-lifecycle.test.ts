// Host conformance: module loading (§1.1), lifecycles (§1.3), ticks (§3.13), reconfiguration (§3.14),
// VMs per worker and shared state (§3.10–§3.12, §3.15), failure policies (§3.7). Each test names the
// section of ../shared/docs/proxy-wasm-envoy-reference.md it checks.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { PluginHost, SharedState, ConfigRejectedError, validateModule } from "../../host/index.ts";
import { minimalModule, op, type Func, type Import } from "./wasm-builder.ts";
import { probeHost, probeWasm, okResponse } from "./probe-host.ts";
import { runExchange as exchange, requestHeaders as request } from "../../host/testing.ts";

const rejects = async (module: Uint8Array, pattern: RegExp) => {
  await assert.rejects(PluginHost.create({ module, shared: new SharedState(), logger: () => {} }), (e: Error) => e instanceof ConfigRejectedError && pattern.test(e.message));
};

describe("§1.1 module validation: reject exactly where Envoy does", () => {
  test("§1.1 a minimal ABI 0.2.1 module loads", async () => {
    const host = await PluginHost.create({ module: minimalModule(), shared: new SharedState(), logger: () => {} });
    assert.equal(validateModule(minimalModule()).abi, "0.2.1");
    await host.close();
  });
  test("§1.1.1 bad magic", () => rejects(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), /bad magic/));
  test("§1.1.2 no ABI marker export", () => rejects(minimalModule({ dropMarker: true }), /Missing or unknown Proxy-Wasm ABI version/));
  test("§1.1.3 an import Envoy does not provide (env.abort)", () =>
    rejects(minimalModule({ extraImports: [{ module: "env", name: "abort", params: ["i32", "i32", "i32", "i32"], results: [] }] }), /missing import: env\.abort/));
  test("§1.1.3 a 0.1.0-only import in a 0.2.1 module", () =>
    rejects(minimalModule({ extraImports: [{ module: "env", name: "proxy_get_configuration", params: ["i32", "i32"], results: ["i32"] }] }), /proxy_get_configuration/));
  test("§1.1.3 a known import with the wrong type (proxy_increment_metric with i32 delta)", () =>
    rejects(minimalModule({ extraImports: [{ module: "env", name: "proxy_increment_metric", params: ["i32", "i32"], results: ["i32"] }] }), /proxy_increment_metric \(type/));
  test("§1.1.3 global imports are rejected", () => rejects(minimalModule({ globalImport: true }), /global imports/));
  test("§1.1.4 no memory", () => rejects(minimalModule({ memory: false }), /no memory/));
  test("§1.1.5 no allocator", () => rejects(minimalModule({ dropAllocator: true }), /malloc\/proxy_on_memory_allocate/));
  test("§1.1.6 a callback with the wrong signature", () =>
    rejects(minimalModule({ extraFuncs: [{ params: ["i32", "i32"], results: ["i32"], export: "proxy_on_request_headers" }] }), /Bad function signature for: proxy_on_request_headers/));
  test("§1.1.7 a restricted hostcall during start-up traps and the module is rejected", () =>
    rejects(minimalModule({
      extraImports: [{ module: "env", name: "proxy_define_metric", params: ["i32", "i32", "i32", "i32"], results: ["i32"] }],
      initializeBody: [...op.i32const(0), ...op.i32const(0), ...op.i32const(0), ...op.i32const(0), ...op.call(0), ...op.drop],
    }), /restricted_callback: proxy_define_metric is not allowed during VM start-up/));
  test("§1.1.7 proxy_log is allowed during start-up", async () => {
    const host = await PluginHost.create({
      module: minimalModule({
        extraImports: [{ module: "env", name: "proxy_log", params: ["i32", "i32", "i32"], results: ["i32"] }],
        initializeBody: [...op.i32const(2), ...op.i32const(0), ...op.i32const(0), ...op.call(0), ...op.drop],
      }), shared: new SharedState(), logger: () => {},
    });
    await host.close();
  });
  // proxy_on_configure copies the plugin configuration out, which makes the host call the allocator.
  const getBufferBytes: Import = { module: "env", name: "proxy_get_buffer_bytes", params: ["i32", "i32", "i32", "i32", "i32"], results: ["i32"] };
  const readConfig = [...op.i32const(7), ...op.i32const(0), ...op.i32const(100), ...op.i32const(0), ...op.i32const(4), ...op.call(0), ...op.drop, ...op.i32const(1)];
  const trappingAllocator: Func = { params: ["i32"], results: ["i32"], export: "proxy_on_memory_allocate", body: op.unreachable };
  test("§1.1.5 malloc is preferred over proxy_on_memory_allocate when both are exported", async () => {
    const both = minimalModule({ extraImports: [getBufferBytes], configureBody: readConfig, extraFuncs: [trappingAllocator] });
    const host = await PluginHost.create({ module: both, configuration: "cfg", shared: new SharedState(), logger: () => {} });
    await host.close();
    // Control: with malloc gone the (trapping) proxy_on_memory_allocate is used and configure fails.
    const onlyOther = minimalModule({ dropAllocator: true, extraImports: [getBufferBytes], configureBody: readConfig, extraFuncs: [trappingAllocator] });
    await assert.rejects(PluginHost.create({ module: onlyOther, configuration: "cfg", shared: new SharedState(), logger: () => {} }), ConfigRejectedError);
  });
  test("§1.1.7 a restricted hostcall inside the allocator traps (only proxy_log, fd_write, clock_time_get are allowed)", async () => {
    const defineMetric: Import = { module: "env", name: "proxy_define_metric", params: ["i32", "i32", "i32", "i32"], results: ["i32"] };
    const module = minimalModule({
      extraImports: [getBufferBytes, defineMetric],
      configureBody: readConfig,
      mallocBody: [...op.i32const(0), ...op.i32const(0), ...op.i32const(0), ...op.i32const(0), ...op.call(1), ...op.drop, ...op.i32const(1024)],
    });
    await assert.rejects(PluginHost.create({ module, configuration: "cfg", shared: new SharedState(), logger: () => {} }),
      (e: Error) => e instanceof ConfigRejectedError && /proxy_define_metric is not allowed while the host calls the allocator/.test(e.message));
    // The same allocator calling proxy_log is fine.
    const logOnly = minimalModule({
      extraImports: [getBufferBytes, { module: "env", name: "proxy_log", params: ["i32", "i32", "i32"], results: ["i32"] }],
      configureBody: readConfig,
      mallocBody: [...op.i32const(2), ...op.i32const(0), ...op.i32const(0), ...op.call(1), ...op.drop, ...op.i32const(1024)],
    });
    const host = await PluginHost.create({ module: logOnly, configuration: "cfg", shared: new SharedState(), logger: () => {} });
    await host.close();
  });
  test("§3.1 WASI under the legacy wasi_unstable name; proc_exit logs at trace and returns", async () => {
    const texts: string[] = [];
    const module = minimalModule({
      extraImports: [{ module: "wasi_unstable", name: "proc_exit", params: ["i32"], results: [] }],
      vmStartBody: [...op.i32const(3), ...op.call(0), ...op.i32const(1)], // vm_start goes on after proc_exit returns
    });
    const host = await PluginHost.create({ module, shared: new SharedState(), logLevel: "trace", logger: (l) => texts.push(l.message) });
    assert.equal(host.failed, false);
    assert.ok(texts.includes("wasi_unstable proc_exit"), texts.join("\n"));
    await host.close();
    // An unknown function under the same module name is a missing import, like under wasi_snapshot_preview1.
    await rejects(minimalModule({ extraImports: [{ module: "wasi_unstable", name: "sock_open", params: ["i32"], results: ["i32"] }] }), /missing import: wasi_unstable\.sock_open/);
  });
  test("§1.1.8 on_configure returning false on the canary rejects the configuration", async () => {
    await assert.rejects(probeHost("reject"), /configuration rejected/);
  });
  test("§1.1.8 a trap in on_configure rejects the configuration", async () => {
    await assert.rejects(probeHost("trap-configure"), /proxy_on_configure failed/);
  });
});

describe("§1.3 lifecycles", () => {
  test("§1.3.2 root: context_create(R,0) -> vm_start(R) -> configure(R); §1.3.1 canary runs it once more per config", async () => {
    const p = await probeHost("hello", { workers: 2 });
    const cbs = p.values("cb");
    assert.deepEqual(cbs.slice(0, 3), ["context_create 1 0", "vm_start 1", "configure 1 size=5 config=hello"], "canary VM");
    assert.equal(cbs.filter((c) => c.startsWith("configure")).length, 3, "canary + 2 workers");
    await p.host.close();
  });

  test("§1.3.1 canary side effects on shared data persist", async () => {
    const shared = new SharedState();
    const p = await probeHost("", { workers: 2, shared });
    assert.equal(shared.getData("", "probe-configures")?.value.toString(), "3");
    await p.host.close();
  });

  test("§1.3.3 stream: create lazily at request headers; on_log -> on_done -> on_delete at the end", async () => {
    const p = await probeHost();
    p.clear();
    await exchange(p.host, { requestHeaders: request("GET", "/x"), responseHeaders: okResponse(), responseBody: ["{}"] });
    const cbs = p.values("cb");
    assert.match(cbs[0], /^context_create \d+ 1$/, "parent is the root id");
    const id = cbs[0].split(" ")[1];
    assert.deepEqual(cbs.slice(1), [`log ${id}`, `done ${id}`, `delete ${id}`]);
    assert.equal(p.value("log.request_path"), "/x", "request headers are readable again in on_log");
    assert.equal(p.value("log.response_status"), "200");
    await p.host.close();
  });

  test("§1.3.2 root teardown: on_done true -> on_delete; false -> wait for proxy_done from a later callback", async () => {
    const p = await probeHost("defer-done done-on-tick tick=20");
    p.clear();
    const closing = p.host.close(2000);
    await closing;
    const cbs = p.values("cb");
    const doneAt = cbs.findIndex((c) => c.startsWith("done"));
    assert.ok(doneAt >= 0, "on_done was called");
    assert.ok(p.values("done").length >= 1, "the root called proxy_done from a tick");
    assert.ok(cbs.slice(doneAt).some((c) => c.startsWith("delete")), "on_delete after proxy_done");
  });

  test("§3.13 ticks: per root context per worker, re-armed after each callback", async () => {
    const p = await probeHost("tick=25", { workers: 2 });
    await new Promise((r) => setTimeout(r, 160));
    const ticks = p.values("tick");
    const roots = new Set(ticks);
    assert.equal(roots.size, 2, `one ticking root per worker VM: ${[...roots]}`);
    assert.ok([...roots].every((r) => r.startsWith("1@")), "root context id 1 in each VM (ids are per VM)");
    assert.ok(ticks.length >= 6, `several ticks each (${ticks.length})`);
    await p.host.close();
  });

  test("§3.14 reconfigure: canary first, a new root per worker, running streams keep the old root", async () => {
    const p = await probeHost("v1");
    const r1 = await p.host.configure("reject");
    assert.equal(r1.accepted, false, "a rejected config leaves the old one in place");
    const before = p.values("cb").length;
    const r2 = await p.host.configure("v2");
    assert.equal(r2.accepted, true);
    const after = p.values("cb").slice(before);
    assert.ok(after.includes("configure 2 size=2 config=v2"), `new root context 2 in the worker VM: ${after}`);
    assert.ok(after.includes("done 1") && after.includes("delete 1"), "the idle old root is torn down");
    await p.host.close();
  });
});

describe("§3.7 failure policies", () => {
  test("§3.7 a trap fails the whole VM; fail closed answers 503 wasm_fail_stream, now and for new streams", async () => {
    const p = await probeHost("", { failurePolicy: "FAIL_CLOSED" });
    const r = await exchange(p.host, { requestHeaders: request("GET", "/trap"), responseHeaders: okResponse() });
    assert.equal(r.status, 503);
    assert.equal(r.stream.responseCodeDetails, "wasm_fail_stream");
    assert.equal(r.upstream.headers, undefined);
    assert.ok(p.lines.some((l) => l.includes("Wasm VM failed") && l.includes("proxy_on_request_headers")));
    const next = await exchange(p.host, { requestHeaders: request("GET", "/fine"), responseHeaders: okResponse() });
    assert.equal(next.status, 503, "no VM serves new streams");
    assert.equal(p.host.failed, true);
    await p.host.close();
  });

  test("§3.7 gRPC requests failing closed get grpc-status 14", async () => {
    const p = await probeHost("", { failurePolicy: "FAIL_CLOSED" });
    const r = await exchange(p.host, { requestHeaders: request("POST", "/trap", [["content-type", "application/grpc"]]), requestBody: ["x"], responseHeaders: okResponse() });
    assert.equal(r.status, 200);
    assert.equal(r.header("grpc-status"), "14");
    await p.host.close();
  });

  test("§3.7 fail open: the trapping stream and later ones bypass the plugin", async () => {
    const p = await probeHost("", { failurePolicy: "FAIL_OPEN" });
    const r = await exchange(p.host, { requestHeaders: request("GET", "/trap"), responseHeaders: okResponse() });
    assert.equal(r.status, 200);
    assert.ok(r.upstream.headers);
    p.clear();
    const next = await exchange(p.host, { requestHeaders: request("GET", "/fine"), responseHeaders: okResponse() });
    assert.equal(next.status, 200);
    assert.equal(p.values("req_headers").length, 0, "the filter is not called any more");
    await p.host.close();
  });

  test("§3.7 FAIL_RELOAD: the next request after a trap reloads; further reloads wait out the backoff, failing closed meanwhile", async () => {
    // A long backoff makes "inside the window" certain however slow the machine is.
    const p = await probeHost("", { failurePolicy: "FAIL_RELOAD", reloadBackoffMs: 60_000, pluginName: "shop.probe" });
    assert.equal((await exchange(p.host, { requestHeaders: request("GET", "/trap"), responseHeaders: okResponse() })).status, 503);
    const reloaded = await exchange(p.host, { requestHeaders: request("GET", "/fine"), responseHeaders: okResponse() });
    assert.equal(reloaded.status, 200, "the first request after the trap reloads the VM");
    assert.equal(p.host.stats.value("wasm.shop.probe.vm_reload_success"), 1n);
    assert.equal((await exchange(p.host, { requestHeaders: request("GET", "/trap"), responseHeaders: okResponse() })).status, 503);
    const held = await exchange(p.host, { requestHeaders: request("GET", "/fine"), responseHeaders: okResponse() });
    assert.equal(held.status, 503, "within the backoff of the previous reload: fail closed");
    assert.equal(held.details, "wasm_fail_stream");
    assert.equal(p.host.stats.value("wasm.shop.probe.vm_reload_backoff"), 1n);
    await p.host.close();
  });

  test("§3.7 FAIL_RELOAD: after the backoff window the VM is reloaded again", async () => {
    const p = await probeHost("", { failurePolicy: "FAIL_RELOAD", reloadBackoffMs: 1, pluginName: "shop.probe" });
    for (let i = 1; i <= 2; i++) {
      assert.equal((await exchange(p.host, { requestHeaders: request("GET", "/trap"), responseHeaders: okResponse() })).status, 503);
      await new Promise((r) => setTimeout(r, 20)); // the window is 1–1.5 ms
      assert.equal((await exchange(p.host, { requestHeaders: request("GET", "/fine"), responseHeaders: okResponse() })).status, 200);
      assert.equal(p.host.stats.value("wasm.shop.probe.vm_reload_success"), BigInt(i));
    }
    await p.host.close();
  });
});

describe("§3.10–§3.12, §3.15 state shared across worker VMs", () => {
  test("§3.10 shared data is global across workers; §3.12 stats too, but metric ids are per VM", async () => {
    const shared = new SharedState();
    const p = await probeHost("", { workers: 2, shared });
    await exchange(p.host, { requestHeaders: request("GET", "/metrics"), responseHeaders: okResponse() });
    await exchange(p.host, { requestHeaders: request("GET", "/metrics"), responseHeaders: okResponse() });
    const ids = p.values("metric.ids");
    assert.equal(ids.length, 2);
    assert.equal(shared.stats.value("probe_counter"), 16n, "both workers' increments land in one stat (2 × (5 + 3))");
    await p.host.close();
  });

  test("§3.11 shared queues: last registrant wins; on_queue_ready is async, one per enqueue", async () => {
    const p = await probeHost("queue", { workers: 2 });
    p.clear();
    await exchange(p.host, { requestHeaders: request("GET", "/queue"), responseHeaders: okResponse() });
    assert.equal(p.value("queue.resolve"), "0");
    assert.equal(p.value("queue.enqueue"), "0");
    assert.equal(p.value("queue.enqueue_unknown"), "1", "NotFound");
    await new Promise((r) => setImmediate(r));
    const ready = p.values("queue_ready");
    const enqueuedAt = p.lines.findIndex((l) => l.startsWith("probe:queue.enqueue_unknown="));
    const readyAt = p.lines.findIndex((l) => l.startsWith("probe:queue_ready="));
    assert.ok(readyAt > enqueuedAt, "delivered after the enqueuing callback returned, not inline");
    assert.equal(ready.length, 1);
    assert.match(ready[0], /^\d+ item=item-\d+$/);
    assert.equal(p.value("queue.dequeue_empty"), "7", "Empty");
    await p.host.close();
  });
});

// A probe Wasm is shared by every test file; make sure the fixture is real.
test("the probe fixture is a valid ABI 0.2.1 module", () => {
  assert.equal(validateModule(probeWasm()).abi, "0.2.1");
});
