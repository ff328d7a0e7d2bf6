/**
 * Runs `task` with its own AbortSignal and stops waiting when the budget runs out or `outer`
 * aborts, whether or not the task honours its signal.
 */
export async function withDeadline<T>(
  task: (signal: AbortSignal) => Promise<T>,
  options: { budgetMs: number; outer?: AbortSignal; onTimeout: () => Error },
): Promise<T> {
  if (options.outer?.aborted) throw options.outer.reason;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onOuter: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    const fail = (reason: unknown) => {
      reject(reason);
      // Tearing down a request (sockets, streams) takes time; the caller hears first.
      setImmediate(() => controller.abort(reason));
    };
    timer = setTimeout(() => fail(options.onTimeout()), options.budgetMs);
    onOuter = () => fail(options.outer?.reason);
    options.outer?.addEventListener('abort', onOuter, { once: true });
  });
  try {
    return await Promise.race([task(controller.signal), stopped]);
  } finally {
    clearTimeout(timer);
    if (onOuter) options.outer?.removeEventListener('abort', onOuter);
    stopped.catch(() => undefined);
  }
}
