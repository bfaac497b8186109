// Policy REST API: versions (create, list, get, diff, rollback), canary promote, dry run, compiled configs,
// the audit log and rollout status. Request bodies are validated by our own ajv (no type coercion) so that
// every error comes back as {pointer, message} relative to the body and bad input is never stored.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from "fastify";
import { type ApiToken, principalOf, requireRole } from "../auth.ts";
import type { PolicyStore } from "../store/policy-store.ts";
import type { Reconciler } from "../rollout/reconciler.ts";
import { policySchema, validatePolicy, type FieldError } from "./model.ts";
import { compileForNamespace } from "./compile.ts";
import { jsonDiff } from "./diff.ts";

export interface PolicyRoutesOptions { store: PolicyStore; apiTokens: () => ApiToken[]; reconciler?: () => Reconciler | undefined }

const errorBody = { type: "object", properties: { error: { type: "string" } } } as const;
const badRequest = { type: "object", properties: { error: { type: "string" }, errors: { type: "array", items: { type: "object", properties: { pointer: { type: "string" }, message: { type: "string" } } } } } } as const;
const versionMeta = { type: "object", properties: { version: { type: "integer" }, author: { type: "string" }, createdAt: { type: "string" }, message: { type: "string" }, promoted: { type: "boolean" }, rollbackOf: { type: "integer" } } } as const;
const anyObject = { type: "object", additionalProperties: true } as const;
const noCoercion = () => () => true; // body checked by validateBody below
const MAX_BODY = 4 * 1024 * 1024;

function validateBody(body: unknown, allowed: Record<string, "string" | "integer" | "object">, required: string[]): FieldError[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return [{ pointer: "", message: "must be a JSON object" }];
  const errors: FieldError[] = [];
  for (const k of Object.keys(body)) if (!(k in allowed)) errors.push({ pointer: `/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`, message: "unknown field" });
  for (const k of required) if (!(k in body)) errors.push({ pointer: `/${k}`, message: "is required" });
  for (const [k, t] of Object.entries(allowed)) {
    const v = (body as Record<string, unknown>)[k];
    if (v === undefined || t === "object") continue;
    if (t === "string" && (typeof v !== "string" || v.length > 4096)) errors.push({ pointer: `/${k}`, message: "must be a string of at most 4096 characters" });
    if (t === "integer" && (!Number.isInteger(v) || (v as number) < 1)) errors.push({ pointer: `/${k}`, message: "must be a positive integer" });
  }
  return errors;
}
const reject = (reply: FastifyReply, errors: FieldError[]) => reply.code(400).send({ error: "invalid request body", errors });

export const policyRoutes: FastifyPluginAsync<PolicyRoutesOptions> = async (app: FastifyInstance, opts) => {
  const { store } = opts;
  const viewer = requireRole(opts.apiTokens, "viewer");
  const editor = requireRole(opts.apiTokens, "editor");
  const admin = requireRole(opts.apiTokens, "admin");
  const kick = () => { void opts.reconciler?.()?.trigger().catch(() => {}); };
  const security = [{ bearer: [] }];

  app.get("/api/v1/policy", { preHandler: viewer, schema: { summary: "The latest policy version", tags: ["policy"], security, response: { 200: { type: "object", properties: { ...versionMeta.properties, policy: anyObject } }, 404: errorBody } } },
    async (_req, reply) => { const v = store.latest(); return v ? v : reply.code(404).send({ error: "no policy version yet" }); });

  app.get("/api/v1/policy/schema", { preHandler: viewer, schema: { summary: "The policy JSON Schema (schemas/policy.schema.json)", tags: ["policy"], security, response: { 200: anyObject } } }, async () => policySchema);

  app.post("/api/v1/policy", {
    preHandler: editor, bodyLimit: MAX_BODY, validatorCompiler: noCoercion,
    schema: { summary: "Store a new immutable policy version (body: {message, policy})", tags: ["policy"], security, body: { type: "object", required: ["message", "policy"], properties: { message: { type: "string" }, policy: { $ref: "https://l7guard.io/schemas/policy/v1.json" } } }, response: { 201: versionMeta, 400: badRequest, 401: errorBody, 403: errorBody } },
  }, async (req, reply) => {
    const shape = validateBody(req.body, { message: "string", policy: "object" }, ["message", "policy"]);
    if (shape.length) return reject(reply, shape);
    const body = req.body as { message: string; policy: unknown };
    const checked = validatePolicy(body.policy);
    if (!checked.ok) return reject(reply, checked.errors.map((e) => ({ pointer: `/policy${e.pointer}`, message: e.message })));
    // Compile for every namespace the policy names, so a policy whose compiled config would be invalid is refused here.
    const next = (store.latest()?.version ?? 0) + 1;
    for (const ns of Object.keys(checked.policy.namespaces ?? {}).concat("default")) {
      try { compileForNamespace({ policy: checked.policy, version: next, namespace: ns }); } catch (e) { return reject(reply, ((e as { errors?: FieldError[] }).errors ?? []).map((x) => ({ pointer: `/compiled/${ns}${x.pointer}`, message: x.message }))); }
    }
    const who = principalOf(req);
    const v = await store.addVersion({ author: who.name, message: body.message, policy: checked.policy, promoted: !checked.policy.canary });
    await store.audit({ actor: who.name, role: who.role, action: "policy.create", target: `policy/${v.version}`, detail: { message: body.message, canary: checked.policy.canary ?? null } });
    kick();
    const { policy: _p, ...meta } = v;
    return reply.code(201).send(meta);
  });

  app.get("/api/v1/policy/versions", { preHandler: viewer, schema: { summary: "Policy versions, newest first", tags: ["policy"], security, querystring: { type: "object", additionalProperties: false, properties: { limit: { type: "integer", minimum: 1, maximum: 1000, default: 100 }, before: { type: "integer", minimum: 1 } } }, response: { 200: { type: "object", properties: { versions: { type: "array", items: versionMeta } } } } } },
    async (req) => { const q = req.query as { limit: number; before?: number }; return { versions: store.listVersions(q.limit, q.before) }; });

  app.get("/api/v1/policy/versions/:version", { preHandler: viewer, schema: { summary: "One policy version", tags: ["policy"], security, params: { type: "object", properties: { version: { type: "integer", minimum: 1 } } }, response: { 200: { type: "object", properties: { ...versionMeta.properties, policy: anyObject } }, 404: errorBody } } },
    async (req, reply) => { const v = store.getVersion((req.params as { version: number }).version); return v ?? reply.code(404).send({ error: "no such version" }); });

  app.get("/api/v1/policy/versions/:version/compiled", { preHandler: viewer, schema: { summary: "The filter config a version compiles to for one namespace", tags: ["policy"], security, params: { type: "object", properties: { version: { type: "integer", minimum: 1 } } }, querystring: { type: "object", additionalProperties: false, required: ["namespace"], properties: { namespace: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 }, mode: { enum: ["monitor", "enforce"] } } }, response: { 200: anyObject, 404: errorBody } } },
    async (req, reply) => {
      const v = store.getVersion((req.params as { version: number }).version);
      if (!v) return reply.code(404).send({ error: "no such version" });
      const q = req.query as { namespace: string; mode?: string };
      return compileForNamespace({ policy: v.policy, version: v.version, namespace: q.namespace, modeLabel: q.mode });
    });

  app.get("/api/v1/policy/diff", { preHandler: viewer, schema: { summary: "Changes from one version to another, as JSON-pointer operations", tags: ["policy"], security, querystring: { type: "object", additionalProperties: false, required: ["from", "to"], properties: { from: { type: "integer", minimum: 1 }, to: { type: "integer", minimum: 1 } } }, response: { 200: { type: "object", properties: { from: { type: "integer" }, to: { type: "integer" }, changes: { type: "array", items: { type: "object", properties: { op: { type: "string" }, path: { type: "string" }, from: {}, to: {} } } } } }, 404: errorBody } } },
    async (req, reply) => {
      const q = req.query as { from: number; to: number };
      const a = store.getVersion(q.from); const b = store.getVersion(q.to);
      if (!a || !b) return reply.code(404).send({ error: `no such version: ${!a ? q.from : q.to}` });
      return { from: q.from, to: q.to, changes: jsonDiff(a.policy, b.policy) };
    });

  app.post("/api/v1/policy::rollback", {
    preHandler: editor, validatorCompiler: noCoercion,
    schema: { summary: "Roll back: a new version with the document of an earlier one (rolled out to all namespaces at once)", tags: ["policy"], security, body: { type: "object", required: ["version"], properties: { version: { type: "integer" }, message: { type: "string" } } }, response: { 201: versionMeta, 400: badRequest, 404: errorBody } },
  }, async (req, reply) => {
    const shape = validateBody(req.body, { version: "integer", message: "string" }, ["version"]);
    if (shape.length) return reject(reply, shape);
    const body = req.body as { version: number; message?: string };
    const old = store.getVersion(body.version);
    if (!old) return reply.code(404).send({ error: "no such version" });
    const who = principalOf(req);
    const { canary: _c, ...policy } = old.policy;
    const v = await store.addVersion({ author: who.name, message: body.message ?? `rollback to version ${old.version}`, policy, promoted: true, rollbackOf: old.version });
    await store.audit({ actor: who.name, role: who.role, action: "policy.rollback", target: `policy/${v.version}`, detail: { to: old.version } });
    kick();
    const { policy: _p, ...meta } = v;
    return reply.code(201).send(meta);
  });

  app.post("/api/v1/policy::promote", {
    preHandler: editor, validatorCompiler: noCoercion,
    schema: { summary: "Promote a canary version to every namespace (default: the latest)", tags: ["policy"], security, body: { type: "object", properties: { version: { type: "integer" } } }, response: { 200: versionMeta, 400: badRequest, 404: errorBody, 409: errorBody } },
  }, async (req, reply) => {
    const shape = validateBody(req.body ?? {}, { version: "integer" }, []);
    if (shape.length) return reject(reply, shape);
    const latest = store.latest();
    const want = (req.body as { version?: number } | undefined)?.version ?? latest?.version;
    const v = want === undefined ? undefined : store.getVersion(want);
    if (!v) return reply.code(404).send({ error: "no such version" });
    // Promoting an older canary would roll everyone back past the latest; refuse it.
    if (latest && v.version !== latest.version) return reply.code(409).send({ error: `only the latest version (${latest.version}) can be promoted` });
    const who = principalOf(req);
    if (!v.promoted) { await store.promote(v.version); await store.audit({ actor: who.name, role: who.role, action: "policy.promote", target: `policy/${v.version}` }); kick(); }
    const { policy: _p, ...meta } = store.getVersion(v.version)!;
    return meta;
  });

  app.post("/api/v1/policy::dryRun", {
    preHandler: editor, bodyLimit: MAX_BODY, validatorCompiler: noCoercion,
    schema: { summary: "Compile a candidate policy per opted-in namespace and show what would change (create, update, none, error) and which owned WasmPlugins would be deleted (change: delete), changing nothing", tags: ["policy"], security, body: { type: "object", required: ["policy"], properties: { policy: { $ref: "https://l7guard.io/schemas/policy/v1.json" } } }, response: { 200: { type: "object", properties: { namespaces: { type: "array", items: { type: "object", properties: { namespace: { type: "string" }, change: { type: "string" }, config: anyObject, detail: {}, error: { type: "string" } } } } } }, 400: badRequest } },
  }, async (req, reply) => {
    const shape = validateBody(req.body, { policy: "object" }, ["policy"]);
    if (shape.length) return reject(reply, shape);
    const checked = validatePolicy((req.body as { policy: unknown }).policy);
    if (!checked.ok) return reject(reply, checked.errors.map((e) => ({ pointer: `/policy${e.pointer}`, message: e.message })));
    const rec = opts.reconciler?.();
    const version = (store.latest()?.version ?? 0) + 1;
    if (!rec) {
      const names = Object.keys(checked.policy.namespaces ?? {});
      return { namespaces: names.map((ns) => ({ namespace: ns, change: "unknown", config: compileForNamespace({ policy: checked.policy, version, namespace: ns }) })) };
    }
    const states = await rec.desired({ policy: checked.policy, version });
    const out: Array<Record<string, unknown>> = [];
    for (const s of states) {
      if ("error" in s) { out.push({ namespace: s.namespace.name, change: "error", error: s.error }); continue; }
      if ("none" in s) continue;
      const p = await rec.target.plan(s);
      out.push({ namespace: s.namespace.name, change: p.change, config: s.config, detail: p.detail });
    }
    // What the next pass would delete: owned objects in namespaces that are no longer opted in.
    for (const p of await rec.target.planPrune?.(new Set(states.map((s) => s.namespace.name))) ?? []) {
      out.push({ namespace: p.namespace, change: p.change, ...(p.detail !== undefined ? { detail: p.detail } : {}) });
    }
    return { namespaces: out };
  });

  app.get("/api/v1/audit", { preHandler: admin, schema: { summary: "The audit log of every change, newest first", tags: ["audit"], security, querystring: { type: "object", additionalProperties: false, properties: { limit: { type: "integer", minimum: 1, maximum: 1000, default: 100 }, before: { type: "integer", minimum: 1 } } }, response: { 200: { type: "object", properties: { entries: { type: "array", items: { type: "object", properties: { id: { type: "integer" }, time: { type: "string" }, actor: { type: "string" }, role: { type: "string" }, action: { type: "string" }, target: { type: "string" }, detail: {} } } } } } } } },
    async (req) => { const q = req.query as { limit: number; before?: number }; return { entries: store.listAudit(q.limit, q.before) }; });

  app.get("/api/v1/rollout", { preHandler: viewer, schema: { summary: "Per namespace: desired and applied policy version, last error, time", tags: ["rollout"], security, response: { 200: { type: "object", properties: { latestVersion: { type: ["integer", "null"] }, promotedVersion: { type: ["integer", "null"] }, namespaces: { type: "array", items: { type: "object", properties: { namespace: { type: "string" }, target: { type: "string" }, desiredVersion: { type: ["integer", "null"] }, appliedVersion: { type: ["integer", "null"] }, lastError: { type: ["string", "null"] }, updatedAt: { type: "string" } } } } } } } } },
    async () => ({ latestVersion: store.latest()?.version ?? null, promotedVersion: store.latestPromoted()?.version ?? null, namespaces: store.listStatus() }));
};
