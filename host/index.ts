// The proxy-wasm host for Node with Envoy's semantics. See host/CONFORMANCE.md for the choices made where
// the reference is uncertain.
export { PluginHost, ConfigRejectedError, type PluginHostOptions, type FailurePolicy } from "./plugin.ts";
export type { HttpStream, StreamInfo, StreamSink } from "./stream.ts";
export type { HeaderList } from "./pairs.ts";
export { encodePairs, decodePairs } from "./pairs.ts";
export type { WorkloadIdentity } from "./properties.ts";
export { SharedState, defaultSharedState } from "./shared.ts";
export { Stats } from "./stats.ts";
export { validateModule, ModuleRejectedError } from "./validate.ts";
export { runExchange, settle, requestHeaders, responseHeaders, type ExchangeInput, type ExchangeResult, type Chunk } from "./testing.ts";
