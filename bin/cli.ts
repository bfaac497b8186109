// Subcommand dispatch. Each command lives with the part it belongs to and exports main(argv).
const commands: Record<string, { module: string; summary: string }> = {
  gateway: { module: "../host/gateway-cli.ts", summary: "HTTP/1.1 reverse proxy that runs the filter on every request" },
  manager: { module: "../manager/cli.ts", summary: "policy REST API, rollout to Istio WasmPlugins, telemetry" },
  demo: { module: "../demo/main.ts", summary: "local demo: services behind gateways and a client loop (npm start)" },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return `usage: l7guard <command> [options]\n\ncommands:\n${lines.join("\n")}\n`;
}

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`l7guard: unknown command '${name}'\n\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  const mod = (await import(command.module)) as { main(argv: string[]): Promise<void> };
  await mod.main(rest);
}
