/**
 * A demo site's control endpoints under /__demo/: other processes drive the site over HTTP (its
 * request log, faults, clock, lag, source, robots.txt and the truth about a chapter's lines).
 * README.md beside this file lists them.
 */
import type { ServerResponse } from 'node:http';
import type { DemoSiteImpl } from './site.ts';
import type { Fault } from './types.ts';

export function handleControl(
  site: DemoSiteImpl,
  method: string,
  rawPath: string,
  body: Buffer,
  res: ServerResponse,
): void {
  const url = new URL(rawPath, site.origin || 'http://127.0.0.1');
  const json = (status: number, value: unknown) => {
    const bytes = Buffer.from(JSON.stringify(value));
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(bytes.length),
    });
    res.end(bytes);
  };
  const parse = (): unknown => (body.length ? JSON.parse(body.toString('utf8')) : {});
  try {
    const route = `${method} ${url.pathname.replace(/\/$/, '')}`;
    switch (route) {
      case 'GET /__demo':
      case 'GET /__demo/info':
        return json(200, site.info());
      case 'GET /__demo/log':
        return json(200, {
          requests: site.requests,
          peakConcurrency: site.peakConcurrency(),
          inFlight: site.inFlight,
        });
      case 'DELETE /__demo/log':
      case 'POST /__demo/log/clear':
        site.clearRequests();
        return json(200, { ok: true });
      case 'GET /__demo/faults':
        return json(200, site.faults);
      case 'POST /__demo/faults':
      case 'PUT /__demo/faults': {
        const value = parse() as unknown;
        const list = Array.isArray(value) ? value : (value as { faults?: unknown }).faults;
        if (!Array.isArray(list))
          throw new TypeError('expected a JSON array of faults or {"faults": [...]}');
        site.setFaults(list as Fault[]);
        return json(200, site.faults);
      }
      case 'DELETE /__demo/faults':
        site.clearFaults();
        return json(200, []);
      case 'GET /__demo/clock':
        return json(200, { now: site.clock.now(), siteNow: site.siteNow() });
      case 'POST /__demo/clock': {
        const value = parse() as {
          advance?: number;
          set?: number;
          advanceMs?: number;
          now?: number;
        };
        const set = value.set ?? value.now;
        const advance = value.advance ?? value.advanceMs;
        if (typeof set === 'number') site.clock.set(set);
        if (typeof advance === 'number') site.clock.advance(advance);
        return json(200, { now: site.clock.now(), siteNow: site.siteNow() });
      }
      case 'POST /__demo/lag': {
        const value = parse() as { lagMs?: number };
        site.setLag(Number(value.lagMs ?? 0));
        return json(200, { lagMs: site.lagMs });
      }
      case 'GET /__demo/source':
        return json(200, site.source);
      case 'GET /__demo/robots':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(site.robots);
        return;
      case 'PUT /__demo/robots':
      case 'POST /__demo/robots':
        site.setRobots(body.toString('utf8'));
        return json(200, { ok: true });
      case 'GET /__demo/truth': {
        const bookId = Number(url.searchParams.get('book'));
        const index = Number(url.searchParams.get('index'));
        return json(200, site.truth(bookId, index));
      }
      default:
        return json(404, { error: `no control endpoint ${route}` });
    }
  } catch (error) {
    return json(400, { error: error instanceof Error ? error.message : String(error) });
  }
}
