import { Bot, type BotConfig, type Context } from 'grammy';
import type { Chat, User } from 'grammy/types';
import { type EmulatorServer, type EmulatorServerOptions, createEmulatorServer } from './server';

/** The token every bot test uses against the fake Bot API (bot id 123456). */
export const TEST_BOT_TOKEN = '123456:TEST-TOKEN-abcdefghijklmnop';

export interface FakeBotApi extends EmulatorServer {
  /** The staff forum supergroup (bot is an admin with all rights). */
  staffGroup: Chat.SupergroupChat;
  /** A workshop client who has started the private chat with the bot. */
  client: User;
  /** A technician, member of the staff group. */
  technician: User;
  /** A grammY Bot talking to this fake (not initialised: call `await bot.init()`). */
  createBot<C extends Context = Context>(config?: BotConfig<C>): Bot<C>;
}

/**
 * Starts the Telegram emulator on a free local port with a bot, a staff forum group, a client and
 * a technician. Call `close()` in afterAll/afterEach.
 */
export async function startFakeBotApi(options: EmulatorServerOptions = {}): Promise<FakeBotApi> {
  const server = await createEmulatorServer({
    webhookTimeoutMs: 10_000,
    ...options,
    bot: { token: TEST_BOT_TOKEN, firstName: 'Workshop Desk', username: 'workshop_desk_bot', ...options.bot },
  });
  const { state } = server;
  const client = state.addUser({
    first_name: 'Ivan',
    last_name: 'Petrov',
    username: 'ivan_client',
    language_code: 'ru',
  });
  const technician = state.addUser({ first_name: 'Olga', username: 'olga_tech', language_code: 'ru' });
  state.ensurePrivateChat(client);
  const staffGroup = state.createSupergroup({ title: 'Workshop staff', isForum: true, members: [technician] });

  return {
    ...server,
    staffGroup,
    client,
    technician,
    createBot<C extends Context = Context>(config: BotConfig<C> = {}) {
      return new Bot<C>(server.token, {
        ...config,
        client: { apiRoot: server.url, timeoutSeconds: 10, ...config.client },
      });
    },
  };
}
