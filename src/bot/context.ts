import type { Context, SessionFlavor } from 'grammy';
import type { I18n, I18nFlavor } from '@grammyjs/i18n';
import type { RoleSlug } from '../domain';
import type { CoreDeps } from '../deps';
import type { Logger } from '../logger';
import type { Services } from '../services';
import type { StaffTicketsState } from '../ui/forms/intake-draft';

/** Everything the bot's handlers may call; built once per process. */
export interface BotDeps extends CoreDeps {
  services: Services;
  i18n: I18n<BotContext>;
}

export interface IdentityUser {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  roles: RoleSlug[];
}

/** Who sent the update: the active linked user, if any, from the identity cache or Postgres (src/services/identity.ts). */
export interface Identity {
  telegramId: number;
  /** Active linked user with roles; null for unregistered or inactive people. */
  user: IdentityUser | null;
  locale: string;
}

/** Conversation state of the bot (grammY session, Redis `fsm:`), private chats only. */
export interface SessionData {
  /** The access-request form in progress. */
  accessForm?: {
    step: 'first_name' | 'last_name' | 'phone';
    firstName?: string;
    lastName?: string;
    cardMessageId?: number;
  };
  /** A QC fail waiting for its optional reason: the next text from this QC user (src/bot/features/qc.ts). */
  qcFail?: {
    ticketId: number;
    /** The Fail button's callback query id: the decision's idempotency key. */
    updateId: string;
    /** The panel the Fail button was on, refreshed once the decision is made. */
    panelMessageId?: number;
    /** The QC queue page the panel's back button leads to, when it was opened from the queue. */
    queuePage?: number;
    promptMessageId?: number;
    /** Epoch ms; a prompt left unanswered expires. */
    askedAt: number;
  };
  /** Staff ticket intake draft, review page and manual-metrics editor (src/bot/features/staff-tickets.ts). */
  staffTickets?: StaffTicketsState;
}

export type BotContext = Context &
  I18nFlavor &
  SessionFlavor<SessionData> & {
    identity: Identity;
    deps: BotDeps;
    log: Logger;
  };
