// Policy version -> filter config for one namespace. The result is validated against
// schemas/filter-config.schema.json before anyone stores or applies it.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { Policy, Settings, FieldError } from "./model.ts";

export type FilterConfig = Record<string, unknown> & { schemaVersion: 1; policyVersion?: number; mode?: "monitor" | "enforce" };

const filterSchema = JSON.parse(readFileSync(new URL("../../schemas/filter-config.schema.json", import.meta.url), "utf8"));
const validateFilter = new Ajv2020({ allErrors: true, strict: false }).compile(filterSchema);

export function validateFilterConfig(cfg: unknown): FieldError[] {
  if (validateFilter(cfg)) return [];
  return (validateFilter.errors ?? []).map((e) => ({ pointer: e.instancePath, message: e.message ?? "invalid" }));
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
// Objects merge key by key; arrays and scalars from the override replace.
function deepMerge<T>(base: T, over: T | undefined): T {
  if (over === undefined) return base;
  if (!isObj(base) || !isObj(over)) return structuredClone(over);
  const out: Record<string, unknown> = { ...structuredClone(base) };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : structuredClone(v);
  return out as T;
}

// The namespace's effective settings: defaults, then its override, then the mode label (if any).
export function effectiveSettings(policy: Policy, namespace: string, modeLabel?: string): Settings {
  const s = deepMerge<Settings>(structuredClone(policy.defaults ?? {}), policy.namespaces?.[namespace]);
  if (modeLabel === "monitor" || modeLabel === "enforce") s.mode = modeLabel;
  return s;
}

export interface CompileInput { policy: Policy; version: number; namespace: string; modeLabel?: string }

export function compileForNamespace({ policy, version, namespace, modeLabel }: CompileInput): FilterConfig {
  const s = effectiveSettings(policy, namespace, modeLabel);
  const cfg: FilterConfig = { schemaVersion: 1, policyVersion: version, mode: s.mode ?? "monitor" };
  for (const key of ["proxy", "limits", "actions", "redaction", "uploads", "graphql", "identity"] as const) {
    if (s[key] !== undefined) cfg[key] = structuredClone(s[key]);
  }
  const rules: Array<Record<string, unknown>> = [];
  for (const r of policy.rules ?? []) {
    if (r.scope?.namespace && r.scope.namespace !== namespace) continue;
    const match: Record<string, unknown> = {};
    if (r.scope?.route) {
      if (r.scope.route.methods?.length) match.methods = [...r.scope.route.methods];
      // The filter matches prefixes; the literal part before the first parameter is the tightest prefix it can express.
      const literal = r.scope.route.path.split("{")[0];
      if (literal !== "/") match.pathPrefix = literal;
    }
    if (r.scope?.host) match.header = { name: ":authority", equals: r.scope.host };
    else if (r.scope?.service) match.header = { name: ":authority", contains: r.scope.service };
    else if (r.match?.header) match.header = { ...r.match.header };
    if (r.match?.bodyContains) match.bodyContains = r.match.bodyContains;
    rules.push(Object.keys(match).length ? { id: r.id, action: r.action, match } : { id: r.id, action: r.action });
  }
  if (rules.length) cfg.rules = rules;
  if (policy.collector) cfg.collector = structuredClone(policy.collector);
  const errors = validateFilterConfig(cfg);
  if (errors.length) throw Object.assign(new Error(`compiled config for namespace '${namespace}' is invalid: ${errors.map((e) => `${e.pointer} ${e.message}`).join("; ")}`), { errors });
  return cfg;
}
