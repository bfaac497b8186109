// Capped exponential backoff with jitter, as client-go's wait.Backoff: the n-th consecutive failure waits
// a random time in [d/2, d] with d = base * 2^n capped at max, so replicas and informers that failed
// together do not retry together. reset() after a success starts again from base.
export class Backoff {
  private failures = 0;
  constructor(private baseMs: number, private maxMs: number, private random: () => number = Math.random) {}
  /** The delay before the next attempt (and counts one more failure). */
  next(): number {
    const d = Math.min(this.baseMs * 2 ** this.failures, this.maxMs);
    this.failures = Math.min(this.failures + 1, 52);
    return Math.round(d / 2 + (d / 2) * this.random());
  }
  reset(): void { this.failures = 0; }
  get attempts(): number { return this.failures; }
}

/** Retry-After of an HTTP error from @kubernetes/client-node (seconds or an HTTP date), in ms. */
export function retryAfterMs(e: unknown, now = Date.now()): number | undefined {
  const headers = (e as { headers?: Record<string, string | undefined> } | undefined)?.headers;
  const v = headers && (headers["retry-after"] ?? headers["Retry-After"]);
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
