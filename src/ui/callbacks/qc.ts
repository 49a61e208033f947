// QC buttons: the decision panel `tqc:`, the QC queue `tqq:` and the fail-reason prompt `tqf:`.
import { QC_DECISIONS } from '../../domain';
import {
  CALLBACK_DATA_MAX_BYTES,
  encodeCallback as encode,
  pagedQueueCodec,
  type PagedQueueButton,
  parseId,
  splitCallback as split,
} from './codec';

export const QC_PREFIXES = ['tqc', 'tqq', 'tqf'] as const;

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

/** `tqf:<ticket>:<skip|cancel>` — the buttons of the "reason for the QC fail" prompt. */
export type QcFailPromptButton = { ticketId: number; action: 'skip' | 'cancel' };
export const qcFailPromptButton = {
  encode(b: QcFailPromptButton): string {
    const data = `tqf:${b.ticketId}:${b.action}`;
    if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) throw new Error(`callback_data too long: ${data}`);
    return data;
  },
  decode(data: string): QcFailPromptButton | null {
    const match = /^tqf:([1-9]\d{0,9}):(skip|cancel)$/.exec(data);
    if (!match || Number(match[1]) > 2_147_483_647) return null;
    return { ticketId: Number(match[1]), action: match[2] as QcFailPromptButton['action'] };
  },
};
