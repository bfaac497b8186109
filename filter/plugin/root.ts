// Root context: owns the parsed configuration and metrics for one plugin config on one worker VM.
// A new configuration arrives as a new root context (reference §3.14), so nothing here is mutated
// while streams read it.
import { HostBytes, HttpContext, PairsBuilder, RootContext, Utf8, logError, logInfo, LogLevel, logEnabled } from "../runtime";
import { FilterConfig, Mode, parseFilterConfig } from "../config/filter-config";
import { L7GuardHttpContext } from "./http";
import { FilterMetrics } from "./metrics";

export class L7GuardRootContext extends RootContext {
  config: FilterConfig = new FilterConfig();
  metrics: FilterMetrics | null = null;
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
    if (logEnabled(LogLevel.Info)) {
      logInfo("l7guard: configured policyVersion=" + config.policyVersion.toString() + " mode=" +
        (config.mode == Mode.Enforce ? "enforce" : "monitor") + " rules=" + config.rules.length.toString());
    }
    return true;
  }

  createHttpContext(contextId: u32): HttpContext | null {
    return new L7GuardHttpContext(contextId, this);
  }
}
