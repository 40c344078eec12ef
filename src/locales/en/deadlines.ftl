# /deadlines, /snooze, /admin
deadlines-phase = 📅 <b>Current phase</b>: { $name } ({ $start } – { $end })
deadlines-no-phase = 📅 Today falls in no phase of the plan.
deadlines-none = No deadlines ahead.
deadlines-line = • <b>{ $due }</b> ({ $days ->
    [0] today
   *[other] { $days } days left
  }): { $title }
deadlines-snoozed = 🔕 Reminders are muted through { $until } (deadline-day reminders still come). Turn them back on: /snooze on
snooze-usage = Mute reminders through a day: /snooze 15/12/2026 (at most 90 days). Back on: /snooze on. Deadline-day reminders still come.
snooze-set = 🔕 Reminders muted through { $until }. Deadline-day reminders still come.
snooze-cleared = 🔔 Reminders are on again.
snooze-invalid-day = That is not a valid day.
snooze-past = That day is past.
snooze-too-far = At most 90 days.
snooze-no-user = You have not started the bot yet; type /start.
admin-no-failures = ✅ No reminder failed to be delivered.
admin-failures-title = <b>Reminders not delivered</b> (latest { $count }):
admin-failure-line = • { $kind } → { $to } · due { $due } · { $attempts } attempt(s) · <i>{ $error }</i>
