#!/usr/bin/env node
// Users run the JavaScript compiled at install (`npm install` runs `prepare`, which builds dist/).
// Development runs the TypeScript sources through tsx instead: the `linhai-source` condition
// (node --conditions=linhai-source, set by `npm run dev`, `npm test` and `npm run bench`) points
// the package's `#model`… imports at src/, and then this file does the same for the CLI itself.
import { existsSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const fromSource = import.meta.resolve('#model').endsWith('.ts');
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
}
// The compiled CLI is one bundle split by command (scripts/bundle-cli.js says why).
const entry = new URL(
  fromSource ? '../src/cli/main.ts' : '../dist/cli-bundle/main.js',
  import.meta.url,
);
if (!existsSync(entry)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(
    `linhai: the compiled program is missing (${fileURLToPath(entry)}).\n` +
      `Build it with "npm run build" in ${root} (npm install does it too),\n` +
      `or run the sources without building: "npm run dev -- <command>".\n`,
  );
  process.exit(70);
}
const { main } = await import(entry.href);
await main(process.argv);
