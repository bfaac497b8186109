// Property resolution and value encoding (reference §2.6, §3.16, §3.17).
// Paths are NUL-separated segments; the first names a top-level attribute, the rest index into it.
// Encodings: string/bytes raw; int64/uint64/timestamp/duration 8 bytes LE; double 8 bytes IEEE; bool 1
// byte; map -> pairs (values encoded recursively); list -> pairs with element encodings as keys;
// protobuf message (xds.node as a whole) -> wire bytes.
import { encodePairs, type HeaderList } from "./pairs.ts";

export class Int64 { constructor(readonly value: bigint) {} }
export class Uint64 { constructor(readonly value: bigint) {} }
export class Double { constructor(readonly value: number) {} }
// A protobuf message that is a map when indexed and wire bytes when returned whole.
export class Message { constructor(readonly fields: Record<string, PropValue>, readonly wire: () => Uint8Array) {} }
export type PropValue = string | Uint8Array | boolean | Int64 | Uint64 | Double | Message | PropValue[] | { [k: string]: PropValue } | undefined;

export interface WorkloadIdentity {
  namespace: string; workload: string;
  app?: string; version?: string; serviceAccount?: string;
  labels?: Record<string, string>; cluster?: string; podName?: string; ip?: string;
}

export type Resolved = { ok: true; bytes: Uint8Array } | { ok: false; notFound: boolean };

// Indexes `top` (the value of segments[0]) with the remaining segments.
export function lookup(top: PropValue, segments: string[]): PropValue {
  let v: PropValue = top;
  for (let i = 1; i < segments.length && v !== undefined; i++) {
    const s = segments[i];
    if (v instanceof Message) v = Object.hasOwn(v.fields, s) ? v.fields[s] : undefined;
    else if (Array.isArray(v)) v = /^\d+$/.test(s) ? v[Number(s)] : undefined;
    else if (v !== null && typeof v === "object" && !(v instanceof Uint8Array) && !(v instanceof Int64) && !(v instanceof Uint64) && !(v instanceof Double)) v = Object.hasOwn(v, s) ? (v as Record<string, PropValue>)[s] : undefined; // own keys only: "constructor" is not a key
    else v = undefined;
  }
  return v;
}

export function encodeValue(v: PropValue): Uint8Array | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string") return Buffer.from(v);
  if (v instanceof Uint8Array) return v;
  if (typeof v === "boolean") return Uint8Array.of(v ? 1 : 0);
  if (v instanceof Int64) { const b = Buffer.alloc(8); b.writeBigInt64LE(v.value); return b; }
  if (v instanceof Uint64) { const b = Buffer.alloc(8); b.writeBigUInt64LE(v.value); return b; }
  if (v instanceof Double) { const b = Buffer.alloc(8); b.writeDoubleLE(v.value); return b; }
  if (v instanceof Message) return v.wire();
  if (Array.isArray(v)) {
    const items: Array<[Uint8Array, string]> = [];
    for (const item of v) { const e = encodeValue(item); if (e) items.push([e, ""]); }
    return encodePairs(items);
  }
  const entries: Array<[string, Uint8Array]> = [];
  for (const [k, item] of Object.entries(v)) { const e = encodeValue(item); if (e) entries.push([k, e]); }
  return encodePairs(entries);
}

export function headersToMap(headers: HeaderList | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [k, v] of headers) out[k] = k in out ? `${out[k]},${v}` : v; // comma-joined per name
  return out;
}

// ---- Istio node metadata (xds.node) ----------------------------------------------------------------

export function nodeMetadata(id: WorkloadIdentity | undefined): Record<string, PropValue> {
  if (!id) return {};
  const labels: Record<string, string> = { ...(id.labels ?? {}) };
  if (id.app && !labels.app) labels.app = id.app;
  if (id.version && !labels.version) labels.version = id.version;
  labels["service.istio.io/canonical-name"] ??= id.app ?? id.workload;
  labels["service.istio.io/canonical-revision"] ??= id.version ?? "latest";
  const pod = id.podName ?? `${id.workload}-0`;
  return {
    NAME: pod,
    NAMESPACE: id.namespace,
    WORKLOAD_NAME: id.workload,
    OWNER: `kubernetes://apis/apps/v1/namespaces/${id.namespace}/deployments/${id.workload}`,
    LABELS: labels,
    SERVICE_ACCOUNT: id.serviceAccount ?? "default",
    CLUSTER_ID: id.cluster ?? "Kubernetes",
    MESH_ID: "cluster.local",
    INSTANCE_IPS: id.ip ?? "127.0.0.1",
    INTERCEPTION_MODE: "REDIRECT",
    ISTIO_VERSION: "1.29.0",
  };
}

export function nodeMessage(id: WorkloadIdentity | undefined): Message {
  const metadata = nodeMetadata(id);
  const nodeId = id ? `sidecar~${id.ip ?? "127.0.0.1"}~${id.podName ?? `${id.workload}-0`}.${id.namespace}~${id.namespace}.svc.cluster.local` : "";
  const cluster = id ? `${id.app ?? id.workload}.${id.namespace}` : "";
  const fields: Record<string, PropValue> = { id: nodeId, cluster, metadata };
  return new Message(fields, () => protoNode(nodeId, cluster, metadata));
}

// Istio 1.25+ peer metadata: a google.protobuf.Struct in filter state (WorkloadMetadataObject keys).
export function peerStruct(id: WorkloadIdentity): Record<string, PropValue> {
  const out: Record<string, PropValue> = {
    type: "deployment",
    workload: id.workload,
    cluster: id.cluster ?? "Kubernetes",
    namespace: id.namespace,
    service: id.app ?? id.workload,
    revision: id.version ?? "latest",
    app: id.app ?? id.workload,
    version: id.version ?? "latest",
    identity: `spiffe://cluster.local/ns/${id.namespace}/sa/${id.serviceAccount ?? "default"}`,
  };
  out.name = id.podName ?? `${id.workload}-0`; // written only when cluster is non-empty (it always is here)
  return out;
}

// ---- minimal protobuf encoding for envoy.config.core.v3.Node {id=1, cluster=2, metadata=3 Struct} ----

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) { out.push((n & 0x7f) | 0x80); n >>>= 7; }
  out.push(n);
  return out;
}
function lengthDelimited(field: number, payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([...varint((field << 3) | 2), ...varint(payload.length)]), payload]);
}
function protoValue(v: PropValue): Buffer {
  if (typeof v === "string") return lengthDelimited(3, Buffer.from(v));                  // string_value
  if (typeof v === "boolean") return Buffer.from([4 << 3, v ? 1 : 0]);                    // bool_value
  if (v instanceof Double) { const b = Buffer.alloc(9); b[0] = (2 << 3) | 1; b.writeDoubleLE(v.value, 1); return b; } // number_value
  if (Array.isArray(v)) return lengthDelimited(6, Buffer.concat(v.map((x) => lengthDelimited(1, protoValue(x))))); // list_value
  if (v && typeof v === "object" && !(v instanceof Uint8Array)) return lengthDelimited(5, protoStruct(v as Record<string, PropValue>)); // struct_value
  return Buffer.from([(1 << 3), 0]);                                                      // null_value
}
function protoStruct(fields: Record<string, PropValue>): Buffer {
  const entries = Object.entries(fields).map(([k, v]) => lengthDelimited(1, Buffer.concat([lengthDelimited(1, Buffer.from(k)), lengthDelimited(2, protoValue(v))])));
  return Buffer.concat(entries);
}
function protoNode(id: string, cluster: string, metadata: Record<string, PropValue>): Uint8Array {
  return Buffer.concat([lengthDelimited(1, Buffer.from(id)), lengthDelimited(2, Buffer.from(cluster)), lengthDelimited(3, protoStruct(metadata))]);
}
