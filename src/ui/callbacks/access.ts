// Access-request moderation buttons: `ar:`.
import { GRANTABLE_ROLES, type RoleSlug } from '../../domain';
import { CALLBACK_DATA_MAX_BYTES, parseId } from './codec';

export const ACCESS_PREFIXES = ['ar'] as const;

/**
 * `ar:<request>:a` opens the role picker, `ar:<request>:r:<role>` approves with that role,
 * `ar:<request>:x` rejects, `ar:<request>:b` goes back from the picker.
 */
export type AccessButton =
  { requestId: number; action: 'pick' | 'reject' | 'back' } | { requestId: number; action: 'approve'; role: RoleSlug };

const ACTION_CODES = { pick: 'a', reject: 'x', back: 'b' } as const;

export const accessButton = {
  encode(b: AccessButton): string {
    const data =
      b.action === 'approve' ? `ar:${b.requestId}:r:${b.role}` : `ar:${b.requestId}:${ACTION_CODES[b.action]}`;
    if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) throw new Error(`callback_data too long: ${data}`);
    return data;
  },
  decode(data: string): AccessButton | null {
    const parts = data.split(':');
    if (parts[0] !== 'ar' || parts.length < 3 || parts.length > 4) return null;
    const requestId = parseId(parts[1]);
    if (requestId === null) return null;
    if (parts.length === 4) {
      const role = parts[3];
      if (parts[2] !== 'r' || !(GRANTABLE_ROLES as readonly string[]).includes(role)) return null;
      return { requestId, action: 'approve', role: role as RoleSlug };
    }
    const action = (Object.keys(ACTION_CODES) as (keyof typeof ACTION_CODES)[]).find(
      (a) => ACTION_CODES[a] === parts[2],
    );
    return action ? { requestId, action } : null;
  },
  /** Any `ar:` payload, well-formed or not (malformed ones get "Unknown action"). */
  matches: (data: string) => data === 'ar' || data.startsWith('ar:'),
};
