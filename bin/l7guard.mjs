#!/usr/bin/env node
// l7guard CLI. The product is TypeScript run through tsx (no separate compile step).
import { register } from "tsx/esm/api";
register();
const { main } = await import("./cli.ts");
await main(process.argv.slice(2));
