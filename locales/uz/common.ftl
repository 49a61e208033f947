# Menyu (pastki klaviatura). Yozib yuborilgan tugma nomlari barcha tillarda taniladi.
menu-active = 🎟 Faol arizalar
menu-under-qc = 🧪 QC tekshiruvida
menu-past = ✅ Yakunlangan arizalar
menu-xp = ⭐ XP ballarim
menu-xp-history = 📜 XP tarixi
menu-profile = 📊 Mening profilim
menu-help = ❓ Yordam
menu-qc = 🧪 QC tekshiruvlari
menu-review = 🗂 Arizalarni ko‘rib chiqish
menu-create = 📝 Ariza yaratish
menu-stats = 📈 Statistika
menu-access = 🔐 Kirish so‘rovlari
menu-start-access = 📝 Kirish so‘rovini boshlash

help-title = ℹ️ Sizga mavjud buyruqlar:
help-cmd-start = salomlashuv: qanday yordam olish yoki menyungiz
help-cmd-help = shu ro‘yxat
help-cmd-cancel = to‘ldirilayotgan shaklni bekor qilish
help-cmd-my = profilingiz
help-cmd-queue = faol arizalaringiz
help-cmd-active = faol arizalaringiz
help-cmd-tech = faol arizalaringiz
help-cmd-under-qc = QC tekshiruvini kutayotgan arizalaringiz
help-cmd-past = yakunlangan arizalaringiz
help-cmd-xp = XP ballaringiz va darajangiz
help-cmd-xp-history = XP tarixingiz
help-cmd-qc = QC tekshiruvini kutayotgan arizalar
help-cmd-qc-checks = QC tekshiruvini kutayotgan arizalar
help-cmd-ticket-create = yangi arizani qabul qilish
help-cmd-ticket-review = arizalarni ko‘rib chiqish va biriktirish
help-cmd-techs = texniklarning hozirgi holati
help-cmd-find = arizani raqami yoki seriya raqami bo‘yicha topish
help-cmd-stats = ustaxona statistikasi
help-cmd-leaderboard = texniklarning XP reytingi
help-cmd-access-requests = ko‘rib chiqilishini kutayotgan kirish so‘rovlari
help-cmd-request-access = ustaxona xodimlari uchun: botga kirish huquqini so‘rash
help-cmd-close = murojaat mavzusida: murojaatni yopish
help-cmd-console = veb-konsolga kirish uchun bir martalik havola
help-cmd-ban = murojaat mavzusida: mijozni bloklash
help-cmd-unban = murojaat mavzusida: mijozni blokdan chiqarish

role-super-admin = super admin
role-ops-manager = operatsion menejer
role-master = usta
role-technician = texnik
role-qc-inspector = QC nazoratchisi

profile-card =
    📊 <b>Mening profilim</b>
    👤 { $name } (@{ $username })
    🎭 Rollar: { $roles }

access-denied = Kirish taqiqlangan. Administrator bilan bog‘laning.
legacy-quick-panel = ℹ️ Bu eski tezkor panel olib tashlandi. Uning o‘rniga pastki klaviatura tugmalaridan foydalaning.

err-generic = Nimadir xato ketdi. Iltimos, keyinroq qayta urinib ko‘ring.
err-not-found = ⚠️ Ariza topilmadi.
err-timeout = ⏳ Hali bajarilmoqda — ustaxona xizmati odatdagidan sekinroq ishlayapti. Amal bajariladi va tugagach, kartochka yangilanadi.
err-retry-pending = ⚠️ Vaqtincha mavjud emas — bosishingiz avtomatik ravishda qayta bajariladi.
rate-limited = ⏳ So‘rovlar juda ko‘p. { $seconds } soniya kutib, qayta urinib ko‘ring.
err-unavailable = ⚠️ Ustaxona xizmati hozir ishlamayapti. Iltimos, keyinroq qayta urinib ko‘ring.
