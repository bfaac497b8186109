import { proxy_get_current_time_nanoseconds, proxy_set_tick_period_milliseconds } from "./abi";
import { RET_U64 } from "./memory";

// Wall-clock nanoseconds since the epoch, as Envoy reports them.
export function nowNanos(): u64 {
  proxy_get_current_time_nanoseconds(RET_U64);
  return load<u64>(RET_U64);
}

export function nowMillis(): u64 { return nowNanos() / 1_000_000; }

// Timer of the calling root context; 0 cancels.
export function setTickPeriod(ms: u32): void { proxy_set_tick_period_milliseconds(ms); }
