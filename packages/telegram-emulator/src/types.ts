import type {
  BotCommand,
  Chat,
  ForumTopic,
  Message,
  ReplyKeyboardMarkup,
  ResponseParameters,
  Update,
  User,
} from 'grammy/types';

/** `{ok:true,result}` or `{ok:false,error_code,description,parameters?}`. */
export type ApiResponse =
  | { ok: true; result: unknown; description?: string }
  | { ok: false; error_code: number; description: string; parameters?: ResponseParameters };

/** What the emulator wants the transport to do with one call. */
export type CallOutcome =
  | { kind: 'response'; status: number; body: ApiResponse }
  /** Drop the connection without answering (Telegram unreachable). */
  | { kind: 'drop' };

/** A failure to inject into the next matching call(s). */
export type InjectedFailure =
  | { kind: 'too_many_requests'; retryAfter: number }
  | { kind: 'not_modified' }
  | { kind: 'thread_not_found' }
  | { kind: 'topic_closed' }
  | { kind: 'blocked' }
  | { kind: 'server_error'; status?: 500 | 502 }
  | { kind: 'offline' }
  /** Any other answer, e.g. `{ errorCode: 400, description: 'Bad Request: chat not found' }`. */
  | { kind: 'api_error'; errorCode: number; description: string; parameters?: ResponseParameters };

/** The call a failure predicate looks at. */
export interface PendingCall {
  seq: number;
  method: string;
  params: Record<string, unknown>;
}

export type FailurePredicate = (call: PendingCall) => InjectedFailure | boolean | null | undefined;

/** One recorded Bot API call. `response` is null when the connection was dropped. */
export interface RecordedCall {
  seq: number;
  method: string;
  /** Parsed JSON or form fields; uploads appear as `{ upload: true, filename, size, contentType? }`. */
  params: Record<string, unknown>;
  /** Milliseconds, from the emulator clock. */
  at: number;
  status: number | null;
  response: ApiResponse | null;
  /** Set when the answer came from failure injection or rate limiting rather than the model. */
  injected?: 'failure' | 'rate_limit' | 'offline';
  /** Stack of an unexpected emulator error answered as 500 (a bug in the emulator, not the bot). */
  internalError?: string;
}

/** Rate limiting modelled on the Bot FAQ (off unless enabled). */
export interface RateLimitOptions {
  /** Messages per minute to one group or supergroup (Telegram: 20). */
  groupMessagesPerMinute?: number;
  /** Messages per second to one private chat (Telegram: about 1, short bursts tolerated). */
  privateMessagesPerSecond?: number;
  /** How many messages a private chat may take at once before the per-second limit applies. */
  privateBurst?: number;
}

export interface TopicState {
  message_thread_id: number;
  name: string;
  icon_color: number;
  icon_custom_emoji_id?: string;
  closed: boolean;
  deleted: boolean;
  /** The user id (or bot id) that created the topic. */
  created_by: number;
}

export interface ChatRights {
  can_delete_messages: boolean;
  can_manage_topics: boolean;
  can_pin_messages: boolean;
}

export interface CallbackAnswer {
  text?: string;
  show_alert: boolean;
  url?: string;
  cache_time?: number;
  answered_at: number;
}

export interface CallbackQueryState {
  id: string;
  from: User;
  chatId?: number;
  messageId?: number;
  data?: string;
  created_at: number;
  answer?: CallbackAnswer;
}

export interface ChatActionState {
  action: string;
  threadId?: number;
  at: number;
}

export interface WebhookConfig {
  url: string;
  secret_token?: string;
  max_connections: number;
  allowed_updates?: string[];
  ip_address?: string;
  last_error_date?: number;
  last_error_message?: string;
}

export type CommandList = BotCommand[];

export type TopicAction = 'created' | 'edited' | 'closed' | 'reopened' | 'deleted';

/** Changes a UI can stream. */
export type EmulatorEvent =
  | { type: 'chat'; chatId: number; chat: Chat }
  | { type: 'message'; chatId: number; threadId?: number; message: Message }
  | { type: 'edit'; chatId: number; threadId?: number; message: Message }
  | { type: 'delete'; chatId: number; messageIds: number[] }
  | { type: 'topic'; chatId: number; action: TopicAction; topic: ForumTopic & { closed: boolean; deleted: boolean } }
  | { type: 'callback_answer'; chatId?: number; messageId?: number; callbackQueryId: string; answer: CallbackAnswer }
  | { type: 'chat_action'; chatId: number; threadId?: number; action: string }
  | { type: 'reply_keyboard'; chatId: number; keyboard?: ReplyKeyboardMarkup }
  | { type: 'update'; update: Update };

export type EmulatorListener = (event: EmulatorEvent) => void;

/** Result of delivering one update to the webhook. */
export interface WebhookDelivery {
  url: string;
  status: number | null;
  body: string;
  ok: boolean;
  error?: string;
  durationMs: number;
}

/** What a user-side helper produced. */
export interface SimulatedUpdate {
  update: Update;
  message?: Message;
  /** Present when the update was POSTed to a webhook; absent when queued for getUpdates or not delivered. */
  delivery?: WebhookDelivery;
}
