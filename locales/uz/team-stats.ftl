# /stats jamoa ko‘rinishi: raqamlar ostidagi tugma va u yuboradigan diagramma.
# staff-team-chart-* yozuvlari rasmda chiziladi (oddiy matn, emojisiz).
staff-team-button = 👥 Jamoa ({ $days } kun)
staff-team-caption = 👥 So‘nggi { $days } kundagi jamoa: bajarilgan arizalar va to‘plangan XP
staff-team-chart-title = Jamoa: so‘nggi { $days } kun
staff-team-chart-subtitle = { $from } – { $to } · { $zone }
staff-team-chart-done = Bajarilgan arizalar
staff-team-chart-xp = To‘plangan XP
