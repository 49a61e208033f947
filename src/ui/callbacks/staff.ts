// Typed codecs for the staff buttons (workshop-domain.md §9): ticket intake `tc:`, the review
// queue `trq:` and review actions `tra:`. Encoders produce exactly the reference formats; decoders
// return null for anything malformed or forged, so handlers never see bad input.
import { isTicketColor, type TicketColor } from '../../domain';
import { encodeCallback, pagedQueueCodec, type PagedQueueButton, parseId, parsePage, splitCallback } from './codec';

/** Minute presets of the intake part editor. */
export const INTAKE_MINUTE_PRESETS = [10, 20, 30, 45] as const;
export type IntakeMinutePreset = (typeof INTAKE_MINUTE_PRESETS)[number];

/** Steps of the ± buttons (intake minutes, manual XP). Positive steps encode without a sign. */
export const ADJUST_STEPS = [-5, -1, 1, 5] as const;
export type AdjustStep = (typeof ADJUST_STEPS)[number];

/** XP presets of the manual metrics editor. */
export const MANUAL_XP_PRESETS = [0, 5, 10, 15, 20, 30, 40, 50] as const;
export type ManualXpPreset = (typeof MANUAL_XP_PRESETS)[number];

/** `-5`, `-1`, `1`, `5` (a leading `+` is accepted too). */
const parseStep = (value: string | undefined): AdjustStep | null => {
  if (value === undefined || !/^[+-]?\d$/.test(value)) return null;
  const step = Number(value);
  return (ADJUST_STEPS as readonly number[]).includes(step) ? (step as AdjustStep) : null;
};
const parseOneOf = <T extends number>(value: string | undefined, allowed: readonly T[]): T | null => {
  if (value === undefined || !/^\d{1,3}$/.test(value)) return null;
  const n = Number(value);
  return (allowed as readonly number[]).includes(n) ? (n as T) : null;
};
const parseColor = (value: string | undefined): TicketColor | null => (isTicketColor(value) ? value : null);

export const STAFF_PREFIXES = ['tc', 'trq', 'tra'] as const;

const encode = encodeCallback;
const split = splitCallback;

// ---------------------------------------------------------------------------------------------
// tc — ticket intake

export type IntakeButton =
  | { kind: 'list'; page: number }
  | { kind: 'item'; itemId: number; page: number }
  | { kind: 'tog'; partId: number }
  | { kind: 'clr'; color: TicketColor }
  | { kind: 'min'; minutes: IntakeMinutePreset }
  | { kind: 'adj'; step: AdjustStep }
  | { kind: 'go' | 'save' | 'create' | 'back' | 'cancel' | 'noop' };

const INTAKE_BARE = ['go', 'save', 'create', 'back', 'cancel', 'noop'] as const;

export const intakeButton = {
  encode(b: IntakeButton): string {
    switch (b.kind) {
      case 'list':
        return encode('tc', 'list', b.page);
      case 'item':
        return encode('tc', 'item', b.itemId, b.page);
      case 'tog':
        return encode('tc', 'tog', b.partId);
      case 'clr':
        return encode('tc', 'clr', b.color);
      case 'min':
        return encode('tc', 'min', b.minutes);
      case 'adj':
        return encode('tc', 'adj', b.step);
      default:
        return encode('tc', b.kind);
    }
  },
  decode(data: string): IntakeButton | null {
    const parts = split(data, 'tc');
    if (!parts || parts.length === 0) return null;
    const [kind, a, b, ...rest] = parts;
    if (rest.length > 0) return null;
    if ((INTAKE_BARE as readonly string[]).includes(kind ?? '')) {
      return a === undefined ? { kind: kind as (typeof INTAKE_BARE)[number] } : null;
    }
    const one = a !== undefined && b === undefined;
    switch (kind) {
      case 'list': {
        const page = one ? parsePage(a) : null;
        return page === null ? null : { kind, page };
      }
      case 'item': {
        const itemId = parseId(a);
        const page = parsePage(b);
        return itemId === null || page === null ? null : { kind, itemId, page };
      }
      case 'tog': {
        const partId = one ? parseId(a) : null;
        return partId === null ? null : { kind, partId };
      }
      case 'clr': {
        const color = one ? parseColor(a) : null;
        return color === null ? null : { kind, color };
      }
      case 'min': {
        const minutes = one ? parseOneOf(a, INTAKE_MINUTE_PRESETS) : null;
        return minutes === null ? null : { kind, minutes };
      }
      case 'adj': {
        const step = one ? parseStep(a) : null;
        return step === null ? null : { kind, step };
      }
      default:
        return null;
    }
  },
};

// ---------------------------------------------------------------------------------------------
// trq — review queue

/** Like the reference, a missing page means page 1. */
export type ReviewQueueButton = PagedQueueButton;
export const reviewQueueButton = pagedQueueCodec('trq');

// ---------------------------------------------------------------------------------------------
// tra — review actions on one ticket

export type ReviewActionButton =
  | { kind: 'assign' | 'manual' | 'ms' | 'bk' | 'noop'; ticketId: number }
  | { kind: 'ap'; ticketId: number; page: number }
  | { kind: 'at'; ticketId: number; technicianId: number }
  | { kind: 'mc'; ticketId: number; color: TicketColor }
  | { kind: 'mx'; ticketId: number; xp: ManualXpPreset }
  | { kind: 'adj'; ticketId: number; step: AdjustStep };

/** `noop` is the reference's inert middle button of the XP row (`tra:noop:<id>`). */
const REVIEW_BARE = ['assign', 'manual', 'ms', 'bk', 'noop'] as const;

export const reviewActionButton = {
  encode(b: ReviewActionButton): string {
    switch (b.kind) {
      case 'ap':
        return encode('tra', 'ap', b.ticketId, b.page);
      case 'at':
        return encode('tra', 'at', b.ticketId, b.technicianId);
      case 'mc':
        return encode('tra', 'mc', b.ticketId, b.color);
      case 'mx':
        return encode('tra', 'mx', b.ticketId, b.xp);
      case 'adj':
        return encode('tra', 'adj', b.ticketId, b.step);
      default:
        return encode('tra', b.kind, b.ticketId);
    }
  },
  decode(data: string): ReviewActionButton | null {
    const parts = split(data, 'tra');
    if (!parts || parts.length < 2 || parts.length > 3) return null;
    const [kind, rawId, arg] = parts;
    const ticketId = parseId(rawId);
    if (ticketId === null) return null;
    if ((REVIEW_BARE as readonly string[]).includes(kind ?? '')) {
      return arg === undefined ? { kind: kind as (typeof REVIEW_BARE)[number], ticketId } : null;
    }
    switch (kind) {
      case 'ap': {
        const page = parsePage(arg);
        return page === null ? null : { kind, ticketId, page };
      }
      case 'at': {
        const technicianId = parseId(arg);
        return technicianId === null ? null : { kind, ticketId, technicianId };
      }
      case 'mc': {
        const color = parseColor(arg);
        return color === null ? null : { kind, ticketId, color };
      }
      case 'mx': {
        const xp = parseOneOf(arg, MANUAL_XP_PRESETS);
        return xp === null ? null : { kind, ticketId, xp };
      }
      case 'adj': {
        const step = parseStep(arg);
        return step === null ? null : { kind, ticketId, step };
      }
      default:
        return null;
    }
  },
};
