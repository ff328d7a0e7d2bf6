/** A node:http server on 127.0.0.1 (port chosen by the OS) that records what it was asked. */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MockReply {
  status?: number;
  type?: string;
  body?: string;
  location?: string;
}

export interface MockServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Request paths with query, in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

export async function serve(
  answer: (url: URL, req: IncomingMessage) => MockReply,
): Promise<MockServer> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(req.url ?? '/');
    let reply: MockReply;
    try {
      reply = answer(url, req);
    } catch (error) {
      reply = { status: 500, type: 'text/plain', body: String(error) };
    }
    const headers: Record<string, string> = {
      'content-type': reply.type ?? 'text/html; charset=utf-8',
    };
    if (reply.location) headers.location = reply.location;
    res.writeHead(reply.status ?? 200, headers);
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Escapes text for HTML/XML element content and attribute values. */
export function esc(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
