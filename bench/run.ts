// Runs every bench/*.bench.ts (or those whose name contains an argument): `npm run bench [-- name]`.
// Each benchmark prints its own table of ratios measured side by side in one run.
import { readdirSync } from 'node:fs';

const filters = process.argv.slice(2);
const files = readdirSync(new URL('.', import.meta.url))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const module = (await import(`./${file}`)) as { run?: () => Promise<boolean | void> };
  if (typeof module.run !== 'function') {
    console.log(`(no run() exported; skipped)`);
    continue;
  }
  try {
    // A benchmark returns false when it missed its target; it still prints its figures.
    if ((await module.run()) === false) failed++;
  } catch (error) {
    failed++;
    console.error(`${file} failed:`, error);
  }
}
console.log(`\n${files.length} benchmarks run, ${failed} missed a target or failed`);
process.exitCode = failed === 0 ? 0 : 1;
