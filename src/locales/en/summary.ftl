# Summary (/tonghop): text and chart (status names: status-* in register.ftl)
summary-title = 📊 "DÂN VẬN KHÉO" CAMPAIGN SUMMARY
summary-scope = Scope: { $unit } · { $date }
summary-filters = Filters: { $filters }
summary-filter-unit = unit { $name }
summary-filter-field = field { $name }
summary-filter-period = period { $period }
summary-phase = Current phase: { $name } ({ $start } – { $end })
summary-phase-upcoming = The campaign has not started yet (it starts on { $start }).
summary-phase-ended = The campaign ended on { $end }.
summary-phase-between = Today lies in no phase of the plan.
summary-deadline = Next deadline: { $date } ({ $days ->
    [0] today
    [one] { $daysText } day left
   *[other] { $daysText } days left
  }), due:
summary-deadline-none = No deadlines ahead.
summary-empty = No models in this scope yet.
summary-models = Models: { $registered } registered · { $effective } effective · { $honoured } honoured
summary-kinds = Collective: { $collective } · Individual: { $individual }
summary-reporting = Reports for { $period }: { $reported } of { $open } models reported ({ $rate })
summary-reporting-none = Reports for { $period }: no model is being nurtured yet.
summary-overdue = Overdue, no report since { $period }: { $count } models
summary-pilot = Pilot unit { $name }: { $models } models, { $effective } effective, reporting rate { $rate }
summary-rest = Other units: { $models } models, { $effective } effective, reporting rate { $rate }
summary-by-status = By status:
summary-by-field = By field:
summary-item = • { $name }: { $count }
summary-by-unit = By unit (registered / effective / honoured · reporting rate):
summary-unit-row = • { $name }: { $registered } / { $effective } / { $honoured } · { $rate }
summary-unit-direct = { $name } (directly)
summary-unit-more = … and { $count } more units (see the Excel file).
summary-chart-title = “Dân vận khéo” models by unit and status
summary-chart-subtitle = { $unit } · { $date } · { $count } models
summary-chart-axis = Models
summary-chart-empty = No models in this scope yet
summary-chart-others = Only the units with most models are drawn; { $count } other units hold { $models } models (see the Excel file).
summary-definitions = Effective: a report verified within the last { $window } periods (questioned or unverified reports do not count) · Overdue: no report for the previous period, counted from the first full period after acceptance.
