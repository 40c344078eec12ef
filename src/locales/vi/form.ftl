# Form engine: buttons, drafts, cancelling
form-button-done = ✅ Xong
form-button-back = ⬅️ Quay lại
form-button-skip = ⏭ Bỏ qua
form-button-cancel = ✖️ Hủy
form-button-confirm = ✅ Xác nhận và gửi
form-button-edit = ✏️ Sửa một mục
form-button-stale = Nút này đã cũ, không còn dùng được. Vui lòng dùng tin nhắn mới nhất.
form-command-during-form = Bạn đang điền dở một biểu mẫu. Hãy trả lời câu hỏi dưới đây, hoặc gõ /huy để tạm dừng (bản nháp được giữ lại).
form-edit-which = Bạn muốn sửa mục nào?
form-draft-found = Bạn có một bản nháp chưa xong (lần sửa cuối {$when}, đã điền {$done}/{$total} mục). Tiếp tục bản nháp hay làm lại từ đầu?
form-draft-continue = ▶️ Tiếp tục bản nháp
form-draft-restart = 🔄 Làm lại từ đầu
form-draft-use-buttons = ⚠️ Vui lòng bấm một trong hai nút: «Tiếp tục bản nháp» hoặc «Làm lại từ đầu». Bản nháp vẫn được giữ nguyên.
form-cancelled = Đã hủy.
form-cancelled-draft-kept = Đã tạm dừng. Các câu trả lời của bạn được lưu trong bản nháp; gõ {$command} để tiếp tục bất cứ lúc nào.
form-nothing-to-cancel = Hiện không có biểu mẫu nào đang mở để hủy.

# Input errors: what was wrong, what is expected, an example
err-too-short = Câu trả lời quá ngắn: cần ít nhất {$min} ký tự.
err-too-long = Câu trả lời quá dài: tối đa {$max} ký tự. Vui lòng viết gọn lại.
err-expected-text = Ở bước này cần gõ chữ (không phải ảnh, tệp hay nhãn dán).
err-number-format = Đây không phải là một con số. Ví dụ: 12 hoặc 1.234,5
err-number-unit = Chỉ tiêu này tính bằng «{$unit}». Hãy gõ một con số, có thể kèm đơn vị đó. Ví dụ: 45 hoặc {$example}
err-number-negative = Số không được âm. Ví dụ: 0 hoặc 25
err-number-integer = Cần một số nguyên. Ví dụ: 25
err-number-too-big = Số quá lớn (tối đa {$max}).
err-money-format = Số tiền chưa đúng. Ví dụ: 5.000.000 hoặc 5tr hoặc 2,5 triệu
err-percent-format = Cần một tỷ lệ phần trăm từ 0 đến 100. Ví dụ: 60 hoặc 75%
err-percent-range = Tỷ lệ phải từ 0% đến 100%.
err-date-format = Ngày chưa đúng dạng ngày/tháng/năm. Ví dụ: 15/10/2026
err-date-invalid = Ngày này không có trên lịch. Ví dụ hợp lệ: 28/02/2026
err-date-outside = Ngày phải nằm trong khoảng {$from} – {$to}.
err-date-format-range = Ngày chưa đúng dạng ngày/tháng/năm. Cần một ngày trong khoảng {$from} – {$to}, ví dụ: {$example}
err-date-invalid-range = Ngày này không có trên lịch. Cần một ngày trong khoảng {$from} – {$to}, ví dụ: {$example}
err-use-buttons = Vui lòng chọn bằng các nút bên dưới câu hỏi.
err-not-allowed = Bạn không có quyền thực hiện việc này.
error-unexpected = Đã có lỗi ngoài ý muốn. Dữ liệu bạn đã nhập vẫn được giữ; vui lòng thử lại sau ít phút.
rate-limited = Bạn gửi quá nhanh. Vui lòng chờ một lát rồi thử lại.

# Choosing a unit
unit-picker-up = ⬆️ Lên cấp trên
unit-picker-not-found = Không tìm thấy đơn vị nào có tên chứa "{$query}". Hãy gõ một phần khác của tên, hoặc chọn bằng nút.
unit-picker-prev = ◂ Trang trước
unit-picker-next = Trang sau ▸
unit-picker-page = Trang {$page}/{$pages}
unit-picker-many = Có {$count} đơn vị: chuyển trang bằng nút, hoặc gõ một phần tên để tìm nhanh (có dấu hay không dấu đều được, ví dụ: vinh thuan).
unit-picker-more = Chỉ hiện {$count} đơn vị đầu tiên có tên chứa "{$query}"; gõ dài hơn để thu hẹp.
