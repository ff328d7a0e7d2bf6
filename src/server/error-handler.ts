import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asServiceUnavailable, isLinhaiError } from '#model';
import type { ErrorCode } from '#model';

/**
 * The one place errors become HTTP statuses (style guide §7): a JSON body
 * `{ error: { code, message, details } }`, never a 200 with an error inside.
 */
function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'invalid-input':
    case 'import-parse':
    case 'local-file-undecodable':
    case 'local-file-malformed':
      return 400;
    case 'local-file-unsupported':
      return 415;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'too-many-requests':
      return 429;
    case 'capability-missing':
      return 501;
    case 'net-timeout':
    case 'deadline':
    case 'js-timeout':
      return 504;
    case 'bad-content':
    case 'unavailable':
    case 'net-breaker-open':
    case 'net-rate-limited':
      return 503;
    case 'net-connection':
    case 'net-http-status':
    case 'net-refused-robots':
    case 'net-refused-guard':
    case 'net-too-large':
    case 'net-too-many-redirects':
    case 'net-charset':
    case 'rule-error':
    case 'js-memory':
    case 'js-error':
    case 'job-failed':
      return 502;
    case 'internal':
      return 500;
  }
}

interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: Readonly<Record<string, unknown>>;
  };
}

export function sendError(
  reply: FastifyReply,
  status: number,
  body: ErrorBody['error'],
  retryAfterMs?: number,
): FastifyReply {
  if (retryAfterMs !== undefined) reply.header('retry-after', Math.ceil(retryAfterMs / 1000));
  return reply.code(status).type('application/json; charset=utf-8').send({ error: body });
}

/** A Fastify schema-validation failure, with the field it is about named in message and details. */
function validationBody(error: FastifyError): ErrorBody['error'] {
  const first = error.validation?.[0];
  const params = (first?.params ?? {}) as Record<string, unknown>;
  const path = (first?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const missing = typeof params['missingProperty'] === 'string' ? params['missingProperty'] : '';
  const extra =
    typeof params['additionalProperty'] === 'string' ? params['additionalProperty'] : '';
  const field = [path, missing || extra].filter((part) => part !== '').join('.') || undefined;
  const where = error.validationContext ?? 'request';
  return {
    code: 'invalid-input',
    message:
      missing !== ''
        ? `${where}: "${field}" is required`
        : extra !== ''
          ? `${where}: "${field}" is not a field here`
          : field
            ? `${where}: "${field}" ${first?.message ?? 'is invalid'}`
            : `${where} ${first?.message ?? 'is invalid'}`,
    details: { in: where, field },
  };
}

/** Installs the error and not-found handlers on the application. */
export function installErrorHandler(
  app: FastifyInstance,
  options: { notFound?: (request: FastifyRequest, reply: FastifyReply) => unknown } = {},
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isLinhaiError(error)) {
      const status = statusOf(error.code);
      if (status >= 500) request.log.warn({ err: error }, 'request failed');
      return sendError(reply, status, error.toJSON(), error.retryAfterMs);
    }
    if (error.validation) return sendError(reply, 400, validationBody(error));
    // Fastify's own client errors: malformed JSON, body too large, wrong content type.
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(reply, status, {
        code: status === 401 ? 'unauthorized' : status === 404 ? 'not-found' : 'invalid-input',
        message: error.message,
        details: { fastify: error.code },
      });
    }
    // PostgreSQL or Redis is down or restarting: a clear 503 the client can retry, not a 500.
    const unavailable = asServiceUnavailable(error);
    if (unavailable) {
      request.log.warn({ err: error }, 'a service is unavailable');
      return sendError(reply, 503, unavailable.toJSON(), unavailable.retryAfterMs);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, 500, {
      code: 'internal',
      message: 'an unexpected error occurred; the server log has the details',
      details: {},
    });
  });
  app.setNotFoundHandler(
    options.notFound ??
      ((request, reply) =>
        sendError(reply, 404, {
          code: 'not-found',
          message: `no route ${request.method} ${request.url.split('?')[0]}`,
          details: {},
        })),
  );
}
