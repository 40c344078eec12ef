# /start, invites, access requests, language
start-no-role = Hello! This is the assistant of the <b>"Dân vận khéo"</b> (skilful mass mobilisation) campaign.
    To take part you need an <b>invite code</b> from your unit's Steering Committee (or mass mobilisation officer): open the invite link, or type the code here (10 characters, for example K7MP2QXR9T).
    No code? Tap the button below to ask your unit's Steering Committee to let you in.
start-request-access-button = 🙋 Request access
start-welcome-back = Welcome back, {$name}!
invite-ok = ✅ Invite accepted: you take part as <b>{$role}</b> in {$unit}.
invite-malformed = An invite code has 10 letters and digits (for example K7MP2QXR9T). Please check it.
invite-unknown = This invite code is wrong or was revoked. Ask the person who gave it to you.
invite-expired = This invite code has expired. Ask your unit's Steering Committee for a new one.
invite-used-up = This invite code has been used up. Ask your unit's Steering Committee for a new one.
invite-already-used = You have already used this invite code.
invite-not-allowed = Only Steering Committee members (coordinators) and administrators can create invites.
invite-ask-unit = Create an invite for which unit?
invite-ask-role = Invite to {$unit} with which role?
invite-created = ✅ Invite for the role {$role} in {$unit}:
    {$link}
    Code: {$code} · {$uses} use(s) · expires in {$days} days.
    Send this link to the person you invite; the code is shown only once.
onboarding-ask-language = Chọn ngôn ngữ / Choose your language:
onboarding-ask-name = What name should appear on your records and reports? Use your Telegram name "{$name}" or type your full name (2–120 characters).
onboarding-use-name = Use "{$name}"
onboarding-later = Paused. Type /start to finish when convenient.
onboarding-done = Thank you, <b>{$name}</b>! You are all set. Type /help to see what you can do.
access-no-units = No units have been set up yet. Please contact the administrator.
access-ask-unit = Which <b>unit</b> do you want to join? Tap a name to choose it, ▸ to see the units under it, or type part of a name to search.
access-ask-name = Your full name (so the Steering Committee knows you), 2–120 characters:
access-confirm = Send a request to join <b>{$unit}</b> as <b>{$name}</b>?
access-notify-coordinator = 🙋 Access request: <b>{$name}</b> (Telegram id {$id}) asks to join {$unit} as a cadre.
access-approve = ✅ Approve
access-deny = ✖️ Deny
access-request-sent = ✅ Your request was sent to the Steering Committee of {$unit}. You will get a message when it is decided.
access-request-nobody = The request is saved, but nobody from the Steering Committee of {$unit} uses the bot yet. Please contact them directly for an invite code.
access-request-duplicate = You already have a request waiting in {$unit}.
access-request-gone = This unit no longer exists.
access-already-decided = This request has already been decided.
access-approved-coordinator = Approved: {$name} is now a cadre of {$unit}.
access-denied-coordinator = Denied the request of {$name} ({$unit}).
access-approved-requester = ✅ Your request to join {$unit} was approved. Type /start to begin.
access-denied-requester = Your request to join {$unit} was not approved. You may contact the unit's Steering Committee for details.
language-ask = Chọn ngôn ngữ / Choose your language:
language-set = Switched to English.
