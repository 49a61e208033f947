// Redis keys shared by more than one layer (the support desk's service and its activities).

/** The client's current conversation: `session:<telegram id>` → its workflow id. */
export const sessionKey = (telegramId: number) => `session:${telegramId}`;
/** Cached ban state of a client (the audit log is the source of truth). */
export const bannedKey = (telegramId: number) => `cache:support:banned:${telegramId}`;
/** Anti-loop / duplicate key of one source message (or one edit of it). */
export const forwardKey = (message: { chatId: number; messageId: number; editDate: number | null }) =>
  `fwd:${message.chatId}:${message.messageId}${message.editDate === null ? '' : `:e${message.editDate}`}`;
