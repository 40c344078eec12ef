# Access request limits, deactivated people, closed campaigns, /people (people and invites)
access-request-too-many-person = You already have {$max} access requests waiting. Please wait for the Steering Committee to answer before sending more.
access-request-too-many-unit = {$unit} has too many access requests waiting ({$max}). Please try again later, or ask its Steering Committee directly for an invite code.
account-deactivated = Your account has been deactivated. Please contact your unit's Steering Committee if you need to use the bot again.
register-error-campaign-closed = This campaign has ended: no new registrations are accepted. Your draft is kept.
report-error-campaign-closed = This campaign has ended: no new reports are accepted. Your draft is kept.
