# Еженедельная оценка уровня и ручные изменения (issue 15).
progression-outcome-level-up = 🎉 <b>Новый уровень!</b> Неделя с { $week }: набрано { $week_xp } XP, теперь у вас уровень { $level } (был { $previous }).
    🎟 Купон: { $coupon }
progression-outcome-maintained = ✅ <b>Недельная цель выполнена.</b> Неделя с { $week }: набрано { $week_xp } XP, уровень остаётся { $level }.
progression-outcome-warning = ⚠️ <b>Недельная цель не выполнена.</b> Неделя с { $week }: набрано { $week_xp } XP. Это предупреждение: если цель не будет выполнена и на следующей неделе, уровень сбросится до 1.
progression-outcome-reset-to-l1 = 🔻 <b>Уровень сброшен.</b> Неделя с { $week }: набрано { $week_xp } XP, цель не выполнена две недели подряд. Теперь у вас уровень 1 (был { $previous }).
progression-manual-xp = ⭐ <b>Ваш XP изменён: { $amount }</b>
    💬 { $comment }
progression-manual-level = 📈 <b>Ваш уровень изменён: { $from } → { $to }</b>
    💬 { $comment }
progression-weekly-summary = 📊 <b>Еженедельная оценка уровней</b>, неделя с { $week }: { $users } чел.
    🎉 Повышение: { $level_up }
    ✅ Без изменений: { $maintained }
    ⚠️ Предупреждение: { $warning }
    🔻 Сброс до уровня 1: { $reset }
progression-xp-adjust-usage = Формат: /xp_adjust &lt;id или @username&gt; &lt;количество&gt; &lt;комментарий&gt;, например /xp_adjust @ali -5 поздний отчёт
progression-set-level-usage = Формат: /set_level &lt;id или @username&gt; &lt;1-5&gt; &lt;комментарий&gt;, например /set_level 12 3 повышение
progression-user-not-found = ⚠️ Пользователь { $user } не найден.
progression-xp-adjusted = ✅ { $user }: XP { $amount } (всего { $total }). Уведомление отправлено.
progression-level-set = ✅ { $user }: уровень { $from } → { $to }. Уведомление отправлено.
help-cmd-xp-adjust = изменить XP сотрудника с комментарием
help-cmd-set-level = задать уровень сотрудника (1–5) с комментарием
