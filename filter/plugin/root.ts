// Root context: owns the parsed configuration, metrics and telemetry for one plugin config on one worker
// VM. A new configuration arrives as a new root context (reference §3.14), so nothing here is mutated
// while streams read it.
import {
  HostBytes, HttpContext, LogLevel, PairsBuilder, PairsIterator, RootContext, Utf8, log, logEnabled, logError, logWarn,
  nowMillis, setTickPeriod,
} from "../runtime";
import { FilterConfig, Mode, parseFilterConfig } from "../config/filter-config";
import { RequestRecord, TelemetryCollector } from "../telemetry/collector";
import { Workload, readListenerDirection, readReporterIdentity } from "../telemetry/identity";
import { L7GuardHttpContext } from "./http";
import { Direction as PiiDirection, DirectionPolicy } from "./inspection";
import { Findings, ScanLimits } from "../inspect/index";
import { FilterMetrics } from "./metrics";

const HOLD_CHECK_INTERVAL_MS: u32 = 1000;
const HOLD_TIMEOUT_MS: u64 = 5000;

export class L7GuardRootContext extends RootContext {
  config: FilterConfig = new FilterConfig();
  metrics: FilterMetrics | null = null;
  telemetry: TelemetryCollector | null = null;
  reporter: Workload = new Workload();
  // -1 until the first request reads xds.listener_direction (a stream property).
  listenerDirection: i32 = -1;
  // Streams holding their request headers while waiting for the body (see L7GuardHttpContext).
  readonly heldStreams: L7GuardHttpContext[] = [];
  private warnedHoldNotHonoured: bool = false;
  // Reused by streams for work that completes inside one callback (never held across callbacks).
  readonly record: RequestRecord = new RequestRecord();
  readonly scratchBytes: HostBytes = new HostBytes();
  readonly pairs: PairsIterator = new PairsIterator();
  readonly peerBytes: HostBytes = new HostBytes();
  readonly peerPairs: PairsIterator = new PairsIterator();
  userHeaderName: Utf8 | null = null;
  requestPolicy: DirectionPolicy = new DirectionPolicy(new FilterConfig(), PiiDirection.Request);
  responsePolicy: DirectionPolicy = new DirectionPolicy(new FilterConfig(), PiiDirection.Response);
  readonly limits: ScanLimits = new ScanLimits();
  readonly findings: Findings = new Findings();
  // Built once: headers of the local block reply.
  readonly blockReplyHeaders: PairsBuilder = new PairsBuilder().add("content-type", "application/json").add("x-l7guard", "block");
  readonly blockDetails: Utf8 = new Utf8("l7guard_blocked");
  readonly tooLargeDetails: Utf8 = new Utf8("l7guard_body_too_large");

  onConfigure(configurationSize: u32): bool {
    const bytes = new HostBytes();
    this.readPluginConfiguration(bytes);
    const result = parseFilterConfig(bytes.ptr, <usize>bytes.length);
    bytes.release();
    const config = result.config;
    if (config === null) {
      logError("l7guard: configuration rejected: " + result.error);
      return false;
    }
    this.config = config;
    if (this.metrics === null) this.metrics = new FilterMetrics();
    this.reporter = readReporterIdentity();
    this.requestPolicy = new DirectionPolicy(config, PiiDirection.Request);
    this.responsePolicy = new DirectionPolicy(config, PiiDirection.Response);
    this.limits.maxDepth = <i32>config.maxDepth;
    this.limits.maxFields = <i32>config.maxFields;
    this.limits.maxGraphqlDepth = <i32>config.maxGraphqlDepth;
    this.limits.maxGraphqlAliases = <i32>config.maxGraphqlAliases;
    this.limits.allowIntrospection = config.allowGraphqlIntrospection;
    if (config.userHeader.length > 0) this.userHeaderName = new Utf8(config.userHeader);
    if (config.collector.enabled) {
      this.telemetry = new TelemetryCollector(config.collector, this.reporter, config.policyVersion, this.id);
    }
    // Ticks drive telemetry delivery and the held-headers watchdog.
    if (config.collector.enabled || (config.allowOnHeadersStopIteration && config.rulesNeedBody)) {
      const interval = config.collector.enabled ? config.collector.flushIntervalMs : HOLD_CHECK_INTERVAL_MS;
      setTickPeriod(interval < HOLD_CHECK_INTERVAL_MS ? interval : HOLD_CHECK_INTERVAL_MS);
    }
    if (logEnabled(LogLevel.Info)) {
      log(LogLevel.Info, "l7guard: configured policyVersion=" + config.policyVersion.toString() + " mode=" +
        (config.mode == Mode.Enforce ? "enforce" : "monitor") + " rules=" + config.rules.length.toString() +
        " workload=" + this.reporter.namespace + "/" + this.reporter.workload +
        " telemetry=" + (config.collector.enabled ? config.collector.cluster : "off"));
    }
    return true;
  }

  onTick(): void {
    const t = this.telemetry;
    if (t !== null) t.onTick();
    if (this.heldStreams.length > 0) this.releaseStuckStreams();
  }

  // A stream that held its request headers (StopIteration) and got no body callback for HOLD_TIMEOUT_MS:
  // the proxy turned StopIteration into StopAllIteration (Envoy without allow_on_headers_stop_iteration,
  // e.g. Istio), so no body callback will ever come. Resume it so no request hangs; its body is then
  // delivered to this filter after the headers went upstream, and a block resets the upstream request.
  private releaseStuckStreams(): void {
    const now = nowMillis();
    const held = this.heldStreams;
    for (let i = held.length - 1; i >= 0; i--) {
      const stream = held[i];
      if (now - stream.heldSince < HOLD_TIMEOUT_MS) continue;
      held.splice(i, 1);
      if (!this.warnedHoldNotHonoured) {
        this.warnedHoldNotHonoured = true;
        logWarn("l7guard: the proxy does not deliver the request body while headers are held; resuming held requests " +
          "(set proxy.allowOnHeadersStopIteration=false in the filter config for this proxy)");
      }
      stream.resumeHeldRequest();
    }
  }

  unhold(stream: L7GuardHttpContext): void {
    const i = this.heldStreams.indexOf(stream);
    if (i >= 0) this.heldStreams.splice(i, 1);
  }

  // Sends what is left of the window before going away; waits for that one call (bounded by its timeout).
  onDone(): bool {
    const t = this.telemetry;
    if (t === null) return true;
    t.flush(nowMillis());
    if (!t.hasPendingBatch) return true;
    t.finishing = this;
    return false;
  }

  direction(): i32 {
    if (this.listenerDirection < 0) this.listenerDirection = readListenerDirection();
    return this.listenerDirection;
  }

  createHttpContext(contextId: u32): HttpContext | null {
    return new L7GuardHttpContext(contextId, this);
  }
}
