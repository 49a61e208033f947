import { Api } from 'grammy';
import type { Config } from '../config';

/**
 * The Bot API client activities send with (notifications, the support bridge). No automatic
 * retry here: activities turn Telegram failures into Temporal retries (see ./failures).
 */
export function createTelegramApi(config: Config['telegram']): Api | null {
  return config.botToken ? new Api(config.botToken, { apiRoot: config.apiRoot }) : null;
}
