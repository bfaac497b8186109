// The WasmPlugin l7guard writes into each opted-in namespace, and its validation before any write:
// the @kubernetes-models/istio schema plus the CRD rules the models miss (url scheme, sha256 pattern,
// selector/targetRefs exclusive, targetRefs <= 16, failStrategy values).
import { WasmPlugin } from "@kubernetes-models/istio/extensions.istio.io/v1alpha1/WasmPlugin";
import type { DesiredState } from "./reconciler.ts";

export const PLUGIN_NAME = "l7guard";
export const FIELD_MANAGER = "l7guard-manager";
export const OWNER_LABELS = { "app.kubernetes.io/managed-by": "l7guard-manager", "l7guard.io/owned": "true" } as const;
export const OWNED_SELECTOR = "app.kubernetes.io/managed-by=l7guard-manager,l7guard.io/owned=true";
export const OPT_IN_SELECTOR = "l7guard.io/enabled=true";

export interface PluginObject {
  apiVersion: "extensions.istio.io/v1alpha1"; kind: "WasmPlugin";
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: Record<string, unknown>;
}

export function desiredPlugin(d: DesiredState, module: { url: string; sha256: string }): PluginObject {
  const p = d.policy.plugin ?? {};
  const mode = d.config.mode ?? "monitor";
  const failStrategy = mode === "enforce" ? (p.failStrategy?.enforce ?? "FAIL_CLOSE") : (p.failStrategy?.monitor ?? "FAIL_OPEN");
  const match = p.match ?? "both";
  const spec: Record<string, unknown> = {
    url: module.url, sha256: module.sha256, phase: p.phase ?? "AUTHZ", priority: p.priority ?? 0, failStrategy,
    match: [{ mode: match === "inbound" ? "SERVER" : match === "outbound" ? "CLIENT" : "CLIENT_AND_SERVER" }],
    pluginName: PLUGIN_NAME, pluginConfig: d.config,
  };
  if (p.selector) spec.selector = p.selector;
  if (p.targetRefs) spec.targetRefs = p.targetRefs;
  return {
    apiVersion: "extensions.istio.io/v1alpha1", kind: "WasmPlugin",
    metadata: { name: PLUGIN_NAME, namespace: d.namespace.name, labels: { ...OWNER_LABELS }, annotations: { "l7guard.io/policy-version": String(d.version) } },
    spec,
  };
}

const SHA256 = /^(|[a-f0-9]{64})$/;
export function validatePlugin(obj: PluginObject): string[] {
  const errors: string[] = [];
  try { new WasmPlugin(obj as never).validate(); } catch (e) { errors.push((e as Error).message); }
  const s = obj.spec;
  const url = typeof s.url === "string" ? s.url : "";
  if (!url) errors.push("spec.url: is required");
  else if (url.includes("://") && !/^(oci|file|http|https):\/\//.test(url)) errors.push(`spec.url: scheme must be oci, file, http or https`);
  if (s.sha256 !== undefined && !SHA256.test(String(s.sha256))) errors.push("spec.sha256: must be 64 lowercase hex characters");
  if (s.selector && s.targetRefs) errors.push("spec: selector and targetRefs are mutually exclusive");
  if (Array.isArray(s.targetRefs) && s.targetRefs.length > 16) errors.push("spec.targetRefs: at most 16");
  if (s.failStrategy !== undefined && !["FAIL_CLOSE", "FAIL_OPEN", "FAIL_RELOAD"].includes(String(s.failStrategy))) errors.push("spec.failStrategy: must be FAIL_CLOSE, FAIL_OPEN or FAIL_RELOAD");
  if (typeof s.pluginName === "string" && (s.pluginName.length < 1 || s.pluginName.length > 256)) errors.push("spec.pluginName: 1 to 256 characters");
  return errors;
}
