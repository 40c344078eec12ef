# Review queue (/review) of the Steering Committee
rq-empty = ✅ Nothing waits for review: every registration and report in your scope has been dealt with.
rq-title = <b>Review queue</b>: { $registrations } new registration(s), { $reports } new report(s) (oldest first).
rq-line-registration = { $n }. 🆕 <b>{ $code }</b> · { $title }
    { $unit } · sent { $when }{ $again ->
        [1] {" "}· sent again after changes
       *[other] {""}
    }
rq-line-report = { $n }. 📊 <b>{ $code }</b> · { $title }
    { $unit } · period { $period } · progress { $progress }% · { $evidence } piece(s) of evidence · sent { $when }{ $revision ->
        [1] {""}
       *[other] {" "}· version { $revision }
    }
rq-prev = ⬅️ Previous
rq-next = Next ➡️
rq-button-accept = ✅ Accept
rq-button-return = ↩️ Return
rq-button-replicate = 🌱 Replicates another model
rq-button-verify = ✅ Verified
rq-button-question = ❓ Needs clarification
rq-report = <b>Report for { $period }</b> (version { $revision }) · <b>{ $code }</b> · { $title }
    Verification: { $verification }
    { $body }
rq-done = ✅ { $code }: now “{ $status }”. The cadre has been told.
rq-done-verified = ✅ The { $period } report of { $code } is verified.
rq-done-questioned = ❓ Clarification of the { $period } report of { $code } was requested.
rq-done-replicated = 🌱 Recorded that { $replica } replicates { $source }.
rq-ask-reason = Why is model <b>{ $code }</b> · { $title } returned? (The cadre sees this while editing.) Example: The indicators cannot be measured.
rq-ask-note = What needs clarifying in the { $period } report of <b>{ $code }</b>? Example: The photos are not of the hamlet.
rq-ask-score = Appraising <b>{ $code }</b> · criterion { $index }/{ $count }: <b>{ $criterion }</b>. Score (0 – { $max })?
rq-score-too-high = The maximum for this criterion is { $max }.
rq-ask-comment = Overall comment on model <b>{ $code }</b> (or tap Skip).
rq-confirm-appraisal = Confirm the appraisal?
rq-confirm-appraisal-button = ✅ Confirm { $total }/{ $max } points
rq-ask-source = Which model does <b>{ $code }</b> replicate? Type the code of the honoured original, for example DVK-2026-0012.
rq-source-not-found = There is no model with code { $code }. Check the code.
# The review actions' answers by name (src/domain/forms/review-actions.ts): cards, /mohinh, workbook.
rq-label-returnReason = Return reason
rq-label-verificationNote = To clarify
rq-label-sourceCode = Code of the original model
rq-label-score = Criterion score
rq-label-comment = Comment
rq-label-confirmed = Confirmation
rq-label-decisionNo = Decision number
rq-label-decisionDate = Decision date
