import type {
  BotCommand,
  Chat,
  ForumTopic,
  InlineKeyboardMarkup,
  Message,
  MessageOrigin,
  ReplyKeyboardMarkup,
  Update,
  User,
  UserFromGetMe,
} from 'grammy/types';
import { errors } from './errors';
import { FileStore } from './files';
import type {
  CallbackAnswer,
  CallbackQueryState,
  ChatActionState,
  ChatRights,
  EmulatorEvent,
  EmulatorListener,
  TopicAction,
  TopicState,
  WebhookConfig,
} from './types';

/** The six colours Telegram allows for topic icons. */
export const TOPIC_ICON_COLORS = [0x6fb9f0, 0xffd67e, 0xcb86db, 0x8eee98, 0xff93b2, 0xfb6f5f] as const;

export const DEFAULT_BOT_TOKEN = '123456:TEST-TOKEN-abcdefghijklmnop';

/** Message fields that make up a message's content (what copyMessage copies). */
export const CONTENT_KEYS = [
  'text',
  'entities',
  'caption',
  'caption_entities',
  'photo',
  'document',
  'voice',
  'video',
  'video_note',
  'sticker',
  'audio',
  'animation',
  'contact',
  'location',
  'venue',
  'dice',
  'has_media_spoiler',
  'show_caption_above_media',
] as const;

/** Fields that mark a service message (cannot be copied, forwarded or edited). */
export const SERVICE_KEYS = [
  'new_chat_members',
  'left_chat_member',
  'new_chat_title',
  'new_chat_photo',
  'delete_chat_photo',
  'group_chat_created',
  'supergroup_chat_created',
  'channel_chat_created',
  'migrate_to_chat_id',
  'migrate_from_chat_id',
  'pinned_message',
  'forum_topic_created',
  'forum_topic_edited',
  'forum_topic_closed',
  'forum_topic_reopened',
  'general_forum_topic_hidden',
  'general_forum_topic_unhidden',
  'message_auto_delete_timer_changed',
  'write_access_allowed',
  'users_shared',
  'chat_shared',
] as const;

export type MessageContent = Partial<Pick<Message, (typeof CONTENT_KEYS)[number] | (typeof SERVICE_KEYS)[number]>>;

export function isServiceMessage(m: Message): boolean {
  return SERVICE_KEYS.some((k) => m[k] !== undefined);
}

export function hasMedia(m: Message): boolean {
  return Boolean(m.photo || m.document || m.video || m.voice || m.audio || m.animation || m.video_note || m.sticker);
}

export interface BotIdentityOptions {
  token?: string;
  firstName?: string;
  username?: string;
  canJoinGroups?: boolean;
  canReadAllGroupMessages?: boolean;
  supportsInlineQueries?: boolean;
  hasTopicsEnabled?: boolean;
}

export interface EmulatorStateOptions {
  bot?: BotIdentityOptions;
  /** Milliseconds since the epoch; defaults to Date.now. Drives dates, rate limits and call times. */
  clock?: () => number;
}

/** Everything known about one chat. Treat as read-only outside the emulator. */
export interface ChatState {
  chat: Chat;
  description?: string;
  botStatus: 'member' | 'administrator' | 'left' | 'kicked';
  botRights: ChatRights;
  /** Private chats: the user has opened the chat with the bot (/start). */
  started: boolean;
  /** Private chats: the user blocked the bot. */
  blocked: boolean;
  members: Set<number>;
  replyKeyboard?: ReplyKeyboardMarkup;
  lastMessageId: number;
  messages: Map<number, Message>;
  topics: Map<number, TopicState>;
  chatActions: ChatActionState[];
  pinnedMessageIds: number[];
}

export type Sender = { kind: 'bot' } | { kind: 'user'; user: User };

export interface ReplyTarget {
  messageId: number;
  allowSendingWithoutReply?: boolean;
}

/** What to add to a chat; the state assigns id, date, chat, thread and reply context. */
export interface MessageDraft {
  sender: Sender;
  content: MessageContent;
  threadId?: number;
  replyTo?: ReplyTarget;
  replyMarkup?: InlineKeyboardMarkup;
  mediaGroupId?: string;
  forwardOrigin?: MessageOrigin;
  protectContent?: boolean;
  /** Users (and admins) may post into closed topics in some situations; the Bot API path never does. */
  allowClosedTopic?: boolean;
}

export interface NewUser {
  id?: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: true;
}

export interface NewGroup {
  title: string;
  id?: number;
  members?: Array<User | number>;
  /** Defaults to 'administrator' with all rights. */
  botStatus?: ChatState['botStatus'];
  botRights?: Partial<ChatRights>;
}

export interface NewSupergroup extends NewGroup {
  isForum?: boolean;
  username?: string;
}

const clone = <T>(v: T): T => structuredClone(v);

/**
 * The in-memory world of the emulator: the bot, users, chats, topics, messages, files, callback
 * queries, chat actions, commands and webhook. Pure model: no HTTP, no Bot API validation beyond
 * the Telegram rules every writer must respect (threads, replies). Emits change events.
 */
export class EmulatorState {
  readonly token: string;
  readonly bot: UserFromGetMe;
  readonly files = new FileStore();
  readonly commands = new Map<string, BotCommand[]>();
  webhook: WebhookConfig | undefined;

  private readonly clock: () => number;
  private readonly users = new Map<number, User>();
  private readonly chatsById = new Map<number, ChatState>();
  private readonly callbackQueries = new Map<string, CallbackQueryState>();
  private readonly listeners = new Set<EmulatorListener>();
  private nextUserId = 700_000_001;
  private nextGroupSeq = 1;
  private nextUpdate = 100_000_001;
  private nextCallbackQuery = 1;
  private nextMediaGroup = 1;

  constructor(options: EmulatorStateOptions = {}) {
    this.clock = options.clock ?? Date.now;
    const bot = options.bot ?? {};
    this.token = bot.token ?? DEFAULT_BOT_TOKEN;
    const idPart = /^(\d+):/.exec(this.token)?.[1];
    if (!idPart) throw new Error(`Not a bot token: ${this.token}`);
    this.bot = {
      id: Number(idPart),
      is_bot: true,
      first_name: bot.firstName ?? 'Workshop Desk',
      username: bot.username ?? 'workshop_desk_bot',
      can_join_groups: bot.canJoinGroups ?? true,
      can_read_all_group_messages: bot.canReadAllGroupMessages ?? true,
      supports_inline_queries: bot.supportsInlineQueries ?? false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: bot.hasTopicsEnabled ?? false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
  }

  // ------------------------------------------------------------------------------------------
  // Time, ids, events

  now(): number {
    return this.clock();
  }

  nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  nextUpdateId(): number {
    return this.nextUpdate++;
  }

  newMediaGroupId(): string {
    return String(13_000_000_000_000_000n + BigInt(this.nextMediaGroup++));
  }

  /** Subscribe to changes; returns the unsubscribe function. Listener errors are reported, not thrown. */
  onChange(listener: EmulatorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EmulatorEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        process.emitWarning(`telegram-emulator listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** The bot as it appears in `from` of its messages. */
  botUser(): User {
    return { id: this.bot.id, is_bot: true, first_name: this.bot.first_name, username: this.bot.username };
  }

  // ------------------------------------------------------------------------------------------
  // Users and chats

  addUser(input: NewUser = {}): User {
    const id = input.id ?? this.nextUserId++;
    if (this.users.has(id)) throw new Error(`user ${id} already exists`);
    const user: User = { id, is_bot: false, first_name: input.first_name ?? `User ${id}` };
    if (input.last_name) user.last_name = input.last_name;
    if (input.username) user.username = input.username;
    if (input.language_code) user.language_code = input.language_code;
    if (input.is_premium) user.is_premium = true;
    this.users.set(id, user);
    return clone(user);
  }

  getUser(id: number): User | undefined {
    const u = this.users.get(id);
    return u ? clone(u) : undefined;
  }

  requireUser(ref: User | number): User {
    const id = typeof ref === 'number' ? ref : ref.id;
    const u = this.users.get(id);
    if (!u) throw new Error(`unknown user ${id}: add it with state.addUser() first`);
    return clone(u);
  }

  /** The private chat between `user` and the bot, created (and marked started) if needed. */
  ensurePrivateChat(ref: User | number): ChatState {
    const user = this.requireUser(ref);
    let rec = this.chatsById.get(user.id);
    if (!rec) {
      const chat: Chat.PrivateChat = { id: user.id, type: 'private', first_name: user.first_name };
      if (user.last_name) chat.last_name = user.last_name;
      if (user.username) chat.username = user.username;
      rec = this.newChatState(chat, 'member', {});
      rec.members.add(user.id);
      this.chatsById.set(user.id, rec);
      this.emit({ type: 'chat', chatId: chat.id, chat: clone(chat) });
    }
    rec.started = true;
    return rec;
  }

  createGroup(input: NewGroup): Chat.GroupChat {
    const id = input.id ?? -(4_000_000_000 + this.nextGroupSeq++);
    const chat: Chat.GroupChat = { id, type: 'group', title: input.title };
    this.registerGroup(chat, input);
    return clone(chat);
  }

  createSupergroup(input: NewSupergroup): Chat.SupergroupChat {
    const id = input.id ?? -(1_002_000_000_000 + this.nextGroupSeq++);
    const chat: Chat.SupergroupChat = { id, type: 'supergroup', title: input.title };
    if (input.username) chat.username = input.username;
    if (input.isForum) chat.is_forum = true;
    this.registerGroup(chat, input);
    return clone(chat);
  }

  private registerGroup(chat: Chat, input: NewGroup): void {
    if (this.chatsById.has(chat.id)) throw new Error(`chat ${chat.id} already exists`);
    const rec = this.newChatState(chat, input.botStatus ?? 'administrator', input.botRights ?? {});
    for (const m of input.members ?? []) rec.members.add(typeof m === 'number' ? m : m.id);
    this.chatsById.set(chat.id, rec);
    this.emit({ type: 'chat', chatId: chat.id, chat: clone(chat) });
  }

  private newChatState(chat: Chat, botStatus: ChatState['botStatus'], rights: Partial<ChatRights>): ChatState {
    const admin = botStatus === 'administrator';
    return {
      chat,
      botStatus,
      botRights: {
        can_delete_messages: rights.can_delete_messages ?? admin,
        can_manage_topics: rights.can_manage_topics ?? admin,
        can_pin_messages: rights.can_pin_messages ?? admin,
      },
      started: false,
      blocked: false,
      members: new Set(),
      lastMessageId: 0,
      messages: new Map(),
      topics: new Map(),
      chatActions: [],
      pinnedMessageIds: [],
    };
  }

  /** A chat by id or `@username`. */
  chat(ref: number | string): ChatState | undefined {
    if (typeof ref === 'number') return this.chatsById.get(ref);
    const name = ref.replace(/^@/, '').toLowerCase();
    for (const rec of this.chatsById.values()) {
      if ('username' in rec.chat && rec.chat.username?.toLowerCase() === name && rec.chat.type !== 'private')
        return rec;
    }
    return undefined;
  }

  requireChat(ref: number | string): ChatState {
    const rec = this.chat(ref);
    if (!rec) throw new Error(`unknown chat ${ref}`);
    return rec;
  }

  allChats(): Chat[] {
    return [...this.chatsById.values()].map((c) => clone(c.chat));
  }

  setBlocked(userId: number, blocked: boolean): void {
    const rec = this.ensurePrivateChat(userId);
    rec.blocked = blocked;
  }

  setBotStatus(chatId: number, status: ChatState['botStatus'], rights?: Partial<ChatRights>): void {
    const rec = this.requireChat(chatId);
    rec.botStatus = status;
    if (rights) Object.assign(rec.botRights, rights);
  }

  setReplyKeyboard(chatId: number, keyboard: ReplyKeyboardMarkup | undefined): void {
    const rec = this.requireChat(chatId);
    rec.replyKeyboard = keyboard ? clone(keyboard) : undefined;
    this.emit({ type: 'reply_keyboard', chatId, ...(keyboard ? { keyboard: clone(keyboard) } : {}) });
  }

  // ------------------------------------------------------------------------------------------
  // Messages

  getMessage(chatId: number, messageId: number): Message | undefined {
    const m = this.chatsById.get(chatId)?.messages.get(messageId);
    return m ? clone(m) : undefined;
  }

  /**
   * Messages of a chat in id order. `threadId` narrows to one forum topic (or reply thread);
   * `'general'` to messages outside any topic.
   */
  messages(chatId: number, threadId?: number | 'general'): Message[] {
    const rec = this.chatsById.get(chatId);
    if (!rec) return [];
    let list = [...rec.messages.values()];
    if (threadId === 'general') list = list.filter((m) => !m.is_topic_message);
    else if (threadId !== undefined) list = list.filter((m) => m.message_thread_id === threadId);
    return list.sort((a, b) => a.message_id - b.message_id).map(clone);
  }

  /** Adds a message, applying Telegram's thread and reply rules (throws ApiError when they fail). */
  addMessage(chatId: number, draft: MessageDraft): Message {
    const rec = this.chatsById.get(chatId);
    if (!rec) throw errors.chatNotFound();

    let reply: Message | undefined;
    if (draft.replyTo) {
      reply = rec.messages.get(draft.replyTo.messageId);
      if (!reply && !draft.replyTo.allowSendingWithoutReply) throw errors.replyNotFound();
    }
    const thread = this.resolveThread(rec, draft.threadId, reply, draft.allowClosedTopic ?? false);

    const message: Message = {
      message_id: ++rec.lastMessageId,
      date: this.nowSeconds(),
      chat: clone(rec.chat),
    };
    message.from = draft.sender.kind === 'bot' ? this.botUser() : clone(draft.sender.user);
    if (thread.threadId !== undefined) message.message_thread_id = thread.threadId;
    if (thread.isTopic) message.is_topic_message = true;
    if (draft.forwardOrigin) message.forward_origin = clone(draft.forwardOrigin);
    const replyTarget =
      reply ?? (thread.isTopic && thread.threadId !== undefined ? rec.messages.get(thread.threadId) : undefined);
    if (replyTarget) message.reply_to_message = replySnapshot(replyTarget);
    if (draft.mediaGroupId) message.media_group_id = draft.mediaGroupId;
    if (draft.protectContent) message.has_protected_content = true;
    Object.assign(message, clone(draft.content));
    if (draft.replyMarkup && draft.replyMarkup.inline_keyboard.length > 0)
      message.reply_markup = clone(draft.replyMarkup);

    rec.messages.set(message.message_id, message);
    if (draft.sender.kind === 'user') rec.members.add(draft.sender.user.id);
    this.emit({ type: 'message', chatId, ...threadOf(message), message: clone(message) });
    return clone(message);
  }

  private resolveThread(
    rec: ChatState,
    threadId: number | undefined,
    reply: Message | undefined,
    allowClosed: boolean,
  ): { threadId?: number; isTopic?: boolean } {
    const forum = this.isForum(rec);
    if (forum) {
      let tid = threadId;
      if (tid === undefined && reply?.is_topic_message) tid = reply.message_thread_id;
      if (tid === undefined) {
        // General topic: a reply there carries the replied message's thread root, without is_topic_message.
        return rec.chat.type === 'supergroup' && reply ? { threadId: reply.message_thread_id ?? reply.message_id } : {};
      }
      const topic = rec.topics.get(tid);
      if (!topic || topic.deleted) throw errors.threadNotFound();
      if (topic.closed && !allowClosed) throw errors.topicClosed();
      return { threadId: tid, isTopic: true };
    }
    if (rec.chat.type === 'supergroup') {
      if (threadId !== undefined) {
        if (!rec.messages.has(threadId)) throw errors.threadNotFound();
        return { threadId };
      }
      if (reply) return { threadId: reply.message_thread_id ?? reply.message_id };
    }
    return {};
  }

  /** Forum supergroups, and private chats when the bot has topics enabled and topics exist. */
  isForum(rec: ChatState): boolean {
    if (rec.chat.type === 'supergroup') return rec.chat.is_forum === true;
    return rec.chat.type === 'private' && this.bot.has_topics_enabled && rec.topics.size > 0;
  }

  /** Replaces fields of a stored message (undefined values delete the field) and emits 'edit'. */
  editMessage(
    chatId: number,
    messageId: number,
    patch: Partial<Message>,
    options: { setEditDate?: boolean } = {},
  ): Message {
    const rec = this.requireChat(chatId);
    const message = rec.messages.get(messageId);
    if (!message) throw errors.messageToEditNotFound();
    const target = message as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete target[k];
      else target[k] = clone(v);
    }
    if (options.setEditDate ?? true) message.edit_date = this.nowSeconds();
    this.emit({ type: 'edit', chatId, ...threadOf(message), message: clone(message) });
    return clone(message);
  }

  /** Deletes the messages that exist; returns their ids. */
  deleteMessages(chatId: number, messageIds: number[]): number[] {
    const rec = this.chatsById.get(chatId);
    if (!rec) return [];
    const deleted = messageIds.filter((id) => rec.messages.delete(id));
    if (deleted.length > 0) this.emit({ type: 'delete', chatId, messageIds: deleted });
    return deleted;
  }

  // ------------------------------------------------------------------------------------------
  // Forum topics

  topics(chatId: number, options: { includeDeleted?: boolean } = {}): TopicState[] {
    const rec = this.chatsById.get(chatId);
    if (!rec) return [];
    return [...rec.topics.values()].filter((t) => options.includeDeleted || !t.deleted).map(clone);
  }

  topic(chatId: number, threadId: number): TopicState | undefined {
    const t = this.chatsById.get(chatId)?.topics.get(threadId);
    return t ? clone(t) : undefined;
  }

  /** Creates a topic and its `forum_topic_created` service message (whose id is the thread id). */
  createTopic(
    chatId: number,
    input: { name: string; iconColor?: number; iconCustomEmojiId?: string; by: Sender },
  ): { topic: TopicState; message: Message } {
    const rec = this.requireChat(chatId);
    const id = rec.lastMessageId + 1;
    const topic: TopicState = {
      message_thread_id: id,
      name: input.name,
      icon_color: input.iconColor ?? TOPIC_ICON_COLORS[0],
      closed: false,
      deleted: false,
      created_by: input.by.kind === 'bot' ? this.bot.id : input.by.user.id,
    };
    if (input.iconCustomEmojiId) topic.icon_custom_emoji_id = input.iconCustomEmojiId;
    rec.topics.set(id, topic);
    const created: Message['forum_topic_created'] = { name: topic.name, icon_color: topic.icon_color };
    if (topic.icon_custom_emoji_id) created.icon_custom_emoji_id = topic.icon_custom_emoji_id;
    const message = this.addMessage(chatId, {
      sender: input.by,
      threadId: id,
      content: { forum_topic_created: created },
      allowClosedTopic: true,
    });
    this.emitTopic(chatId, 'created', topic);
    return { topic: clone(topic), message };
  }

  /** Applies a topic change and posts the matching service message. */
  updateTopic(
    chatId: number,
    threadId: number,
    change:
      { action: 'edited'; name?: string; iconCustomEmojiId?: string } | { action: 'closed' } | { action: 'reopened' },
    by: Sender,
  ): { topic: TopicState; message: Message } {
    const rec = this.requireChat(chatId);
    const topic = rec.topics.get(threadId);
    if (!topic || topic.deleted) throw errors.topicIdInvalid();
    let content: MessageContent;
    if (change.action === 'edited') {
      const edited: NonNullable<Message['forum_topic_edited']> = {};
      if (change.name !== undefined) {
        topic.name = change.name;
        edited.name = change.name;
      }
      if (change.iconCustomEmojiId !== undefined) {
        if (change.iconCustomEmojiId === '') delete topic.icon_custom_emoji_id;
        else topic.icon_custom_emoji_id = change.iconCustomEmojiId;
        edited.icon_custom_emoji_id = change.iconCustomEmojiId;
      }
      content = { forum_topic_edited: edited };
    } else if (change.action === 'closed') {
      topic.closed = true;
      content = { forum_topic_closed: {} };
    } else {
      topic.closed = false;
      content = { forum_topic_reopened: {} };
    }
    const message = this.addMessage(chatId, { sender: by, threadId, content, allowClosedTopic: true });
    this.emitTopic(chatId, change.action, topic);
    return { topic: clone(topic), message };
  }

  /** Deletes a topic with all its messages. */
  deleteTopic(chatId: number, threadId: number): void {
    const rec = this.requireChat(chatId);
    const topic = rec.topics.get(threadId);
    if (!topic || topic.deleted) throw errors.topicIdInvalid();
    topic.deleted = true;
    const ids = [...rec.messages.values()]
      .filter((m) => m.message_thread_id === threadId && m.is_topic_message)
      .map((m) => m.message_id);
    this.deleteMessages(chatId, ids);
    this.emitTopic(chatId, 'deleted', topic);
  }

  private emitTopic(chatId: number, action: TopicAction, topic: TopicState): void {
    const t: ForumTopic & { closed: boolean; deleted: boolean } = {
      message_thread_id: topic.message_thread_id,
      name: topic.name,
      icon_color: topic.icon_color,
      closed: topic.closed,
      deleted: topic.deleted,
    };
    if (topic.icon_custom_emoji_id) t.icon_custom_emoji_id = topic.icon_custom_emoji_id;
    this.emit({ type: 'topic', chatId, action, topic: t });
  }

  // ------------------------------------------------------------------------------------------
  // Callback queries, chat actions

  /** Registers a button press; returns the query state (id, chat_instance derived from the chat). */
  createCallbackQuery(input: { from: User; chatId?: number; messageId?: number; data?: string }): CallbackQueryState {
    const id = String(4_000_000_000_000_000_000n + BigInt(this.nextCallbackQuery++));
    const q: CallbackQueryState = { id, from: clone(input.from), created_at: this.now() };
    if (input.chatId !== undefined) q.chatId = input.chatId;
    if (input.messageId !== undefined) q.messageId = input.messageId;
    if (input.data !== undefined) q.data = input.data;
    this.callbackQueries.set(id, q);
    return clone(q);
  }

  callbackQuery(id: string): CallbackQueryState | undefined {
    const q = this.callbackQueries.get(id);
    return q ? clone(q) : undefined;
  }

  /** The answer the bot gave to a callback query, if any. */
  callbackAnswer(id: string): CallbackAnswer | undefined {
    return this.callbackQuery(id)?.answer;
  }

  answerCallbackQuery(id: string, answer: Omit<CallbackAnswer, 'answered_at'>): CallbackAnswer {
    const q = this.callbackQueries.get(id);
    if (!q || q.answer) throw errors.queryTooOld();
    q.answer = { ...answer, answered_at: this.now() };
    this.emit({
      type: 'callback_answer',
      callbackQueryId: id,
      ...(q.chatId !== undefined ? { chatId: q.chatId } : {}),
      ...(q.messageId !== undefined ? { messageId: q.messageId } : {}),
      answer: clone(q.answer),
    });
    return clone(q.answer);
  }

  /** Stable per chat, as Telegram's chat_instance is. */
  chatInstance(chatId: number): string {
    return BigInt.asIntN(64, BigInt(chatId) * 2_654_435_761n + 7_046_029_254_386_353_131n).toString();
  }

  setChatAction(chatId: number, action: string, threadId?: number): void {
    const rec = this.requireChat(chatId);
    const entry: ChatActionState = { action, at: this.now() };
    if (threadId !== undefined) entry.threadId = threadId;
    rec.chatActions.push(entry);
    if (rec.chatActions.length > 100) rec.chatActions.shift();
    this.emit({ type: 'chat_action', chatId, action, ...(threadId !== undefined ? { threadId } : {}) });
  }

  /** The chat action shown right now (Telegram shows one for 5 s or until the next message). */
  currentChatAction(chatId: number, threadId?: number): string | undefined {
    const rec = this.chatsById.get(chatId);
    const last = rec?.chatActions.filter((a) => a.threadId === threadId).at(-1);
    if (!rec || !last || this.now() - last.at > 5000) return undefined;
    const laterMessage = [...rec.messages.values()].some(
      (m) => m.from?.id === this.bot.id && m.date * 1000 >= last.at && m.message_thread_id === threadId,
    );
    return laterMessage ? undefined : last.action;
  }

  // ------------------------------------------------------------------------------------------
  // Updates

  /** Wraps a message (or other payload) into an Update with the next update_id. */
  makeUpdate(payload: Omit<Update, 'update_id'>): Update {
    const update = { update_id: this.nextUpdateId(), ...clone(payload) } as Update;
    this.emit({ type: 'update', update: clone(update) });
    return update;
  }
}

/** A replied-to message as Telegram nests it: without its own reply_to_message. */
export function replySnapshot(m: Message): NonNullable<Message['reply_to_message']> {
  const { reply_to_message: _nested, ...rest } = clone(m);
  return rest as NonNullable<Message['reply_to_message']>;
}

function threadOf(m: Message): { threadId?: number } {
  return m.message_thread_id !== undefined ? { threadId: m.message_thread_id } : {};
}
