# Form engine: buttons, drafts, cancelling
form-button-done = ✅ Done
form-button-back = ⬅️ Back
form-button-skip = ⏭ Skip
form-button-cancel = ✖️ Cancel
form-button-confirm = ✅ Confirm and send
form-button-edit = ✏️ Edit a part
form-button-stale = This button is from an older message and no longer works. Please use the newest message.
form-command-during-form = You are in the middle of a form. Answer the question below, or type /cancel to pause (your draft is kept).
form-edit-which = Which part do you want to change?
form-draft-found = You have an unfinished draft (last changed {$when}, {$done}/{$total} parts filled). Continue it or start again?
form-draft-continue = ▶️ Continue the draft
form-draft-restart = 🔄 Start again
form-draft-use-buttons = ⚠️ Please press one of the two buttons: "Continue the draft" or "Start again". Your draft is kept as it is.
form-cancelled = Cancelled.
form-cancelled-draft-kept = Paused. Your answers are kept in a draft; type {$command} to continue at any time.
form-nothing-to-cancel = There is no open form to cancel.

# Input errors: what was wrong, what is expected, an example
err-too-short = That answer is too short: at least {$min} characters, please.
err-too-long = That answer is too long: at most {$max} characters. Please shorten it.
err-expected-text = This step needs typed text (not a photo, file or sticker).
err-number-format = That is not a number. Example: 12 or 1.234,5
err-number-unit = This indicator is counted in "{$unit}". Type a number, optionally followed by that unit. Example: 45 or {$example}
err-number-negative = The number cannot be negative. Example: 0 or 25
err-number-integer = A whole number, please. Example: 25
err-number-too-big = The number is too large (at most {$max}).
err-money-format = That amount is not valid. Example: 5.000.000 or 5tr or 2,5 triệu
err-percent-format = A percentage from 0 to 100, please. Example: 60 or 75%
err-percent-range = The percentage must be between 0% and 100%.
err-date-format = The date is not in day/month/year form. Example: 15/10/2026
err-date-invalid = That day does not exist. A valid example: 28/02/2026
err-date-outside = The date must be between {$from} and {$to}.
err-date-format-range = The date is not in day/month/year form. It must be between {$from} and {$to}, for example {$example}
err-date-invalid-range = That day does not exist. It must be between {$from} and {$to}, for example {$example}
err-use-buttons = Please choose with the buttons under the question.
err-not-allowed = You are not allowed to do this.
error-unexpected = Something unexpected went wrong. What you entered is kept; please try again in a few minutes.
rate-limited = You are sending too fast. Please wait a moment and try again.

# Choosing a unit
unit-picker-up = ⬆️ Up one level
unit-picker-not-found = No unit has a name containing "{$query}". Type another part of the name, or choose with the buttons.
unit-picker-prev = ◂ Previous
unit-picker-next = Next ▸
unit-picker-page = Page {$page}/{$pages}
unit-picker-many = {$count} units: turn the pages with the buttons, or type part of a name to find one (with or without diacritics, for example: vinh thuan).
unit-picker-more = Only the first {$count} units whose name contains "{$query}" are shown; type more to narrow it down.
