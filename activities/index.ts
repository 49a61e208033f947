import type { Translator } from '../src/i18n';
import type { Api } from 'grammy';
import type { CoreDeps } from '../src/deps';
import type { TicketNotifier } from '../src/notify/notifier';
import type { TelegramPacingLimits } from '../src/telegram/pacing';
import { createAccessActivities } from './access';
import { heartbeating } from './heartbeat';
import { createNotificationActivities } from './notifications';
import { createSessionSweepActivities } from './session-sweep';
import { createWorkSessionActivities } from './sessions';
import { createTicketActivities } from './tickets';
import { createSupportActivities } from './support';
import type { SupportRouting } from './support-shared';
import { createProgressionActivities, type LevelEvaluationStore } from './progression';

export interface ActivityDeps extends CoreDeps {
  ticketNotifier: TicketNotifier;
  /** Outgoing Bot API; null when no bot is configured (then nothing is sent to Telegram). */
  telegram: Api | null;
  /** Texts in each recipient's language. */
  i18n: Translator;
  /** Outgoing pacing per chat (Telegram's limits by default); false turns it off. */
  telegramPacing?: TelegramPacingLimits | false;
  /** The support desk's routing, for the re-route activity. */
  supportRouting: SupportRouting;
  /** The weekly level evaluation's persistence, for the evaluation activities. */
  levelEvaluations: LevelEvaluationStore;
}

/**
 * Every activity the worker registers, bound to the process's dependencies; each heartbeats while
 * it runs (./heartbeat), so a dead worker's activities are retried within the heartbeat timeout.
 */
export function createActivities(deps: ActivityDeps) {
  return heartbeating({
    ...createTicketActivities(deps),
    ...createWorkSessionActivities(deps),
    ...createSessionSweepActivities(deps),
    ...createNotificationActivities(deps),
    ...createAccessActivities(deps),
    ...createSupportActivities(deps),
    ...createProgressionActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
