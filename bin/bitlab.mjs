#!/usr/bin/env node
// Entry point of `npx bitlab …`: the CLI is TypeScript run through tsx, so the command line
// and the browser share one source of truth (src/core) without a separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
