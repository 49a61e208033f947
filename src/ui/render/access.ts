// Access requests in the bot (workshop-domain.md §9 "Access-request FSM", §8 `access_request_decision`):
// the requester's form card, the moderators' request card with its buttons, the decision texts,
// and the `ar:` callback codec. Pure: view models in, text and markup out.
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types';
import type { AccessRequestStatus, RoleSlug } from '../../domain';
import { GRANTABLE_ROLES } from '../../domain';
import { accessButton } from '../callbacks/access';
import { escapeHtml } from './html';
import type { Translate } from '../../i18n';
import type { AccessRequestCardView } from '../../reads/access-requests';

/** Arguments are strings: Fluent digit-groups numbers (`5,012,345,678`), which ids must never be. */

// ---------------------------------------------------------------- the requester's form

export type AccessFormStep = 'first_name' | 'last_name' | 'phone';
export const ACCESS_FORM_STEPS: readonly AccessFormStep[] = ['first_name', 'last_name', 'phone'];

export interface AccessFormView {
  step: AccessFormStep;
  firstName?: string;
  lastName?: string;
}

/** `🟩🟩⬜` for step 2 of 3. */
export function progressBar(done: number, total = ACCESS_FORM_STEPS.length): string {
  const filled = Math.min(Math.max(done, 0), total);
  return '🟩'.repeat(filled) + '⬜'.repeat(total - filled);
}

const roleLabel = (t: Translate, role: RoleSlug) => t(`role-${role.replace(/_/g, '-')}`);
const rolesText = (t: Translate, roles: readonly RoleSlug[]) => roles.map((r) => roleLabel(t, r)).join(', ') || '—';

/**
 * The progress card, reposted at each step: "🧾 Access request / 📈 Progress: k/3 🟩⬜", what was
 * entered so far, the reason the last input was refused (if it was) and the question of the step.
 */
export function accessFormCard(t: Translate, form: AccessFormView, problem?: string): string {
  const step = ACCESS_FORM_STEPS.indexOf(form.step) + 1;
  const lines = [
    t('access-form-title'),
    t('access-form-progress', {
      step: String(step),
      total: String(ACCESS_FORM_STEPS.length),
      bar: progressBar(step),
    }),
  ];
  const entered: string[] = [];
  if (form.firstName) entered.push(t('access-form-first-name', { value: escapeHtml(form.firstName) }));
  if (form.lastName) entered.push(t('access-form-last-name', { value: escapeHtml(form.lastName) }));
  if (entered.length) lines.push('', ...entered);
  lines.push('');
  if (problem) lines.push(`⚠️ ${escapeHtml(problem.replace(/^⚠️\s*/, ''))}`);
  lines.push(t(`access-ask-${form.step.replace(/_/g, '-')}`), '', t('access-form-hint'));
  return lines.join('\n');
}

/** The phone step's reply keyboard: one button that shares the user's own contact. */
export function shareContactKeyboard(t: Translate): ReplyKeyboardMarkup {
  return {
    keyboard: [[{ text: t('access-share-contact'), request_contact: true }]],
    resize_keyboard: true,
    one_time_keyboard: true,
  };
}

// ---------------------------------------------------------------- the moderators' card

/** `2026-11-21 14:05 UTC` */
export function formatUtc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function accessRequestCardText(t: Translate, view: AccessRequestCardView, pickingRole = false): string {
  const telegram = view.username ? `@${view.username} (${view.telegramId})` : String(view.telegramId);
  const lines = [
    t('access-card-title', { id: String(view.id) }),
    t('access-card-name', { name: escapeHtml(`${view.firstName} ${view.lastName}`.trim()) }),
    t('access-card-phone', { phone: escapeHtml(view.phone) }),
    t('access-card-telegram', { telegram: escapeHtml(telegram) }),
  ];
  const by = escapeHtml(view.resolvedByName ?? '—');
  switch (view.status) {
    case 'pending':
      if (view.expiresAt !== null) lines.push(t('access-card-expires', { at: formatUtc(view.expiresAt) }));
      if (pickingRole) lines.push('', t('access-card-pick-role'));
      break;
    case 'approved':
      lines.push('', t('access-card-approved', { by, roles: rolesText(t, view.rolesGranted) }));
      break;
    case 'rejected':
      lines.push('', t('access-card-rejected', { by }));
      break;
    case 'expired':
      lines.push('', t('access-card-expired'));
      break;
  }
  return lines.join('\n');
}

/** Approve / Reject, or the role picker (one tap approves with that role) with a way back. */
export function accessRequestKeyboard(
  t: Translate,
  requestId: number,
  mode: 'decide' | 'roles' | 'none',
): InlineKeyboardMarkup {
  if (mode === 'none') return { inline_keyboard: [] };
  if (mode === 'decide') {
    return {
      inline_keyboard: [
        [
          { text: t('access-btn-approve'), callback_data: accessButton.encode({ requestId, action: 'pick' }) },
          { text: t('access-btn-reject'), callback_data: accessButton.encode({ requestId, action: 'reject' }) },
        ],
      ],
    };
  }
  const roles = GRANTABLE_ROLES.map((role) => ({
    text: `🎭 ${roleLabel(t, role)}`,
    callback_data: accessButton.encode({ requestId, action: 'approve', role }),
  }));
  return {
    inline_keyboard: [
      roles.slice(0, 2),
      roles.slice(2),
      [{ text: t('access-btn-back'), callback_data: accessButton.encode({ requestId, action: 'back' }) }],
    ],
  };
}

// ---------------------------------------------------------------- decisions

/** What the requester is told (§8 `access_request_decision`, plus expiry). */
export function accessDecisionText(
  t: Translate,
  status: Exclude<AccessRequestStatus, 'pending'>,
  roles: readonly RoleSlug[] = [],
): string {
  return t(`access-decision-${status}`, { roles: rolesText(t, roles) });
}

/** The alert for a decision on a request that is no longer pending. */
export function accessClosedText(t: Translate, status: AccessRequestStatus): string {
  return t(status === 'pending' ? 'access-not-found' : `access-closed-${status}`);
}
