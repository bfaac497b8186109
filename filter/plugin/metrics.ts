// The filter's own metrics. Envoy exposes them as wasmcustom.<name>; Prometheus output drops the prefix.
import { Counter } from "../runtime";
import { ATTACK_CLASSES, PII_TYPES } from "../config/filter-config";

const ACTIONS: string[] = ["allow", "alert", "redact", "block"];
const PII_ROWS: i32 = PII_TYPES.length;
const ALL_ROWS: i32 = PII_TYPES.length + ATTACK_CLASSES.length;

export class FilterMetrics {
  readonly requests: Counter = new Counter("l7guard_requests_total");
  readonly blocked: Counter = new Counter("l7guard_requests_blocked_total");
  readonly alerted: Counter = new Counter("l7guard_requests_alerted_total");
  readonly ruleMatches: Counter = new Counter("l7guard_rule_matches_total");
  readonly bodyOverLimit: Counter = new Counter("l7guard_body_over_limit_total");
  readonly piiFindings: Counter = new Counter("l7guard_findings_total");
  readonly attacks: Counter = new Counter("l7guard_attacks_total");
  readonly redactions: Counter = new Counter("l7guard_pii_redactions_total");
  readonly compressedUninspected: Counter = new Counter("l7guard_compressed_responses_uninspected_total");
  readonly compressedRequestsUninspected: Counter = new Counter("l7guard_compressed_requests_uninspected_total");
  readonly inspectionLimits: Counter = new Counter("l7guard_inspection_limits_exceeded_total");
  // Findings by class and action: l7guard_findings_pii_email_redact_total, l7guard_findings_attack_sqli_block_total, …
  // (Envoy custom metrics carry no labels: the class and action are in the name.) Allow is not counted.
  private readonly byClass: StaticArray<Counter | null> = new StaticArray<Counter | null>((PII_TYPES.length + ATTACK_CLASSES.length) * 4);
  constructor() {
    for (let t = 0; t < PII_TYPES.length; t++) for (let a = 1; a < 4; a++) this.byClass[t * 4 + a] = new Counter("l7guard_findings_pii_" + PII_TYPES[t] + "_" + ACTIONS[a] + "_total");
    for (let c = 0; c < ATTACK_CLASSES.length; c++) for (let a = 1; a < 4; a += 2) this.byClass[(PII_TYPES.length + c) * 4 + a] = new Counter("l7guard_findings_attack_" + ATTACK_CLASSES[c] + "_" + ACTIONS[a] + "_total");
  }
  // Counted per body and sent once per counter (a hostcall per finding would cost more than the finding).
  private readonly pending: StaticArray<i32> = new StaticArray<i32>((PII_TYPES.length + ATTACK_CLASSES.length) * 4);
  private pendingRedactions: i32 = 0;
  private pendingAttacks: i32 = 0;
  finding(isAttack: bool, cls: i32, action: i32): void {
    const row = isAttack ? PII_ROWS + cls : cls;
    if (cls < 0 || action <= 0 || action > 3 || row >= ALL_ROWS) return;
    const k = row * 4 + action; // in bounds: row < ALL_ROWS (checked above; this runs once per finding)
    unchecked(this.pending[k] = unchecked(this.pending[k]) + 1);
    if (action == 2) this.pendingRedactions++;
    if (isAttack) this.pendingAttacks++;
  }
  flushFindings(): void {
    for (let i = 0; i < this.pending.length; i++) {
      const n = this.pending[i];
      if (n == 0) continue;
      const c = this.byClass[i];
      if (c !== null) c.increment(n);
      this.pending[i] = 0;
    }
    if (this.pendingRedactions > 0) { this.redactions.increment(this.pendingRedactions); this.pendingRedactions = 0; }
    if (this.pendingAttacks > 0) { this.attacks.increment(this.pendingAttacks); this.pendingAttacks = 0; }
  }
}
