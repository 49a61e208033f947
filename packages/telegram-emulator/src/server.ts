import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { TelegramEmulator, type TelegramEmulatorOptions } from './emulator';
import { multipartBoundary, parseMultipart, parseUrlEncoded } from './multipart';
import { type RawParams, paramsFromForm } from './params';
import type { EmulatorState } from './state';

export interface EmulatorServerOptions extends TelegramEmulatorOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** false (default), true for fastify's own pino logger, or a logger instance (e.g. pino). */
  logger?: boolean | FastifyBaseLogger;
  /** Serve an existing emulator instead of creating one from the other options. */
  emulator?: TelegramEmulator;
  /** Largest request body accepted (uploads); default 50 MB like the Bot API. */
  bodyLimit?: number;
}

export interface EmulatorServer {
  /** The apiRoot for grammY: `new Bot(token, { client: { apiRoot: url } })`. */
  url: string;
  /** Base URL of file downloads: `${fileUrl}/${file_path}`. */
  fileUrl: string;
  token: string;
  emulator: TelegramEmulator;
  state: EmulatorState;
  app: FastifyInstance;
  close(): Promise<void>;
}

type BotRoute = { Params: { botToken: string; method: string } };
type FileRoute = { Params: { botToken: string; '*': string } };

function jsonError(reply: FastifyReply, code: number, description: string) {
  return reply
    .code(code)
    .header('content-type', 'application/json')
    .send(JSON.stringify({ ok: false, error_code: code, description }));
}

/** Builds (without listening) the fastify app serving the Bot API routes of `emulator`. */
export function buildEmulatorApp(
  emulator: TelegramEmulator,
  options: Pick<EmulatorServerOptions, 'logger' | 'bodyLimit'> = {},
): FastifyInstance {
  const logger = options.logger ?? false;
  const app = (
    typeof logger === 'object'
      ? Fastify({
          loggerInstance: logger,
          bodyLimit: options.bodyLimit ?? 50 * 1024 * 1024,
          forceCloseConnections: true,
        })
      : Fastify({ logger, bodyLimit: options.bodyLimit ?? 50 * 1024 * 1024, forceCloseConnections: true })
  ) as FastifyInstance;

  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error("Bad Request: can't parse JSON object"), { statusCode: 400 }), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, paramsFromForm(parseUrlEncoded(String(body))));
  });
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (req, body, done) => {
    const boundary = multipartBoundary(req.headers['content-type']);
    if (!boundary)
      return done(
        Object.assign(new Error('Bad Request: multipart boundary is missing'), { statusCode: 400 }),
        undefined,
      );
    try {
      const { fields, files } = parseMultipart(body as Buffer, boundary);
      done(null, paramsFromForm(fields, files));
    } catch (err) {
      done(Object.assign(new Error(`Bad Request: ${(err as Error).message}`), { statusCode: 400 }), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body, done) => done(null, {}));

  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    const code = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    return jsonError(reply, code, code === 500 ? 'Internal Server Error' : err.message);
  });
  app.setNotFoundHandler((_req, reply) => jsonError(reply, 404, 'Not Found'));

  const handleCall = async (request: FastifyRequest<BotRoute>, reply: FastifyReply) => {
    const { botToken, method } = request.params;
    if (!botToken.startsWith('bot')) return jsonError(reply, 404, 'Not Found');
    const query =
      request.query && typeof request.query === 'object' ? paramsFromForm(request.query as Record<string, string>) : {};
    const body =
      request.body && typeof request.body === 'object' && !Array.isArray(request.body)
        ? (request.body as RawParams)
        : {};
    const outcome = await emulator.handle({ token: botToken.slice(3), method, params: { ...query, ...body } });
    if (outcome.kind === 'drop') {
      // Telegram unreachable: no answer at all, the client sees a reset connection.
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    return reply.code(outcome.status).header('content-type', 'application/json').send(JSON.stringify(outcome.body));
  };
  for (const url of ['/:botToken/:method', '/:botToken/test/:method']) {
    app.route<BotRoute>({ method: ['GET', 'POST'], url, handler: handleCall });
  }

  app.get<FileRoute>('/file/:botToken/*', async (request, reply) => {
    const { botToken } = request.params;
    if (botToken !== `bot${emulator.token}`) return jsonError(reply, 401, 'Unauthorized');
    const file = emulator.state.files.byFilePath(request.params['*']);
    if (!file?.data) return jsonError(reply, 404, 'Not Found');
    return reply
      .code(200)
      .header('content-type', file.mime_type ?? 'application/octet-stream')
      .send(file.data);
  });

  return app;
}

/**
 * Starts the emulator behind fastify: `POST|GET /bot<token>/<method>` (JSON, form or multipart
 * bodies, query strings) and `GET /file/bot<token>/<file_path>` for downloads.
 */
export async function createEmulatorServer(options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
  const { host = '127.0.0.1', port = 0 } = options;
  const emulator = options.emulator ?? new TelegramEmulator(options);
  const app = buildEmulatorApp(emulator, options);
  await app.listen({ host, port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostPart}:${actualPort}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    fileUrl: `${url}/file/bot${emulator.token}`,
    token: emulator.token,
    emulator,
    state: emulator.state,
    app,
    close() {
      closing ??= (async () => {
        emulator.close();
        await app.close();
      })();
      return closing;
    },
  };
}
