// The filter's own metrics. Envoy exposes them as wasmcustom.<name>; Prometheus output drops the prefix.
import { Counter } from "../runtime";

export class FilterMetrics {
  readonly requests: Counter = new Counter("l7guard_requests_total");
  readonly blocked: Counter = new Counter("l7guard_requests_blocked_total");
  readonly alerted: Counter = new Counter("l7guard_requests_alerted_total");
  readonly ruleMatches: Counter = new Counter("l7guard_rule_matches_total");
  readonly bodyOverLimit: Counter = new Counter("l7guard_body_over_limit_total");
}
