// Staff ticket intake (workshop-domain.md §9 "Admin bot UI", §10 Create): /ticket_create and `tc:`. The draft
// lives in the grammY session and edits one message; intake and metric rules are the domain's, the ticket is
// created through TicketService, refusals reach the user as an alert with the exact translated reason — in
// the form's own words where the domain's name the REST API's fields (INTAKE_REFUSAL_KEYS).
import {
  autoMetrics,
  canCreateTicket,
  closeSerials,
  decideSerialIntake,
  DomainError,
  type DomainErrorCode,
  normalizeSerial,
  resolveFlagThresholds,
  ticketMetrics,
  type TicketMetrics,
  type TicketXpRules,
  totalMinutes,
} from '../../domain';
import {
  adjustOverrideXp,
  adjustPartMinutes,
  applyManualOverride,
  askCreateItem,
  confirmCreateItem,
  currentPart,
  type IntakeDraft,
  IntakeDraftError,
  newIntakeDraft,
  openManualOverride,
  pickItem,
  pickTemplate,
  savePart,
  selectedSpecs,
  setCreationReason,
  setPartColor,
  setPartMinutes,
  showItemList,
  startSpecs,
  stepBack,
  toggleOverrideColor,
  togglePart,
} from '../../ui/forms/intake-draft';
import { intakeRules, inventoryItemsPage, itemForIntake, serialIntakeFacts } from '../../reads/staff-queries';
import type { BotContext, IdentityUser } from '../context';
import { editOrIgnore, errorForLog, failureText, reportFailure } from '../errors';
import { isMessageNotModified } from '../../telegram/delivery';
import { menuKeyboard } from '../../ui/render/menu';
import {
  renderIntakeCreated,
  renderIntakeItems,
  renderIntakeOverride,
  renderIntakeSummary,
  renderParts,
  renderReasonPrompt,
  renderSerialConfirm,
  renderSpecEditor,
  type StaffView,
} from '../../ui/render/staff-tickets';
import { type IntakeButton } from '../../ui/callbacks/staff';
import { actorOf, editWith, em, markup, staffForCallback, staffForCommand, staffState, updateState } from './staff-kit';
import { answer, hasSession, isReportable } from '../kit';

/** The refusals of an unknown serial: the flow offers to create the item instead. */
const SERIAL_NOT_FOUND: ReadonlySet<DomainErrorCode> = new Set<DomainErrorCode>([
  'intake.serial_not_found',
  'intake.serial_not_found_with_matches',
]);

/**
 * Refusals the domain words for REST callers (field names such as serial_number or flag_color),
 * as the intake says them to a person: what is wrong and what to do on this form.
 */
const INTAKE_REFUSAL_KEYS: Partial<Record<DomainErrorCode, string>> = {
  'intake.serial_invalid': 'adm-intake-serial-invalid',
  'intake.manual_override_incomplete': 'adm-intake-override-incomplete',
};

/** A failure's text on the intake: the form's own words where it has them, else as everywhere. */
function intakeFailureText(ctx: BotContext, err: unknown): string {
  const key = err instanceof DomainError ? INTAKE_REFUSAL_KEYS[err.code] : undefined;
  return key ? ctx.t(key) : failureText(ctx, err);
}

/** The longest creation reason kept (it ends up in the transition metadata). */
const REASON_MAX_CHARS = 500;
/** Steps in which the intake reads the next text message (a serial, or the creation reason). */
const TEXT_STEPS: readonly IntakeDraft['step'][] = ['items', 'serial_confirm', 'reason'];

/**
 * Shows the draft's step on its message: the pressed one, or (after a text message) the message
 * the flow started with. Should that message be gone, the flow continues in a new one.
 */
async function showIntake(ctx: BotContext, draft: IntakeDraft, notice?: string): Promise<void> {
  const view = await intakeView(ctx, draft, notice);
  if (ctx.callbackQuery) {
    updateState(ctx, { intake: draft });
    await editWith(ctx, view);
    return;
  }
  if (draft.messageId !== null && ctx.chat) {
    try {
      await ctx.api.editMessageText(ctx.chat.id, draft.messageId, view.text, markup(view));
      updateState(ctx, { intake: draft });
      return;
    } catch (err) {
      if (isMessageNotModified(err)) {
        updateState(ctx, { intake: draft });
        return;
      }
      ctx.log.warn({ err: errorForLog(err, ctx.deps.config) }, 'intake message not editable; continuing in a new one');
    }
  }
  const sent = await ctx.reply(view.text, markup(view));
  updateState(ctx, { intake: { ...draft, messageId: sent.message_id } });
}

// ---------------------------------------------------------------------------------------------
// Intake views

async function summaryMetrics(ctx: BotContext, draft: IntakeDraft) {
  const rules = await intakeRules(em(ctx));
  const total = totalMinutes(selectedSpecs(draft));
  const auto = autoMetrics(total, rules);
  return { rules, total, auto };
}

/** The metrics the ticket will get: the domain's, with the applied override (validated when applied). */
function withOverride(draft: IntakeDraft, total: number, auto: TicketMetrics, rules: TicketXpRules): TicketMetrics {
  if (!draft.manual) return auto;
  try {
    return ticketMetrics(total, rules, draft.manual);
  } catch {
    return auto;
  }
}

async function intakeView(ctx: BotContext, draft: IntakeDraft, notice?: string): Promise<StaffView> {
  const { t } = ctx;
  switch (draft.step) {
    case 'items':
    case 'template':
      return renderIntakeItems(t, await inventoryItemsPage(em(ctx), draft.itemsPage), {
        mode: draft.step,
        serial: draft.serial,
        notice,
      });
    case 'serial_confirm': {
      const serial = draft.serial ?? '';
      const { facts, itemIdsBySerial } = await serialIntakeFacts(em(ctx), serial);
      let refusal: string | undefined;
      try {
        decideSerialIntake(facts);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        // "Not found" is what this step is about, in its own words; anything else met since is told.
        if (!SERIAL_NOT_FOUND.has(err.code)) refusal = intakeFailureText(ctx, err);
      }
      const suggestions = closeSerials(serial, facts.knownSerials ?? []).flatMap((s) => {
        const id = itemIdsBySerial.get(s);
        return id === undefined ? [] : [{ id, serial: s }];
      });
      return renderSerialConfirm(t, { serial, suggestions, page: draft.itemsPage, refusal });
    }
    case 'reason':
      return renderReasonPrompt(t, { serial: draft.serial ?? '', notice });
    case 'parts':
      return renderParts(t, draft);
    case 'spec': {
      const part = currentPart(draft);
      return part ? renderSpecEditor(t, draft, part) : renderParts(t, draft);
    }
    case 'summary': {
      const { rules, total, auto } = await summaryMetrics(ctx, draft);
      const names = new Map(draft.parts.map((p) => [p.id, p.name]));
      return renderIntakeSummary(t, {
        serial: draft.serial ?? '',
        newItemReason: draft.newItem?.reason ?? null,
        specs: selectedSpecs(draft).map((s) => ({
          part: names.get(s.partId) ?? `#${s.partId}`,
          color: s.color,
          minutes: s.minutes,
        })),
        metrics: withOverride(draft, total, auto, rules),
        auto,
        thresholds: resolveFlagThresholds(rules),
      });
    }
    case 'manual': {
      const { auto } = await summaryMetrics(ctx, draft);
      return renderIntakeOverride(t, {
        serial: draft.serial ?? '',
        edit: draft.manualEdit ?? { flagColor: null, xpAmount: null },
        auto,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Intake

export async function startIntake(ctx: BotContext): Promise<void> {
  const user = await staffForCommand(ctx, canCreateTicket);
  if (!user) return;
  const view = renderIntakeItems(ctx.t, await inventoryItemsPage(em(ctx), 1), { mode: 'items' });
  const sent = await ctx.reply(view.text, markup(view));
  updateState(ctx, { intake: newIntakeDraft(sent.message_id) });
}

/** Thrown to end a button with an alert of our own (not a domain refusal). */
class IntakeAlert extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

/** An item from the list (or a suggestion): its parts, or (template step) the parts a new item copies. */
async function pickFromList(ctx: BotContext, draft: IntakeDraft, itemId: number, page: number): Promise<IntakeDraft> {
  const item = await itemForIntake(em(ctx), itemId);
  if (!item) throw new IntakeAlert('adm-intake-item-not-found');
  if (draft.step === 'template') {
    if (item.parts.length === 0) throw new IntakeAlert('adm-intake-item-no-parts');
    return pickTemplate(draft, item.parts, page);
  }
  // The domain decides whether this item can take a ticket (no active one).
  decideSerialIntake({
    rawSerial: item.serial,
    item: { id: item.id, categoryId: item.categoryId, hasActiveTicket: item.hasActiveTicket },
    archived: false,
    confirmCreate: false,
  });
  if (item.parts.length === 0) throw new IntakeAlert('adm-intake-item-no-parts');
  return pickItem(draft, item, page);
}

/** Validates the override editor's values with the domain (both or none, xp ≥ 0) before applying. */
async function applyOverride(ctx: BotContext, draft: IntakeDraft): Promise<IntakeDraft> {
  const { rules, total } = await summaryMetrics(ctx, draft);
  ticketMetrics(total, rules, draft.manualEdit ?? undefined);
  return applyManualOverride(draft);
}

async function nextDraft(ctx: BotContext, draft: IntakeDraft, button: IntakeButton): Promise<IntakeDraft> {
  switch (button.kind) {
    case 'list':
      return showItemList(draft, button.page);
    case 'item':
      return pickFromList(ctx, draft, button.itemId, button.page);
    case 'tog':
      return togglePart(draft, button.partId);
    case 'go':
      if (draft.step === 'serial_confirm') return confirmCreateItem(draft);
      if (draft.step === 'summary') return openManualOverride(draft);
      return startSpecs(draft);
    case 'clr':
      return draft.step === 'manual' ? toggleOverrideColor(draft, button.color) : setPartColor(draft, button.color);
    case 'min':
      return setPartMinutes(draft, button.minutes);
    case 'adj':
      return draft.step === 'manual' ? adjustOverrideXp(draft, button.step) : adjustPartMinutes(draft, button.step);
    case 'save':
      return draft.step === 'manual' ? applyOverride(ctx, draft) : savePart(draft);
    case 'back':
      return stepBack(draft);
    default:
      throw new IntakeDraftError('wrong_step');
  }
}

function toastFor(ctx: BotContext, before: IntakeDraft, after: IntakeDraft): string | undefined {
  if (before.step === 'spec' && after.step === 'spec' && after.cursor > before.cursor) {
    return ctx.t('adm-intake-toast-part-saved');
  }
  if (before.step === 'spec' && after.step === 'summary') return ctx.t('adm-intake-toast-all-saved');
  if (before.step === 'manual' && after.step === 'summary') {
    return ctx.t(after.manual ? 'adm-intake-toast-override-applied' : 'adm-intake-toast-override-cleared');
  }
  return undefined;
}

async function createFromDraft(ctx: BotContext, user: IdentityUser, draft: IntakeDraft): Promise<void> {
  if (draft.step !== 'summary' || !draft.serial) throw new IntakeDraftError('wrong_step');
  const view = await ctx.deps.services.tickets.createTicket(actorOf(user), {
    serial: draft.serial,
    partSpecs: selectedSpecs(draft).map((s) => ({ partId: s.partId, color: s.color, minutes: s.minutes, comment: '' })),
    manual: draft.manual ?? undefined,
    confirmCreateItem: draft.newItem !== null,
    itemCreationReason: draft.newItem?.reason ?? null,
  });
  updateState(ctx, { intake: undefined });
  await answer(ctx, ctx.t('adm-intake-toast-created', { id: String(view.ticket.id) }));
  const { ticket } = view;
  await editOrIgnore(() =>
    ctx.editMessageText(
      renderIntakeCreated(ctx.t, {
        id: ticket.id,
        serial: view.serial,
        status: ticket.status,
        metrics: ticket,
      }),
      { parse_mode: 'HTML' },
    ),
  );
}

export async function onIntakeButton(ctx: BotContext, button: IntakeButton): Promise<void> {
  const user = await staffForCallback(ctx, canCreateTicket);
  if (!user) return;
  if (button.kind === 'noop') return answer(ctx);
  const messageId = ctx.callbackQuery?.message?.message_id ?? null;
  let draft = staffState(ctx).intake;

  if (button.kind === 'cancel') {
    if (draft?.messageId === messageId) updateState(ctx, { intake: undefined });
    await answer(ctx);
    await editOrIgnore(() => ctx.editMessageText(ctx.t('adm-intake-cancelled'), { parse_mode: 'HTML' }));
    return;
  }
  if (!draft) {
    // The list still works once the session is gone: the flow restarts on this message.
    if (button.kind !== 'list') return answer(ctx, ctx.t('adm-intake-expired'), true);
    draft = newIntakeDraft(messageId);
  } else if (draft.messageId !== messageId) {
    return answer(ctx, ctx.t('adm-intake-outdated'), true);
  }

  try {
    if (button.kind === 'create') {
      await createFromDraft(ctx, user, draft);
      return;
    }
    const next = await nextDraft(ctx, draft, button);
    await answer(ctx, toastFor(ctx, draft, next));
    await showIntake(ctx, next);
  } catch (err) {
    if (err instanceof IntakeDraftError) return answer(ctx, ctx.t(`adm-intake-err-${err.code}`), true);
    if (err instanceof IntakeAlert) return answer(ctx, ctx.t(err.key), true);
    if (!isReportable(err)) throw err;
    if (err instanceof DomainError && INTAKE_REFUSAL_KEYS[err.code]) {
      return answer(ctx, intakeFailureText(ctx, err), true);
    }
    await reportFailure(ctx, err);
  }
}

/** Whether this text is for the intake: a staff member's draft waits for a serial or a reason. */
/** /cancel with an intake in progress: the form's message says so and loses its buttons. */
export async function cancelIntake(ctx: BotContext, next: () => Promise<void>): Promise<void> {
  const draft = staffState(ctx).intake;
  if (!draft) return next();
  updateState(ctx, { intake: undefined });
  const text = ctx.t('adm-intake-cancelled');
  if (draft.messageId !== null && ctx.chat) {
    await ctx.api.editMessageText(ctx.chat.id, draft.messageId, text, { parse_mode: 'HTML' }).catch(() => undefined);
  }
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: menuKeyboard(ctx.t, ctx.identity.user?.roles ?? null) });
}

export function intakeTakesText(ctx: BotContext, text: string): boolean {
  if (text.startsWith('/') || !hasSession(ctx)) return false;
  const user = ctx.identity.user;
  const draft = staffState(ctx).intake;
  return !!user && canCreateTicket(user.roles) && !!draft && TEXT_STEPS.includes(draft.step);
}

/** A typed serial: the domain decides (existing item, refusal, or unknown → offer to create it). */
async function onSerialText(ctx: BotContext, draft: IntakeDraft, text: string): Promise<void> {
  const { facts } = await serialIntakeFacts(em(ctx), text);
  let next: IntakeDraft;
  try {
    const decision = decideSerialIntake(facts);
    if (decision.kind !== 'existing') throw new Error('unreachable: creation was not confirmed');
    const item = await itemForIntake(em(ctx), decision.itemId);
    if (!item || item.parts.length === 0) {
      await showIntake(ctx, showItemList(draft, draft.itemsPage), ctx.t('adm-intake-item-no-parts'));
      return;
    }
    next = pickItem(draft, item, draft.itemsPage);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (SERIAL_NOT_FOUND.has(err.code)) {
      next = askCreateItem(draft, normalizeSerial(text));
    } else {
      await showIntake(ctx, showItemList(draft, draft.itemsPage), intakeFailureText(ctx, err));
      return;
    }
  }
  await showIntake(ctx, next);
}

export async function onIntakeText(ctx: BotContext): Promise<void> {
  const draft = staffState(ctx).intake;
  const text = ctx.message?.text?.trim() ?? '';
  if (!draft || text === '') return;
  if (draft.step === 'reason') {
    await showIntake(ctx, setCreationReason(draft, text.slice(0, REASON_MAX_CHARS)));
    return;
  }
  await onSerialText(ctx, draft, text);
}
