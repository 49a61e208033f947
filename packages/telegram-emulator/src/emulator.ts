import type { Chat, Contact, Message, MessageEntity, MessageOrigin, Update, User } from 'grammy/types';
import { type ApiContext, Described, METHODS, canonicalMethod, mediaContent, messagesSent } from './bot-api';
import { ApiError, errors } from './errors';
import { FaultInjector, RateLimiter, failureToError } from './faults';
import type { FileKind } from './files';
import { imageSize } from './files';
import { formatText } from './formatting';
import { Params, type RawParams, recordableParams } from './params';
import { CallRecorder } from './recorder';
import {
  type ChatState,
  EmulatorState,
  type EmulatorStateOptions,
  type MessageContent,
  type MessageDraft,
  replySnapshot,
} from './state';
import type {
  ApiResponse,
  CallOutcome,
  EmulatorEvent,
  EmulatorListener,
  FailurePredicate,
  InjectedFailure,
  RateLimitOptions,
  RecordedCall,
  SimulatedUpdate,
  TopicState,
  WebhookDelivery,
} from './types';
import { UpdateDispatcher } from './updates';

export interface TelegramEmulatorOptions extends EmulatorStateOptions {
  /** Use an existing model instead of creating one from `bot` / `clock`. */
  state?: EmulatorState;
  /** How long a webhook may take to answer before the delivery counts as failed (default 60 s). */
  webhookTimeoutMs?: number;
  /** Callback queries older than this can't be answered ("query is too old"); off by default. */
  callbackQueryTtlMs?: number;
  /** Telegram-like flood control; off by default. */
  rateLimit?: RateLimitOptions | boolean;
}

/** One Bot API request as the transport parsed it. */
export interface IncomingCall {
  token: string;
  method: string;
  params: RawParams;
}

export type UserRef = User | number;
export type ChatRef = Chat | number;
export type MessageRef = Message | { chatId: number; messageId: number };

export interface UserMessageOptions {
  /** Forum topic (or reply thread) to post in. */
  threadId?: number;
  /** The message this one replies to (same chat). */
  replyTo?: number | Message;
  /** Explicit entities; otherwise Telegram-style automatic ones (commands, mentions, links). */
  entities?: MessageEntity[];
  parseMode?: 'HTML' | 'MarkdownV2' | 'Markdown';
  forwardOrigin?: MessageOrigin;
  /** false: build and store the update but don't hand it to the bot (the caller posts it). */
  deliver?: boolean;
}

export interface UserMediaOptions extends UserMessageOptions {
  caption?: string;
  /** File content; stored so getFile + download return it. */
  bytes?: Buffer;
  filename?: string;
  mimeType?: string;
  width?: number;
  height?: number;
  duration?: number;
  emoji?: string;
  /** Re-send a file the emulator already knows instead of creating one. */
  fileId?: string;
}

export interface AlbumItem {
  type: 'photo' | 'video' | 'document' | 'audio';
  caption?: string;
  bytes?: Buffer;
  filename?: string;
}

export interface SimulatedCallback extends SimulatedUpdate {
  callbackQueryId: string;
}

export interface SimulatedTopic extends SimulatedUpdate {
  topic: TopicState;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A stateful fake of the Telegram Bot API, independent of HTTP: `handle()` answers one call.
 * Adds failure injection, rate limiting, call recording and user-side simulation on top of
 * the model in `state`. `createEmulatorServer` puts it behind fastify.
 */
export class TelegramEmulator {
  readonly state: EmulatorState;
  readonly updates: UpdateDispatcher;
  private readonly faults = new FaultInjector();
  private readonly limiter = new RateLimiter();
  private readonly recorder = new CallRecorder();
  private readonly ctx: ApiContext;
  private latencyMs = 0;

  constructor(options: TelegramEmulatorOptions = {}) {
    this.state = options.state ?? new EmulatorState(options);
    this.updates = new UpdateDispatcher(this.state, {
      ...(options.webhookTimeoutMs ? { webhookTimeoutMs: options.webhookTimeoutMs } : {}),
    });
    this.ctx = {
      state: this.state,
      updates: this.updates,
      ...(options.callbackQueryTtlMs !== undefined ? { callbackQueryTtlMs: options.callbackQueryTtlMs } : {}),
    };
    if (options.rateLimit) this.limiter.configure(options.rateLimit);
  }

  get token(): string {
    return this.state.token;
  }

  // ------------------------------------------------------------------------------------------
  // Handling calls

  /** Answers one Bot API call: record, inject failures, rate-limit, then run the method. */
  async handle(call: IncomingCall): Promise<CallOutcome> {
    const seq = this.recorder.nextSeq();
    const at = this.state.now();
    const recorded = recordableParams(call.params);
    let method = call.method;
    const finish = (outcome: CallOutcome, injected?: RecordedCall['injected'], internalError?: string): CallOutcome => {
      const entry: RecordedCall = {
        seq,
        method,
        params: recorded,
        at,
        status: outcome.kind === 'drop' ? null : outcome.status,
        response: outcome.kind === 'drop' ? null : outcome.body,
      };
      if (injected) entry.injected = injected;
      if (internalError) entry.internalError = internalError;
      this.recorder.record(entry);
      return outcome;
    };

    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (this.faults.isOffline()) return finish({ kind: 'drop' }, 'offline');
    if (call.token !== this.state.token) return finish(errorOutcome(errors.unauthorized()));
    const canonical = canonicalMethod(call.method);
    if (!canonical) return finish(errorOutcome(errors.methodNotFound()));
    method = canonical;

    const failure = this.faults.take({ seq, method, params: recorded });
    if (failure) {
      const err = failureToError(failure);
      return err === 'drop' ? finish({ kind: 'drop' }, 'offline') : finish(errorOutcome(err), 'failure');
    }

    const limited = this.rateLimitTarget(method, call.params);
    if (limited) {
      const retryAfter = this.limiter.check(limited.chatId, limited.type, limited.count, at);
      if (retryAfter !== undefined) return finish(errorOutcome(errors.tooManyRequests(retryAfter)), 'rate_limit');
    }

    try {
      const result = await METHODS[method]!(new Params(call.params), this.ctx);
      if (limited) this.limiter.commit(limited.chatId, limited.type, limited.count, this.state.now());
      const body: ApiResponse =
        result instanceof Described
          ? { ok: true, result: result.result, description: result.description }
          : { ok: true, result };
      return finish({ kind: 'response', status: 200, body: JSON.parse(JSON.stringify(body)) as ApiResponse });
    } catch (err) {
      if (err instanceof ApiError) return finish(errorOutcome(err));
      const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
      return finish(errorOutcome(errors.internalServerError()), undefined, detail);
    }
  }

  private rateLimitTarget(
    method: string,
    params: RawParams,
  ): { chatId: number; type: string; count: number } | undefined {
    if (!this.limiter.enabled) return undefined;
    const count = messagesSent(method, params);
    if (count === 0) return undefined;
    try {
      const rec = this.state.chat(new Params(params).chatId());
      return rec ? { chatId: rec.chat.id, type: rec.chat.type, count } : undefined;
    } catch {
      return undefined;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Failure injection and flood control

  /** The next `n` calls of `method` ('*' = any method) fail with `failure`. */
  failNext(method: string, n: number, failure: InjectedFailure): void {
    this.faults.failNext(method, n, failure);
  }

  /** Fails the calls `predicate` picks (it returns the failure, or true to use `failure`); returns the remover. */
  failWhile(predicate: FailurePredicate, failure?: InjectedFailure): () => void {
    return this.faults.failWhile(predicate, failure);
  }

  /** Offline: every call's connection is dropped without an answer (grammY throws HttpError). */
  setOffline(offline: boolean): void {
    this.faults.setOffline(offline);
  }

  clearFailures(): void {
    this.faults.clear();
  }

  /** Turns Telegram-like per-chat flood control on (true or limits) or off (false). */
  setRateLimit(options: RateLimitOptions | boolean): void {
    this.limiter.configure(options);
  }

  /** Delay before every answer, to exercise timeouts. */
  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  // ------------------------------------------------------------------------------------------
  // Recording and observation

  calls(method?: string): RecordedCall[] {
    return this.recorder.calls(method);
  }

  lastCall(method?: string): RecordedCall | undefined {
    return this.recorder.lastCall(method);
  }

  /** The first call since clearCalls() matching method and predicate, or the next one to come. */
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    return this.recorder.waitForCall(method, predicate, timeoutMs);
  }

  clearCalls(): void {
    this.recorder.clear();
  }

  messages(chatId: number, threadId?: number | 'general'): Message[] {
    return this.state.messages(chatId, threadId);
  }

  onChange(listener: EmulatorListener): () => void {
    return this.state.onChange(listener);
  }

  /** Resolves with the next event the predicate accepts. */
  waitForEvent<E extends EmulatorEvent>(
    predicate: (event: EmulatorEvent) => event is E,
    timeoutMs?: number,
  ): Promise<E>;
  waitForEvent(predicate: (event: EmulatorEvent) => boolean, timeoutMs?: number): Promise<EmulatorEvent>;
  waitForEvent(predicate: (event: EmulatorEvent) => boolean, timeoutMs = 5000): Promise<EmulatorEvent> {
    return new Promise((resolve, reject) => {
      const off = this.onChange((event) => {
        if (!predicate(event)) return;
        off();
        clearTimeout(timer);
        resolve(event);
      });
      const timer = setTimeout(() => {
        off();
        reject(new Error(`waitForEvent timed out after ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  /** Resolves when the bot answers the callback query (immediately if it already has). */
  async waitForCallbackAnswer(callbackQueryId: string, timeoutMs = 5000) {
    const existing = this.state.callbackAnswer(callbackQueryId);
    if (existing) return existing;
    const event = await this.waitForEvent(
      (e): e is Extract<EmulatorEvent, { type: 'callback_answer' }> =>
        e.type === 'callback_answer' && e.callbackQueryId === callbackQueryId,
      timeoutMs,
    );
    return event.answer;
  }

  // ------------------------------------------------------------------------------------------
  // Delivering updates

  /** Hands an update to the bot: POST to the webhook, or queue it for getUpdates. */
  deliver(update: Update): Promise<WebhookDelivery | undefined> {
    return this.updates.dispatch(update);
  }

  private async finishUpdate<T extends object>(
    update: Update,
    extra: T,
    deliver: boolean | undefined,
    visible = true,
  ): Promise<SimulatedUpdate & T> {
    const result = { update, ...extra } as SimulatedUpdate & T;
    if (deliver === false || !visible) return result;
    const delivery = await this.updates.dispatch(update);
    if (delivery) result.delivery = delivery;
    return result;
  }

  /** A message the user side made (sent, edited, a topic's service message) as an update, handed on if the bot sees it. */
  private messageUpdate<T extends { message: Message }>(
    rec: ChatState,
    kind: 'message' | 'edited_message',
    extra: T,
    deliver: boolean | undefined,
  ): Promise<SimulatedUpdate & T> {
    const update = this.state.makeUpdate({ [kind]: extra.message } as Omit<Update, 'update_id'>);
    return this.finishUpdate(update, extra, deliver, this.botSees(rec, extra.message));
  }

  // ------------------------------------------------------------------------------------------
  // User side

  private user(ref: UserRef): User {
    return this.state.requireUser(ref);
  }

  /** The chat a user writes in: their private chat with the bot (created on first use) or a group. */
  private userChat(user: User, ref: ChatRef): ChatState {
    const id = typeof ref === 'number' ? ref : ref.id;
    if (id === user.id) {
      const rec = this.state.ensurePrivateChat(user);
      if (rec.blocked) throw new Error(`user ${user.id} has blocked the bot; call userUnblocksBot() first`);
      return rec;
    }
    const rec = this.state.chat(id);
    if (!rec) throw new Error(`unknown chat ${id}`);
    if (rec.chat.type === 'private') throw new Error(`user ${user.id} cannot write in the private chat of ${id}`);
    return rec;
  }

  /** Whether the bot gets this message: membership, blocking and group privacy mode. */
  private botSees(rec: ChatState, message: Message): boolean {
    if (rec.chat.type === 'private') return !rec.blocked;
    if (rec.botStatus === 'kicked' || rec.botStatus === 'left') return false;
    if (rec.botStatus === 'administrator' || this.state.bot.can_read_all_group_messages) return true;
    const text = message.text ?? message.caption ?? '';
    const entities = message.entities ?? message.caption_entities ?? [];
    const mentionsBot = entities.some(
      (e) =>
        (e.type === 'bot_command' &&
          (e.offset === 0 || text.slice(e.offset, e.offset + e.length).endsWith(`@${this.state.bot.username}`))) ||
        (e.type === 'mention' && text.slice(e.offset, e.offset + e.length) === `@${this.state.bot.username}`),
    );
    const repliesToBot =
      message.reply_to_message?.from?.id === this.state.bot.id && !message.reply_to_message.forum_topic_created;
    const service = Object.keys(message).some((k) =>
      ['new_chat_members', 'left_chat_member', 'pinned_message', 'forum_topic_created'].includes(k),
    );
    return mentionsBot || repliesToBot || service;
  }

  private addUserMessage(
    user: User,
    rec: ChatState,
    content: MessageContent,
    options: UserMessageOptions,
    mediaGroupId?: string,
  ): Message {
    const draft: MessageDraft = { sender: { kind: 'user', user }, content };
    if (options.threadId !== undefined) draft.threadId = options.threadId;
    if (options.replyTo !== undefined) {
      draft.replyTo = { messageId: typeof options.replyTo === 'number' ? options.replyTo : options.replyTo.message_id };
    }
    if (options.forwardOrigin) draft.forwardOrigin = options.forwardOrigin;
    if (mediaGroupId) draft.mediaGroupId = mediaGroupId;
    try {
      return this.state.addMessage(rec.chat.id, draft);
    } catch (err) {
      if (err instanceof ApiError) throw new Error(`the user cannot send this message: ${err.description}`);
      throw err;
    }
  }

  private async sendAsUser(
    userRef: UserRef,
    chatRef: ChatRef,
    content: MessageContent,
    options: UserMessageOptions,
  ): Promise<SimulatedUpdate> {
    const user = this.user(userRef);
    const rec = this.userChat(user, chatRef);
    const message = this.addUserMessage(user, rec, content, options);
    return this.messageUpdate(rec, 'message', { message }, options.deliver);
  }

  private formatted(text: string, options: UserMessageOptions): { text: string; entities?: MessageEntity[] } {
    const f = formatText(text, options.parseMode, options.entities);
    return f.entities.length > 0 ? f : { text: f.text };
  }

  /** The user sends a text message (private chat: pass the user's own id as chat). */
  userSendsText(
    user: UserRef,
    chat: ChatRef,
    text: string,
    options: UserMessageOptions = {},
  ): Promise<SimulatedUpdate> {
    return this.sendAsUser(user, chat, this.formatted(text, options), options);
  }

  /** `/command[@bot] [args]` with a bot_command entity, as a client sends it. */
  userSendsCommand(
    user: UserRef,
    chat: ChatRef,
    command: string,
    options: UserMessageOptions & { args?: string; mentionBot?: boolean } = {},
  ): Promise<SimulatedUpdate> {
    const name = command.replace(/^\//, '');
    const text = `/${name}${options.mentionBot ? `@${this.state.bot.username}` : ''}${options.args ? ` ${options.args}` : ''}`;
    return this.userSendsText(user, chat, text, options);
  }

  private userMedia(kind: FileKind, options: UserMediaOptions): MessageContent {
    let file = options.fileId ? this.state.files.get(options.fileId) : undefined;
    if (options.fileId && !file) throw new Error(`unknown file_id ${options.fileId}`);
    if (!file) {
      const size = kind === 'photo' ? imageSize(options.bytes) : undefined;
      file = this.state.files.add({
        kind,
        source: 'user',
        ...(options.bytes ? { data: options.bytes } : {}),
        ...(options.filename ? { filename: options.filename } : {}),
        ...(options.mimeType ? { mimeType: options.mimeType } : {}),
        ...(size ?? {}),
        ...(options.width !== undefined ? { width: options.width } : {}),
        ...(options.height !== undefined ? { height: options.height } : {}),
        ...(options.duration !== undefined ? { duration: options.duration } : {}),
      });
    }
    const content = mediaContent(this.state, kind, file, {
      ...(options.duration !== undefined ? { duration: options.duration } : {}),
      ...(options.emoji ? { emoji: options.emoji } : {}),
    });
    if (options.caption !== undefined && kind !== 'sticker') {
      const f = formatText(options.caption, options.parseMode, options.entities);
      content.caption = f.text;
      if (f.entities.length > 0) content.caption_entities = f.entities;
    }
    return content;
  }

  userSendsPhoto(user: UserRef, chat: ChatRef, options: UserMediaOptions = {}): Promise<SimulatedUpdate> {
    return this.sendAsUser(user, chat, this.userMedia('photo', options), options);
  }

  userSendsDocument(user: UserRef, chat: ChatRef, options: UserMediaOptions = {}): Promise<SimulatedUpdate> {
    return this.sendAsUser(user, chat, this.userMedia('document', { filename: 'document.pdf', ...options }), options);
  }

  userSendsVoice(user: UserRef, chat: ChatRef, options: UserMediaOptions = {}): Promise<SimulatedUpdate> {
    return this.sendAsUser(user, chat, this.userMedia('voice', { duration: 3, ...options }), options);
  }

  userSendsVideo(user: UserRef, chat: ChatRef, options: UserMediaOptions = {}): Promise<SimulatedUpdate> {
    return this.sendAsUser(user, chat, this.userMedia('video', { duration: 5, ...options }), options);
  }

  userSendsAudio(user: UserRef, chat: ChatRef, options: UserMediaOptions = {}): Promise<SimulatedUpdate> {
    return this.sendAsUser(user, chat, this.userMedia('audio', { duration: 60, ...options }), options);
  }

  userSendsSticker(user: UserRef, chat: ChatRef, options: UserMediaOptions = {}): Promise<SimulatedUpdate> {
    return this.sendAsUser(user, chat, this.userMedia('sticker', { emoji: '👍', ...options }), options);
  }

  /**
   * An album: one update per item, all with the same media_group_id, delivered one after another
   * (as Telegram does within one chat). The caption usually sits on the first item.
   */
  async userSendsAlbum(
    userRef: UserRef,
    chatRef: ChatRef,
    items: AlbumItem[],
    options: UserMessageOptions = {},
  ): Promise<SimulatedUpdate[]> {
    if (items.length < 2 || items.length > 10) throw new Error('an album has 2-10 items');
    const user = this.user(userRef);
    const rec = this.userChat(user, chatRef);
    const groupId = this.state.newMediaGroupId();
    const messages = items.map((item) => {
      const content = this.userMedia(item.type, {
        ...(item.caption !== undefined ? { caption: item.caption } : {}),
        ...(item.bytes ? { bytes: item.bytes } : {}),
        ...(item.filename ? { filename: item.filename } : {}),
      });
      return this.addUserMessage(user, rec, content, options, groupId);
    });
    const results: SimulatedUpdate[] = [];
    for (const message of messages) {
      results.push(await this.messageUpdate(rec, 'message', { message }, options.deliver));
    }
    return results;
  }

  /** The user edits their text (or caption); the bot receives `edited_message`. */
  async userEditsMessage(
    userRef: UserRef,
    ref: MessageRef,
    change: string | { text?: string; caption?: string; entities?: MessageEntity[] },
    options: { deliver?: boolean } = {},
  ): Promise<SimulatedUpdate> {
    const user = this.user(userRef);
    const { chatId, messageId } = messageKey(ref);
    const current = this.state.getMessage(chatId, messageId);
    if (!current) throw new Error(`message ${messageId} not found in chat ${chatId}`);
    if (current.from?.id !== user.id) throw new Error('users can only edit their own messages');
    const next =
      typeof change === 'string' ? (current.text !== undefined ? { text: change } : { caption: change }) : change;
    const patch: Partial<Message> = {};
    if (next.text !== undefined) {
      const f = formatText(next.text, undefined, next.entities);
      patch.text = f.text;
      patch.entities = f.entities.length > 0 ? f.entities : undefined;
    }
    if (next.caption !== undefined) {
      const f = formatText(next.caption, undefined, next.entities);
      patch.caption = f.text;
      patch.caption_entities = f.entities.length > 0 ? f.entities : undefined;
    }
    const message = this.state.editMessage(chatId, messageId, patch);
    return this.messageUpdate(this.state.requireChat(chatId), 'edited_message', { message }, options.deliver);
  }

  /** The user shares a contact (their own by default, as the "share phone" button does). */
  userSharesContact(
    user: UserRef,
    chat: ChatRef,
    contact: Partial<Contact> = {},
    options: UserMessageOptions = {},
  ): Promise<SimulatedUpdate> {
    const u = this.user(user);
    const full: Contact = {
      phone_number: contact.phone_number ?? `+1555${String(u.id).slice(-7).padStart(7, '0')}`,
      first_name: contact.first_name ?? u.first_name,
      user_id: contact.user_id ?? u.id,
    };
    const lastName = contact.last_name ?? u.last_name;
    if (lastName) full.last_name = lastName;
    if (contact.vcard) full.vcard = contact.vcard;
    return this.sendAsUser(u, chat, { contact: full }, options);
  }

  /**
   * The user presses an inline button of a bot message: a callback_query with the current message,
   * chat_instance and data. Throws if the message has no such button (unless `force`).
   */
  async userPressesButton(
    userRef: UserRef,
    ref: MessageRef,
    callbackData: string,
    options: { deliver?: boolean; force?: boolean } = {},
  ): Promise<SimulatedCallback> {
    const user = this.user(userRef);
    const { chatId, messageId } = messageKey(ref);
    const message = this.state.getMessage(chatId, messageId);
    if (!message) throw new Error(`message ${messageId} not found in chat ${chatId}`);
    const buttons = message.reply_markup?.inline_keyboard.flat() ?? [];
    if (!options.force && !buttons.some((b) => 'callback_data' in b && b.callback_data === callbackData)) {
      throw new Error(`message ${messageId} has no button with callback_data ${JSON.stringify(callbackData)}`);
    }
    const query = this.state.createCallbackQuery({ from: user, chatId, messageId, data: callbackData });
    const update = this.state.makeUpdate({
      callback_query: {
        id: query.id,
        from: user,
        message,
        chat_instance: this.state.chatInstance(chatId),
        data: callbackData,
      },
    });
    return this.finishUpdate(update, { callbackQueryId: query.id }, options.deliver);
  }

  /** Service message: users join a group (`by` added them, default the first one). */
  userJoins(
    chat: ChatRef,
    users: UserRef[],
    options: { by?: UserRef; deliver?: boolean } = {},
  ): Promise<SimulatedUpdate> {
    const members = users.map((u) => this.user(u));
    const by = options.by !== undefined ? this.user(options.by) : members[0];
    if (!by) throw new Error('userJoins needs at least one user');
    const rec = this.state.requireChat(typeof chat === 'number' ? chat : chat.id);
    for (const m of members) rec.members.add(m.id);
    return this.sendAsUser(by, rec.chat.id, { new_chat_members: members }, options);
  }

  /** Service message: a user leaves a group. */
  userLeaves(chat: ChatRef, user: UserRef, options: { deliver?: boolean } = {}): Promise<SimulatedUpdate> {
    const u = this.user(user);
    const rec = this.state.requireChat(typeof chat === 'number' ? chat : chat.id);
    const result = this.sendAsUser(u, rec.chat.id, { left_chat_member: u }, options);
    rec.members.delete(u.id);
    return result;
  }

  /** Service message: a user pins a message. */
  userPinsMessage(user: UserRef, ref: MessageRef, options: { deliver?: boolean } = {}): Promise<SimulatedUpdate> {
    const { chatId, messageId } = messageKey(ref);
    const target = this.state.getMessage(chatId, messageId);
    if (!target) throw new Error(`message ${messageId} not found in chat ${chatId}`);
    const rec = this.state.requireChat(chatId);
    rec.pinnedMessageIds.push(messageId);
    const threadId = target.is_topic_message ? target.message_thread_id : undefined;
    return this.sendAsUser(
      user,
      chatId,
      { pinned_message: replySnapshot(target) as Message['pinned_message'] },
      {
        ...options,
        ...(threadId !== undefined ? { threadId } : {}),
      },
    );
  }

  /** A user creates a forum topic; the bot receives the `forum_topic_created` service message. */
  async userCreatesTopic(
    user: UserRef,
    chat: ChatRef,
    name: string,
    options: { iconColor?: number; iconCustomEmojiId?: string; deliver?: boolean } = {},
  ): Promise<SimulatedTopic> {
    const u = this.user(user);
    const chatId = typeof chat === 'number' ? chat : chat.id;
    const { topic, message } = this.state.createTopic(chatId, {
      name,
      by: { kind: 'user', user: u },
      ...(options.iconColor !== undefined ? { iconColor: options.iconColor } : {}),
      ...(options.iconCustomEmojiId ? { iconCustomEmojiId: options.iconCustomEmojiId } : {}),
    });
    return this.messageUpdate(this.state.requireChat(chatId), 'message', { message, topic }, options.deliver);
  }

  /** A user (admin) closes or reopens a topic; the bot receives the service message. */
  async userClosesTopic(
    user: UserRef,
    chat: ChatRef,
    threadId: number,
    options: { deliver?: boolean } = {},
  ): Promise<SimulatedTopic> {
    return this.topicChangeByUser(user, chat, threadId, 'closed', options);
  }

  async userReopensTopic(
    user: UserRef,
    chat: ChatRef,
    threadId: number,
    options: { deliver?: boolean } = {},
  ): Promise<SimulatedTopic> {
    return this.topicChangeByUser(user, chat, threadId, 'reopened', options);
  }

  private async topicChangeByUser(
    user: UserRef,
    chat: ChatRef,
    threadId: number,
    action: 'closed' | 'reopened',
    options: { deliver?: boolean },
  ): Promise<SimulatedTopic> {
    const u = this.user(user);
    const chatId = typeof chat === 'number' ? chat : chat.id;
    const { topic, message } = this.state.updateTopic(chatId, threadId, { action }, { kind: 'user', user: u });
    return this.messageUpdate(this.state.requireChat(chatId), 'message', { message, topic }, options.deliver);
  }

  /** The user blocks the bot: later sends fail with 403, the bot gets my_chat_member (kicked). */
  userBlocksBot(user: UserRef, options: { deliver?: boolean } = {}): Promise<SimulatedUpdate> {
    return this.setBlocked(user, true, options);
  }

  /** The user unblocks (restarts) the bot: the bot gets my_chat_member (member). */
  userUnblocksBot(user: UserRef, options: { deliver?: boolean } = {}): Promise<SimulatedUpdate> {
    return this.setBlocked(user, false, options);
  }

  private setBlocked(userRef: UserRef, blocked: boolean, options: { deliver?: boolean }): Promise<SimulatedUpdate> {
    const user = this.user(userRef);
    this.state.setBlocked(user.id, blocked);
    const rec = this.state.requireChat(user.id);
    const bot = this.state.botUser();
    const member = { status: 'member' as const, user: bot };
    const kicked = { status: 'kicked' as const, user: bot, until_date: 0 };
    const update = this.state.makeUpdate({
      my_chat_member: {
        chat: structuredClone(rec.chat),
        from: user,
        date: this.state.nowSeconds(),
        old_chat_member: blocked ? member : kicked,
        new_chat_member: blocked ? kicked : member,
      },
    });
    return this.finishUpdate(update, {}, options.deliver);
  }

  /** The user deletes their messages (bots get no update for this; UIs get a 'delete' event). */
  userDeletesMessages(chatId: number, messageIds: number[]): number[] {
    return this.state.deleteMessages(chatId, messageIds);
  }

  /** Stops long polls and webhook deliveries in flight. */
  close(): void {
    this.updates.close();
  }
}

function errorOutcome(err: ApiError): CallOutcome {
  return { kind: 'response', status: err.errorCode, body: err.toBody() };
}

function messageKey(ref: MessageRef): { chatId: number; messageId: number } {
  return 'message_id' in ref ? { chatId: ref.chat.id, messageId: ref.message_id } : ref;
}
