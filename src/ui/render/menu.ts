// The reply keyboard and /help, by the roles a user holds (pure: view model in, markup out).
import type { BotCommand, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import { canAdjustProgression } from '../../domain/roles';
import {
  canDecideQc,
  canModerateAccess,
  canRecordAttendance,
  hasTechnicianRole,
  isStaff,
  type RoleSlug,
} from '../../domain';
import type { Translate } from '../../i18n';

/** Reply-keyboard buttons; their labels are matched in every locale when typed back. */
export const MENU_BUTTONS = [
  'menu-active',
  'menu-under-qc',
  'menu-past',
  'menu-xp',
  'menu-xp-history',
  'menu-profile',
  'menu-help',
  'menu-qc',
  'menu-review',
  'menu-create',
  'menu-stats',
  'menu-access',
  'menu-check-in',
  'menu-check-out',
] as const;
export type MenuButton = (typeof MENU_BUTTONS)[number];

/** Rows of the reply keyboard: technician rows, QC and staff rows for those roles, profile/help for all. */
export function menuRows(roles: readonly RoleSlug[] | null): MenuButton[][] {
  if (roles === null) return [];
  const rows: MenuButton[][] = [];
  if (hasTechnicianRole(roles)) {
    rows.push(
      ['menu-check-in', 'menu-check-out'],
      ['menu-active', 'menu-under-qc'],
      ['menu-past', 'menu-xp'],
      ['menu-xp-history', 'menu-profile'],
      ['menu-help'],
    );
  }
  const extra: MenuButton[] = [];
  if (canDecideQc(roles)) extra.push('menu-qc');
  if (isStaff(roles)) extra.push('menu-review', 'menu-create');
  if (extra.length) rows.push(extra);
  if (isStaff(roles)) rows.push(canModerateAccess(roles) ? ['menu-stats', 'menu-access'] : ['menu-stats']);
  if (!hasTechnicianRole(roles)) rows.push(['menu-profile', 'menu-help']);
  return rows;
}

/**
 * The role menu; for someone unregistered who touched a staff feature (the front door's "Access
 * denied"), one Start Access Request button that hides once used and never stays on the screen.
 */
export function menuKeyboard(t: Translate, roles: readonly RoleSlug[] | null): ReplyKeyboardMarkup {
  if (roles === null) {
    return { keyboard: [[{ text: t('menu-start-access') }]], resize_keyboard: true, one_time_keyboard: true };
  }
  const rows = menuRows(roles).map((row) => row.map((key) => ({ text: t(key) })));
  return { keyboard: rows, resize_keyboard: true, is_persistent: true };
}

/**
 * The keyboard of /help: the role menu, or none for someone unregistered — most of them are
 * clients of the support desk, who just write; staff find /request_access in the list.
 */
export function helpKeyboard(
  t: Translate,
  roles: readonly RoleSlug[] | null,
): ReplyKeyboardMarkup | ReplyKeyboardRemove {
  return roles === null ? { remove_keyboard: true } : menuKeyboard(t, roles);
}

/** The command that opens the access-request form (the form is never opened by /start). */
export const REQUEST_ACCESS_COMMAND = 'request_access';

/** Commands a user may run, grouped as /help lists them. */
export function helpCommands(roles: readonly RoleSlug[] | null): string[] {
  const commands = ['start', 'help', 'cancel'];
  if (roles === null) return [...commands, REQUEST_ACCESS_COMMAND];
  commands.push('my');
  if (hasTechnicianRole(roles)) commands.push('queue', 'active', 'tech', 'under_qc', 'past', 'xp', 'xp_history');
  // Attendance: technicians for themselves, staff on a technician's behalf and the day's list.
  if (hasTechnicianRole(roles) || canRecordAttendance(roles)) commands.push('checkin', 'checkout');
  if (canRecordAttendance(roles)) commands.push('attendance');
  if (canDecideQc(roles)) commands.push('qc', 'qc_checks');
  if (isStaff(roles)) commands.push('ticket_create', 'ticket_review', 'techs', 'find', 'stats', 'leaderboard');
  // Support desk, in a ticket's topic of the main group.
  if (isStaff(roles)) commands.push('close', 'ban', 'unban');
  // Going live, in the staff group or a technician's group: its id and a setup check.
  if (isStaff(roles)) commands.push('chat_id');
  if (canModerateAccess(roles)) commands.push('access_requests');
  if (canAdjustProgression(roles)) commands.push('xp_adjust', 'set_level');
  // The web console's one-time sign-in link (src/bot/features/console.ts): anyone with a role.
  if (roles.length > 0) commands.push('console');
  return commands;
}

const commandDescription = (t: Translate, command: string) => t(`help-cmd-${command.replace(/_/g, '-')}`);

export function helpText(t: Translate, roles: readonly RoleSlug[] | null): string {
  return [t('help-title'), '', ...helpCommands(roles).map((c) => `/${c} — ${commandDescription(t, c)}`)].join('\n');
}

/** The bot's command menu (setMyCommands) for someone with these roles: the commands /help lists. */
export function commandMenu(t: Translate, roles: readonly RoleSlug[] | null): BotCommand[] {
  return helpCommands(roles).map((command) => ({ command, description: commandDescription(t, command) }));
}
