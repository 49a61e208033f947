# Texnik panellari, ariza kartasi va XP (workshop-domain.md §9). Qiymatlar HTML.

## Panellar
tech-dashboard-heading-active = 🎟 <b>Faol arizalar</b>
tech-dashboard-heading-under-qc = 🧪 <b>QC kutayotgan arizalar</b>
tech-dashboard-heading-past = ✅ <b>Yakunlangan arizalar</b>
tech-dashboard-total-active = 📦 <b>Jami faol arizalar:</b> { $count }
tech-dashboard-total-under-qc = 📦 <b>QC kutayotgan jami arizalar:</b> { $count }
tech-dashboard-total-past = 📦 <b>Jami yakunlangan arizalar:</b> { $count }
tech-dashboard-page = 📄 <b>Sahifa:</b> { $page }/{ $pages }
tech-dashboard-row-session = <b>Sessiya:</b> { $session }
tech-dashboard-row-xp = <b>XP:</b> { $potential } dan +{ $acquired }
tech-dashboard-row-xp-bonus = <b>XP:</b> +{ $acquired } ({ $base } asosiy + { $bonus } bonus)
tech-dashboard-row-xp-pending = <b>XP:</b> +{ $acquired } (hali baholanmagan)
tech-dashboard-hint = 💡 Ariza tafsilotlarini ochish uchun xabar ostidagi tugmalardan foydalaning.
tech-dashboard-empty-active = ℹ️ Hozircha sizga biriktirilgan faol arizalar yo‘q.
tech-dashboard-empty-under-qc = ℹ️ Hozir QC kutayotgan arizalar yo‘q.
tech-dashboard-empty-past = ℹ️ Hali yakunlangan arizalar yo‘q.
tech-dashboard-refreshed-active = 🔄 Faol arizalar ro‘yxati yangilandi.
tech-dashboard-refreshed-under-qc = 🔄 QC kutayotgan arizalar ro‘yxati yangilandi.
tech-dashboard-refreshed-past = 🔄 Yakunlangan arizalar ro‘yxati yangilandi.

## Holatlar
tech-status-under-review = Ko‘rib chiqilmoqda
tech-status-new = Yangi
tech-status-assigned = Biriktirilgan
tech-status-rework = Qayta ishlashda
tech-status-in-progress = Jarayonda
tech-status-waiting-qc = QC kutmoqda
tech-status-done = Yakunlangan
tech-session-running = Ishlamoqda
tech-session-paused = Pauzada
tech-session-stopped = To‘xtatilgan

## Davomiylik
tech-duration-minutes = { $minutes } daq.
tech-duration-hours = { $hours } soat { $minutes } daq.

## Ariza kartasi
tech-card-heading-controls = 🎛 Arizani boshqarish.
tech-card-heading-details = 🔎 Ariza tafsilotlari.
tech-card-heading-updated = ✅ Ariza holati yangilandi.
tech-card-ticket = 🎫 <b>Ariza:</b> #{ $id }
tech-card-serial = 🔢 <b>Seriya raqami:</b> <code>{ $serial }</code>
tech-card-serial-unknown = noma’lum
tech-card-status = 📍 <b>Holat:</b> { $status }
tech-card-parts = 🧱 <b>Ta’mirlanadigan qismlar:</b>
tech-card-part = • <b>{ $part }</b> • { $color } • { $minutes } daq.
tech-card-part-comment = 💬 <i>{ $comment }</i>
tech-card-no-parts = 🧱 Bu ariza uchun qismlar ko‘rsatilmagan.
tech-color-green = 🟢 Yashil
tech-color-yellow = 🟡 Sariq
tech-color-red = 🔴 Qizil
tech-card-session = 🛠 <b>Ish sessiyasi:</b> { $session } · { $duration }
tech-card-potential-xp = 🎯 <b>Olinishi mumkin bo‘lgan XP:</b> +{ $xp }
tech-card-potential-xp-pending = 🎯 <b>Olinishi mumkin bo‘lgan XP:</b> ko‘rsatkichlar hali belgilanmagan
tech-card-acquired-xp = 🏆 <b>Olingan XP:</b> +{ $xp }
tech-card-xp-progress = 📈 <b>XP bo‘yicha natija:</b> { $acquired }/{ $potential }
tech-card-actions = ⚡ <b>Mavjud amallar:</b>
tech-card-no-actions = 🧊 Hozir texnik uchun mavjud amallar yo‘q.

## Tugmalar
tech-action-start = ▶ Ishni boshlash
tech-action-pause = ⏸ Ishni pauza qilish
tech-action-resume = ▶ Ishni davom ettirish
tech-action-stop = ⏹ Sessiyani to‘xtatish
tech-action-to-waiting-qc = 🧪 QC tekshiruviga yuborish
tech-action-refresh = 🔄 Arizani yangilash
tech-back-active = ⬅ Faol arizalarga qaytish
tech-back-under-qc = ⬅ QC kutayotgan arizalarga qaytish
tech-back-past = ⬅ Yakunlangan arizalarga qaytish

## Qisqa xabarlar
tech-toast-start = ✅ Ish sessiyasi boshlandi.
tech-toast-pause = ⏸ Ish sessiyasi pauza qilindi.
tech-toast-resume = ▶ Ish sessiyasi davom ettirildi.
tech-toast-stop = ⏹ Ish sessiyasi to‘xtatildi.
tech-toast-to-waiting-qc = 🧪 Ariza QC tekshiruviga yuborildi.
tech-toast-refresh = 🔄 Ariza ma’lumotlari yangilandi.
tech-toast-opened = 🎫 Ariza #{ $id } ochildi.
tech-toast-already-start = ℹ️ Allaqachon boshlangan: ish sessiyasi davom etmoqda.
tech-toast-already-pause = ℹ️ Allaqachon pauza qilingan.
tech-toast-already-resume = ℹ️ Allaqachon davom ettirilgan: ish sessiyasi davom etmoqda.
tech-toast-already-stop = ℹ️ Allaqachon to‘xtatilgan.
tech-toast-already-to-waiting-qc = ℹ️ Allaqachon QC tekshiruviga yuborilgan: ariza QC tekshiruvini kutmoqda.

## Kirish
tech-open-access-request =
    📝 <b>Kirish so‘rovini ochish</b>
    <code>/request_access</code> yuboring yoki pastdagi tugmani bosing.
tech-command-technicians-only = ⛔ <b>Bu buyruq faqat texniklar uchun.</b>

## XP
tech-xp-title = ⭐ <b>XP xulosasi</b>
tech-xp-total = • <b>Jami XP:</b> { $xp }
tech-xp-level = • <b>Daraja:</b> { $level }
tech-xp-next-level = • <b>Keyingi daraja:</b> { $level } ({ $threshold } XP; yana { $missing } XP kerak)
tech-xp-top-level = • <b>Keyingi daraja:</b> eng yuqori darajaga yetdingiz
tech-xp-updates = • <b>Yangilanishlar:</b> { $count }
tech-xp-latest = 🕒 <b>So‘nggi yangilanishlar</b>
tech-xp-empty = ℹ️ Hozircha XP tarixi bo‘sh.
tech-xp-history-title = 📜 <b>XP tarixi</b>
tech-xp-history-showing = • <b>Ko‘rsatilmoqda:</b> { $start }-{ $end } / { $total }
tech-xp-entry = • <code>{ $time }</code> — <b>{ $amount } XP</b> — { $description }
tech-xp-page-invalid = ⚠️ Bu sahifani ochib bo‘lmadi.
tech-xp-kind-attendance-punctuality = Ishga o‘z vaqtida kelgani uchun mukofot
tech-xp-kind-ticket-base-xp = Arizani bajargani uchun mukofot
tech-xp-kind-ticket-qc-first-pass-bonus = Sifat nazoratidan birinchi urinishda o‘tgani uchun bonus
tech-xp-kind-ticket-qc-status-update = Sifat nazorati natijasi
tech-xp-kind-manual-adjustment = XP qo‘lda o‘zgartirildi
tech-xp-kind-other = XP yangilanishi
