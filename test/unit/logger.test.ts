import pino from 'pino';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { RequestLogController } from '../../src/http/server';
import { createLogger, maskWebhookPath, PinoTemporalLogger, REDACTED, ticketLogger } from '../../src/logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** The production logger (redaction, serializers) writing into an array. */
function captureApp(level = 'trace') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = createLogger(level, 'ticketflow-test', {
    destination: {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line));
      },
    },
  });
  return { logger, lines, raw };
}

const SECRET = 'S3CRET-value-that-must-not-leak';

describe('logging', () => {
  it('a ticket logger carries ticket_id on every line', () => {
    const { logger, lines } = capture();
    ticketLogger(logger, 42).child({ event: 'x' }).info({ action: 'start' }, 'ticket action applied');
    expect(lines[0]).toMatchObject({
      ticket_id: 42,
      event: 'x',
      action: 'start',
      msg: 'ticket action applied',
      level: 30,
    });
  });

  it('bridges Temporal log levels and metadata into pino', () => {
    const { logger, lines } = capture();
    const temporal = new PinoTemporalLogger(logger);
    temporal.warn('activity failed', { workflowId: 'ticket-7' });
    temporal.log('DEBUG', 'polling');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: 'activity failed', workflowId: 'ticket-7', source: 'temporal' }),
      expect.objectContaining({ level: 20, msg: 'polling', source: 'temporal' }),
    ]);
  });
});

describe('secrets in logs', () => {
  // Each line carries one secret at a place it could really be logged from.
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['config.telegram.botToken', { config: { telegram: { botToken: SECRET } } }, ['config', 'telegram', 'botToken']],
    [
      'config.telegram.webhookSecret',
      { config: { telegram: { webhookSecret: SECRET } } },
      ['config', 'telegram', 'webhookSecret'],
    ],
    ['telegram.botToken (config merged into the line)', { telegram: { botToken: SECRET } }, ['telegram', 'botToken']],
    ['config.apiToken', { config: { apiToken: SECRET } }, ['config', 'apiToken']],
    ['config.database.url', { config: { database: { url: SECRET } } }, ['config', 'database', 'url']],
    ['database.url', { database: { url: SECRET } }, ['database', 'url']],
    ['config.redis.url', { config: { redis: { url: SECRET } } }, ['config', 'redis', 'url']],
    ['config.sheets.privateKey', { config: { sheets: { privateKey: SECRET } } }, ['config', 'sheets', 'privateKey']],
    ['sheets.privateKey', { sheets: { privateKey: SECRET } }, ['sheets', 'privateKey']],
    ['creds.private_key', { creds: { private_key: SECRET } }, ['creds', 'private_key']],
    ['clientUrl (MikroORM options)', { options: { clientUrl: SECRET } }, ['options', 'clientUrl']],
    ['secret_token (setWebhook payload)', { payload: { secret_token: SECRET } }, ['payload', 'secret_token']],
    ['apiKey', { temporal: { apiKey: SECRET } }, ['temporal', 'apiKey']],
    ['config.temporal.apiKey', { config: { temporal: { apiKey: SECRET } } }, ['config', 'temporal', 'apiKey']],
    ...(
      [
        'BOT_TOKEN',
        'WEBHOOK_SECRET',
        'API_TOKEN',
        'DATABASE_URL',
        'REDIS_URL',
        'SHEETS_CREDS',
        'TEMPORAL_API_KEY',
      ] as const
    ).flatMap((name): [string, Record<string, unknown>, string[]][] => [
      [name, { [name]: SECRET }, [name]],
      [`env.${name}`, { env: { [name]: SECRET } }, ['env', name]],
    ]),
    ...(['authorization', 'cookie', 'x-telegram-bot-api-secret-token'] as const).flatMap(
      (header): [string, Record<string, unknown>, string[]][] => [
        // (`req` itself goes through the request serializer, which keeps no headers at all)
        [`request.headers.${header}`, { request: { headers: { [header]: SECRET } } }, ['request', 'headers', header]],
        [`headers.${header}`, { headers: { [header]: SECRET } }, ['headers', header]],
      ],
    ),
  ];

  it.each(cases)('redacts %s', (_name, fields, path) => {
    const { logger, lines, raw } = captureApp();
    logger.child({ component: 'x' }).info(fields, 'something happened');
    expect(raw.join('')).not.toContain(SECRET);
    const value = path.reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], lines[0]);
    expect(value).toBe(REDACTED);
  });

  it('keeps what is not a secret', () => {
    const { logger, lines } = captureApp();
    logger.info({ url: 'http://localhost:3000/sandbox', ticket: { id: 7 }, headers: { 'content-type': 'x' } }, 'ok');
    expect(lines[0]).toMatchObject({
      url: 'http://localhost:3000/sandbox',
      ticket: { id: 7 },
      headers: { 'content-type': 'x' },
    });
  });

  it('masks the webhook secret in a URL', () => {
    expect(maskWebhookPath(`/webhook/${SECRET}`)).toBe('/webhook/***');
    expect(maskWebhookPath(`http://127.0.0.1:3000/webhook/${SECRET}?x=1`)).toBe(
      'http://127.0.0.1:3000/webhook/***?x=1',
    );
    expect(maskWebhookPath('/api/tickets')).toBe('/api/tickets');
  });

  async function webhookRequests(level: string) {
    const { logger, lines, raw } = captureApp(level);
    const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, logController: new RequestLogController() });
    app.post(`/webhook/${SECRET}`, async () => ({ ok: true }));
    await app.inject({
      method: 'POST',
      url: `/webhook/${SECRET}`,
      headers: { 'x-telegram-bot-api-secret-token': SECRET },
      payload: {},
    });
    await app.inject({ method: 'GET', url: `/webhook/${SECRET}` }); // 404: "Route GET:/webhook/… not found"
    await app.close();
    return { lines, raw };
  }

  it("masks the webhook path in fastify's request lines and messages", async () => {
    const { lines, raw } = await webhookRequests('debug');
    expect(raw.join('')).not.toContain(SECRET);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 20,
          msg: 'incoming request',
          req: expect.objectContaining({ method: 'POST', url: '/webhook/***' }),
        }),
        expect.objectContaining({ level: 20, msg: 'request completed', res: { statusCode: 200 } }),
        expect.objectContaining({ msg: 'Route GET:/webhook/*** not found' }),
      ]),
    );
  });

  it('logs per-request lines at debug, not info', async () => {
    const { lines } = await webhookRequests('info');
    expect(lines.map((l) => l.msg)).not.toContain('incoming request');
    expect(lines.map((l) => l.msg)).not.toContain('request completed');
  });

  it('writes JSON lines when stdout is not a terminal', () => {
    // jest's workers write to pipes: the default destination must not need a TTY.
    expect(process.stdout.isTTY).toBeFalsy();
    expect(() => createLogger('info', 'ticketflow-test').debug('not written')).not.toThrow();
  });
});
