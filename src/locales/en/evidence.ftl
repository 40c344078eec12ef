# Evidence you can trust (issue 13): archive, reused photos, capture dates, places, on-site checks, the people's confirmation.

## Archiving on arrival
evidence-too-big = The file is larger than {$limit} MB and cannot be accepted (the campaign's and Telegram's limit). Nothing was saved. Send a smaller one (a photo instead of the original file, a shorter video).
evidence-type-refused = The file {$name} is really {$found}, not one of the accepted types ({$allowed}). Nothing was saved.
evidence-download-failed = The file could not be downloaded from Telegram for the archive. Nothing was saved; please send it again.

## Review card
ev-card-title = 🔎 <b>Evidence checks</b>
ev-card-archived = 🗄 {$count} file(s) archived (type checked from the content, SHA-256 kept).
ev-flag-reused = ⚠️ Evidence #{$n} is near-identical to a photo submitted for {$code}, period {$period} ({$reason}; {$distance}/64 bits apart). The reviewer decides.
ev-flag-reused-hidden = ↳ The other photo belongs to a unit outside your scope and is not shown; the board above can see it.
ev-reason-other-unit = another unit
ev-reason-other-model = another model
ev-reason-other-period = another period
ev-flag-capture-date = ⚠️ Evidence #{$n} was taken on {$day}, outside the report period {$period}.
ev-pin = 📍 Location #{$n}: {$where}, {$distance} from the model's nearest earlier pin (period {$period}).
ev-pin-first = 📍 Location #{$n}: {$where}, the model's first pin.
ev-onsite-drawn = 🏠 This report was drawn for an on-site check; no visit recorded yet.
ev-onsite-verified = 🏠 <b>Verified on site</b> on {$day} ({$who}). {$seen}
ev-onsite-questioned = 🏠 On-site check on {$day} ({$who}): <b>questioned</b>. {$seen}
ev-people = 👥 The people: {$count} answer(s), {$knows} know the model, {$benefits} benefit, average rating {$rating}/5.
ev-people-none = 👥 No one has confirmed this model by its QR code yet.
ev-people-comment = 💬 “{$text}”
ev-pair-new = Evidence #{$n} of this report
ev-pair-earlier = Submitted earlier: {$code}, period {$period}

## QR code
mymodels-button-qr = 📱 QR code for the people
qr-caption = QR code of model {$code}. Print it and put it up where the model works: people scan it to confirm and rate it. {$link}

## The people confirm
cz-model = <b>{$title}</b>
    📍 {$unit}: {$area}
    🎯 Goal: {$goals}

    Do you know this model?
cz-knows-benefits = ✅ I know it and benefit from it
cz-knows = 👀 I know it, no benefit yet
cz-not-knows = ❓ I don't know this model
cz-abuse = 🚩 Report a problem
cz-ask-rating = How would you rate the model? (1 poor, 5 very good)
cz-ask-comment = A short comment (at most 500 characters), or tap Skip.
cz-done = Thank you! Your answer is recorded and will reach the Steering Committee.
cz-already = You have already answered about this model; one answer per account.
cz-daily-limit = You have given today's number of answers; please come back tomorrow.
cz-not-found = This model does not exist or has not been accepted.
cz-invalid = That answer is not valid (a rating of 1 to 5, a comment of at most 500 characters).
cz-comment-too-long = The comment is longer than 500 characters; please shorten it.
cz-ask-abuse = What is wrong? Write briefly (at most 1000 characters); it goes to the unit's Steering Committee.
cz-abuse-too-long = The report is longer than 1000 characters; please shorten it.
cz-abuse-done = Your report was passed to the Steering Committee. Thank you.
cz-abuse-limit = You have already reported about this model today.
cz-abuse-notify = 🚩 A citizen reports a problem with model {$code}: {$title}
    “{$text}”

## On-site checks
onsite-title = 🏠 <b>On-site checks, period {$period}</b> (drawn at random; nobody chooses)
onsite-unit = <b>{$unit}</b>: {$chosen}/{$total} report(s) drawn ({$share}%), seed {$seed}
onsite-item = • {$code}: {$title}{$state}
onsite-state-done = ✅ checked
onsite-none = No report in your scope for period {$period} to draw from yet.
onsite-ask-day = Day of the visit to {$code} (dd/mm/yyyy), or tap Today.
onsite-today = Today
onsite-bad-day = That is not a valid day; type dd/mm/yyyy, not after today. Example: 25/11/2026
onsite-ask-who = Who made the visit? (names, positions)
onsite-ask-seen = What was seen where the model works?
onsite-ask-photos = Send photos taken on site (if any); tap Done when finished.
onsite-photos-received = 📎 {$count} photo(s) received. Send more or tap Done.
onsite-ask-verdict = Conclusion of the check?
onsite-verdict-verified = ✅ Matches reality
onsite-verdict-questioned = ❓ Needs clarification
onsite-done = On-site check of {$code}, period {$period}, recorded: {$verdict}.
onsite-error-not-found = That report was not found.
onsite-error-not-allowed = That report is outside your scope.
onsite-error-not-drawn = That report is not among the drawn ones.
onsite-error-already = An on-site check is already recorded for this report.
onsite-error-invalid = Some information is missing; please start again.

## Summary
ev-summary-title = 🔎 <b>Evidence and the people's voice</b>
ev-summary-flagged = Reports with flagged evidence (reused photo, capture date outside the period): {$count}
ev-summary-unit = • {$unit}: {$flagged}/{$reports} report(s)
ev-summary-people = 👥 The people: {$count} answer(s) for {$models} model(s), average rating {$rating}/5

## Workbook
ev-col-confirmations = People's confirmations
ev-col-rating = People's rating
ev-col-archived = Archived files
ev-col-flags = Evidence flags
ev-flag-name-reused = reused photo
ev-flag-name-capture-date = capture date outside the period
