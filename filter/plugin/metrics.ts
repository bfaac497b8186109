// The filter's own metrics. Envoy exposes them as wasmcustom.<name>; Prometheus output drops the prefix.
import { Counter } from "../runtime";

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
  readonly inspectionLimits: Counter = new Counter("l7guard_inspection_limits_exceeded_total");
}
