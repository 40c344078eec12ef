# Shared words
common-yes = Có
common-no = Không
common-none = (không có)
