# Support desk: topic titles, the client card, bridge notes, the survey (src/bot/render/support.ts).

support-status-new = New
support-status-work = In work
support-status-closed = Closed

support-card-title = 🆕 <b>Support ticket #{ $id }</b>
support-card-client = 👤 { $name } · { $username } · id <code>{ $id }</code>
support-card-no-data = • no card data for this client
support-card-account = Account
support-card-phone = Phone
support-card-language = Language
support-card-first-seen = First contact
support-card-tickets = Tickets so far
support-card-pick = Pick a technician:
support-card-no-technicians = ⚠️ No technician has a group in TECH_GROUPS_MAPPING yet, so nobody can be assigned.
support-card-without-group = Not in TECH_GROUPS_MAPPING (cannot be assigned): { $names }
support-button-close = ✅ Close ticket
support-card-assigned = 🔧 Assigned to { $tech }.
support-card-reassign = Reassign to another technician:
support-card-closed = 🟣 Closed: the bridge is off.

support-label-tech = 🔧 { $name }:
support-label-staff = 🎧 Support · { $name }:

support-tech-intro =
    🎫 <b>Support ticket #{ $id }</b> · { $name } ({ $username })
    Assigned to you by { $staff }. Your replies in this topic go to the client and to the staff topic.
    Start a message with an @mention to call a specialist: it is not sent to the client.
support-tech-reassigned = ↪️ This ticket was reassigned to { $tech }; this topic no longer reaches the client.
support-tech-closed = 🟣 The ticket was closed; this topic no longer reaches the client.

support-client-received = ✅ Thank you, we have your message. A support specialist will answer here.
support-client-closed = 🟣 Your request #{ $id } is closed. Write again any time if you need more help.
support-client-pending = ⏳ The support desk is briefly unavailable. Your message is not lost: it will reach us automatically as soon as the desk is back, no need to send it again.

support-note-assigned = 🔧 Assigned to { $tech } by { $staff }.
support-note-reassigned = ↪️ Reassigned from { $previous } to { $tech } by { $staff }.
support-note-closed = 🟣 Closed by { $staff }.
support-note-client-blocked = 🚫 The client blocked the bot: replies cannot reach them until they write again.
support-note-sla-overdue = ⏰ No answer to the client for { $minutes } min: the first-response time is overdue.
support-note-help = 🆘 { $tech } asks for help: { $text }

support-raw = { $text }

support-survey-title = ⭐ <b>How did we do with request #{ $id }?</b>
support-survey-q1 = How quickly did we answer?
support-survey-q2 = Did we solve your problem?
support-survey-q3 = How polite and clear were we?
support-survey-short-q1 = speed
support-survey-short-q2 = solution
support-survey-short-q3 = politeness
support-survey-pick = Tap a score from 1 (bad) to 5 (excellent) for question { $n }.
support-survey-comment-ask = ✍️ What could we improve? Send your answer as a message.
support-survey-thanks = 🙏 Thank you for your answers!
support-survey-thanks-comment = 🙏 Thank you for your answers and your comment!
support-survey-expired = ⌛ This survey has expired. Thank you!
support-survey-reminder = ⭐ A friendly reminder: please rate our support, it takes ten seconds.
support-summary = 📊 Survey of #{ $id }: { $scores }
support-summary-expired = ⌛ Survey of #{ $id } expired. Answered: { $scores }

support-assigned-toast = 🔧 Assigned to { $tech }.
support-closed-toast = 🟣 Ticket closed.
support-score-toast = ⭐ Thank you!
support-comment-thanks = 🙏 Thank you, we have passed your comment on.
support-banned = 🚫 The client is blocked: their messages are ignored from now on. /unban lets them back.
support-unbanned = ✅ The client is unblocked: their messages reach the desk again.
support-not-allowed = ⛔ The support desk answers registered clients only. Contact the workshop to be added.

support-refused-closed = ⚠️ This ticket is already closed.
support-refused-not_staff = ⛔ Only staff can do this.
support-refused-already_assigned = ℹ️ This technician is already assigned.
support-refused-technician_without_group = ⚠️ This technician has no group in TECH_GROUPS_MAPPING.
support-refused-not_your_survey = ⚠️ This survey is not yours.
support-refused-survey_finished = ℹ️ This survey is already finished.
support-refused-question_answered = ℹ️ This question is already answered.
support-refused-score_invalid = ⚠️ Pick a score from 1 to 5.
support-refused-comment_not_expected = ℹ️ No comment is expected right now.
