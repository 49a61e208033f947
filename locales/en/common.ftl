# Menu (reply keyboard). Typed labels are matched in every locale.
menu-active = 🎟 Active Tickets
menu-under-qc = 🧪 Under QC
menu-past = ✅ Past Tickets
menu-xp = ⭐ My XP
menu-xp-history = 📜 XP Activity
menu-profile = 📊 My Profile
menu-help = ❓ Help
menu-qc = 🧪 QC Checks
menu-review = 🗂 Ticket Review
menu-create = 📝 Create Ticket
menu-stats = 📈 Stats
menu-access = 🔐 Access Requests
menu-start-access = 📝 Start Access Request

help-title = ℹ️ Commands available to you:
help-cmd-start = welcome: how to get help, or your menu
help-cmd-help = this list
help-cmd-cancel = cancel what you are filling in
help-cmd-my = your profile
help-cmd-queue = your active tickets
help-cmd-active = your active tickets
help-cmd-tech = your active tickets
help-cmd-under-qc = your tickets waiting for QC
help-cmd-past = your finished tickets
help-cmd-xp = your XP and level
help-cmd-xp-history = your XP activity
help-cmd-qc = tickets waiting for QC
help-cmd-qc-checks = tickets waiting for QC
help-cmd-ticket-create = take a new ticket in
help-cmd-ticket-review = review and assign tickets
help-cmd-techs = technicians right now
help-cmd-find = find a ticket by id or serial
help-cmd-stats = workshop statistics
help-cmd-leaderboard = technicians ranked by XP
help-cmd-access-requests = pending access requests
help-cmd-request-access = for workshop staff: request access to the bot
help-cmd-close = in a support ticket's topic: close the ticket
help-cmd-console = a one-time sign-in link to the web console
help-cmd-ban = in a support ticket's topic: block the client
help-cmd-unban = in a support ticket's topic: unblock the client

role-super-admin = super admin
role-ops-manager = ops manager
role-master = master
role-technician = technician
role-qc-inspector = QC inspector

profile-card =
    📊 <b>My profile</b>
    👤 { $name } (@{ $username })
    🎭 Roles: { $roles }

access-denied = Access denied. Contact an administrator.
legacy-quick-panel = ℹ️ This old quick panel was removed. Use the bottom keyboard buttons instead.

err-generic = Something went wrong. Please try again later.
err-not-found = ⚠️ Ticket was not found.
err-timeout = ⏳ Still processing — the workshop service is slower than usual. Your action will be applied, and the card will update when it is done.
err-retry-pending = ⚠️ Temporarily unavailable — your press will be retried automatically.
rate-limited = ⏳ Too many requests. Please wait { $seconds } s and try again.
err-unavailable = ⚠️ The workshop service is unavailable right now. Please try again later.
