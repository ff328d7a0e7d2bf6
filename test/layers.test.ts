/**
 * The layer table holds (issue 24): every folder under src/ has a row in eslint.config.js, the
 * rows say what DESIGN.md's table says, and the lint really refuses an import that points the
 * wrong way, by door (`#store`) or by path (`../store/…`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { ESLint } from 'eslint';

const root = new URL('../', import.meta.url);
// The lint configuration is plain JavaScript (no types): its `layers` is the table.
const config = new URL('eslint.config.js', root).href;
const table = ((await import(config)) as { layers: Record<string, string[]> }).layers;

test('every folder under src/ has a row in the lint table', () => {
  const folders = readdirSync(new URL('src/', root), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  assert.deepEqual(Object.keys(table).sort(), folders);
});

test("DESIGN.md's layer table says what the lint table enforces", () => {
  const design = readFileSync(new URL('DESIGN.md', root), 'utf8');
  const rows = new Map<string, string[]>();
  // | model | `src/model/` | owns … | may import |
  for (const match of design.matchAll(/^\| (\w+) \| `src\/(\w+)\/` \|.*\| ([^|]+) \|$/gm)) {
    const mayImport = match[3]!.trim();
    rows.set(match[2]!, mayImport === '—' ? [] : mayImport.split(/,\s*/));
  }
  for (const [layer, allowed] of Object.entries(table)) {
    assert.deepEqual(rows.get(layer)?.sort(), [...allowed].sort(), `DESIGN.md row of ${layer}`);
  }
});

test('the lint refuses an upward import by door and by path, and allows a downward one', async () => {
  const eslint = new ESLint({ cwd: new URL('.', root).pathname });
  const lint = async (file: string, code: string) =>
    (await eslint.lintText(code, { filePath: file }))[0]!.messages
      .filter((m) => m.ruleId === 'no-restricted-imports')
      .map((m) => m.message);
  const up = await lint('src/library/probe.ts', "export { openStore } from '#store';\n");
  assert.match(up.join('\n'), /library must not import store/);
  const typeOnly = await lint(
    'src/app/probe.ts',
    "export type { ServerOptions } from '#server';\n",
  );
  assert.match(typeOnly.join('\n'), /app must not import server/);
  const byPath = await lint('src/cli/probe.ts', "export * from '../store/schema.ts';\n");
  assert.match(byPath.join('\n'), /through its door #store/);
  assert.deepEqual(
    await lint('src/server/probe.ts', "export { testSource } from '#library';\n"),
    [],
  );
});
