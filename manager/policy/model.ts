// The policy model (schemas/policy.schema.json) and its validation. Schema errors and the semantic checks
// the schema cannot express both come back as {pointer, message}, so a 400 names every problem at once.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";

export type Action = "allow" | "alert" | "redact" | "block";
export interface DirectionActions { request?: Action; response?: Action }
export interface Settings {
  mode?: "monitor" | "enforce";
  actions?: { default?: DirectionActions; pii?: Record<string, DirectionActions>; attacks?: Record<string, DirectionActions> };
  limits?: { maxBodyBytes?: number; maxDepth?: number; maxFields?: number; maxPiiRecords?: number; overLimit?: "inspectPrefix" | "reject"; streamWindowBytes?: number; compressed?: "pass" | "block" };
  redaction?: { style?: "partial" | "full" | "hash"; hashKey?: string };
  identity?: { userHeader?: string; trustedXffHops?: number };
  uploads?: { allowedTypes?: string[]; routes?: Array<{ pathPrefix: string; methods?: string[]; allowedTypes: string[] }> };
  graphql?: { maxDepth?: number; maxAliases?: number; allowIntrospection?: boolean };
  proxy?: { allowOnHeadersStopIteration?: boolean };
}
export interface PolicyRule {
  id: string;
  action: "allow" | "alert" | "block";
  scope?: { namespace?: string; service?: string; host?: string; route?: { path: string; methods?: string[] } };
  match?: { header?: { name: string; equals?: string; contains?: string }; bodyContains?: string };
}
export interface PluginSettings {
  phase?: "AUTHN" | "AUTHZ" | "STATS" | "UNSPECIFIED_PHASE";
  priority?: number;
  match?: "inbound" | "outbound" | "both";
  failStrategy?: { monitor?: "FAIL_OPEN" | "FAIL_CLOSE"; enforce?: "FAIL_OPEN" | "FAIL_CLOSE" };
  selector?: { matchLabels: Record<string, string> };
  targetRefs?: Array<{ group?: string; kind: string; name: string }>;
}
export interface Policy {
  schemaVersion: 1;
  defaults?: Settings;
  namespaces?: Record<string, Settings>;
  rules?: PolicyRule[];
  collector?: { cluster: string; authority?: string; path?: string; token?: string; flushIntervalMs?: number; maxBatchEvents?: number; timeoutMs?: number; sampleRate?: number };
  plugin?: PluginSettings;
  canary?: { namespaceSelector: Record<string, string> };
}

export interface FieldError { pointer: string; message: string }

export const policySchema = JSON.parse(readFileSync(new URL("../../schemas/policy.schema.json", import.meta.url), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validateSchema = ajv.compile<Policy>(policySchema);

export function validatePolicy(doc: unknown): { ok: true; policy: Policy } | { ok: false; errors: FieldError[] } {
  if (!validateSchema(doc)) {
    const errors = (validateSchema.errors ?? []).map((e) => {
      // Point at the offending field itself, not its parent object.
      if (e.keyword === "additionalProperties") return { pointer: `${e.instancePath}/${escape(String(e.params.additionalProperty))}`, message: "unknown field" };
      if (e.keyword === "required") return { pointer: `${e.instancePath}/${escape(String(e.params.missingProperty))}`, message: "is required" };
      if (e.keyword === "enum") return { pointer: e.instancePath, message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
      if (e.keyword === "not" && e.schemaPath.includes("/plugin/")) return { pointer: e.instancePath, message: "selector and targetRefs are mutually exclusive" };
      if (e.keyword === "not") return { pointer: e.instancePath, message: "service and host are mutually exclusive" };
      return { pointer: e.instancePath, message: e.message ?? "invalid" };
    });
    return { ok: false, errors: dedupe(errors) };
  }
  const policy = doc;
  const errors: FieldError[] = [];
  const ids = new Set<string>();
  (policy.rules ?? []).forEach((r, i) => {
    if (ids.has(r.id)) errors.push({ pointer: `/rules/${i}/id`, message: `duplicate rule id '${r.id}'` });
    ids.add(r.id);
    // service/host compile to an :authority header match; the filter has one header condition per rule.
    if ((r.scope?.service || r.scope?.host) && r.match?.header) errors.push({ pointer: `/rules/${i}/match/header`, message: "cannot be combined with scope.service or scope.host (both use the one header condition)" });
    if (r.scope?.route && !/^\/[^{}]*(\{[A-Za-z_][A-Za-z0-9_]*\}[^{}]*)*$/.test(r.scope.route.path)) errors.push({ pointer: `/rules/${i}/scope/route/path`, message: "must be a path template with balanced {name} parameters" });
  });
  for (const [where, s] of settingsEntries(policy)) {
    if (s.redaction?.style === "hash" && !s.redaction.hashKey && !(where !== "/defaults" && policy.defaults?.redaction?.hashKey)) {
      errors.push({ pointer: `${where}/redaction/hashKey`, message: "is required when style is hash" });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, policy };
}

function settingsEntries(p: Policy): Array<[string, Settings]> {
  const out: Array<[string, Settings]> = [];
  if (p.defaults) out.push(["/defaults", p.defaults]);
  for (const [ns, s] of Object.entries(p.namespaces ?? {})) out.push([`/namespaces/${escape(ns)}`, s]);
  return out;
}

const escape = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => { const k = `${e.pointer}\0${e.message}`; if (seen.has(k)) return false; seen.add(k); return true; });
}
