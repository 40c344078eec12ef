# /summary and /export in the chat: buttons, filters, preparing the file
sm-button-export = 📥 Export to Excel
sm-button-filter = 🔎 Filter
sm-button-clear = ✖️ Clear all filters
sm-current-period = current period
sm-filter-menu = Filter the summary ({ $period }): choose a field, collective/individual or a unit. You can also type, for example: /summary field=economy kind=collective period=10/2026 unit=chau thanh
sm-chart-caption = Models by unit and status · { $unit }
sm-export-preparing = ⏳ Preparing the Excel file, one moment please…
sm-export-caption = "Dân vận khéo" campaign summary · { $unit }
sm-bad-argument = I do not understand “{ $arg }”. Filters are field, kind, period and unit; for example: /summary field=economy kind=collective period=11/2026 unit=Châu Thành (Vietnamese names with or without diacritics work too)
sm-fail-not-allowed = Summaries and exports are for the Steering Committees.
sm-fail-unit-not-found = This unit was not found.
sm-fail-unit-out-of-scope = This unit is outside your scope.
sm-fail-field-unknown = The campaign has no such field.
sm-fail-owner-kind-unknown = The owner must be collective or individual.
sm-fail-period-invalid = Not a valid period; for example 2026-11 (month) or 2026-Q4 (quarter), as the campaign reports.
sm-unknown-field = The campaign has no such field: “{ $value }”. Fields: { $allowed }
sm-unknown-unit = No unit “{ $value }” found. Units in your scope: { $allowed } (type a name, with or without diacritics, or a unit code)
sm-ambiguous-unit = Several units are called “{ $value }”: { $allowed }. Type the unit code to choose one.
sm-unknown-owner = “{ $value }” is not an owner kind: type collective (tapthe) or individual (canhan).
sm-unknown-period = “{ $value }” is not a period; for example 11/2026 or 2026-11 (month), Q4/2026 or 2026-Q4 (quarter).
