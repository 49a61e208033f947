// /chat_id (going live): a chat's id for MAIN_GROUP_ID or TECH_GROUPS_MAPPING with a ✅/⚠️ checklist
// of what the bot needs there, or in a private chat the sender's own id for ADMIN_TELEGRAM_IDS.
// Pure: a view model and a translator in, HTML text out. Ids go to Fluent as strings: Fluent
// would group a number's digits ("-1,002,…"), and the value must be copied exactly.
import { escapeHtml } from './html';
import type { Translate } from '../../i18n';

/** What getChatMember said about the bot in the chat. */
export type BotMembership =
  { kind: 'admin'; canManageTopics: boolean } | { kind: 'not_admin' } | { kind: 'unknown'; error: string };

export interface ChatSetupView {
  chatId: number;
  title: string;
  /** A basic group gets a new (supergroup) id when topics are turned on. */
  type: 'group' | 'supergroup';
  isForum: boolean;
  bot: BotMembership;
  /** This chat is the configured MAIN_GROUP_ID. */
  isMain: boolean;
  /** TECH_GROUPS_MAPPING keys mapped to this chat (normally none or one). */
  techKeys: readonly string[];
  /** The configured MAIN_GROUP_ID, if any (it may be another chat). */
  mainGroupId?: number;
}

const code = (value: string) => escapeHtml(value);

/** `TECH_GROUPS_MAPPING={"olga_tech": -100…}` for the given keys (or a placeholder key). */
export function techMappingSetting(keys: readonly string[], chatId: number): string {
  const entries = keys.map((key) => `${JSON.stringify(key)}: ${chatId}`).join(', ');
  return `TECH_GROUPS_MAPPING={${entries}}`;
}

export function renderPrivateChatId(t: Translate, telegramId: number): string {
  return [t('setup-private-id', { id: String(telegramId) }), t('setup-private-admin'), t('setup-private-hint')].join(
    '\n',
  );
}

export function renderChatSetup(t: Translate, view: ChatSetupView): string {
  const id = String(view.chatId);
  const lines = [t('setup-group-title', { title: escapeHtml(view.title) }), t('setup-group-id', { id }), ''];

  const topicsOk = view.isForum;
  if (topicsOk) lines.push(t('setup-topics-on'));
  else lines.push(t(view.type === 'group' ? 'setup-topics-off-basic' : 'setup-topics-off'));

  const { bot } = view;
  const botOk = bot.kind === 'admin' && bot.canManageTopics;
  if (bot.kind === 'admin') lines.push(t(bot.canManageTopics ? 'setup-bot-ready' : 'setup-bot-no-topics'));
  else if (bot.kind === 'not_admin') lines.push(t('setup-bot-not-admin'));
  else lines.push(t('setup-bot-unknown', { error: escapeHtml(bot.error) }));

  const configured = view.isMain || view.techKeys.length > 0;
  if (view.isMain) lines.push(t('setup-is-main'));
  if (view.techKeys.length > 0) lines.push(t('setup-is-tech', { technicians: escapeHtml(view.techKeys.join(', ')) }));
  if (!configured) {
    lines.push(t('setup-not-configured'));
    if (view.mainGroupId !== undefined) lines.push(t('setup-main-elsewhere', { id: String(view.mainGroupId) }));
  }

  lines.push('');
  if (view.isMain) lines.push(t('setup-configured', { setting: code(`MAIN_GROUP_ID=${id}`) }));
  if (view.techKeys.length > 0)
    lines.push(t('setup-configured', { setting: code(techMappingSetting(view.techKeys, view.chatId)) }));
  if (!configured) {
    lines.push(
      t('setup-to-set', {
        main: code(`MAIN_GROUP_ID=${id}`),
        tech: code(techMappingSetting(['<username>'], view.chatId)),
      }),
    );
  }
  if (topicsOk && botOk && configured) lines.push(t('setup-ready'));
  return lines.join('\n');
}
