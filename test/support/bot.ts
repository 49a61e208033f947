import type { FastifyInstance } from 'fastify';
import type { User } from 'grammy/types';
import { startTelegram, type TelegramRuntime } from '../../src/bot/runtime';
import { loadConfig, type Config } from '../../src/config';
import type { RoleSlug } from '../../src/domain';
import type { User as UserRow } from '../../src/db/entities';
import { buildHttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { botApiTracing } from '../../src/observability/tracing';
import { telegramTicketNotifier } from '../../src/notify/telegram-notifier';
import type { TelegramPacingLimits } from '../../src/telegram/pacing';
import { startFakeBotApi, TEST_BOT_TOKEN, type FakeBotApi } from '@ticketflow/telegram-emulator/testing';
import { createUser, uniqueTelegramId } from './factories';
import { testRedisUrl } from './redis';
import { actorWith, newTicket, startWorkshop, type Workshop } from './workshop';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

export interface BotHarness extends Workshop {
  telegram: FakeBotApi;
  runtime: TelegramRuntime;
  app: FastifyInstance;
  /** Base URL of the app (webhook at `${url}/webhook/<secret>`). */
  url: string;
  config: Config;
  /** A registered, active user with roles and a Telegram account in the fake (private chat started). */
  person(roles: RoleSlug[], profile?: Partial<User>): Promise<{ user: UserRow; tg: User }>;
  /** Someone Telegram knows but ticketflow does not. */
  stranger(profile?: Partial<User>): User;
  stopAll(): Promise<void>;
}

/**
 * The real app on real servers, driven like Telegram drives it: the fake Bot API delivers Update
 * JSON to the app's webhook (with the secret header) and records every call the bot makes.
 */
export async function startBotHarness(
  options: {
    timeSkipping?: boolean;
    env?: Record<string, string>;
    /** Ticket notifications: sent through the fake Bot API (default) or only recorded. */
    notifications?: 'telegram' | 'record';
    /** Extra dev-server arguments (see startWorkshop). */
    serverArgs?: string[];
    /** Outgoing pacing of the support bridge (see startWorkshop; off by default). */
    telegramPacing?: TelegramPacingLimits | false;
    /** Tracing was enabled before: a traced worker and client, a span per Bot API call (see startWorkshop). */
    traced?: boolean;
  } = {},
): Promise<BotHarness> {
  const telegram = await startFakeBotApi();
  const workshop = await startWorkshop({
    timeSkipping: options.timeSkipping,
    telegram: { token: TEST_BOT_TOKEN, apiRoot: telegram.url },
    env: options.env,
    serverArgs: options.serverArgs,
    telegramPacing: options.telegramPacing,
    traced: options.traced,
    notifier:
      options.notifications === 'record'
        ? undefined
        : (deps) => telegramTicketNotifier({ ...deps, telegram: deps.telegram! }),
  });
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: workshop.db.url,
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: workshop.config.redis.prefix,
      TEMPORAL_TASK_QUEUE: workshop.taskQueue,
      BOT_TOKEN: TEST_BOT_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      // Re-registered below once the app listens on its real port.
      WEBHOOK_URL: 'http://127.0.0.1:9',
      WEBHOOK_SECRET,
      ...options.env,
    },
    'test',
  );
  const deps = {
    config,
    logger: createLogger('silent'),
    orm: workshop.db.orm,
    redis: workshop.redis,
    temporal: workshop.temporal,
  };
  const runtime = (await startTelegram(deps))!;
  if (options.traced) runtime.bot.api.config.use(botApiTracing);
  const app = await buildHttpServer(deps, runtime);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  await runtime.bot.api.setWebhook(`${url}/webhook/${WEBHOOK_SECRET}`, { secret_token: WEBHOOK_SECRET });
  telegram.emulator.clearCalls();

  const stranger = (profile: Partial<User> = {}) => {
    const user = telegram.state.addUser({
      id: uniqueTelegramId(),
      first_name: 'Stranger',
      language_code: 'en',
      ...profile,
    });
    telegram.state.ensurePrivateChat(user);
    return user;
  };
  return {
    ...workshop,
    telegram,
    runtime,
    app,
    url,
    config,
    stranger,
    async person(roles, profile = {}) {
      const tg = stranger({ first_name: 'Tess', language_code: 'en', ...profile });
      const user = await createUser(workshop.db.orm, { roles, telegramId: tg.id, firstName: tg.first_name });
      return { user, tg };
    },
    async stopAll() {
      await app.close();
      await runtime.stop();
      await telegram.close();
      await workshop.stop();
    },
  };
}

/** A master's ticket, reviewed and assigned to a new technician who can press its buttons. */
export async function ticketAssignedToTechnician(h: BotHarness) {
  const master = await actorWith(h, ['master']);
  const { user, tg } = await h.person(['technician']);
  const { ticket } = await newTicket(h, master);
  await h.service.approveReview(master, ticket.id);
  await h.service.assign(master, ticket.id, user.id);
  return { master, user, tg, ticket };
}
