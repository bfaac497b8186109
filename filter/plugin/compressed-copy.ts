// A compressed body kept as it streams past. Alert-only inspection never holds a stream, so a gzip or deflate
// body cannot be inflated before it passes; a copy of it is kept instead and inflated and inspected once the
// body has ended (the findings are alerts: nothing of the body could still be blocked or masked). Bounded per
// body (`limit`) and for the whole VM (COPY_BUDGET, concurrent streams together): past either, the copy stops;
// what it holds is still read, and the body is a limits finding (never a silent pass).
export const COPY_BUDGET: i32 = 4 << 20;
let copiedBytes: i32 = 0; // held by all copies of this VM

export class CompressedCopy {
  ptr: usize = 0;
  length: i32 = 0;
  truncated: bool = false; // bytes past `limit` or past the VM's budget were not kept
  private capacity: i32 = 0;
  constructor(readonly limit: i32) {}

  append(src: usize, n: i32): void {
    if (n <= 0 || this.truncated) return; // (once truncated, it stays so)
    let take = n;
    if (this.length + take > this.limit) { take = this.limit - this.length; this.truncated = true; }
    const need = this.length + take;
    if (need > this.capacity) {
      let cap = this.capacity == 0 ? 16384 : this.capacity * 2;
      while (cap < need) cap *= 2;
      if (cap > this.limit) cap = this.limit;
      if (copiedBytes + cap - this.capacity > COPY_BUDGET) { this.truncated = true; return; }
      const next = heap.alloc(<usize>cap);
      if (this.ptr != 0) { memory.copy(next, this.ptr, <usize>this.length); heap.free(this.ptr); }
      copiedBytes += cap - this.capacity;
      this.ptr = next;
      this.capacity = cap;
    }
    if (take <= 0) return;
    memory.copy(this.ptr + <usize>this.length, src, <usize>take);
    this.length += take;
  }

  release(): void {
    if (this.ptr != 0) { heap.free(this.ptr); copiedBytes -= this.capacity; }
    this.ptr = 0; this.length = 0; this.capacity = 0;
  }
}
