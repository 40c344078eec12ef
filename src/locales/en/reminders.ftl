# Reminders and weekly digests (jobs/). Dates arrive already written as dd/mm/yyyy;
# counts are numbers, formatted by Fluent for the locale.

## Phase deadlines
reminder-deadline-title = ⏰ Reminder: { $task }
reminder-deadline-days-left = { $days ->
    [0] Today ({ $due }) is the deadline.
    [1] 1 day left until the deadline ({ $due }).
   *[other] { $days } days left until the deadline ({ $due }).
  }
reminder-deadline-phase = Part of { $phase }.
reminder-deadline-unit = Unit: { $unit }
reminder-deadline-snooze-override = You have snoozed reminders, but today is the deadline, so this one is sent anyway.
reminder-deadline-footer = Upcoming deadlines: /lichnhac · Snooze reminders: /tatnhac

## What a unit still lacks
reminder-lack-ok = ✅ Your unit meets what this task asks for.
reminder-lack-units = { $missing } of your { $total } { $level ->
    [province] provinces
    [district] districts
    [commune] communes
   *[other] units
  } have no registered model: { $names }
reminder-lack-own-model = Your unit has no registered model yet.
reminder-lack-appraisal = { $count } models are waiting for appraisal: { $names }
reminder-lack-reports = { $count } of { $total } models have no report for { $period }: { $names }
reminder-more = { $names } and { $count } more

## Overdue: sent to the unit above
reminder-overdue-title = ⚠️ Overdue: { $task } (due { $due })
reminder-overdue-intro = { $count } units under { $unit } are still behind:
reminder-overdue-line = • { $unit }: { $detail }
reminder-overdue-footer = Review queue: /duyet · Summary: /tonghop

## Progress report nudges
reminder-nudge-title = 📝 Progress reports for { $period }
reminder-nudge-body = { $count } of your models have no report for { $period } yet. The period ends on { $due }:
reminder-nudge-line = • { $code }: { $title }
reminder-nudge-footer = Send a report with /baocao.
reminder-report-overdue-title = 📋 The reporting period { $period } has ended
reminder-report-overdue-body = { $count } models in { $unit } have no report for { $period }:
reminder-report-overdue-line = • { $code }: { $title } ({ $unit })

## Weekly digest
digest-title = 📊 Week { $from } – { $to }
digest-scope = { $campaign } · { $unit }
digest-new-models = • New models registered: { $count }
digest-reports = • Progress reports sent: { $count }
digest-reviews = • Reviews and appraisals done: { $count }
digest-overdue-reports = • Models without a report for { $period }: { $count }
digest-overdue-tasks = • Overdue tasks still open:
digest-overdue-task-line = – { $task } (due { $due }): { $detail }
digest-overdue-none = • Nothing is overdue.
digest-next-deadlines = Next deadlines:
digest-deadline-line = • { $due } ({ $days ->
    [0] today
    [1] 1 day left
   *[other] { $days } days left
  }): { $task }
digest-no-deadlines = The plan has no deadlines left.
digest-footer = Details: /tonghop

## Follow-up of honoured models (jobs/follow-up.ts)
reminder-follow-up-title = 🌱 Sustainability report for { $code }: { $title }
reminder-follow-up-body = The model was honoured by the decision of { $honoured }; it has now been { $months } months. Please report how it is being kept up and carried further.
reminder-follow-up-footer = Send the report with /report by { $by } at the latest.
digest-follow-up-overdue = • Honoured models overdue for their sustainability report: { $count }
digest-follow-up-line = – { $code }: { $title } ({ $months } months after the honour of { $honoured })
