// Every Redis key the project writes, spelled in one place (the client adds REDIS_PREFIX to each). The strings
// are stored data: changing one orphans what is already in Redis, so they change only with a migration of it.
// Pure builders, no client: the bot and the HTTP adapters may import this file (see .dependency-cruiser.cjs).

// ---------------------------------------------------------------------------------------------
// Webhook intake

/** An update handled to the end (`upd:<update id>`, 24 h). */
export const updateDoneKey = (updateId: number) => `upd:${updateId}`;
/** The lease of the process handling an update now (`upd:<update id>:lease`, 10 s). */
export const updateLeaseKey = (updateId: number) => `${updateDoneKey(updateId)}:lease`;

// ---------------------------------------------------------------------------------------------
// Rate limits and pacing

/** The prefix `@grammyjs/ratelimiter` puts before every key it makes (its `keyPrefix`). */
export const RATE_LIMIT_KEY_PREFIX = 'RATE_LIMITER';
/** The incoming per-user limit's key, as handed to the rate limiter (it adds RATE_LIMIT_KEY_PREFIX). */
export const rateLimitKey = (telegramId: number) => `rl:${telegramId}`;
/** The counter the rate limiter keeps for that key. */
export const rateLimitCounterKey = (telegramId: number) => `${RATE_LIMIT_KEY_PREFIX}${rateLimitKey(telegramId)}`;
/** One "slow down" reply per window and user. */
export const rateLimitNoticeKey = (telegramId: number) => `rl-notice:${telegramId}`;
/** The REST API's rate limit (`@fastify/rate-limit` namespace). */
export const API_RATE_LIMIT_NAMESPACE = 'rl:api:';
/** The web sign-in routes' rate limit (`@fastify/rate-limit` namespace). */
export const WEB_AUTH_RATE_LIMIT_NAMESPACE = 'rl:web-auth:';
/** Outgoing pacing per chat: the sliding window of sends. */
export const pacingKey = (chatId: number) => `rl:tg:${chatId}`;

// ---------------------------------------------------------------------------------------------
// The bot's conversations and the support desk

/** A person's grammY session (their private chat's conversation state). */
export const conversationSessionKey = (telegramId: number) => `fsm:${telegramId}`;
/** The client's current conversation: `session:<telegram id>` → its workflow id. */
export const sessionKey = (telegramId: number) => `session:${telegramId}`;
/** Cached ban state of a client (the audit log is the source of truth). */
export const bannedKey = (telegramId: number) => `cache:support:banned:${telegramId}`;
/** Anti-loop / duplicate key of one source message (or one edit of it). */
export const forwardKey = (message: { chatId: number; messageId: number; editDate: number | null }) =>
  `fwd:${message.chatId}:${message.messageId}${message.editDate === null ? '' : `:e${message.editDate}`}`;
/** The client was told their message (or that edit of it) will reach the desk once it is back: told once. */
export const outageNoticeKey = (message: { chatId: number; messageId: number; editDate: number | null }) =>
  `notice:outage:${forwardKey(message).slice('fwd:'.length)}`;
/** One staff action at a time on a support ticket. */
export const supportLockKey = (ticketId: number) => `lock:support:${ticketId}`;

// ---------------------------------------------------------------------------------------------
// Caches

/** The active rules document (a hash: version, doc). */
export const RULES_CACHE_KEY = 'cache:rules:active';
/** The support desk's technician picker. */
export const SUPPORT_TECHNICIANS_CACHE_KEY = 'cache:support:technicians';
/** A client's card from the client card source. */
export const clientCardCacheKey = (telegramId: number) => `cache:card:${telegramId}`;
/**
 * Who a Telegram id is to the bot (src/redis/identity-cache.ts): the resolved identity, or the tombstone an
 * invalidation leaves.
 */
export const identityCacheKey = (telegramId: number) => `cache:identity:${telegramId}`;

// ---------------------------------------------------------------------------------------------
// Notifications: delivery marks, the admin stream

/**
 * One ticket notification (or refresh of the ticket's copies), whoever gets it: `notif:<ticket>:<event>:<at>`. It is
 * also the outbox row's `notification_key` and the prefix of its per-chat delivery marks.
 */
export const notificationKey = (n: { ticketId: number; event: string; at: number }): string =>
  `notif:${n.ticketId}:${n.event}:${n.at}`;
/** Sent once per chat: a delivery mark (`<notification or dedupe key>:<chat id>`). */
export const deliveryMarkKey = (dedupeKey: string, chatId: number) => `${dedupeKey}:${chatId}`;
/** A notification's copy written to the admin stream, once. */
export const streamCopyKey = (dedupeKey: string) => `${dedupeKey}:stream`;
/** The dedupe key of an admin stream entry that brings none of its own. */
export const adminMessageKey = (entryId: string) => `adminmsg:${entryId}`;
/** A support ticket's first-response SLA alert, the dedupe key of its admin stream entry. */
export const supportSlaKey = (ticketId: number) => `support-sla:${ticketId}`;
/** A progression notice or weekly summary sent to one chat. */
export const progressionMarkKey = (noticeKey: string, chatId: number) => `notif:progression:${noticeKey}:${chatId}`;
/** An activity's admin report, written once however often the activity is retried. */
export const adminReportKey = (runId: string, activityId: string) => `admin-report:${runId}:${activityId}`;

/** The admins were told that a notification is still undelivered (one report per notification, whichever chat). */
export const undeliveredReportKey = (notificationKey: string) => `admin-report:undelivered:${notificationKey}`;
/** The admin notifications stream (consumer group `admin-notifier`). */
export const ADMIN_STREAM_KEY = 'admin:notifications';

// ---------------------------------------------------------------------------------------------
// Web sign-in

/** A console sign-in code, by its sha256 (hex): the user it signs in. */
export const webSignInKey = (codeHash: string) => `web:signin:${codeHash}`;
/** A Mini App initData already used, by its hash. */
export const webInitDataKey = (hash: string) => `web:initdata:${hash}`;
