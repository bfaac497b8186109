// The window's schema sketches, one per (endpoint, part, status), and the sampling that keeps their cost
// low: per endpoint and window the first `perWindow` requests are sketched, then one in `every`; of each
// sampled body only the first `maxBytes` are read. Endpoint key = the aggregates' (host, method, template).
import { JsonWriter } from "./json-writer";
import { Workload } from "./identity";
import { SchemaSketch, sketchJson } from "./schema-sketch";

export const MAX_SKETCHES: i32 = 256;
export const MAX_SAMPLED_ENDPOINTS: i32 = 2048;

export class SketchSettings {
  perWindow: i32 = 3;
  every: i32 = 20;
  maxBytes: i32 = 16384;
  maxFields: i32 = 64;
  maxDepth: i32 = 8;
  get enabled(): bool { return (this.perWindow > 0 || this.every > 0) && this.maxBytes > 0; }
}

export class SketchTable {
  readonly settings: SketchSettings;
  readonly sketches: SchemaSketch[] = [];
  private readonly index: Map<string, i32> = new Map<string, i32>();
  private readonly seen: Map<string, i32> = new Map<string, i32>();
  // Fields not recorded because the table was full (the batch's dropped.schemaFields).
  droppedFields: i64 = 0;

  constructor(settings: SketchSettings) { this.settings = settings; }

  get size(): i32 { return this.sketches.length; }

  // Called once per request with its endpoint: true when its bodies are to be sketched.
  shouldSample(host: string, method: string, template: string): bool {
    const s = this.settings;
    if (!s.enabled) return false;
    const key = host + "|" + method + "|" + template;
    let n: i32 = 0;
    if (this.seen.has(key)) n = this.seen.get(key);
    else if (this.seen.size >= MAX_SAMPLED_ENDPOINTS) return false;
    n++;
    this.seen.set(key, n);
    if (n <= s.perWindow) return true;
    return s.every > 0 && (n - s.perWindow) % s.every == 0;
  }

  // Folds one captured JSON body (p, n) into its sketch. Returns false when it was not a JSON object/array.
  fold(destination: Workload, host: string, method: string, template: string, response: bool, status: i32, contentType: string, p: usize, n: i32): bool {
    const key = host + "|" + method + "|" + template + "|" + (response ? status.toString() : "request");
    const s = this.settings;
    if (this.index.has(key)) return sketchJson(p, n, this.sketches[this.index.get(key)], s.maxFields, s.maxDepth);
    const sketch = new SchemaSketch();
    if (!sketchJson(p, n, sketch, s.maxFields, s.maxDepth)) return false;
    if (this.sketches.length >= MAX_SKETCHES) {
      this.droppedFields += <i64>sketch.fields.length + sketch.overflow;
      return true;
    }
    sketch.destination.copyFrom(destination);
    sketch.host = host;
    sketch.method = method;
    sketch.template = template;
    sketch.response = response;
    sketch.status = status;
    sketch.contentType = contentType;
    this.index.set(key, this.sketches.length);
    this.sketches.push(sketch);
    return true;
  }

  // New window: sketches went out with the batch, sampling starts over.
  clear(): void {
    this.sketches.length = 0;
    this.index.clear();
    this.seen.clear();
    this.droppedFields = 0;
  }

  write(w: JsonWriter): void {
    w.raw("[");
    for (let i = 0; i < this.sketches.length; i++) { this.sketches[i].write(w); w.raw(","); }
    w.trimComma().raw("]");
  }
}
