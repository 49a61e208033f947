// Mini App authentication: Telegram signs the launch parameters (initData) with an HMAC keyed by
// the bot token ("WebAppData"). The signature is checked by @telegram-apps/init-data-node, after a
// constant-time comparison of our own (the library compares with !==); then the age, a small
// future-skew window, and single use: the hash of an accepted initData is kept in Redis until it
// could no longer pass the age check, so a captured initData cannot be replayed.
import { timingSafeEqual } from 'node:crypto';
import type * as InitDataNode from '@telegram-apps/init-data-node' with { 'resolution-mode': 'import' };
import type { CoreDeps } from '../../deps';
import { webInitDataKey } from '../../redis/keys';

// An ES module package (its CommonJS build is loaded by require() where the runtime asks for it).
let initDataNode: Promise<typeof InitDataNode> | null = null;
const library = () => (initDataNode ??= import('@telegram-apps/init-data-node'));

export interface InitDataPolicy {
  botToken: string;
  /** The oldest auth_date accepted (MINIAPP_INIT_DATA_MAX_AGE_SECONDS). */
  maxAgeSeconds: number;
  /** How far in the future auth_date may lie (clock skew between Telegram and us). */
  futureSkewSeconds: number;
  now?: () => Date;
}

export type InitDataRefusal = 'malformed' | 'signature' | 'stale' | 'future' | 'replayed' | 'no_user';

export type InitDataCheck = { ok: true; telegramId: number } | { ok: false; reason: InitDataRefusal };

/** The allowance for clocks: an auth_date up to this far ahead of ours is accepted. */
export const DEFAULT_FUTURE_SKEW_SECONDS = 30;

/** Telegram's data-check-string: every field but the hash, `key=value`, sorted, one per line. */
function dataCheckString(params: URLSearchParams): string {
  const pairs: string[] = [];
  params.forEach((value, key) => {
    if (key !== 'hash') pairs.push(`${key}=${value}`);
  });
  return pairs.sort().join('\n');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks the signature, age and future skew of a raw initData string (no replay check). */
export async function checkInitData(
  raw: string,
  policy: InitDataPolicy,
): Promise<{ ok: true; telegramId: number; hash: string } | Extract<InitDataCheck, { ok: false }>> {
  const { parse, signData, validate } = await library();
  const params = new URLSearchParams(raw);
  const hash = params.get('hash');
  const authDate = Number(params.get('auth_date'));
  if (!hash || !Number.isSafeInteger(authDate) || authDate <= 0) return { ok: false, reason: 'malformed' };
  if (!sameHex(signData(dataCheckString(params), policy.botToken), hash)) return { ok: false, reason: 'signature' };
  const nowMs = (policy.now?.() ?? new Date()).getTime();
  const authMs = authDate * 1000;
  if (authMs > nowMs + policy.futureSkewSeconds * 1000) return { ok: false, reason: 'future' };
  if (authMs < nowMs - policy.maxAgeSeconds * 1000) return { ok: false, reason: 'stale' };
  try {
    // The maintained check as well (signature and format); the age is ours, against our clock.
    validate(params, policy.botToken, { expiresIn: 0 });
    const user = parse(params).user;
    if (!user || !Number.isSafeInteger(user.id)) return { ok: false, reason: 'no_user' };
    return { ok: true, telegramId: user.id, hash };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

/**
 * checkInitData, then single use: the first request with this initData claims its hash in Redis
 * (SET NX) for as long as the initData could still pass the age check; any later one is refused.
 */
export async function acceptInitData(
  raw: string,
  policy: InitDataPolicy,
  redis: CoreDeps['redis'],
): Promise<InitDataCheck> {
  const check = await checkInitData(raw, policy);
  if (!check.ok) return check;
  const ttl = policy.maxAgeSeconds + policy.futureSkewSeconds;
  const claimed = await redis.set(webInitDataKey(check.hash), '1', 'EX', ttl, 'NX');
  if (claimed !== 'OK') return { ok: false, reason: 'replayed' };
  return { ok: true, telegramId: check.telegramId };
}
