// Process-wide state shared by every worker VM (reference §3.10–§3.12): shared data with CAS, shared
// queues, and stats. Keyed by vm_id (Istio sets none, so all plugins of a proxy share vm_id "").
import { WasmResult } from "./abi.ts";
import { Stats } from "./stats.ts";

interface SharedValue { value: Buffer; cas: number }
export interface QueueTarget { deliver(token: number): void }
interface Queue { token: number; items: Buffer[]; target?: QueueTarget }

export class SharedState {
  private readonly data = new Map<string, SharedValue>();
  private readonly queues = new Map<string, Queue>();
  private readonly queuesByToken = new Map<number, Queue>();
  private nextCas = 1;
  private nextQueueToken = 1;
  readonly stats = new Stats();

  getData(vmId: string, key: string): SharedValue | undefined { return this.data.get(`${vmId}\0${key}`); }

  // cas 0: unconditional. Key present and cas != stored: CasMismatch. Key absent: written whatever cas is.
  setData(vmId: string, key: string, value: Buffer, cas: number): WasmResult {
    const k = `${vmId}\0${key}`;
    const current = this.data.get(k);
    if (current && cas !== 0 && cas !== current.cas) return WasmResult.CasMismatch;
    this.data.set(k, { value, cas: this.nextCas++ });
    return WasmResult.Ok;
  }

  // Creates or re-opens the queue and re-binds its notification target: last registrant wins.
  registerQueue(vmId: string, name: string, target: QueueTarget): number {
    const k = `${vmId}\0${name}`;
    let q = this.queues.get(k);
    if (!q) {
      q = { token: this.nextQueueToken++, items: [] };
      this.queues.set(k, q);
      this.queuesByToken.set(q.token, q);
    }
    q.target = target;
    return q.token;
  }

  resolveQueue(vmId: string, name: string): number | undefined { return this.queues.get(`${vmId}\0${name}`)?.token; }

  enqueue(token: number, value: Buffer): WasmResult {
    const q = this.queuesByToken.get(token);
    if (!q) return WasmResult.NotFound;
    q.items.push(value);
    const target = q.target;
    // Delivered asynchronously on the registrant's thread, one event per enqueue.
    if (target) setImmediate(() => target.deliver(token));
    return WasmResult.Ok;
  }

  dequeue(token: number): { result: WasmResult; value?: Buffer } {
    const q = this.queuesByToken.get(token);
    if (!q) return { result: WasmResult.NotFound };
    const value = q.items.shift();
    return value === undefined ? { result: WasmResult.Empty } : { result: WasmResult.Ok, value };
  }
}

export const defaultSharedState = new SharedState();
