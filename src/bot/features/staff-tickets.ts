// Staff ticket work (workshop-domain.md §9 "Admin bot UI", §10): the composer of its two flows, ticket intake
// (./staff-intake: /ticket_create, `tc:`) and review & assign (./staff-review: /ticket_review, `trq:`, `tra:`).
// Each flow edits one message; the intake draft, the review page and the manual-metrics editor live in the
// grammY session.
import { Composer } from 'grammy';
import { onButton } from '../kit';
import type { BotContext } from '../context';
import type { MenuButton } from '../../ui/render/menu';
import { intakeButton, reviewActionButton, reviewQueueButton } from '../../ui/callbacks/staff';
import { menuButtonOf } from './common';
import { cancelIntake, intakeTakesText, onIntakeButton, onIntakeText, startIntake } from './staff-intake';
import { onReviewActionButton, onReviewQueueButton, openReviewQueue } from './staff-review';

const MENU_ENTRIES: Partial<Record<MenuButton, (ctx: BotContext) => Promise<void>>> = {
  'menu-create': startIntake,
  'menu-review': openReviewQueue,
};

function menuEntryOf(ctx: BotContext, text: string) {
  const button = menuButtonOf(ctx.deps.i18n, text);
  return button ? MENU_ENTRIES[button] : undefined;
}

export function staffTicketsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');

  privateChat.command('ticket_create', startIntake);
  privateChat.command('ticket_review', openReviewQueue);
  privateChat.command('cancel', cancelIntake);
  privateChat.on('message:text').filter(
    (ctx) => menuEntryOf(ctx, ctx.message.text) !== undefined,
    (ctx) => menuEntryOf(ctx, ctx.message.text)!(ctx),
  );
  privateChat.on('message:text').filter((ctx) => intakeTakesText(ctx, ctx.message.text), onIntakeText);

  // Payloads that don't decode fall through to the fallback ("⚠️ Unknown action.").
  onButton(composer, intakeButton, onIntakeButton);
  onButton(composer, reviewQueueButton, onReviewQueueButton);
  onButton(composer, reviewActionButton, onReviewActionButton);
  return composer;
}
