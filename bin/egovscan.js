#!/usr/bin/env node
// The `egovscan` command. An installed package runs its compiled build (dist/) on plain Node. A
// checkout of the repository runs the TypeScript sources through tsx (a dev dependency), so that
// what a developer edits is what runs, and a fresh clone needs no build step.
import { existsSync } from 'node:fs';

// `egovscan report | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const sources = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import('../dist/cli/main.js'));
}
process.exitCode = await main(process.argv);
