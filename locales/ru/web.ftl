# The web console (/console) and the Mini App buttons.
console-link =
    🖥 <b>Веб-консоль</b>
    Войдите по этой одноразовой ссылке (она действует один раз, { $minutes } мин.):
    { $url }
console-link-button = 🖥 Открыть консоль
console-refused = Веб-консоль доступна сотрудникам с ролью. Попросите доступ у администратора.
miniapp-open-button = 📱 Открыть в приложении
miniapp-menu-button = Приложение

# The Mini App (/miniapp).
miniapp-signing-in = Вход…
miniapp-open-from-telegram = Откройте это приложение из бота в Telegram.
miniapp-my-queue = Мои заявки
miniapp-qc-queue = Ожидают проверки
miniapp-empty = Сейчас здесь пусто.
miniapp-parts = Детали к ремонту
miniapp-session = Рабочая сессия: { $state }
miniapp-session-none = не начата
miniapp-session-running = идёт
miniapp-session-paused = на паузе
miniapp-session-stopped = остановлена
miniapp-active-time = Активное время
miniapp-status = Статус: { $status }
miniapp-action-start = ▶️ Начать работу
miniapp-action-pause = ⏸ Пауза
miniapp-action-resume = ▶️ Продолжить
miniapp-action-stop = ⏹ Остановить сессию
miniapp-action-send-to-qc = 📤 Отправить на проверку
miniapp-action-qc-pass = ✅ Проверка пройдена
miniapp-action-qc-fail = ❌ Не прошла проверку
miniapp-fail-reason = Причина отказа
miniapp-done = Готово: { $action }
miniapp-intake = Новая заявка
miniapp-serial = Серийный номер (RM-…)
miniapp-scan = 📷 Сканировать
miniapp-find = Найти объект
miniapp-no-item = Объекта с таким номером нет.
miniapp-pick-parts = Детали к ремонту
miniapp-create = Создать заявку
