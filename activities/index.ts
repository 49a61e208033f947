import type { CoreDeps } from '../src/deps';
import type { TicketNotifier } from '../src/services/notifier';
import { createNotificationActivities } from './notifications';
import { createWorkSessionActivities } from './sessions';
import { createTicketActivities } from './tickets';

export interface ActivityDeps extends CoreDeps {
  ticketNotifier: TicketNotifier;
}

/** Every activity the worker registers, bound to the process's dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createTicketActivities(deps),
    ...createWorkSessionActivities(deps),
    ...createNotificationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
