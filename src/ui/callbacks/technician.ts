// Technician buttons: ticket actions `tt:`, dashboards `ttq:`, the removed quick panel `ttm:`, XP history `xph:`.
import { type DashboardScope, isDashboardScope, isTechnicianAction, type TechnicianAction } from '../../domain';
import { encodeCallback as encode, parseId, parsePage, splitCallback as split } from './codec';

export const TECHNICIAN_PREFIXES = ['tt', 'ttq', 'ttm', 'xph'] as const;

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
