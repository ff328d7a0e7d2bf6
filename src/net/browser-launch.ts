/**
 * Finding and starting Chromium for the browser tier. The tier is optional: it needs a Chromium
 * on the machine (Debian: `apt install chromium`, found at /usr/bin/chromium; elsewhere
 * `LINHAI_CHROMIUM=/path/to/chrome`) and the `playwright-core` package. Linhai never downloads a
 * browser. `LINHAI_BROWSER=off` turns the tier off even when both are there.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type * as Playwright from 'playwright-core';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** What to tell a user whose source needs the tier while it is off. */
export const enableBrowserHint =
  'install Chromium (Debian/Ubuntu: apt install chromium) or set LINHAI_CHROMIUM to a Chrome/Chromium binary, and restart';

/** The Chromium binary the tier would use, or why there is none. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
): { path: string } | { off: string } {
  if (env.LINHAI_BROWSER === 'off') return { off: 'LINHAI_BROWSER=off turns the browser tier off' };
  const chosen = env.LINHAI_CHROMIUM?.trim();
  if (chosen) {
    return existsSync(chosen)
      ? { path: chosen }
      : { off: `LINHAI_CHROMIUM=${chosen} does not exist; ${enableBrowserHint}` };
  }
  const found = candidates.find((p) => existsSync(p));
  return found ? { path: found } : { off: `no Chromium found; ${enableBrowserHint}` };
}

/**
 * Flags: headless, no sandbox (containers lack user namespaces), nothing in the background, and
 * every connection Chromium would make on its own sent to a proxy that does not exist — pages are
 * served through request interception only, so anything that slips past it fails closed.
 */
const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
];

/** Starts Chromium; throws when playwright-core is not installed (the caller reports the hint). */
export async function launchChromium(executablePath: string): Promise<Browser> {
  let playwright: typeof Playwright;
  try {
    playwright = await import('playwright-core');
  } catch (cause) {
    throw new Error(`the playwright-core package is not installed (npm install playwright-core)`, {
      cause,
    });
  }
  return playwright.chromium.launch({
    executablePath,
    headless: true,
    args: launchArgs,
    // Port 9 (discard) on loopback, with loopback not bypassed: nothing listens, nothing leaks.
    proxy: { server: 'http://127.0.0.1:9', bypass: '<-loopback>' },
    timeout: 30_000,
  });
}
