# Уведомления по заявкам (workshop-domain.md §8) и сообщения из потока уведомлений администраторов.
# Значения — HTML; подставляемые значения экранирует отправитель.

notif-unknown-user = Неизвестный пользователь
notif-line-ticket = 🎫 <b>Заявка:</b> #{ $id }
notif-line-serial = 🔢 <b>Серийный номер:</b> <code>{ $serial }</code>
notif-line-technician = 👤 <b>Техник:</b> { $name }
notif-line-status = 📍 <b>Статус:</b> { $status }
notif-line-waiting = ⏱ <b>Ожидает QC:</b> { $minutes } мин

## ticket_assigned_master
notif-assigned-master-heading = 📌 <b>Заявка назначена</b>
notif-line-assigned-by = 🛠 <b>Назначил:</b> { $name }

## ticket_assigned_technician (после заголовка — карточка техника)
notif-assigned-technician-heading = 🆕 <b>Вам назначена новая заявка</b>

## ticket_started_master
notif-started-heading = ▶️ <b>Работа по заявке начата</b>
notif-line-started-by = 🛠 <b>Начал:</b> { $name }

## ticket_waiting_qc_reviewers
notif-waiting-qc-heading = 🧪 <b>Заявка ожидает QC</b>
notif-line-moved-by = 🛠 <b>Отправил:</b> { $name }
notif-waiting-qc-action = 👇 <b>Действие:</b> выберите решение QC кнопками ниже.

## ticket_qc_pass
notif-qc-pass-heading = ✅ <b>Заявка прошла QC</b>
notif-line-qc-by = 🧪 <b>QC провёл:</b> { $name }
notif-qc-pass-xp = ⭐ <b>Начислено XP:</b> +{ $base }
notif-qc-pass-xp-bonus = ⭐ <b>Начислено XP:</b> +{ $base } за заявку, +{ $bonus } бонус за QC с первого раза

## ticket_qc_fail_technician (после заголовка — карточка техника)
notif-qc-fail-heading = ❌ <b>Возвращена после QC</b>
notif-line-reason = 💬 <b>Причина:</b> { $reason }

## SLA ожидания QC
notif-qc-sla-reminder-heading = ⏰ <b>Напоминание QC: заявка всё ещё ждёт</b>
notif-qc-sla-breached-heading = 🚨 <b>Нарушен SLA QC</b>

## Поток уведомлений администраторов
notif-admin-heading-info = ℹ️ <b>Уведомление администраторам</b> · <code>{ $type }</code>
notif-admin-heading-warning = ⚠️ <b>Уведомление администраторам</b> · <code>{ $type }</code>
notif-admin-heading-error = 🚨 <b>Уведомление администраторам</b> · <code>{ $type }</code>
notif-admin-heading-critical = 🆘 <b>Уведомление администраторам</b> · <code>{ $type }</code>

# Записи других систем: их текст как есть, их тип как они его назвали.
# Собственные записи ticketflow: заголовок и текст на языке каждого администратора.
notif-admin-title-info = ℹ️ <b>{ $title }</b>
notif-admin-title-warning = ⚠️ <b>{ $title }</b>
notif-admin-title-error = 🚨 <b>{ $title }</b>
notif-admin-title-critical = 🆘 <b>{ $title }</b>
notif-admin-support-sla-breached-title = Поддержка: нет ответа вовремя
notif-admin-support-sla-breached = Обращение #{ $id } ({ $client }) остаётся без ответа уже { $minutes } мин.
notif-admin-qc-sla-breached-title = Превышено время ожидания QC
notif-admin-qc-sla-breached = Заявка #{ $id } ({ $serial }) ждёт QC уже { $minutes } мин (SLA { $sla } мин).
notif-admin-notification-failed-title = Уведомление не доставлено
notif-admin-notification-failed =
    Уведомление «{ $event }» по заявке #{ $id } не доставлено после всех повторных попыток.
    Ошибка: <code>{ $cause }</code>
notif-name-assigned-master = заявка назначена (мастеру)
notif-name-assigned-technician = новая заявка (технику)
notif-name-started-master = работа начата (мастеру)
notif-name-waiting-qc = ждёт проверки QC (контролёрам)
notif-name-qc-pass = проверка QC пройдена
notif-name-qc-fail = возврат после QC (технику)
notif-name-qc-sla-reminder = напоминание QC
notif-name-qc-sla-breached = превышено время ожидания QC
