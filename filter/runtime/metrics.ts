// Metrics (reference §3.12): Envoy exposes them as `wasmcustom.<name>`. Define in onConfigure (defining
// during VM start-up traps); ids are per VM, so every root context defines its own.
import { MetricType, WasmResult, proxy_define_metric, proxy_get_metric, proxy_increment_metric, proxy_record_metric } from "./abi";
import { RET_U32, RET_U64 } from "./memory";

function define(type: MetricType, name: string): u32 {
  const bytes = String.UTF8.encode(name);
  if (proxy_define_metric(<u32>type, changetype<usize>(bytes), <usize>bytes.byteLength, RET_U32) != WasmResult.Ok) return 0;
  return load<u32>(RET_U32);
}

export class Counter {
  readonly id: u32;
  constructor(name: string) { this.id = define(MetricType.Counter, name); }
  // Envoy rejects a counter delta <= 0, so zero increments are skipped here rather than sent.
  increment(delta: i64 = 1): void { if (this.id != 0 && delta > 0) proxy_increment_metric(this.id, delta); }
  get value(): u64 { return this.id != 0 && proxy_get_metric(this.id, RET_U64) == WasmResult.Ok ? load<u64>(RET_U64) : 0; }
}

export class Gauge {
  readonly id: u32;
  constructor(name: string) { this.id = define(MetricType.Gauge, name); }
  set(value: u64): void { if (this.id != 0) proxy_record_metric(this.id, value); }
  add(delta: i64): void { if (this.id != 0 && delta != 0) proxy_increment_metric(this.id, delta); }
  get value(): u64 { return this.id != 0 && proxy_get_metric(this.id, RET_U64) == WasmResult.Ok ? load<u64>(RET_U64) : 0; }
}

export class Histogram {
  readonly id: u32;
  constructor(name: string) { this.id = define(MetricType.Histogram, name); }
  record(value: u64): void { if (this.id != 0) proxy_record_metric(this.id, value); }
}
