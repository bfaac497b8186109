// Policy versions, audit log and rollout status on SQLite (better-sqlite3, WAL). Versions are append-only:
// a change or a rollback inserts a new numbered row; nothing updates a stored document.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Policy } from "../policy/model.ts";

export interface PolicyVersion { version: number; author: string; createdAt: string; message: string; policy: Policy; promoted: boolean; rollbackOf?: number }
export interface AuditEntry { id: number; time: string; actor: string; role: string; action: string; target: string; detail?: unknown }
export interface RolloutStatus { namespace: string; desiredVersion: number | null; appliedVersion: number | null; lastError: string | null; updatedAt: string; target: string }

/**
 * The interface the rest of the manager uses. Reads are synchronous (from the store or its cache); writes
 * are asynchronous and resolve once durable. SQLite is the embedded implementation (--local, one process);
 * KubernetesPolicyStore (k8s-policy-store.ts) keeps the same records as ConfigMaps so every replica shares them.
 */
export interface PolicyStore {
  addVersion(v: { author: string; message: string; policy: Policy; promoted: boolean; rollbackOf?: number }): Promise<PolicyVersion>;
  getVersion(version: number): PolicyVersion | undefined;
  latest(): PolicyVersion | undefined;
  latestPromoted(): PolicyVersion | undefined;
  listVersions(limit: number, before?: number): Array<Omit<PolicyVersion, "policy">>;
  promote(version: number): Promise<boolean>;
  audit(e: Omit<AuditEntry, "id" | "time">): Promise<void>;
  listAudit(limit: number, before?: number): AuditEntry[];
  setStatus(s: Omit<RolloutStatus, "updatedAt">): void;
  listStatus(): RolloutStatus[];
  deleteStatus(namespace: string, target: string): void;
  close(): void | Promise<void>;
}

const MIGRATIONS = [
  `CREATE TABLE policy_versions (version INTEGER PRIMARY KEY, author TEXT NOT NULL, created_at TEXT NOT NULL, message TEXT NOT NULL,
     document TEXT NOT NULL, promoted INTEGER NOT NULL, rollback_of INTEGER);
   CREATE TABLE audit_log (id INTEGER PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL,
     target TEXT NOT NULL, detail TEXT);
   CREATE TABLE rollout_status (namespace TEXT NOT NULL, target TEXT NOT NULL, desired_version INTEGER, applied_version INTEGER,
     last_error TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (namespace, target));`,
];

export class SqlitePolicyStore implements PolicyStore {
  readonly db: Database.Database;
  // Rollout status is derived state (the next pass recomputes it), written in bursts of one row per
  // namespace. Each row as its own transaction cost one fsync (synchronous = FULL): 1,000 fsyncs per
  // rollout. Rows are buffered and written in one transaction shortly after; every read flushes first.
  private pendingStatus = new Map<string, Omit<RolloutStatus, "updatedAt"> & { updatedAt: string }>();
  private statusTimer: NodeJS.Timeout | undefined;
  private stmts = new Map<string, Database.Statement>();
  constructor(dataDir: string, private statusFlushMs = 50) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, "policy.db"));
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL"); // a version the API acknowledged survives a crash
    this.db.pragma("busy_timeout = 5000"); // replicas sharing a volume in tests
    this.db.exec("CREATE TABLE IF NOT EXISTS policy_migrations (id INTEGER PRIMARY KEY)");
    const done = new Set((this.db.prepare("SELECT id FROM policy_migrations").all() as Array<{ id: number }>).map((r) => r.id));
    MIGRATIONS.forEach((sql, i) => {
      if (done.has(i)) return;
      this.db.transaction(() => { this.db.exec(sql); this.db.prepare("INSERT INTO policy_migrations (id) VALUES (?)").run(i); })();
    });
  }

  private row(r: any): PolicyVersion {
    return { version: r.version, author: r.author, createdAt: r.created_at, message: r.message, policy: JSON.parse(r.document), promoted: !!r.promoted, ...(r.rollback_of != null ? { rollbackOf: r.rollback_of } : {}) };
  }
  async addVersion(v: { author: string; message: string; policy: Policy; promoted: boolean; rollbackOf?: number }): Promise<PolicyVersion> {
    const createdAt = new Date().toISOString();
    const info = this.db.prepare("INSERT INTO policy_versions (author, created_at, message, document, promoted, rollback_of) VALUES (?, ?, ?, ?, ?, ?)")
      .run(v.author, createdAt, v.message, JSON.stringify(v.policy), v.promoted ? 1 : 0, v.rollbackOf ?? null);
    return this.getVersion(Number(info.lastInsertRowid))!;
  }
  getVersion(version: number) { const r = this.db.prepare("SELECT * FROM policy_versions WHERE version = ?").get(version); return r ? this.row(r) : undefined; }
  latest() { const r = this.db.prepare("SELECT * FROM policy_versions ORDER BY version DESC LIMIT 1").get(); return r ? this.row(r) : undefined; }
  latestPromoted() { const r = this.db.prepare("SELECT * FROM policy_versions WHERE promoted = 1 ORDER BY version DESC LIMIT 1").get(); return r ? this.row(r) : undefined; }
  listVersions(limit: number, before?: number) {
    const rows = this.db.prepare("SELECT version, author, created_at, message, promoted, rollback_of FROM policy_versions WHERE version < ? ORDER BY version DESC LIMIT ?")
      .all(before ?? Number.MAX_SAFE_INTEGER, limit) as any[];
    return rows.map((r) => ({ version: r.version, author: r.author, createdAt: r.created_at, message: r.message, promoted: !!r.promoted, ...(r.rollback_of != null ? { rollbackOf: r.rollback_of } : {}) }));
  }
  async promote(version: number) { return this.db.prepare("UPDATE policy_versions SET promoted = 1 WHERE version = ?").run(version).changes === 1; }
  async audit(e: Omit<AuditEntry, "id" | "time">) {
    this.db.prepare("INSERT INTO audit_log (time, actor, role, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)")
      .run(new Date().toISOString(), e.actor, e.role, e.action, e.target, e.detail === undefined ? null : JSON.stringify(e.detail));
  }
  listAudit(limit: number, before?: number): AuditEntry[] {
    const rows = this.db.prepare("SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?").all(before ?? Number.MAX_SAFE_INTEGER, limit) as any[];
    return rows.map((r) => ({ id: r.id, time: r.time, actor: r.actor, role: r.role, action: r.action, target: r.target, ...(r.detail != null ? { detail: JSON.parse(r.detail) } : {}) }));
  }
  private stmt(sql: string): Database.Statement { let st = this.stmts.get(sql); if (!st) { st = this.db.prepare(sql); this.stmts.set(sql, st); } return st; }
  setStatus(s: Omit<RolloutStatus, "updatedAt">) {
    this.pendingStatus.set(JSON.stringify([s.namespace, s.target]), { ...s, updatedAt: new Date().toISOString() });
    this.statusTimer ??= setTimeout(() => this.flushStatus(), this.statusFlushMs);
  }
  /** Writes buffered status rows in one transaction. */
  flushStatus() {
    clearTimeout(this.statusTimer); this.statusTimer = undefined;
    if (!this.pendingStatus.size || !this.db.open) return;
    const rows = [...this.pendingStatus.values()]; this.pendingStatus.clear();
    const upsert = this.stmt(`INSERT INTO rollout_status (namespace, target, desired_version, applied_version, last_error, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (namespace, target) DO UPDATE SET desired_version = excluded.desired_version, applied_version = excluded.applied_version,
      last_error = excluded.last_error, updated_at = excluded.updated_at`);
    this.db.transaction(() => { for (const s of rows) upsert.run(s.namespace, s.target, s.desiredVersion, s.appliedVersion, s.lastError, s.updatedAt); })();
  }
  listStatus(): RolloutStatus[] {
    this.flushStatus();
    return (this.stmt("SELECT * FROM rollout_status ORDER BY namespace, target").all() as any[]).map((r) => ({
      namespace: r.namespace, target: r.target, desiredVersion: r.desired_version, appliedVersion: r.applied_version, lastError: r.last_error, updatedAt: r.updated_at,
    }));
  }
  deleteStatus(namespace: string, target: string) { this.flushStatus(); this.stmt("DELETE FROM rollout_status WHERE namespace = ? AND target = ?").run(namespace, target); }
  close() { this.flushStatus(); this.db.close(); }
}
