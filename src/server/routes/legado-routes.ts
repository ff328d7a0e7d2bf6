import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BACKUP_ZIP_MAX_BYTES, exportLegadoBackup, importLegadoBackup } from '#library';
import type { LegadoExportPorts, LegadoImportPorts } from '#library';
import { LinhaiError } from '#model';
import type { ServerContext } from '../context.ts';
import type { ServerUser } from '../ports.ts';
import { errors } from '../schemas.ts';
import { LegadoImportReport } from '../schemas/books.ts';
import { userOf } from '../session-auth.ts';

/**
 * Moving in from Legado: a backup zip (我的 → 备份与恢复) uploaded as the request body goes onto
 * the signed-in reader's shelf (sources and replace rules too when an administrator uploads it);
 * the export gives the shelf back as a zip Legado restores.
 */
export function legadoRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library, store, catalog } = ctx.deps;
  const isAdmin = (user: ServerUser) => user.role === 'admin';
  return async (app) => {
    // The zip is the body itself (a browser's fetch of a File, curl --data-binary).
    for (const type of [
      'application/zip',
      'application/x-zip-compressed',
      'application/octet-stream',
    ])
      app.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: BACKUP_ZIP_MAX_BYTES },
        (_r, body, done) => done(null, body),
      );

    app.post(
      '/import/legado-backup',
      {
        bodyLimit: BACKUP_ZIP_MAX_BYTES,
        schema: {
          tags: ['shelf'],
          summary: "Import a Legado backup zip onto your shelf: each record's outcome",
          description:
            'The body is the zip (Content-Type application/zip). Importing the same backup twice changes nothing.',
          querystring: Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 200 })) }),
          response: { 200: LegadoImportReport, ...errors(400, 401, 413, 415) },
        },
      },
      async (request) => {
        const user = userOf(request);
        if (!(request.body instanceof Buffer))
          throw new LinhaiError(
            'invalid-input',
            'send the backup zip as the body, with Content-Type application/zip',
          );
        const ports: LegadoImportPorts = isAdmin(user)
          ? {
              importSources: (text) => catalog.import(text),
              ...(catalog.list ? { listSources: () => catalog.list!() } : {}),
              replaceRules: {
                list: () => store.replaceRules.list(),
                add: (rule) => store.replaceRules.add(rule),
              },
            }
          : {};
        const report = await importLegadoBackup(library, {
          userId: user.id,
          zip: new Uint8Array(request.body),
          fileName: request.query.fileName ?? 'backup.zip',
          ports,
        });
        // The reader's settings now hold the Legado groups: a cached session would write the old
        // settings back on the next settings change.
        ctx.sessions.deleteWhere((cached) => cached.id === user.id);
        if (report.items.some((i) => i.kind === 'replace-rule' && i.status === 'imported'))
          ctx.displayRules.changed();
        return { items: [...report.items], counts: { ...report.counts } };
      },
    );

    app.get(
      '/export/legado-backup',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Your shelf, positions, bookmarks and groups as a Legado backup zip',
          response: { 200: Type.Any(), ...errors(401) },
        },
      },
      async (request, reply) => {
        const user = userOf(request);
        const ports: LegadoExportPorts = {
          ...(catalog.list
            ? {
                exportSources: async (keys: readonly string[]) =>
                  (await catalog.list!()).filter((s) => keys.includes(s.bookSourceUrl)),
              }
            : {}),
          replaceRules: { list: () => store.replaceRules.list() },
        };
        const { zip } = await exportLegadoBackup(library, { userId: user.id, ports });
        return reply
          .type('application/zip')
          .header('content-disposition', 'attachment; filename="backup.zip"')
          .header('cache-control', 'private, no-store')
          .send(Buffer.from(zip));
      },
    );
  };
}
