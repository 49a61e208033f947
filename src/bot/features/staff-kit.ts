// What the staff ticket flows (./staff-intake, ./staff-review) share: the session slot, the role gates,
// answering and editing the pressed message.
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, type RoleSlug } from '../../domain';
import { type StaffTicketsState } from '../../ui/forms/intake-draft';
import type { BotContext, IdentityUser } from '../context';
import { editOrIgnore } from '../errors';
import { deniedWithMenu, hasSession, passGate, refuse } from '../kit';
import { type StaffView } from '../../ui/render/staff-tickets';

export const em = (ctx: BotContext) => ctx.deps.orm.em.fork() as EntityManager;
export const actorOf = (user: IdentityUser): Actor => ({ id: user.id, roles: user.roles });

// ---------------------------------------------------------------------------------------------
// Session

export function staffState(ctx: BotContext): StaffTicketsState {
  if (!hasSession(ctx)) return {};
  return ctx.session.staffTickets ?? {};
}

export function updateState(ctx: BotContext, change: Partial<StaffTicketsState>): void {
  if (!hasSession(ctx)) return;
  const next: StaffTicketsState = { ...(ctx.session.staffTickets ?? {}), ...change };
  for (const key of Object.keys(next) as (keyof StaffTicketsState)[]) if (next[key] === undefined) delete next[key];
  ctx.session.staffTickets = Object.keys(next).length > 0 ? next : undefined;
}

// ---------------------------------------------------------------------------------------------
// Gates: creation (§10 Create) and review (§10 Assign / review / manual metrics)

type RoleCheck = (roles: readonly RoleSlug[]) => boolean;

/** Commands: someone unregistered gets "Access denied" with the access-request keyboard. */
export const staffForCommand = (ctx: BotContext, allowed: RoleCheck) =>
  passGate(ctx, { allows: allowed, unregistered: deniedWithMenu, forbidden: refuse('role.access_denied') });

export const staffForCallback = (ctx: BotContext, allowed: RoleCheck) =>
  passGate(ctx, {
    allows: allowed,
    unregistered: refuse('role.unregistered'),
    forbidden: refuse('role.access_denied'),
  });

// ---------------------------------------------------------------------------------------------
// Message editing

export const markup = (view: StaffView) => ({ parse_mode: 'HTML' as const, reply_markup: view.reply_markup });

/** Edits the message the pressed button belongs to. */
export async function editWith(ctx: BotContext, view: StaffView): Promise<void> {
  await editOrIgnore(() => ctx.editMessageText(view.text, markup(view)));
}
