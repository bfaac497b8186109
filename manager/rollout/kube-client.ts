// Connection reuse for @kubernetes/client-node 1.x. Its KubeConfig builds a new http(s).Agent for every
// request, so each API call opens (and, against a real API server, TLS-handshakes) a fresh connection:
// a rollout to 1,000 namespaces paid 1,000+ connects. Here the agent is built once per distinct set of
// agent options (server, CA, client certificate…), with keep-alive, and reused; a rotated client
// certificate yields different options and so a new agent. Proxied clusters keep the library's agents.
import type * as k8s from "@kubernetes/client-node";
import { createHash } from "node:crypto";
import type { Agent } from "node:http";

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
