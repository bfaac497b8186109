// Stats as Envoy keeps them for Wasm: custom metrics live as `wasmcustom.<name>` in the root scope
// (reference §3.12). Prometheus output strips the namespace, sanitises to [a-zA-Z0-9_], adds no `envoy_`
// prefix, and drops names that do not start with a letter or underscore.
export type StatKind = "counter" | "gauge" | "histogram";

// Envoy's default histogram bucket bounds.
const BUCKETS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

export class Stat {
  value = 0n;
  readonly buckets?: number[];
  sum = 0;
  count = 0;
  constructor(readonly name: string, readonly kind: StatKind) {
    if (kind === "histogram") this.buckets = new Array(BUCKETS.length).fill(0);
  }
  record(v: number): void {
    this.count++;
    this.sum += v;
    const b = this.buckets!;
    for (let i = 0; i < BUCKETS.length; i++) if (v <= BUCKETS[i]) b[i]++;
  }
}

export class Stats {
  private readonly byName = new Map<string, Stat>();

  // Creates or re-uses the stat named `name` (full name, e.g. wasmcustom.l7guard_requests_total).
  get(name: string, kind: StatKind): Stat {
    let s = this.byName.get(name);
    if (!s) { s = new Stat(name, kind); this.byName.set(name, s); }
    return s;
  }

  find(name: string): Stat | undefined { return this.byName.get(name); }

  // Envoy /stats-style name without the wasmcustom namespace.
  value(name: string): bigint | undefined {
    return (this.byName.get(name) ?? this.byName.get(`wasmcustom.${name}`))?.value;
  }

  all(): Stat[] { return [...this.byName.values()]; }

  renderPrometheus(): string {
    const lines: string[] = [];
    for (const s of [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const stripped = s.name.startsWith("wasmcustom.") ? s.name.slice("wasmcustom.".length) : `envoy_${s.name}`;
      const name = stripped.replace(/[^a-zA-Z0-9_]/g, "_");
      if (!/^[a-zA-Z_]/.test(name)) continue;
      if (s.kind === "histogram") {
        lines.push(`# TYPE ${name} histogram`);
        for (let i = 0; i < BUCKETS.length; i++) lines.push(`${name}_bucket{le="${BUCKETS[i]}"} ${s.buckets![i]}`);
        lines.push(`${name}_bucket{le="+Inf"} ${s.count}`, `${name}_sum{} ${s.sum}`, `${name}_count{} ${s.count}`);
      } else {
        lines.push(`# TYPE ${name} ${s.kind}`, `${name}{} ${s.value}`);
      }
    }
    return lines.join("\n") + "\n";
  }
}
