# The web console (/console) and the Mini App buttons.
console-link =
    🖥 <b>Веб-консоль</b>
    Войдите по этой одноразовой ссылке (она действует один раз, { $minutes } мин.):
    { $url }
console-link-button = 🖥 Открыть консоль
console-refused = Веб-консоль доступна сотрудникам с ролью. Попросите доступ у администратора.
miniapp-open-button = 📱 Открыть в приложении
