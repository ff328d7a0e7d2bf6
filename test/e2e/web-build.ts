/**
 * The built web app for the browser tests and the bundle benchmark: `web/dist`, built on demand.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run$ = promisify(execFile);
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const webDir = join(projectRoot, 'web');
export const webDist = join(webDir, 'dist');
const webIndex = join(webDist, 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestMtime(path) : stat.mtimeMs);
  }
  return newest;
}

/**
 * Builds `web/dist` with `npm run build:web` when it is missing or older than a file in `web/`,
 * so a test never runs against a stale app. Throws with the build's output when it fails.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error('web/index.html is missing: there is no web app to test');
  if (existsSync(webIndex) && statSync(webIndex).mtimeMs >= newestMtime(webDir)) return;
  try {
    await run$('npm', ['run', 'build:web'], { cwd: projectRoot, maxBuffer: 1 << 24 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `npm run build:web failed; fix the web app build first:\n${stdout}\n${stderr}`,
      {
        cause: error,
      },
    );
  }
  if (!existsSync(webIndex)) throw new Error('npm run build:web did not write web/dist/index.html');
}
