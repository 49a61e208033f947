# Командный вид /stats: кнопка под цифрами и диаграмма, которую она присылает. Подписи
# staff-team-chart-* рисуются на картинке (обычный текст, без эмодзи).
staff-team-button = 👥 Команда ({ $days } дн.)
staff-team-caption = 👥 Команда за последние { $days } дн.: закрытые заявки и заработанный XP
staff-team-chart-title = Команда: последние { $days } дн.
staff-team-chart-subtitle = { $from } – { $to } · { $zone }
staff-team-chart-done = Закрыто заявок
staff-team-chart-xp = Заработано XP
