# /models: my models
mymodels-empty = You have not registered a model yet. Type /register to start.
mymodels-no-report = none yet
mymodels-title = <b>My models</b> ({$count})
mymodels-line = {$icon} <b>{$code}</b> · {$title}
    {$status} · Last report: {$last} · Next deadline: {$due}
mymodels-details = <b>{$code}</b> · {$title}
    Status: <b>{$status}</b>
    {$kind}: {$owner}
    Unit: {$unit} · Field: {$field} · Level: {$level}
    Period: {$start} → {$evaluation}
    Progress: {$progress}% · Last report: {$last}
    Indicators (achieved / target):{$indicators}{$reason}
mymodels-return-reason = ↩️ {$label}: <i>{$reason}</i>
mymodels-button-report = 📊 Report progress
mymodels-button-edit = ✏️ Edit the registration
mymodels-button-withdraw = ⛔ Withdraw the model
mymodels-withdraw-confirm = Withdraw model <b>{$code}</b> · {$title}? A withdrawn model is no longer followed or considered for honours.
mymodels-withdraw-yes = ⛔ Withdraw
mymodels-withdraw-kept = The model is kept as it is.
mymodels-withdrawn = Model {$code} withdrawn.
mymodels-withdraw-failed = Could not withdraw: the model is "{$status}".
