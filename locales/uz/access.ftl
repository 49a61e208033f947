# Kirish so‘rovlari (workshop-domain.md §9, §8). Belgilash bor joyda HTML.

## So‘rov yuboruvchining anketasi
access-form-title = 🧾 <b>Kirish so‘rovi</b>
access-form-progress = 📈 Jarayon: { $step }/{ $total } { $bar }
access-form-first-name = 👤 Ism: { $value }
access-form-last-name = 👤 Familiya: { $value }
access-ask-first-name = ✍️ Ismingizni kiriting.
access-ask-last-name = ✍️ Familiyangizni kiriting.
access-ask-phone = 📞 Telefon raqamingizni pastdagi tugma orqali ulashing yoki xalqaro formatda yozing, masalan +998901234567.
access-form-hint = To‘xtatish uchun /cancel yuboring.
access-share-contact = 📱 Kontaktimni ulashish
access-contact-not-own = Iltimos, boshqa birovning emas, o‘zingizning kontaktingizni ulashing.
access-submitted = ✅ So‘rov muvaffaqiyatli yuborildi.
access-already-pending = ℹ️ Kirish so‘rovingiz allaqachon ko‘rib chiqilmoqda.
access-submit-pending = ℹ️ So‘rovingiz allaqachon ko‘rib chiqilmoqda.
access-all-set = ✅ Hammasi tayyor, kirish huquqingiz bor.
access-cancelled = ❎ Kirish so‘rovi bekor qilindi.
access-nothing-to-cancel = ℹ️ Bekor qilinadigan narsa yo‘q.
access-open-request = 📝 Kirish so‘rovini ochish

## Ro‘yxatdan o‘tmaganlar uchun /start (ko‘pincha qo‘llab-quvvatlash xizmatining mijozlari)
access-start-client =
    👋 <b>Assalomu alaykum!</b> Bu ustaxonaning qo‘llab-quvvatlash chati.
    Savolingizni shu yerga yozing — matn, rasm, ovozli xabar yoki fayl ko‘rinishida — jamoamiz sizga aynan shu chatda javob beradi.
access-start-not-allowed =
    👋 <b>Assalomu alaykum!</b> Bu qo‘llab-quvvatlash xizmati faqat ustaxonaning ro‘yxatdan o‘tgan mijozlariga javob beradi.
    Agar mijoz bo‘lsangiz, sizni qo‘shishlari uchun ustaxona bilan bog‘laning.
access-start-no-desk = 👋 <b>Assalomu alaykum!</b> Bu bot ustaxona xodimlarining ishchi vositasi.
access-start-staff-hint = 🛠 Ustaxona xodimlari: kirish huquqini so‘rash uchun /request_access yuboring.

## Moderatorlar uchun karta
access-card-title = 🆕 <b>Kirish so‘rovi #{ $id }</b>
access-card-name = 👤 Ism: { $name }
access-card-phone = 📞 Telefon: { $phone }
access-card-telegram = 💬 Telegram: { $telegram }
access-card-expires = ⏳ Muddati tugaydi: { $at }
access-card-pick-role = 🎭 Beriladigan rolni tanlang:
access-card-approved = ✅ Tasdiqladi: { $by } · { $roles }
access-card-rejected = ❌ Rad etdi: { $by }
access-card-expired = ⌛ Qaror qabul qilinmay, muddati tugadi
access-btn-approve = ✅ Tasdiqlash
access-btn-reject = ❌ Rad etish
access-btn-back = ⬅ Orqaga
access-toast-approved = ✅ Tasdiqlandi: { $roles }
access-toast-rejected = ❌ So‘rov rad etildi.
access-closed-approved = ℹ️ Bu so‘rov allaqachon tasdiqlangan.
access-closed-rejected = ℹ️ Bu so‘rov allaqachon rad etilgan.
access-closed-expired = ⌛ Bu so‘rovning muddati tugagan.
access-not-found = ⚠️ Kirish so‘rovi topilmadi.
access-list-empty = ℹ️ Ko‘rib chiqilishini kutayotgan kirish so‘rovlari yo‘q.
access-list-title = 🔐 Ko‘rib chiqilishini kutayotgan kirish so‘rovlari: { $count }

## So‘rov yuboruvchiga yuboriladigan xabarlar
access-decision-approved =
    ✅ <b>Kirish so‘rovi tasdiqlandi</b>

    Kirish so‘rovingiz tasdiqlandi. Endi ustaxona botidan foydalanishingiz mumkin.
    🎭 Rollar: { $roles }
access-decision-rejected =
    ❌ <b>Kirish so‘rovi rad etildi</b>

    Kirish so‘rovingiz rad etildi. /request_access buyrug‘i orqali yangi so‘rov yuborishingiz mumkin.
access-decision-expired =
    ⌛ <b>Kirish so‘rovining muddati tugadi</b>

    Kirish so‘rovingiz o‘z vaqtida ko‘rib chiqilmadi. /request_access buyrug‘i orqali yangi so‘rov yuborishingiz mumkin.
