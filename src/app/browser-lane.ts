/**
 * The browser lane (issue 21): in the scale-out mode a worker without Chromium hands a job that
 * needed the browser tier to the workers that have it (`handleWithLane`, src/jobs). Whether a job
 * needed it is seen where the source steps run: the gateway notes every step refused for want of
 * the tier in the job's own tracking state (async context: jobs run side by side in one process),
 * whatever the use case then made of the error (a fallback to another source, a partial TOC).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { isLinhaiError } from '#model';
import type { CapabilityLane } from '#jobs';

const tracking = new AsyncLocalStorage<{ needed: boolean }>();

/** A step refused because this process has no browser tier (WebView, a script challenge). */
function needsBrowserTier(error: unknown): boolean {
  if (isLinhaiError(error, 'capability-missing')) return error.details['capability'] === 'webview';
  return (
    isLinhaiError(error, 'bad-content') &&
    error.details['kind'] === 'challenge' &&
    error.details['capability'] === 'browser'
  );
}

/** Called by the gateway on a failed step: marks the running job, if any, as needing the tier. */
export function noteBrowserNeed(error: unknown): void {
  const state = tracking.getStore();
  if (state && needsBrowserTier(error)) state.needed = true;
}

/** The lane of jobs that need the browser tier; `present` when this process has Chromium. */
export function browserLane(present: boolean): CapabilityLane {
  return {
    capability: 'browser',
    present,
    howToProvide:
      'start `linhai worker` on a machine where Chromium is installed (and LINHAI_BROWSER is not off)',
    async track(run) {
      const state = { needed: false };
      try {
        await tracking.run(state, run);
        return { needed: state.needed };
      } catch (error) {
        return { needed: state.needed, error };
      }
    },
  };
}
