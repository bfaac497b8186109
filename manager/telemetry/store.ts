// Telemetry store on SQLite (better-sqlite3), the embedded default. WAL mode: a committed transaction
// survives the process being killed (SIGKILL), and readers never block the ingest writer. One batch is
// one transaction, so an acknowledged batch is either all there or (never acknowledged) not at all.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export interface Workload { namespace?: string; workload?: string; app?: string; version?: string; serviceAccount?: string; principal?: string; host?: string; external?: boolean }
export interface Endpoint { host?: string; method: string; pathTemplate: string }
export interface Aggregate {
  source: Workload; destination: Workload; direction: "inbound" | "outbound"; protocol?: string; endpoint: Endpoint; statusClass: string;
  user?: string; count: number; blocked?: number; latencyMsSum?: number; latencyMsMax?: number; requestBytes?: number; responseBytes?: number;
  pii?: { request?: Record<string, number>; response?: Record<string, number> }; clients?: Array<{ ip: string; count: number }>;
}
export interface SecurityEvent {
  time: number; requestId?: string; category: string; type: string; action: string; direction: string; location?: string; evidence?: string;
  confidence?: number; source?: Workload; destination?: Workload; endpoint?: Endpoint; user?: string; clientIp?: string; status?: number;
}
export interface TelemetryBatch {
  schemaVersion: 1; batchId?: string; reporter: Workload; policyVersion?: number; windowStart: number; windowEnd: number;
  dropped?: { events?: number; aggregates?: number; batches?: number; schemaFields?: number };
  aggregates?: Aggregate[]; events?: SecurityEvent[]; schemas?: SchemaSketch[]; transactions?: Transaction[];
}
export interface Transaction {
  time: number; requestId?: string; source?: Workload; destination?: Workload; direction?: "inbound" | "outbound"; endpoint: Endpoint; status?: number;
  latencyMs?: number; requestBytes?: number; responseBytes?: number; user?: string; blocked?: boolean; requestContentType?: string; responseContentType?: string;
  findings?: string[]; fields?: Array<{ path: string; finding: string; action?: string }>;
}
export interface SketchField { path: string; types: string[]; format?: string; pii?: string[]; count: number }
export interface SchemaSketch { destination?: Workload; endpoint: Endpoint; part: "request" | "response"; status?: number; contentType?: string; samples: number; overflow?: number; fields: SketchField[] }

// "application/problem+json; charset=utf-8" -> "application/problem+json" (an OpenAPI media type key).
function mediaType(contentType: string | undefined): string | null {
  const t = contentType?.split(";")[0].trim().toLowerCase();
  return t && /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(t) ? t : null;
}

// A field's format over all sketches: null while no string value was seen, "" once string values disagreed
// (a sketch with string values but no format says they did), else the one format every sketch agreed on.
function mergeFormat(stored: string | null | undefined, f: SketchField): string | null {
  if (!f.types.includes("string")) return stored ?? null;
  const incoming = f.format ?? "";
  if (stored === undefined || stored === null) return incoming;
  return stored === incoming ? stored : "";
}

// A node of the service graph: "ns/workload" for mesh workloads, the host for external peers.
export function nodeId(w: Workload | undefined): string {
  if (!w) return "unknown";
  if (w.external || (!w.workload && w.host)) return w.host ? `external:${w.host}` : "external:unknown";
  return `${w.namespace ?? "default"}/${w.workload ?? w.app ?? "unknown"}`;
}

const MIGRATIONS: string[] = [
  `CREATE TABLE tel_batches (batch_id TEXT PRIMARY KEY, reporter TEXT NOT NULL, received_at INTEGER NOT NULL, window_start INTEGER, window_end INTEGER,
     dropped_events INTEGER NOT NULL DEFAULT 0, dropped_aggregates INTEGER NOT NULL DEFAULT 0, dropped_batches INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE tel_edges (source TEXT NOT NULL, destination TEXT NOT NULL, direction TEXT NOT NULL, protocol TEXT NOT NULL,
     count INTEGER NOT NULL, blocked INTEGER NOT NULL, errors INTEGER NOT NULL, latency_ms_sum REAL NOT NULL, latency_ms_max REAL NOT NULL,
     request_bytes INTEGER NOT NULL, response_bytes INTEGER NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
     PRIMARY KEY (source, destination, direction, protocol));
   CREATE TABLE tel_nodes (id TEXT PRIMARY KEY, kind TEXT NOT NULL, namespace TEXT, workload TEXT, app TEXT, version TEXT, host TEXT, last_seen INTEGER NOT NULL);
   CREATE TABLE tel_endpoints (service TEXT NOT NULL, host TEXT NOT NULL, method TEXT NOT NULL, path_template TEXT NOT NULL,
     count INTEGER NOT NULL, blocked INTEGER NOT NULL, errors INTEGER NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
     PRIMARY KEY (service, host, method, path_template));
   CREATE TABLE tel_pii_flows (pii_type TEXT NOT NULL, source TEXT NOT NULL, destination TEXT NOT NULL, direction TEXT NOT NULL, count INTEGER NOT NULL,
     first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, PRIMARY KEY (pii_type, source, destination, direction));
   CREATE TABLE tel_endpoint_pii (service TEXT NOT NULL, method TEXT NOT NULL, path_template TEXT NOT NULL, pii_type TEXT NOT NULL, direction TEXT NOT NULL,
     count INTEGER NOT NULL, PRIMARY KEY (service, method, path_template, pii_type, direction));
   CREATE TABLE tel_events (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, batch_id TEXT NOT NULL, category TEXT NOT NULL, type TEXT NOT NULL,
     action TEXT NOT NULL, direction TEXT NOT NULL, source TEXT NOT NULL, destination TEXT NOT NULL, service TEXT, method TEXT, path_template TEXT,
     request_id TEXT, location TEXT, evidence TEXT, user TEXT, client_ip TEXT, status INTEGER);
   CREATE INDEX tel_events_category ON tel_events (category, id);
   CREATE TABLE tel_users (user TEXT NOT NULL, service TEXT NOT NULL, method TEXT NOT NULL, path_template TEXT NOT NULL, count INTEGER NOT NULL,
     request_bytes INTEGER NOT NULL, response_bytes INTEGER NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
     PRIMARY KEY (user, service, method, path_template));`,
  `CREATE TABLE tel_template_rules (id INTEGER PRIMARY KEY, service TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('pin', 'split')),
     template TEXT NOT NULL, created_at INTEGER NOT NULL, UNIQUE (service, kind, template));`,
  // Schema sketches folded per (endpoint, part, status, field): types and PII are unions, counts add up.
  `CREATE TABLE tel_schema_samples (service TEXT NOT NULL, method TEXT NOT NULL, path_template TEXT NOT NULL, part TEXT NOT NULL, status INTEGER NOT NULL,
     samples INTEGER NOT NULL, overflow INTEGER NOT NULL, PRIMARY KEY (service, method, path_template, part, status));
   CREATE TABLE tel_schema_fields (service TEXT NOT NULL, method TEXT NOT NULL, path_template TEXT NOT NULL, part TEXT NOT NULL, status INTEGER NOT NULL,
     field TEXT NOT NULL, types TEXT NOT NULL, format TEXT, pii TEXT NOT NULL, count INTEGER NOT NULL,
     PRIMARY KEY (service, method, path_template, part, status, field));`,
  // Client IPs per destination service, for the geo view (countries are looked up on read).
  `CREATE TABLE tel_clients (ip TEXT NOT NULL, service TEXT NOT NULL, count INTEGER NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
     PRIMARY KEY (ip, service));`,
  // Sampled transaction log (redacted summaries), and when each schema sketch row was last fed (retention).
  `CREATE TABLE tel_transactions (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, batch_id TEXT NOT NULL, request_id TEXT, source TEXT NOT NULL,
     destination TEXT NOT NULL, direction TEXT, service TEXT NOT NULL, host TEXT, method TEXT NOT NULL, path_template TEXT NOT NULL, status INTEGER,
     latency_ms REAL, request_bytes INTEGER, response_bytes INTEGER, user TEXT, blocked INTEGER NOT NULL, request_content_type TEXT,
     response_content_type TEXT, findings TEXT NOT NULL, fields TEXT NOT NULL);
   CREATE INDEX tel_transactions_time ON tel_transactions (time);
   CREATE INDEX tel_transactions_service ON tel_transactions (service, id);
   ALTER TABLE tel_schema_samples ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE tel_schema_samples ADD COLUMN content_type TEXT;
   ALTER TABLE tel_endpoint_pii ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
   UPDATE tel_schema_samples SET last_seen = CAST(strftime('%s', 'now') AS INTEGER) * 1000;
   UPDATE tel_endpoint_pii SET last_seen = CAST(strftime('%s', 'now') AS INTEGER) * 1000;`,
];

// retentionDays: time-series rows older than this are deleted (default 30; see applyRetention), checked every
// retentionIntervalMs (default hourly; 0 disables the timer, applyRetention() can still be called).
export interface StoreOptions { dataDir: string; retentionDays?: number; retentionIntervalMs?: number }

export class TelemetryStore {
  readonly db: Database.Database;
  private readonly insertBatch: (batch: TelemetryBatch, receivedAt: number) => boolean;

  constructor(readonly options: StoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.db = new Database(join(options.dataDir, "l7guard.db"));
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL"); // WAL + NORMAL: durable across process kills (not across power loss)
    this.db.pragma("foreign_keys = ON");
    this.migrate();
    this.insertBatch = this.prepareIngest();
    const every = options.retentionIntervalMs ?? 3_600_000;
    if (every > 0) {
      this.retentionTimer = setInterval(() => { try { this.applyRetention(); } catch { /* a busy or closed db: next tick */ } }, every);
      this.retentionTimer.unref();
    }
  }

  private retentionTimer?: NodeJS.Timeout;

  get schemaVersion(): number { return this.db.pragma("user_version", { simple: true }) as number; }

  private migrate(): void {
    const current = this.schemaVersion;
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  // Stores one batch atomically. Returns false for a batch id already stored (a retried delivery).
  ingest(batch: TelemetryBatch, receivedAt = Date.now()): boolean { return this.insertBatch(batch, receivedAt); }

  private prepareIngest(): (batch: TelemetryBatch, receivedAt: number) => boolean {
    const db = this.db;
    const batchStmt = db.prepare(`INSERT OR IGNORE INTO tel_batches (batch_id, reporter, received_at, window_start, window_end, dropped_events, dropped_aggregates, dropped_batches)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const nodeStmt = db.prepare(`INSERT INTO tel_nodes (id, kind, namespace, workload, app, version, host, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen), app = coalesce(excluded.app, app), version = coalesce(excluded.version, version)`);
    const edgeStmt = db.prepare(`INSERT INTO tel_edges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (source, destination, direction, protocol) DO UPDATE SET count = count + excluded.count, blocked = blocked + excluded.blocked,
        errors = errors + excluded.errors, latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum, latency_ms_max = max(latency_ms_max, excluded.latency_ms_max),
        request_bytes = request_bytes + excluded.request_bytes, response_bytes = response_bytes + excluded.response_bytes,
        first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`);
    const endpointStmt = db.prepare(`INSERT INTO tel_endpoints VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (service, host, method, path_template) DO UPDATE SET count = count + excluded.count, blocked = blocked + excluded.blocked,
        errors = errors + excluded.errors, first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`);
    const piiFlowStmt = db.prepare(`INSERT INTO tel_pii_flows VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (pii_type, source, destination, direction) DO UPDATE SET count = count + excluded.count, last_seen = max(last_seen, excluded.last_seen)`);
    const endpointPiiStmt = db.prepare(`INSERT INTO tel_endpoint_pii (service, method, path_template, pii_type, direction, count, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (service, method, path_template, pii_type, direction) DO UPDATE SET count = count + excluded.count, last_seen = max(last_seen, excluded.last_seen)`);
    const userStmt = db.prepare(`INSERT INTO tel_users VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (user, service, method, path_template) DO UPDATE SET count = count + excluded.count, request_bytes = request_bytes + excluded.request_bytes,
        response_bytes = response_bytes + excluded.response_bytes, first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`);
    const sampleStmt = db.prepare(`INSERT INTO tel_schema_samples (service, method, path_template, part, status, samples, overflow, last_seen, content_type)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (service, method, path_template, part, status) DO UPDATE SET samples = samples + excluded.samples, overflow = overflow + excluded.overflow,
        last_seen = max(last_seen, excluded.last_seen), content_type = coalesce(content_type, excluded.content_type)`);
    const transactionStmt = db.prepare(`INSERT INTO tel_transactions (time, batch_id, request_id, source, destination, direction, service, host, method, path_template,
      status, latency_ms, request_bytes, response_bytes, user, blocked, request_content_type, response_content_type, findings, fields)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const fieldSelect = db.prepare("SELECT types, format, pii FROM tel_schema_fields WHERE service = ? AND method = ? AND path_template = ? AND part = ? AND status = ? AND field = ?");
    const fieldUpsert = db.prepare(`INSERT INTO tel_schema_fields VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (service, method, path_template, part, status, field) DO UPDATE SET types = excluded.types, format = excluded.format,
        pii = excluded.pii, count = count + excluded.count`);
    const clientStmt = db.prepare(`INSERT INTO tel_clients VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (ip, service) DO UPDATE SET count = count + excluded.count, first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`);
    const union = (stored: string | undefined, add: string[] | undefined) => [...new Set([...(stored ? stored.split(",").filter(Boolean) : []), ...(add ?? [])])].sort().join(",");
    // Events are the bulk of a batch: insert them EVENT_CHUNK rows per statement (one statement per row
    // costs several times more in better-sqlite3).
    const EVENT_CHUNK = 50;
    const eventSql = (rows: number) => `INSERT INTO tel_events (time, batch_id, category, type, action, direction, source, destination, service, method, path_template,
      request_id, location, evidence, user, client_ip, status) VALUES ${Array(rows).fill("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`;
    const eventStmt = db.prepare(eventSql(1));
    const eventChunkStmt = db.prepare(eventSql(EVENT_CHUNK));
    const eventRow = (e: SecurityEvent, batchId: string, reporter: Workload) => {
      const dst = nodeId(e.destination ?? reporter);
      return [e.time, batchId, e.category, e.type, e.action, e.direction, nodeId(e.source), dst, dst, e.endpoint?.method ?? null, e.endpoint?.pathTemplate ?? null,
        e.requestId ?? null, e.location ?? null, e.evidence ?? null, e.user ?? null, e.clientIp ?? null, e.status ?? null];
    };
    const upsertNode = (w: Workload | undefined, seen: number) => {
      const id = nodeId(w);
      const external = id.startsWith("external:");
      nodeStmt.run(id, external ? "external" : "workload", w?.namespace ?? null, w?.workload ?? null, w?.app ?? null, w?.version ?? null, w?.host ?? null, seen);
      return id;
    };
    return db.transaction((batch: TelemetryBatch, receivedAt: number) => {
      const batchId = batch.batchId ?? `${nodeId(batch.reporter)}/${batch.windowStart}/${batch.windowEnd}/${receivedAt}`;
      const d = batch.dropped ?? {};
      const inserted = batchStmt.run(batchId, nodeId(batch.reporter), receivedAt, batch.windowStart, batch.windowEnd, d.events ?? 0, d.aggregates ?? 0, d.batches ?? 0);
      if (inserted.changes === 0) return false;
      const seen = batch.windowEnd || receivedAt;
      upsertNode(batch.reporter, seen);
      for (const a of batch.aggregates ?? []) {
        const src = upsertNode(a.source, seen);
        const dst = upsertNode(a.destination, seen);
        const errors = a.statusClass === "5xx" ? a.count : 0;
        edgeStmt.run(src, dst, a.direction, a.protocol ?? "http", a.count, a.blocked ?? 0, errors, a.latencyMsSum ?? 0, a.latencyMsMax ?? 0,
          a.requestBytes ?? 0, a.responseBytes ?? 0, batch.windowStart || seen, seen);
        const service = dst;
        endpointStmt.run(service, a.endpoint.host ?? "", a.endpoint.method, a.endpoint.pathTemplate, a.count, a.blocked ?? 0, errors, batch.windowStart || seen, seen);
        for (const dir of ["request", "response"] as const) {
          for (const [type, count] of Object.entries(a.pii?.[dir] ?? {})) {
            if (count <= 0) continue;
            // Request PII flows source -> destination; response PII flows back destination -> source.
            piiFlowStmt.run(type, dir === "request" ? src : dst, dir === "request" ? dst : src, dir, count, seen, seen);
            endpointPiiStmt.run(service, a.endpoint.method, a.endpoint.pathTemplate, type, dir, count, seen);
          }
        }
        for (const c of a.clients ?? []) clientStmt.run(c.ip, service, c.count, batch.windowStart || seen, seen);
        if (a.user) userStmt.run(a.user, service, a.endpoint.method, a.endpoint.pathTemplate, a.count, a.requestBytes ?? 0, a.responseBytes ?? 0, batch.windowStart || seen, seen);
      }
      for (const sk of batch.schemas ?? []) {
        const service = nodeId(sk.destination ?? batch.reporter);
        const status = sk.part === "response" ? sk.status ?? 0 : 0;
        const key = [service, sk.endpoint.method, sk.endpoint.pathTemplate, sk.part, status] as const;
        sampleStmt.run(...key, sk.samples, sk.overflow ?? 0, seen, mediaType(sk.contentType));
        for (const f of sk.fields) {
          const old = fieldSelect.get(...key, f.path) as { types: string; format: string | null; pii: string } | undefined;
          fieldUpsert.run(...key, f.path, union(old?.types, f.types), mergeFormat(old?.format, f), union(old?.pii, f.pii), f.count);
        }
      }
      for (const t of batch.transactions ?? []) {
        const dst = nodeId(t.destination ?? batch.reporter);
        transactionStmt.run(t.time, batchId, t.requestId ?? null, nodeId(t.source), dst, t.direction ?? null, dst, t.endpoint.host ?? null, t.endpoint.method,
          t.endpoint.pathTemplate, t.status ?? null, t.latencyMs ?? null, t.requestBytes ?? null, t.responseBytes ?? null, t.user ?? null, t.blocked ? 1 : 0,
          t.requestContentType ?? null, t.responseContentType ?? null, JSON.stringify(t.findings ?? []), JSON.stringify(t.fields ?? []));
      }
      const events = batch.events ?? [];
      let i = 0;
      for (; i + EVENT_CHUNK <= events.length; i += EVENT_CHUNK) {
        const params: unknown[] = [];
        for (let k = i; k < i + EVENT_CHUNK; k++) params.push(...eventRow(events[k], batchId, batch.reporter));
        eventChunkStmt.run(params);
      }
      for (; i < events.length; i++) eventStmt.run(eventRow(events[i], batchId, batch.reporter));
      return true;
    });
  }

  // Retention over every time-series table: rows whose time (events, transactions, batch ids) or last
  // update (cumulative edges, nodes, endpoints, PII flows, users, clients, schema sketches) is older than
  // retentionDays are deleted; schema fields go with their sketch. A cumulative row that is still being
  // fed stays whole (its counts are totals, not per-day buckets). Returns the number of rows deleted.
  applyRetention(now = Date.now()): number {
    const cutoff = now - (this.options.retentionDays ?? 30) * 86_400_000;
    const db = this.db;
    return db.transaction(() => {
      let n = 0;
      n += db.prepare("DELETE FROM tel_events WHERE time < ?").run(cutoff).changes;
      n += db.prepare("DELETE FROM tel_transactions WHERE time < ?").run(cutoff).changes;
      n += db.prepare("DELETE FROM tel_batches WHERE received_at < ?").run(cutoff).changes;
      for (const table of ["tel_edges", "tel_nodes", "tel_endpoints", "tel_pii_flows", "tel_users", "tel_clients", "tel_endpoint_pii", "tel_schema_samples"]) {
        n += db.prepare(`DELETE FROM ${table} WHERE last_seen < ?`).run(cutoff).changes;
      }
      n += db.prepare(`DELETE FROM tel_schema_fields WHERE NOT EXISTS (SELECT 1 FROM tel_schema_samples s WHERE s.service = tel_schema_fields.service
        AND s.method = tel_schema_fields.method AND s.path_template = tel_schema_fields.path_template AND s.part = tel_schema_fields.part
        AND s.status = tel_schema_fields.status)`).run().changes;
      return n;
    })();
  }

  close(): void { clearInterval(this.retentionTimer); this.db.close(); }
}
