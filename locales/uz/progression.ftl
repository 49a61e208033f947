# Haftalik daraja baholash va qo‘lda o‘zgartirishlar (issue 15).
progression-outcome-level-up = 🎉 <b>Yangi daraja!</b> { $week } haftasi: { $week_xp } XP to‘plandi, endi darajangiz { $level } (avval { $previous }).
    🎟 Kupon: { $coupon }
progression-outcome-maintained = ✅ <b>Haftalik maqsad bajarildi.</b> { $week } haftasi: { $week_xp } XP to‘plandi, darajangiz { $level } bo‘lib qoladi.
progression-outcome-warning = ⚠️ <b>Haftalik maqsad bajarilmadi.</b> { $week } haftasi: { $week_xp } XP to‘plandi. Bu ogohlantirish: keyingi haftada ham maqsad bajarilmasa, darajangiz 1 ga tushadi.
progression-outcome-reset-to-l1 = 🔻 <b>Daraja tushirildi.</b> { $week } haftasi: { $week_xp } XP to‘plandi, maqsad ketma-ket ikki hafta bajarilmadi. Endi darajangiz 1 (avval { $previous }).
progression-manual-xp = ⭐ <b>XP’ingiz o‘zgartirildi: { $amount }</b>
    💬 { $comment }
progression-manual-level = 📈 <b>Darajangiz o‘zgartirildi: { $from } → { $to }</b>
    💬 { $comment }
progression-weekly-summary = 📊 <b>Haftalik daraja baholash</b>, { $week } haftasi: { $users } kishi.
    🎉 Daraja oshdi: { $level_up }
    ✅ O‘zgarmadi: { $maintained }
    ⚠️ Ogohlantirish: { $warning }
    🔻 1-darajaga tushdi: { $reset }
progression-xp-adjust-usage = Foydalanish: /xp_adjust &lt;id yoki @username&gt; &lt;miqdor&gt; &lt;izoh&gt;, masalan /xp_adjust @ali -5 kechikkan hisobot
progression-set-level-usage = Foydalanish: /set_level &lt;id yoki @username&gt; &lt;1-5&gt; &lt;izoh&gt;, masalan /set_level 12 3 ko‘tarildi
progression-user-not-found = ⚠️ { $user } foydalanuvchisi topilmadi.
progression-xp-adjusted = ✅ { $user }: XP { $amount } (jami { $total }). Xabar yuborildi.
progression-level-set = ✅ { $user }: daraja { $from } → { $to }. Xabar yuborildi.
help-cmd-xp-adjust = xodimning XP’ini izoh bilan o‘zgartirish
help-cmd-set-level = xodim darajasini (1–5) izoh bilan belgilash
