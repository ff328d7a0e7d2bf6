import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { LinhaiError } from '#model';
import { applyLegadoProgress, legadoProgressOf, listShelf, readLegadoProgress } from '#library';
import type { LegadoBookProgress } from '#library';
import type { ServerContext } from '../context.ts';
import { OpdsAuth } from '../opds/opds-auth.ts';
import { keyedDocuments } from '../opds/keyed-documents.ts';
import { readerServices } from '../opds/reader-services.ts';
import type { ServerUser } from '../ports.ts';
import { DAV_FILE_MAX_BYTES, DavFiles, parentOf } from './dav-files.ts';
import type { DavEntry } from './dav-files.ts';
import { multistatus } from './dav-xml.ts';
import type { DavResource } from './dav-xml.ts';

/** Where the WebDAV folder is served: Legado's WebDAV address is `https://<host>/dav/`. */
const DAV_PREFIX = '/dav';
const METHODS = ['OPTIONS', 'PROPFIND', 'MKCOL', 'GET', 'HEAD', 'PUT', 'DELETE'];
const MAX_PATH = 1024;

/**
 * The WebDAV subset Legado's client uses (io.legado.app.lib.webdav.WebDav: PROPFIND with Depth 0
 * or 1, MKCOL, PUT, GET; DELETE for tidy clients), per user behind HTTP Basic with the Linhai
 * account, as the OPDS catalog is. Each reader has a folder of their own: whatever Legado keeps
 * there (its `legado/` folder, backup zips, exports) is stored as it was sent, and a file in a
 * `bookProgress/` folder is also a reading position: a PUT moves the reader's Linhai position when
 * it is newer, a GET answers the newer of the file and the Linhai position (which the web reader
 * and KOReader move too). Hand-written rather than the `webdav-server` package: that runs its own
 * request pipeline over a file-system model, while these files are partly views of positions in
 * the store and the five methods fit in one Fastify plugin.
 */
export function webdavRoutes(ctx: ServerContext): FastifyPluginAsync {
  const { library } = ctx.deps;
  const auth = new OpdsAuth(ctx, readerServices(ctx).credentials);
  const documents = keyedDocuments(ctx.deps.documents);
  const now = () => library.clock.now();

  return async (app) => {
    for (const method of ['PROPFIND', 'MKCOL'])
      if (!app.supportedMethods.includes(method))
        app.addHttpMethod(method, { hasBody: method === 'PROPFIND' });
    // Every body is taken as bytes: a PUT stores exactly what was sent, whatever its type.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: DAV_FILE_MAX_BYTES },
      (_r, body, done) => done(null, body),
    );

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method === 'OPTIONS')
        return reply
          .code(200)
          .header('dav', '1')
          .header('allow', METHODS.join(', '))
          .header('ms-author-via', 'DAV')
          .send();
      const user = await auth.user(request, reply, undefined);
      if (user === undefined) return reply;
      const path = davPath(request.url);
      const files = new DavFiles(documents, user.id);
      switch (request.method) {
        case 'PROPFIND':
          return propfind(request, reply, user, files, path);
        case 'MKCOL':
          return mkcol(reply, files, path);
        case 'GET':
        case 'HEAD':
          return get(reply, user, files, path);
        case 'PUT':
          return put(request, reply, user, files, path);
        case 'DELETE':
          return reply.code((await files.remove(path)) ? 204 : 404).send();
      }
      return reply.code(405).header('allow', METHODS.join(', ')).send();
    };
    // Not in the OpenAPI document: WebDAV's methods are no OpenAPI operations (docs/legado.md).
    const schema = { hide: true };
    app.route({ method: METHODS, url: DAV_PREFIX, schema, handler });
    app.route({ method: METHODS, url: `${DAV_PREFIX}/*`, schema, handler });
  };

  async function propfind(
    request: FastifyRequest,
    reply: FastifyReply,
    user: ServerUser,
    files: DavFiles,
    path: string,
  ) {
    const entry = (await files.stat(path)) ?? (await progressEntry(user, files, path));
    if (entry === undefined) return reply.code(404).send();
    const resources: DavResource[] = [resource(path, entry)];
    // Depth 0: the resource alone (Legado's exists()); 1 or infinity: its folder's entries too.
    if (entry.dir && request.headers['depth'] !== '0') {
      const listed = new Map(await files.children(path));
      if (isProgressFolder(path))
        for (const [name, progress] of await shelfProgress(user)) {
          const child = path === '' ? name : `${path}/${name}`;
          if (!listed.has(child)) listed.set(child, progressFileEntry(progress));
        }
      for (const [child, childEntry] of listed) resources.push(resource(child, childEntry));
    }
    return reply.code(207).type('application/xml; charset=utf-8').send(multistatus(resources));
  }

  async function mkcol(reply: FastifyReply, files: DavFiles, path: string) {
    if ((await files.stat(path)) !== undefined) return reply.code(405).send();
    const parent = await files.stat(parentOf(path));
    if (parent === undefined || !parent.dir) return reply.code(409).send();
    await files.makeFolder(path, now());
    return reply.code(201).send();
  }

  async function get(reply: FastifyReply, user: ServerUser, files: DavFiles, path: string) {
    if (isProgressFile(path)) {
      const progress = await newestProgress(user, files, path);
      if (progress === undefined) return reply.code(404).send();
      return reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(JSON.stringify(progress));
    }
    const entry = await files.stat(path);
    if (entry === undefined) return reply.code(404).send();
    if (entry.dir) return reply.code(405).header('allow', 'PROPFIND, MKCOL, DELETE').send();
    const bytes = await files.read(path);
    if (bytes === undefined) return reply.code(404).send();
    return reply
      .type(entry.contentType || 'application/octet-stream')
      .header('cache-control', 'private, no-store')
      .header('last-modified', new Date(entry.modifiedAt).toUTCString())
      .send(bytes);
  }

  async function put(
    request: FastifyRequest,
    reply: FastifyReply,
    user: ServerUser,
    files: DavFiles,
    path: string,
  ) {
    if (path === '') return reply.code(405).send();
    const body = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
    const existed = (await files.stat(path)) !== undefined;
    if (isProgressFile(path)) {
      const progress = parseProgress(body);
      if (progress === undefined)
        throw new LinhaiError(
          'invalid-input',
          `${path} is not a Legado progress file (JSON with name, author, durChapterIndex, durChapterPos, durChapterTime)`,
          { details: { path } },
        );
      // Kept as sent (a book Linhai does not have still syncs between Legado devices), then applied.
      await files.write(path, body, 'application/json', now());
      await applyLegadoProgress(library, user.id, progress);
    } else {
      await files.write(
        path,
        body,
        request.headers['content-type'] ?? 'application/octet-stream',
        now(),
      );
    }
    return reply.code(existed ? 204 : 201).send();
  }

  /** The newer of the stored progress file and the reader's Linhai position in that book. */
  async function newestProgress(
    user: ServerUser,
    files: DavFiles,
    path: string,
  ): Promise<LegadoBookProgress | undefined> {
    const stored = await files
      .read(path)
      .then((b) => (b === undefined ? undefined : parseProgress(b)));
    const names = stored ? [{ name: stored.name, author: stored.author }] : namesOf(fileName(path));
    for (const book of names) {
      const linhai = await legadoProgressOf(library, user.id, book);
      if (linhai !== undefined)
        return stored !== undefined && stored.durChapterTime > linhai.durChapterTime
          ? stored
          : linhai;
    }
    return stored;
  }

  /** A progress file that exists only as a Linhai position (for PROPFIND). */
  async function progressEntry(
    user: ServerUser,
    files: DavFiles,
    path: string,
  ): Promise<DavEntry | undefined> {
    if (!isProgressFile(path)) return undefined;
    const progress = await newestProgress(user, files, path);
    return progress === undefined ? undefined : progressFileEntry(progress);
  }

  /** The reader's shelved books with a position, by the progress file name Legado would use. */
  async function shelfProgress(user: ServerUser): Promise<Array<[string, LegadoBookProgress]>> {
    const out: Array<[string, LegadoBookProgress]> = [];
    for (const entry of await listShelf(library, user.id)) {
      if (entry.position === undefined) continue;
      const book = { name: entry.title, author: entry.author };
      const progress = await legadoProgressOf(library, user.id, book);
      if (progress !== undefined) out.push([`${entry.title}_${entry.author}.json`, progress]);
    }
    return out;
  }
}

/** `/dav/legado/bookProgress/%E6%98%9F_a.json?x` → `legado/bookProgress/星_a.json`. */
function davPath(url: string): string {
  const raw = url.split('?')[0]!.slice(DAV_PREFIX.length);
  if (raw.length > MAX_PATH)
    throw new LinhaiError('invalid-input', `a WebDAV path is at most ${MAX_PATH} characters`);
  const segments: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '') continue;
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      throw new LinhaiError('invalid-input', `bad percent-encoding in the WebDAV path: ${part}`);
    }
    // Each reader's folder is a tree of names: no way up or sideways out of it.
    if (
      name === '.' ||
      name === '..' ||
      name.includes('/') ||
      name.includes('\\') ||
      name.includes('\0')
    )
      throw new LinhaiError('invalid-input', `"${name}" is not allowed in a WebDAV path`);
    segments.push(name);
  }
  return segments.join('/');
}

const fileName = (path: string) => path.split('/').at(-1) ?? '';
const isProgressFolder = (path: string) => fileName(path) === 'bookProgress';
const isProgressFile = (path: string) =>
  isProgressFolder(parentOf(path)) && fileName(path).endsWith('.json');

/** `书名_作者.json` → every (name, author) split of it, the last underscore first. */
function namesOf(file: string): Array<{ name: string; author: string }> {
  const stem = file.replace(/\.json$/, '');
  const out: Array<{ name: string; author: string }> = [];
  for (let at = stem.lastIndexOf('_'); at > 0; at = stem.lastIndexOf('_', at - 1))
    out.push({ name: stem.slice(0, at), author: stem.slice(at + 1) });
  return out;
}

function parseProgress(bytes: Buffer): LegadoBookProgress | undefined {
  try {
    return readLegadoProgress(JSON.parse(bytes.toString('utf8')));
  } catch {
    return undefined;
  }
}

function progressFileEntry(progress: LegadoBookProgress): DavEntry {
  return {
    dir: false,
    size: Buffer.byteLength(JSON.stringify(progress)),
    contentType: 'application/json',
    modifiedAt: progress.durChapterTime,
  };
}

function resource(path: string, entry: DavEntry): DavResource {
  const encoded = path === '' ? '' : `/${path.split('/').map(encodeURIComponent).join('/')}`;
  return {
    href: `${DAV_PREFIX}${encoded}${entry.dir ? '/' : ''}`,
    name: path === '' ? 'dav' : fileName(path),
    entry,
  };
}
