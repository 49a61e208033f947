# Запросы доступа (workshop-domain.md §9, §8). Разметка HTML там, где она есть.

## Анкета заявителя
access-form-title = 🧾 <b>Запрос доступа</b>
access-form-progress = 📈 Прогресс: { $step }/{ $total } { $bar }
access-form-first-name = 👤 Имя: { $value }
access-form-last-name = 👤 Фамилия: { $value }
access-ask-first-name = ✍️ Введите ваше имя.
access-ask-last-name = ✍️ Введите вашу фамилию.
access-ask-phone = 📞 Поделитесь номером телефона кнопкой ниже или введите его в международном формате, например +998901234567.
access-form-hint = Отправьте /cancel, чтобы отменить.
access-share-contact = 📱 Поделиться контактом
access-contact-not-own = Пожалуйста, поделитесь своим контактом, а не чужим.
access-submitted = ✅ Запрос успешно отправлен.
access-already-pending = ℹ️ Ваш запрос доступа уже на рассмотрении.
access-submit-pending = ℹ️ Ваш запрос уже на рассмотрении.
access-all-set = ✅ Всё готово, доступ у вас есть.
access-cancelled = ❎ Запрос доступа отменён.
access-nothing-to-cancel = ℹ️ Отменять нечего.
access-open-request = 📝 Открыть запрос доступа

## /start для незарегистрированных (чаще всего это клиенты службы поддержки)
access-start-client =
    👋 <b>Здравствуйте!</b> Это чат поддержки мастерской.
    Просто напишите здесь свой вопрос — текстом, фото, голосовым сообщением или файлом, — и наша команда ответит вам прямо в этом чате.
access-start-not-allowed =
    👋 <b>Здравствуйте!</b> Эта служба поддержки отвечает только зарегистрированным клиентам мастерской.
    Если вы клиент, свяжитесь с мастерской, чтобы вас добавили.
access-start-no-desk = 👋 <b>Здравствуйте!</b> Этот бот — рабочий инструмент сотрудников мастерской.
access-start-staff-hint = 🛠 Сотрудникам мастерской: отправьте /request_access, чтобы запросить доступ.

## Карточка для модераторов
access-card-title = 🆕 <b>Запрос доступа #{ $id }</b>
access-card-name = 👤 Имя: { $name }
access-card-phone = 📞 Телефон: { $phone }
access-card-telegram = 💬 Telegram: { $telegram }
access-card-expires = ⏳ Истекает: { $at }
access-card-pick-role = 🎭 Выберите роль:
access-card-approved = ✅ Одобрил(а) { $by } · { $roles }
access-card-rejected = ❌ Отклонил(а) { $by }
access-card-expired = ⌛ Истёк без решения
access-btn-approve = ✅ Одобрить
access-btn-reject = ❌ Отклонить
access-btn-back = ⬅ Назад
access-toast-approved = ✅ Одобрено: { $roles }
access-toast-rejected = ❌ Запрос отклонён.
access-closed-approved = ℹ️ Этот запрос уже одобрен.
access-closed-rejected = ℹ️ Этот запрос уже отклонён.
access-closed-expired = ⌛ Срок этого запроса истёк.
access-not-found = ⚠️ Запрос доступа не найден.
access-list-empty = ℹ️ Нет ожидающих запросов доступа.
access-list-title = 🔐 Ожидающие запросы доступа: { $count }

## Что сообщается заявителю
access-decision-approved =
    ✅ <b>Запрос доступа одобрен</b>

    Ваш запрос доступа одобрен. Теперь вы можете пользоваться ботом мастерской.
    🎭 Роли: { $roles }
access-decision-rejected =
    ❌ <b>Запрос доступа отклонён</b>

    Ваш запрос доступа отклонён. Вы можете отправить новый запрос командой /request_access.
access-decision-expired =
    ⌛ <b>Срок запроса доступа истёк</b>

    Ваш запрос доступа не был рассмотрен вовремя. Вы можете отправить новый запрос командой /request_access.
