# Служба поддержки: заголовки тем, карточка клиента, заметки моста, опрос (src/bot/render/support.ts).

support-status-new = Новый
support-status-work = В работе
support-status-closed = Закрыт

support-card-title = 🆕 <b>Обращение #{ $id }</b>
support-card-client = 👤 { $name } · { $username } · id <code>{ $id }</code>
support-card-no-data = • о клиенте ничего не известно
support-card-account = Аккаунт
support-card-phone = Телефон
support-card-language = Язык
support-card-first-seen = Первое обращение
support-card-tickets = Обращений всего
support-card-pick = Выберите техника:
support-card-no-technicians = ⚠️ Ни у одного техника нет группы в TECH_GROUPS_MAPPING, назначить некого.
support-card-without-group = Нет в TECH_GROUPS_MAPPING (назначить нельзя): { $names }
support-button-close = ✅ Закрыть обращение
support-card-assigned = 🔧 Назначено: { $tech }.
support-card-reassign = Передать другому технику:
support-card-closed = 🟣 Закрыто: мост отключён.

support-label-tech = 🔧 { $name }:
support-label-staff = 🎧 Поддержка · { $name }:

support-tech-intro =
    🎫 <b>Обращение #{ $id }</b> · { $name } ({ $username })
    Назначил(а) { $staff }. Ваши ответы в этой теме уходят клиенту и в тему поддержки.
    Начните сообщение с @упоминания, чтобы позвать специалиста: клиент его не увидит.
support-tech-reassigned = ↪️ Обращение передано { $tech }; эта тема больше не связана с клиентом.
support-tech-closed = 🟣 Обращение закрыто; эта тема больше не связана с клиентом.

support-client-received = ✅ Спасибо, мы получили ваше сообщение. Специалист поддержки ответит здесь.
support-client-closed = 🟣 Ваше обращение #{ $id } закрыто. Пишите в любое время, если понадобится помощь.
support-client-pending = ⏳ Служба поддержки ненадолго недоступна. Ваше сообщение не потеряно: оно дойдёт до нас автоматически, как только поддержка снова заработает, отправлять его повторно не нужно.

support-note-assigned = 🔧 Назначено: { $tech } (назначил(а) { $staff }).
support-note-reassigned = ↪️ Передано от { $previous } к { $tech } (передал(а) { $staff }).
support-note-closed = 🟣 Закрыто: { $staff }.
support-note-client-blocked = 🚫 Клиент заблокировал бота: ответы не дойдут, пока он не напишет снова.
support-note-sla-overdue = ⏰ Клиенту не отвечают уже { $minutes } мин: время первого ответа просрочено.
support-note-help = 🆘 { $tech } просит помощи: { $text }

support-raw = { $text }

support-survey-title = ⭐ <b>Как мы справились с обращением #{ $id }?</b>
support-survey-q1 = Насколько быстро мы ответили?
support-survey-q2 = Решили ли мы вашу проблему?
support-survey-q3 = Насколько вежливо и понятно мы общались?
support-survey-short-q1 = скорость
support-survey-short-q2 = решение
support-survey-short-q3 = вежливость
support-survey-pick = Оцените вопрос { $n } от 1 (плохо) до 5 (отлично).
support-survey-comment-ask = ✍️ Что нам улучшить? Напишите ответ сообщением.
support-survey-thanks = 🙏 Спасибо за ответы!
support-survey-thanks-comment = 🙏 Спасибо за ответы и комментарий!
support-survey-expired = ⌛ Время опроса истекло. Спасибо!
support-survey-reminder = ⭐ Напоминаем: оцените, пожалуйста, нашу поддержку — это займёт десять секунд.
support-summary = 📊 Опрос по #{ $id }: { $scores }
support-summary-expired = ⌛ Опрос по #{ $id } истёк. Ответы: { $scores }

support-assigned-toast = 🔧 Назначено: { $tech }.
support-closed-toast = 🟣 Обращение закрыто.
support-score-toast = ⭐ Спасибо!
support-comment-thanks = 🙏 Спасибо, мы передали ваш комментарий.
support-banned = 🚫 Клиент заблокирован: его сообщения теперь игнорируются. /unban вернёт доступ.
support-unbanned = ✅ Клиент разблокирован: его сообщения снова доходят до поддержки.
support-not-allowed = ⛔ Поддержка отвечает только зарегистрированным клиентам. Обратитесь в мастерскую, чтобы вас добавили.

support-refused-closed = ⚠️ Это обращение уже закрыто.
support-refused-not_staff = ⛔ Это доступно только сотрудникам.
support-refused-already_assigned = ℹ️ Этот техник уже назначен.
support-refused-technician_without_group = ⚠️ У этого техника нет группы в TECH_GROUPS_MAPPING.
support-refused-not_your_survey = ⚠️ Это не ваш опрос.
support-refused-survey_finished = ℹ️ Опрос уже завершён.
support-refused-question_answered = ℹ️ На этот вопрос уже есть ответ.
support-refused-score_invalid = ⚠️ Выберите оценку от 1 до 5.
support-refused-comment_not_expected = ℹ️ Комментарий сейчас не ожидается.
