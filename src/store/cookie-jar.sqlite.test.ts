import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '#store';
import { cookieJarContract } from './cookie-jar.contract.ts';

// Two handles on one database file, as two processes of one installation open it.
const dir = mkdtempSync(join(tmpdir(), 'linhai-cookie-jars-'));
cookieJarContract('sqlite file, two handles', {
  async open() {
    const one = openStore({ dataDir: dir });
    await one.migrate();
    const two = openStore({ dataDir: dir });
    return [one, two];
  },
  interleaves: false,
  async cleanup() {
    rmSync(dir, { recursive: true, force: true });
  },
});
