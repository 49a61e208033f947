// Typed codecs for inline-button payloads (`callback_data`, 1–64 bytes). One codec per prefix;
// decode returns null for anything malformed or forged, so handlers never see bad input.
import {
  clampPage,
  DASHBOARD_SCOPES,
  type DashboardScope,
  isDashboardScope,
  isTechnicianAction,
  QC_DECISIONS,
  type TechnicianAction,
} from '../../domain';

/** Telegram's limit on callback_data, in UTF-8 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

const ID = /^[1-9]\d{0,9}$/;
/** A positive 32-bit id, or null. */
export const parseId = (value: string | undefined): number | null =>
  value !== undefined && ID.test(value) && Number(value) <= 2_147_483_647 ? Number(value) : null;
/** Pages are clamped to the page count by the handler; here only their shape is checked. */
export const parsePage = (value: string | undefined): number | null =>
  value !== undefined && /^\d{1,6}$/.test(value) ? Math.max(Number(value), 1) : null;

/** Joins the parts with `:`; a payload over Telegram's 64 bytes is a programming error. */
export function encodeCallback(...parts: (string | number)[]): string {
  const data = parts.join(':');
  if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) throw new Error(`callback_data too long: ${data}`);
  return data;
}

/** The parts after `prefix`, or null when the payload has another prefix or is oversized (forged). */
export function splitCallback(data: string, prefix: string): string[] | null {
  if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) return null;
  const parts = data.split(':');
  return parts[0] === prefix ? parts.slice(1) : null;
}

const encode = encodeCallback;
const split = splitCallback;

/** `tt:<ticket>:<action>` — technician ticket actions (plus refresh). */
export type TicketButton = { ticketId: number; action: TechnicianAction | 'refresh' };
export const ticketButton = {
  encode: (b: TicketButton) => encode('tt', b.ticketId, b.action),
  decode(data: string): TicketButton | null {
    const parts = split(data, 'tt');
    if (!parts || parts.length !== 2) return null;
    const ticketId = parseId(parts[0]);
    const action = parts[1];
    if (ticketId === null || !(action === 'refresh' || isTechnicianAction(action))) return null;
    return { ticketId, action };
  },
  /** A `tt:` payload whose action is not one we know: "Unknown action", not a silent drop. */
  isUnknownAction: (data: string) => data.startsWith('tt:') && ticketButton.decode(data) === null,
};

/**
 * `ttq:refresh:<scope>:<page>` and `ttq:open:<ticket>:<scope>:<page>` — technician dashboards.
 * Legacy payloads without scope/page mean active / 1.
 */
export type QueueButton =
  | { kind: 'refresh'; scope: DashboardScope; page: number }
  | { kind: 'open'; ticketId: number; scope: DashboardScope; page: number };
export const queueButton = {
  encode(b: QueueButton): string {
    return b.kind === 'refresh'
      ? encode('ttq', 'refresh', b.scope, b.page)
      : encode('ttq', 'open', b.ticketId, b.scope, b.page);
  },
  decode(data: string): QueueButton | null {
    const parts = split(data, 'ttq');
    if (!parts) return null;
    const [kind, ...rest] = parts;
    const scopeAndPage = (scope?: string, page?: string): { scope: DashboardScope; page: number } | null => {
      if (scope === undefined) return { scope: 'active', page: 1 };
      if (!isDashboardScope(scope)) return null;
      if (page === undefined) return { scope, page: 1 };
      const parsed = parsePage(page);
      return parsed === null ? null : { scope, page: parsed };
    };
    if (kind === 'refresh' && rest.length <= 2) {
      const sp = scopeAndPage(rest[0], rest[1]);
      return sp && { kind, ...sp };
    }
    if (kind === 'open' && rest.length >= 1 && rest.length <= 3) {
      const ticketId = parseId(rest[0]);
      const sp = scopeAndPage(rest[1], rest[2]);
      return ticketId !== null && sp ? { kind, ticketId, ...sp } : null;
    }
    return null;
  },
};

/** `ttm:*` — the removed quick panel; answered with a notice. */
export const isLegacyQuickPanel = (data: string) => data === 'ttm' || data.startsWith('ttm:');

/** `tqc:<ticket>:<pass|fail|refresh>` — QC decision panel. */
export type QcButton = { ticketId: number; action: (typeof QC_DECISIONS)[number] | 'refresh' };
export const qcButton = {
  encode: (b: QcButton) => encode('tqc', b.ticketId, b.action),
  decode(data: string): QcButton | null {
    const parts = split(data, 'tqc');
    if (!parts || parts.length !== 2) return null;
    const ticketId = parseId(parts[0]);
    const action = parts[1];
    if (ticketId === null || !(action === 'refresh' || (QC_DECISIONS as readonly string[]).includes(action)))
      return null;
    return { ticketId, action: action as QcButton['action'] };
  },
};

/** `<prefix>:refresh:<page>` and `<prefix>:open:<ticket>:<page>`: a paged ticket queue (no page means 1). */
export type PagedQueueButton = { kind: 'refresh'; page: number } | { kind: 'open'; ticketId: number; page: number };
export function pagedQueueCodec(prefix: string) {
  return {
    encode: (b: PagedQueueButton) =>
      b.kind === 'refresh' ? encode(prefix, 'refresh', b.page) : encode(prefix, 'open', b.ticketId, b.page),
    decode(data: string): PagedQueueButton | null {
      const parts = split(data, prefix);
      if (!parts) return null;
      if (parts[0] === 'refresh' && parts.length <= 2) {
        const page = parts[1] === undefined ? 1 : parsePage(parts[1]);
        return page === null ? null : { kind: 'refresh', page };
      }
      if (parts[0] === 'open' && (parts.length === 2 || parts.length === 3)) {
        const ticketId = parseId(parts[1]);
        const page = parts[2] === undefined ? 1 : parsePage(parts[2]);
        return ticketId === null || page === null ? null : { kind: 'open', ticketId, page };
      }
      return null;
    },
  };
}

/** `tqq:` — the QC queue. */
export type QcQueueButton = PagedQueueButton;
export const qcQueueButton = pagedQueueCodec('tqq');

/** `xph:<limit>:<offset>` — XP history pages (limit 1–30, default 5). */
export type XpHistoryButton = { limit: number; offset: number };
export const XP_HISTORY_DEFAULT_LIMIT = 5;
export const xpHistoryButton = {
  encode: (b: XpHistoryButton) => encode('xph', b.limit, b.offset),
  decode(data: string): XpHistoryButton | null {
    const parts = split(data, 'xph');
    if (!parts || parts.length > 2) return null;
    const limit = parts[0] === undefined || parts[0] === '' ? XP_HISTORY_DEFAULT_LIMIT : Number(parts[0]);
    const offset = parts[1] === undefined ? 0 : Number(parts[1]);
    if (!Number.isInteger(limit) || !Number.isInteger(offset) || offset < 0) return null;
    return { limit: Math.min(Math.max(limit, 1), 30), offset };
  },
};

/** Dashboard scopes in the order the menu shows them. */
export const SCOPES: readonly DashboardScope[] = DASHBOARD_SCOPES;

/** Clamp helper re-exported for renderers that page lists. */
export { clampPage };
