// Logging through proxy_log. The host's level is cached, so a disabled level costs one comparison and
// builds nothing: pass constant strings, or guard concatenations with `logEnabled(level)`.
import { LogLevel, proxy_get_log_level, proxy_log } from "./abi";
import { RET_U32, encodeToScratch, scratchBase } from "./memory";

// Until the host tells us (proxy_get_log_level is not allowed during start-up), log from Info up.
let currentLevel: u32 = LogLevel.Info;

// Called by the dispatcher from callbacks where the hostcall is allowed (configure, tick, context create),
// so a level changed at run time (Envoy admin /logging) takes effect without a reload.
export function refreshLogLevel(): void {
  if (proxy_get_log_level(RET_U32) == 0) currentLevel = load<u32>(RET_U32);
}

@inline export function logEnabled(level: LogLevel): bool {
  return <u32>level >= currentLevel;
}

export function log(level: LogLevel, message: string): void {
  if (<u32>level < currentLevel) return;
  const n = encodeToScratch(message);
  proxy_log(<u32>level, scratchBase(), n);
}

export function logTrace(message: string): void { log(LogLevel.Trace, message); }
export function logDebug(message: string): void { log(LogLevel.Debug, message); }
export function logInfo(message: string): void { log(LogLevel.Info, message); }
export function logWarn(message: string): void { log(LogLevel.Warn, message); }
export function logError(message: string): void { log(LogLevel.Error, message); }
export function logCritical(message: string): void { log(LogLevel.Critical, message); }
