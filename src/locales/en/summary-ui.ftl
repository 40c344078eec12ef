# /summary and /export in the chat: buttons, filters, preparing the file
sm-button-export = 📥 Export to Excel
sm-button-filter = 🔎 Filter
sm-button-clear = ✖️ Clear all filters
sm-current-period = current period
sm-filter-menu = Filter the summary ({ $period }): choose a field, collective/individual or a unit. You can also type, for example: /summary field=economy kind=collective period=2026-10 unit=kg-chau-thanh
sm-chart-caption = Models by unit and status · { $unit }
sm-export-preparing = ⏳ Preparing the Excel file, one moment please…
sm-export-caption = "Dân vận khéo" campaign summary · { $unit }
sm-bad-argument = I do not understand “{ $arg }”. Example: /summary field=economy kind=collective period=2026-11 unit=kg-chau-thanh
sm-fail-not-allowed = Summaries and exports are for the Steering Committees.
sm-fail-unit-not-found = This unit was not found.
sm-fail-unit-out-of-scope = This unit is outside your scope.
sm-fail-field-unknown = The campaign has no such field.
sm-fail-owner-kind-unknown = The owner must be collective or individual.
sm-fail-period-invalid = Not a valid period; for example 2026-11 (month) or 2026-Q4 (quarter), as the campaign reports.
