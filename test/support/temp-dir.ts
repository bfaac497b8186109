// Temporary directories for a test file, removed when its process exits (node:test runs each file in its own
// process): SQLite files and gateway state must not pile up in /tmp run after run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];
process.once("exit", () => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}
