// Backoff with jitter, Retry-After parsing, and the informer supervisor's restart delays.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import type * as k8s from "@kubernetes/client-node";
import { Backoff, retryAfterMs } from "../../manager/rollout/backoff.ts";
import { superviseInformer } from "../../manager/rollout/kube-client.ts";

test("backoff doubles from base to the cap, jitters within [d/2, d], and reset starts over", () => {
  const lo = new Backoff(100, 1000, () => 0), hi = new Backoff(100, 1000, () => 1);
  assert.deepEqual(Array.from({ length: 6 }, () => lo.next()), [50, 100, 200, 400, 500, 500]);
  assert.deepEqual(Array.from({ length: 6 }, () => hi.next()), [100, 200, 400, 800, 1000, 1000]);
  hi.reset();
  assert.equal(hi.next(), 100);
  const r = new Backoff(1000, 60_000);
  for (let i = 0; i < 200; i++) { const d = r.next(); assert.ok(d >= 500 && d <= 60_000, `delay ${d}`); }
});

test("Retry-After in seconds or as an HTTP date", () => {
  assert.equal(retryAfterMs({ headers: { "retry-after": "3" } }), 3000);
  assert.equal(retryAfterMs({ headers: { "retry-after": new Date(10_000).toUTCString() } }, 4_000), 6000);
  assert.equal(retryAfterMs({ headers: {} }), undefined);
  assert.equal(retryAfterMs({ headers: { "retry-after": "soon" } }), undefined);
  assert.equal(retryAfterMs(new Error("x")), undefined);
});

// A stand-in informer: start() succeeds or, like client-node's after a failed list, emits `error` first.
class FakeInformer extends EventEmitter {
  starts = 0;
  constructor(private failFirst: number) { super(); }
  async start() { await null; this.starts++; if (this.starts <= this.failFirst) this.emit("error", new Error(`fail ${this.starts}`)); }
}

test("a failing informer is restarted with growing delays; a clean restart resets them", async () => {
  const inf = new FakeInformer(4);
  const delays: number[] = [];
  superviseInformer(inf as unknown as k8s.Informer<k8s.KubernetesObject>, { baseMs: 10, maxMs: 1000, resetAfterMs: 1000, stopped: () => false, onRestart: (d) => delays.push(d), random: () => 1 });
  inf.emit("error", new Error("connection reset"));
  const until = Date.now() + 5000;
  while (inf.starts < 5 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(inf.starts, 5, "restarted until one start succeeded");
  assert.deepEqual(delays, [10, 20, 40, 80, 160]);
  inf.emit("error", new Error("dropped right after the restart"));
  assert.equal(delays.at(-1), 320, "a failure soon after a restart keeps growing the delay");
  while (inf.starts < 6 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 1200));
  inf.emit("error", new Error("reset after a healthy period"));
  assert.equal(delays.at(-1), 10, "the delay starts from base again after the informer ran healthy for resetAfterMs");
});

test("no restart once stopped", async () => {
  const inf = new FakeInformer(0);
  let stopped = false;
  superviseInformer(inf as unknown as k8s.Informer<k8s.KubernetesObject>, { baseMs: 5, maxMs: 10, stopped: () => stopped });
  stopped = true;
  inf.emit("error", new Error("reset"));
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(inf.starts, 0);
});
