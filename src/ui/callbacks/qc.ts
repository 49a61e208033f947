// QC buttons: the decision panel `tqc:` and the QC queue `tqq:`.
import { QC_DECISIONS } from '../../domain';
import {
  encodeCallback as encode,
  pagedQueueCodec,
  type PagedQueueButton,
  parseId,
  splitCallback as split,
} from './codec';

export const QC_PREFIXES = ['tqc', 'tqq'] as const;

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

/** `tqq:` — the QC queue. */
export type QcQueueButton = PagedQueueButton;
export const qcQueueButton = pagedQueueCodec('tqq');
