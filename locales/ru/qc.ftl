# Очередь QC, панель действий QC и запрос причины QC fail (workshop-domain.md §9 "QC UI").
# Значения — HTML.

## Очередь
qc-queue-heading = 🧪 <b>Мои проверки QC</b>
qc-queue-total = 📦 <b>Всего проверок QC:</b> { $count }
qc-queue-page = 📄 <b>Страница:</b> { $page }/{ $pages }
qc-queue-hint = 👇 Выберите заявку для проверки.
qc-queue-empty = ℹ️ Сейчас нет заявок, ожидающих QC.
qc-queue-row = 🧪 #{ $id } · { $serial } · { $technician }
qc-technician-unassigned = не назначен
qc-serial-unknown = неизвестно
qc-back = ⬅ Назад к моим проверкам QC

## Панель
qc-panel-heading = 🧪 <b>Панель действий QC</b>
qc-panel-ticket = 🎫 <b>Заявка:</b> #{ $id }
qc-panel-serial = 🔢 <b>Серийный номер:</b> <code>{ $serial }</code>
qc-panel-status = 📍 <b>Статус:</b> { $status }
qc-panel-technician = 🛠 <b>Техник:</b> { $technician }
qc-action-pass = ✅ QC пройден
qc-action-fail = ❌ QC не пройден
qc-action-refresh = 🔄 Обновить заявку

## Уведомления-тосты
qc-toast-pass = ✅ Заявка отмечена как прошедшая QC.
qc-toast-fail = ❌ Заявка отмечена как не прошедшая QC.
qc-toast-refresh = 🔄 Данные заявки обновлены.
qc-toast-opened = 🧪 Проверка QC открыта.
qc-toast-queue-refreshed = 🔄 Список проверок QC обновлён.
qc-toast-already-pass = ℹ️ QC уже пройден: заявка завершена.
qc-toast-already-fail = ℹ️ QC уже не пройден: заявка возвращена на доработку.

## Причина отказа
qc-fail-prompt =
    ❌ <b>QC не пройден: заявка #{ $id }</b>
    ✍️ Отправьте причину следующим сообщением — техник её увидит. Или нажмите «Пропустить», чтобы вернуть заявку без причины.
qc-fail-skip = ⏭ Пропустить
qc-fail-cancel = ✖ Отмена
qc-fail-toast-ask = ✍️ Отправьте причину или нажмите «Пропустить».
qc-fail-cancelled = ✖ Отказ QC отменён. Заявка по-прежнему ждёт QC.
qc-fail-expired = ⌛ Запрос причины устарел. Нажмите ❌ QC не пройден ещё раз.
qc-fail-reason-too-long = ⚠️ Причина слишком длинная: не более { $max } символов.
qc-fail-reason-label = 💬 <b>Причина:</b> { $reason }

## Доступ
qc-open-access-request =
    📝 <b>Запрос доступа</b>
    Отправьте <code>/request_access</code> или нажмите кнопку ниже.
qc-command-qc-only = ⛔ <b>Это действие доступно только контролёрам QC.</b>
