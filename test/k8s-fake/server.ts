// A loopback Kubernetes API server for tests, speaking the real wire protocol for the resources the
// manager uses: namespaces, extensions.istio.io/v1alpha1 WasmPlugins and coordination.k8s.io/v1 Leases.
// - list/watch with labelSelector, resourceVersion, bookmarks (allowWatchBookmarks), and a bounded
//   event history: a watch from a resourceVersion older than it gets HTTP 200 + an ERROR event
//   {code: 410, reason: "Expired"} and the stream ends, as a real server does;
// - server-side apply (PATCH application/apply-patch+yaml) with per-manager field ownership recorded in
//   managedFields (FieldsV1), 409 Conflict when another manager owns a field with a different value
//   unless force=true, 422 without fieldManager; updates (PUT / merge-patch) take ownership of what they change;
// - optimistic concurrency on PUT (metadata.resourceVersion mismatch -> 409); create of an existing name -> 409
//   AlreadyExists; ConfigMaps (immutable: true refuses data changes with 422, as a real server does);
// - fault injection: status codes for the next N matching requests, dropped watch connections.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isDeepStrictEqual } from "node:util";

type Obj = { apiVersion?: string; kind?: string; metadata: Record<string, any>; [k: string]: any };
interface ResourceType { plural: string; kind: string; group: string; version: string; namespaced: boolean }
const TYPES: ResourceType[] = [
  { plural: "namespaces", kind: "Namespace", group: "", version: "v1", namespaced: false },
  { plural: "wasmplugins", kind: "WasmPlugin", group: "extensions.istio.io", version: "v1alpha1", namespaced: true },
  { plural: "leases", kind: "Lease", group: "coordination.k8s.io", version: "v1", namespaced: true },
  { plural: "configmaps", kind: "ConfigMap", group: "", version: "v1", namespaced: true },
];
// ConfigMaps with immutable: true refuse any change to data, binaryData or immutable itself (HTTP 422).
function immutableViolation(t: ResourceType, current: Obj | undefined, next: Obj): string | undefined {
  if (t.plural !== "configmaps" || !current || current.immutable !== true) return undefined;
  if (!isDeepStrictEqual(current.data, next.data) || !isDeepStrictEqual(current.binaryData, next.binaryData) || next.immutable !== true) {
    return `ConfigMap "${current.metadata.name}" is invalid: data: Forbidden: field is immutable when \`immutable\` is set`;
  }
  return undefined;
}
const apiVersionOf = (t: ResourceType) => (t.group ? `${t.group}/${t.version}` : t.version);

interface Event { rv: number; type: "ADDED" | "MODIFIED" | "DELETED"; plural: string; obj: Obj; old?: Obj }
interface Watcher { plural: string; namespace?: string; selector: Selector; res: ServerResponse; bookmarks: boolean }
interface Fault { method?: string; pathIncludes?: string; status: number; count: number; reason?: string; retryAfterSeconds?: number }
type Selector = (labels: Record<string, string>) => boolean;

export function parseLabelSelector(s: string | null): Selector {
  if (!s) return () => true;
  const terms = s.split(/,(?![^()]*\))/).map((t) => t.trim()).filter(Boolean).map((t): Selector => {
    let m;
    if ((m = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(t))) { const [, k, op, v] = m; return op === "!=" ? (l) => l[k] !== v : (l) => l[k] === v; }
    if ((m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(t))) { const [, k, op, list] = m; const vs = list.split(",").map((x) => x.trim()); return op === "in" ? (l) => l[k] !== undefined && vs.includes(l[k]) : (l) => l[k] === undefined || !vs.includes(l[k]); }
    if ((m = /^!(\S+)$/.exec(t))) { const k = m[1]; return (l) => !(k in l); }
    if (/^[A-Za-z0-9./_-]+$/.test(t)) return (l) => t in l;
    throw new Error(`invalid label selector term '${t}'`);
  });
  return (labels) => terms.every((f) => f(labels));
}

// Leaf paths of an object (arrays are atomic, as with x-kubernetes-list-type: atomic).
function leaves(o: unknown, prefix: string[] = [], out = new Map<string, unknown>()): Map<string, unknown> {
  if (o && typeof o === "object" && !Array.isArray(o) && Object.keys(o).length) {
    for (const [k, v] of Object.entries(o)) leaves(v, [...prefix, k], out);
  } else if (prefix.length) out.set(JSON.stringify(prefix), o);
  return out;
}
function getPath(o: any, path: string[]): unknown { for (const k of path) { if (o == null || typeof o !== "object") return undefined; o = o[k]; } return o; }
function setPath(o: any, path: string[], v: unknown) { for (const k of path.slice(0, -1)) { if (typeof o[k] !== "object" || o[k] === null || Array.isArray(o[k])) o[k] = {}; o = o[k]; } o[path[path.length - 1]] = structuredClone(v); }
function delPath(o: any, path: string[]) {
  const stack: any[] = [];
  for (const k of path.slice(0, -1)) { if (o == null || typeof o !== "object") return; stack.push([o, k]); o = o[k]; }
  if (o && typeof o === "object") delete o[path[path.length - 1]];
  for (let i = stack.length - 1; i >= 0; i--) { const [parent, k] = stack[i]; if (parent[k] && typeof parent[k] === "object" && !Object.keys(parent[k]).length) delete parent[k]; else break; }
}
// Fields of an object that apply/update manage: everything but identity and server-set metadata.
function managedView(o: Obj): Obj {
  const { apiVersion: _a, kind: _k, status: _s, metadata, ...rest } = o;
  const meta: Record<string, unknown> = {};
  if (metadata?.labels) meta.labels = metadata.labels;
  if (metadata?.annotations) meta.annotations = metadata.annotations;
  return { metadata: meta, ...rest };
}
function fieldsV1(paths: string[][]): Record<string, unknown> {
  const root: Record<string, any> = {};
  for (const p of paths) { let n = root; for (const k of p) n = n[`f:${k}`] ??= {}; }
  return root;
}

export class FakeKubeApiServer {
  private server!: Server;
  private rv = 100;
  private objects = new Map<string, Map<string, Obj>>(TYPES.map((t) => [t.plural, new Map()]));
  /** manager -> owned leaf paths (JSON-encoded) and operation, per object key */
  private owners = new Map<string, Map<string, { op: "Apply" | "Update"; paths: Set<string> }>>();
  private history: Event[] = [];
  private watchers = new Set<Watcher>();
  private faults: Fault[] = [];
  private bookmarkTimer?: NodeJS.Timeout;
  historyLimit = 5000;
  requests: Array<{ method: string; path: string; contentType?: string; fieldManager?: string; force?: boolean; at: number }> = [];
  /** Called with every stored change (after it is stored); lets benchmarks observe writes without polling list(). */
  onEvent?: (e: { type: "ADDED" | "MODIFIED" | "DELETED"; plural: string; obj: Obj }) => void;
  url = "";
  /** TCP connections accepted so far (clients that reuse connections open few). */
  connections = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => { void this.handle(req, res).catch((e) => this.status(res, 500, "InternalError", String(e))); });
    this.server.on("connection", () => { this.connections++; });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), 1000);
    this.bookmarkTimer.unref();
    return this.url;
  }
  async stop(): Promise<void> {
    clearInterval(this.bookmarkTimer);
    this.dropWatches();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Kubeconfig for @kubernetes/client-node (plain http needs insecure-skip-tls-verify). */
  kubeconfig(user = "tester") {
    return { clusters: [{ name: "fake", server: this.url, skipTLSVerify: true }], users: [{ name: user, token: "fake-token" }], contexts: [{ name: "fake", cluster: "fake", user }], currentContext: "fake" };
  }

  // ---- test controls ------------------------------------------------------------------------------
  injectFault(f: Fault) { this.faults.push({ ...f }); }
  dropWatches() { for (const w of this.watchers) w.res.destroy(); this.watchers.clear(); }
  /** Forget history so watches resuming from an old resourceVersion get 410 Expired. */
  compactHistory() { this.history = []; }
  resourceVersion() { return this.rv; }
  get(plural: string, namespace: string | undefined, name: string): Obj | undefined { const o = this.objects.get(plural)!.get(this.key(namespace, name)); return o && structuredClone(o); }
  list(plural: string): Obj[] { return [...this.objects.get(plural)!.values()].map((o) => structuredClone(o)); }
  /** Direct writes for test setup (as another client would do). */
  upsertNamespace(name: string, labels: Record<string, string>) {
    const existing = this.objects.get("namespaces")!.get(name);
    const obj: Obj = existing ? structuredClone(existing) : { apiVersion: "v1", kind: "Namespace", metadata: { name, uid: `uid-${name}`, creationTimestamp: new Date().toISOString() }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } };
    obj.metadata.labels = { "kubernetes.io/metadata.name": name, ...labels };
    this.write(TYPES[0], obj, existing);
  }
  deleteNamespace(name: string) {
    const t = TYPES[0]; const existing = this.objects.get("namespaces")!.get(name);
    if (existing) this.remove(t, existing);
    for (const plural of ["wasmplugins", "leases", "configmaps"]) for (const o of this.list(plural)) if (o.metadata.namespace === name) this.remove(TYPES.find((x) => x.plural === plural)!, o);
  }

  // ---- storage --------------------------------------------------------------------------------------
  private key(ns: string | undefined, name: string) { return ns ? `${ns}/${name}` : name; }
  private write(t: ResourceType, obj: Obj, old: Obj | undefined) {
    obj.metadata.resourceVersion = String(++this.rv);
    if (!old) { obj.metadata.uid ??= `uid-${this.rv}`; obj.metadata.creationTimestamp ??= new Date().toISOString(); obj.metadata.generation = 1; }
    else if (!isDeepStrictEqual(old.spec, obj.spec)) obj.metadata.generation = (old.metadata.generation ?? 1) + 1;
    const key = this.key(obj.metadata.namespace, obj.metadata.name);
    this.renderManagedFields(t, key, obj);
    this.objects.get(t.plural)!.set(key, obj);
    this.emit({ rv: this.rv, type: old ? "MODIFIED" : "ADDED", plural: t.plural, obj: structuredClone(obj), old: old && structuredClone(old) });
  }
  private remove(t: ResourceType, obj: Obj) {
    const key = this.key(obj.metadata.namespace, obj.metadata.name);
    this.objects.get(t.plural)!.delete(key);
    this.owners.delete(`${t.plural}/${key}`);
    const gone = structuredClone(obj); gone.metadata.resourceVersion = String(++this.rv);
    this.emit({ rv: this.rv, type: "DELETED", plural: t.plural, obj: gone });
  }
  private renderManagedFields(t: ResourceType, key: string, obj: Obj) {
    const owners = this.owners.get(`${t.plural}/${key}`);
    if (!owners) { delete obj.metadata.managedFields; return; }
    obj.metadata.managedFields = [...owners.entries()].filter(([, o]) => o.paths.size).map(([manager, o]) => ({
      manager, operation: o.op, apiVersion: apiVersionOf(t), time: new Date().toISOString().replace(/\.\d+Z$/, "Z"), fieldsType: "FieldsV1",
      fieldsV1: fieldsV1([...o.paths].map((p) => JSON.parse(p))),
    }));
  }
  private emit(e: Event) {
    this.history.push(e);
    if (this.history.length > this.historyLimit) this.history.splice(0, this.history.length - this.historyLimit);
    for (const w of this.watchers) this.deliver(w, e);
    this.onEvent?.({ type: e.type, plural: e.plural, obj: e.obj });
  }
  private deliver(w: Watcher, e: Event) {
    if (w.plural !== e.plural || (w.namespace && e.obj.metadata.namespace !== w.namespace)) return;
    const now = w.selector(e.obj.metadata.labels ?? {});
    const before = e.old ? w.selector(e.old.metadata.labels ?? {}) : false;
    let type: string = e.type;
    // Label-filtered watches see objects enter (ADDED) and leave (DELETED) the selection.
    if (e.type === "MODIFIED") { if (now && !before) type = "ADDED"; else if (!now && before) type = "DELETED"; else if (!now) return; }
    else if (!now) return;
    w.res.write(JSON.stringify({ type, object: e.obj }) + "\n");
  }
  private sendBookmarks() {
    for (const w of this.watchers) if (w.bookmarks) {
      const t = TYPES.find((x) => x.plural === w.plural)!;
      w.res.write(JSON.stringify({ type: "BOOKMARK", object: { apiVersion: apiVersionOf(t), kind: t.kind, metadata: { resourceVersion: String(this.rv) } } }) + "\n");
    }
  }

  // ---- HTTP -----------------------------------------------------------------------------------------
  private status(res: ServerResponse, code: number, reason: string, message: string, details?: unknown) {
    if (res.headersSent) { res.destroy(); return; }
    res.writeHead(code, { "content-type": "application/json" });
    res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code, ...(details ? { details } : {}) }));
  }
  private json(res: ServerResponse, code: number, body: unknown) { res.writeHead(code, { "content-type": "application/json" }); res.end(JSON.stringify(body)); }

  private discovery(path: string): unknown | undefined {
    if (path === "/api") return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] };
    if (path === "/apis") return { kind: "APIGroupList", apiVersion: "v1", groups: TYPES.filter((t) => t.group).map((t) => ({ name: t.group, versions: [{ groupVersion: apiVersionOf(t), version: t.version }], preferredVersion: { groupVersion: apiVersionOf(t), version: t.version } })) };
    if (path === "/version") return { major: "1", minor: "31", gitVersion: "v1.31.0-fake" };
    const gv = TYPES.find((t) => path === (t.group ? `/apis/${apiVersionOf(t)}` : "/api/v1"));
    if (gv) return { kind: "APIResourceList", apiVersion: "v1", groupVersion: apiVersionOf(gv), resources: TYPES.filter((t) => apiVersionOf(t) === apiVersionOf(gv)).map((t) => ({ name: t.plural, singularName: t.kind.toLowerCase(), namespaced: t.namespaced, kind: t.kind, verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] })) };
    return undefined;
  }

  private route(path: string): { t: ResourceType; namespace?: string; name?: string } | undefined {
    for (const t of TYPES) {
      const base = t.group ? `/apis/${apiVersionOf(t)}` : "/api/v1";
      if (!path.startsWith(base + "/")) continue;
      const parts = path.slice(base.length + 1).split("/").map(decodeURIComponent);
      if (!t.namespaced && parts[0] === t.plural && parts.length <= 2) return { t, name: parts[1] };
      if (t.namespaced && parts[0] === t.plural && parts.length === 1) return { t };
      if (t.namespaced && parts[0] === "namespaces" && parts[2] === t.plural && parts.length <= 4) return { t, namespace: parts[1], name: parts[3] };
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const u = new URL(req.url ?? "/", "http://x");
    const method = req.method ?? "GET";
    const contentType = (req.headers["content-type"] ?? "").split(";")[0];
    this.requests.push({ method, path: u.pathname, contentType: contentType || undefined, fieldManager: u.searchParams.get("fieldManager") ?? undefined, force: u.searchParams.get("force") === "true", at: Date.now() });
    const fault = this.faults.find((f) => f.count > 0 && (!f.method || f.method === method) && (!f.pathIncludes || u.pathname.includes(f.pathIncludes)));
    if (fault) {
      fault.count--;
      if (fault.retryAfterSeconds !== undefined) res.setHeader("retry-after", String(fault.retryAfterSeconds));
      return this.status(res, fault.status, fault.reason ?? (fault.status === 409 ? "Conflict" : fault.status === 429 ? "TooManyRequests" : "InternalError"), `injected fault ${fault.status}`);
    }
    const body = await new Promise<string>((r) => { let b = ""; req.on("data", (c) => (b += c)); req.on("end", () => r(b)); });
    const disc = method === "GET" ? this.discovery(u.pathname) : undefined;
    if (disc) return this.json(res, 200, disc);
    const r = this.route(u.pathname);
    if (!r) return this.status(res, 404, "NotFound", `the server could not find the requested resource (${u.pathname})`);
    const { t, namespace } = r;
    const store = this.objects.get(t.plural)!;
    if (r.name === undefined) {
      if (method === "GET") {
        let selector: Selector;
        try { selector = parseLabelSelector(u.searchParams.get("labelSelector")); } catch (e) { return this.status(res, 400, "BadRequest", (e as Error).message); }
        if (u.searchParams.get("watch") === "true" || u.searchParams.get("watch") === "1") return this.watch(res, t, namespace, selector, u.searchParams);
        const items = [...store.values()].filter((o) => (!namespace || o.metadata.namespace === namespace) && selector(o.metadata.labels ?? {}));
        return this.json(res, 200, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(this.rv) }, items });
      }
      if (method === "POST") {
        const obj = this.parse(body, res); if (!obj) return;
        obj.metadata ??= {};
        if (t.namespaced) obj.metadata.namespace = namespace;
        if (!obj.metadata.name) return this.status(res, 422, "Invalid", "metadata.name: Required value");
        if (store.has(this.key(namespace, obj.metadata.name))) return this.status(res, 409, "AlreadyExists", `${t.plural} "${obj.metadata.name}" already exists`);
        if (t.namespaced && !this.objects.get("namespaces")!.has(namespace!)) return this.status(res, 404, "NotFound", `namespaces "${namespace}" not found`);
        obj.apiVersion = apiVersionOf(t); obj.kind = t.kind;
        this.takeOwnership(t, obj, undefined, u.searchParams.get("fieldManager") ?? "unknown", "Update");
        this.write(t, obj, undefined);
        return this.json(res, 201, obj);
      }
      return this.status(res, 405, "MethodNotAllowed", "method not allowed");
    }
    const key = this.key(namespace, r.name);
    const current = store.get(key);
    if (method === "GET") return current ? this.json(res, 200, current) : this.status(res, 404, "NotFound", `${t.plural} "${r.name}" not found`);
    if (method === "DELETE") {
      if (!current) return this.status(res, 404, "NotFound", `${t.plural} "${r.name}" not found`);
      this.remove(t, current);
      return this.json(res, 200, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name: r.name, kind: t.plural } });
    }
    if (method === "PUT") {
      const obj = this.parse(body, res); if (!obj) return;
      if (!current) return this.status(res, 404, "NotFound", `${t.plural} "${r.name}" not found`);
      if (obj.metadata?.resourceVersion && obj.metadata.resourceVersion !== current.metadata.resourceVersion) {
        return this.status(res, 409, "Conflict", `Operation cannot be fulfilled on ${t.plural} "${r.name}": the object has been modified; please apply your changes to the latest version and try again`);
      }
      const next: Obj = { ...obj, apiVersion: apiVersionOf(t), kind: t.kind, metadata: { ...obj.metadata, name: r.name, namespace, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp } };
      const immutable = immutableViolation(t, current, next); if (immutable) return this.status(res, 422, "Invalid", immutable);
      this.takeOwnership(t, next, current, u.searchParams.get("fieldManager") ?? "unknown", "Update");
      this.write(t, next, current);
      return this.json(res, 200, next);
    }
    if (method === "PATCH") {
      if (contentType === "application/apply-patch+yaml") return this.apply(res, t, namespace, r.name, current, body, u.searchParams);
      if (u.searchParams.get("force") !== null) return this.status(res, 422, "Invalid", "force: Forbidden: may not be specified for non-apply patch");
      if (contentType === "application/strategic-merge-patch+json" && t.group && t.plural !== "leases") return this.status(res, 415, "UnsupportedMediaType", "strategic merge patch is not supported for custom resources");
      if (contentType !== "application/merge-patch+json" && contentType !== "application/strategic-merge-patch+json") return this.status(res, 415, "UnsupportedMediaType", `unsupported patch type ${contentType}`);
      if (!current) return this.status(res, 404, "NotFound", `${t.plural} "${r.name}" not found`);
      const patch = this.parse(body, res); if (!patch) return;
      const next = mergePatch(structuredClone(current), patch) as Obj;
      const immutable = immutableViolation(t, current, next); if (immutable) return this.status(res, 422, "Invalid", immutable);
      this.takeOwnership(t, next, current, u.searchParams.get("fieldManager") ?? "unknown", "Update");
      this.write(t, next, current);
      return this.json(res, 200, next);
    }
    return this.status(res, 405, "MethodNotAllowed", "method not allowed");
  }

  private parse(body: string, res: ServerResponse): Obj | undefined {
    try { const o = JSON.parse(body); if (!o || typeof o !== "object") throw new Error("not an object"); return o; } catch (e) { this.status(res, 400, "BadRequest", `invalid body: ${(e as Error).message}`); return undefined; }
  }

  // An update takes ownership of the leaves it changed (or set, on create).
  private takeOwnership(t: ResourceType, next: Obj, current: Obj | undefined, manager: string, op: "Update") {
    const key = `${t.plural}/${this.key(next.metadata.namespace, next.metadata.name)}`;
    const owners = this.owners.get(key) ?? new Map();
    const after = leaves(managedView(next)); const before = current ? leaves(managedView(current)) : new Map();
    const mine = owners.get(manager) ?? { op, paths: new Set<string>() };
    for (const [p, v] of after) if (!before.has(p) || !isDeepStrictEqual(before.get(p), v)) {
      for (const [m, o] of owners) if (m !== manager) o.paths.delete(p);
      mine.paths.add(p);
    }
    owners.set(manager, mine);
    this.owners.set(key, owners);
  }

  private apply(res: ServerResponse, t: ResourceType, namespace: string | undefined, name: string, current: Obj | undefined, body: string, q: URLSearchParams) {
    const manager = q.get("fieldManager");
    if (!manager) return this.status(res, 422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
    const force = q.get("force") === "true";
    const applied = this.parse(body, res); if (!applied) return;
    if (applied.apiVersion !== apiVersionOf(t) || applied.kind !== t.kind) return this.status(res, 400, "BadRequest", `apply body must have apiVersion ${apiVersionOf(t)} and kind ${t.kind}`);
    if (applied.metadata?.name !== name || (t.namespaced && applied.metadata?.namespace && applied.metadata.namespace !== namespace)) return this.status(res, 400, "BadRequest", "the name/namespace of the object does not match the URL");
    if (t.namespaced && !this.objects.get("namespaces")!.has(namespace!)) return this.status(res, 404, "NotFound", `namespaces "${namespace}" not found`);
    const okey = `${t.plural}/${this.key(namespace, name)}`;
    const owners = this.owners.get(okey) ?? new Map<string, { op: "Apply" | "Update"; paths: Set<string> }>();
    const want = leaves(managedView(applied));
    const have = current ? leaves(managedView(current)) : new Map<string, unknown>();
    const conflicts: Array<{ manager: string; path: string }> = [];
    for (const [p, v] of want) {
      if (!have.has(p) || isDeepStrictEqual(have.get(p), v)) continue;
      for (const [m, o] of owners) if (m !== manager && o.paths.has(p)) conflicts.push({ manager: m, path: p });
    }
    if (conflicts.length && !force) {
      const causes = conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with "${c.manager}": ${JSON.parse(c.path).join(".")}`, field: JSON.parse(c.path).join(".") }));
      return this.status(res, 409, "Conflict", `Apply failed with ${conflicts.length} conflict(s): ${causes.map((c) => c.message).join("; ")}`, { name, kind: t.plural, causes });
    }
    const next: Obj = current ? structuredClone(current) : { apiVersion: apiVersionOf(t), kind: t.kind, metadata: { name, ...(t.namespaced ? { namespace } : {}) } };
    if (current) {
      const trial = structuredClone(current);
      for (const [p, v] of want) setPath(trial, JSON.parse(p), v);
      const immutable = immutableViolation(t, current, trial); if (immutable) return this.status(res, 422, "Invalid", immutable);
    }
    const mine = owners.get(manager) ?? { op: "Apply" as const, paths: new Set<string>() };
    // Fields this manager applied before and no longer applies are removed, unless someone else owns them too.
    for (const p of mine.paths) if (!want.has(p) && ![...owners].some(([m, o]) => m !== manager && o.paths.has(p))) delPath(next, JSON.parse(p));
    // A leaf that was an object (or the reverse) is replaced wholesale.
    for (const [p, v] of want) {
      const path = JSON.parse(p) as string[];
      setPath(next, path, v);
      // Forced apply takes the field from its other owners; an equal value is shared ownership.
      if (force && !isDeepStrictEqual(getPath(current, path), v)) for (const [m, o] of owners) if (m !== manager) o.paths.delete(p);
    }
    mine.op = "Apply"; mine.paths = new Set(want.keys());
    owners.set(manager, mine);
    this.owners.set(okey, owners);
    if (current && isDeepStrictEqual(managedView(current), managedView(next))) { this.renderManagedFields(t, this.key(namespace, name), current); return this.json(res, 200, current); }
    this.write(t, next, current);
    return this.json(res, current ? 200 : 201, next);
  }

  private watch(res: ServerResponse, t: ResourceType, namespace: string | undefined, selector: Selector, q: URLSearchParams) {
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.flushHeaders(); // clients wait for the headers before they consider the watch open
    const w: Watcher = { plural: t.plural, namespace, selector, res, bookmarks: q.get("allowWatchBookmarks") === "true" };
    const from = q.get("resourceVersion");
    if (!from || from === "0") {
      for (const o of this.objects.get(t.plural)!.values()) if ((!namespace || o.metadata.namespace === namespace) && selector(o.metadata.labels ?? {})) res.write(JSON.stringify({ type: "ADDED", object: o }) + "\n");
    } else {
      const rv = Number(from);
      const oldest = this.history.length ? this.history[0].rv : this.rv + 1;
      if (!Number.isInteger(rv) || (rv < oldest - 1 && rv < this.rv)) {
        res.write(JSON.stringify({ type: "ERROR", object: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `too old resource version: ${from} (${oldest - 1})`, reason: "Expired", code: 410 } }) + "\n");
        return res.end();
      }
      for (const e of this.history) if (e.rv > rv) this.deliver(w, e);
    }
    this.watchers.add(w);
    res.on("close", () => this.watchers.delete(w));
  }
}

function mergePatch(target: any, patch: any): any {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) return structuredClone(patch);
  if (!target || typeof target !== "object" || Array.isArray(target)) target = {};
  for (const [k, v] of Object.entries(patch)) { if (v === null) delete target[k]; else target[k] = mergePatch(target[k], v); }
  return target;
}
