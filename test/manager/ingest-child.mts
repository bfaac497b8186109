// Child process for the SIGKILL test: a manager on an ephemeral port; prints the port, then waits to be killed.
import { buildManager } from "../../manager/server.ts";
const [dataDir] = process.argv.slice(2);
const m = await buildManager({ dataDir, apiTokens: [], collectorTokens: ["collector-token-0123456789"] });
const address = await m.app.listen({ host: "127.0.0.1", port: 0 });
process.stdout.write(`${address}\n`);
