# Domen rad javoblari (src/domain/errors.ts), kalitlari err-<kod, nuqtalar o‘rniga chiziqcha>.

err-role-forbidden = Bu amalni bajarishga ruxsatingiz yo‘q.
err-role-technicians_only = ⛔ Bu amal faqat texniklar uchun.
err-role-qc_inspectors_only = ⛔ Bu amal faqat QC nazoratchilari uchun.
err-role-access_denied = Kirish taqiqlangan. Administrator bilan bog‘laning.
err-role-unregistered = 🚫 Hozircha kirish huquqingiz yo‘q. /request_access orqali kirish so‘rovini yuboring.
err-role-approve_review_forbidden = Arizani ko‘rib chiqishni faqat administratorlar tasdiqlay oladi.
err-input-not_integer = Butun son kiritilishi kerak.
err-input-below_minimum = Qiymat kamida { $min } bo‘lishi kerak.
err-input-invalid_choice = «{ $value }» — noto‘g‘ri tanlov.
err-ticket-review_wrong_status = Arizani ko‘rib chiqishni faqat UNDER_REVIEW yoki NEW holatida tasdiqlash mumkin.
err-ticket-assign_wrong_status = Joriy holatda arizani biriktirib bo‘lmaydi.
err-ticket-assign_not_reviewed = Biriktirishdan oldin ariza administrator ko‘rib chiqishidan o‘tishi kerak.
err-ticket-assignee_not_found = Bunday texnik foydalanuvchi mavjud emas.
err-ticket-assignee_not_technician = Tanlangan foydalanuvchida TECHNICIAN roli yo‘q.
err-ticket-technician_has_open_session = Texnikda allaqachon faol ish sessiyasi bor. Boshqa arizani boshlashdan oldin joriy ish sessiyasini to‘xtating yoki arizani QC kutish holatiga o‘tkazing.
err-ticket-start_wrong_status = Arizani faqat ASSIGNED yoki REWORK holatidan boshlash mumkin.
err-ticket-start_no_technician = Arizaga texnik biriktirilmagan.
err-ticket-start_not_assignee = Bu arizani faqat biriktirilgan texnik boshlay oladi.
err-ticket-session_not_stopped = Arizani QC kutish holatiga o‘tkazishdan oldin ish sessiyasini to‘xtatish kerak.
err-ticket-send_to_qc_wrong_status = Arizani QC tekshiruviga faqat IN_PROGRESS holatidan yuborish mumkin.
err-ticket-send_to_qc_not_assignee = Arizani QC tekshiruviga faqat biriktirilgan texnik yubora oladi.
err-ticket-qc_pass_wrong_status = QC PASS faqat WAITING_QC holatida mumkin.
err-ticket-qc_pass_no_technician = QC PASS uchun arizaga texnik biriktirilgan bo‘lishi kerak.
err-ticket-qc_fail_wrong_status = QC FAIL faqat WAITING_QC holatida mumkin.
err-intake-manual_override_incomplete = Qo‘lda belgilash uchun flag_color ham, xp_amount ham kerak.
err-intake-active_ticket_exists = Bu inventar buyumi uchun faol ariza allaqachon mavjud.
err-intake-serial_invalid = serial_number RM-[A-Z0-9-]{"{"}4,29{"}"} shabloniga mos kelishi kerak.
err-intake-serial_archived = «{ $serial }» inventar buyumi arxivda. Ariza yaratishdan oldin mavjud buyumni tiklang.
err-intake-serial_not_found = «{ $serial }» inventar buyumi topilmadi. Uni yaratish uchun confirm_create_inventory_item=true qiling va inventory_item_creation_reason qiymatini bering.
err-intake-serial_not_found_with_matches = «{ $serial }» inventar buyumi topilmadi. Uni yaratish uchun confirm_create_inventory_item=true qiling va inventory_item_creation_reason qiymatini bering. Eng yaqin mosliklar: { $matches }.
err-intake-creation_reason_required = confirm_create_inventory_item=true bo‘lsa, inventory_item_creation_reason majburiy.
err-intake-part_specs_empty = part_specs kamida bitta detalni o‘z ichiga olishi kerak.
err-intake-part_ids_duplicate = Har bir part_id faqat bir marta ko‘rsatilishi mumkin.
err-intake-part_ids_unknown = Noma’lum detal identifikatorlari: { $ids }.
err-intake-parts_without_category = Tanlangan detallar inventar kategoriyasiga tegishli bo‘lishi kerak.
err-intake-parts_mixed_categories = Barcha tanlangan detallar bitta kategoriyaga tegishli bo‘lishi kerak.
err-intake-parts_wrong_category = Tanlangan detallar inventar buyumining kategoriyasiga tegishli emas.
err-work_session-ticket_has_open_session = Arizada allaqachon faol ish sessiyasi bor.
err-work_session-technician_has_open_session = Texnikda allaqachon faol ish sessiyasi bor.
err-work_session-not_found = Bu ariza va texnik uchun faol ish sessiyasi topilmadi.
err-work_session-pause_wrong_status = Ish sessiyasini faqat RUNNING holatida pauza qilish mumkin.
err-work_session-pause_limit_reached = Bugungi kunlik pauza limiti to‘liq tugagan.
err-work_session-resume_wrong_status = Ish sessiyasini faqat PAUSED holatidan davom ettirish mumkin.
err-work_session-stop_wrong_status = Ish sessiyasini faqat RUNNING yoki PAUSED holatida to‘xtatish mumkin.
err-rules-not_object = { $field } obyekt bo‘lishi kerak.
err-rules-unknown_keys = Noma’lum sozlama kalitlari: { $keys }.
err-rules-not_integer = { $field } butun son bo‘lishi kerak.
err-rules-negative = { $field } >= 0 bo‘lishi kerak.
err-rules-divisor_not_positive = ticket_xp.base_divisor > 0 bo‘lishi kerak.
err-rules-yellow_below_green = ticket_xp.flag_yellow_max_minutes >= ticket_xp.flag_green_max_minutes bo‘lishi kerak.
err-rules-cutoff_format = { $field } SS:DD (soat:daqiqa) formatida bo‘lishi kerak.
err-rules-cutoff_order = attendance.on_time_cutoff <= attendance.grace_cutoff bo‘lishi kerak.
err-rules-timezone_empty = { $field } bo‘sh bo‘lmagan satr bo‘lishi kerak.
err-rules-timezone_invalid = { $field } IANA ro‘yxatidagi haqiqiy vaqt mintaqasi bo‘lishi kerak.
err-rules-no_changes = Sozlamalarda hech qanday o‘zgarish yo‘q.
err-xp-amount_zero = amount 0 bo‘lmasligi kerak.
err-xp-comment_required = comment (izoh) majburiy.
err-xp-level_invalid = Daraja noto‘g‘ri.
err-progression-week_start_invalid = week_start dushanba bo‘lishi kerak (YYYY-MM-DD).
err-progression-week_not_over = { $week_start } dan boshlanadigan hafta hali tugamagan.
err-progression-amount_out_of_range = amount -{ $max } dan { $max } gacha bo‘lishi kerak.
err-progression-comment_too_long = Izoh { $max } belgidan oshmasligi kerak.
err-access-first_name_too_short = Ism juda qisqa. Kamida 2 ta harf kiriting.
err-access-last_name_too_short = Familiya juda qisqa. Kamida 2 ta harf kiriting.
err-access-phone_invalid = Telefon raqami formati noto‘g‘ri. Uni xalqaro formatda yuboring, masalan +998901234567.
err-access-already_linked = Siz allaqachon ro‘yxatdan o‘tgansiz va hisobingiz bog‘langan.
err-access-already_approved = Kirish so‘rovingiz allaqachon tasdiqlangan.
err-access-phone_in_use = Bu telefon raqami boshqa hisobda allaqachon ishlatilgan.
err-action-unknown = ⚠️ Noma’lum amal.
err-action-not_available = ⚠️ Bu amal hozir ushbu ariza uchun mavjud emas.
err-action-ticket_not_yours = ⚠️ Ariza topilmadi yoki sizga biriktirilmagan.
err-qc-action_not_available = ⚠️ Arizaning joriy holatida QC amali mavjud emas.
err-invalid-value = ⚠️ Qiymat rad etildi: u ruxsat etilgan oraliqdan tashqarida yoki saqlab bo‘lmaydigan belgilarni o‘z ichiga oladi. Hech narsa o‘zgartirilmadi.
err-data-conflict = ⚠️ Bu o‘zgarish mavjud ma’lumotlarga zid. Hech narsa o‘zgartirilmadi.

# Refusals whose texts live with their feature (access.ftl, support.ftl).
err-access_request-closed =
    { $status ->
        [approved] { access-closed-approved }
        [rejected] { access-closed-rejected }
        [expired] { access-closed-expired }
        [pending] { access-not-found }
       *[other] ⚠️ Kirish so‘rovi allaqachon { $status } holatida.
    }
err-support-closed = { support-refused-closed }
err-support-not_staff = { support-refused-not_staff }
err-support-already_assigned = { support-refused-already_assigned }
err-support-technician_without_group = { support-refused-technician_without_group }
err-support-not_your_survey = { support-refused-not_your_survey }
err-support-survey_finished = { support-refused-survey_finished }
err-support-question_answered = { support-refused-question_answered }
err-support-score_invalid = { support-refused-score_invalid }
err-support-comment_not_expected = { support-refused-comment_not_expected }
