# Access requests (workshop-domain.md §9, §8). HTML parse mode where markup is used.

## The requester's form
access-form-title = 🧾 <b>Access request</b>
access-form-progress = 📈 Progress: { $step }/{ $total } { $bar }
access-form-first-name = 👤 First name: { $value }
access-form-last-name = 👤 Last name: { $value }
access-ask-first-name = ✍️ Please enter your first name.
access-ask-last-name = ✍️ Please enter your last name.
access-ask-phone = 📞 Share your phone number with the button below, or type it in international format, for example +998901234567.
access-form-hint = Send /cancel to stop.
access-share-contact = 📱 Share my contact
access-contact-not-own = Please share your own contact, not someone else's.
access-submitted = ✅ Request submitted successfully.
access-already-pending = ℹ️ Your access request is already under review.
access-submit-pending = ℹ️ Your request is already under review.
access-all-set = ✅ You are all set.
access-cancelled = ❎ Access request cancelled.
access-nothing-to-cancel = ℹ️ Nothing to cancel.
access-open-request = 📝 Open Access Request

## /start for someone unregistered (most often a client of the support desk)
access-start-client =
    👋 <b>Hello!</b> This is the workshop's support chat.
    Just write your question here — as text, a photo, a voice message or a file — and our team will answer you right in this chat.
access-start-not-allowed =
    👋 <b>Hello!</b> This support desk answers the workshop's registered clients only.
    If you are a client, contact the workshop to be added.
access-start-no-desk = 👋 <b>Hello!</b> This bot is the workshop staff's work tool.
access-start-staff-hint = 🛠 Workshop staff: send /request_access to request access.

## The moderators' card
access-card-title = 🆕 <b>Access request #{ $id }</b>
access-card-name = 👤 Name: { $name }
access-card-phone = 📞 Phone: { $phone }
access-card-telegram = 💬 Telegram: { $telegram }
access-card-expires = ⏳ Expires: { $at }
access-card-pick-role = 🎭 Choose the role to grant:
access-card-approved = ✅ Approved by { $by } · { $roles }
access-card-rejected = ❌ Rejected by { $by }
access-card-expired = ⌛ Expired without a decision
access-btn-approve = ✅ Approve
access-btn-reject = ❌ Reject
access-btn-back = ⬅ Back
access-toast-approved = ✅ Approved: { $roles }
access-toast-rejected = ❌ Request rejected.
access-closed-approved = ℹ️ This request was already approved.
access-closed-rejected = ℹ️ This request was already rejected.
access-closed-expired = ⌛ This request has expired.
access-not-found = ⚠️ Access request was not found.
access-list-empty = ℹ️ No pending access requests.
access-list-title = 🔐 Pending access requests: { $count }

## What the requester is told
access-decision-approved =
    ✅ <b>Access Request Approved</b>

    Your access request has been approved. You can now use the workshop bot.
    🎭 Roles: { $roles }
access-decision-rejected =
    ❌ <b>Access Request Rejected</b>

    Your access request was rejected. You can submit a new request using /request_access.
access-decision-expired =
    ⌛ <b>Access Request Expired</b>

    Your access request was not reviewed in time. You can submit a new request using /request_access.
