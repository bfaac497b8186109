// Endpoint merging over observed path templates (Optic/Akto style). The filter already turns obvious
// values (numbers, UUIDs, hex ids, long tokens, dates, emails) into {id}/{date}/{email}; here, over all
// paths a service has served, a literal segment becomes a parameter when many distinct values sit at the
// same position under the same parent and continue the same way (e.g. /tenants/acme/users,
// /tenants/globex/users, …), or, at the end of a path, when there are very many of them. Reserved
// segments (api, v1, version dates, well-known words) never become parameters. Users can pin a template
// (always use it) or split a position (never merge it) through the API.

export interface ObservedEndpoint { method: string; template: string; count: number; firstSeen: number; lastSeen: number; blocked: number; errors: number }
export interface MergedEndpoint extends ObservedEndpoint { observed: number; sources: string[] }
export interface TemplateRule { kind: "pin" | "split"; template: string }

const BRANCH_THRESHOLD = 8;   // distinct literal values at one position that continue the same way
const LEAF_THRESHOLD = 25;    // distinct literal values at the end of a path
const RESERVED = /^(api|apis|rest|graphql|v\d+(\.\d+)*|\d{4}-\d{2}-\d{2}|internal|public|private|admin|health|healthz|ready|readyz|metrics|static|assets|auth|oauth2?|login|logout|search|me|self|current|latest|new|batch|bulk|export|import)$/i;
const isParam = (s: string) => s.startsWith("{") && s.endsWith("}");

interface Node { children: Map<string, Node>; endpoints: Map<string, ObservedEndpoint> } // endpoints keyed by method

function newNode(): Node { return { children: new Map(), endpoints: new Map() }; }

function mergeInto(target: Node, source: Node): void {
  for (const [method, e] of source.endpoints) {
    const t = target.endpoints.get(method);
    if (!t) target.endpoints.set(method, { ...e, sources: [...((e as { sources?: string[] }).sources ?? [])] } as ObservedEndpoint);
    else {
      ((t as { sources?: string[] }).sources ??= []).push(...((e as { sources?: string[] }).sources ?? []));
      t.count += e.count; t.blocked += e.blocked; t.errors += e.errors;
      t.firstSeen = Math.min(t.firstSeen, e.firstSeen); t.lastSeen = Math.max(t.lastSeen, e.lastSeen);
    }
  }
  for (const [seg, child] of source.children) {
    const t = target.children.get(seg);
    if (!t) target.children.set(seg, child); else mergeInto(t, child);
  }
}

function paramName(prev: string | undefined): string {
  if (!prev || isParam(prev)) return "param";
  const word = prev.replace(/[^A-Za-z0-9]/g, "");
  if (!word) return "param";
  const singular = /ies$/i.test(word) ? `${word.slice(0, -3)}y` : /sses$/i.test(word) ? word.slice(0, -2) : /s$/i.test(word) && !/ss$/i.test(word) ? word.slice(0, -1) : word;
  return singular.charAt(0).toLowerCase() + singular.slice(1);
}

// Collapses literal siblings into one parameter where the rules say so; recursive, bottom-up.
function collapse(node: Node, prev: string | undefined, splits: Set<string>, path: string): void {
  for (const [seg, child] of node.children) collapse(child, seg, splits, `${path}/${seg}`);
  const literals = [...node.children.keys()].filter((s) => !isParam(s) && !RESERVED.test(s));
  if (literals.length < BRANCH_THRESHOLD || splits.has(path || "/")) return;
  const continuing = literals.filter((s) => node.children.get(s)!.children.size > 0);
  const leaves = literals.filter((s) => node.children.get(s)!.children.size === 0);
  let merge: string[] = [];
  if (continuing.length >= BRANCH_THRESHOLD) {
    // The values continue the same way: most of them lead to the same next segments. Values seen with
    // only part of those continuations (sampling) belong to the same parameter.
    const keysOf = (s: string) => [...node.children.get(s)!.children.keys()].map((k) => (isParam(k) ? "{}" : k)).sort();
    const groups = new Map<string, string[]>();
    for (const s of continuing) { const k = keysOf(s).join("/"); groups.set(k, [...(groups.get(k) ?? []), s]); }
    const union = new Set<string>();
    let covered: string[] = [];
    for (const [key, members] of [...groups.entries()].sort((a, b) => b[1].length - a[1].length)) {
      const keys = key.split("/");
      if (covered.length === 0 || keys.every((k) => union.has(k)) || members.length >= BRANCH_THRESHOLD / 2) { keys.forEach((k) => union.add(k)); covered = [...covered, ...members]; }
    }
    const compatible = continuing.filter((s) => keysOf(s).every((k) => union.has(k)));
    if (compatible.length >= BRANCH_THRESHOLD && compatible.length >= continuing.length * 0.6 && union.size <= 3) merge = compatible;
  }
  if (merge.length > 0) {
    // The position is a parameter: literal leaves answering only methods the parameter serves are values too.
    const methods = new Set(merge.flatMap((s) => [...node.children.get(s)!.endpoints.keys()]));
    if (methods.size > 0) merge = [...merge, ...leaves.filter((s) => [...node.children.get(s)!.endpoints.keys()].every((m) => methods.has(m)))];
  } else if (leaves.length >= LEAF_THRESHOLD) merge = leaves;
  if (merge.length === 0) return;
  const existing = [...node.children.keys()].find(isParam);
  const name = existing ?? `{${paramName(prev)}}`;
  const target = node.children.get(name) ?? newNode();
  for (const s of merge) { mergeInto(target, node.children.get(s)!); node.children.delete(s); }
  node.children.set(name, target);
}

// OpenAPI needs unique parameter names within a path: the first {id} stays, later ones are named after
// the segment before them (/users/{id}/orders/{orderId}).
export function uniqueParamNames(template: string): string {
  const segs = template.split("/");
  const seen = new Set<string>();
  for (let i = 0; i < segs.length; i++) {
    if (!isParam(segs[i])) continue;
    let name = segs[i].slice(1, -1);
    if (seen.has(name)) {
      const base = paramName(segs[i - 1]);
      const candidate = base === "param" ? name : `${base}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
      name = candidate;
      for (let k = 2; seen.has(name); k++) name = `${candidate}${k}`;
      segs[i] = `{${name}}`;
    }
    seen.add(name);
  }
  return segs.join("/");
}

// The filter's cheap heuristics, repeated here so raw (untemplated) paths merge the same way: integers,
// UUIDs, hex ids (>= 8 hex chars with a digit), long mixed letter/digit tokens and emails are values.
// ISO dates are left to the filter ({date}) and to the reserved list (API version dates stay literal).
export function classifyRawSegment(seg: string): "{id}" | "{email}" | undefined {
  if (isParam(seg) || RESERVED.test(seg)) return undefined;
  if (/^\d+$/.test(seg)) return "{id}";
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(seg)) return "{id}";
  if (/^[0-9a-f]{8,}$/i.test(seg) && /\d/.test(seg)) return "{id}";
  if (/^[^@/\s]+(@|%40)[^@/\s]+\.[A-Za-z]{2,}$/.test(seg)) return "{email}";
  if (/^[A-Za-z0-9_~.-]{12,}$/.test(seg) && (seg.match(/\d/g)?.length ?? 0) >= 2 && (seg.match(/[A-Za-z]/g)?.length ?? 0) >= 2 && !/^[a-z]+(?:[._-][a-z]+)*\d?$/i.test(seg)) return "{id}";
  return undefined;
}

function matchesPin(template: string, pin: string): boolean {
  const a = template.split("/");
  const b = pin.split("/");
  return a.length === b.length && b.every((seg, i) => isParam(seg) || seg === a[i]);
}

export function mergeEndpoints(observed: ObservedEndpoint[], rules: TemplateRule[] = []): MergedEndpoint[] {
  const pins = rules.filter((r) => r.kind === "pin").map((r) => r.template);
  const splits = new Set(rules.filter((r) => r.kind === "split").map((r) => r.template.replace(/\/$/, "") || "/"));
  const root = newNode();
  const pinned: ObservedEndpoint[] = [];
  for (const e of observed) {
    const pin = pins.find((p) => matchesPin(e.template, p));
    if (pin) { pinned.push({ ...e, template: pin }); continue; }
    let node = root;
    for (const raw of e.template.split("/").filter((s) => s.length > 0)) {
      const seg = classifyRawSegment(raw) ?? raw;
      let child = node.children.get(seg);
      if (!child) { child = newNode(); node.children.set(seg, child); }
      node = child;
    }
    mergeInto(node, { children: new Map(), endpoints: new Map([[e.method, { ...e, sources: [e.template] } as ObservedEndpoint]]) });
  }
  collapse(root, undefined, splits, "");
  const out = new Map<string, MergedEndpoint>();
  const add = (e: ObservedEndpoint & { sources?: string[] }, template: string, observedCount: number) => {
    const key = `${e.method} ${template}`;
    const t = out.get(key);
    const sources = e.sources ?? [e.template];
    if (!t) out.set(key, { ...e, template, observed: observedCount, sources: [...sources] });
    else {
      t.sources.push(...sources);
      t.count += e.count; t.blocked += e.blocked; t.errors += e.errors; t.observed += observedCount;
      t.firstSeen = Math.min(t.firstSeen, e.firstSeen); t.lastSeen = Math.max(t.lastSeen, e.lastSeen);
    }
  };
  const walk = (node: Node, path: string[]) => {
    for (const e of node.endpoints.values()) add(e, uniqueParamNames(`/${path.join("/")}`), 1);
    for (const [seg, child] of node.children) walk(child, [...path, seg]);
  };
  walk(root, []);
  for (const e of pinned) add(e, e.template, 1);
  return [...out.values()].sort((a, b) => a.template.localeCompare(b.template) || a.method.localeCompare(b.method));
}
