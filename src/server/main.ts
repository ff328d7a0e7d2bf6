import { buildServer } from './app.ts';

export interface StartServerOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly version: string;
  readonly quiet?: boolean;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The composition root of `linhai serve`: builds the concrete parts and starts listening. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const app = buildServer({
    version: options.version,
    logger: options.quiet ? false : { level: process.env.LINHAI_LOG_LEVEL ?? 'info' },
  });
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${options.host}:${port}`, close: () => app.close() };
}
