# Weekly level evaluation and manual progression changes (issue 15).
progression-outcome-level-up = 🎉 <b>Level up!</b> Week of { $week }: { $week_xp } XP earned, you are now level { $level } (was { $previous }).
    🎟 Coupon: { $coupon }
progression-outcome-maintained = ✅ <b>Weekly target met.</b> Week of { $week }: { $week_xp } XP earned, you stay at level { $level }.
progression-outcome-warning = ⚠️ <b>Weekly target missed.</b> Week of { $week }: { $week_xp } XP earned. This is a warning: miss the target next week and your level resets to 1.
progression-outcome-reset-to-l1 = 🔻 <b>Level reset.</b> Week of { $week }: { $week_xp } XP earned, the target was missed twice in a row. Your level is now 1 (was { $previous }).
progression-manual-xp = ⭐ <b>Your XP was adjusted: { $amount }</b>
    💬 { $comment }
progression-manual-level = 📈 <b>Your level was changed: { $from } → { $to }</b>
    💬 { $comment }
progression-weekly-summary = 📊 <b>Weekly level evaluation</b>, week of { $week }: { $users } people.
    🎉 Level up: { $level_up }
    ✅ Maintained: { $maintained }
    ⚠️ Warning: { $warning }
    🔻 Reset to level 1: { $reset }
progression-xp-adjust-usage = Usage: /xp_adjust &lt;user id or @username&gt; &lt;amount&gt; &lt;comment&gt;, e.g. /xp_adjust @ali -5 late report
progression-set-level-usage = Usage: /set_level &lt;user id or @username&gt; &lt;1-5&gt; &lt;comment&gt;, e.g. /set_level 12 3 promoted
progression-user-not-found = ⚠️ No user { $user }.
progression-xp-adjusted = ✅ { $user }: XP { $amount } (total { $total }). They were notified.
progression-level-set = ✅ { $user }: level { $from } → { $to }. They were notified.
help-cmd-xp-adjust = adjust a person’s XP with a comment
help-cmd-set-level = set a person’s level (1–5) with a comment
