import type { ServerContext } from '../context.ts';
import { BookFiles } from './book-files.ts';
import { ReaderCredentials } from './reader-credentials.ts';

/** What the OPDS catalog and KOReader sync share: one instance per server. */
interface ReaderServices {
  readonly credentials: ReaderCredentials;
  readonly files: BookFiles;
}

const byContext = new WeakMap<ServerContext, ReaderServices>();

/** The services of this server (made on first use, so both plugins see the same files and keys). */
export function readerServices(ctx: ServerContext): ReaderServices {
  let services = byContext.get(ctx);
  if (services === undefined) {
    services = {
      credentials: new ReaderCredentials(ctx.deps.dataDir, ctx.deps.documents, () =>
        ctx.deps.library.clock.now(),
      ),
      files: new BookFiles(
        ctx.deps.library,
        ctx.deps.exportJobs,
        ctx.deps.dataDir,
        ctx.deps.documents,
      ),
    };
    byContext.set(ctx, services);
  }
  return services;
}
