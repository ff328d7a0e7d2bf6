/** Test helper: a demo site's sources imported over the API by an administrator. */
import assert from 'node:assert/strict';
import type { BrowserDemoSite } from '#demo';
import { importSources } from './server-harness.ts';
import type { Agent } from './server-harness.ts';

/** Imports the site's sources as the admin; the id of its first. */
export async function importedSource(admin: Agent, site: BrowserDemoSite): Promise<number> {
  await importSources(admin, site.sources);
  const listed = JSON.parse((await admin.request('GET', '/api/sources')).body) as {
    id: number;
    url: string;
  }[];
  const id = listed.find((s) => s.url === site.sources[0]?.bookSourceUrl)?.id ?? 0;
  assert.ok(id > 0);
  return id;
}
