// What Envoy (proxy-wasm-cpp-host) links for an ABI v0.2.1 module: every `env` hostcall and the WASI
// functions, by name and exact wasm type (reference §2.3, §3.1). A module importing anything else, or
// the right name with another type, fails to load in Envoy.
export type WasmType = "i32" | "i64" | "f32" | "f64";
export interface FunctionType { params: WasmType[]; results: WasmType[] }

const i = (n: number): WasmType[] => Array(n).fill("i32");
const ret = (params: WasmType[], results: WasmType[] = ["i32"]): FunctionType => ({ params, results });

export const ENVOY_ENV_IMPORTS: Record<string, FunctionType> = {
  proxy_log: ret(i(3)),
  proxy_get_log_level: ret(i(1)),
  proxy_get_current_time_nanoseconds: ret(i(1)),
  proxy_set_tick_period_milliseconds: ret(i(1)),
  proxy_get_buffer_bytes: ret(i(5)),
  proxy_set_buffer_bytes: ret(i(5)),
  proxy_get_buffer_status: ret(i(3)),
  proxy_get_header_map_pairs: ret(i(3)),
  proxy_set_header_map_pairs: ret(i(3)),
  proxy_get_header_map_size: ret(i(2)),
  proxy_get_header_map_value: ret(i(5)),
  proxy_add_header_map_value: ret(i(5)),
  proxy_replace_header_map_value: ret(i(5)),
  proxy_remove_header_map_value: ret(i(3)),
  proxy_continue_stream: ret(i(1)),
  proxy_close_stream: ret(i(1)),
  proxy_send_local_response: ret(i(8)),
  proxy_http_call: ret(i(10)),
  proxy_grpc_call: ret(i(12)),
  proxy_grpc_stream: ret(i(9)),
  proxy_grpc_send: ret(i(4)),
  proxy_grpc_cancel: ret(i(1)),
  proxy_grpc_close: ret(i(1)),
  proxy_get_status: ret(i(3)),
  proxy_get_shared_data: ret(i(5)),
  proxy_set_shared_data: ret(i(5)),
  proxy_register_shared_queue: ret(i(3)),
  proxy_resolve_shared_queue: ret(i(5)),
  proxy_enqueue_shared_queue: ret(i(3)),
  proxy_dequeue_shared_queue: ret(i(3)),
  proxy_define_metric: ret(i(4)),
  proxy_increment_metric: ret(["i32", "i64"]),
  proxy_record_metric: ret(["i32", "i64"]),
  proxy_get_metric: ret(i(2)),
  proxy_get_property: ret(i(4)),
  proxy_set_property: ret(i(4)),
  proxy_set_effective_context: ret(i(1)),
  proxy_done: ret([]),
  proxy_call_foreign_function: ret(i(6)),
  emscripten_notify_memory_growth: ret(i(1), []),
  pthread_equal: ret(i(2)),
};

// Available in every cpp-host Envoy ships with; the newer stubs (fd_pread, path_*…) are left out on
// purpose: a module needing them fails on older Istio proxies (reference §3.1, §5 item 9).
export const ENVOY_WASI_IMPORTS: Record<string, FunctionType> = {
  fd_write: ret(i(4)),
  fd_read: ret(i(4)),
  fd_seek: ret(["i32", "i64", "i32", "i32"]),
  fd_close: ret(i(1)),
  fd_fdstat_get: ret(i(2)),
  fd_fdstat_set_flags: ret(i(2)),
  fd_prestat_get: ret(i(2)),
  fd_prestat_dir_name: ret(i(3)),
  path_open: ret(["i32", "i32", "i32", "i32", "i32", "i64", "i64", "i32", "i32"]),
  environ_sizes_get: ret(i(2)),
  environ_get: ret(i(2)),
  args_sizes_get: ret(i(2)),
  args_get: ret(i(2)),
  clock_time_get: ret(["i32", "i64", "i32"]),
  random_get: ret(i(2)),
  poll_oneoff: ret(i(4)),
  sched_yield: ret([]),
  proc_exit: ret(i(1), []),
};
