# The web console (/console) and the Mini App buttons.
console-link =
    🖥 <b>Web console</b>
    Sign in with this one-time link (it works once, within { $minutes } minutes):
    { $url }
console-link-button = 🖥 Open the console
console-refused = The web console is for staff with a role. Ask an administrator for access.
miniapp-open-button = 📱 Open in app
miniapp-menu-button = App

# The Mini App (/miniapp).
miniapp-signing-in = Signing in…
miniapp-open-from-telegram = Open this app from the bot in Telegram.
miniapp-my-queue = My tickets
miniapp-qc-queue = Waiting for QC
miniapp-empty = Nothing here right now.
miniapp-parts = Parts to repair
miniapp-session = Work session: { $state }
miniapp-session-none = not started
miniapp-session-running = running
miniapp-session-paused = paused
miniapp-session-stopped = stopped
miniapp-active-time = Active time
miniapp-status = Status: { $status }
miniapp-action-start = ▶️ Start work
miniapp-action-pause = ⏸ Pause work
miniapp-action-resume = ▶️ Resume work
miniapp-action-stop = ⏹ Stop session
miniapp-action-send-to-qc = 📤 Send to QC
miniapp-action-qc-pass = ✅ QC Pass
miniapp-action-qc-fail = ❌ QC Fail
miniapp-fail-reason = Reason for the failure
miniapp-done = Done: { $action }
miniapp-intake = New ticket
miniapp-serial = Serial number (RM-…)
miniapp-scan = 📷 Scan
miniapp-find = Find the item
miniapp-no-item = No item has this serial.
miniapp-pick-parts = Parts to repair
miniapp-create = Create the ticket
