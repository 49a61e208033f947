# Domain refusals (src/domain/errors.ts), keyed err-<code with dots as dashes>.

err-role-forbidden = You do not have permission to perform this action.
err-role-technicians_only = ⛔ This action is available only for technicians.
err-role-qc_inspectors_only = ⛔ This action is available only for QC inspectors.
err-role-access_denied = Access denied. Contact an administrator.
err-role-unregistered = 🚫 No access yet. Request access with /request_access.
err-role-approve_review_forbidden = Only admin users can approve ticket review.
err-input-not_integer = A valid integer is required.
err-input-below_minimum = Ensure this value is greater than or equal to { $min }.
err-input-invalid_choice = "{ $value }" is not a valid choice.
err-ticket-review_wrong_status = Ticket review can be approved only from UNDER_REVIEW or NEW status.
err-ticket-assign_wrong_status = Ticket cannot be assigned in current status.
err-ticket-assign_not_reviewed = Ticket must pass admin review before assignment.
err-ticket-assignee_not_found = Technician user does not exist.
err-ticket-assignee_not_technician = Selected user does not have TECHNICIAN role.
err-ticket-technician_has_open_session = Technician already has an active work session. Stop current work session or move ticket to waiting QC before starting another ticket.
err-ticket-start_wrong_status = Ticket can be started only from ASSIGNED or REWORK.
err-ticket-start_no_technician = Ticket has no assigned technician.
err-ticket-start_not_assignee = Only assigned technician can start this ticket.
err-ticket-session_not_stopped = Work session must be stopped before moving ticket to waiting QC.
err-ticket-send_to_qc_wrong_status = Ticket can be sent to QC only from IN_PROGRESS.
err-ticket-send_to_qc_not_assignee = Only assigned technician can send ticket to QC.
err-ticket-qc_pass_wrong_status = QC PASS allowed only from WAITING_QC.
err-ticket-qc_pass_no_technician = Ticket must have an assigned technician before QC PASS.
err-ticket-qc_fail_wrong_status = QC FAIL allowed only from WAITING_QC.
err-intake-manual_override_incomplete = Manual override requires both flag_color and xp_amount.
err-intake-active_ticket_exists = An active ticket already exists for this inventory item.
err-intake-serial_invalid = serial_number must match pattern RM-[A-Z0-9-]{"{"}4,29{"}"}.
err-intake-serial_archived = Inventory item '{ $serial }' is archived. Restore the existing item before creating a ticket.
err-intake-serial_not_found = Inventory item '{ $serial }' was not found. Set confirm_create_inventory_item=true and provide inventory_item_creation_reason to create it.
err-intake-serial_not_found_with_matches = Inventory item '{ $serial }' was not found. Set confirm_create_inventory_item=true and provide inventory_item_creation_reason to create it. Closest matches: { $matches }.
err-intake-creation_reason_required = inventory_item_creation_reason is required when confirm_create_inventory_item=true.
err-intake-part_specs_empty = part_specs must contain at least one part entry.
err-intake-part_ids_duplicate = Each part_id must appear only once.
err-intake-part_ids_unknown = Unknown part ids: { $ids }.
err-intake-parts_without_category = Selected parts must belong to an inventory category.
err-intake-parts_mixed_categories = All selected parts must belong to the same category.
err-intake-parts_wrong_category = Selected parts do not belong to the inventory item's category.
err-work_session-ticket_has_open_session = Ticket already has an active work session.
err-work_session-technician_has_open_session = Technician already has an active work session.
err-work_session-not_found = No active work session found for this ticket and technician.
err-work_session-pause_wrong_status = Work session can be paused only from RUNNING state.
err-work_session-pause_limit_reached = Daily pause limit is fully reached for today.
err-work_session-resume_wrong_status = Work session can be resumed only from PAUSED state.
err-work_session-stop_wrong_status = Work session can be stopped only from RUNNING or PAUSED state.
err-rules-not_object = { $field } must be an object.
err-rules-unknown_keys = Unknown config keys: { $keys }.
err-rules-not_integer = { $field } must be an integer.
err-rules-negative = { $field } must be >= 0.
err-rules-divisor_not_positive = ticket_xp.base_divisor must be > 0.
err-rules-yellow_below_green = ticket_xp.flag_yellow_max_minutes must be >= ticket_xp.flag_green_max_minutes.
err-rules-cutoff_format = { $field } must be in HH:MM format.
err-rules-cutoff_order = attendance.on_time_cutoff must be <= attendance.grace_cutoff.
err-rules-timezone_empty = { $field } must be a non-empty string.
err-rules-timezone_invalid = { $field } must be a valid IANA time zone.
err-rules-no_changes = No config changes detected.
err-xp-amount_zero = amount must not be 0.
err-xp-comment_required = comment is required.
err-xp-level_invalid = level is invalid.
err-progression-week_start_invalid = week_start must be a Monday (YYYY-MM-DD).
err-progression-week_not_over = The week starting { $week_start } is not over yet.
err-progression-amount_out_of_range = amount must be between -{ $max } and { $max }.
err-progression-comment_too_long = comment must be at most { $max } characters.
err-access-first_name_too_short = First name is too short. Please enter at least 2 letters.
err-access-last_name_too_short = Last name is too short. Please enter at least 2 letters.
err-access-phone_invalid = Invalid phone number format. Please send it in international format, for example +998901234567.
err-access-already_linked = You are already registered and linked.
err-access-already_approved = Your access request was already approved.
err-access-phone_in_use = Phone number is already used by another account.
err-action-unknown = ⚠️ Unknown action.
err-action-not_available = ⚠️ Action is not available for this ticket right now.
err-action-ticket_not_yours = ⚠️ Ticket is not found or is not assigned to you.
err-qc-action_not_available = ⚠️ QC action is not available for this ticket status.
err-invalid-value = ⚠️ A value was refused: it is out of range or has characters that cannot be saved. Nothing was changed.
err-data-conflict = ⚠️ This change conflicts with data that already exists. Nothing was changed.

# Refusals whose texts live with their feature (access.ftl, support.ftl).
err-access_request-closed =
    { $status ->
        [approved] { access-closed-approved }
        [rejected] { access-closed-rejected }
        [expired] { access-closed-expired }
        [pending] { access-not-found }
       *[other] ⚠️ Access request is already { $status }.
    }
err-support-closed = { support-refused-closed }
err-support-not_staff = { support-refused-not_staff }
err-support-already_assigned = { support-refused-already_assigned }
err-support-technician_without_group = { support-refused-technician_without_group }
err-support-not_your_survey = { support-refused-not_your_survey }
err-support-survey_finished = { support-refused-survey_finished }
err-support-question_answered = { support-refused-question_answered }
err-support-score_invalid = { support-refused-score_invalid }
err-support-comment_not_expected = { support-refused-comment_not_expected }
