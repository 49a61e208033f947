// HTTP side of the sandbox: the page, the state it reads, the actions a persona takes (each one a
// real Telegram update delivered to the webhook), and a server-sent-events stream of what the bot
// does. Mounted only in sandbox mode, and the app then listens on localhost only.
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { SUPPORTED_LOCALES } from '../i18n';
import type { Orm } from '../db/orm';
import type { EmulatorEvent } from '@ticketflow/telegram-emulator';
import { PERSONA_KINDS, type DemoState, type PersonaKind, type Sandbox } from './sandbox';

const publicDir = path.resolve(__dirname, 'public');
const asset = (file: string) => readFileSync(path.join(publicDir, file), 'utf8');

interface Options {
  sandbox: Sandbox;
  orm: Orm;
}

const idSchema = { type: 'integer' } as const;
const okSchema = { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } as const;

/** A tiny PNG (a 2×2 orange square) for "send a photo". */
const SAMPLE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DwHwyBNCMDAwMDAwAkBgP9yJNNVgAAAABJRU5ErkJggg==',
  'base64',
);

export const sandboxRoutes: FastifyPluginAsync<Options> = async (app, { sandbox, orm }) => {
  const { emulator, state } = sandbox.server;
  const requirePersona = (telegramId: number) => {
    const persona = sandbox.persona(telegramId);
    if (!persona) throw Object.assign(new Error(`unknown persona ${telegramId}`), { statusCode: 404 });
    return persona;
  };

  app.get('/sandbox', { schema: { hide: true } as object }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(asset('index.html')),
  );
  app.get('/sandbox/app.js', { schema: { hide: true } as object }, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').send(asset('app.js')),
  );
  app.get('/sandbox/style.css', { schema: { hide: true } as object }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').send(asset('style.css')),
  );

  // While the demo loads, no personas yet: the page says so and reloads when the demo is ready.
  app.get('/sandbox/api/personas', { schema: { hide: true } as object }, async () => ({
    personas: sandbox.demo() === 'loading' ? [] : sandbox.personas(),
    kinds: PERSONA_KINDS,
    demo: sandbox.demo(),
  }));

  app.post<{ Body: { name: string; kind: PersonaKind; languageCode?: string } }>(
    '/sandbox/api/personas',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name', 'kind'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 64 },
            kind: { type: 'string', enum: [...PERSONA_KINDS] },
            languageCode: { type: 'string', enum: [...SUPPORTED_LOCALES] },
          },
        },
      },
    },
    async (request) => ({ persona: await sandbox.createPersona(orm.em.fork(), request.body) }),
  );

  app.get<{ Params: { telegramId: number } }>(
    '/sandbox/api/personas/:telegramId/chats',
    { schema: { params: { type: 'object', properties: { telegramId: idSchema } } } },
    async (request) => {
      requirePersona(request.params.telegramId);
      return {
        chats: sandbox.chatsOf(request.params.telegramId),
        keyboard: state.chat(request.params.telegramId)?.replyKeyboard ?? null,
      };
    },
  );

  app.get<{ Params: { chatId: number }; Querystring: { thread?: number } }>(
    '/sandbox/api/chats/:chatId/messages',
    {
      schema: {
        params: { type: 'object', properties: { chatId: idSchema } },
        querystring: { type: 'object', properties: { thread: { type: 'integer' } } },
      },
    },
    async (request) => {
      const { chatId } = request.params;
      const chat = state.chat(chatId);
      if (!chat) throw Object.assign(new Error('chat not found'), { statusCode: 404 });
      const thread = request.query.thread;
      const messages =
        chat.chat.type === 'supergroup' && chat.chat.is_forum
          ? state.messages(chatId, thread ?? 'general')
          : state.messages(chatId);
      return { messages };
    },
  );

  app.get<{ Params: { fileId: string } }>(
    '/sandbox/api/files/:fileId',
    { schema: { hide: true } as object },
    async (request, reply) => {
      const file = state.files.get(request.params.fileId);
      if (!file?.data) return reply.code(404).send({ error: 'no such file' });
      return reply.type(file.mime_type ?? 'application/octet-stream').send(file.data);
    },
  );

  const actionBody = (extra: Record<string, unknown>, required: string[]) => ({
    body: {
      type: 'object',
      required: ['telegramId', 'chatId', ...required],
      properties: {
        telegramId: idSchema,
        chatId: idSchema,
        threadId: { type: 'integer' },
        replyTo: { type: 'integer' },
        ...extra,
      },
    },
    response: okSchema,
  });

  app.post<{ Body: { telegramId: number; chatId: number; threadId?: number; replyTo?: number; text: string } }>(
    '/sandbox/api/send',
    { schema: actionBody({ text: { type: 'string', minLength: 1, maxLength: 4096 } }, ['text']) },
    async (request) => {
      const { telegramId, chatId, threadId, replyTo, text } = request.body;
      requirePersona(telegramId);
      await emulator.userSendsText(telegramId, chatId, text, { threadId, replyTo });
      return { ok: true };
    },
  );

  app.post<{ Body: { telegramId: number; chatId: number; threadId?: number; caption?: string } }>(
    '/sandbox/api/photo',
    { schema: actionBody({ caption: { type: 'string', maxLength: 1024 } }, []) },
    async (request) => {
      const { telegramId, chatId, threadId, caption } = request.body;
      requirePersona(telegramId);
      await emulator.userSendsPhoto(telegramId, chatId, {
        threadId,
        caption,
        bytes: SAMPLE_PNG,
        filename: 'photo.png',
      });
      return { ok: true };
    },
  );

  app.post<{ Body: { telegramId: number; chatId: number; messageId: number; data: string } }>(
    '/sandbox/api/press',
    {
      schema: actionBody({ messageId: idSchema, data: { type: 'string', minLength: 1, maxLength: 64 } }, [
        'messageId',
        'data',
      ]),
    },
    async (request) => {
      const { telegramId, chatId, messageId, data } = request.body;
      requirePersona(telegramId);
      await emulator.userPressesButton(telegramId, { chatId, messageId }, data);
      return { ok: true };
    },
  );

  app.post<{ Body: { telegramId: number; chatId: number } }>(
    '/sandbox/api/contact',
    { schema: actionBody({}, []) },
    async (request) => {
      requirePersona(request.body.telegramId);
      await emulator.userSharesContact(request.body.telegramId, request.body.telegramId);
      return { ok: true };
    },
  );

  // Live updates: every change the bot makes, and the demo's state (first its current one), as
  // server-sent events.
  const streams = new Set<ServerResponse>();
  // An open page must not hold the server open on Ctrl-C (its event stream never goes idle).
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
  app.get('/sandbox/api/events', { schema: { hide: true } as object }, (request, reply) => {
    reply.hijack();
    streams.add(reply.raw);
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    reply.raw.write(': connected\n\n');
    const sendDemo = (state: DemoState | null) =>
      reply.raw.write(`data: ${JSON.stringify({ type: 'demo', state })}\n\n`);
    sendDemo(sandbox.demo());
    const send = (event: EmulatorEvent) => {
      if (event.type === 'update') return;
      const chatId = 'chatId' in event ? event.chatId : undefined;
      const payload =
        event.type === 'callback_answer'
          ? { type: event.type, chatId, answer: event.answer }
          : { type: event.type, chatId, threadId: 'threadId' in event ? event.threadId : undefined };
      reply.raw.write(`data: ${JSON.stringify(payload)}\n\n`);
    };
    const unsubscribe = emulator.onChange(send);
    const unsubscribeDemo = sandbox.onDemo(sendDemo);
    const keepAlive = setInterval(() => reply.raw.write(': ping\n\n'), 15_000);
    request.raw.on('close', () => {
      streams.delete(reply.raw);
      clearInterval(keepAlive);
      unsubscribe();
      unsubscribeDemo();
    });
  });
};
