import type {
  BotCommand,
  ChatFullInfo,
  ChatMember,
  ForumTopic,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  MessageId,
  MessageOrigin,
  ReplyKeyboardMarkup,
  ReplyParameters,
} from 'grammy/types';
import { errors } from './errors';
import type { FileKind, StoredFile } from './files';
import { imageSize } from './files';
import { type FormattedText, formatText, utf8Length } from './formatting';
import { Params, UploadRef } from './params';
import {
  CONTENT_KEYS,
  type ChatState,
  type EmulatorState,
  type MessageContent,
  type ReplyTarget,
  type Sender,
  TOPIC_ICON_COLORS,
  hasMedia,
  isServiceMessage,
} from './state';
import type { UpdateDispatcher } from './updates';

export interface ApiContext {
  state: EmulatorState;
  updates: UpdateDispatcher;
  /** Callback queries older than this can no longer be answered (Telegram: a few seconds to minutes). */
  callbackQueryTtlMs?: number;
}

/** A result with the `description` Telegram adds to some successful answers ("Webhook was set"). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

type Handler = (p: Params, ctx: ApiContext) => unknown;

const BOT: Sender = { kind: 'bot' };
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);
const INLINE_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;
/** InputMedia as it arrives (media: an upload, a file_id or a URL). */
interface IncomingMedia {
  type: string;
  media: unknown;
  caption?: string;
  parse_mode?: string;
  caption_entities?: unknown;
  width?: number;
  height?: number;
  duration?: number;
  has_spoiler?: boolean;
}

const MEDIA_KEYS = ['photo', 'document', 'video', 'voice', 'audio', 'animation', 'video_note', 'sticker'] as const;

// ---------------------------------------------------------------------------------------------
// Chats, threads, replies, markup

/** A chat the bot wants to write to, with Telegram's 400/403 answers when it can't. */
function writableChat(state: EmulatorState, ref: number | string): ChatState {
  const rec = state.chat(ref);
  if (!rec) {
    if (typeof ref === 'number' && ref > 0 && state.getUser(ref)) throw errors.cantInitiateConversation();
    throw errors.chatNotFound();
  }
  if (rec.chat.type === 'private') {
    if (!rec.started) throw errors.cantInitiateConversation();
    if (rec.blocked) throw errors.botBlocked();
  } else if (rec.botStatus === 'kicked') {
    throw errors.botKicked(rec.chat.type === 'group' ? 'group' : 'supergroup');
  } else if (rec.botStatus === 'left') {
    throw errors.botNotMember();
  }
  return rec;
}

function knownChat(state: EmulatorState, ref: number | string): ChatState {
  const rec = state.chat(ref);
  if (!rec) throw errors.chatNotFound();
  return rec;
}

function readReply(p: Params): ReplyTarget | undefined {
  const rp = p.optJson<ReplyParameters>('reply_parameters');
  if (rp && typeof rp === 'object' && typeof rp.message_id === 'number') {
    return {
      messageId: rp.message_id,
      allowSendingWithoutReply: rp.allow_sending_without_reply ?? p.bool('allow_sending_without_reply'),
    };
  }
  const legacy = p.optInt('reply_to_message_id');
  return legacy === undefined
    ? undefined
    : { messageId: legacy, allowSendingWithoutReply: p.bool('allow_sending_without_reply') };
}

interface Markup {
  inline?: InlineKeyboardMarkup;
  replyKeyboard?: ReplyKeyboardMarkup;
  removeKeyboard?: boolean;
}

/** The reply markup of a message to a chat of this type. */
function readMarkup(p: Params, chatType: string, inlineOnly = false): Markup {
  const raw = p.optJson<unknown>('reply_markup');
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw errors.cantParseReplyMarkup();
  const obj = raw as Record<string, unknown>;
  if ('inline_keyboard' in obj) return { inline: validateInlineKeyboard(obj.inline_keyboard, chatType) };
  if (inlineOnly) throw errors.badRequest('inline keyboard expected');
  if ('keyboard' in obj) {
    const rows = obj.keyboard;
    if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) throw errors.cantParseReplyMarkup();
    for (const row of rows as unknown[][]) {
      for (const b of row) {
        if (
          typeof b !== 'string' &&
          (typeof b !== 'object' || b === null || typeof (b as { text?: unknown }).text !== 'string')
        ) {
          throw errors.badRequest("can't parse keyboard button: KeyboardButton must be a String or an Object");
        }
      }
    }
    return { replyKeyboard: structuredClone(obj) as unknown as ReplyKeyboardMarkup };
  }
  if (obj.remove_keyboard === true) return { removeKeyboard: true };
  if (obj.force_reply === true) return {};
  throw errors.cantParseReplyMarkup();
}

/** Telegram's checks of an inline keyboard; web_app buttons only in private chats, and only https. */
function validateInlineKeyboard(rows: unknown, chatType: string): InlineKeyboardMarkup {
  if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) {
    throw errors.badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  for (const row of rows as unknown[][]) {
    for (const button of row) {
      if (typeof button !== 'object' || button === null) {
        throw errors.badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
      }
      const b = button as Record<string, unknown>;
      if (typeof b.text !== 'string') throw errors.inlineButtonField('text', 'String');
      const actions = INLINE_ACTIONS.filter((k) => b[k] !== undefined);
      if (actions.length === 0) throw errors.textButtonsUnallowed();
      if (b.callback_data !== undefined) {
        if (typeof b.callback_data !== 'string') throw errors.inlineButtonField('callback_data', 'String');
        const bytes = utf8Length(b.callback_data);
        if (bytes < 1 || bytes > 64) throw errors.buttonDataInvalid();
      }
      if (b.url !== undefined && (typeof b.url !== 'string' || !isButtonUrl(b.url))) throw errors.buttonUrlInvalid();
      if (b.web_app !== undefined) {
        if (chatType !== 'private') throw errors.buttonTypeInvalid();
        const url = (b.web_app as { url?: unknown } | null)?.url;
        if (typeof url !== 'string' || !url.startsWith('https://')) throw errors.webAppUrlInvalid(String(url));
      }
    }
  }
  return { inline_keyboard: structuredClone(rows) as InlineKeyboardButton[][] };
}

function isButtonUrl(url: string): boolean {
  try {
    return ['http:', 'https:', 'tg:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

function nonEmptyKeyboard(m: InlineKeyboardMarkup | undefined): InlineKeyboardMarkup | undefined {
  return m && m.inline_keyboard.some((row) => row.length > 0) ? m : undefined;
}

// ---------------------------------------------------------------------------------------------
// Text, captions, media

function readText(p: Params, forEdit: boolean): FormattedText {
  const raw = p.optStr('text');
  if (raw === undefined) throw errors.textEmpty();
  const f = formatText(raw, p.optStr('parse_mode'), p.optJson<MessageEntity[]>('entities'));
  if (f.text.trim() === '') throw errors.textEmpty();
  if (f.text.length > MAX_TEXT) throw forEdit ? errors.editedTextTooLong() : errors.textTooLong();
  return f;
}

function readCaption(source: {
  caption?: unknown;
  parse_mode?: unknown;
  caption_entities?: unknown;
}): FormattedText | undefined {
  if (source.caption === undefined || source.caption === null) return undefined;
  const entities =
    typeof source.caption_entities === 'string' ? safeJson(source.caption_entities) : source.caption_entities;
  const f = formatText(
    String(source.caption),
    typeof source.parse_mode === 'string' ? source.parse_mode : undefined,
    Array.isArray(entities) ? (entities as MessageEntity[]) : undefined,
  );
  if (f.text.length > MAX_CAPTION) throw errors.captionTooLong();
  return f.text.trim() === '' ? undefined : f;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    throw errors.cantParseJson('caption_entities');
  }
}

function textContent(f: FormattedText): MessageContent {
  return f.entities.length > 0 ? { text: f.text, entities: f.entities } : { text: f.text };
}

function captionPatch(f: FormattedText | undefined): Pick<Message, 'caption' | 'caption_entities'> {
  return { caption: f?.text, caption_entities: f && f.entities.length > 0 ? f.entities : undefined };
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

interface MediaExtras {
  duration?: number;
  width?: number;
  height?: number;
  emoji?: string;
  performer?: string;
  title?: string;
}

/** Stores an uploaded file, registers a URL, or finds a file_id (400 when unknown). */
function resolveFile(state: EmulatorState, kind: FileKind, input: UploadRef | string, extras: MediaExtras): StoredFile {
  if (input instanceof UploadRef) {
    const size = kind === 'photo' || kind === 'sticker' ? imageSize(input.file.data) : undefined;
    return state.files.add({
      kind,
      source: 'upload',
      data: input.file.data,
      filename: input.file.filename,
      ...(input.file.contentType && input.file.contentType !== 'application/octet-stream'
        ? { mimeType: input.file.contentType }
        : {}),
      ...(size ?? {}),
      ...(extras.width !== undefined ? { width: extras.width } : {}),
      ...(extras.height !== undefined ? { height: extras.height } : {}),
      ...(extras.duration !== undefined ? { duration: extras.duration } : {}),
    });
  }
  if (/^https?:\/\//i.test(input)) {
    const name = decodeURIComponent(new URL(input).pathname.split('/').pop() ?? '') || undefined;
    return state.files.add({ kind, source: 'url', url: input, ...(name ? { filename: name } : {}) });
  }
  const existing = state.files.get(input);
  if (!existing) throw errors.wrongFileId();
  return existing;
}

/** The message field(s) for a stored file of the given kind. */
export function mediaContent(
  state: EmulatorState,
  kind: FileKind,
  f: StoredFile,
  extras: MediaExtras = {},
): MessageContent {
  const base = withoutUndefined({ file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.file_size });
  switch (kind) {
    case 'photo':
      return { photo: state.files.photoSizes(f) };
    case 'document':
      return { document: withoutUndefined({ ...base, file_name: f.file_name, mime_type: f.mime_type }) };
    case 'voice':
      return {
        voice: withoutUndefined({ ...base, duration: extras.duration ?? f.duration ?? 1, mime_type: 'audio/ogg' }),
      };
    case 'video':
      return {
        video: withoutUndefined({
          ...base,
          width: extras.width ?? f.width ?? 1280,
          height: extras.height ?? f.height ?? 720,
          duration: extras.duration ?? f.duration ?? 1,
          file_name: f.file_name,
          mime_type: f.mime_type ?? 'video/mp4',
        }),
      };
    case 'animation':
      return {
        animation: withoutUndefined({
          ...base,
          width: extras.width ?? f.width ?? 320,
          height: extras.height ?? f.height ?? 240,
          duration: extras.duration ?? f.duration ?? 1,
          file_name: f.file_name,
          mime_type: f.mime_type ?? 'video/mp4',
        }),
      };
    case 'audio':
      return {
        audio: withoutUndefined({
          ...base,
          duration: extras.duration ?? f.duration ?? 1,
          performer: extras.performer,
          title: extras.title,
          file_name: f.file_name,
          mime_type: f.mime_type ?? 'audio/mpeg',
        }),
      };
    case 'video_note':
      return {
        video_note: withoutUndefined({
          ...base,
          length: extras.width ?? 240,
          duration: extras.duration ?? f.duration ?? 1,
        }),
      };
    case 'sticker':
      return {
        sticker: withoutUndefined({
          ...base,
          type: 'regular' as const,
          width: f.width ?? 512,
          height: f.height ?? 512,
          is_animated: false,
          is_video: false,
          emoji: extras.emoji,
        }),
      };
  }
}

function readExtras(p: Params): MediaExtras {
  return withoutUndefined({
    duration: p.optInt('duration'),
    width: p.optInt('width'),
    height: p.optInt('height'),
    emoji: p.optStr('emoji'),
    performer: p.optStr('performer'),
    title: p.optStr('title'),
  });
}

/** Adds a bot message with the common send options (thread, reply, markup, protect_content). */
function addBotMessage(
  ctx: ApiContext,
  rec: ChatState,
  p: Params,
  content: MessageContent,
  markup: Markup,
  mediaGroupId?: string,
): Message {
  const message = ctx.state.addMessage(rec.chat.id, {
    sender: BOT,
    content,
    ...optional('threadId', p.optInt('message_thread_id')),
    ...optional('replyTo', readReply(p)),
    ...optional('replyMarkup', nonEmptyKeyboard(markup.inline)),
    ...optional('mediaGroupId', mediaGroupId),
    protectContent: p.bool('protect_content'),
  });
  applyReplyKeyboard(ctx.state, rec, markup);
  return message;
}

function applyReplyKeyboard(state: EmulatorState, rec: ChatState, markup: Markup): void {
  if (markup.replyKeyboard) state.setReplyKeyboard(rec.chat.id, markup.replyKeyboard);
  else if (markup.removeKeyboard) state.setReplyKeyboard(rec.chat.id, undefined);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function sendMedia(kind: FileKind): Handler {
  return (p, ctx) => {
    const rec = writableChat(ctx.state, p.chatId());
    const input = p.optFile(kind);
    if (input === undefined) throw errors.badRequest(`there is no ${kind} in the request`);
    const caption = kind === 'sticker' || kind === 'video_note' ? undefined : readCaption(p.raw);
    const markup = readMarkup(p, rec.chat.type);
    const extras = readExtras(p);
    const file = resolveFile(ctx.state, kind, input, extras);
    const content: MessageContent = {
      ...mediaContent(ctx.state, kind, file, extras),
      ...withoutUndefined(captionPatch(caption)),
    };
    if (p.bool('has_spoiler')) content.has_media_spoiler = true;
    if (p.bool('show_caption_above_media')) content.show_caption_above_media = true;
    return addBotMessage(ctx, rec, p, content, markup);
  };
}

// ---------------------------------------------------------------------------------------------
// Editing

function editableMessage(ctx: ApiContext, p: Params): { rec: ChatState; message: Message } {
  if (p.has('inline_message_id') && !p.has('chat_id')) throw errors.badRequest('MESSAGE_ID_INVALID');
  const rec = writableChat(ctx.state, p.chatId());
  const id = p.int('message_id');
  const message = rec.messages.get(id);
  if (!message) throw errors.messageToEditNotFound();
  if (message.from?.id !== ctx.state.bot.id || message.forward_origin || isServiceMessage(message)) {
    throw errors.messageCantBeEdited();
  }
  return { rec, message };
}

function sameJson(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

const sameEntities = (a: MessageEntity[] | undefined, b: MessageEntity[] | undefined) => sameJson(a ?? [], b ?? []);

// ---------------------------------------------------------------------------------------------
// Copies and forwards

function copyContent(src: Message): MessageContent {
  const content: Record<string, unknown> = {};
  for (const k of CONTENT_KEYS) if (src[k] !== undefined) content[k] = structuredClone(src[k]);
  return content as MessageContent;
}

function originOf(state: EmulatorState, src: Message): MessageOrigin {
  if (src.forward_origin) return structuredClone(src.forward_origin);
  if (src.from) return { type: 'user', sender_user: structuredClone(src.from), date: src.date };
  return { type: 'hidden_user', sender_user_name: state.bot.first_name, date: src.date };
}

function readMessageIds(p: Params): number[] {
  const ids = p.optJson<unknown>('message_ids');
  if (!Array.isArray(ids) || ids.length === 0) throw errors.messageIdNotSpecified();
  if (ids.length > 100) throw errors.tooManyMessageIds();
  if (!ids.every((id) => Number.isInteger(id))) throw errors.invalidParameter('message_ids');
  for (let i = 1; i < ids.length; i += 1)
    if ((ids[i] as number) <= (ids[i - 1] as number)) throw errors.messageIdsNotIncreasing();
  return ids as number[];
}

function copyMany(p: Params, ctx: ApiContext, mode: 'copy' | 'forward'): MessageId[] {
  const rec = writableChat(ctx.state, p.chatId());
  const from = knownChat(ctx.state, p.chatId('from_chat_id'));
  const ids = readMessageIds(p);
  const removeCaption = mode === 'copy' && p.bool('remove_caption');
  const groups = new Map<string, string>();
  const result: MessageId[] = [];
  for (const id of ids) {
    const src = from.messages.get(id);
    if (!src || isServiceMessage(src) || src.has_protected_content) continue;
    const content = copyContent(src);
    if (removeCaption) {
      delete content.caption;
      delete content.caption_entities;
    }
    let groupId: string | undefined;
    if (src.media_group_id) {
      groupId = groups.get(src.media_group_id) ?? ctx.state.newMediaGroupId();
      groups.set(src.media_group_id, groupId);
    }
    const message = ctx.state.addMessage(rec.chat.id, {
      sender: BOT,
      content,
      ...optional('threadId', p.optInt('message_thread_id')),
      ...optional('mediaGroupId', groupId),
      ...(mode === 'forward' ? { forwardOrigin: originOf(ctx.state, src) } : {}),
      protectContent: p.bool('protect_content'),
    });
    result.push({ message_id: message.message_id });
  }
  if (result.length === 0) throw mode === 'copy' ? errors.noMessagesToCopy() : errors.noMessagesToForward();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Topics

function forumChat(ctx: ApiContext, p: Params): ChatState {
  const rec = writableChat(ctx.state, p.chatId());
  const isForum =
    (rec.chat.type === 'supergroup' && rec.chat.is_forum === true) ||
    (rec.chat.type === 'private' && ctx.state.bot.has_topics_enabled);
  if (!isForum) throw errors.notAForum();
  return rec;
}

function managedTopic(ctx: ApiContext, rec: ChatState, p: Params, right: 'can_manage_topics' | 'can_delete_messages') {
  const threadId = p.int('message_thread_id');
  const topic = rec.topics.get(threadId);
  if (!topic || topic.deleted) throw errors.topicIdInvalid();
  const isAdmin = rec.chat.type === 'private' || (rec.botStatus === 'administrator' && rec.botRights[right]);
  if (!isAdmin && !(right === 'can_manage_topics' && topic.created_by === ctx.state.bot.id)) {
    throw errors.badRequest('not enough rights to manage topics');
  }
  return { threadId, topic };
}

function topicJson(t: {
  message_thread_id: number;
  name: string;
  icon_color: number;
  icon_custom_emoji_id?: string;
}): ForumTopic {
  const topic: ForumTopic = { message_thread_id: t.message_thread_id, name: t.name, icon_color: t.icon_color };
  if (t.icon_custom_emoji_id) topic.icon_custom_emoji_id = t.icon_custom_emoji_id;
  return topic;
}

// ---------------------------------------------------------------------------------------------
// Commands

function commandsKey(p: Params): string {
  const scope = p.optJson<Record<string, unknown>>('scope') ?? { type: 'default' };
  return `${stableStringify(scope)}|${p.optStr('language_code') ?? ''}`;
}

// ---------------------------------------------------------------------------------------------
// The methods

export const METHODS: Record<string, Handler> = {
  getMe: (_p, ctx) => structuredClone(ctx.state.bot),

  // Webhook and updates
  setWebhook: (p, ctx) => {
    const url = p.optStr('url') ?? '';
    if (url === '') return deleteWebhook(p, ctx);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw errors.webhookUrlInvalid();
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw errors.webhookUrlInvalid();
    const secret = p.optStr('secret_token');
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw errors.webhookSecretInvalid();
    const maxConnections = p.optInt('max_connections') ?? 40;
    if (maxConnections < 1 || maxConnections > 100) throw errors.badRequest('invalid max_connections specified');
    const allowed = p.optJson<string[]>('allowed_updates');
    const previous = ctx.state.webhook;
    const next = withoutUndefined({
      url,
      secret_token: secret,
      max_connections: maxConnections,
      allowed_updates: allowed && allowed.length > 0 ? allowed : undefined,
      ip_address: '127.0.0.1',
    });
    if (p.bool('drop_pending_updates')) ctx.updates.dropPending();
    if (allowed !== undefined) ctx.updates.setAllowedUpdates(allowed);
    const same = previous && sameJson({ ...previous, last_error_date: undefined, last_error_message: undefined }, next);
    ctx.state.webhook = same ? previous : next;
    if (!same && ctx.updates.pendingCount() > 0) setTimeout(() => void ctx.updates.flushPendingToWebhook(), 0);
    return new Described(true, same ? 'Webhook is already set' : 'Webhook was set');
  },
  deleteWebhook: (p, ctx) => deleteWebhook(p, ctx),
  getWebhookInfo: (_p, ctx) => {
    const hook = ctx.state.webhook;
    return withoutUndefined({
      url: hook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: ctx.updates.pendingCount(),
      ip_address: hook?.ip_address,
      last_error_date: hook?.last_error_date,
      last_error_message: hook?.last_error_message,
      max_connections: hook?.max_connections,
      allowed_updates: hook?.allowed_updates,
    });
  },
  getUpdates: (p, ctx) => {
    const allowed = p.optJson<string[]>('allowed_updates');
    if (allowed !== undefined) ctx.updates.setAllowedUpdates(allowed);
    return ctx.updates.getUpdates(
      withoutUndefined({ offset: p.optInt('offset'), limit: p.optInt('limit'), timeoutSeconds: p.optInt('timeout') }),
    );
  },

  // Commands
  setMyCommands: (p, ctx) => {
    const commands = p.optJson<BotCommand[]>('commands');
    if (!Array.isArray(commands)) throw errors.parameterRequired('commands');
    if (commands.length > 100) throw errors.tooManyCommands();
    for (const c of commands) {
      if (typeof c?.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw errors.botCommandInvalid();
      if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
        throw errors.botCommandDescriptionInvalid();
      }
    }
    ctx.state.commands.set(
      commandsKey(p),
      commands.map((c) => ({ command: c.command, description: c.description })),
    );
    return true;
  },
  deleteMyCommands: (p, ctx) => {
    ctx.state.commands.delete(commandsKey(p));
    return true;
  },
  getMyCommands: (p, ctx) => structuredClone(ctx.state.commands.get(commandsKey(p)) ?? []),
  // The menu button is only recorded (calls('setChatMenuButton')); a web_app one needs an https URL.
  setChatMenuButton: (p) => {
    const button = p.optJson<{ type?: string; text?: string; web_app?: { url?: string } }>('menu_button');
    if (button === undefined) return true;
    if (!['commands', 'web_app', 'default'].includes(button.type ?? '')) throw errors.invalidParameter('menu_button');
    if (button.type === 'web_app' && !(button.text && button.web_app?.url?.startsWith('https://'))) {
      throw errors.badRequest('BUTTON_URL_INVALID');
    }
    return true;
  },

  // Sending
  sendMessage: (p, ctx) => {
    const rec = writableChat(ctx.state, p.chatId());
    const text = readText(p, false);
    return addBotMessage(ctx, rec, p, textContent(text), readMarkup(p, rec.chat.type));
  },
  sendPhoto: sendMedia('photo'),
  sendDocument: sendMedia('document'),
  sendVoice: sendMedia('voice'),
  sendVideo: sendMedia('video'),
  sendAudio: sendMedia('audio'),
  sendAnimation: sendMedia('animation'),
  sendVideoNote: sendMedia('video_note'),
  sendSticker: sendMedia('sticker'),
  sendContact: (p, ctx) => {
    const rec = writableChat(ctx.state, p.chatId());
    const contact = withoutUndefined({
      phone_number: p.str('phone_number'),
      first_name: p.str('first_name'),
      last_name: p.optStr('last_name'),
      vcard: p.optStr('vcard'),
    });
    return addBotMessage(ctx, rec, p, { contact }, readMarkup(p, rec.chat.type));
  },
  sendMediaGroup: (p, ctx) => {
    const rec = writableChat(ctx.state, p.chatId());
    const media = p.optJson<IncomingMedia[]>('media');
    if (!Array.isArray(media)) throw errors.parameterRequired('media');
    if (media.length > 10) throw errors.albumTooBig();
    if (media.length < 2) throw errors.albumTooSmall();
    const types = new Set(media.map((m) => m?.type));
    const visual = [...types].every((t) => t === 'photo' || t === 'video');
    if (!visual && !(types.size === 1 && (types.has('document') || types.has('audio')))) throw errors.albumMixedTypes();
    const contents = media.map((item) => {
      const input = item.media as unknown;
      if (!(input instanceof UploadRef) && (typeof input !== 'string' || input === '')) throw errors.wrongFileId();
      const kind = item.type as FileKind;
      const extras = withoutUndefined({ width: item.width, height: item.height, duration: item.duration });
      const file = resolveFile(ctx.state, kind, input as UploadRef | string, extras);
      const content: MessageContent = {
        ...mediaContent(ctx.state, kind, file, extras),
        ...withoutUndefined(captionPatch(readCaption(item))),
      };
      if (item.has_spoiler) content.has_media_spoiler = true;
      return content;
    });
    const groupId = ctx.state.newMediaGroupId();
    return contents.map((content) => addBotMessage(ctx, rec, p, content, {}, groupId));
  },
  sendChatAction: (p, ctx) => {
    const rec = writableChat(ctx.state, p.chatId());
    const action = p.str('action');
    if (!CHAT_ACTIONS.has(action)) throw errors.wrongChatAction();
    const threadId = p.optInt('message_thread_id');
    if (threadId !== undefined && ctx.state.isForum(rec)) {
      const topic = rec.topics.get(threadId);
      if (!topic || topic.deleted) throw errors.threadNotFound();
    }
    ctx.state.setChatAction(rec.chat.id, action, threadId);
    return true;
  },

  // Copies and forwards
  copyMessage: (p, ctx) => {
    const rec = writableChat(ctx.state, p.chatId());
    const from = knownChat(ctx.state, p.chatId('from_chat_id'));
    const src = from.messages.get(p.int('message_id'));
    if (!src) throw errors.messageToCopyNotFound();
    if (isServiceMessage(src) || src.has_protected_content) throw errors.messageCantBeCopied();
    const content = copyContent(src);
    if (hasMedia(src)) {
      if (p.bool('remove_caption')) {
        delete content.caption;
        delete content.caption_entities;
      } else if (p.raw.caption !== undefined) {
        const caption = readCaption(p.raw);
        delete content.caption;
        delete content.caption_entities;
        Object.assign(content, withoutUndefined(captionPatch(caption)));
      }
      if (p.bool('show_caption_above_media')) content.show_caption_above_media = true;
    }
    const message = addBotMessage(ctx, rec, p, content, readMarkup(p, rec.chat.type));
    return { message_id: message.message_id } satisfies MessageId;
  },
  copyMessages: (p, ctx) => copyMany(p, ctx, 'copy'),
  forwardMessage: (p, ctx) => {
    const rec = writableChat(ctx.state, p.chatId());
    const from = knownChat(ctx.state, p.chatId('from_chat_id'));
    const src = from.messages.get(p.int('message_id'));
    if (!src) throw errors.messageToForwardNotFound();
    if (isServiceMessage(src) || src.has_protected_content) throw errors.messageCantBeForwarded();
    return ctx.state.addMessage(rec.chat.id, {
      sender: BOT,
      content: copyContent(src),
      ...optional('threadId', p.optInt('message_thread_id')),
      forwardOrigin: originOf(ctx.state, src),
      protectContent: p.bool('protect_content'),
    });
  },
  forwardMessages: (p, ctx) => copyMany(p, ctx, 'forward'),

  // Editing
  editMessageText: (p, ctx) => {
    const { rec, message } = editableMessage(ctx, p);
    if (message.text === undefined) throw errors.noTextToEdit();
    const text = readText(p, true);
    const markup = nonEmptyKeyboard(readMarkup(p, rec.chat.type, true).inline);
    if (
      message.text === text.text &&
      sameEntities(message.entities, text.entities) &&
      sameJson(message.reply_markup, markup)
    ) {
      throw errors.notModified();
    }
    return ctx.state.editMessage(rec.chat.id, message.message_id, {
      text: text.text,
      entities: text.entities.length > 0 ? text.entities : undefined,
      reply_markup: markup,
    });
  },
  editMessageCaption: (p, ctx) => {
    const { rec, message } = editableMessage(ctx, p);
    if (!hasMedia(message) || message.sticker || message.video_note) throw errors.noCaptionToEdit();
    const caption = readCaption(p.raw);
    const markup = nonEmptyKeyboard(readMarkup(p, rec.chat.type, true).inline);
    const patch = captionPatch(caption);
    if (
      message.caption === patch.caption &&
      sameEntities(message.caption_entities, patch.caption_entities) &&
      sameJson(message.reply_markup, markup)
    ) {
      throw errors.notModified();
    }
    return ctx.state.editMessage(rec.chat.id, message.message_id, { ...patch, reply_markup: markup });
  },
  editMessageMedia: (p, ctx) => {
    const { rec, message } = editableMessage(ctx, p);
    if (!hasMedia(message)) throw errors.noMediaToEdit();
    const media = p.optJson<IncomingMedia>('media');
    if (!media || typeof media !== 'object') throw errors.parameterRequired('media');
    const kind = media.type as FileKind;
    if (!['photo', 'video', 'document', 'audio', 'animation'].includes(kind))
      throw errors.badRequest('unsupported media type');
    const input = media.media as unknown;
    if (!(input instanceof UploadRef) && (typeof input !== 'string' || input === '')) throw errors.wrongFileId();
    const caption = readCaption(media);
    const markup = nonEmptyKeyboard(readMarkup(p, rec.chat.type, true).inline);
    const currentFileId = currentMediaFileId(message);
    if (
      typeof input === 'string' &&
      input === currentFileId &&
      message.caption === caption?.text &&
      sameEntities(message.caption_entities, caption?.entities) &&
      sameJson(message.reply_markup, markup)
    ) {
      throw errors.notModified();
    }
    const file = resolveFile(ctx.state, kind, input as UploadRef | string, {});
    const patch: Partial<Message> = {};
    for (const k of MEDIA_KEYS) (patch as Record<string, unknown>)[k] = undefined;
    Object.assign(patch, mediaContent(ctx.state, kind, file), captionPatch(caption), { reply_markup: markup });
    return ctx.state.editMessage(rec.chat.id, message.message_id, patch);
  },
  editMessageReplyMarkup: (p, ctx) => {
    const { rec, message } = editableMessage(ctx, p);
    const markup = nonEmptyKeyboard(readMarkup(p, rec.chat.type, true).inline);
    if (sameJson(message.reply_markup, markup)) throw errors.notModified();
    return ctx.state.editMessage(rec.chat.id, message.message_id, { reply_markup: markup }, { setEditDate: false });
  },

  // Deleting
  deleteMessage: (p, ctx) => {
    const rec = knownChat(ctx.state, p.chatId());
    const message = rec.messages.get(p.int('message_id'));
    if (!message) throw errors.messageToDeleteNotFound();
    if (!canDelete(ctx, rec, message)) throw errors.messageCantBeDeleted();
    ctx.state.deleteMessages(rec.chat.id, [message.message_id]);
    return true;
  },
  deleteMessages: (p, ctx) => {
    const rec = knownChat(ctx.state, p.chatId());
    const ids = readMessageIds(p);
    const deletable = ids.filter((id) => {
      const m = rec.messages.get(id);
      return m !== undefined && canDelete(ctx, rec, m);
    });
    if (deletable.length === 0) throw errors.messageToDeleteNotFound();
    ctx.state.deleteMessages(rec.chat.id, deletable);
    return true;
  },

  // Pins
  pinChatMessage: (p, ctx) => {
    const rec = writableChat(ctx.state, p.chatId());
    const message = rec.messages.get(p.int('message_id'));
    if (!message) throw errors.badRequest('message to pin not found');
    if (rec.chat.type !== 'private' && !(rec.botStatus === 'administrator' && rec.botRights.can_pin_messages)) {
      throw errors.badRequest('not enough rights to manage pinned messages in the chat');
    }
    rec.pinnedMessageIds = [...rec.pinnedMessageIds.filter((id) => id !== message.message_id), message.message_id];
    if (!p.bool('disable_notification') || rec.chat.type !== 'private') {
      const { reply_to_message: _r, ...pinned } = message;
      ctx.state.addMessage(rec.chat.id, {
        sender: BOT,
        content: { pinned_message: pinned as Message['pinned_message'] },
        ...optional('threadId', message.is_topic_message ? message.message_thread_id : undefined),
        allowClosedTopic: true,
      });
    }
    return true;
  },
  unpinChatMessage: (p, ctx) => {
    const rec = writableChat(ctx.state, p.chatId());
    const id = p.optInt('message_id') ?? rec.pinnedMessageIds.at(-1);
    if (id === undefined || !rec.pinnedMessageIds.includes(id)) throw errors.badRequest('message to unpin not found');
    rec.pinnedMessageIds = rec.pinnedMessageIds.filter((x) => x !== id);
    return true;
  },

  // Callback queries
  answerCallbackQuery: (p, ctx) => {
    const id = p.str('callback_query_id');
    const text = p.optStr('text');
    if (text !== undefined && text.length > 200) throw errors.answerTooLong();
    const query = ctx.state.callbackQuery(id);
    if (query && ctx.callbackQueryTtlMs !== undefined && ctx.state.now() - query.created_at > ctx.callbackQueryTtlMs) {
      throw errors.queryTooOld();
    }
    ctx.state.answerCallbackQuery(
      id,
      withoutUndefined({
        text: text || undefined,
        show_alert: p.bool('show_alert'),
        url: p.optStr('url'),
        cache_time: p.optInt('cache_time'),
      }),
    );
    return true;
  },

  // Forum topics
  createForumTopic: (p, ctx) => {
    const rec = forumChat(ctx, p);
    if (rec.chat.type !== 'private' && !(rec.botStatus === 'administrator' && rec.botRights.can_manage_topics)) {
      throw errors.notEnoughRightsTopics();
    }
    const name = p.optStr('name') ?? '';
    if (name.trim().length < 1 || name.length > 128) throw errors.topicNameInvalid();
    const iconColor = p.optInt('icon_color');
    if (iconColor !== undefined && !(TOPIC_ICON_COLORS as readonly number[]).includes(iconColor))
      throw errors.iconColorInvalid();
    const { topic } = ctx.state.createTopic(rec.chat.id, {
      name,
      by: BOT,
      ...optional('iconColor', iconColor),
      ...optional('iconCustomEmojiId', p.optStr('icon_custom_emoji_id') || undefined),
    });
    return topicJson(topic);
  },
  editForumTopic: (p, ctx) => {
    const rec = forumChat(ctx, p);
    const { threadId, topic } = managedTopic(ctx, rec, p, 'can_manage_topics');
    const name = p.optStr('name');
    if (name !== undefined && name.length > 128) throw errors.topicNameInvalid();
    const emoji = p.optStr('icon_custom_emoji_id');
    const nameChanged = name !== undefined && name !== '' && name !== topic.name;
    const emojiChanged = emoji !== undefined && emoji !== (topic.icon_custom_emoji_id ?? '');
    if (!nameChanged && !emojiChanged) throw errors.topicNotModified();
    ctx.state.updateTopic(
      rec.chat.id,
      threadId,
      {
        action: 'edited',
        ...optional('name', nameChanged ? name : undefined),
        ...optional('iconCustomEmojiId', emojiChanged ? emoji : undefined),
      },
      BOT,
    );
    return true;
  },
  closeForumTopic: (p, ctx) => {
    const rec = forumChat(ctx, p);
    const { threadId, topic } = managedTopic(ctx, rec, p, 'can_manage_topics');
    if (topic.closed) throw errors.topicNotModified();
    ctx.state.updateTopic(rec.chat.id, threadId, { action: 'closed' }, BOT);
    return true;
  },
  reopenForumTopic: (p, ctx) => {
    const rec = forumChat(ctx, p);
    const { threadId, topic } = managedTopic(ctx, rec, p, 'can_manage_topics');
    if (!topic.closed) throw errors.topicNotModified();
    ctx.state.updateTopic(rec.chat.id, threadId, { action: 'reopened' }, BOT);
    return true;
  },
  deleteForumTopic: (p, ctx) => {
    const rec = forumChat(ctx, p);
    const { threadId } = managedTopic(ctx, rec, p, 'can_delete_messages');
    ctx.state.deleteTopic(rec.chat.id, threadId);
    return true;
  },

  // Chats and files
  getChat: (p, ctx) => {
    const rec = knownChat(ctx.state, p.chatId());
    const pinnedId = rec.pinnedMessageIds.at(-1);
    const pinned = pinnedId === undefined ? undefined : rec.messages.get(pinnedId);
    return withoutUndefined({
      ...structuredClone(rec.chat),
      accent_color_id: 0,
      max_reaction_count: 11,
      accepted_gift_types: {
        unlimited_gifts: false,
        limited_gifts: false,
        unique_gifts: false,
        premium_subscription: false,
        gifts_from_channels: false,
      },
      description: rec.description,
      pinned_message: pinned ? structuredClone(pinned) : undefined,
    }) as ChatFullInfo;
  },
  // The bot: its status and rights as the chat's state has them (/chat_id checks them); a user: member or left.
  getChatMember: (p, ctx) => {
    const rec = writableChat(ctx.state, p.chatId());
    const userId = p.int('user_id');
    const { bot } = ctx.state;
    if (userId !== bot.id) {
      const user = ctx.state.getUser(userId);
      if (!user) throw errors.userNotFound();
      return { status: rec.members.has(userId) ? 'member' : 'left', user } satisfies ChatMember;
    }
    const user = { id: bot.id, is_bot: true as const, first_name: bot.first_name, username: bot.username };
    if (rec.chat.type === 'private' || rec.botStatus !== 'administrator') return { status: 'member', user };
    return withoutUndefined({
      status: 'administrator',
      user,
      can_be_edited: false,
      is_anonymous: false,
      can_manage_chat: true,
      can_delete_messages: rec.botRights.can_delete_messages,
      can_manage_video_chats: false,
      can_restrict_members: false,
      can_promote_members: false,
      can_change_info: false,
      can_invite_users: false,
      can_post_stories: false,
      can_edit_stories: false,
      can_delete_stories: false,
      can_pin_messages: rec.botRights.can_pin_messages,
      // Supergroups only.
      can_manage_topics: rec.chat.type === 'supergroup' ? rec.botRights.can_manage_topics : undefined,
    }) as ChatMember;
  },
  getFile: (p, ctx) => {
    const file = ctx.state.files.get(p.str('file_id'));
    if (!file) throw errors.invalidFileId();
    return withoutUndefined({
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      file_size: file.file_size,
      file_path: file.file_path,
    });
  },
};

function deleteWebhook(p: Params, ctx: ApiContext): Described {
  if (p.bool('drop_pending_updates')) ctx.updates.dropPending();
  const had = ctx.state.webhook !== undefined;
  ctx.state.webhook = undefined;
  return new Described(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
}

function currentMediaFileId(m: Message): string | undefined {
  if (m.photo) return m.photo.at(-1)?.file_id;
  for (const k of MEDIA_KEYS) {
    const v = m[k] as { file_id?: string } | undefined;
    if (v && !Array.isArray(v)) return v.file_id;
  }
  return undefined;
}

function canDelete(ctx: ApiContext, rec: ChatState, m: Message): boolean {
  if (m.forum_topic_created) return false;
  if (m.from?.id === ctx.state.bot.id || rec.chat.type === 'private') return true;
  return rec.botStatus === 'administrator' && rec.botRights.can_delete_messages;
}

const BY_LOWER = new Map(Object.keys(METHODS).map((name) => [name.toLowerCase(), name]));

/** The canonical name of a Bot API method (they are case-insensitive), if the emulator knows it. */
export function canonicalMethod(name: string): string | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/** How many messages a call sends to its chat, for rate limiting (0 for everything else). */
export function messagesSent(method: string, raw: Record<string, unknown>): number {
  const p = new Params(raw);
  switch (method) {
    case 'sendMediaGroup': {
      const media = safe(() => p.optJson<unknown[]>('media'));
      return Array.isArray(media) ? media.length : 1;
    }
    case 'copyMessages':
    case 'forwardMessages': {
      const ids = safe(() => p.optJson<unknown[]>('message_ids'));
      return Array.isArray(ids) ? ids.length : 1;
    }
    default:
      return /^(send(?!ChatAction)|copyMessage$|forwardMessage$)/.test(method) ? 1 : 0;
  }
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
