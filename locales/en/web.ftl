# The web console (/console) and the Mini App buttons.
console-link =
    🖥 <b>Web console</b>
    Sign in with this one-time link (it works once, within { $minutes } minutes):
    { $url }
console-link-button = 🖥 Open the console
console-refused = The web console is for staff with a role. Ask an administrator for access.
miniapp-open-button = 📱 Open in app
