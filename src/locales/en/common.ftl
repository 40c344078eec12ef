# Shared words
common-yes = Yes
common-no = No
common-none = (none)
