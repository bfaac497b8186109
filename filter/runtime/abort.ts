// Abort handler for the release build (asconfig `use: abort=...`). AssemblyScript's default imports
// `env.abort`, which Envoy does not provide, so the module would be rejected at link time. Instead we
// log through proxy_log (which Envoy always allows) and trap; the host then applies the plugin's
// failure policy (fail closed 503 / fail open).
@external("env", "proxy_log")
declare function abort_proxy_log(level: u32, messagePtr: usize, messageSize: usize): u32;

// Builds the message without allocating on the GC heap: the heap may be what failed.
const ABORT_BUFFER_SIZE: i32 = 512;
const abortBuffer = memory.data(ABORT_BUFFER_SIZE);

function appendAscii(offset: i32, s: string | null): i32 {
  if (s === null) return offset;
  const n = s.length;
  for (let i = 0; i < n && offset < ABORT_BUFFER_SIZE; i++) {
    const c = s.charCodeAt(i);
    store<u8>(abortBuffer + offset, c < 0x80 ? <u8>c : <u8>0x3f);
    offset++;
  }
  return offset;
}

function appendNumber(offset: i32, value: u32): i32 {
  let digits: i32 = 1;
  for (let v = value; v >= 10; v /= 10) digits++;
  if (offset + digits > ABORT_BUFFER_SIZE) return offset;
  let pos = offset + digits - 1;
  let v = value;
  do {
    store<u8>(abortBuffer + pos, <u8>(0x30 + v % 10));
    v /= 10;
    pos--;
  } while (v > 0);
  return offset + digits;
}

export function abortHandler(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let n = appendAscii(0, "l7guard abort: ");
  n = appendAscii(n, message);
  n = appendAscii(n, " at ");
  n = appendAscii(n, fileName);
  n = appendAscii(n, ":");
  n = appendNumber(n, line);
  n = appendAscii(n, ":");
  n = appendNumber(n, column);
  abort_proxy_log(5 /* critical */, abortBuffer, <usize>n);
  unreachable();
}
