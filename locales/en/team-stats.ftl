# The team view of /stats: a button under the numbers and the chart it sends. The
# staff-team-chart-* labels are drawn on the picture (plain text, no emoji).
staff-team-button = 👥 Team ({ $days } days)
staff-team-caption = 👥 Team over the last { $days } days: tickets done and XP earned
staff-team-chart-title = Team: the last { $days } days
staff-team-chart-subtitle = { $from } – { $to } · { $zone }
staff-team-chart-done = Tickets done
staff-team-chart-xp = XP earned
