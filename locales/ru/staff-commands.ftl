# Команды персонала: /techs, /find, /stats, /leaderboard, /chat_id. Значения в HTML, кроме
# подписей staff-chart-*, которые рисуются на картинке /stats (простой текст, без эмодзи).

## Статусы
staff-status-under-review = На рассмотрении
staff-status-new = Новая
staff-status-assigned = Назначена
staff-status-in-progress = В работе
staff-status-waiting-qc = Ожидает QC
staff-status-rework = На доработке
staff-status-done = Готова
staff-session-running = Идёт
staff-session-paused = На паузе
staff-session-stopped = Остановлена
staff-flag-green = Зелёный
staff-flag-yellow = Жёлтый
staff-flag-red = Красный

## Длительность
staff-duration-minutes = { $minutes } мин
staff-duration-hours = { $hours } ч { $minutes } мин

## /techs
staff-techs-title = 👷 <b>Техники сейчас</b>: { $count }
staff-techs-empty = ℹ️ Активных техников нет.
staff-state-working = работает
staff-state-paused = на паузе
staff-state-idle = свободен
staff-techs-today = ⏱ сегодня { $duration }
staff-techs-zone = 🕒 «Сегодня» — местные сутки в { $zone }.

## /find
staff-find-usage = 🔎 Использование: /find &lt;номер|серийный номер&gt;, например <code>/find 42</code> или <code>/find RM-AB12</code>.
staff-find-not-found = ⚠️ Заявка по запросу <code>{ $query }</code> не найдена.
staff-find-title = 🔎 <b>Заявка #{ $id }</b>
staff-find-serial = 🔢 <b>Серийный номер:</b> <code>{ $serial }</code>
staff-find-status = 📍 <b>Статус:</b> { $icon } { $status }
staff-find-item = 📦 <b>Изделие:</b> { $item }
staff-find-title-line = 📝 <b>Название:</b> { $title }
staff-find-technician = 🛠 <b>Техник:</b> { $name }
staff-find-no-technician = не назначен
staff-find-master = 👤 <b>Мастер:</b> { $name }
staff-find-metrics = 📏 <b>Метрики:</b> план { $minutes } мин · { $flag } · { $xp } XP
staff-find-metrics-manual = 📏 <b>Метрики:</b> план { $minutes } мин · { $flag } · { $xp } XP (заданы вручную)
staff-find-session = ⏯ <b>Рабочая сессия:</b> { $status } · { $duration }
staff-find-no-session = ⏯ <b>Рабочая сессия:</b> ещё не было
staff-find-worked = ⌛ <b>Всего в работе:</b> { $duration }
staff-find-created = 🗓 <b>Создана:</b> { $at }
staff-find-finished = 🏁 <b>Завершена:</b> { $at }

## /stats
staff-stats-caption = 📈 Статистика мастерской
staff-stats-title = 📈 <b>Статистика мастерской</b>
staff-stats-by-status = 🎫 <b>Заявки по статусам</b> (всего { $total }):
staff-stats-status-row = { $icon } { $status }: { $count }
staff-stats-done = ✅ <b>Готово за последние { $days } дней</b>: { $total }
staff-stats-done-row = • { $day }: { $count }
staff-stats-done-none = • нет
staff-stats-first-pass = 🧪 <b>QC с первого раза</b>: { $rate } ({ $passed } из { $decided } заявок прошли QC с первого раза)
staff-stats-first-pass-none = 🧪 <b>QC с первого раза</b>: решений QC ещё не было
staff-stats-leaderboard = 🏆 <b>Рейтинг по XP</b>:
staff-stats-csat = ⭐ <b>CSAT по техникам</b>:
staff-stats-csat-none = • оценок ещё нет
staff-stats-csat-row = • { $name }: { $average } (оценок: { $count })
staff-stats-zone = 🕒 Дни — местные сутки в { $zone }.

staff-chart-title = Статистика мастерской
staff-chart-subtitle = { $date } · { $zone }
staff-chart-by-status = Заявки по статусам (всего { $total })
staff-chart-done = Готово по дням, последние { $days } дней
staff-chart-first-pass = QC с первого раза
staff-chart-first-pass-detail = { $passed } из { $decided } заявок прошли QC с первого раза
staff-chart-leaderboard = Рейтинг по XP
staff-chart-csat = CSAT по техникам
staff-chart-no-data = Данных пока нет

## /leaderboard
staff-leaderboard-title = 🏆 <b>Рейтинг по XP</b>
staff-leaderboard-row = { $medal } { $rank }. <b>{ $name }</b> — уровень { $level } · { $xp } XP
staff-leaderboard-empty = ℹ️ Техников пока нет.

## /chat_id: id для MAIN_GROUP_ID, TECH_GROUPS_MAPPING и ADMIN_TELEGRAM_IDS и проверка настройки
help-cmd-chat-id = в группе: её id и проверка настройки группы сотрудников или группы техника
setup-private-id = 🆔 Ваш Telegram id: <code>{ $id }</code>
setup-private-admin = Добавьте его в ADMIN_TELEGRAM_IDS, чтобы стать суперадминистратором.
setup-private-hint = 💡 Чтобы узнать id группы, добавьте бота в группу и отправьте там /chat_id.
setup-group-title = ⚙️ <b>{ $title }</b>
setup-group-id = 🆔 Id чата: <code>{ $id }</code>
setup-topics-on = ✅ Темы включены.
setup-topics-off = ⚠️ Темы выключены: включите «Темы» в настройках группы.
setup-topics-off-basic = ⚠️ Темы выключены: включите «Темы» в настройках группы. После этого Telegram даст группе новый id — отправьте /chat_id ещё раз.
setup-bot-ready = ✅ Бот — администратор и может управлять темами.
setup-bot-no-topics = ⚠️ Бот — администратор, но не может управлять темами: разрешите ему «Управление темами» в правах администратора.
setup-bot-not-admin = ⚠️ Бот не администратор: назначьте его администратором с правом управлять темами.
setup-bot-unknown = ⚠️ Не удалось проверить права бота здесь ({ $error }).
setup-is-main = ✅ Это группа сотрудников (MAIN_GROUP_ID).
setup-is-tech = ✅ Это группа техника <code>{ $technicians }</code> (TECH_GROUPS_MAPPING).
setup-not-configured = ⚠️ Этого чата нет ни в MAIN_GROUP_ID, ни в TECH_GROUPS_MAPPING.
setup-main-elsewhere = ℹ️ Сейчас MAIN_GROUP_ID — другой чат: <code>{ $id }</code>
setup-configured = 👉 В конфигурации: <code>{ $setting }</code>
setup-to-set = 👉 Укажите <code>{ $main }</code> для группы сотрудников или добавьте <code>{ $tech }</code> для группы техника.
setup-ready = 🎉 Здесь всё настроено.
