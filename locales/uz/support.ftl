# Qo‘llab-quvvatlash xizmati: mavzu sarlavhalari, mijoz kartasi, ko‘prik izohlari, so‘rovnoma (src/bot/render/support.ts).

support-status-new = Yangi
support-status-work = Jarayonda
support-status-closed = Yopilgan

support-card-title = 🆕 <b>Murojaat #{ $id }</b>
support-card-client = 👤 { $name } · { $username } · id <code>{ $id }</code>
support-card-no-data = • bu mijoz haqida ma’lumot yo‘q
support-card-account = Hisob
support-card-phone = Telefon
support-card-language = Til
support-card-first-seen = Birinchi murojaat
support-card-tickets = Jami murojaatlar
support-card-pick = Texnikni tanlang:
support-card-no-technicians = ⚠️ TECH_GROUPS_MAPPING sozlamasida hali hech bir texnikning guruhi yo‘q, shuning uchun hech kimni biriktirib bo‘lmaydi.
support-card-without-group = TECH_GROUPS_MAPPING sozlamasida yo‘q (biriktirib bo‘lmaydi): { $names }
support-button-close = ✅ Murojaatni yopish
support-card-assigned = 🔧 Biriktirildi: { $tech }.
support-card-reassign = Boshqa texnikka qayta biriktirish:
support-card-closed = 🟣 Yopildi: ko‘prik o‘chirilgan.

support-label-tech = 🔧 { $name }:
support-label-staff = 🎧 Qo‘llab-quvvatlash · { $name }:

support-tech-intro =
    🎫 <b>Murojaat #{ $id }</b> · { $name } ({ $username })
    Sizga { $staff } biriktirdi. Bu mavzudagi javoblaringiz mijozga va xodimlar mavzusiga yuboriladi.
    Mutaxassisni chaqirish uchun xabarni @eslatma bilan boshlang: bunday xabar mijozga yuborilmaydi.
support-tech-reassigned = ↪️ Murojaat boshqa texnikka qayta biriktirildi: { $tech }. Bu mavzu endi mijoz bilan bog‘lanmagan.
support-tech-closed = 🟣 Murojaat yopildi. Bu mavzu endi mijoz bilan bog‘lanmagan.

support-client-received = ✅ Rahmat, xabaringizni oldik. Qo‘llab-quvvatlash mutaxassisi shu yerda javob beradi.
support-client-closed = 🟣 Murojaatingiz #{ $id } yopildi. Yana yordam kerak bo‘lsa, istalgan vaqtda yozing.
support-client-pending = ⏳ Qo‘llab-quvvatlash xizmati qisqa vaqtga ishlamayapti. Xabaringiz yo‘qolmaydi: xizmat qayta ishlashi bilan u bizga avtomatik yetib keladi, uni qayta yuborish shart emas.

support-note-assigned = 🔧 Biriktirildi: { $tech } (biriktirgan: { $staff }).
support-note-reassigned = ↪️ { $previous } o‘rniga { $tech } biriktirildi (biriktirgan: { $staff }).
support-note-closed = 🟣 Yopgan: { $staff }.
support-note-client-blocked = 🚫 Mijoz botni bloklagan: u qayta yozmaguncha javoblar unga yetib bormaydi.
support-note-sla-overdue = ⏰ Mijozga { $minutes } daqiqadan beri javob berilmadi: birinchi javob muddati o‘tib ketdi.
support-note-help = 🆘 { $tech } yordam so‘ramoqda: { $text }

support-raw = { $text }

support-survey-title = ⭐ <b>Murojaat #{ $id } bo‘yicha ishimizni qanday baholaysiz?</b>
support-survey-q1 = Qanchalik tez javob berdik?
support-survey-q2 = Muammoingizni hal qildikmi?
support-survey-q3 = Qanchalik xushmuomala va tushunarli bo‘ldik?
support-survey-short-q1 = tezlik
support-survey-short-q2 = yechim
support-survey-short-q3 = xushmuomalalik
support-survey-pick = { $n }-savolga baho bering: 1 — yomon, 5 — a’lo.
support-survey-comment-ask = ✍️ Nimani yaxshilashimiz mumkin? Javobingizni xabar qilib yuboring.
support-survey-thanks = 🙏 Javoblaringiz uchun rahmat!
support-survey-thanks-comment = 🙏 Javoblaringiz va izohingiz uchun rahmat!
support-survey-expired = ⌛ Bu so‘rovnomaning muddati tugadi. Rahmat!
support-survey-reminder = ⭐ Eslatma: iltimos, qo‘llab-quvvatlash xizmatimizni baholang, bu atigi o‘n soniya oladi.
support-summary = 📊 Murojaat #{ $id } bo‘yicha so‘rovnoma: { $scores }
support-summary-expired = ⌛ Murojaat #{ $id } bo‘yicha so‘rovnoma muddati tugadi. Javoblar: { $scores }

support-assigned-toast = 🔧 Biriktirildi: { $tech }.
support-closed-toast = 🟣 Murojaat yopildi.
support-score-toast = ⭐ Rahmat!
support-comment-thanks = 🙏 Rahmat, izohingizni mas’ullarga yetkazdik.
support-banned = 🚫 Mijoz bloklandi: endi uning xabarlari e’tiborga olinmaydi. /unban orqali blokdan chiqarish mumkin.
support-unbanned = ✅ Mijoz blokdan chiqarildi: uning xabarlari yana qo‘llab-quvvatlash xizmatiga yetib boradi.
support-not-allowed = ⛔ Qo‘llab-quvvatlash xizmati faqat ro‘yxatdan o‘tgan mijozlarga javob beradi. Qo‘shilish uchun ustaxona bilan bog‘laning.

support-refused-closed = ⚠️ Bu murojaat allaqachon yopilgan.
support-refused-not_staff = ⛔ Buni faqat xodimlar bajara oladi.
support-refused-already_assigned = ℹ️ Bu texnik allaqachon biriktirilgan.
support-refused-technician_without_group = ⚠️ TECH_GROUPS_MAPPING sozlamasida bu texnikning guruhi yo‘q.
support-refused-not_your_survey = ⚠️ Bu so‘rovnoma sizniki emas.
support-refused-survey_finished = ℹ️ Bu so‘rovnoma allaqachon yakunlangan.
support-refused-question_answered = ℹ️ Bu savolga allaqachon javob berilgan.
support-refused-score_invalid = ⚠️ 1 dan 5 gacha baho tanlang.
support-refused-comment_not_expected = ℹ️ Hozir izoh kutilmayapti.
