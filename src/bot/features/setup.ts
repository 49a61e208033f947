// Going live: /chat_id. In a group, staff (super admins included) get the chat's id for
// MAIN_GROUP_ID / TECH_GROUPS_MAPPING and a checklist (topics on, the bot an admin that may manage
// topics, configured or not); anyone else gets the support desk's short "only staff" refusal, as
// for /close and /ban. In a private chat anyone gets their own id (for ADMIN_TELEGRAM_IDS).
// Registered before the support feature, which takes every message of the configured groups.
import { Composer, GrammyError } from 'grammy';
import type { Chat } from 'grammy/types';
import { isStaff } from '../../domain';
import type { BotContext } from '../context';
import { passGate, type RoleGate } from '../kit';
import { type BotMembership, renderChatSetup, renderPrivateChatId } from '../../ui/render/setup';

/** The bot's own membership in the chat; a failed lookup is reported, not thrown. */
async function botMembership(ctx: BotContext, chatId: number): Promise<BotMembership> {
  try {
    const member = await ctx.api.getChatMember(chatId, ctx.me.id);
    if (member.status !== 'administrator') return { kind: 'not_admin' };
    return { kind: 'admin', canManageTopics: member.can_manage_topics === true };
  } catch (err) {
    ctx.log.warn({ err, chat_id: chatId }, '/chat_id: getChatMember failed');
    const error = err instanceof GrammyError ? err.description : err instanceof Error ? err.message : String(err);
    return { kind: 'unknown', error };
  }
}

/** Staff only, as the support desk's commands in a group; anyone else gets the desk's short refusal. */
const groupStaff: RoleGate = {
  allows: isStaff,
  unregistered: async (ctx) => {
    await ctx.reply(ctx.t('support-refused-not_staff')).catch(() => undefined);
  },
};

async function groupChatId(ctx: BotContext, chat: Chat.GroupChat | Chat.SupergroupChat): Promise<void> {
  if (!(await passGate(ctx, groupStaff))) return;
  const { telegram } = ctx.deps.config;
  const text = renderChatSetup(ctx.t, {
    chatId: chat.id,
    title: chat.title,
    type: chat.type,
    isForum: chat.type === 'supergroup' && chat.is_forum === true,
    bot: await botMembership(ctx, chat.id),
    isMain: telegram.mainGroupId === chat.id,
    techKeys: Object.entries(telegram.techGroups)
      .filter(([, groupId]) => groupId === chat.id)
      .map(([key]) => key),
    mainGroupId: telegram.mainGroupId,
  });
  await ctx.reply(text, { parse_mode: 'HTML' });
}

export function setupFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').command('chat_id', async (ctx) => {
    await ctx.reply(renderPrivateChatId(ctx.t, ctx.from.id), { parse_mode: 'HTML' });
  });
  composer.chatType(['group', 'supergroup']).command('chat_id', (ctx) => groupChatId(ctx, ctx.chat));
  return composer;
}
