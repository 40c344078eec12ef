# Duyệt (/duyet): lý do không thực hiện được, lỗi nhập liệu, thông báo cho cán bộ
review-fail-not-found = Không tìm thấy mục này (có thể đã bị xóa hoặc nút đã cũ).
review-fail-not-allowed = Bạn không có quyền thực hiện thao tác này với mục này.
review-fail-own-unit = Phong trào không cho phép thẩm định mô hình của chính đơn vị mình; việc này do cấp trên thực hiện.
review-fail-wrong-status = Không thực hiện được: mục này đang ở trạng thái “{ $current }”.
review-fail-conflict = Một người khác vừa xử lý mục này trước bạn (trạng thái hiện tại: “{ $current }”). Không có gì bị ghi đè.
review-fail-top-level = Mô hình đã ở cấp cao nhất của phong trào.
review-fail-already-linked = Mô hình này đã được ghi nhận là nhân rộng từ một mô hình khác.
review-fail-invalid = Thông tin chưa hợp lệ.
review-problem-reason-required = Hãy nhập lý do trả lại, ví dụ: “Thiếu chỉ tiêu đo đếm được”.
review-problem-reason-too-long = Lý do quá dài: tối đa { $detail } ký tự.
review-problem-note-required = Khi đánh dấu “cần làm rõ”, hãy ghi điều cần làm rõ, ví dụ: “Ảnh chưa đúng địa bàn”.
review-problem-note-too-long = Ghi chú quá dài: tối đa { $detail } ký tự.
review-problem-comment-too-long = Nhận xét quá dài: tối đa { $detail } ký tự.
review-problem-verdict-invalid = Hãy chọn “Đã xác minh” hoặc “Cần làm rõ”.
review-problem-score-missing = Còn thiếu điểm cho tiêu chí “{ $detail }”.
review-problem-score-unknown-criterion = Phong trào không có tiêu chí “{ $detail }”.
review-problem-score-duplicate = Tiêu chí “{ $detail }” được chấm hai lần.
review-problem-score-out-of-range = Điểm của tiêu chí “{ $detail }” phải từ 0 đến điểm tối đa của tiêu chí.
review-problem-level-unknown = Cấp “{ $detail }” không có trong phong trào.
review-problem-level-mismatch = Mô hình được xét chọn ở cấp “{ $detail }”; hãy ghi nhận khen thưởng đúng cấp đó.
review-problem-year-invalid = Năm khen thưởng phải trong khoảng { $detail }.
review-problem-decision-required = Hãy nhập số quyết định khen thưởng, ví dụ: 125/QĐ-UBND.
review-problem-decision-too-long = Số quyết định quá dài: tối đa { $detail } ký tự.
review-problem-same-model = Một mô hình không thể nhân rộng từ chính nó.
review-verification-pending = Chờ xác minh
review-verification-verified = Đã xác minh
review-verification-questioned = Cần làm rõ
review-notice-accepted = ✅ Mô hình { $code } “{ $title }” đã được tiếp nhận và chuyển sang chăm bồi. Hãy báo cáo tiến độ định kỳ bằng /baocao.
review-notice-returned = ↩️ Mô hình { $code } “{ $title }” được trả lại để bổ sung. Lý do: { $reason }. Sửa và gửi lại trong /mohinh.
review-notice-submitted = 📝 Mô hình { $code } “{ $title }” đã được đề nghị thẩm định.
review-notice-appraised = 📋 Mô hình { $code } “{ $title }” đã được thẩm định: { $total }/{ $max } điểm.
review-notice-selected = 🏅 Mô hình { $code } “{ $title }” được xét chọn để biểu dương cấp { $level }.
review-notice-declined = Mô hình { $code } “{ $title }” chưa được xét chọn đợt này và tiếp tục được chăm bồi.
review-notice-honoured = 🎉 Mô hình { $code } “{ $title }” được biểu dương cấp { $level } năm { $year } (quyết định số { $decision }).
review-notice-verified = ✅ Báo cáo kỳ { $period } của mô hình { $code } đã được xác minh.
review-notice-questioned = ❓ Báo cáo kỳ { $period } của mô hình { $code } cần làm rõ: { $note }. Gửi lại báo cáo kỳ này bằng /baocao để bổ sung.
review-notice-replicated = 🌱 Mô hình { $source } đã được nhân rộng tại { $unit }: { $replica } “{ $title }”.
review-fail-campaign-read-only = { $why ->
        [closed] Phong trào đã đóng
       *[other] Phong trào đã kết thúc ngày { $end }
    }: chỉ có thể xem, không thể duyệt, thẩm định hay ghi nhận gì thêm.
