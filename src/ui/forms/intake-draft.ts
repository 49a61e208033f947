// The staff bot's conversation state (grammY session, Redis): the ticket-intake draft, the review
// queue page and the manual-metrics editor. Pure and JSON-safe: each transition takes a draft and
// returns a new one, or throws IntakeDraftError when the request makes no sense in this state.
// Business rules (serial intake, part selection, metrics, both-or-none override) stay in the
// domain; this only remembers what the person picked so far.
import type { TicketColor } from '../../domain';

export const INTAKE_DEFAULT_COLOR: TicketColor = 'green';
export const INTAKE_DEFAULT_MINUTES = 10;
export const INTAKE_MIN_MINUTES = 1;

/**
 * items: pick an item (or type a serial) · serial_confirm: unknown serial, create it? · reason:
 * waiting for the creation reason as text · template: pick an item whose parts the new one copies ·
 * parts: toggle parts · spec: color and minutes per part · summary: metrics, create · manual:
 * optional flag color + XP override.
 */
export type IntakeStep = 'items' | 'serial_confirm' | 'reason' | 'template' | 'parts' | 'spec' | 'summary' | 'manual';

export interface IntakePart {
  id: number;
  name: string;
}

export interface IntakeSpecDraft {
  partId: number;
  color: TicketColor;
  minutes: number;
}

/** Both set, or both null; anything in between is refused by the domain when applied. */
export interface ManualOverrideDraft {
  flagColor: TicketColor | null;
  xpAmount: number | null;
}

export interface IntakeDraft {
  step: IntakeStep;
  /** The one message the whole flow edits. */
  messageId: number | null;
  /** Page of the item list to come back to. */
  itemsPage: number;
  /** Normalized serial of the chosen item, or of the item to create. */
  serial: string | null;
  /** The existing item; null while none is picked or when a new item is created. */
  itemId: number | null;
  /** Creating a new item: confirmed by the button, then the reason typed as text. */
  newItem: { reason: string | null } | null;
  /** Parts to choose from: the item's own, or the template item's for a new item. */
  parts: IntakePart[];
  /** Selected part ids, in the order of `parts`. */
  selected: number[];
  /** Saved part specs (kept when going back, so revisiting a part shows its values). */
  specs: IntakeSpecDraft[];
  /** Index into `selected` of the part being configured. */
  cursor: number;
  /** Values of the part being configured. */
  editing: { color: TicketColor; minutes: number };
  /** The applied manual override, if any. */
  manual: ManualOverrideDraft | null;
  /** The override editor's values. */
  manualEdit: ManualOverrideDraft | null;
}

/** Manual metrics editor of the review panel. */
export interface ManualMetricsDraft {
  ticketId: number;
  flagColor: TicketColor;
  xpAmount: number;
}

/** Everything the staff features keep in the session (SessionData.staffTickets). */
export interface StaffTicketsState {
  intake?: IntakeDraft;
  /** The review queue page the panel's "back" returns to. */
  reviewPage?: number;
  manual?: ManualMetricsDraft;
}

export type IntakeDraftErrorCode = 'no_parts_selected' | 'invalid_part' | 'wrong_step';

export class IntakeDraftError extends Error {
  override readonly name = 'IntakeDraftError';
  constructor(readonly code: IntakeDraftErrorCode) {
    super(`intake draft: ${code}`);
  }
}

function requireStep(draft: IntakeDraft, ...steps: IntakeStep[]): void {
  if (!steps.includes(draft.step)) throw new IntakeDraftError('wrong_step');
}

const defaults = () => ({ color: INTAKE_DEFAULT_COLOR, minutes: INTAKE_DEFAULT_MINUTES });

export function newIntakeDraft(messageId: number | null = null): IntakeDraft {
  return {
    step: 'items',
    messageId,
    itemsPage: 1,
    serial: null,
    itemId: null,
    newItem: null,
    ...nothingChosenAfterItem(),
  };
}

/** The draft's fields for what is chosen after the item, as they are before anything is. */
const nothingChosenAfterItem = () => ({
  parts: [],
  selected: [],
  specs: [],
  cursor: 0,
  editing: defaults(),
  manual: null,
  manualEdit: null,
});

/** Everything chosen after the item, cleared. */
function withoutSelection(draft: IntakeDraft): IntakeDraft {
  return { ...draft, ...nothingChosenAfterItem() };
}

/** The item list (`tc:list`): the template list while a confirmed new item waits for its parts. */
export function showItemList(draft: IntakeDraft, page: number): IntakeDraft {
  if (draft.newItem?.reason != null) return { ...draft, step: 'template', itemsPage: page };
  return { ...withoutSelection(draft), step: 'items', itemsPage: page, serial: null, itemId: null, newItem: null };
}

/** An existing item was chosen (from the list, a suggestion or its typed serial). */
export function pickItem(
  draft: IntakeDraft,
  item: { id: number; serial: string; parts: readonly IntakePart[] },
  page: number,
): IntakeDraft {
  return {
    ...withoutSelection(draft),
    step: 'parts',
    itemsPage: page,
    serial: item.serial,
    itemId: item.id,
    newItem: null,
    parts: item.parts.map((p) => ({ id: p.id, name: p.name })),
  };
}

/** The typed serial is unknown: ask whether to create the item. */
export function askCreateItem(draft: IntakeDraft, serial: string): IntakeDraft {
  return { ...withoutSelection(draft), step: 'serial_confirm', serial, itemId: null, newItem: null };
}

/** The creation was confirmed: the reason comes next, as text. */
export function confirmCreateItem(draft: IntakeDraft): IntakeDraft {
  requireStep(draft, 'serial_confirm');
  if (!draft.serial) throw new IntakeDraftError('wrong_step');
  return { ...draft, step: 'reason', newItem: { reason: null } };
}

export function setCreationReason(draft: IntakeDraft, reason: string): IntakeDraft {
  requireStep(draft, 'reason');
  return { ...draft, step: 'template', itemsPage: 1, newItem: { reason } };
}

/** A new item copies the parts of an existing one (they also give it its category). */
export function pickTemplate(draft: IntakeDraft, parts: readonly IntakePart[], page: number): IntakeDraft {
  requireStep(draft, 'template');
  return {
    ...withoutSelection(draft),
    step: 'parts',
    itemsPage: page,
    parts: parts.map((p) => ({ id: p.id, name: p.name })),
  };
}

export function togglePart(draft: IntakeDraft, partId: number): IntakeDraft {
  requireStep(draft, 'parts');
  if (!draft.parts.some((p) => p.id === partId)) throw new IntakeDraftError('invalid_part');
  const chosen = new Set(draft.selected);
  if (chosen.has(partId)) chosen.delete(partId);
  else chosen.add(partId);
  return { ...draft, selected: draft.parts.filter((p) => chosen.has(p.id)).map((p) => p.id) };
}

function editingFor(draft: IntakeDraft, partId: number | undefined): IntakeDraft['editing'] {
  const saved = draft.specs.find((s) => s.partId === partId);
  return saved ? { color: saved.color, minutes: saved.minutes } : defaults();
}

/** `tc:go` from the parts: configure the selected parts one by one. */
export function startSpecs(draft: IntakeDraft): IntakeDraft {
  requireStep(draft, 'parts');
  if (draft.selected.length === 0) throw new IntakeDraftError('no_parts_selected');
  return { ...draft, step: 'spec', cursor: 0, editing: editingFor(draft, draft.selected[0]) };
}

export function setPartColor(draft: IntakeDraft, color: TicketColor): IntakeDraft {
  requireStep(draft, 'spec');
  return { ...draft, editing: { ...draft.editing, color } };
}

export function setPartMinutes(draft: IntakeDraft, minutes: number): IntakeDraft {
  requireStep(draft, 'spec');
  return { ...draft, editing: { ...draft.editing, minutes: Math.max(INTAKE_MIN_MINUTES, Math.trunc(minutes)) } };
}

export function adjustPartMinutes(draft: IntakeDraft, step: number): IntakeDraft {
  return setPartMinutes(draft, draft.editing.minutes + step);
}

/** `tc:save`: the current part is done; the next one, or the summary after the last. */
export function savePart(draft: IntakeDraft): IntakeDraft {
  requireStep(draft, 'spec');
  const partId = draft.selected[draft.cursor];
  if (partId === undefined) throw new IntakeDraftError('wrong_step');
  const spec: IntakeSpecDraft = { partId, ...draft.editing };
  const specs = [...draft.specs.filter((s) => s.partId !== partId), spec];
  const cursor = draft.cursor + 1;
  if (cursor < draft.selected.length) {
    const next = { ...draft, specs, cursor };
    return { ...next, editing: editingFor(next, draft.selected[cursor]) };
  }
  return { ...draft, specs, cursor, step: 'summary' };
}

/** The specs that go into the ticket: one per selected part, in part order. */
export function selectedSpecs(draft: IntakeDraft): IntakeSpecDraft[] {
  return draft.selected.flatMap((id) => draft.specs.filter((s) => s.partId === id));
}

/** The part being configured. */
export function currentPart(draft: IntakeDraft): IntakePart | null {
  const id = draft.selected[draft.cursor];
  return draft.parts.find((p) => p.id === id) ?? null;
}

/** `tc:go` from the summary: the manual override editor, starting from the applied override. */
export function openManualOverride(draft: IntakeDraft): IntakeDraft {
  requireStep(draft, 'summary');
  return { ...draft, step: 'manual', manualEdit: draft.manual ?? { flagColor: null, xpAmount: null } };
}

/** Tapping the chosen color again clears it. */
export function toggleOverrideColor(draft: IntakeDraft, color: TicketColor): IntakeDraft {
  requireStep(draft, 'manual');
  const edit = draft.manualEdit ?? { flagColor: null, xpAmount: null };
  return { ...draft, manualEdit: { ...edit, flagColor: edit.flagColor === color ? null : color } };
}

/** XP starts unset; the first step counts from 0 and it never goes below 0. */
export function adjustOverrideXp(draft: IntakeDraft, step: number): IntakeDraft {
  requireStep(draft, 'manual');
  const edit = draft.manualEdit ?? { flagColor: null, xpAmount: null };
  return { ...draft, manualEdit: { ...edit, xpAmount: Math.max(0, (edit.xpAmount ?? 0) + step) } };
}

/** The editor's values as the override (validated by the caller with the domain first). */
export function applyManualOverride(draft: IntakeDraft): IntakeDraft {
  requireStep(draft, 'manual');
  const edit = draft.manualEdit;
  const none = !edit || (edit.flagColor === null && edit.xpAmount === null);
  return { ...draft, step: 'summary', manual: none ? null : { ...edit }, manualEdit: null };
}

/** `tc:back`, one step up. From the override editor: back to automatic metrics. */
export function stepBack(draft: IntakeDraft): IntakeDraft {
  switch (draft.step) {
    case 'items':
      return draft;
    case 'serial_confirm':
      return showItemList({ ...draft, newItem: null }, draft.itemsPage);
    case 'reason':
      return { ...draft, step: 'serial_confirm', newItem: null };
    case 'template':
      return { ...draft, step: 'reason', newItem: { reason: null } };
    case 'parts':
      return draft.newItem ? { ...withoutSelection(draft), step: 'template' } : showItemList(draft, draft.itemsPage);
    case 'spec':
    case 'summary':
      return { ...draft, step: 'parts', cursor: 0, manualEdit: null };
    case 'manual':
      return { ...draft, step: 'summary', manual: null, manualEdit: null };
  }
}
