// Discovered OpenAPI 3.1 document for one service: merged endpoint templates (templates.ts) and the
// schema sketches the filters sent, folded over every observed template a merged endpoint stands for.
// Types are JSON Schema 2020-12 (3.1 allows type arrays); PII tags go in an `x-pii` extension; a field is
// `required` when it was present in every sample its parent was.
import type { MergedEndpoint } from "./templates.ts";

export interface StoredField { method: string; template: string; part: string; status: number; field: string; types: string; format: string | null; pii: string; count: number }
export interface StoredSamples { method: string; template: string; part: string; status: number; samples: number; overflow: number; contentType?: string | null }

interface SchemaNode { types: Set<string>; format?: string; pii: Set<string>; count: number; props: Map<string, SchemaNode>; items?: SchemaNode }
const newNode = (): SchemaNode => ({ types: new Set(), pii: new Set(), count: 0, props: new Map() });

// "user.addresses[].city" -> steps: prop user, prop addresses, items, prop city. "[].id" is a root array.
function steps(path: string): Array<{ prop?: string }> {
  const out: Array<{ prop?: string }> = [];
  for (const part of path.split(".")) {
    const m = /^(.*?)((?:\[\])*)$/.exec(part)!;
    if (m[1]) out.push({ prop: m[1] });
    for (let i = 0; i < m[2].length / 2; i++) out.push({});
  }
  return out;
}

function toSchema(n: SchemaNode, samples: number): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  const types = new Set(n.types);
  if (n.props.size > 0) types.add("object");
  if (n.items) types.add("array");
  if (types.size === 1) s.type = [...types][0]; else if (types.size > 1) s.type = [...types].sort();
  if (n.format) s.format = n.format;
  if (n.pii.size > 0) s["x-pii"] = [...n.pii].sort();
  if (n.props.size > 0) {
    const parentCount = n.count || samples;
    s.properties = Object.fromEntries([...n.props].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, toSchema(v, samples)]));
    const required = [...n.props].filter(([, v]) => v.count >= parentCount && parentCount > 0).map(([k]) => k).sort();
    if (required.length > 0) s.required = required;
  }
  if (n.items) s.items = toSchema(n.items, samples);
  return s;
}

export function buildSchema(fields: StoredField[], samples: number): Record<string, unknown> {
  const root = newNode();
  root.count = samples;
  for (const f of fields) {
    let node = root;
    for (const st of steps(f.field)) {
      if (st.prop === undefined) { node.items ??= newNode(); node = node.items; }
      else { let c = node.props.get(st.prop); if (!c) { c = newNode(); node.props.set(st.prop, c); } node = c; }
    }
    for (const t of f.types.split(",").filter(Boolean)) node.types.add(t);
    for (const p of f.pii.split(",").filter(Boolean)) node.pii.add(p);
    // "" = string values disagreed somewhere: no format, whatever other templates say.
    if (f.format !== null) node.format = node.format === undefined || node.format === f.format ? f.format : "";
    node.count += f.count;
  }
  fillCounts(root);
  return toSchema(root, samples);
}

// A sketch may list only leaves ("seller.email"); a parent is present at least as often as its most
// frequent child, which is what `required` of its own parent is judged on.
function fillCounts(n: SchemaNode): number {
  let most = 0;
  for (const c of n.props.values()) most = Math.max(most, fillCounts(c));
  if (n.items) most = Math.max(most, fillCounts(n.items));
  if (n.count === 0) n.count = most;
  return n.count;
}

export function buildOpenApi(service: string, endpoints: MergedEndpoint[], fields: StoredField[], samples: StoredSamples[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const sources = new Set(e.sources);
    const mine = (r: { method: string; template: string }) => r.method === e.method && sources.has(r.template);
    const myFields = fields.filter(mine);
    const mySamples = samples.filter(mine);
    const total = (part: string, status: number) => mySamples.filter((s) => s.part === part && s.status === status).reduce((n, s) => n + s.samples, 0);
    // The media type the filter saw most (by samples), application/json when it did not say.
    const media = (part: string, status: number) => {
      const by = new Map<string, number>();
      for (const s of mySamples) if (s.part === part && s.status === status && s.contentType) by.set(s.contentType, (by.get(s.contentType) ?? 0) + s.samples);
      return [...by].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "application/json";
    };
    const op: Record<string, unknown> = {
      operationId: `${e.method.toLowerCase()}${e.template.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
      "x-l7guard": { count: e.count, firstSeen: e.firstSeen, lastSeen: e.lastSeen, observedTemplates: [...sources].sort() },
    };
    const params = [...e.template.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    if (params.length > 0) op.parameters = params;
    const req = myFields.filter((f) => f.part === "request");
    if (req.length > 0) op.requestBody = { content: { [media("request", 0)]: { schema: buildSchema(req, total("request", 0)) } } };
    const responses: Record<string, unknown> = {};
    const statuses = [...new Set(mySamples.filter((s) => s.part === "response").map((s) => s.status))].sort((a, b) => a - b);
    for (const status of statuses) {
      const rf = myFields.filter((f) => f.part === "response" && f.status === status);
      responses[status >= 100 ? String(status) : "default"] = { description: "observed response", ...(rf.length > 0 ? { content: { [media("response", status)]: { schema: buildSchema(rf, total("response", status)) } } } : {}) };
    }
    op.responses = Object.keys(responses).length > 0 ? responses : { default: { description: "no response body observed" } };
    (paths[e.template] ??= {})[e.method.toLowerCase()] = op;
  }
  return { openapi: "3.1.0", info: { title: `${service} (discovered by l7guard)`, version: "discovered" }, paths };
}
