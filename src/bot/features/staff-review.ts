// Staff ticket review & assign (workshop-domain.md §9, §10 Assign / review / manual metrics): /ticket_review,
// `trq:` and `tra:`. Review actions are Temporal updates keyed by the callback query id, so a repeated delivery
// applies once; the review page and the manual-metrics editor live in the grammY session.
import { awaitsReview, canBeAssigned, canReviewOrAssign, DomainError } from '../../domain';
import { NotFoundError } from '../../services/errors';
import { type ManualMetricsDraft } from '../../ui/forms/intake-draft';
import { activeTechniciansPage, reviewPanel, type ReviewPanelView, reviewQueue } from '../../reads/staff-queries';
import type { BotContext, IdentityUser } from '../context';
import { reportFailure } from '../errors';
import { forgetCard, pressedMessage, rememberCard } from '../ticket-copies';
import {
  renderManualEditor,
  renderReviewPanel,
  renderReviewQueue,
  renderTechnicianPicker,
} from '../../ui/render/staff-tickets';
import { type ReviewActionButton, type ReviewQueueButton } from '../../ui/callbacks/staff';
import { actorOf, editWith, em, markup, staffForCallback, staffForCommand, staffState, updateState } from './staff-kit';
import { answer, isReportable } from '../kit';

// ---------------------------------------------------------------------------------------------
// Review queue and panel

export async function openReviewQueue(ctx: BotContext): Promise<void> {
  const user = await staffForCommand(ctx, canReviewOrAssign);
  if (!user) return;
  const list = await reviewQueue(em(ctx), 1);
  updateState(ctx, { reviewPage: list.page });
  const view = renderReviewQueue(ctx.t, list);
  await ctx.reply(view.text, markup(view));
}

async function loadPanel(ctx: BotContext, ticketId: number): Promise<ReviewPanelView> {
  const panel = await reviewPanel(em(ctx), ticketId);
  if (!panel) throw new NotFoundError('Ticket', ticketId);
  return panel;
}

const reviewPageOf = (ctx: BotContext) => staffState(ctx).reviewPage ?? 1;

export async function onReviewQueueButton(ctx: BotContext, button: ReviewQueueButton): Promise<void> {
  const user = await staffForCallback(ctx, canReviewOrAssign);
  if (!user) return;
  if (button.kind === 'refresh') {
    const list = await reviewQueue(em(ctx), button.page);
    updateState(ctx, { reviewPage: list.page, manual: undefined });
    await answer(ctx, ctx.t('adm-review-toast-refreshed'));
    await editWith(ctx, renderReviewQueue(ctx.t, list));
    await forgetCard(ctx);
    return;
  }
  const panel = await reviewPanel(em(ctx), button.ticketId);
  if (!panel) return reportFailure(ctx, new NotFoundError('Ticket', button.ticketId));
  updateState(ctx, { reviewPage: button.page, manual: undefined });
  await answer(ctx, ctx.t('adm-review-toast-opened', { id: String(panel.id) }));
  await showReviewPanel(ctx, panel, button.page);
}

/** Draws the review card on the pressed message; its copy is kept current from now on. */
async function showReviewPanel(ctx: BotContext, panel: ReviewPanelView, page: number): Promise<void> {
  const view = renderReviewPanel(ctx.t, panel, { page });
  await editWith(ctx, view);
  await rememberCard(ctx, {
    ticketId: panel.id,
    status: panel.status,
    kind: 'review_card',
    context: { page },
    view,
  });
}

/** Approve & Assign is offered (and accepted) only where T2 can assign. */
function requireAssignable(panel: ReviewPanelView): void {
  if (!canBeAssigned(panel.status)) throw new DomainError('ticket.assign_wrong_status');
}

/** T1 before T2, when the ticket still waits for its review. */
async function approveIfNeeded(ctx: BotContext, user: IdentityUser, panel: ReviewPanelView, updateId: string) {
  if (panel.reviewed || !awaitsReview(panel.status)) return false;
  await ctx.deps.services.tickets.approveReview(actorOf(user), panel.id, { updateId, pressed: pressedMessage(ctx) });
  return true;
}

async function showPicker(ctx: BotContext, panel: ReviewPanelView, page: number, toast?: string): Promise<void> {
  const list = await activeTechniciansPage(em(ctx), page);
  if (list.total === 0) {
    await answer(ctx, ctx.t('adm-assign-none'), true);
    await showReviewPanel(ctx, await loadPanel(ctx, panel.id), reviewPageOf(ctx));
    return;
  }
  await answer(ctx, toast);
  await forgetCard(ctx);
  await editWith(
    ctx,
    renderTechnicianPicker(ctx.t, {
      ticketId: panel.id,
      serial: panel.serial,
      list,
      currentTechnicianId: panel.technicianId,
    }),
  );
}

function manualDraftFor(ctx: BotContext, panel: ReviewPanelView): ManualMetricsDraft {
  const current = staffState(ctx).manual;
  return current?.ticketId === panel.id
    ? current
    : { ticketId: panel.id, flagColor: panel.flagColor, xpAmount: Math.max(0, panel.xpAmount) };
}

async function showManualEditor(ctx: BotContext, panel: ReviewPanelView, draft: ManualMetricsDraft): Promise<void> {
  updateState(ctx, { manual: draft });
  await answer(ctx);
  await forgetCard(ctx);
  await editWith(ctx, renderManualEditor(ctx.t, { ...draft, serial: panel.serial }));
}

async function onReviewAction(ctx: BotContext, user: IdentityUser, button: ReviewActionButton): Promise<void> {
  const updateId = ctx.callbackQuery!.id;
  const page = reviewPageOf(ctx);
  const panel = await loadPanel(ctx, button.ticketId);
  const showPanel = async (toast?: string) => {
    await answer(ctx, toast);
    await showReviewPanel(ctx, await loadPanel(ctx, panel.id), page);
  };
  switch (button.kind) {
    case 'noop':
      return answer(ctx);
    case 'bk':
      updateState(ctx, { manual: undefined });
      return showPanel();
    case 'assign': {
      requireAssignable(panel);
      const approved = await approveIfNeeded(ctx, user, panel, updateId);
      return showPicker(ctx, await loadPanel(ctx, panel.id), 1, approved ? ctx.t('adm-toast-approved') : undefined);
    }
    case 'ap':
      requireAssignable(panel);
      return showPicker(ctx, panel, button.page);
    case 'at': {
      requireAssignable(panel);
      // A second tap on the same technician (the picker still showing) changes nothing: past its
      // review an assignable ticket is assigned or rework, and reassigning keeps its status.
      if (panel.technicianId === button.technicianId && !awaitsReview(panel.status)) {
        return showPanel(ctx.t('adm-toast-already-assigned'));
      }
      await approveIfNeeded(ctx, user, panel, `${updateId}:approve`);
      await ctx.deps.services.tickets.assign(actorOf(user), panel.id, button.technicianId, {
        updateId,
        pressed: pressedMessage(ctx),
      });
      return showPanel(ctx.t('adm-toast-assigned'));
    }
    case 'manual':
      return showManualEditor(ctx, panel, {
        ticketId: panel.id,
        flagColor: panel.flagColor,
        xpAmount: Math.max(0, panel.xpAmount),
      });
    case 'mc':
      return showManualEditor(ctx, panel, { ...manualDraftFor(ctx, panel), flagColor: button.color });
    case 'mx':
      return showManualEditor(ctx, panel, { ...manualDraftFor(ctx, panel), xpAmount: button.xp });
    case 'adj': {
      const draft = manualDraftFor(ctx, panel);
      return showManualEditor(ctx, panel, { ...draft, xpAmount: Math.max(0, draft.xpAmount + button.step) });
    }
    case 'ms': {
      const draft = manualDraftFor(ctx, panel);
      await ctx.deps.services.tickets.setManualMetrics(
        actorOf(user),
        panel.id,
        { flagColor: draft.flagColor, xpAmount: draft.xpAmount },
        { updateId, pressed: pressedMessage(ctx) },
      );
      updateState(ctx, { manual: undefined });
      return showPanel(ctx.t('adm-toast-manual-saved'));
    }
  }
}

export async function onReviewActionButton(ctx: BotContext, button: ReviewActionButton): Promise<void> {
  const user = await staffForCallback(ctx, canReviewOrAssign);
  if (!user) return;
  try {
    await onReviewAction(ctx, user, button);
  } catch (err) {
    if (!isReportable(err)) throw err;
    await reportFailure(ctx, err);
  }
}
