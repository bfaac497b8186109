// Telemetry routes: POST /api/v1/ingest (filters) and the analytics read API. Each route carries its JSON
// schema, which fastify uses for validation and serialization and @fastify/swagger for /openapi.json.
import type { FastifyInstance, FastifyPluginAsync, onRequestHookHandler } from "fastify";
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ApiToken } from "../auth.ts";
import { requireCollector, requireRole } from "../auth.ts";
import { type TelemetryBatch, TelemetryStore } from "./store.ts";
import { ManagerMetrics } from "../metrics.ts";
import { countryOf } from "./geo.ts";
import { buildOpenApi, type StoredField, type StoredSamples } from "./openapi.ts";
import { mergeEndpoints, type ObservedEndpoint, type TemplateRule } from "./templates.ts";

const batchSchema = JSON.parse(readFileSync(new URL("../../schemas/telemetry-batch.schema.json", import.meta.url), "utf8"));
const validateBatch = new Ajv2020({ allErrors: true, strict: false }).compile<TelemetryBatch>(batchSchema);
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

export interface TelemetryOptions {
  store: TelemetryStore; collectorTokens: () => string[]; apiTokens: () => ApiToken[]; metrics: ManagerMetrics;
  /** Runs first on every route here (Kubernetes modes: a standby forwards them to the leader, manager/leader-forward.ts). */
  leaderGate?: onRequestHookHandler;
}

const errorBody = { type: "object", properties: { error: { type: "string" } } } as const;
const node = { type: "object", properties: { id: { type: "string" }, kind: { type: "string" }, namespace: { type: ["string", "null"] }, workload: { type: ["string", "null"] }, app: { type: ["string", "null"] }, version: { type: ["string", "null"] }, host: { type: ["string", "null"] }, lastSeen: { type: "integer" } } } as const;
const edge = {
  type: "object", properties: {
    source: { type: "string" }, destination: { type: "string" }, direction: { type: "string" }, protocol: { type: "string" }, count: { type: "integer" },
    blocked: { type: "integer" }, errors: { type: "integer" }, latencyMsAvg: { type: "number" }, latencyMsMax: { type: "number" },
    requestBytes: { type: "integer" }, responseBytes: { type: "integer" }, firstSeen: { type: "integer" }, lastSeen: { type: "integer" },
    pii: { type: "object", properties: { request: { type: "array", items: { type: "string" } }, response: { type: "array", items: { type: "string" } } } },
  },
} as const;

export const telemetryRoutes: FastifyPluginAsync<TelemetryOptions> = async (app: FastifyInstance, opts) => {
  const { store, metrics } = opts;
  const viewer = requireRole(opts.apiTokens, "viewer");
  // Encapsulated in this plugin: it gates the telemetry routes only (health, metrics, policy stay local).
  if (opts.leaderGate) {
    app.addHook("onRequest", opts.leaderGate);
    // Documented where it can happen: no leader known or reachable (Retry-After says when to try again).
    app.addHook("onRoute", (route) => {
      const schema = route.schema as { response?: Record<string, unknown> } | undefined;
      if (schema?.response && !schema.response[503]) schema.response = { ...schema.response, 503: { description: "No manager leader known or reachable; retry after Retry-After seconds", ...errorBody } };
    });
  }

  app.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: MAX_BATCH_BYTES }, (_req, body, done) => {
    try { done(null, JSON.parse(body as string)); } catch (e) { (e as Error & { statusCode?: number }).statusCode = 400; done(e as Error, undefined); }
  });

  app.post("/api/v1/ingest", {
    preHandler: requireCollector(opts.collectorTokens),
    bodyLimit: MAX_BATCH_BYTES,
    schema: {
      summary: "Telemetry batch from a filter (schemas/telemetry-batch.schema.json)",
      tags: ["telemetry"],
      security: [{ bearer: [] }],
      response: {
        202: { type: "object", properties: { accepted: { type: "boolean" }, duplicate: { type: "boolean" }, aggregates: { type: "integer" }, events: { type: "integer" } } },
        400: { type: "object", properties: { error: { type: "string" }, errors: { type: "array", items: { type: "object", properties: { pointer: { type: "string" }, message: { type: "string" } } } } } },
        401: errorBody,
      },
    },
  }, async (req, reply) => {
    const batch = req.body;
    if (!validateBatch(batch)) {
      metrics.ingestRejected++;
      const errors = (validateBatch.errors ?? []).map((e) => ({ pointer: e.instancePath || "/", message: `${e.message ?? "invalid"}${e.params && "additionalProperty" in e.params ? `: ${(e.params as { additionalProperty: string }).additionalProperty}` : ""}` }));
      req.log.warn({ errors: errors.slice(0, 5) }, "telemetry batch rejected");
      return reply.code(400).send({ error: "telemetry batch does not match schemaVersion 1", errors });
    }
    const stored = store.ingest(batch);
    if (stored) { metrics.ingestAccepted++; metrics.eventsStored += batch.events?.length ?? 0; } else metrics.ingestDuplicate++;
    return reply.code(202).send({ accepted: stored, duplicate: !stored, aggregates: batch.aggregates?.length ?? 0, events: batch.events?.length ?? 0 });
  });

  app.get("/api/v1/graph", {
    preHandler: viewer,
    schema: {
      summary: "Service graph: workloads and external hosts, edges with L7 stats and PII types per direction", tags: ["analytics"], security: [{ bearer: [] }],
      querystring: { type: "object", additionalProperties: false, properties: { namespace: { type: "string" } } },
      response: { 200: { type: "object", properties: { nodes: { type: "array", items: node }, edges: { type: "array", items: edge } } }, 401: errorBody, 403: errorBody },
    },
  }, async (req) => {
    const ns = (req.query as { namespace?: string }).namespace;
    const nodes = store.db.prepare("SELECT id, kind, namespace, workload, app, version, host, last_seen AS lastSeen FROM tel_nodes ORDER BY id").all() as Array<Record<string, unknown>>;
    const edges = store.db.prepare(`SELECT source, destination, direction, protocol, count, blocked, errors, latency_ms_sum / max(count, 1) AS latencyMsAvg,
      latency_ms_max AS latencyMsMax, request_bytes AS requestBytes, response_bytes AS responseBytes, first_seen AS firstSeen, last_seen AS lastSeen
      FROM tel_edges ORDER BY source, destination`).all() as Array<Record<string, unknown>>;
    const flows = store.db.prepare("SELECT pii_type, source, destination, direction FROM tel_pii_flows").all() as Array<{ pii_type: string; source: string; destination: string; direction: string }>;
    for (const e of edges) {
      const pii = { request: [] as string[], response: [] as string[] };
      for (const f of flows) {
        if (f.direction === "request" && f.source === e.source && f.destination === e.destination) pii.request.push(f.pii_type);
        if (f.direction === "response" && f.source === e.destination && f.destination === e.source) pii.response.push(f.pii_type);
      }
      e.pii = pii;
    }
    const keep = (id: string) => !ns || id.startsWith(`${ns}/`);
    return { nodes: nodes.filter((n) => keep(n.id as string) || (n.kind === "external")), edges: edges.filter((e) => keep(e.source as string) || keep(e.destination as string)) };
  });

  const endpointItem = { type: "object", properties: {
    service: { type: "string" }, method: { type: "string" }, pathTemplate: { type: "string" }, count: { type: "integer" }, blocked: { type: "integer" },
    errors: { type: "integer" }, firstSeen: { type: "integer" }, lastSeen: { type: "integer" }, piiTypes: { type: "array", items: { type: "string" } },
    observedTemplates: { type: "array", items: { type: "string" } },
  } } as const;

  app.get("/api/v1/endpoints", {
    preHandler: viewer,
    schema: {
      summary: "API inventory: observed paths merged into templates per service (pins and splits applied)", tags: ["analytics"], security: [{ bearer: [] }],
      querystring: { type: "object", additionalProperties: false, properties: { service: { type: "string" } } },
      response: { 200: { type: "object", properties: { endpoints: { type: "array", items: endpointItem } } }, 401: errorBody, 403: errorBody },
    },
  }, async (req) => {
    const service = (req.query as { service?: string }).service;
    const rows = store.db.prepare(`SELECT service, method, path_template AS template, sum(count) AS count, sum(blocked) AS blocked, sum(errors) AS errors,
      min(first_seen) AS firstSeen, max(last_seen) AS lastSeen FROM tel_endpoints ${service ? "WHERE service = ?" : ""}
      GROUP BY service, method, path_template`).all(...(service ? [service] : [])) as Array<ObservedEndpoint & { service: string }>;
    const pii = store.db.prepare("SELECT service, method, path_template AS template, pii_type AS type FROM tel_endpoint_pii").all() as Array<{ service: string; method: string; template: string; type: string }>;
    const rules = store.db.prepare("SELECT service, kind, template FROM tel_template_rules").all() as Array<TemplateRule & { service: string }>;
    const services = [...new Set(rows.map((r) => r.service))].sort();
    const endpoints = [];
    for (const svc of services) {
      const merged = mergeEndpoints(rows.filter((r) => r.service === svc), rules.filter((r) => r.service === svc));
      for (const m of merged) {
        const types = new Set(pii.filter((p) => p.service === svc && p.method === m.method && m.sources.includes(p.template)).map((p) => p.type));
        endpoints.push({ service: svc, method: m.method, pathTemplate: m.template, count: m.count, blocked: m.blocked, errors: m.errors,
          firstSeen: m.firstSeen, lastSeen: m.lastSeen, piiTypes: [...types].sort(), observedTemplates: [...new Set(m.sources)].sort() });
      }
    }
    return { endpoints };
  });

  const ruleBody = { type: "object", additionalProperties: false, required: ["service", "kind", "template"], properties: {
    service: { type: "string", minLength: 1, maxLength: 512 }, kind: { enum: ["pin", "split"] }, template: { type: "string", pattern: "^/", maxLength: 2048 },
  } } as const;
  app.get("/api/v1/endpoints/rules", {
    preHandler: viewer,
    schema: { summary: "Template pins and splits", tags: ["analytics"], security: [{ bearer: [] }],
      response: { 200: { type: "object", properties: { rules: { type: "array", items: { type: "object", properties: { id: { type: "integer" }, service: { type: "string" }, kind: { type: "string" }, template: { type: "string" } } } } } } } },
  }, async () => ({ rules: store.db.prepare("SELECT id, service, kind, template FROM tel_template_rules ORDER BY id").all() }));
  app.post("/api/v1/endpoints/rules", {
    preHandler: requireRole(opts.apiTokens, "editor"),
    schema: { summary: "Pin a template (paths matching it always use it) or split a position (never merge the children of this path)", tags: ["analytics"], security: [{ bearer: [] }],
      body: ruleBody, response: { 201: { type: "object", properties: { id: { type: "integer" } } }, 409: errorBody } },
  }, async (req, reply) => {
    const b = req.body as { service: string; kind: string; template: string };
    try {
      const r = store.db.prepare("INSERT INTO tel_template_rules (service, kind, template, created_at) VALUES (?, ?, ?, ?)").run(b.service, b.kind, b.template, Date.now());
      return reply.code(201).send({ id: Number(r.lastInsertRowid) });
    } catch { return reply.code(409).send({ error: "this rule exists already" }); }
  });
  app.delete("/api/v1/endpoints/rules/:id", {
    preHandler: requireRole(opts.apiTokens, "editor"),
    schema: { summary: "Remove a pin or split", tags: ["analytics"], security: [{ bearer: [] }], params: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
      response: { 204: { type: "null" }, 404: errorBody } },
  }, async (req, reply) => {
    const r = store.db.prepare("DELETE FROM tel_template_rules WHERE id = ?").run((req.params as { id: number }).id);
    return r.changes ? reply.code(204).send() : reply.code(404).send({ error: "no such rule" });
  });

  app.get("/api/v1/pii", {
    preHandler: viewer,
    schema: {
      summary: "PII statistics per type and the data-flow map (which types flow from which service to which, egress included)", tags: ["analytics"], security: [{ bearer: [] }],
      response: { 200: { type: "object", properties: {
        types: { type: "array", items: { type: "object", properties: { type: { type: "string" }, count: { type: "integer" }, flows: { type: "integer" } } } },
        flows: { type: "array", items: { type: "object", properties: { type: { type: "string" }, source: { type: "string" }, destination: { type: "string" }, direction: { type: "string" }, count: { type: "integer" }, egress: { type: "boolean" } } } },
      } }, 401: errorBody, 403: errorBody },
    },
  }, async () => {
    const flows = (store.db.prepare("SELECT pii_type AS type, source, destination, direction, count FROM tel_pii_flows ORDER BY count DESC").all() as Array<Record<string, unknown>>)
      .map((f) => ({ ...f, egress: String(f.destination).startsWith("external:") }));
    const types = store.db.prepare("SELECT pii_type AS type, sum(count) AS count, count(*) AS flows FROM tel_pii_flows GROUP BY pii_type ORDER BY count DESC").all();
    return { types, flows };
  });

  app.get("/api/v1/events", {
    preHandler: viewer,
    schema: {
      summary: "Security events, newest first, filterable and paginated (cursor = the last id seen)", tags: ["analytics"], security: [{ bearer: [] }],
      querystring: { type: "object", additionalProperties: false, properties: {
        category: { type: "string" }, type: { type: "string" }, action: { enum: ["allow", "alert", "redact", "block"] }, service: { type: "string" },
        since: { type: "integer", minimum: 0 }, limit: { type: "integer", minimum: 1, maximum: 1000, default: 100 }, cursor: { type: "integer", minimum: 1 },
      } },
      response: { 200: { type: "object", properties: {
        events: { type: "array", items: { type: "object", additionalProperties: true, properties: { id: { type: "integer" }, time: { type: "integer" }, category: { type: "string" }, type: { type: "string" }, action: { type: "string" } } } },
        nextCursor: { type: ["integer", "null"] },
      } }, 401: errorBody, 403: errorBody },
    },
  }, async (req) => {
    const q = req.query as { category?: string; type?: string; action?: string; service?: string; since?: number; limit: number; cursor?: number };
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.category) { where.push("category = ?"); args.push(q.category); }
    if (q.type) { where.push("type = ?"); args.push(q.type); }
    if (q.action) { where.push("action = ?"); args.push(q.action); }
    if (q.service) { where.push("service = ?"); args.push(q.service); }
    if (q.since) { where.push("time >= ?"); args.push(q.since); }
    if (q.cursor) { where.push("id < ?"); args.push(q.cursor); }
    const rows = store.db.prepare(`SELECT id, time, category, type, action, direction, source, destination, service, method, path_template AS pathTemplate,
      request_id AS requestId, location, evidence, user, client_ip AS clientIp, status FROM tel_events ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY id DESC LIMIT ?`).all(...args, q.limit + 1) as Array<{ id: number }>;
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    return { events: page, nextCursor: more ? page[page.length - 1].id : null };
  });

  const transactionItem = { type: "object", properties: {
    id: { type: "integer" }, time: { type: "integer" }, requestId: { type: ["string", "null"] }, source: { type: "string" }, destination: { type: "string" },
    direction: { type: ["string", "null"] }, service: { type: "string" }, host: { type: ["string", "null"] }, method: { type: "string" }, pathTemplate: { type: "string" },
    status: { type: ["integer", "null"] }, latencyMs: { type: ["number", "null"] }, requestBytes: { type: ["integer", "null"] }, responseBytes: { type: ["integer", "null"] },
    user: { type: ["string", "null"] }, blocked: { type: "boolean" }, requestContentType: { type: ["string", "null"] }, responseContentType: { type: ["string", "null"] },
    findings: { type: "array", items: { type: "string" } },
    fields: { type: "array", items: { type: "object", properties: { path: { type: "string" }, finding: { type: "string" }, action: { type: "string" } } } },
  } } as const;

  app.get("/api/v1/transactions", {
    preHandler: viewer,
    schema: {
      summary: "Sampled transaction log (filters with collector.sampleRate > 0): redacted request/response summaries, newest first, paginated (cursor = the last id seen)",
      tags: ["analytics"], security: [{ bearer: [] }],
      querystring: { type: "object", additionalProperties: false, properties: {
        service: { type: "string" }, user: { type: "string" }, method: { type: "string" }, pathTemplate: { type: "string" }, finding: { type: "string", maxLength: 64 },
        since: { type: "integer", minimum: 0 }, limit: { type: "integer", minimum: 1, maximum: 1000, default: 100 }, cursor: { type: "integer", minimum: 1 },
      } },
      response: { 200: { type: "object", properties: { transactions: { type: "array", items: transactionItem }, nextCursor: { type: ["integer", "null"] } } }, 401: errorBody, 403: errorBody },
    },
  }, async (req) => {
    const q = req.query as { service?: string; user?: string; method?: string; pathTemplate?: string; finding?: string; since?: number; limit: number; cursor?: number };
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.service) { where.push("service = ?"); args.push(q.service); }
    if (q.user) { where.push("user = ?"); args.push(q.user); }
    if (q.method) { where.push("method = ?"); args.push(q.method.toUpperCase()); }
    if (q.pathTemplate) { where.push("path_template = ?"); args.push(q.pathTemplate); }
    if (q.finding) { where.push("EXISTS (SELECT 1 FROM json_each(findings) WHERE value = ?)"); args.push(q.finding); }
    if (q.since) { where.push("time >= ?"); args.push(q.since); }
    if (q.cursor) { where.push("id < ?"); args.push(q.cursor); }
    const rows = store.db.prepare(`SELECT id, time, request_id AS requestId, source, destination, direction, service, host, method, path_template AS pathTemplate,
      status, latency_ms AS latencyMs, request_bytes AS requestBytes, response_bytes AS responseBytes, user, blocked, request_content_type AS requestContentType,
      response_content_type AS responseContentType, findings, fields FROM tel_transactions ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY id DESC LIMIT ?`).all(...args, q.limit + 1) as Array<Record<string, unknown> & { id: number; blocked: number; findings: string; fields: string }>;
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit).map((r) => ({ ...r, blocked: r.blocked === 1, findings: JSON.parse(r.findings) as string[], fields: JSON.parse(r.fields) as unknown[] }));
    return { transactions: page, nextCursor: more ? page[page.length - 1].id : null };
  });

  app.get("/api/v1/users/:id", {
    preHandler: viewer,
    schema: {
      summary: "End-user behaviour: endpoints called, volumes, first time each was seen", tags: ["analytics"], security: [{ bearer: [] }],
      params: { type: "object", properties: { id: { type: "string", minLength: 1, maxLength: 256 } }, required: ["id"] },
      response: { 200: { type: "object", properties: { user: { type: "string" }, requests: { type: "integer" }, endpoints: { type: "array", items: { type: "object", additionalProperties: true } } } }, 404: errorBody },
    },
  }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const endpoints = store.db.prepare(`SELECT service, method, path_template AS pathTemplate, count, request_bytes AS requestBytes, response_bytes AS responseBytes,
      first_seen AS firstSeen, last_seen AS lastSeen FROM tel_users WHERE user = ? ORDER BY first_seen`).all(id) as Array<{ count: number }>;
    if (endpoints.length === 0) return reply.code(404).send({ error: "no traffic seen for this user" });
    return { user: id, requests: endpoints.reduce((n, e) => n + e.count, 0), endpoints };
  });

  app.get("/api/v1/services/:service/openapi", {
    preHandler: viewer,
    schema: {
      summary: "Discovered OpenAPI 3.1 document of one service (merged templates and schemas); service is \"namespace/workload\", URL-encoded", tags: ["analytics"], security: [{ bearer: [] }],
      params: { type: "object", properties: { service: { type: "string", minLength: 1, maxLength: 512 } }, required: ["service"] },
      response: { 200: { type: "object", additionalProperties: true }, 404: errorBody },
    },
  }, async (req, reply) => {
    const service = (req.params as { service: string }).service;
    const rows = store.db.prepare(`SELECT method, path_template AS template, sum(count) AS count, sum(blocked) AS blocked, sum(errors) AS errors,
      min(first_seen) AS firstSeen, max(last_seen) AS lastSeen FROM tel_endpoints WHERE service = ? GROUP BY method, path_template`).all(service) as ObservedEndpoint[];
    if (rows.length === 0) return reply.code(404).send({ error: "no endpoints seen for this service" });
    const rules = store.db.prepare("SELECT kind, template FROM tel_template_rules WHERE service = ?").all(service) as TemplateRule[];
    const fields = store.db.prepare("SELECT method, path_template AS template, part, status, field, types, format, pii, count FROM tel_schema_fields WHERE service = ?").all(service) as StoredField[];
    const samples = store.db.prepare("SELECT method, path_template AS template, part, status, samples, overflow, content_type AS contentType FROM tel_schema_samples WHERE service = ?").all(service) as StoredSamples[];
    return buildOpenApi(service, mergeEndpoints(rows, rules), fields, samples);
  });

  app.get("/api/v1/geo", {
    preHandler: viewer,
    schema: {
      summary: "Per-country counts of client IPs (IP-to-country data shipped in @ip-location-db/geo-whois-asn-country); \"private\" for internal addresses",
      tags: ["analytics"], security: [{ bearer: [] }],
      querystring: { type: "object", additionalProperties: false, properties: { service: { type: "string" } } },
      response: { 200: { type: "object", properties: { countries: { type: "array", items: { type: "object", properties: {
        country: { type: "string" }, clients: { type: "integer" }, requests: { type: "integer" } } } } } }, 401: errorBody, 403: errorBody },
    },
  }, async (req) => {
    const service = (req.query as { service?: string }).service;
    const rows = store.db.prepare(`SELECT ip, sum(count) AS count FROM tel_clients ${service ? "WHERE service = ?" : ""} GROUP BY ip`).all(...(service ? [service] : [])) as Array<{ ip: string; count: number }>;
    const byCountry = new Map<string, { country: string; clients: number; requests: number }>();
    for (const r of rows) {
      const country = countryOf(r.ip);
      const c = byCountry.get(country) ?? { country, clients: 0, requests: 0 };
      c.clients++; c.requests += r.count;
      byCountry.set(country, c);
    }
    return { countries: [...byCountry.values()].sort((a, b) => b.requests - a.requests || a.country.localeCompare(b.country)) };
  });
};
