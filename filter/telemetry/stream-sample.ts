// Per-request state of a sampled request: the first bytes of its JSON bodies for a schema sketch and/or
// its content types for a transaction-log entry. Created only for sampled requests, so unsampled ones
// cost nothing beyond the sampling decision.
//
// Body bytes are copied as the filter sees them, before any redaction, at the start of each body
// callback. Envoy hands a filter that buffered (StopIterationAndBuffer) everything since its last
// Continue again, so the callback's buffer starts at stream offset `base` (what the HTTP context already
// passed on); we copy from our own offset on, up to maxBytes, and never read a byte twice.
import { BufferType, HostBytes, getBuffer } from "../runtime";

const scratch = new HostBytes();

export function isJsonContentType(ct: string): bool {
  return ct.toLowerCase().includes("json");
}

export class BodyBytes {
  buffer: ArrayBuffer | null = null;
  length: i32 = 0;
  done: bool = false;

  // The callback's buffer covers stream bytes [base, base + size).
  take(type: BufferType, base: i64, size: u32, maxBytes: i32): void {
    if (this.done) return;
    const have = <i64>this.length;
    if (have < base) { this.done = true; return; } // a gap we never saw: keep what we have
    const end = base + <i64>size;
    const want = (end < <i64>maxBytes ? end : <i64>maxBytes) - have;
    if (want <= 0) { if (have >= <i64>maxBytes) this.done = true; return; }
    if (!getBuffer(type, <u32>(have - base), <u32>want, scratch)) return;
    let buf = this.buffer;
    if (buf === null) { buf = new ArrayBuffer(maxBytes); this.buffer = buf; }
    const n = scratch.length < <i32>want ? scratch.length : <i32>want;
    memory.copy(changetype<usize>(buf) + <usize>this.length, scratch.ptr, <usize>n);
    this.length += n;
    scratch.release();
    if (this.length >= maxBytes) this.done = true;
  }

  get ptr(): usize { const b = this.buffer; return b === null ? 0 : changetype<usize>(b); }
}

export class StreamSample {
  sketch: bool = false;        // bodies go into schema sketches
  transaction: bool = false;   // a transaction-log entry is sent
  maxBytes: i32 = 0;
  requestContentType: string = "";
  responseContentType: string = "";
  requestJson: bool = false;
  responseJson: bool = false;
  readonly request: BodyBytes = new BodyBytes();
  readonly response: BodyBytes = new BodyBytes();

  onRequestBody(base: i64, size: u32): void {
    if (this.sketch && this.requestJson) this.request.take(BufferType.HttpRequestBody, base, size, this.maxBytes);
  }

  // The response's content type ("" when it has none), read by the HTTP context with the other headers.
  onResponseHeaders(contentType: string): void {
    this.responseContentType = contentType;
    this.responseJson = isJsonContentType(this.responseContentType);
  }

  onResponseBody(base: i64, size: u32): void {
    if (this.sketch && this.responseJson) this.response.take(BufferType.HttpResponseBody, base, size, this.maxBytes);
  }
}
