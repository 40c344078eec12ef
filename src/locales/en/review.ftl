# Review (/duyet): why an action could not be done, input problems, notices to the cadre
review-fail-not-found = This item was not found (it may have been deleted, or the button is old).
review-fail-not-allowed = You may not do this with this item.
review-fail-own-unit = The campaign does not allow appraising a model of your own unit; the level above does it.
review-fail-wrong-status = Not done: this item is now “{ $current }”.
review-fail-conflict = Someone else handled this item just before you (it is now “{ $current }”). Nothing was overwritten.
review-fail-top-level = The model is already at the campaign's highest level.
review-fail-already-linked = This model is already recorded as replicated from another model.
review-fail-invalid = The information is not valid.
review-problem-reason-required = Please give the reason for returning it, for example: “No measurable indicator”.
review-problem-reason-too-long = The reason is too long: at most { $detail } characters.
review-problem-note-required = When marking it “questioned”, say what needs clarifying, for example: “The photos are not from this place”.
review-problem-note-too-long = The note is too long: at most { $detail } characters.
review-problem-comment-too-long = The comment is too long: at most { $detail } characters.
review-problem-verdict-invalid = Please choose “Verified” or “Questioned”.
review-problem-score-missing = The criterion “{ $detail }” has no score yet.
review-problem-score-unknown-criterion = The campaign has no criterion “{ $detail }”.
review-problem-score-duplicate = The criterion “{ $detail }” was scored twice.
review-problem-score-out-of-range = The score for “{ $detail }” must lie between 0 and the criterion's maximum.
review-problem-level-unknown = The level “{ $detail }” is not one of the campaign's.
review-problem-level-mismatch = The model was selected at the level “{ $detail }”; record the honour at that level.
review-problem-year-invalid = The year of the honour must lie in { $detail }.
review-problem-decision-required = Please give the decision number, for example: 125/QĐ-UBND.
review-problem-decision-too-long = The decision number is too long: at most { $detail } characters.
review-problem-same-model = A model cannot be replicated from itself.
review-verification-pending = Awaiting verification
review-verification-verified = Verified
review-verification-questioned = Questioned
review-notice-accepted = ✅ Model { $code } “{ $title }” was accepted and is now being nurtured. Report progress regularly with /baocao.
review-notice-returned = ↩️ Model { $code } “{ $title }” was returned for changes. Reason: { $reason }. Edit and resubmit it in /mohinh.
review-notice-submitted = 📝 Model { $code } “{ $title }” was put forward for appraisal.
review-notice-appraised = 📋 Model { $code } “{ $title }” was appraised: { $total }/{ $max } points.
review-notice-selected = 🏅 Model { $code } “{ $title }” was selected for honouring at { $level } level.
review-notice-declined = Model { $code } “{ $title }” was not selected this round and goes on being nurtured.
review-notice-honoured = 🎉 Model { $code } “{ $title }” was honoured at { $level } level in { $year } (decision no. { $decision }).
review-notice-verified = ✅ The { $period } report of model { $code } was verified.
review-notice-questioned = ❓ The { $period } report of model { $code } needs clarifying: { $note }. Send this period's report again with /baocao to add to it.
review-notice-replicated = 🌱 Model { $source } was replicated in { $unit }: { $replica } “{ $title }”.
review-fail-campaign-read-only = { $why ->
        [closed] The campaign is closed
       *[other] The campaign ended on { $end }
    }: it can be read, but nothing can be reviewed, appraised or recorded any more.
