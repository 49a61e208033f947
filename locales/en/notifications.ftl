# Ticket notifications (workshop-domain.md §8) and admin stream messages. Values are HTML;
# placeables are escaped by the sender.

notif-unknown-user = Unknown user
notif-line-ticket = 🎫 <b>Ticket:</b> #{ $id }
notif-line-serial = 🔢 <b>Serial:</b> <code>{ $serial }</code>
notif-line-technician = 👤 <b>Technician:</b> { $name }
notif-line-status = 📍 <b>Status:</b> { $status }
notif-line-waiting = ⏱ <b>Waiting for QC:</b> { $minutes } min

## ticket_assigned_master
notif-assigned-master-heading = 📌 <b>Ticket Assigned</b>
notif-line-assigned-by = 🛠 <b>Assigned by:</b> { $name }

## ticket_assigned_technician (the technician card follows the heading)
notif-assigned-technician-heading = 🆕 <b>New ticket assigned to you</b>

## ticket_started_master
notif-started-heading = ▶️ <b>Ticket Work Started</b>
notif-line-started-by = 🛠 <b>Started by:</b> { $name }

## ticket_waiting_qc_reviewers
notif-waiting-qc-heading = 🧪 <b>Ticket Waiting For QC</b>
notif-line-moved-by = 🛠 <b>Moved by:</b> { $name }
notif-waiting-qc-action = 👇 <b>Action:</b> choose a QC decision using buttons below.

## ticket_qc_pass
notif-qc-pass-heading = ✅ <b>Ticket Passed QC</b>
notif-line-qc-by = 🧪 <b>QC by:</b> { $name }
notif-qc-pass-xp = ⭐ <b>XP earned:</b> +{ $base }
notif-qc-pass-xp-bonus = ⭐ <b>XP earned:</b> +{ $base } for the ticket, +{ $bonus } bonus for passing QC the first time

## ticket_qc_fail_technician (the technician card follows the heading)
notif-qc-fail-heading = ❌ <b>Returned from QC</b>
notif-line-reason = 💬 <b>Reason:</b> { $reason }

## QC waiting SLA
notif-qc-sla-reminder-heading = ⏰ <b>QC Reminder: ticket is still waiting</b>
notif-qc-sla-breached-heading = 🚨 <b>QC SLA Breached</b>

## Admin notifications stream
notif-admin-heading-info = ℹ️ <b>Admin notification</b> · <code>{ $type }</code>
notif-admin-heading-warning = ⚠️ <b>Admin notification</b> · <code>{ $type }</code>
notif-admin-heading-error = 🚨 <b>Admin notification</b> · <code>{ $type }</code>
notif-admin-heading-critical = 🆘 <b>Admin notification</b> · <code>{ $type }</code>

# Entries other systems write: their text as written, their type as they named it.
# Ticketflow's own entries: a title and a text in each admin's language.
notif-admin-title-info = ℹ️ <b>{ $title }</b>
notif-admin-title-warning = ⚠️ <b>{ $title }</b>
notif-admin-title-error = 🚨 <b>{ $title }</b>
notif-admin-title-critical = 🆘 <b>{ $title }</b>
notif-admin-support-sla-breached-title = Support: no answer in time
notif-admin-support-sla-breached = Support ticket #{ $id } ({ $client }) has had no answer for { $minutes } min.
notif-admin-qc-sla-breached-title = QC waiting time exceeded
notif-admin-qc-sla-breached = Ticket #{ $id } ({ $serial }) has been waiting for QC for { $minutes } minutes (SLA { $sla } min).
notif-admin-notification-failed-title = Notification not delivered
notif-admin-notification-failed =
    The “{ $event }” notification of ticket #{ $id } was not delivered after all retries.
    Error: <code>{ $cause }</code>
notif-name-assigned-master = ticket assigned (to the master)
notif-name-assigned-technician = new ticket (to the technician)
notif-name-started-master = work started (to the master)
notif-name-waiting-qc = waiting for QC (to QC inspectors)
notif-name-qc-pass = passed QC
notif-name-qc-fail = returned from QC (to the technician)
notif-name-qc-sla-reminder = QC reminder
notif-name-qc-sla-breached = QC waiting time exceeded
