# Shared words and formats
common-yes = Có
common-no = Không
common-cancel = Hủy
common-back = Quay lại
common-skip = Bỏ qua
common-confirm = Xác nhận
common-edit = Sửa
common-none = (không có)
