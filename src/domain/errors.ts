// Every refusal the domain can produce, keyed by a stable code. The English texts are the
// reference implementation's exact wording (workshop-domain.md §3–§6, §9); the bot translates by
// code, the API returns both. Templates use {name} placeholders filled from DomainError.params.

export const DOMAIN_ERROR_TEXTS = {
  // Permissions (§10). The emoji texts are the bot's exact alerts.
  'role.forbidden': 'You do not have permission to perform this action.',
  'role.technicians_only': '⛔ This action is available only for technicians.',
  'role.qc_inspectors_only': '⛔ This action is available only for QC inspectors.',
  'role.access_denied': 'Access denied. Contact an administrator.',
  'role.unregistered': '🚫 No access yet. Request access with /request_access.',
  'role.approve_review_forbidden': 'Only admin users can approve ticket review.',

  // Generic input validation, worded like the reference API's field errors.
  'input.not_integer': 'A valid integer is required.',
  'input.below_minimum': 'Ensure this value is greater than or equal to {min}.',
  'input.invalid_choice': '"{value}" is not a valid choice.',

  // Ticket state machine (§3).
  'ticket.review_wrong_status': 'Ticket review can be approved only from UNDER_REVIEW or NEW status.',
  'ticket.assign_wrong_status': 'Ticket cannot be assigned in current status.',
  'ticket.assign_not_reviewed': 'Ticket must pass admin review before assignment.',
  'ticket.assignee_not_found': 'Technician user does not exist.',
  'ticket.assignee_not_technician': 'Selected user does not have TECHNICIAN role.',
  'ticket.technician_has_open_session':
    'Technician already has an active work session. Stop current work session or move ticket to waiting QC before starting another ticket.',
  'ticket.start_wrong_status': 'Ticket can be started only from ASSIGNED or REWORK.',
  'ticket.start_no_technician': 'Ticket has no assigned technician.',
  'ticket.start_not_assignee': 'Only assigned technician can start this ticket.',
  'ticket.session_not_stopped': 'Work session must be stopped before moving ticket to waiting QC.',
  'ticket.send_to_qc_wrong_status': 'Ticket can be sent to QC only from IN_PROGRESS.',
  'ticket.send_to_qc_not_assignee': 'Only assigned technician can send ticket to QC.',
  'ticket.qc_pass_wrong_status': 'QC PASS allowed only from WAITING_QC.',
  'ticket.qc_pass_no_technician': 'Ticket must have an assigned technician before QC PASS.',
  'ticket.qc_fail_wrong_status': 'QC FAIL allowed only from WAITING_QC.',

  // Intake (§5).
  'intake.manual_override_incomplete': 'Manual override requires both flag_color and xp_amount.',
  'intake.active_ticket_exists': 'An active ticket already exists for this inventory item.',
  'intake.serial_invalid': 'serial_number must match pattern RM-[A-Z0-9-]{4,29}.',
  'intake.serial_archived':
    "Inventory item '{serial}' is archived. Restore the existing item before creating a ticket.",
  'intake.serial_not_found':
    "Inventory item '{serial}' was not found. Set confirm_create_inventory_item=true and provide inventory_item_creation_reason to create it.",
  'intake.serial_not_found_with_matches':
    "Inventory item '{serial}' was not found. Set confirm_create_inventory_item=true and provide inventory_item_creation_reason to create it. Closest matches: {matches}.",
  'intake.creation_reason_required':
    'inventory_item_creation_reason is required when confirm_create_inventory_item=true.',
  'intake.part_specs_empty': 'part_specs must contain at least one part entry.',
  'intake.part_ids_duplicate': 'Each part_id must appear only once.',
  'intake.part_ids_unknown': 'Unknown part ids: {ids}.',
  'intake.parts_without_category': 'Selected parts must belong to an inventory category.',
  'intake.parts_mixed_categories': 'All selected parts must belong to the same category.',
  'intake.parts_wrong_category': "Selected parts do not belong to the inventory item's category.",

  // Work sessions (§4, §6).
  'work_session.ticket_has_open_session': 'Ticket already has an active work session.',
  'work_session.technician_has_open_session': 'Technician already has an active work session.',
  'work_session.not_found': 'No active work session found for this ticket and technician.',
  'work_session.pause_wrong_status': 'Work session can be paused only from RUNNING state.',
  'work_session.pause_limit_reached': 'Daily pause limit is fully reached for today.',
  'work_session.resume_wrong_status': 'Work session can be resumed only from PAUSED state.',
  'work_session.stop_wrong_status': 'Work session can be stopped only from RUNNING or PAUSED state.',

  // Rules config (§7); field problems carry the field name.
  'rules.not_object': '{field} must be an object.',
  'rules.unknown_keys': 'Unknown config keys: {keys}.',
  'rules.not_integer': '{field} must be an integer.',
  'rules.negative': '{field} must be >= 0.',
  'rules.divisor_not_positive': 'ticket_xp.base_divisor must be > 0.',
  'rules.yellow_below_green': 'ticket_xp.flag_yellow_max_minutes must be >= ticket_xp.flag_green_max_minutes.',
  'rules.cutoff_format': '{field} must be in HH:MM format.',
  'rules.cutoff_order': 'attendance.on_time_cutoff must be <= attendance.grace_cutoff.',
  'rules.timezone_empty': '{field} must be a non-empty string.',
  'rules.timezone_invalid': '{field} must be a valid IANA time zone.',
  'rules.no_changes': 'No config changes detected.',

  // XP (§7 "Other XP").
  'xp.amount_zero': 'amount must not be 0.',
  'xp.comment_required': 'comment is required.',
  'xp.level_invalid': 'level is invalid.',

  // Weekly level evaluation and manual progression changes (issue 15).
  'progression.week_start_invalid': 'week_start must be a Monday (YYYY-MM-DD).',
  'progression.week_not_over': 'The week starting {week_start} is not over yet.',
  'progression.amount_out_of_range': 'amount must be between -{max} and {max}.',
  'progression.comment_too_long': 'comment must be at most {max} characters.',

  // Attendance (issue 15): one check-in a day, a check-out needs it and happens once.
  'attendance.already_checked_in': 'Already checked in today.',
  'attendance.not_checked_in': 'Cannot check out: there is no check-in today.',
  'attendance.already_checked_out': 'Already checked out today.',
  'attendance.target_not_technician': 'Attendance can be recorded only for an active technician.',

  // Access requests (§9).
  'access.first_name_too_short': 'First name is too short. Please enter at least 2 letters.',
  'access.last_name_too_short': 'Last name is too short. Please enter at least 2 letters.',
  'access.phone_invalid':
    'Invalid phone number format. Please send it in international format, for example +998901234567.',
  'access.already_linked': 'You are already registered and linked.',
  'access.already_approved': 'Your access request was already approved.',
  'access.phone_in_use': 'Phone number is already used by another account.',
  // A decision on a request that is no longer pending (`pending`: not the request its workflow holds).
  'access_request.closed': 'Access request is already {status}.',

  // Support desk refusals (support-desk.md), one per SUPPORT_REFUSALS code; the bot's texts are the
  // `support-refused-*` messages.
  'support.closed': '⚠️ This ticket is already closed.',
  'support.not_staff': '⛔ Only staff can do this.',
  'support.already_assigned': 'ℹ️ This technician is already assigned.',
  'support.technician_without_group': '⚠️ This technician has no group in TECH_GROUPS_MAPPING.',
  'support.not_your_survey': '⚠️ This survey is not yours.',
  'support.survey_finished': 'ℹ️ This survey is already finished.',
  'support.question_answered': 'ℹ️ This question is already answered.',
  'support.score_invalid': '⚠️ Pick a score from 1 to 5.',
  'support.comment_not_expected': 'ℹ️ No comment is expected right now.',

  // Bot refusals (§9) that are domain decisions.
  'action.unknown': '⚠️ Unknown action.',
  'action.not_available': '⚠️ Action is not available for this ticket right now.',
  'action.ticket_not_yours': '⚠️ Ticket is not found or is not assigned to you.',
  'qc.action_not_available': '⚠️ QC action is not available for this ticket status.',
} as const satisfies Record<string, string>;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_TEXTS;
export type DomainErrorParams = Readonly<Record<string, string | number>>;

export const DOMAIN_ERROR_CODES = Object.keys(DOMAIN_ERROR_TEXTS) as DomainErrorCode[];

/** Fills `{name}` placeholders; unknown placeholders stay visible rather than vanish. */
export function renderDomainErrorText(template: string, params: DomainErrorParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;
  readonly params: DomainErrorParams;
  /** The input field at fault, when there is one (API field errors). */
  readonly field: string | undefined;

  constructor(code: DomainErrorCode, params: DomainErrorParams = {}, field?: string) {
    super(renderDomainErrorText(DOMAIN_ERROR_TEXTS[code], params));
    this.code = code;
    this.params = params;
    this.field = field;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** Permission refusals map to HTTP 403 / a role alert rather than a validation message. */
export function isPermissionError(error: DomainError): boolean {
  return error.code.startsWith('role.');
}

/**
 * An error and its causes, outermost first, up to `limit` of them (a chain can loop); stops at the
 * first cause that is not an object.
 */
export function* causeChain(err: unknown, limit = 10): Generator<object> {
  let current = err;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < limit; depth += 1) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}
