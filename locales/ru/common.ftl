menu-active = 🎟 Активные заявки
menu-under-qc = 🧪 На проверке
menu-past = ✅ Завершённые
menu-xp = ⭐ Мой XP
menu-xp-history = 📜 История XP
menu-profile = 📊 Мой профиль
menu-help = ❓ Помощь
menu-qc = 🧪 Проверка QC
menu-review = 🗂 Разбор заявок
menu-create = 📝 Новая заявка
menu-stats = 📈 Статистика
menu-access = 🔐 Запросы доступа
menu-start-access = 📝 Запросить доступ

help-title = ℹ️ Доступные вам команды:
help-cmd-start = приветствие: как получить помощь или ваше меню
help-cmd-help = этот список
help-cmd-cancel = отменить заполнение
help-cmd-my = ваш профиль
help-cmd-queue = ваши активные заявки
help-cmd-active = ваши активные заявки
help-cmd-tech = ваши активные заявки
help-cmd-under-qc = ваши заявки на проверке
help-cmd-past = ваши завершённые заявки
help-cmd-xp = ваш XP и уровень
help-cmd-xp-history = история начислений XP
help-cmd-qc = заявки, ожидающие проверки
help-cmd-qc-checks = заявки, ожидающие проверки
help-cmd-ticket-create = принять новую заявку
help-cmd-ticket-review = разобрать и назначить заявки
help-cmd-techs = техники сейчас
help-cmd-find = найти заявку по номеру или серийному номеру
help-cmd-stats = статистика мастерской
help-cmd-leaderboard = рейтинг техников по XP
help-cmd-access-requests = ожидающие запросы доступа
help-cmd-request-access = для сотрудников мастерской: запросить доступ к боту
help-cmd-close = в теме обращения: закрыть обращение
help-cmd-console = одноразовая ссылка для входа в веб-консоль
help-cmd-ban = в теме обращения: заблокировать клиента
help-cmd-unban = в теме обращения: разблокировать клиента

role-super-admin = суперадмин
role-ops-manager = операционный менеджер
role-master = мастер
role-technician = техник
role-qc-inspector = контролёр QC

profile-card =
    📊 <b>Мой профиль</b>
    👤 { $name } (@{ $username })
    🎭 Роли: { $roles }

access-denied = Доступ запрещён. Обратитесь к администратору.
legacy-quick-panel = ℹ️ Старая быстрая панель удалена. Пользуйтесь кнопками внизу экрана.

err-generic = Что-то пошло не так. Попробуйте позже.
err-not-found = ⚠️ Заявка не найдена.
err-timeout = ⏳ Всё ещё выполняется — сервис мастерской отвечает медленнее обычного. Действие будет применено, а карточка обновится, когда оно завершится.
err-retry-pending = ⚠️ Временно недоступно — нажатие будет повторено автоматически.
rate-limited = ⏳ Слишком много запросов. Подождите { $seconds } с и попробуйте снова.
err-unavailable = ⚠️ Сервис мастерской сейчас недоступен. Попробуйте позже.
