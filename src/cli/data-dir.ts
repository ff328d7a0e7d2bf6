import envPaths from 'env-paths';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Where Linhai keeps its database, caches and cookie jars: `--data-dir`, else `LINHAI_DATA_DIR`,
 * else the per-user data folder of the platform (~/.local/share/linhai on Linux).
 */
export function resolveDataDir(flag: string | undefined): string {
  const chosen = flag ?? process.env.LINHAI_DATA_DIR ?? envPaths('linhai', { suffix: '' }).data;
  const dir = resolve(chosen);
  mkdirSync(dir, { recursive: true });
  return dir;
}
