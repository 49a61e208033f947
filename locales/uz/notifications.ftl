# Arizalar bo‘yicha bildirishnomalar (workshop-domain.md §8) va administratorlar oqimining xabarlari.
# Qiymatlar HTML; qo‘yiladigan qiymatlarni yuboruvchi ekranlaydi.

notif-unknown-user = Noma’lum foydalanuvchi
notif-line-ticket = 🎫 <b>Ariza:</b> #{ $id }
notif-line-serial = 🔢 <b>Seriya raqami:</b> <code>{ $serial }</code>
notif-line-technician = 👤 <b>Texnik:</b> { $name }
notif-line-status = 📍 <b>Holat:</b> { $status }
notif-line-waiting = ⏱ <b>QC kutmoqda:</b> { $minutes } daq.

## ticket_assigned_master
notif-assigned-master-heading = 📌 <b>Ariza biriktirildi</b>
notif-line-assigned-by = 🛠 <b>Biriktirgan:</b> { $name }

## ticket_assigned_technician (sarlavhadan keyin texnik kartasi keladi)
notif-assigned-technician-heading = 🆕 <b>Sizga yangi ariza biriktirildi</b>

## ticket_started_master
notif-started-heading = ▶️ <b>Ariza bo‘yicha ish boshlandi</b>
notif-line-started-by = 🛠 <b>Boshlagan:</b> { $name }

## ticket_waiting_qc_reviewers
notif-waiting-qc-heading = 🧪 <b>Ariza QC tekshiruvini kutmoqda</b>
notif-line-moved-by = 🛠 <b>Yuborgan:</b> { $name }
notif-waiting-qc-action = 👇 <b>Amal:</b> quyidagi tugmalar orqali QC qarorini tanlang.

## ticket_qc_pass
notif-qc-pass-heading = ✅ <b>Ariza QC tekshiruvidan o‘tdi</b>
notif-line-qc-by = 🧪 <b>QC o‘tkazgan:</b> { $name }
notif-qc-pass-xp = ⭐ <b>Berilgan XP:</b> +{ $base }
notif-qc-pass-xp-bonus = ⭐ <b>Berilgan XP:</b> ariza uchun +{ $base }, QCdan birinchi urinishda o‘tgani uchun +{ $bonus } bonus

## ticket_qc_fail_technician (sarlavhadan keyin texnik kartasi keladi)
notif-qc-fail-heading = ❌ <b>QC tekshiruvidan qaytarildi</b>
notif-line-reason = 💬 <b>Sabab:</b> { $reason }

## QC kutish SLA muddati
notif-qc-sla-reminder-heading = ⏰ <b>QC eslatmasi: ariza hali ham kutmoqda</b>
notif-qc-sla-breached-heading = 🚨 <b>QC SLA muddati buzildi</b>

## Administratorlar bildirishnomalari oqimi
notif-admin-heading-info = ℹ️ <b>Administratorlarga bildirishnoma</b> · <code>{ $type }</code>
notif-admin-heading-warning = ⚠️ <b>Administratorlarga bildirishnoma</b> · <code>{ $type }</code>
notif-admin-heading-error = 🚨 <b>Administratorlarga bildirishnoma</b> · <code>{ $type }</code>
notif-admin-heading-critical = 🆘 <b>Administratorlarga bildirishnoma</b> · <code>{ $type }</code>

# Boshqa tizimlar yozgan yozuvlar: matni o‘zgarishsiz, turi ular nomlaganicha.
# Ticketflow’ning o‘z yozuvlari: har bir administrator tilida sarlavha va matn.
notif-admin-title-info = ℹ️ <b>{ $title }</b>
notif-admin-title-warning = ⚠️ <b>{ $title }</b>
notif-admin-title-error = 🚨 <b>{ $title }</b>
notif-admin-title-critical = 🆘 <b>{ $title }</b>
notif-admin-support-sla-breached-title = Qo‘llab-quvvatlash: o‘z vaqtida javob berilmadi
notif-admin-support-sla-breached = Murojaat #{ $id } ({ $client }) { $minutes } daqiqadan beri javobsiz qolmoqda.
notif-admin-qc-sla-breached-title = QC kutish vaqti oshib ketdi
notif-admin-qc-sla-breached = Ariza #{ $id } ({ $serial }) QC tekshiruvini { $minutes } daqiqadan beri kutmoqda (SLA { $sla } daqiqa).
notif-admin-notification-failed-title = Bildirishnoma yetkazilmadi
notif-admin-notification-failed =
    Ariza #{ $id } bo‘yicha «{ $event }» bildirishnomasi barcha urinishlardan keyin ham yetkazilmadi.
    Xato: <code>{ $cause }</code>
notif-name-assigned-master = ariza tayinlandi (ustaga)
notif-name-assigned-technician = yangi ariza (texnikka)
notif-name-started-master = ish boshlandi (ustaga)
notif-name-waiting-qc = QC tekshiruvini kutmoqda (QC nazoratchilariga)
notif-name-qc-pass = QC tekshiruvidan o‘tdi
notif-name-qc-fail = QC’dan qaytarildi (texnikka)
notif-name-qc-sla-reminder = QC eslatmasi
notif-name-qc-sla-breached = QC kutish vaqti oshib ketdi
