// The manager's HTTP server: fastify built from route plugins, documented at /openapi.json.
import Fastify, { type FastifyInstance } from "fastify";
import swagger from "@fastify/swagger";
import { type ApiToken, requireRole } from "./auth.ts";
import { ManagerMetrics } from "./metrics.ts";
import { TelemetryStore } from "./telemetry/store.ts";
import { telemetryRoutes } from "./telemetry/routes.ts";
import { SqlitePolicyStore, type PolicyStore } from "./store/policy-store.ts";
import { policyRoutes } from "./policy/routes.ts";
import { policySchema } from "./policy/model.ts";
import { Reconciler, type RolloutTarget, type ReconcilerOptions } from "./rollout/reconciler.ts";
import { wasmRoutes } from "./rollout/wasm-route.ts";
import { LeaderForwarder, type LeaderLink } from "./leader-forward.ts";

export interface ManagerOptions {
  dataDir: string;
  apiTokens: ApiToken[];
  collectorTokens: string[];
  retentionDays?: number;
  logger?: boolean;
  /** Where compiled configs go (local gateways or Kubernetes); none = API only. */
  rolloutTarget?: RolloutTarget;
  reconcile?: ReconcilerOptions & { autoStart?: boolean };
  /** The filter module served at GET /filter.wasm (default build/l7guard.wasm). */
  wasmPath?: string;
  /** Policy versions, audit and status; default SQLite in dataDir (Kubernetes modes pass the ConfigMap store). */
  policyStore?: PolicyStore;
  /**
   * Kubernetes modes: who leads. The leader owns telemetry; a standby forwards ingest and analytics routes to it.
   * None (--local): every route is served locally.
   */
  leader?: LeaderLink;
}

export interface Manager {
  app: FastifyInstance; store: TelemetryStore; policyStore: PolicyStore; metrics: ManagerMetrics; reconciler?: Reconciler;
  close(): Promise<void>;
}

export async function buildManager(opts: ManagerOptions): Promise<Manager> {
  const store = new TelemetryStore({ dataDir: opts.dataDir, retentionDays: opts.retentionDays });
  const metrics = new ManagerMetrics();
  const policyStore = opts.policyStore ?? new SqlitePolicyStore(opts.dataDir);
  const reconciler = opts.rolloutTarget ? new Reconciler(policyStore, opts.rolloutTarget, {
    ...opts.reconcile,
    onPass: (r) => { metrics.recordPass(r); opts.reconcile?.onPass?.(r); },
  }) : undefined;
  const app = Fastify({ logger: opts.logger ?? false, ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: true } } });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "l7guard manager", version: "0.1.0", description: "Policy, rollout and telemetry analytics for the l7guard filter." },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    },
  });
  // Query-string and path errors answer 400 with the JSON pointer of what is wrong.
  app.setErrorHandler((err, _req, reply) => {
    const e = err as { validation?: Array<{ instancePath: string; message?: string }>; validationContext?: string; statusCode?: number; message: string };
    if (e.validation) {
      return reply.code(400).send({ error: `invalid ${e.validationContext ?? "request"}`, errors: e.validation.map((v) => ({ pointer: `/${e.validationContext ?? ""}${v.instancePath}`, message: v.message ?? "invalid" })) });
    }
    if (e.statusCode && e.statusCode < 500) return reply.code(e.statusCode).send({ error: e.message });
    reply.log.error(err);
    return reply.code(500).send({ error: "internal error" });
  });
  app.get("/healthz", { schema: { hide: true } }, async () => ({ ok: true }));
  app.get("/readyz", { schema: { hide: true } }, async () => ({ ok: true, schemaVersion: store.schemaVersion }));
  // Everything but the probes needs a token (Prometheus sends it with bearer_token_file).
  const viewer = requireRole(() => opts.apiTokens, "viewer");
  app.get("/metrics", { schema: { hide: true }, preHandler: viewer }, async (_req, reply) => reply.type("text/plain; version=0.0.4").send(metrics.render()));
  const forwarder = opts.leader ? new LeaderForwarder(opts.leader, metrics) : undefined;
  await app.register(telemetryRoutes, { store, metrics, collectorTokens: () => opts.collectorTokens, apiTokens: () => opts.apiTokens, leaderGate: forwarder?.hook });
  app.addSchema({ ...policySchema, $schema: undefined });
  await app.register(policyRoutes, { store: policyStore, apiTokens: () => opts.apiTokens, reconciler: () => reconciler });
  await app.register(wasmRoutes, { wasmPath: opts.wasmPath ?? new URL("../build/l7guard.wasm", import.meta.url).pathname });
  app.get("/openapi.json", { schema: { hide: true }, preHandler: viewer }, async () => app.swagger());
  await app.ready();
  if (reconciler && opts.reconcile?.autoStart !== false) reconciler.start();
  return {
    app, store, policyStore, metrics, reconciler,
    close: async () => { reconciler?.stop(); await app.close(); forwarder?.close(); store.close(); await policyStore.close(); },
  };
}
