# The web console (/console) and the Mini App buttons.
console-link =
    🖥 <b>Veb-konsol</b>
    Ushbu bir martalik havola orqali kiring (u bir marta, { $minutes } daqiqa ichida ishlaydi):
    { $url }
console-link-button = 🖥 Konsolni ochish
console-refused = Veb-konsol rolga ega xodimlar uchun. Administratordan ruxsat so‘rang.
miniapp-open-button = 📱 Ilovada ochish
miniapp-menu-button = Ilova

# The Mini App (/miniapp).
miniapp-signing-in = Kirilmoqda…
miniapp-open-from-telegram = Ushbu ilovani Telegram’dagi botdan oching.
miniapp-my-queue = Mening arizalarim
miniapp-qc-queue = Tekshiruvni kutmoqda
miniapp-empty = Hozircha bu yerda hech narsa yo‘q.
miniapp-parts = Ta’mirlanadigan qismlar
miniapp-session = Ish sessiyasi: { $state }
miniapp-session-none = boshlanmagan
miniapp-session-running = davom etmoqda
miniapp-session-paused = pauzada
miniapp-session-stopped = to‘xtatilgan
miniapp-active-time = Faol vaqt
miniapp-status = Holat: { $status }
miniapp-action-start = ▶️ Ishni boshlash
miniapp-action-pause = ⏸ Pauza
miniapp-action-resume = ▶️ Davom ettirish
miniapp-action-stop = ⏹ Sessiyani to‘xtatish
miniapp-action-send-to-qc = 📤 Tekshiruvga yuborish
miniapp-action-qc-pass = ✅ Tekshiruvdan o‘tdi
miniapp-action-qc-fail = ❌ Tekshiruvdan o‘tmadi
miniapp-fail-reason = Rad etish sababi
miniapp-done = Bajarildi: { $action }
miniapp-intake = Yangi ariza
miniapp-serial = Seriya raqami (RM-…)
miniapp-scan = 📷 Skanerlash
miniapp-find = Obyektni topish
miniapp-no-item = Bu raqamli obyekt yo‘q.
miniapp-pick-parts = Ta’mirlanadigan qismlar
miniapp-create = Arizani yaratish
