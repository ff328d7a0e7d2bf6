/**
 * Regenerates src/sources/TIERS.md from ../shared/data/booksources/ (the README's tier table).
 * Run: npx tsx src/sources/write-tiers.ts
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSources } from './import-export.ts';
import type { ImportReportEntry } from './import-export.ts';
import { tierTableMarkdown } from './tier-table.ts';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
    })
    .sort();
}

const dataDir = new URL('../../../shared/data/booksources/', import.meta.url).pathname;
const reports: ImportReportEntry[] = [];
for (const file of jsonFiles(dataDir))
  reports.push(...importSources(readFileSync(file, 'utf8')).report);
const table = tierTableMarkdown(reports, 'Book-source tiers over ../shared/data/booksources/');
writeFileSync(new URL('./TIERS.md', import.meta.url), table);
console.log(table);
