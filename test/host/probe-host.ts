// Helpers shared by the conformance tests: a PluginHost running the probe, with its log lines captured.
import { readFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { PluginHost, SharedState, type HeaderList, type PluginHostOptions } from "../../host/index.ts";
import { responseHeaders } from "../../host/testing.ts";

const root = new URL("../../", import.meta.url).pathname;
export function probeWasm(): Buffer {
  const path = `${root}build/fixtures/probe.wasm`;
  if (!existsSync(path)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", "probe"], { stdio: "inherit" });
  return readFileSync(path);
}

export interface ProbeHost { host: PluginHost; lines: string[]; texts: string[]; value(key: string): string | undefined; values(key: string): string[]; clear(): void }

export async function probeHost(config = "", extra: Partial<PluginHostOptions> = {}): Promise<ProbeHost> {
  const lines: string[] = [];
  const texts: string[] = [];
  const host = await PluginHost.create({
    module: probeWasm(), configuration: config, pluginName: "shop.probe", rootId: "probe-root", logLevel: "trace",
    shared: new SharedState(), identity: { namespace: "shop", workload: "orders", app: "orders", version: "v1" },
    logger: (l) => { lines.push(l.message); texts.push(l.text); },
    ...extra,
  });
  const values = (key: string) => lines.filter((l) => l.startsWith(`probe:${key}=`)).map((l) => l.slice(`probe:${key}=`.length));
  return { host, lines, texts, values, value: (key) => values(key).at(-1), clear: () => { lines.length = 0; texts.length = 0; } };
}

// A plain upstream answer for exchanges that only care about the request path.
export const okResponse = (extra: HeaderList = []): HeaderList => responseHeaders(200, [["content-type", "application/json"], ...extra]);
