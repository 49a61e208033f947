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
