// The bench's per-request "filter time" (HttpStream.filterTimeMs): the time inside a stream's Wasm
// callbacks, kept only when the host is asked to (measureFilterTime). Not an Envoy feature: a measuring hook.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { StreamSink } from "../../host/index.ts";
import { probeHost, okResponse } from "./probe-host.ts";
import { requestHeaders } from "../../host/testing.ts";

const sink: StreamSink = {
  upstreamHeaders() {}, upstreamData() {}, upstreamTrailers() {}, downstreamHeaders() {}, downstreamData() {}, downstreamTrailers() {},
  cancelUpstream() {}, reset() {},
};

async function oneStream(measure: boolean): Promise<{ filterMs: number; wallMs: number }> {
  const p = await probeHost("", { measureFilterTime: measure });
  const t0 = performance.now();
  const s = p.host.createStream(sink, {});
  s.decodeHeaders(requestHeaders("POST", "/headers"), false);
  s.decodeData(Buffer.from("abc"), true);
  s.encodeHeaders(okResponse(), false);
  s.encodeData(Buffer.from("{}"), true);
  s.complete();
  const wallMs = performance.now() - t0;
  assert.ok(p.values("req_body").length > 0, "the probe's body callback ran");
  await p.host.close();
  return { filterMs: s.filterTimeMs, wallMs };
}

test("filterTimeMs sums the stream's callbacks when measureFilterTime is on, within the stream's wall time", async () => {
  const { filterMs, wallMs } = await oneStream(true);
  assert.ok(filterMs > 0, `some time was spent in the callbacks (got ${filterMs})`);
  assert.ok(filterMs <= wallMs, `callback time ${filterMs} ms is part of the stream's ${wallMs} ms`);
});

test("filterTimeMs stays 0 unless the host measures it", async () => {
  const { filterMs } = await oneStream(false);
  assert.equal(filterMs, 0);
});
