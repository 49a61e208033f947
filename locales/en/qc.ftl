# QC queue, the QC ticket action panel and the QC fail reason prompt (workshop-domain.md §9 "QC UI").
# Values are HTML.

## Queue
qc-queue-heading = 🧪 <b>My QC Checks</b>
qc-queue-total = 📦 <b>Total QC checks:</b> { $count }
qc-queue-page = 📄 <b>Page:</b> { $page }/{ $pages }
qc-queue-hint = 👇 Select a ticket to review.
qc-queue-empty = ℹ️ No tickets are waiting for QC right now.
qc-queue-row = 🧪 #{ $id } · { $serial } · { $technician }
qc-technician-unassigned = unassigned
qc-serial-unknown = unknown
qc-back = ⬅ Back to my QC checks

## Panel
qc-panel-heading = 🧪 <b>QC Ticket Action Panel</b>
qc-panel-ticket = 🎫 <b>Ticket:</b> #{ $id }
qc-panel-serial = 🔢 <b>Serial number:</b> <code>{ $serial }</code>
qc-panel-status = 📍 <b>Status:</b> { $status }
qc-panel-technician = 🛠 <b>Technician:</b> { $technician }
qc-action-pass = ✅ QC Pass
qc-action-fail = ❌ QC Fail
qc-action-refresh = 🔄 Refresh ticket

## Toasts
qc-toast-pass = ✅ Ticket marked as QC passed.
qc-toast-fail = ❌ Ticket marked as QC failed.
qc-toast-refresh = 🔄 Ticket details refreshed.
qc-toast-opened = 🧪 QC check opened.
qc-toast-queue-refreshed = 🔄 QC checks refreshed.
qc-toast-already-pass = ℹ️ Already passed QC: the ticket is done.
qc-toast-already-fail = ℹ️ Already failed QC: the ticket is back in rework.

## Fail reason
qc-fail-prompt =
    ❌ <b>QC fail for ticket #{ $id }</b>
    ✍️ Send the reason as your next message: the technician will see it. Or press Skip to fail it without a reason.
qc-fail-skip = ⏭ Skip
qc-fail-cancel = ✖ Cancel
qc-fail-toast-ask = ✍️ Send the reason, or press Skip.
qc-fail-cancelled = ✖ QC fail cancelled. The ticket still waits for QC.
qc-fail-expired = ⌛ This QC fail prompt has expired. Press ❌ QC Fail again.
qc-fail-reason-too-long = ⚠️ The reason is too long: at most { $max } characters, please.
qc-fail-reason-label = 💬 <b>Reason:</b> { $reason }

## Access
qc-open-access-request =
    📝 <b>Open Access Request</b>
    Use <code>/request_access</code> or tap the button below.
qc-command-qc-only = ⛔ <b>This action is available only for QC inspectors.</b>
