// Connection reuse for @kubernetes/client-node 1.x. Its KubeConfig builds a new http(s).Agent for every
// request, so each API call opens (and, against a real API server, TLS-handshakes) a fresh connection:
// a rollout to 1,000 namespaces paid 1,000+ connects. Here the agent is built once per distinct set of
// agent options (server, CA, client certificate…), with keep-alive, and reused; a rotated client
// certificate yields different options and so a new agent. Proxied clusters keep the library's agents.
import type * as k8s from "@kubernetes/client-node";
import { createHash } from "node:crypto";
import type { Agent } from "node:http";
import * as k8sRuntime from "@kubernetes/client-node";
import { Backoff } from "./backoff.ts";

const REUSING = Symbol("l7guard.reuseConnections");
type CreateAgent = (cluster: k8s.Cluster | null, agentOptions: Record<string, unknown>) => Agent;

export function reuseConnections(kc: k8s.KubeConfig, opts: { maxSockets?: number } = {}): k8s.KubeConfig {
  const target = kc as unknown as { createAgent?: CreateAgent; [REUSING]?: true };
  const original = target.createAgent;
  if (target[REUSING] || typeof original !== "function") return kc; // library internals changed: still correct, only slower
  target[REUSING] = true;
  const agents = new Map<string, Agent>();
  target.createAgent = (cluster, agentOptions) => {
    if (cluster?.proxyUrl) return original.call(kc, cluster, agentOptions);
    const key = createHash("sha256").update(JSON.stringify([cluster?.server, cluster?.skipTLSVerify, agentOptions])).digest("hex");
    let agent = agents.get(key);
    if (!agent) {
      agent = original.call(kc, cluster, { ...agentOptions, keepAlive: true, maxSockets: opts.maxSockets ?? 64, scheduling: "lifo" });
      agents.set(key, agent);
    }
    return agent;
  };
  return kc;
}

/**
 * Keeps an informer running. A reset connection or a failed list/watch stops a client-node informer (it
 * emits `error`); start it again — it resumes from its resourceVersion, or relists — after a capped,
 * jittered exponential delay, so many managers losing the API server at once do not return in step.
 * As in client-go, the delay starts over only after the informer has run without error for resetAfterMs
 * (default: the cap), so a server that accepts a watch and drops it at once is not hammered either.
 */
export function superviseInformer(inf: k8s.Informer<k8s.KubernetesObject>, o: { baseMs: number; maxMs: number; resetAfterMs?: number; stopped: () => boolean; onRestart?: (delayMs: number, error: unknown) => void; random?: () => number }): void {
  const backoff = new Backoff(o.baseMs, o.maxMs, o.random);
  let pending = false, healthySince = 0;
  const restart = (err: unknown) => {
    if (o.stopped() || pending) return;
    if (healthySince && Date.now() - healthySince >= (o.resetAfterMs ?? o.maxMs)) backoff.reset();
    healthySince = 0;
    pending = true;
    const delay = backoff.next();
    o.onRestart?.(delay, err);
    setTimeout(() => {
      pending = false;
      if (o.stopped()) return;
      // client-node reports a failed list or watch through `error` before start() resolves.
      let failed = false;
      const mark = () => { failed = true; };
      inf.on(k8sRuntime.ERROR, mark);
      inf.start().then(() => { inf.off(k8sRuntime.ERROR, mark); if (!failed) healthySince = Date.now(); }, (e) => { inf.off(k8sRuntime.ERROR, mark); restart(e); });
    }, delay).unref();
  };
  inf.on(k8sRuntime.ERROR, restart);
}
