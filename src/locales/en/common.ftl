# Shared words and formats
common-yes = Yes
common-no = No
common-cancel = Cancel
common-back = Back
common-skip = Skip
common-confirm = Confirm
common-edit = Edit
common-none = (none)
