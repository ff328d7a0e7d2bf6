// Bundles the `linhai` command into dist/cli-bundle/ (run by `npm run build`, so by `npm install`).
// Node 20 loads an ES module file by file: resolving, reading and linking the ~600 modules a
// command reached (kysely alone is 263) cost more than the command's work. One bundle per command,
// split where commands share code, loads a handful of files instead. Each command's own modules
// still load only when it runs: the CLI's `import()` of a command becomes a chunk of its own.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Left to node_modules, loaded as they are: a native addon (better-sqlite3), WebAssembly that its
// package reads from beside itself (QuickJS), the server's framework and its plugins (fastify
// resolves them at run time), a browser driver that is optional, and iconv-lite, whose encoding
// tables load one by one as they are needed. Packages the code loads on first use through
// `lazyRequire` (Redis, BullMQ, PostgreSQL, undici, jszip, opencc-js) are never seen here.
const external = [
  'better-sqlite3',
  'quickjs-emscripten-core',
  '@jitl/*',
  'fastify',
  '@fastify/*',
  'playwright-core',
  'iconv-lite',
  'tsx',
  'tsx/*',
  'typescript',
];

const outdir = `${root}dist/cli-bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}src/cli/main.ts`],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The TypeScript sources through the package's `#model`… imports (the compiled dist/ layers
  // are not needed to bundle).
  conditions: ['linhai-source'],
  external,
  // Bundled CommonJS packages (commander…) require Node's built-ins: give them a real require.
  banner: {
    js: "import { createRequire as linhaiCreateRequire } from 'node:module'; const require = linhaiCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
