// l7guard proxy-wasm filter: entry point. The runtime owns the ABI; the plugin owns the behaviour.
export * from "./runtime/exports";
import { registerRootContext } from "./runtime";
import { L7GuardRootContext } from "./plugin/root";

registerRootContext("", (contextId: u32) => new L7GuardRootContext(contextId));
