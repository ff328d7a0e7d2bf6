/**
 * The JavaScript a reader downloads to open a chapter: the app's entry chunk, the reader page's
 * chunk and every chunk they import statically (what the browser loads before the reader runs),
 * gzipped as a server would send them. Read from Vite's manifest of `web/dist` (built when missing
 * or stale). Target (issue 8): under 150 KB gzipped. Chunks the reader loads only on demand
 * (dynamic imports) are listed apart and not counted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuilt, webDist } from '../test/e2e/web-build.ts';

const READER_PAGE = 'src/pages/ReaderPage.vue';
const BUDGET_BYTES = 150_000;

interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
  readonly css?: readonly string[];
}

/** The manifest keys of `roots` and of every chunk they import statically, transitively. */
function staticClosure(manifest: Record<string, ManifestChunk>, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  for (let key = todo.pop(); key !== undefined; key = todo.pop()) {
    if (seen.has(key)) continue;
    const chunk = manifest[key];
    if (chunk === undefined) throw new Error(`the manifest has no chunk ${key}`);
    seen.add(key);
    todo.push(...(chunk.imports ?? []));
  }
  return seen;
}

function sizes(file: string): { raw: number; gzip: number } {
  const bytes = readFileSync(join(webDist, file));
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1).padStart(8);

export async function run(): Promise<boolean> {
  await ensureWebBuilt();
  const manifest = JSON.parse(
    readFileSync(join(webDist, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (entry === undefined) throw new Error('the manifest has no entry chunk');
  if (manifest[READER_PAGE] === undefined)
    throw new Error(`the manifest has no ${READER_PAGE}: is the reader still its own chunk?`);

  const loaded = staticClosure(manifest, [entry, READER_PAGE]);
  const onDemand = new Set(
    [...loaded]
      .flatMap((key) => manifest[key]!.dynamicImports ?? [])
      .filter((key) => !loaded.has(key) && key !== READER_PAGE),
  );
  console.log(`the reader route (${READER_PAGE}) from web/dist; KB = 1,000 bytes, gzip level 6`);
  console.log(`${'file'.padEnd(40)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)}`);
  let raw = 0;
  let gzip = 0;
  let css = 0;
  for (const key of [...loaded].sort()) {
    const chunk = manifest[key]!;
    const size = sizes(chunk.file);
    raw += size.raw;
    gzip += size.gzip;
    for (const sheet of chunk.css ?? []) css += sizes(sheet).gzip;
    console.log(`${chunk.file.padEnd(40)} ${kb(size.raw)} ${kb(size.gzip)}`);
  }
  console.log(`${'JavaScript the reader loads'.padEnd(40)} ${kb(raw)} ${kb(gzip)}`);
  console.log(`(its CSS, gzipped: ${kb(css).trim()} KB; not counted)`);
  const lazy = [...onDemand].filter((key) => key.startsWith('src/pages/') === false);
  if (lazy.length > 0)
    console.log(
      `loaded by the reader on demand, not counted: ${lazy.map((k) => manifest[k]!.file).join(', ')}`,
    );
  const allJs = Object.values(manifest)
    .filter((chunk) => chunk.file.endsWith('.js'))
    .reduce((sum, chunk) => sum + sizes(chunk.file).gzip, 0);
  console.log(`the whole app's JavaScript, gzipped: ${kb(allJs).trim()} KB`);
  console.log(`ratio to the budget: ${(gzip / BUDGET_BYTES).toFixed(2)}`);
  const met = gzip < BUDGET_BYTES;
  console.log(`target (< ${BUDGET_BYTES / 1000} KB gzipped): ${met ? 'met' : 'MISSED'}`);
  return met;
}
