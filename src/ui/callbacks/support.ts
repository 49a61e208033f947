// Inline-button payloads of the support desk, all under the `sp:` prefix (1–64 bytes):
//   sp:a:<ticket>:<technician>   staff assigns a technician (main topic picker)
//   sp:c:<ticket>                staff closes the ticket (main topic)
//   sp:f:<ticket>:<q>:<score>    the client scores question q (1–3) of the survey (1–5)
// decode returns null for anything malformed or forged.
import { CALLBACK_DATA_MAX_BYTES, parseId } from './codec';

export const SUPPORT_PREFIXES = ['sp'] as const;

function encode(...parts: (string | number)[]): string {
  const data = ['sp', ...parts].join(':');
  if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) throw new Error(`callback_data too long: ${data}`);
  return data;
}

export type SupportButton =
  | { kind: 'assign'; ticketId: number; technicianId: number }
  | { kind: 'close'; ticketId: number }
  | { kind: 'score'; ticketId: number; question: 1 | 2 | 3; score: 1 | 2 | 3 | 4 | 5 };

export const supportButton = {
  encode(b: SupportButton): string {
    switch (b.kind) {
      case 'assign':
        return encode('a', b.ticketId, b.technicianId);
      case 'close':
        return encode('c', b.ticketId);
      case 'score':
        return encode('f', b.ticketId, b.question, b.score);
    }
  },
  decode(data: string): SupportButton | null {
    const parts = data.split(':');
    if (parts[0] !== 'sp') return null;
    const [, kind, ...rest] = parts;
    const ticketId = parseId(rest[0]);
    if (ticketId === null) return null;
    if (kind === 'a' && rest.length === 2) {
      const technicianId = parseId(rest[1]);
      return technicianId === null ? null : { kind: 'assign', ticketId, technicianId };
    }
    if (kind === 'c' && rest.length === 1) return { kind: 'close', ticketId };
    if (kind === 'f' && rest.length === 3 && /^[1-3]$/.test(rest[1]!) && /^[1-5]$/.test(rest[2]!)) {
      return {
        kind: 'score',
        ticketId,
        question: Number(rest[1]) as 1 | 2 | 3,
        score: Number(rest[2]) as 1 | 2 | 3 | 4 | 5,
      };
    }
    return null;
  },
  /** Any `sp:` payload, well-formed or not (malformed ones get "Unknown action" from the fallback). */
  matches: (data: string) => data === 'sp' || data.startsWith('sp:'),
};
