# Registering a model (/register)
register-intro = <b>Register a "Dân vận khéo" model</b>
    There are {$total} parts, as on the registration form. Every answer is saved at once; you can stop (/cancel) and come back with /register. Before sending you will see everything and can change any part.
register-not-allowed = You have no cadre or coordinator role in any unit yet, so you cannot register a model. Ask your unit's Steering Committee for an invite code, or type /start to request access.
register-no-campaign = There is no campaign running for your unit right now.
register-summary-title = <b>Check before sending</b>
register-done = ✅ Model registered with code <b>{$code}</b>. Your unit's Steering Committee has been told to review it. Follow it in /models.
register-notify-coordinator = 🆕 New model registered: <b>{$code}</b> · {$title}
    Unit: {$unit} · Registered by: {$by}
review-open-button = 🔎 Open for review

register-label-title = Name of the model
register-label-ownerKind = Owner
register-label-ownerName = Collective or person
register-label-unit = Unit, locality
register-label-field = Field
register-label-targetLevel = Registration level
register-label-situation = Situation and reason
register-label-goals = Goals and criteria
register-label-content = Content and method
register-label-area = Area
register-label-beneficiaries = Beneficiaries
register-label-forces = Forces
register-label-resources = Resources
register-label-startDate = Start date
register-label-evaluationDate = Evaluation date
register-label-outputs = Verifiable outputs
register-label-indicators = Indicators
register-label-sustainability = Sustainability and replication
register-label-replicated = Replicates the model

register-ask-title = <b>Name of the model</b> (5–200 characters).
    Example: Self-managed group "A peaceful parish hamlet"
register-ask-ownerKind = Is the model run by a <b>collective</b> or an <b>individual</b>?
register-ask-ownerName = { $kind ->
    [individual] <b>Full name of the person</b> running the model (2–200 characters).
   *[other] <b>Name of the collective</b> running the model (2–200 characters). Example: Women's Union branch of Bình Lợi hamlet
}
register-ask-unit = The model's <b>unit or locality</b>: tap a name to choose it, tap ▸ to see the units under it; or type part of a name to search (for example: Minh Hòa).
register-ask-field = Which <b>field</b> does the model belong to?
register-ask-targetLevel = At which <b>level</b> is the model registered?
register-ask-situation = <b>Current situation and reason</b>: what the local problem is and why this is needed (10–3000 characters).
register-ask-goals = <b>Goals and evaluation criteria</b>: what will be achieved and how it is measured (10–3000 characters).
    Example: By the end of 2027, every household in the hamlet sorts its waste at source.
register-ask-content = <b>Content and method</b>: the steps, how people are mobilised (10–3000 characters).
register-ask-area = <b>Area</b> where it is carried out. Example: Bình Lợi hamlet, Bình An commune
register-ask-beneficiaries = <b>Beneficiaries</b>. Example: 120 households of Bình Lợi hamlet, 15 of them poor
register-ask-forces = <b>Forces</b>: who leads, who coordinates, who takes part (5–2000 characters).
register-ask-resources = <b>Resources</b>: money, materials, workdays, socialised funding (5–2000 characters).
register-ask-startDate = <b>Start date</b> (day/month/year), between {$from} and {$to}. Example: 01/12/2026
register-ask-evaluationDate = <b>Date of the evaluation</b> (day/month/year), between {$from} and {$to}.
register-ask-outputs = <b>Verifiable outputs</b>: results that can be seen, counted, checked (5–2000 characters). Example: logbooks, minutes, photos of the works.
register-ask-sustainability = <b>Ability to sustain and replicate</b> (5–2000 characters).
register-ask-indicator-name = <b>Indicators</b> (at least 1, at most 10). Type the name of the first one. Example: Households taking part
register-ask-indicator-next = Type the name of the next indicator, or tap <b>Done</b>.
register-indicators-so-far = Indicators so far:
register-indicator-clear = 🗑 Clear all and start over
register-indicator-max = That is 10 indicators already; tap Done to continue.
register-indicator-duplicate = There is already an indicator with this name.
register-ask-indicator-unit = <b>Unit of measure</b> of "{$name}". Example: households, people, km, million đồng
register-ask-indicator-target = <b>Target</b> for "{$name}" (a number, in {$unit}). Example: 120 or 1.500
register-indicator-target-zero = The target must be greater than 0.
register-ask-replicated = Does this model <b>replicate a model that was honoured</b>? Type its code (for example DVK-2026-0012) or part of its name to search; otherwise tap Skip.
register-replicated-pick = Choose the original model, or type to search again:
register-replicated-none = No honoured model matches. Type again or tap Skip.

register-error-invalid = Some parts are not valid; please check and correct them.
register-error-not-allowed = You are no longer allowed to register models in this unit.
register-error-unknown-unit = The chosen unit no longer exists; please choose again.
register-error-bad-field = The field is no longer in the campaign's list; please choose again.
register-error-bad-level = The registration level is not valid; please choose again.
register-error-dates = The evaluation date must come after the start date and fall inside the campaign.
register-error-bad-source = The original model has not been honoured; choose again or skip.
register-error-no-campaign = The campaign is no longer active.

owner-collective = Collective
owner-individual = Individual
level-grassroots = Grassroots
level-district = District
level-province = Province
status-registered = Newly registered
status-returned = Returned for changes
status-nurturing = Being nurtured
status-submitted = Awaiting appraisal
status-appraised = Appraised
status-selected = Selected
status-honoured = Honoured
status-withdrawn = Withdrawn
role-cadre = Cadre
role-coordinator = Steering Committee member
role-board = Provincial Steering Committee
role-admin = Administrator
register-label-milestones = Milestones
