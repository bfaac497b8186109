// Who is on each end of a request (reference §3.16, §3.17).
// - This proxy: xds.node metadata (NAMESPACE, WORKLOAD_NAME, LABELS app/version, SERVICE_ACCOUNT); the
//   legacy top-level `node` path is tried when `xds` is absent (Envoy before PR #36619).
// - The caller (inbound): Istio's downstream_peer filter state (a Struct map, Istio 1.25+).
// - Direction: xds.listener_direction (1 inbound, 2 outbound), read once per root context, since Envoy
//   creates a root context per listener direction.
import { HostBytes, PairsIterator, PropertyPath, getProperty, getPropertyInt, getPropertyString } from "../runtime";

export class Workload {
  namespace: string = "";
  workload: string = "";
  app: string = "";
  version: string = "";
  serviceAccount: string = "";
  principal: string = "";
  host: string = "";
  external: bool = false;

  get known(): bool { return this.workload.length > 0 || this.host.length > 0; }

  copyFrom(other: Workload): void {
    this.namespace = other.namespace; this.workload = other.workload; this.app = other.app;
    this.version = other.version; this.serviceAccount = other.serviceAccount; this.principal = other.principal;
    this.host = other.host; this.external = other.external;
  }

  keyPart(): string { return this.namespace + "/" + this.workload + "/" + this.host; }
}

const NODE_META = ["xds", "node", "metadata"];
const LEGACY_NODE_META = ["node", "metadata"];

function nodeMeta(key: string, legacy: bool): PropertyPath {
  const segments = (legacy ? LEGACY_NODE_META : NODE_META).slice(0);
  segments.push(key);
  return new PropertyPath(segments);
}

function nodeString(key: string): string {
  const v = getPropertyString(nodeMeta(key, false), "");
  return v.length > 0 ? v : getPropertyString(nodeMeta(key, true), "");
}

function nodeLabel(label: string): string {
  const v = getPropertyString(new PropertyPath(["xds", "node", "metadata", "LABELS", label]), "");
  return v.length > 0 ? v : getPropertyString(new PropertyPath(["node", "metadata", "LABELS", label]), "");
}

// Configure-time (root context): this proxy's workload.
export function readReporterIdentity(): Workload {
  const w = new Workload();
  w.namespace = nodeString("NAMESPACE");
  w.workload = nodeString("WORKLOAD_NAME");
  w.serviceAccount = nodeString("SERVICE_ACCOUNT");
  w.app = nodeLabel("app");
  if (w.app.length == 0) w.app = nodeLabel("service.istio.io/canonical-name");
  w.version = nodeLabel("version");
  if (w.version.length == 0) w.version = nodeLabel("service.istio.io/canonical-revision");
  if (w.workload.length == 0) w.workload = w.app;
  return w;
}

const LISTENER_DIRECTION = new PropertyPath(["xds", "listener_direction"]);
const LEGACY_LISTENER_DIRECTION = new PropertyPath(["listener_direction"]);

// 1 inbound, 2 outbound, 0 unknown.
export function readListenerDirection(): i32 {
  let d = getPropertyInt(LISTENER_DIRECTION, -1);
  if (d < 0) d = getPropertyInt(LEGACY_LISTENER_DIRECTION, 0);
  return <i32>d;
}

const DOWNSTREAM_PEER = new PropertyPath(["filter_state", "downstream_peer"]);
const PEER_PRINCIPAL = new PropertyPath(["connection", "uri_san_peer_certificate"]);

// Request-time: the caller from Istio peer metadata (one hostcall for the whole map).
export function readDownstreamPeer(out: Workload, scratch: HostBytes, it: PairsIterator): bool {
  if (!getProperty(DOWNSTREAM_PEER, scratch)) return false;
  it.reset(scratch);
  let any = false;
  while (it.next()) {
    const k = it.keyString();
    if (k == "namespace") { out.namespace = it.valueString(); any = true; }
    else if (k == "workload") { out.workload = it.valueString(); any = true; }
    else if (k == "app" || (k == "service" && out.app.length == 0)) out.app = it.valueString();
    else if (k == "version" || (k == "revision" && out.version.length == 0)) out.version = it.valueString();
    else if (k == "identity") out.principal = it.valueString();
  }
  scratch.release();
  if (out.workload.length == 0) out.workload = out.app;
  return any;
}

export function readPeerPrincipal(): string { return getPropertyString(PEER_PRINCIPAL, ""); }

// Outbound destination from :authority: in-mesh service names (name, name.ns, name.ns.svc[.cluster.local])
// map to a workload-like identity; anything else is an external host (egress).
export function destinationFromAuthority(authority: string, localNamespace: string, out: Workload): void {
  let host = authority;
  const colon = host.lastIndexOf(":");
  if (colon > 0 && host.indexOf("]") < colon) host = host.substring(0, colon);
  host = host.toLowerCase();
  out.host = host;
  const parts = host.split(".");
  const inMesh = parts.length == 1 || (parts.length == 2 && !host.includes("localhost") && parts[1].length > 0 && !isTld(parts[1])) ||
    (parts.length >= 3 && parts[2] == "svc");
  if (inMesh && !isIpLiteral(host)) {
    out.workload = parts[0];
    out.app = parts[0];
    out.namespace = parts.length >= 2 ? parts[1] : localNamespace;
    out.external = false;
  } else {
    out.external = true;
  }
}

function isTld(s: string): bool {
  return s == "com" || s == "net" || s == "org" || s == "io" || s == "dev" || s == "app" || s == "co" || s == "cloud" || s.length == 2;
}

function isIpLiteral(host: string): bool {
  if (host.startsWith("[")) return true;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (!(c == 0x2e || (c >= 0x30 && c <= 0x39))) return false;
  }
  return true;
}

// ---- end user from a verified JWT (Istio RequestAuthentication) ------------------------------------------
// Istio's authn filter, which runs before Wasm plugins, writes the verified token's identity to dynamic
// metadata under `istio_authn`: `request.auth.principal` ("<iss>/<sub>") and `request.auth.claims` (a
// Struct whose values are lists of strings). One hostcall reads the whole namespace as a pairs map.
const ISTIO_AUTHN = new PropertyPath(["metadata", "filter_metadata", "istio_authn"]);

export function readVerifiedUser(claim: string, scratch: HostBytes): string {
  if (claim.length == 0 || !getProperty(ISTIO_AUTHN, scratch)) return "";
  const user = userFromAuthn(scratch.ptr, scratch.length, claim);
  scratch.release();
  return user;
}

// Pure part (as-pect tested): the claim from request.auth.claims (a list's first element, or a string),
// else request.auth.principal; "" when neither is there.
export function userFromAuthn(p: usize, n: i32, claim: string): string {
  if (pairsFind(p, n, "request.auth.claims")) {
    const cp = foundPtr, cn = foundLength;
    if (pairsFind(cp, cn, claim)) {
      const vp = foundPtr, vn = foundLength;
      // A list comes as a pairs block whose keys are the elements; a single value as its bytes.
      if (isPairsBlock(vp, vn)) { if (pairsFirstKey(vp, vn) && foundLength > 0) return String.UTF8.decodeUnsafe(foundPtr, <usize>foundLength); }
      else if (vn > 0) return String.UTF8.decodeUnsafe(vp, <usize>vn);
    }
  }
  if (pairsFind(p, n, "request.auth.principal") && foundLength > 0 && !isPairsBlock(foundPtr, foundLength)) return String.UTF8.decodeUnsafe(foundPtr, <usize>foundLength);
  return "";
}

let foundPtr: usize = 0;
let foundLength: i32 = 0;

// Pairs format: u32 count, count × (u32 key size, u32 value size), then each key and value NUL-terminated.
// True only when (p, n) is exactly such a block (a string of that exact shape is not a realistic claim).
export function isPairsBlock(p: usize, n: i32): bool {
  if (n < 4) return false;
  const count = <u64>load<u32>(p);
  if (count == 0 || count * 8 + 4 > <u64>n) return false;
  let offset = count * 8 + 4;
  for (let i: u64 = 0; i < count; i++) {
    const k = <u64>load<u32>(p + 4 + <usize>i * 8);
    const v = <u64>load<u32>(p + 8 + <usize>i * 8);
    if (offset + k + v + 2 > <u64>n) return false;
    if (load<u8>(p + <usize>(offset + k)) != 0 || load<u8>(p + <usize>(offset + k + 1 + v)) != 0) return false;
    offset += k + v + 2;
  }
  return offset == <u64>n;
}

// Finds `key` in a pairs block; sets foundPtr/foundLength to its value.
function pairsFind(p: usize, n: i32, key: string): bool {
  if (!isPairsBlock(p, n)) return false;
  const count = <usize>load<u32>(p);
  let offset = count * 8 + 4;
  const want = String.UTF8.encode(key);
  const wp = changetype<usize>(want);
  const wn = want.byteLength;
  for (let i: usize = 0; i < count; i++) {
    const k = <usize>load<u32>(p + 4 + i * 8);
    const v = <usize>load<u32>(p + 8 + i * 8);
    if (<i32>k == wn && memory.compare(p + offset, wp, k) == 0) {
      foundPtr = p + offset + k + 1;
      foundLength = <i32>v;
      return true;
    }
    offset += k + v + 2;
  }
  return false;
}

function pairsFirstKey(p: usize, n: i32): bool {
  if (!isPairsBlock(p, n)) return false;
  const count = <usize>load<u32>(p);
  foundPtr = p + count * 8 + 4;
  foundLength = <i32>load<u32>(p + 4);
  return true;
}
