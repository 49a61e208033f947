# Xodimlar buyruqlari: /techs, /find, /stats, /leaderboard, /chat_id. Qiymatlar HTML, faqat
# staff-chart-* yozuvlari bundan mustasno: ular /stats rasmida chiziladi (oddiy matn, emojisiz).

## Holatlar
staff-status-under-review = Ko‘rib chiqilmoqda
staff-status-new = Yangi
staff-status-assigned = Biriktirilgan
staff-status-in-progress = Jarayonda
staff-status-waiting-qc = QC kutmoqda
staff-status-rework = Qayta ishlashda
staff-status-done = Yakunlangan
staff-session-running = Ishlamoqda
staff-session-paused = Pauzada
staff-session-stopped = To‘xtatilgan
staff-flag-green = Yashil
staff-flag-yellow = Sariq
staff-flag-red = Qizil

## Davomiylik
staff-duration-minutes = { $minutes } daq.
staff-duration-hours = { $hours } soat { $minutes } daq.

## /techs
staff-techs-title = 👷 <b>Texniklar hozir</b>: { $count }
staff-techs-empty = ℹ️ Faol texniklar yo‘q.
staff-state-working = ishlamoqda
staff-state-paused = pauzada
staff-state-idle = bo‘sh
staff-techs-today = ⏱ bugun { $duration }
staff-techs-zone = 🕒 «Bugun» — { $zone } vaqti bo‘yicha joriy kun.

## /find
staff-find-usage = 🔎 Foydalanish: /find &lt;raqam|seriya raqami&gt;, masalan <code>/find 42</code> yoki <code>/find RM-AB12</code>.
staff-find-not-found = ⚠️ <code>{ $query }</code> bo‘yicha ariza topilmadi.
staff-find-title = 🔎 <b>Ariza #{ $id }</b>
staff-find-serial = 🔢 <b>Seriya raqami:</b> <code>{ $serial }</code>
staff-find-status = 📍 <b>Holat:</b> { $icon } { $status }
staff-find-item = 📦 <b>Buyum:</b> { $item }
staff-find-title-line = 📝 <b>Sarlavha:</b> { $title }
staff-find-technician = 🛠 <b>Texnik:</b> { $name }
staff-find-no-technician = biriktirilmagan
staff-find-master = 👤 <b>Usta:</b> { $name }
staff-find-metrics = 📏 <b>Ko‘rsatkichlar:</b> reja { $minutes } daq. · { $flag } · { $xp } XP
staff-find-metrics-manual = 📏 <b>Ko‘rsatkichlar:</b> reja { $minutes } daq. · { $flag } · { $xp } XP (qo‘lda belgilangan)
staff-find-session = ⏯ <b>Ish sessiyasi:</b> { $status } · { $duration }
staff-find-no-session = ⏯ <b>Ish sessiyasi:</b> hali bo‘lmagan
staff-find-worked = ⌛ <b>Jami ishlangan vaqt:</b> { $duration }
staff-find-created = 🗓 <b>Yaratilgan:</b> { $at }
staff-find-finished = 🏁 <b>Yakunlangan:</b> { $at }

## /stats
staff-stats-caption = 📈 Ustaxona statistikasi
staff-stats-title = 📈 <b>Ustaxona statistikasi</b>
staff-stats-by-status = 🎫 <b>Holatlar bo‘yicha arizalar</b> (jami { $total }):
staff-stats-status-row = { $icon } { $status }: { $count }
staff-stats-done = ✅ <b>So‘nggi { $days } kunda yakunlangan</b>: { $total }
staff-stats-done-row = • { $day }: { $count }
staff-stats-done-none = • yo‘q
staff-stats-first-pass = 🧪 <b>QC tekshiruvidan birinchi urinishda o‘tish</b>: { $rate } ({ $decided } ta arizadan { $passed } tasi QC tekshiruvidan birinchi urinishda o‘tdi)
staff-stats-first-pass-none = 🧪 <b>QC tekshiruvidan birinchi urinishda o‘tish</b>: hali QC qarorlari yo‘q
staff-stats-leaderboard = 🏆 <b>XP reytingi</b>:
staff-stats-csat = ⭐ <b>Texniklar bo‘yicha CSAT</b>:
staff-stats-csat-none = • hali baholar yo‘q
staff-stats-csat-row = • { $name }: { $average } ({ $count } ta baho)
staff-stats-zone = 🕒 Kunlar { $zone } vaqti bo‘yicha hisoblanadi.

staff-chart-title = Ustaxona statistikasi
staff-chart-subtitle = { $date } · { $zone }
staff-chart-by-status = Holatlar bo‘yicha arizalar (jami { $total })
staff-chart-done = Kunlar bo‘yicha yakunlanganlar, so‘nggi { $days } kun
staff-chart-first-pass = QC tekshiruvidan birinchi urinishda o‘tish
staff-chart-first-pass-detail = { $decided } ta arizadan { $passed } tasi QC tekshiruvidan birinchi urinishda o‘tdi
staff-chart-leaderboard = XP reytingi
staff-chart-csat = Texniklar bo‘yicha CSAT
staff-chart-no-data = Hozircha ma’lumot yo‘q

## /leaderboard
staff-leaderboard-title = 🏆 <b>XP reytingi</b>
staff-leaderboard-row = { $medal } { $rank }. <b>{ $name }</b> — { $level }-daraja · { $xp } XP
staff-leaderboard-empty = ℹ️ Hozircha texniklar yo‘q.

## /chat_id: MAIN_GROUP_ID, TECH_GROUPS_MAPPING va ADMIN_TELEGRAM_IDS uchun id hamda sozlamalarni tekshirish
help-cmd-chat-id = guruhda: uning id raqami va xodimlar guruhi yoki texnik guruhi sozlamalarini tekshirish
setup-private-id = 🆔 Telegram id raqamingiz: <code>{ $id }</code>
setup-private-admin = Super administrator bo‘lish uchun uni ADMIN_TELEGRAM_IDS sozlamasiga qo‘shing.
setup-private-hint = 💡 Guruhning id raqamini bilish uchun botni guruhga qo‘shing va u yerda /chat_id yuboring.
setup-group-title = ⚙️ <b>{ $title }</b>
setup-group-id = 🆔 Chat id raqami: <code>{ $id }</code>
setup-topics-on = ✅ Mavzular yoqilgan.
setup-topics-off = ⚠️ Mavzular o‘chirilgan: guruh sozlamalarida «Mavzular»ni yoqing.
setup-topics-off-basic = ⚠️ Mavzular o‘chirilgan: guruh sozlamalarida «Mavzular»ni yoqing. Shundan so‘ng Telegram guruhga yangi id beradi, shuning uchun /chat_id buyrug‘ini qayta yuboring.
setup-bot-ready = ✅ Bot administrator va mavzularni boshqara oladi.
setup-bot-no-topics = ⚠️ Bot administrator, lekin mavzularni boshqara olmaydi: administrator huquqlarida «Mavzularni boshqarish»ga ruxsat bering.
setup-bot-not-admin = ⚠️ Bot administrator emas: uni mavzularni boshqarish huquqi bilan administrator qiling.
setup-bot-unknown = ⚠️ Botning bu yerdagi huquqlarini tekshirib bo‘lmadi ({ $error }).
setup-is-main = ✅ Bu xodimlar guruhi (MAIN_GROUP_ID).
setup-is-tech = ✅ Bu <code>{ $technicians }</code> texnigining guruhi (TECH_GROUPS_MAPPING).
setup-not-configured = ⚠️ Bu chat MAIN_GROUP_ID sozlamasida ham, TECH_GROUPS_MAPPING sozlamasida ham yo‘q.
setup-main-elsewhere = ℹ️ Hozir MAIN_GROUP_ID boshqa chat: <code>{ $id }</code>
setup-configured = 👉 Sozlamalarda: <code>{ $setting }</code>
setup-to-set = 👉 Xodimlar guruhi uchun <code>{ $main }</code> ni belgilang yoki texnik guruhi uchun <code>{ $tech }</code> ni qo‘shing.
setup-ready = 🎉 Bu yerda hamma narsa sozlangan.
