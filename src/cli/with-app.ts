import { openApp } from '#app';
import type { App } from '#app';
import type { CliContext } from './context.ts';

/** Opens the instance in the data folder for one command and closes it afterwards, even on error. */
export async function withApp<T>(context: CliContext, run: (app: App) => Promise<T>): Promise<T> {
  const app = await openApp({ dataDir: context.dataDir() });
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}
