import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { CSRF_COOKIE, SESSION_COOKIE } from './session-auth.ts';

/**
 * The OpenAPI document, generated from the routes' own TypeBox schemas. Register before the
 * routes (the plugin collects them as they are added).
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Linhai API',
        version,
        description: [
          'Self-hosted novel aggregator. Every answer other than 2xx has the body',
          '`{ "error": { "code", "message", "details" } }`; codes are listed in docs/errors.md.',
          '',
          `Sessions: \`POST /api/auth/login\` sets the httpOnly cookie \`${SESSION_COOKIE}\`.`,
          `CSRF: every POST, PUT, PATCH and DELETE must send the value of the readable cookie`,
          `\`${CSRF_COOKIE}\` (set on any response that finds it missing) in the \`X-CSRF-Token\` header.`,
        ].join('\n'),
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
  });
}

/** `/api/openapi.json` and a small self-contained docs page at `/api/docs` (no CDN). */
export function openApiRoutes(app: FastifyInstance): void {
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/docs', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(docsPage),
  );
  app.get('/api/docs.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(docsScript),
  );
}

const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Linhai API</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: #222; }
h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
details { margin: .4rem 0; border: 1px solid #e3e3e3; border-radius: 4px; padding: .3rem .6rem; }
summary { cursor: pointer; }
.m { display: inline-block; min-width: 4.5rem; font-weight: 600; font-family: monospace; }
.GET { color: #0a6; } .POST { color: #06c; } .PUT, .PATCH { color: #a60; } .DELETE { color: #c22; }
pre { background: #f6f6f6; padding: .5rem; overflow: auto; font-size: 13px; }
</style>
</head>
<body>
<h1>Linhai API</h1>
<p>The machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a></p>
<div id="intro"></div>
<div id="routes">Loading…</div>
<script src="/api/docs.js"></script>
</body>
</html>
`;

// Renders the document with DOM calls only (textContent, never innerHTML): CSP allows no inline script.
const docsScript = `'use strict';
(async () => {
  const doc = await (await fetch('/api/openapi.json')).json();
  const el = (tag, props, ...kids) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const kid of kids) node.append(kid);
    return node;
  };
  document.getElementById('intro').append(el('pre', { textContent: doc.info.description || '' }));
  const byTag = new Map();
  for (const [path, ops] of Object.entries(doc.paths || {})) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags && op.tags[0]) || 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method: method.toUpperCase(), op });
    }
  }
  const root = document.getElementById('routes');
  root.textContent = '';
  for (const [tag, list] of byTag) {
    root.append(el('h2', { textContent: tag }));
    for (const { path, method, op } of list) {
      const parts = { parameters: op.parameters, requestBody: op.requestBody, responses: op.responses };
      root.append(
        el('details', {},
          el('summary', {},
            el('span', { className: 'm ' + method, textContent: method }),
            el('code', { textContent: path }),
            ' — ' + (op.summary || '')),
          el('p', { textContent: op.description || '' }),
          el('pre', { textContent: JSON.stringify(parts, null, 2) })));
    }
  }
})();
`;
