// Context registry: root contexts by id (several plugins, by root_id, may share one module) and the
// HTTP stream contexts they create. Only exports.ts dispatches into it.
import { HttpContext, RootContext, RootContextFactory } from "./context";
import { logError } from "./log";
import { PropertyPath, getPropertyString } from "./properties";


const factories = new Map<string, RootContextFactory>();
let factoryCount: i32 = 0;
let onlyFactory: RootContextFactory | null = null;
export const roots = new Map<u32, RootContext>();
export const streams = new Map<u32, HttpContext>();
let pluginRootIdPath: PropertyPath | null = null;

// Registers the root context for a plugin root_id (Istio: WasmPlugin.pluginName; "" when unset).
// Several plugins can share one module, each with its own root_id. Call from the module's top level.
export function registerRootContext(rootId: string, factory: RootContextFactory): void {
  if (!factories.has(rootId)) factoryCount++;
  factories.set(rootId, factory);
  onlyFactory = factory;
}

export function createRootContext(contextId: u32): RootContext {
  if (pluginRootIdPath === null) pluginRootIdPath = new PropertyPath(["plugin_root_id"]);
  const rootId = getPropertyString(pluginRootIdPath!, "");
  let root: RootContext;
  if (factories.has(rootId)) {
    root = factories.get(rootId)(contextId);
  } else if (factoryCount == 1) {
    // A single registered plugin serves whatever root_id the operator chose.
    root = onlyFactory!(contextId);
  } else if (factories.has("")) {
    root = factories.get("")(contextId);
  } else {
    logError("l7guard runtime: no root context registered for root_id '" + rootId + "'");
    root = new RootContext(contextId);
  }
  root.rootId = rootId;
  return root;
}

export function liveRootContexts(): i32 { return roots.size; }
export function liveHttpContexts(): i32 { return streams.size; }

