# Editing a registration (from /mohinh)
edit-not-editable = Mô hình này đã được tiếp nhận nên không sửa đăng ký được nữa.
edit-returned-because = ↩️ Ban Chỉ đạo đã trả lại mô hình với lý do: <i>{$reason}</i>
edit-summary-title = <b>Sửa đăng ký</b>: chọn "Sửa một mục", sửa xong bấm Xác nhận.
edit-notify-resubmitted = 🔁 Mô hình đã sửa và gửi lại: <b>{$code}</b> · {$title} (người gửi: {$by})
edit-done = ✅ Đã lưu thay đổi cho mô hình {$code}.
edit-done-resubmitted = ✅ Đã lưu và gửi lại mô hình {$code} để Ban Chỉ đạo xem xét.
edit-error-not-found = Không tìm thấy mô hình này.
edit-error-not-allowed = Bạn không có quyền sửa mô hình này.
edit-error-not-editable = Mô hình này không còn sửa được (đã được tiếp nhận).
edit-error-invalid = Một số mục chưa hợp lệ.
edit-error-unknown-unit = Đơn vị đã chọn không còn tồn tại.
edit-error-bad-field = Lĩnh vực không hợp lệ.
edit-error-bad-level = Cấp đăng ký không hợp lệ.
edit-error-dates = Ngày đánh giá phải sau ngày bắt đầu và trong thời gian phong trào.
edit-error-bad-source = Mô hình gốc chưa được biểu dương.
edit-error-conflict = Mô hình vừa được thay đổi ở nơi khác; vui lòng mở lại từ /mohinh.
