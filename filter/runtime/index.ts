// Public API of the l7guard proxy-wasm runtime. Filter code imports from here, never from ./abi.
export {
  BufferType, FilterDataStatus, FilterHeadersStatus, FilterTrailersStatus, GRPC_STATUS_UNSET, LogLevel, MapType,
  WasmResult,
} from "./abi";
export { HostBytes, Utf8, encodeToScratch, scratchBase } from "./memory";
export { log, logEnabled, logTrace, logDebug, logInfo, logWarn, logError, logCritical } from "./log";
export { RootContext, HttpContext, RootContextFactory } from "./context";
export { registerRootContext, liveRootContexts, liveHttpContexts } from "./registry";
export {
  PairsBuilder, PairsIterator, addHeader, getHeaderPairs, getHeaderValue, removeHeader, replaceHeader,
  replaceHeaderString, setHeaderPairs,
} from "./headers";
export { appendBuffer, bufferLength, getBuffer, prependBuffer, replaceBuffer, setBuffer } from "./buffers";
export { closeRequest, closeResponse, continueRequest, continueResponse, sendLocalResponse } from "./stream";
export { Counter, Gauge, Histogram } from "./metrics";
export { PropertyPath, getProperty, getPropertyInt, getPropertyString, setProperty } from "./properties";
export {
  dequeueSharedQueue, enqueueSharedQueue, getSharedData, registerSharedQueue, resolveSharedQueue, setSharedData,
} from "./shared";
export { nowMillis, nowNanos, setTickPeriod } from "./time";
export { HttpCallHandler, getCallStatus, httpCall, lastHttpCallResult, pendingHttpCalls } from "./http-call";
