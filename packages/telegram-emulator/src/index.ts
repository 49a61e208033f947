/**
 * A stateful fake of the Telegram Bot API for the tests, the bench and the dev sandbox; never part of the production build.
 *
 *   const server = await createEmulatorServer();            // fastify on a free port
 *   const bot = new Bot(server.token, { client: { apiRoot: server.url } });
 *   const alice = server.state.addUser({ first_name: 'Alice' });
 *   await bot.api.setWebhook(url, { secret_token });         // or long-poll with bot.start()
 *   await server.emulator.userSendsText(alice, alice.id, 'hi'); // Update POSTed to the webhook
 *   server.emulator.failNext('sendMessage', 1, { kind: 'too_many_requests', retryAfter: 3 });
 *   server.emulator.onChange((event) => ...);                // message/edit/delete/topic/... events
 *
 * Layers: `EmulatorState` (pure model + events) ← `METHODS` (Bot API semantics and errors) ←
 * `TelegramEmulator` (recording, failure injection, flood control, user side, update delivery) ←
 * `createEmulatorServer` (HTTP).
 */
export { ApiError, errors, type ApiErrorBody } from './errors';
export {
  formatText,
  parseHtml,
  parseMarkdownV2,
  parseMarkdownLegacy,
  detectEntities,
  utf8Length,
  type FormattedText,
} from './formatting';
export { FileStore, type StoredFile, type FileKind } from './files';
export { parseMultipart, multipartBoundary, type UploadedFile } from './multipart';
export { UploadRef } from './params';
export {
  EmulatorState,
  DEFAULT_BOT_TOKEN,
  TOPIC_ICON_COLORS,
  type EmulatorStateOptions,
  type BotIdentityOptions,
  type ChatState,
  type MessageDraft,
  type NewUser,
  type NewGroup,
  type NewSupergroup,
  type Sender,
} from './state';
export { METHODS, canonicalMethod } from './bot-api';
export { UpdateDispatcher } from './updates';
export {
  TelegramEmulator,
  type TelegramEmulatorOptions,
  type IncomingCall,
  type UserRef,
  type ChatRef,
  type MessageRef,
  type UserMessageOptions,
  type UserMediaOptions,
  type AlbumItem,
  type SimulatedCallback,
  type SimulatedTopic,
} from './emulator';
export { createEmulatorServer, buildEmulatorApp, type EmulatorServer, type EmulatorServerOptions } from './server';
export type * from './types';
