# Editing a registration (from /models)
edit-not-editable = This model has been accepted, so its registration can no longer be edited.
edit-returned-because = ↩️ The Steering Committee returned the model, saying: <i>{$reason}</i>
edit-summary-title = <b>Edit the registration</b>: choose "Edit a part", then tap Confirm.
edit-notify-resubmitted = 🔁 Model corrected and sent again: <b>{$code}</b> · {$title} (by {$by})
edit-done = ✅ Changes saved for model {$code}.
edit-done-resubmitted = ✅ Saved, and model {$code} was sent back to the Steering Committee for review.
edit-error-not-found = This model was not found.
edit-error-not-allowed = You are not allowed to edit this model.
edit-error-not-editable = This model can no longer be edited (it has been accepted).
edit-error-invalid = Some parts are not valid.
edit-error-unknown-unit = The chosen unit no longer exists.
edit-error-bad-field = The field is not valid.
edit-error-bad-level = The registration level is not valid.
edit-error-dates = The evaluation date must come after the start date and inside the campaign.
edit-error-bad-source = The original model has not been honoured.
edit-error-conflict = The model was just changed elsewhere; please open it again from /models.
