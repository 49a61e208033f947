# Staff commands: /techs, /find, /stats, /leaderboard, /chat_id. Values are HTML, except
# the staff-chart-* labels, which are drawn on the /stats picture (plain text, no emoji).

## Statuses
staff-status-under-review = Under review
staff-status-new = New
staff-status-assigned = Assigned
staff-status-in-progress = In progress
staff-status-waiting-qc = Waiting QC
staff-status-rework = Rework
staff-status-done = Done
staff-session-running = Running
staff-session-paused = Paused
staff-session-stopped = Stopped
staff-flag-green = Green
staff-flag-yellow = Yellow
staff-flag-red = Red

## Durations
staff-duration-minutes = { $minutes } min
staff-duration-hours = { $hours } h { $minutes } min

## /techs
staff-techs-title = 👷 <b>Technicians right now</b>: { $count }
staff-techs-empty = ℹ️ There are no active technicians.
staff-state-working = working
staff-state-paused = paused
staff-state-idle = idle
staff-techs-today = ⏱ today { $duration }
staff-techs-zone = 🕒 "Today" is the local day in { $zone }.

## /find
staff-find-usage = 🔎 Usage: /find &lt;id|serial&gt;, for example <code>/find 42</code> or <code>/find RM-AB12</code>.
staff-find-not-found = ⚠️ No ticket found for <code>{ $query }</code>.
staff-find-title = 🔎 <b>Ticket #{ $id }</b>
staff-find-serial = 🔢 <b>Serial number:</b> <code>{ $serial }</code>
staff-find-status = 📍 <b>Status:</b> { $icon } { $status }
staff-find-item = 📦 <b>Item:</b> { $item }
staff-find-title-line = 📝 <b>Title:</b> { $title }
staff-find-technician = 🛠 <b>Technician:</b> { $name }
staff-find-no-technician = not assigned
staff-find-master = 👤 <b>Master:</b> { $name }
staff-find-metrics = 📏 <b>Metrics:</b> { $minutes } min planned · { $flag } · { $xp } XP
staff-find-metrics-manual = 📏 <b>Metrics:</b> { $minutes } min planned · { $flag } · { $xp } XP (set manually)
staff-find-session = ⏯ <b>Work session:</b> { $status } · { $duration }
staff-find-no-session = ⏯ <b>Work session:</b> none yet
staff-find-worked = ⌛ <b>Worked in total:</b> { $duration }
staff-find-created = 🗓 <b>Created:</b> { $at }
staff-find-finished = 🏁 <b>Finished:</b> { $at }

## /stats
staff-stats-caption = 📈 Workshop statistics
staff-stats-title = 📈 <b>Workshop statistics</b>
staff-stats-by-status = 🎫 <b>Tickets by status</b> (total { $total }):
staff-stats-status-row = { $icon } { $status }: { $count }
staff-stats-done = ✅ <b>Done in the last { $days } days</b>: { $total }
staff-stats-done-row = • { $day }: { $count }
staff-stats-done-none = • none
staff-stats-first-pass = 🧪 <b>QC first-pass rate</b>: { $rate } ({ $passed } of { $decided } tickets passed QC the first time)
staff-stats-first-pass-none = 🧪 <b>QC first-pass rate</b>: no QC decisions yet
staff-stats-leaderboard = 🏆 <b>XP leaderboard</b>:
staff-stats-csat = ⭐ <b>CSAT by technician</b>:
staff-stats-csat-none = • no ratings yet
staff-stats-csat-row = • { $name }: { $average } ({ $count } ratings)
staff-stats-zone = 🕒 Days are local days in { $zone }.

staff-chart-title = Workshop statistics
staff-chart-subtitle = { $date } · { $zone }
staff-chart-by-status = Tickets by status (total { $total })
staff-chart-done = Done per day, last { $days } days
staff-chart-first-pass = QC first-pass rate
staff-chart-first-pass-detail = { $passed } of { $decided } tickets passed QC the first time
staff-chart-leaderboard = XP leaderboard
staff-chart-csat = CSAT by technician
staff-chart-no-data = No data yet

## /leaderboard
staff-leaderboard-title = 🏆 <b>XP leaderboard</b>
staff-leaderboard-row = { $medal } { $rank }. <b>{ $name }</b> — level { $level } · { $xp } XP
staff-leaderboard-empty = ℹ️ No technicians yet.

## /chat_id: the ids for MAIN_GROUP_ID, TECH_GROUPS_MAPPING and ADMIN_TELEGRAM_IDS, and a setup check
help-cmd-chat-id = in a group: its id and a setup check for the staff group or a technician's group
setup-private-id = 🆔 Your Telegram id: <code>{ $id }</code>
setup-private-admin = Add it to ADMIN_TELEGRAM_IDS to make yourself a super admin.
setup-private-hint = 💡 For a group's id, add the bot to the group and send /chat_id there.
setup-group-title = ⚙️ <b>{ $title }</b>
setup-group-id = 🆔 Chat id: <code>{ $id }</code>
setup-topics-on = ✅ Topics are enabled.
setup-topics-off = ⚠️ Topics are off: turn on Topics in the group settings.
setup-topics-off-basic = ⚠️ Topics are off: turn on Topics in the group settings. Telegram then gives the group a new id, so send /chat_id again.
setup-bot-ready = ✅ The bot is an administrator and may manage topics.
setup-bot-no-topics = ⚠️ The bot is an administrator but may not manage topics: allow “Manage topics” in its admin rights.
setup-bot-not-admin = ⚠️ The bot is not an administrator: make it an admin allowed to manage topics.
setup-bot-unknown = ⚠️ Could not check the bot’s rights here ({ $error }).
setup-is-main = ✅ This is the staff group (MAIN_GROUP_ID).
setup-is-tech = ✅ This is the group of <code>{ $technicians }</code> (TECH_GROUPS_MAPPING).
setup-not-configured = ⚠️ This chat is neither MAIN_GROUP_ID nor in TECH_GROUPS_MAPPING.
setup-main-elsewhere = ℹ️ MAIN_GROUP_ID is now another chat: <code>{ $id }</code>
setup-configured = 👉 In the configuration: <code>{ $setting }</code>
setup-to-set = 👉 Set <code>{ $main }</code> for the staff group, or add <code>{ $tech }</code> for a technician's group.
setup-ready = 🎉 Everything is set up here.
