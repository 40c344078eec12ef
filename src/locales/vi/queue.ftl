# Hàng chờ xem xét (/duyet) của Ban Chỉ đạo
rq-empty = ✅ Không có gì chờ xem xét: mọi đăng ký và báo cáo trong phạm vi của bạn đã được xử lý.
rq-title = <b>Hàng chờ xem xét</b>: { $registrations } đăng ký mới, { $reports } báo cáo mới (cũ nhất trước).
rq-line-registration = { $n }. 🆕 <b>{ $code }</b> · { $title }
    { $unit } · gửi { $when }{ $again ->
        [1] {" "}· gửi lại sau khi sửa
       *[other] {""}
    }
rq-line-report = { $n }. 📊 <b>{ $code }</b> · { $title }
    { $unit } · kỳ { $period } · tiến độ { $progress }% · { $evidence } minh chứng · gửi { $when }{ $revision ->
        [1] {""}
       *[other] {" "}· lần { $revision }
    }
rq-prev = ⬅️ Trước
rq-next = Tiếp ➡️
rq-button-accept = ✅ Tiếp nhận
rq-button-return = ↩️ Trả lại
rq-button-replicate = 🌱 Nhân rộng từ mô hình khác
rq-button-verify = ✅ Đã xác minh
rq-button-question = ❓ Cần làm rõ
rq-report = <b>Báo cáo kỳ { $period }</b> (lần { $revision }) · <b>{ $code }</b> · { $title }
    Xác minh: { $verification }
    { $body }
rq-done = ✅ { $code }: đã chuyển sang “{ $status }”. Cán bộ đã được báo.
rq-done-verified = ✅ Đã xác minh báo cáo kỳ { $period } của { $code }.
rq-done-questioned = ❓ Đã đề nghị làm rõ báo cáo kỳ { $period } của { $code }.
rq-done-replicated = 🌱 Đã ghi nhận { $replica } nhân rộng từ { $source }.
rq-ask-reason = Lý do trả lại mô hình <b>{ $code }</b> · { $title } (cán bộ sẽ thấy lý do này khi sửa). Ví dụ: Chỉ tiêu chưa đo đếm được.
rq-ask-note = Điều cần làm rõ trong báo cáo kỳ { $period } của <b>{ $code }</b>. Ví dụ: Ảnh chưa đúng địa bàn ấp.
rq-ask-score = Thẩm định <b>{ $code }</b> · tiêu chí { $index }/{ $count }: <b>{ $criterion }</b>. Chấm bao nhiêu điểm (0 – { $max })?
rq-score-too-high = Điểm tối đa của tiêu chí này là { $max }.
rq-ask-comment = Nhận xét chung về mô hình <b>{ $code }</b> (hoặc bấm Bỏ qua).
rq-confirm-appraisal = Xác nhận kết quả thẩm định?
rq-confirm-appraisal-button = ✅ Xác nhận { $total }/{ $max } điểm
rq-ask-source = Mô hình <b>{ $code }</b> nhân rộng từ mô hình nào? Gõ mã mô hình gốc đã được biểu dương, ví dụ DVK-2026-0012.
rq-source-not-found = Không có mô hình mã { $code }. Kiểm tra lại mã.
# The review actions' answers by name (src/domain/forms/review-actions.ts): cards, /mohinh, workbook.
rq-label-returnReason = Lý do trả lại
rq-label-verificationNote = Điều cần làm rõ
rq-label-sourceCode = Mã mô hình gốc
rq-label-score = Điểm tiêu chí
rq-label-comment = Nhận xét
rq-label-confirmed = Xác nhận
rq-label-decisionNo = Số quyết định
rq-label-decisionDate = Ngày quyết định
