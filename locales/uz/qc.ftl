# QC navbati, QC amallari paneli va QC rad etish sababini so‘rash (workshop-domain.md §9 "QC UI").
# Qiymatlar HTML.

## Navbat
qc-queue-heading = 🧪 <b>Mening QC tekshiruvlarim</b>
qc-queue-total = 📦 <b>Jami QC tekshiruvlari:</b> { $count }
qc-queue-page = 📄 <b>Sahifa:</b> { $page }/{ $pages }
qc-queue-hint = 👇 Tekshirish uchun arizani tanlang.
qc-queue-empty = ℹ️ Hozir QC tekshiruvini kutayotgan arizalar yo‘q.
qc-queue-row = 🧪 #{ $id } · { $serial } · { $technician }
qc-technician-unassigned = biriktirilmagan
qc-serial-unknown = noma’lum
qc-back = ⬅ Mening QC tekshiruvlarimga qaytish

## Panel
qc-panel-heading = 🧪 <b>QC amallari paneli</b>
qc-panel-ticket = 🎫 <b>Ariza:</b> #{ $id }
qc-panel-serial = 🔢 <b>Seriya raqami:</b> <code>{ $serial }</code>
qc-panel-status = 📍 <b>Holat:</b> { $status }
qc-panel-technician = 🛠 <b>Texnik:</b> { $technician }
qc-action-pass = ✅ QC o‘tdi
qc-action-fail = ❌ QC o‘tmadi
qc-action-refresh = 🔄 Arizani yangilash

## Qisqa xabarlar
qc-toast-pass = ✅ Ariza QC tekshiruvidan o‘tdi deb belgilandi.
qc-toast-fail = ❌ Ariza QC tekshiruvidan o‘tmadi deb belgilandi.
qc-toast-refresh = 🔄 Ariza ma’lumotlari yangilandi.
qc-toast-opened = 🧪 QC tekshiruvi ochildi.
qc-toast-queue-refreshed = 🔄 QC tekshiruvlari ro‘yxati yangilandi.
qc-toast-already-pass = ℹ️ QC tekshiruvidan allaqachon o‘tgan: ariza bajarildi.
qc-toast-already-fail = ℹ️ QC tekshiruvidan allaqachon o‘tmagan: ariza qayta ishlashga qaytarilgan.

## Rad etish sababi
qc-fail-prompt =
    ❌ <b>Ariza #{ $id } QC tekshiruvidan o‘tmadi</b>
    ✍️ Sababini keyingi xabar bilan yuboring: texnik uni ko‘radi. Yoki arizani sababsiz qaytarish uchun «O‘tkazib yuborish» tugmasini bosing.
qc-fail-skip = ⏭ O‘tkazib yuborish
qc-fail-cancel = ✖ Bekor qilish
qc-fail-toast-ask = ✍️ Sababini yuboring yoki «O‘tkazib yuborish» tugmasini bosing.
qc-fail-cancelled = ✖ QC rad etish bekor qilindi. Ariza hali ham QC tekshiruvini kutmoqda.
qc-fail-expired = ⌛ Sabab so‘rovining muddati tugadi. ❌ QC o‘tmadi tugmasini yana bosing.
qc-fail-reason-too-long = ⚠️ Sabab juda uzun: iltimos, ko‘pi bilan { $max } ta belgi yozing.
qc-fail-reason-label = 💬 <b>Sabab:</b> { $reason }

## Kirish
qc-open-access-request =
    📝 <b>Kirish so‘rovini ochish</b>
    <code>/request_access</code> yuboring yoki pastdagi tugmani bosing.
qc-command-qc-only = ⛔ <b>Bu amal faqat QC nazoratchilari uchun.</b>
