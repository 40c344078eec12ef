# /help and the fallback
help-no-role = You have not joined a unit yet. Type /start to enter an invite code or request access.
help-title = <b>"Dân vận khéo" campaign assistant</b>
help-cadre = <b>Your models</b>
    /register – register a new model
    /report – report progress with evidence
    /models – my models: status, last report, next deadline
    /deadlines – the current phase and the next deadlines
help-coordinator = <b>Unit Steering Committee</b>
    /review – review queue: new registrations and reports
    /summary – your unit's summary (with a chart)
    /export – Excel export
    /documents – draft Word documents: review reports, proposed commendations, list of models
    /onsite – on-site checks: the reports drawn for the last period, record the visit
    /invite – create an invite code
    /people – active invites and people in your area: revoke a code, deactivate an account
help-board = <b>Provincial Steering Committee</b>
    /summary and /export for the whole campaign, filtered by unit, field, period.
help-admin = <b>Administration</b>
    /admin – delivery status of reminders; set up units, campaigns and roles with `npm run admin`.
help-always = <b>Always available</b>
    /cancel – pause the form you are filling in (the draft is kept)
    /snooze – mute reminders until a date
    /language – change language
    /help – help
fallback-unknown-command = There is no such command. Type /help to see the commands.
fallback-draft-waiting = You have an unfinished form. Type {$command} to continue where you stopped.
fallback-pointer = I did not understand that. Register a model: /register · Report: /report · My models: /models · Help: /help
fallback-no-role = You have not joined a unit yet. Type /start to begin.
