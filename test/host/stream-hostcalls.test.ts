// Host conformance: stream semantics (§1.4, §3.3–§3.6), buffers (§2.5), maps (§2.4, §3.5), error codes
// (§2.1, §6), properties (§2.6, §3.16, §3.17), http_call (§3.8), shared data (§3.10), metrics (§3.12),
// WASI (§3.1) and logging (§3.2), observed through the probe filter.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decodePairs, encodePairs } from "../../host/index.ts";
import { probeHost, type ProbeHost, okResponse } from "./probe-host.ts";
import { runExchange as exchange, requestHeaders as request, settle } from "../../host/testing.ts";
import type { StreamSink } from "../../host/index.ts";

describe("§1.4 callback return values", () => {
  test("§1.4 headers 1 (StopIteration) becomes 4 without allow_on_headers_stop_iteration: no body callbacks, nothing forwarded", async () => {
    const p = await probeHost();
    const r = await exchange(p.host, { requestHeaders: request("POST", "/status/1"), requestBody: ["abc"], responseHeaders: okResponse() });
    assert.equal(r.upstream.headers, undefined);
    assert.equal(p.values("req_body").length, 0, "the filter gets no body callback while stopped-all");
    await p.host.close();
  });

  test("§1.4 headers 1 honoured with allowOnHeadersStopIteration: body callbacks come while headers are held", async () => {
    const p = await probeHost("", { allowOnHeadersStopIteration: true });
    const r = await exchange(p.host, { requestHeaders: request("POST", "/status/1"), requestBody: ["abc", "def"], responseHeaders: okResponse() });
    assert.deepEqual(p.values("req_body"), ["len=3 eos=0", "len=3 eos=1"]);
    assert.ok(r.upstream.headers, "headers go on when a body callback continues");
    assert.equal(r.upstream.body.toString(), "abcdef");
    await p.host.close();
  });

  test("§1.4 headers 2 (ContinueAndEndStream) is treated as Continue; >4 as 4", async () => {
    const p = await probeHost();
    const r2 = await exchange(p.host, { requestHeaders: request("GET", "/status/2"), responseHeaders: okResponse() });
    assert.ok(r2.upstream.headers);
    const r9 = await exchange(p.host, { requestHeaders: request("GET", "/status/9"), responseHeaders: okResponse() });
    assert.equal(r9.upstream.headers, undefined);
    await p.host.close();
  });

  test("§1.4/§3.6 headers 3 buffers in the filter manager up to the limit, then 413 request_payload_too_large", async () => {
    const p = await probeHost("", { bufferLimitBytes: 10 });
    const r = await exchange(p.host, { requestHeaders: request("POST", "/status/3"), requestBody: ["12345", "67890", "X"], responseHeaders: okResponse() });
    assert.equal(r.status, 413);
    assert.equal(r.downstream.body.toString(), "Payload Too Large");
    assert.equal(r.stream.responseCodeDetails, "request_payload_too_large");
    await p.host.close();
  });

  test("§1.4/§3.6 headers 4 (watermark) buffers without a 413", async () => {
    const p = await probeHost("", { bufferLimitBytes: 10 });
    const r = await exchange(p.host, { requestHeaders: request("POST", "/status/4"), requestBody: ["12345", "67890", "X"], responseHeaders: okResponse() });
    assert.equal(r.status, 0, "no local reply: the stream just waits");
    await p.host.close();
  });

  test("§3.6 response body 1 over the buffer limit before headers went out: 500 response_payload_too_large", async () => {
    const p = await probeHost("", { bufferLimitBytes: 8 });
    const r = await exchange(p.host, { requestHeaders: request("GET", "/respstatus/3"), responseHeaders: okResponse(), responseBody: ["aaaaa", "bbbbb", "c"] });
    assert.equal(r.status, 500, "headers were held by StopAllIterationAndBuffer, so a local reply can still replace them");
    assert.equal(r.downstream.body.toString(), "Internal Server Error");
    assert.equal(r.details, "response_payload_too_large");
    await p.host.close();
  });

  test("§3.6 response body 1 over the buffer limit after headers went out: the stream is reset", async () => {
    const p = await probeHost("", { bufferLimitBytes: 8 });
    const r = await exchange(p.host, { requestHeaders: request("GET", "/respbody/1"), responseHeaders: okResponse(), responseBody: ["aaaaa", "bbbbb", "c"] });
    assert.equal(r.status, 200);
    assert.equal(r.reset, "response_payload_too_large");
    assert.equal(r.downstream.body.length, 0, "nothing of the buffered body went out");
    await p.host.close();
  });

  test("§3.6 response body 1 within the limit: the accumulated body goes out at Continue", async () => {
    const p = await probeHost();
    const r = await exchange(p.host, { requestHeaders: request("GET", "/respbody/1"), responseHeaders: okResponse(), responseBody: ["aaaaa", "bbbbb", "c"] });
    assert.deepEqual(p.values("resp_body"), ["len=5 eos=0", "len=10 eos=0", "len=11 eos=1"]);
    assert.equal(r.downstream.body.toString(), "aaaaabbbbbc");
    await p.host.close();
  });

  test("§1.4 body_buffer_length: after 1 (StopIterationAndBuffer) the accumulated size, otherwise the chunk's", async () => {
    const p = await probeHost();
    const buffered = await exchange(p.host, { requestHeaders: request("POST", "/bodystatus/1"), requestBody: ["aaaaa", "bbbbb", "ccccc"], responseHeaders: okResponse() });
    assert.deepEqual(p.values("req_body"), ["len=5 eos=0", "len=10 eos=0", "len=15 eos=1"]);
    assert.equal(buffered.upstream.body.toString(), "aaaaabbbbbccccc");
    p.clear();
    const nobuf = await exchange(p.host, { requestHeaders: request("POST", "/bodystatus/3"), requestBody: ["aaaaa", "bbbbb", "ccccc"], responseHeaders: okResponse() });
    assert.deepEqual(p.values("req_body"), ["len=5 eos=0", "len=5 eos=0", "len=5 eos=1"]);
    assert.equal(nobuf.upstream.body.toString(), "ccccc", "StopIterationNoBuffer drops what the filter consumed");
    p.clear();
    const watermark = await exchange(p.host, { requestHeaders: request("POST", "/bodystatus/2"), requestBody: ["aaaaa", "bbbbb", "ccccc"], responseHeaders: okResponse() });
    assert.deepEqual(p.values("req_body"), ["len=5 eos=0", "len=5 eos=0", "len=5 eos=1"], "watermark: the next call reports only the new chunk");
    assert.equal(watermark.upstream.body.toString(), "aaaaabbbbbccccc", "retained data is passed on at Continue");
    await p.host.close();
  });

  test("§1.4/§3.6 body 1 over the buffer limit: 413", async () => {
    const p = await probeHost("", { bufferLimitBytes: 8 });
    const r = await exchange(p.host, { requestHeaders: request("POST", "/bodystatus/1"), requestBody: ["aaaaa", "bbbbb", "c"], responseHeaders: okResponse() });
    assert.equal(r.status, 413);
    await p.host.close();
  });
});

describe("§2.5 set_buffer_bytes (Envoy's table)", () => {
  for (const [mode, expected] of [["replace", "NEW"], ["prepend", "PRE-hello"], ["append", "hello-POST"], ["drop2", "Xllo"]] as const) {
    test(`§2.5 ${mode}`, async () => {
      const p = await probeHost();
      const r = await exchange(p.host, { requestHeaders: request("POST", `/setbody/${mode}`), requestBody: ["he", "llo"], responseHeaders: okResponse() });
      assert.equal(p.value("setbody.rc"), "0");
      assert.equal(r.upstream.body.toString(), expected);
      await p.host.close();
    });
  }
  test("§1.4/§2.5 a body rewritten as it streams: each Continue'd chunk is replaced in place, an empty last chunk takes a prepend, and the parts arrive in order", async () => {
    const p = await probeHost();
    const r = await exchange(p.host, { requestHeaders: request("POST", "/holdlast"), requestBody: ["abc", "de", "f", ""], responseHeaders: okResponse() });
    assert.deepEqual(p.values("req_body"), ["len=3 eos=0", "len=2 eos=0", "len=1 eos=0", "len=0 eos=1"], "never buffered: each call reports its own chunk");
    assert.deepEqual(p.values("holdlast.rc"), ["0", "0", "0", "0"]);
    assert.equal(r.upstream.body.toString(), "abcdef");
    assert.ok(r.upstream.ended);
    await p.host.close();
  });
  test("§2.5 trailers after a body that continued: the body buffer reads empty and rejects writes (BadArgument)", async () => {
    const p = await probeHost();
    const r = await exchange(p.host, { requestHeaders: request("POST", "/holdlast-trailers"), requestBody: ["abc", "de"], requestTrailers: [["x-t", "1"]], responseHeaders: okResponse() });
    assert.equal(p.value("holdlast.trailers_get"), "0");
    assert.equal(p.value("holdlast.trailers_body"), "");
    assert.equal(p.value("holdlast.trailers_set"), "2");
    assert.equal(r.upstream.body.toString(), "abcd", "the byte held back at the last chunk never reaches the upstream");
    await p.host.close();
  });
  test("§2.5 0 < start < length is BadArgument and leaves the body alone", async () => {
    const p = await probeHost();
    const r = await exchange(p.host, { requestHeaders: request("POST", "/setbody/mid"), requestBody: ["hello"], responseHeaders: okResponse() });
    assert.equal(p.value("setbody.rc"), "2");
    assert.equal(r.upstream.body.toString(), "hello");
    await p.host.close();
  });
});

describe("§3.3/§3.4 deferred local reply, continue and close", () => {
  test("§3.3 send_local_response: Ok now, reply after the callback; plugin headers added; text/plain default; upstream never sees it", async () => {
    const p = await probeHost();
    const r = await exchange(p.host, { requestHeaders: request("GET", "/local"), responseHeaders: okResponse() });
    assert.equal(p.value("local.rc"), "0");
    assert.equal(r.status, 418);
    assert.equal(r.header("x-probe"), "1");
    assert.equal(r.header("content-type"), "text/plain");
    assert.equal(r.header("content-length"), "15");
    assert.equal(r.downstream.body.toString(), "short and stout");
    assert.equal(r.upstream.headers, undefined, "return value 0 was forced to stop");
    assert.equal(r.stream.responseCodeDetails, "probe_teapot", "whitespace in details becomes _");
    assert.match(p.value("resp_headers") ?? "", /^status=418/, "the local reply is encoded through this filter too");
    await p.host.close();
  });

  test("§3.3 gRPC local reply: 200 trailers-only with grpc-status and percent-encoded grpc-message", async () => {
    const p = await probeHost();
    const r = await exchange(p.host, { requestHeaders: request("POST", "/local", [["content-type", "application/grpc"]]), requestBody: ["x"], responseHeaders: okResponse() });
    assert.equal(r.status, 200);
    assert.equal(r.header("content-type"), "application/grpc");
    assert.equal(r.header("grpc-message"), "short%20and%20stout");
    assert.equal(r.downstream.body.length, 0);
    await p.host.close();
  });

  test("§3.3 local reply content headers: a plugin content-type is kept with a body; with no body content-type and content-length go", async () => {
    const p = await probeHost();
    const json = await exchange(p.host, { requestHeaders: request("GET", "/local-json"), responseHeaders: okResponse() });
    assert.equal(json.status, 403);
    assert.equal(json.header("content-type"), "application/json");
    assert.equal(json.header("content-length"), "2", "the host sets content-length from the body, replacing the plugin's");
    assert.equal(json.downstream.body.toString(), "{}");
    const empty = await exchange(p.host, { requestHeaders: request("GET", "/local-empty"), responseHeaders: okResponse() });
    assert.equal(empty.status, 403);
    assert.equal(empty.header("content-type"), undefined);
    assert.equal(empty.header("content-length"), undefined);
    assert.equal(empty.downstream.ended, true, "headers-only reply ends the stream");
    await p.host.close();
  });

  test("§3.3 local reply on the response path: replaces the upstream headers before they went out; resets after", async () => {
    const p = await probeHost();
    const replaced = await exchange(p.host, { requestHeaders: request("GET", "/resp-local"), responseHeaders: okResponse(), responseBody: ["upstream body"] });
    assert.equal(p.value("resp_local.rc"), "0");
    assert.equal(replaced.status, 502);
    assert.equal(replaced.downstream.body.toString(), "replaced");
    assert.equal(replaced.details, "probe_response_replaced");
    const late = await exchange(p.host, { requestHeaders: request("GET", "/resp-local-late"), responseHeaders: okResponse(), responseBody: ["part1", "part2"] });
    assert.equal(p.value("resp_local_late.rc"), "0");
    assert.equal(late.status, 200, "the upstream headers had already gone downstream");
    assert.equal(late.reset, "late", "so the stream can only be reset");
    await p.host.close();
  });

  test("§3.4 continue_stream(Downstream) is Ok; close_stream(Upstream) is Ok", async () => {
    const p = await probeHost();
    await exchange(p.host, { requestHeaders: request("GET", "/continue-kinds"), responseHeaders: okResponse() });
    assert.equal(p.value("continue.downstream"), "0");
    assert.equal(p.value("close.upstream"), "0");
    await p.host.close();
  });

  test("§3.4 close_stream resets the stream (no HTTP status)", async () => {
    const p = await probeHost();
    const r = await exchange(p.host, { requestHeaders: request("GET", "/close"), responseHeaders: okResponse() });
    assert.equal(r.reset, "wasm_close_stream");
    assert.equal(r.downstream.headers, undefined);
    await p.host.close();
  });
});

describe("§3.5 header maps", () => {
  test("§3.5 request headers are unavailable in on_response_headers: value/size BadArgument, pairs empty", async () => {
    const p = await probeHost();
    await exchange(p.host, { requestHeaders: request("GET", "/x"), responseHeaders: okResponse() });
    assert.equal(p.value("resp.req_header_value"), "2");
    assert.equal(p.value("resp.req_header_pairs"), "0");
    assert.equal(p.value("resp.req_header_pairs_size"), "0");
    assert.equal(p.value("resp.req_header_size"), "2");
    await p.host.close();
  });

  test("§2.3 add/replace/remove lower-case keys; replace removes duplicates; remove is Ok when absent", async () => {
    const p = await probeHost();
    const r = await exchange(p.host, { requestHeaders: request("GET", "/headers", [["x-remove-me", "1"]]), responseHeaders: okResponse() });
    assert.equal(p.value("hdr.add1"), "0");
    assert.equal(p.value("hdr.first"), "a", "first value only");
    assert.equal(p.value("hdr.remove_absent"), "0");
    assert.equal(p.value("hdr.set_pairs"), "0");
    assert.deepEqual(r.upstream.headers, [[":method", "GET"], [":path", "/headers"], [":authority", "probe"], ["x-probe-set", "1"]]);
    await p.host.close();
  });

  test("§2.4 set_header_map_pairs with malformed pairs is an empty map (every header deleted)", async () => {
    const p = await probeHost("wipe");
    const r = await exchange(p.host, { requestHeaders: request("GET", "/headers"), responseHeaders: okResponse() });
    assert.equal(p.value("hdr.set_garbage"), "0");
    assert.deepEqual(r.upstream.headers, []);
    await p.host.close();
  });

  test("§2.4 pairs codec: byte layout, limits, malformed input", () => {
    const b = encodePairs([["a", "1"], ["b", "22"]]);
    assert.deepEqual([...b], [2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0x61, 0, 0x31, 0, 0x62, 0, 0x32, 0x32, 0]);
    assert.deepEqual(decodePairs(b), [["a", "1"], ["b", "22"]]);
    assert.deepEqual(decodePairs(b.subarray(0, b.length - 1)), [], "missing terminator");
    assert.deepEqual(decodePairs(Buffer.concat([b, Buffer.from([0])])), [], "trailing bytes");
    const many = Buffer.alloc(4); many.writeUInt32LE(1025);
    assert.deepEqual(decodePairs(many), [], "more than 1024 pairs");
  });

  test("§2.4 pairs codec: UTF-8 (non-ASCII, long values, empty strings, raw bytes) as byte lengths", () => {
    // Reference layout built the slow, obvious way.
    const reference = (list: Array<[string | Uint8Array, string | Uint8Array]>) => {
      const bytes = list.map(([k, v]) => [typeof k === "string" ? Buffer.from(k) : Buffer.from(k), typeof v === "string" ? Buffer.from(v) : Buffer.from(v)]);
      const head = Buffer.alloc(4 + 8 * list.length);
      head.writeUInt32LE(list.length, 0);
      bytes.forEach(([k, v], i) => { head.writeUInt32LE(k.length, 4 + 8 * i); head.writeUInt32LE(v.length, 8 + 8 * i); });
      return Buffer.concat([head, ...bytes.flatMap(([k, v]) => [k, Buffer.from([0]), v, Buffer.from([0])])]);
    };
    const long = "é".repeat(40) + "x".repeat(100);
    const list: Array<[string, string]> = [["x-name", "Zoë"], ["x-long", long], ["x-emoji", "a😀b"], ["x-empty", ""], ["ünïcode-key", "v"], ["x-ascii-long", "a".repeat(300)]];
    assert.deepEqual([...encodePairs(list)], [...reference(list)]);
    assert.deepEqual(decodePairs(encodePairs(list)), list);
    const raw: Array<[string, Uint8Array]> = [["k", Uint8Array.of(0xff, 0, 1)]];
    assert.deepEqual([...encodePairs(raw)], [...reference(raw)]);
  });

  test("§3.5 request trailers can be added from the last body callback", async () => {
    const p = await probeHost();
    const r = await exchange(p.host, { requestHeaders: request("POST", "/trailers-add"), requestBody: ["x"], responseHeaders: okResponse() });
    assert.equal(p.value("trailers.add"), "0");
    assert.ok(r.upstream.ended);
    await p.host.close();
  });
});

describe("§2.1/§6 error codes", () => {
  test("§6 each error Envoy returns, precisely", async () => {
    const p = await probeHost();
    await exchange(p.host, { requestHeaders: request("GET", "/errors"), responseHeaders: okResponse() });
    const expect: Record<string, string> = {
      "err.header_missing": "1", "err.trailers_unavailable": "2", "err.map_type_bad": "2", "err.readonly_map": "2",
      "err.shared_missing": "1", "err.dequeue_unknown": "1", "err.continue_upstream": "12", "err.continue_bad": "2",
      "err.close_bad": "2", "err.grpc_unknown_cluster": "4", "err.buffer_status_call_body": "1", "err.buffer_status_plugin_config": "1",
      "err.buffer_type_bad": "2", "err.set_body_in_headers": "2", "err.set_immutable_buffer": "2", "err.log_level_bad": "2",
      "err.log_out_of_memory": "6", "err.effective_unknown": "2", "err.done_not_root": "1", "err.metric_type_bad": "2",
      "err.metric_unknown": "1", "err.foreign_unknown": "1", "ok.foreign_compress": "0", "err.set_property_ok": "0",
      "err.get_set_property": "0",
    };
    for (const [k, v] of Object.entries(expect)) assert.equal(p.value(k), v, k);
    assert.equal(p.value("err.get_set_property.value"), "0123456789", "set_property writes filter state wasm.<name>, readable by name");
    await p.host.close();
  });
});

describe("§3.10 shared data and §3.12 metrics", () => {
  test("§3.10 CAS: a new key is written whatever the cas; stale cas -> CasMismatch; every write changes the cas", async () => {
    const p = await probeHost();
    await exchange(p.host, { requestHeaders: request("GET", "/shared"), responseHeaders: okResponse() });
    assert.equal(p.value("shared.set_new_any_cas"), "0");
    assert.equal(p.value("shared.value"), "v1");
    assert.equal(p.value("shared.cas_nonzero"), "1");
    assert.equal(p.value("shared.set_stale_cas"), "8");
    assert.equal(p.value("shared.set_good_cas"), "0");
    assert.equal(p.value("shared.value2"), "v2");
    assert.equal(p.value("shared.cas_changed"), "1");
    assert.equal(p.value("shared.set_unconditional"), "0");
    await p.host.close();
  });

  test("§3.12 ids by kind (4,5,6; new id per define), counter delta <= 0 BadArgument, record adds to counters, histograms", async () => {
    const p = await probeHost();
    await exchange(p.host, { requestHeaders: request("GET", "/metrics"), responseHeaders: okResponse() });
    assert.equal(p.value("metric.ids"), "4,5,6,8");
    assert.equal(p.value("metric.counter_inc0"), "2");
    assert.equal(p.value("metric.counter_dec"), "2");
    assert.equal(p.value("metric.counter_inc5"), "0");
    assert.equal(p.value("metric.counter"), "8", "increment 5 + record 3");
    assert.equal(p.value("metric.gauge"), "40");
    assert.equal(p.value("metric.hist_record"), "0");
    assert.equal(p.value("metric.hist_inc"), "2");
    assert.equal(p.value("metric.hist_get"), "2");
    const prom = p.host.stats.renderPrometheus();
    assert.match(prom, /^probe_counter\{\} 8$/m, "wasmcustom. stripped, no envoy_ prefix");
    assert.match(prom, /^probe_histogram_count\{\} 1$/m);
    await p.host.close();
  });
});

describe("§2.6/§3.16/§3.17 properties", () => {
  test("§2.6 NUL-separated paths, string and integer encodings, node and peer metadata, dynamic metadata", async () => {
    const p = await probeHost();
    await exchange(p.host, {
      requestHeaders: request("GET", "/props", [["x-probe-h", "hv"]]), responseHeaders: okResponse(),
      info: { sourceAddress: "10.1.2.3", sourcePort: 4242, direction: "outbound", downstreamPeer: { namespace: "web", workload: "frontend" }, upstreamPeer: { namespace: "pay", workload: "payments" },
        dynamicMetadata: { istio_authn: { "request.auth.principal": "issuer/alice" } } },
    });
    assert.deepEqual(p.values("prop.request.path"), ["/props", "!1"], "request\0path resolves; the dotted single segment 'request.path' is NotFound");
    assert.equal(p.value("prop.request.method"), "GET");
    assert.equal(p.value("prop.request.headers.x-probe-h"), "hv");
    assert.equal(p.value("prop.xds.node.metadata.NAMESPACE"), "shop");
    assert.equal(p.value("prop.xds.node.metadata.LABELS.app"), "orders");
    assert.equal(p.value("prop.node.metadata.NAMESPACE"), "!1", "legacy top-level node is gone unless the version switch is on");
    assert.equal(p.value("prop.plugin_name"), "shop.probe");
    assert.equal(p.value("prop.plugin_root_id"), "probe-root");
    assert.equal(p.value("prop.filter_state.downstream_peer.workload"), "frontend");
    assert.equal(p.value("prop.filter_state.downstream_peer.namespace"), "web");
    assert.equal(p.value("prop.metadata.filter_metadata.istio_authn.request.auth.principal"), "issuer/alice");
    assert.equal(p.value("prop.source.address"), "10.1.2.3:4242");
    assert.equal(p.value("prop.nonexistent"), "!1");
    for (const name of ["constructor", "source.constructor", "xds.node.__proto__", "toString"]) assert.equal(p.value(`prop.${name}`), "!1", `${name} is not an attribute (JS object internals must not leak)`);
    assert.equal(p.value("prop.filter_state.upstream_peer.workload"), "!1", "§3.17 upstream_peer is not visible before on_log");
    assert.equal(p.value("log.upstream_peer"), "payments", "§3.17 but it is in on_log");
    assert.equal(p.value("prop.source.port"), "9210000000000000", "int64 little-endian (4242)");
    assert.equal(p.value("prop.xds.listener_direction"), "0200000000000000");
    assert.equal(p.value("prop.connection.mtls"), "00", "bool is one byte");
    assert.equal(p.value("prop.request.time")?.length, 16, "timestamp: 8 bytes");
    const labels = Buffer.from(p.value("prop.labels_map")!, "hex");
    assert.deepEqual(Object.fromEntries(decodePairs(labels)).app, "orders", "maps come back in the pairs format");
    const proto = Buffer.from(p.value("prop.node_proto")!, "hex");
    assert.equal(proto[0], 0x0a, "the whole xds.node is protobuf wire bytes (field 1, id)");
    assert.ok(proto.includes(Buffer.from("sidecar~")));
    await p.host.close();
  });

  test("§3.16 legacy top-level node properties behind the version switch", async () => {
    const p = await probeHost("", { envoy: { legacyNodeProperties: true } });
    await exchange(p.host, { requestHeaders: request("GET", "/props"), responseHeaders: okResponse() });
    assert.equal(p.value("prop.node.metadata.NAMESPACE"), "shop");
    await p.host.close();
  });
});

describe("§3.8 http_call", () => {
  let server: Server;
  let url = "";
  before(async () => {
    server = createServer((req, res) => { if (req.url === "/answer") res.writeHead(201, { "x-a": "1" }).end("forty-two"); });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }));

  test("§3.8 token 4, response on the root context with maps 6 and buffer 4; the stream resumes via effective context", async () => {
    const p = await probeHost("", { clusters: { "probe-cluster": url } });
    const r = await exchange(p.host, { requestHeaders: request("GET", "/call"), responseHeaders: okResponse() });
    const deadline = Date.now() + 3000;
    while (!p.value("call") && Date.now() < deadline) await new Promise((res) => setTimeout(res, 10));
    assert.equal(p.value("call.rc"), "0");
    assert.equal(p.value("call.token"), "4");
    assert.match(p.value("call") ?? "", /^root=1 token=4 headers=\d+ body=9$/);
    assert.equal(p.value("call.status"), "201");
    assert.equal(p.value("call.body"), "forty-two");
    assert.equal(p.value("call.get_status"), "0 code=0 msg=");
    assert.equal(p.value("call.continue"), "0");
    void r;
    await p.host.close();
  });

  test("§3.8 unknown cluster and missing :path are BadArgument", async () => {
    const p = await probeHost("", { clusters: { "probe-cluster": url } });
    await exchange(p.host, { requestHeaders: request("GET", "/call-unknown"), responseHeaders: okResponse() });
    assert.equal(p.value("call.rc"), "2");
    await exchange(p.host, { requestHeaders: request("GET", "/call-nopath"), responseHeaders: okResponse() });
    assert.equal(p.value("call.rc"), "2");
    await p.host.close();
  });

  test("§3.8 tokens are 4, 8, 12 per VM", async () => {
    const p = await probeHost("", { clusters: { "probe-cluster": url } });
    await exchange(p.host, { requestHeaders: request("GET", "/call-three"), responseHeaders: okResponse() });
    assert.equal(p.value("call.tokens"), "4,8,12");
    assert.equal(p.values("call").length, 3, "each call is answered on the root context");
    await p.host.close();
  });

  test("§3.8 a plain host header is not :authority (BadArgument); timeout >= 2^31 is BadArgument", async () => {
    const p = await probeHost("", { clusters: { "probe-cluster": url } });
    await exchange(p.host, { requestHeaders: request("GET", "/call-hostonly"), responseHeaders: okResponse() });
    assert.equal(p.value("call.rc"), "2");
    await exchange(p.host, { requestHeaders: request("GET", "/call-hugetimeout"), responseHeaders: okResponse() });
    assert.equal(p.value("call.rc"), "2");
    await p.host.close();
  });

  test("§3.8 timeout surfaces as a 504 response 'upstream request timeout' (choice: §5 item 5)", async () => {
    const p = await probeHost("", { clusters: { "probe-cluster": url } });
    const r = await exchange(p.host, { requestHeaders: request("GET", "/call-timeout"), responseHeaders: okResponse() });
    assert.equal(p.value("call.rc"), "0");
    assert.equal(p.value("call.status"), "504");
    assert.equal(p.value("call.body"), "upstream request timeout");
    assert.equal(p.value("call.get_status"), "0 code=0 msg=");
    assert.ok(r.upstream.headers, "the stream resumed after the callback's continue_stream");
    await p.host.close();
  });

  test("§1.4 headers 4 then continue_stream: the body held meanwhile reaches the filter as one callback", async () => {
    const p = await probeHost("", { clusters: { "probe-cluster": url } });
    const up: Buffer[] = [];
    let upHeaders = false;
    const sink: StreamSink = {
      upstreamHeaders() { upHeaders = true; }, upstreamData(d) { up.push(Buffer.from(d)); }, upstreamTrailers() {},
      downstreamHeaders() {}, downstreamData() {}, downstreamTrailers() {}, cancelUpstream() {}, reset() {},
    };
    const stream = p.host.createStream(sink);
    // The whole request arrives while the filter waits for its callout.
    stream.decodeHeaders(request("POST", "/call"), false);
    stream.decodeData(Buffer.from("abc"), false);
    stream.decodeData(Buffer.from("def"), true);
    assert.equal(upHeaders, false, "paused: nothing forwarded yet");
    assert.equal(p.values("req_body").length, 0, "no body callbacks while stopped from headers");
    await settle(p.host);
    assert.equal(p.value("call.continue"), "0");
    assert.deepEqual(p.values("req_body"), ["len=6 eos=1"]);
    assert.equal(upHeaders, true);
    assert.equal(Buffer.concat(up).toString(), "abcdef");
    stream.complete();
    await p.host.close();
  });

  test("§1.4 headers 4 then continue_stream with only trailers held: headers go out without end_stream, then the trailers", async () => {
    const p = await probeHost("", { clusters: { "probe-cluster": url } });
    const events: string[] = [];
    const sink: StreamSink = {
      upstreamHeaders(_h, end) { events.push(`headers end=${end}`); }, upstreamData(d, end) { events.push(`data ${d.length} end=${end}`); },
      upstreamTrailers(t) { events.push(`trailers ${t.map(([k, v]) => `${k}=${v}`).join(",")}`); },
      downstreamHeaders() {}, downstreamData() {}, downstreamTrailers() {}, cancelUpstream() {}, reset() {},
    };
    const stream = p.host.createStream(sink);
    stream.decodeHeaders(request("POST", "/call"), false);
    stream.decodeTrailers([["x-t", "1"]]);
    await settle(p.host);
    assert.deepEqual(events, ["headers end=false", "trailers x-t=1"]);
    assert.equal(p.value("req_trailers"), "count=1 t=!11", "the filter saw the held trailers (grpc-status NotFound \"!1\", then x-t \"1\")");
    stream.complete();
    await p.host.close();
  });

  test("§3.8 a failed call: callback with zero sizes, get_status 11 reset", async () => {
    const p = await probeHost("", { clusters: { "probe-cluster": "http://127.0.0.1:1" } });
    await exchange(p.host, { requestHeaders: request("GET", "/call"), responseHeaders: okResponse() });
    const deadline = Date.now() + 3000;
    while (!p.value("call") && Date.now() < deadline) await new Promise((res) => setTimeout(res, 10));
    assert.match(p.value("call") ?? "", /headers=0 body=0/);
    assert.equal(p.value("call.get_status"), "0 code=11 msg=reset");
    assert.equal(p.value("call.body.rc"), "1", "no response: buffer 4 is NotFound even inside the callback");
    await p.host.close();
  });
});

describe("§3.1 WASI and §3.2 logging", () => {
  test("§3.1 fd_write logs, bad fd is BADF, clocks, random_get over 64 KiB is INVAL, environ from vm config", async () => {
    const p = await probeHost("wasi", { env: { A: "1", B: "2" }, logLevel: "info" });
    assert.equal(p.value("wasi.fd_write"), "0");
    assert.ok(p.lines.includes("hello from fd_write"), "stdout goes to the log at info, trailing newline stripped");
    assert.equal(p.value("wasi.fd_write.bad_fd"), "8");
    assert.equal(p.value("wasi.clock_time_get.realtime"), "0");
    assert.equal(p.value("wasi.clock_time_get.bad"), "58");
    assert.equal(p.value("wasi.random_get.too_big"), "28");
    assert.equal(p.value("wasi.environ_count"), "2");
    assert.equal(p.value("log_level"), "2", "proxy_get_log_level reports the configured level");
    await p.host.close();
  });

  test("§3.2 log prefixes: stream ' <plugin name> <root_id> <vm_id>', root ' <root_id>', and the level filter", async () => {
    const p = await probeHost("", { logLevel: "info" });
    await exchange(p.host, { requestHeaders: request("GET", "/x"), responseHeaders: okResponse() });
    assert.ok(p.texts.some((t) => t.startsWith("wasm log shop.probe probe-root: probe:req_headers=")), p.texts.join("\n"));
    assert.ok(p.texts.some((t) => t.startsWith("wasm log probe-root: probe:cb=configure")));
    const quiet = await probeHost("", { logLevel: "warn" });
    await exchange(quiet.host, { requestHeaders: request("GET", "/x"), responseHeaders: okResponse() });
    assert.equal(quiet.values("req_headers").length, 0, "info lines are dropped at the warn level (Istio's default)");
    await p.host.close();
    await quiet.host.close();
  });
});

export type { ProbeHost };
