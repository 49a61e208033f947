// The write facades, built once per process (createServices) and handed to the bot and the REST API, so
// an update or a request calls the same instances instead of building its own.
import type { CoreDeps } from '../deps';
import { AccessRequestService } from './access-requests';
import { ApiTokenService } from './api-tokens';
import { AttendanceService } from './attendance';
import { InventoryService } from './inventory';
import { ProgressionService } from './progression';
import { RulesService } from './rules';
import { SupportService } from './support';
import { TicketService } from './tickets';
import { UserService } from './users';

export interface Services {
  tickets: TicketService;
  users: UserService;
  inventory: InventoryService;
  rules: RulesService;
  tokens: ApiTokenService;
  accessRequests: AccessRequestService;
  support: SupportService;
  progression: ProgressionService;
  attendance: AttendanceService;
}

/** Every service's name: a partial set (tests replace some) is completed from deps. */
export const SERVICE_NAMES = [
  'tickets',
  'users',
  'inventory',
  'rules',
  'tokens',
  'accessRequests',
  'support',
  'progression',
  'attendance',
] as const satisfies readonly (keyof Services)[];

export function createServices(deps: CoreDeps): Services {
  return {
    tickets: new TicketService(deps),
    users: new UserService(deps),
    inventory: new InventoryService(deps),
    rules: new RulesService(deps),
    tokens: new ApiTokenService({
      orm: deps.orm,
      apiToken: deps.config.apiToken,
      tokenTtlDays: deps.config.apiTokenTtlDays,
    }),
    accessRequests: new AccessRequestService(deps),
    support: new SupportService(deps),
    progression: new ProgressionService(deps),
    attendance: new AttendanceService({ orm: deps.orm }),
  };
}
