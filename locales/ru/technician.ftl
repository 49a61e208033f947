# Панели техника, карточка заявки и XP (workshop-domain.md §9). Значения — HTML.

## Dashboards
tech-dashboard-heading-active = 🎟 <b>Активные заявки</b>
tech-dashboard-heading-under-qc = 🧪 <b>Заявки на проверке QC</b>
tech-dashboard-heading-past = ✅ <b>Завершённые заявки</b>
tech-dashboard-total-active = 📦 <b>Всего активных заявок:</b> { $count }
tech-dashboard-total-under-qc = 📦 <b>Всего заявок на проверке QC:</b> { $count }
tech-dashboard-total-past = 📦 <b>Всего завершённых заявок:</b> { $count }
tech-dashboard-page = 📄 <b>Страница:</b> { $page }/{ $pages }
tech-dashboard-row-session = <b>Сессия:</b> { $session }
tech-dashboard-row-xp = <b>XP:</b> +{ $acquired } из { $potential }
tech-dashboard-row-xp-bonus = <b>XP:</b> +{ $acquired } ({ $base } базовых + { $bonus } бонус)
tech-dashboard-row-xp-pending = <b>XP:</b> +{ $acquired } (ещё не оценено)
tech-dashboard-hint = 💡 Нажмите кнопку ниже, чтобы открыть заявку.
tech-dashboard-empty-active = ℹ️ Сейчас у вас нет активных заявок.
tech-dashboard-empty-under-qc = ℹ️ Сейчас нет заявок, ожидающих проверки QC.
tech-dashboard-empty-past = ℹ️ Завершённых заявок пока нет.
tech-dashboard-refreshed-active = 🔄 Список активных заявок обновлён.
tech-dashboard-refreshed-under-qc = 🔄 Список заявок на проверке QC обновлён.
tech-dashboard-refreshed-past = 🔄 Список завершённых заявок обновлён.

## Statuses
tech-status-under-review = На рассмотрении
tech-status-new = Новая
tech-status-assigned = Назначена
tech-status-rework = На доработке
tech-status-in-progress = В работе
tech-status-waiting-qc = Ожидает QC
tech-status-done = Завершена
tech-session-running = Идёт
tech-session-paused = На паузе
tech-session-stopped = Остановлена

## Durations
tech-duration-minutes = { $minutes } мин
tech-duration-hours = { $hours } ч { $minutes } мин

## Ticket card
tech-card-heading-controls = 🎛 Управление заявкой.
tech-card-heading-details = 🔎 Сведения о заявке.
tech-card-heading-updated = ✅ Состояние заявки обновлено.
tech-card-ticket = 🎫 <b>Заявка:</b> #{ $id }
tech-card-serial = 🔢 <b>Серийный номер:</b> <code>{ $serial }</code>
tech-card-serial-unknown = неизвестен
tech-card-status = 📍 <b>Статус:</b> { $status }
tech-card-parts = 🧱 <b>Что ремонтировать:</b>
tech-card-part = • <b>{ $part }</b> • { $color } • { $minutes } мин
tech-card-part-comment = 💬 <i>{ $comment }</i>
tech-card-no-parts = 🧱 Детали для этой заявки не указаны.
tech-color-green = 🟢 Зелёный
tech-color-yellow = 🟡 Жёлтый
tech-color-red = 🔴 Красный
tech-card-session = 🛠 <b>Рабочая сессия:</b> { $session } · { $duration }
tech-card-potential-xp = 🎯 <b>Возможный XP:</b> +{ $xp }
tech-card-potential-xp-pending = 🎯 <b>Возможный XP:</b> метрики ещё не заданы
tech-card-acquired-xp = 🏆 <b>Полученный XP:</b> +{ $xp }
tech-card-xp-progress = 📈 <b>Прогресс XP:</b> { $acquired }/{ $potential }
tech-card-actions = ⚡ <b>Доступные действия:</b>
tech-card-no-actions = 🧊 Сейчас действия техника недоступны.

## Buttons
tech-action-start = ▶ Начать работу
tech-action-pause = ⏸ Пауза
tech-action-resume = ▶ Продолжить работу
tech-action-stop = ⏹ Завершить сессию
tech-action-to-waiting-qc = 🧪 Отправить на QC
tech-action-refresh = 🔄 Обновить заявку
tech-back-active = ⬅ К активным заявкам
tech-back-under-qc = ⬅ К заявкам на проверке QC
tech-back-past = ⬅ К завершённым заявкам

## Toasts
tech-toast-start = ✅ Рабочая сессия начата.
tech-toast-pause = ⏸ Рабочая сессия на паузе.
tech-toast-resume = ▶ Рабочая сессия продолжена.
tech-toast-stop = ⏹ Рабочая сессия завершена.
tech-toast-to-waiting-qc = 🧪 Заявка отправлена на QC.
tech-toast-refresh = 🔄 Данные заявки обновлены.
tech-toast-opened = 🎫 Заявка #{ $id } открыта.
tech-toast-already-start = ℹ️ Уже начато: рабочая сессия идёт.
tech-toast-already-pause = ℹ️ Уже на паузе.
tech-toast-already-resume = ℹ️ Уже продолжено: рабочая сессия идёт.
tech-toast-already-stop = ℹ️ Уже завершено.
tech-toast-already-to-waiting-qc = ℹ️ Уже отправлено на QC: заявка ждёт проверки.

## Access
tech-open-access-request =
    📝 <b>Запрос доступа</b>
    Отправьте <code>/request_access</code> или нажмите кнопку ниже.
tech-command-technicians-only = ⛔ <b>Эта команда доступна только техникам.</b>

## XP
tech-xp-title = ⭐ <b>Сводка XP</b>
tech-xp-total = • <b>Всего XP:</b> { $xp }
tech-xp-level = • <b>Уровень:</b> { $level }
tech-xp-next-level = • <b>Следующий уровень:</b> { $level } с { $threshold } XP (осталось { $missing } XP)
tech-xp-top-level = • <b>Следующий уровень:</b> достигнут максимальный уровень
tech-xp-updates = • <b>Начислений:</b> { $count }
tech-xp-latest = 🕒 <b>Последние начисления</b>
tech-xp-empty = ℹ️ Начислений XP пока нет.
tech-xp-history-title = 📜 <b>История XP</b>
tech-xp-history-showing = • <b>Показаны:</b> { $start }-{ $end } из { $total }
tech-xp-entry = • <code>{ $time }</code> — <b>{ $amount } XP</b> — { $description }
tech-xp-page-invalid = ⚠️ Не удалось открыть эту страницу.
tech-xp-kind-attendance-punctuality = Награда за своевременный приход
tech-xp-kind-ticket-base-xp = Награда за выполненную заявку
tech-xp-kind-ticket-qc-first-pass-bonus = Бонус за прохождение QC с первого раза
tech-xp-kind-ticket-qc-status-update = Проверка качества
tech-xp-kind-manual-adjustment = Ручная корректировка XP
tech-xp-kind-other = Начисление XP
