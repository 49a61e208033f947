# Technician dashboards, the ticket card and XP (workshop-domain.md §9). Values are HTML.

## Dashboards
tech-dashboard-heading-active = 🎟 <b>Active Tickets</b>
tech-dashboard-heading-under-qc = 🧪 <b>Waiting QC Tickets</b>
tech-dashboard-heading-past = ✅ <b>Past Tickets</b>
tech-dashboard-total-active = 📦 <b>Total active tickets:</b> { $count }
tech-dashboard-total-under-qc = 📦 <b>Total waiting QC tickets:</b> { $count }
tech-dashboard-total-past = 📦 <b>Total past tickets:</b> { $count }
tech-dashboard-page = 📄 <b>Page:</b> { $page }/{ $pages }
tech-dashboard-row-session = <b>Session:</b> { $session }
tech-dashboard-row-xp = <b>XP:</b> +{ $acquired } of { $potential }
tech-dashboard-row-xp-bonus = <b>XP:</b> +{ $acquired } ({ $base } base + { $bonus } bonus)
tech-dashboard-row-xp-pending = <b>XP:</b> +{ $acquired } (not estimated yet)
tech-dashboard-hint = 💡 Use the inline buttons below to open ticket details.
tech-dashboard-empty-active = ℹ️ No active tickets assigned right now.
tech-dashboard-empty-under-qc = ℹ️ No tickets are currently waiting QC.
tech-dashboard-empty-past = ℹ️ No past tickets found yet.
tech-dashboard-refreshed-active = 🔄 Active tickets list refreshed.
tech-dashboard-refreshed-under-qc = 🔄 Waiting QC list refreshed.
tech-dashboard-refreshed-past = 🔄 Past tickets list refreshed.

## Statuses
tech-status-under-review = Under review
tech-status-new = New
tech-status-assigned = Assigned
tech-status-rework = Rework
tech-status-in-progress = In progress
tech-status-waiting-qc = Waiting QC
tech-status-done = Done
tech-session-running = Running
tech-session-paused = Paused
tech-session-stopped = Stopped

## Durations
tech-duration-minutes = { $minutes } min
tech-duration-hours = { $hours } h { $minutes } min

## Ticket card
tech-card-heading-controls = 🎛 Technician ticket controls.
tech-card-heading-details = 🔎 Technician ticket details.
tech-card-heading-updated = ✅ Ticket state updated.
tech-card-ticket = 🎫 <b>Ticket:</b> #{ $id }
tech-card-serial = 🔢 <b>Serial number:</b> <code>{ $serial }</code>
tech-card-serial-unknown = unknown
tech-card-status = 📍 <b>Status:</b> { $status }
tech-card-parts = 🧱 <b>Parts to repair:</b>
tech-card-part = • <b>{ $part }</b> • { $color } • { $minutes } min
tech-card-part-comment = 💬 <i>{ $comment }</i>
tech-card-no-parts = 🧱 No parts were specified for this ticket.
tech-color-green = 🟢 Green
tech-color-yellow = 🟡 Yellow
tech-color-red = 🔴 Red
tech-card-session = 🛠 <b>Work session:</b> { $session } · { $duration }
tech-card-potential-xp = 🎯 <b>Potential XP:</b> +{ $xp }
tech-card-potential-xp-pending = 🎯 <b>Potential XP:</b> pending metrics
tech-card-acquired-xp = 🏆 <b>Acquired XP:</b> +{ $xp }
tech-card-xp-progress = 📈 <b>XP progress:</b> { $acquired }/{ $potential }
tech-card-actions = ⚡ <b>Available actions:</b>
tech-card-no-actions = 🧊 No technician actions are available right now.

## Buttons
tech-action-start = ▶ Start work
tech-action-pause = ⏸ Pause work
tech-action-resume = ▶ Resume work
tech-action-stop = ⏹ Stop session
tech-action-to-waiting-qc = 🧪 Send to QC
tech-action-refresh = 🔄 Refresh ticket
tech-back-active = ⬅ Back to active tickets
tech-back-under-qc = ⬅ Back to waiting QC tickets
tech-back-past = ⬅ Back to past tickets

## Toasts
tech-toast-start = ✅ Work session started.
tech-toast-pause = ⏸ Work session paused.
tech-toast-resume = ▶ Work session resumed.
tech-toast-stop = ⏹ Work session stopped.
tech-toast-to-waiting-qc = 🧪 Ticket sent to QC.
tech-toast-refresh = 🔄 Ticket details refreshed.
tech-toast-opened = 🎫 Ticket #{ $id } opened.
tech-toast-already-start = ℹ️ Already started: the work session is running.
tech-toast-already-pause = ℹ️ Already paused.
tech-toast-already-resume = ℹ️ Already resumed: the work session is running.
tech-toast-already-stop = ℹ️ Already stopped.
tech-toast-already-to-waiting-qc = ℹ️ Already sent to QC: the ticket is waiting for QC.

## Access
tech-open-access-request =
    📝 <b>Open Access Request</b>
    Use <code>/request_access</code> or tap the button below.
tech-command-technicians-only = ⛔ <b>This command is available only for technicians.</b>

## XP
tech-xp-title = ⭐ <b>XP Summary</b>
tech-xp-total = • <b>Total XP:</b> { $xp }
tech-xp-level = • <b>Level:</b> { $level }
tech-xp-next-level = • <b>Next level:</b> { $level } at { $threshold } XP ({ $missing } XP to go)
tech-xp-top-level = • <b>Next level:</b> top level reached
tech-xp-updates = • <b>Updates:</b> { $count }
tech-xp-latest = 🕒 <b>Latest updates</b>
tech-xp-empty = ℹ️ No XP activity yet.
tech-xp-history-title = 📜 <b>XP Activity</b>
tech-xp-history-showing = • <b>Showing:</b> { $start }-{ $end } / { $total }
tech-xp-entry = • <code>{ $time }</code> — <b>{ $amount } XP</b> — { $description }
tech-xp-page-invalid = ⚠️ Could not open this page.
tech-xp-kind-attendance-punctuality = On-time attendance reward
tech-xp-kind-ticket-base-xp = Reward for completing a ticket
tech-xp-kind-ticket-qc-first-pass-bonus = Quality check first-pass bonus
tech-xp-kind-ticket-qc-status-update = Quality check update
tech-xp-kind-manual-adjustment = Manual XP update
tech-xp-kind-other = XP update
