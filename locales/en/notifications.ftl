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
notif-qc-pass-xp = ⭐ <b>XP awarded:</b> base={ $base }
notif-qc-pass-xp-bonus = ⭐ <b>XP awarded:</b> base={ $base }, first-pass bonus={ $bonus }

## ticket_qc_fail_technician (the technician card follows the heading)
notif-qc-fail-heading = ❌ <b>Returned from QC</b>
notif-line-reason = 💬 <b>Reason:</b> { $reason }

## QC waiting SLA
notif-qc-sla-reminder-heading = ⏰ <b>QC Reminder: ticket is still waiting</b>
notif-qc-sla-breached-heading = 🚨 <b>QC SLA Breached</b>
notif-qc-sla-breached-stream = Ticket #{ $id } ({ $serial }) has been waiting for QC for { $minutes } minutes (SLA { $sla } min).

## Admin notifications stream
notif-admin-heading-info = ℹ️ <b>Admin notification</b> · <code>{ $type }</code>
notif-admin-heading-warning = ⚠️ <b>Admin notification</b> · <code>{ $type }</code>
notif-admin-heading-error = 🚨 <b>Admin notification</b> · <code>{ $type }</code>
notif-admin-heading-critical = 🆘 <b>Admin notification</b> · <code>{ $type }</code>
