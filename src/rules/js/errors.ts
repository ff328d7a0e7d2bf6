/**
 * Maps what a script threw to a LinhaiError: the deadline → js-timeout, QuickJS's out-of-memory →
 * js-memory, a host error nobody caught → that host error itself (a guard refusal keeps its code),
 * anything else → js-error with the script's message.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { LinhaiError } from '#model';

export interface FailureFacts {
  timedOut: boolean;
  limitMs: number;
  /** Host errors thrown into the script during this run; the script's error says which by index. */
  hostErrors: readonly unknown[];
}

export function mapScriptError(
  context: QuickJSContext,
  errorHandle: QuickJSHandle,
  facts: FailureFacts,
): LinhaiError {
  if (facts.timedOut) {
    return new LinhaiError('js-timeout', `the script ran past its ${facts.limitMs} ms budget`, {
      details: { limitMs: facts.limitMs },
    });
  }
  let dumped: unknown;
  let hostIndex: unknown;
  try {
    if (context.typeof(errorHandle) === 'object') {
      const index = context.getProp(errorHandle, 'hostErrorIndex');
      hostIndex = context.typeof(index) === 'number' ? context.getNumber(index) : undefined;
      index.dispose();
    }
    dumped = context.dump(errorHandle);
  } catch {
    dumped = 'out of memory'; // even reading the error failed: the heap is exhausted
  }
  const { name, message } = describe(dumped);
  if (message === 'out of memory') {
    return new LinhaiError('js-memory', 'the script ran out of its memory budget', {
      details: { name },
    });
  }
  const hostError = typeof hostIndex === 'number' ? facts.hostErrors[hostIndex] : undefined;
  if (hostError instanceof LinhaiError) return hostError;
  return new LinhaiError('js-error', message, {
    details: { name },
    ...(hostError === undefined ? {} : { cause: hostError }),
  });
}

function describe(dumped: unknown): { name: string; message: string } {
  if (dumped !== null && typeof dumped === 'object') {
    const record = dumped as Record<string, unknown>;
    const message =
      typeof record['message'] === 'string' ? record['message'] : JSON.stringify(dumped);
    const name = typeof record['name'] === 'string' ? record['name'] : 'Error';
    return { name, message };
  }
  return { name: 'Error', message: String(dumped) };
}
