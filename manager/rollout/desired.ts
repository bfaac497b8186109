// Which policy version a namespace should run: the latest version, unless it is an unpromoted canary and
// the namespace is outside its selector; then the latest promoted version (or none yet).
import type { PolicyStore, PolicyVersion } from "../store/policy-store.ts";

export function matchesSelector(labels: Record<string, string>, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function desiredVersionFor(store: PolicyStore, labels: Record<string, string>, latest = store.latest(), stable?: PolicyVersion): PolicyVersion | undefined {
  if (!latest) return undefined;
  if (latest.promoted) return latest;
  const sel = latest.policy.canary?.namespaceSelector;
  if (sel && matchesSelector(labels, sel)) return latest;
  return stable ?? store.latestPromoted();
}
