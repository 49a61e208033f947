# Отказы домена (src/domain/errors.ts), ключи err-<код, точки заменены дефисами>.

err-role-forbidden = У вас нет прав на это действие.
err-role-technicians_only = ⛔ Это действие доступно только техникам.
err-role-qc_inspectors_only = ⛔ Это действие доступно только контролёрам QC.
err-role-access_denied = Доступ запрещён. Обратитесь к администратору.
err-role-unregistered = 🚫 Доступа пока нет. Запросите доступ командой /request_access.
err-role-approve_review_forbidden = Одобрять заявки после проверки могут только администраторы.
err-input-not_integer = Требуется целое число.
err-input-below_minimum = Значение должно быть не меньше { $min }.
err-input-invalid_choice = «{ $value }» — недопустимое значение.
err-ticket-review_wrong_status = Одобрить проверку заявки можно только в статусе UNDER_REVIEW или NEW.
err-ticket-assign_wrong_status = В текущем статусе заявку нельзя назначить.
err-ticket-assign_not_reviewed = Перед назначением заявка должна пройти проверку администратора.
err-ticket-assignee_not_found = Пользователь-техник не существует.
err-ticket-assignee_not_technician = У выбранного пользователя нет роли TECHNICIAN.
err-ticket-technician_has_open_session = У техника уже есть активная рабочая сессия. Завершите текущую сессию или отправьте заявку на QC, прежде чем начинать другую.
err-ticket-start_wrong_status = Начать работу можно только в статусе ASSIGNED или REWORK.
err-ticket-start_no_technician = У заявки нет назначенного техника.
err-ticket-start_not_assignee = Начать эту заявку может только назначенный техник.
err-ticket-session_not_stopped = Перед отправкой на QC рабочую сессию нужно завершить.
err-ticket-send_to_qc_wrong_status = Отправить заявку на QC можно только из статуса IN_PROGRESS.
err-ticket-send_to_qc_not_assignee = Отправить заявку на QC может только назначенный техник.
err-ticket-qc_pass_wrong_status = QC PASS возможен только из статуса WAITING_QC.
err-ticket-qc_pass_no_technician = Перед QC PASS у заявки должен быть назначенный техник.
err-ticket-qc_fail_wrong_status = QC FAIL возможен только из статуса WAITING_QC.
err-intake-manual_override_incomplete = Для ручной настройки нужны и flag_color, и xp_amount.
err-intake-active_ticket_exists = Для этого инвентарного объекта уже есть активная заявка.
err-intake-serial_invalid = serial_number должен соответствовать шаблону RM-[A-Z0-9-]{"{"}4,29{"}"}.
err-intake-serial_archived = Инвентарный объект '{ $serial }' в архиве. Восстановите его, прежде чем создавать заявку.
err-intake-serial_not_found = Инвентарный объект '{ $serial }' не найден. Чтобы создать его, укажите confirm_create_inventory_item=true и inventory_item_creation_reason.
err-intake-serial_not_found_with_matches = Инвентарный объект '{ $serial }' не найден. Чтобы создать его, укажите confirm_create_inventory_item=true и inventory_item_creation_reason. Похожие номера: { $matches }.
err-intake-creation_reason_required = При confirm_create_inventory_item=true нужно указать inventory_item_creation_reason.
err-intake-part_specs_empty = part_specs должен содержать хотя бы одну деталь.
err-intake-part_ids_duplicate = Каждый part_id можно указать только один раз.
err-intake-part_ids_unknown = Неизвестные идентификаторы деталей: { $ids }.
err-intake-parts_without_category = Выбранные детали должны относиться к категории инвентаря.
err-intake-parts_mixed_categories = Все выбранные детали должны относиться к одной категории.
err-intake-parts_wrong_category = Выбранные детали не относятся к категории инвентарного объекта.
err-work_session-ticket_has_open_session = У заявки уже есть активная рабочая сессия.
err-work_session-technician_has_open_session = У техника уже есть активная рабочая сессия.
err-work_session-not_found = Активная рабочая сессия для этой заявки и техника не найдена.
err-work_session-pause_wrong_status = Поставить на паузу можно только идущую рабочую сессию.
err-work_session-pause_limit_reached = Дневной лимит пауз на сегодня исчерпан.
err-work_session-resume_wrong_status = Продолжить можно только рабочую сессию на паузе.
err-work_session-stop_wrong_status = Завершить можно только идущую или приостановленную рабочую сессию.
err-rules-not_object = { $field } должно быть объектом.
err-rules-unknown_keys = Неизвестные ключи конфигурации: { $keys }.
err-rules-not_integer = { $field } должно быть целым числом.
err-rules-negative = { $field } должно быть >= 0.
err-rules-divisor_not_positive = ticket_xp.base_divisor должно быть > 0.
err-rules-yellow_below_green = ticket_xp.flag_yellow_max_minutes должно быть >= ticket_xp.flag_green_max_minutes.
err-rules-cutoff_format = { $field } должно быть в формате ЧЧ:ММ.
err-rules-cutoff_order = attendance.on_time_cutoff должно быть <= attendance.grace_cutoff.
err-rules-timezone_empty = { $field } должно быть непустой строкой.
err-rules-timezone_invalid = { $field } должно быть допустимым часовым поясом IANA.
err-rules-no_changes = Изменений в конфигурации нет.
err-xp-amount_zero = amount не может быть равен 0.
err-xp-comment_required = Нужен комментарий (comment).
err-xp-level_invalid = Недопустимый уровень.
err-progression-week_start_invalid = week_start должен быть понедельником (ГГГГ-ММ-ДД).
err-progression-week_not_over = Неделя, начинающаяся { $week_start }, ещё не закончилась.
err-progression-amount_out_of_range = amount должен быть от -{ $max } до { $max }.
err-progression-comment_too_long = Комментарий не длиннее { $max } символов.
err-access-first_name_too_short = Имя слишком короткое. Введите не меньше 2 букв.
err-access-last_name_too_short = Фамилия слишком короткая. Введите не меньше 2 букв.
err-access-phone_invalid = Неверный формат номера телефона. Отправьте его в международном формате, например +998901234567.
err-access-already_linked = Вы уже зарегистрированы и привязаны.
err-access-already_approved = Ваш запрос доступа уже одобрен.
err-access-phone_in_use = Этот номер телефона уже используется другой учётной записью.
err-action-unknown = ⚠️ Неизвестное действие.
err-action-not_available = ⚠️ Сейчас это действие недоступно для этой заявки.
err-action-ticket_not_yours = ⚠️ Заявка не найдена или не назначена вам.
err-qc-action_not_available = ⚠️ Действие QC недоступно в текущем статусе заявки.
err-invalid-value = ⚠️ Значение отклонено: оно вне допустимого диапазона или содержит символы, которые нельзя сохранить. Ничего не изменено.
err-data-conflict = ⚠️ Изменение противоречит уже существующим данным. Ничего не изменено.

# Refusals whose texts live with their feature (access.ftl, support.ftl).
err-access_request-closed =
    { $status ->
        [approved] { access-closed-approved }
        [rejected] { access-closed-rejected }
        [expired] { access-closed-expired }
        [pending] { access-not-found }
       *[other] ⚠️ Запрос доступа уже в статусе { $status }.
    }
err-support-closed = { support-refused-closed }
err-support-not_staff = { support-refused-not_staff }
err-support-already_assigned = { support-refused-already_assigned }
err-support-technician_without_group = { support-refused-technician_without_group }
err-support-not_your_survey = { support-refused-not_your_survey }
err-support-survey_finished = { support-refused-survey_finished }
err-support-question_answered = { support-refused-question_answered }
err-support-score_invalid = { support-refused-score_invalid }
err-support-comment_not_expected = { support-refused-comment_not_expected }
