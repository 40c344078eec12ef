# Minh chứng đáng tin (issue 13): lưu trữ, kiểm tra ảnh dùng lại, ngày chụp, vị trí, kiểm tra thực tế, người dân xác nhận.

## Lưu trữ khi nhận
evidence-too-big = Tệp lớn hơn {$limit} MB nên không nhận được (giới hạn của phong trào và của Telegram). Tệp chưa được lưu. Hãy gửi bản nhỏ hơn (ảnh thay cho tệp gốc, video ngắn hơn).
evidence-type-refused = Tệp {$name} thực chất là {$found}, không thuộc loại được nhận ({$allowed}). Tệp chưa được lưu.
evidence-download-failed = Không tải được tệp từ Telegram để lưu trữ. Tệp chưa được lưu; vui lòng gửi lại.

## Thẻ duyệt báo cáo
ev-card-title = 🔎 <b>Kiểm tra minh chứng</b>
ev-card-archived = 🗄 {$count} tệp đã lưu trữ (loại tệp kiểm từ nội dung, có mã SHA-256).
ev-flag-reused = ⚠️ Minh chứng #{$n} gần trùng ảnh đã nộp cho {$code} kỳ {$period} ({$reason}; khác {$distance}/64 bit). Người duyệt quyết định.
ev-flag-reused-hidden = ↳ Ảnh kia thuộc đơn vị ngoài phạm vi của bạn nên không hiển thị; Ban Chỉ đạo cấp trên xem được.
ev-reason-other-unit = đơn vị khác
ev-reason-other-model = mô hình khác
ev-reason-other-period = kỳ khác
ev-flag-capture-date = ⚠️ Minh chứng #{$n} chụp ngày {$day}, ngoài kỳ báo cáo {$period}.
ev-pin = 📍 Vị trí #{$n}: {$where}, cách ghim gần nhất của mô hình {$distance} (kỳ {$period}).
ev-pin-first = 📍 Vị trí #{$n}: {$where}, ghim đầu tiên của mô hình.
ev-onsite-drawn = 🏠 Báo cáo này được bốc thăm kiểm tra thực tế, chưa ghi nhận chuyến kiểm tra.
ev-onsite-verified = 🏠 <b>Kiểm tra thực tế</b> ngày {$day} ({$who}): đúng thực tế. {$seen}
ev-onsite-questioned = 🏠 Kiểm tra thực tế ngày {$day} ({$who}): <b>cần làm rõ</b>. {$seen}
ev-people = 👥 Người dân xác nhận: {$count} lượt, {$knows} biết mô hình, {$benefits} được hưởng lợi, điểm trung bình {$rating}/5.
ev-people-none = 👥 Chưa có người dân nào xác nhận qua mã QR.
ev-people-comment = 💬 “{$text}”
ev-pair-new = Minh chứng #{$n} của báo cáo này
ev-pair-earlier = Ảnh đã nộp trước: {$code}, kỳ {$period}

## Mã QR
mymodels-button-qr = 📱 Mã QR cho người dân
qr-caption = Mã QR của mô hình {$code}. In và dán tại nơi làm mô hình: người dân quét để xác nhận và đánh giá. {$link}

## Người dân xác nhận
cz-model = <b>{$title}</b>
    📍 {$unit}: {$area}
    🎯 Mục tiêu: {$goals}

    Bạn có biết mô hình này không?
cz-knows-benefits = ✅ Tôi biết và được hưởng lợi
cz-knows = 👀 Tôi biết, chưa được hưởng lợi
cz-not-knows = ❓ Tôi không biết mô hình này
cz-abuse = 🚩 Phản ánh sai phạm
cz-ask-rating = Bạn chấm mô hình mấy điểm? (1 là kém, 5 là rất tốt)
cz-ask-comment = Một nhận xét ngắn (tối đa 500 ký tự), hoặc bấm Bỏ qua.
cz-done = Cảm ơn bạn! Ý kiến của bạn đã được ghi nhận và sẽ đến Ban Chỉ đạo.
cz-already = Bạn đã gửi ý kiến về mô hình này rồi; mỗi tài khoản chỉ gửi một lần.
cz-daily-limit = Hôm nay bạn đã gửi đủ số ý kiến cho phép; vui lòng quay lại ngày mai.
cz-not-found = Mô hình này không có hoặc chưa được công nhận.
cz-invalid = Câu trả lời chưa hợp lệ (điểm từ 1 đến 5, nhận xét tối đa 500 ký tự).
cz-comment-too-long = Nhận xét dài quá 500 ký tự; hãy viết ngắn hơn.
cz-ask-abuse = Bạn thấy điều gì chưa đúng? Viết ngắn gọn (tối đa 1000 ký tự); nội dung được chuyển đến Ban Chỉ đạo của đơn vị.
cz-abuse-too-long = Phản ánh dài quá 1000 ký tự; hãy viết ngắn hơn.
cz-abuse-done = Đã chuyển phản ánh của bạn đến Ban Chỉ đạo. Cảm ơn bạn.
cz-abuse-limit = Hôm nay bạn đã phản ánh về mô hình này rồi.
cz-abuse-notify = 🚩 Người dân phản ánh về mô hình {$code}: {$title}
    “{$text}”

## Kiểm tra thực tế
onsite-title = 🏠 <b>Kiểm tra thực tế kỳ {$period}</b> (bốc thăm ngẫu nhiên, không ai chọn được)
onsite-unit = <b>{$unit}</b>: bốc {$chosen}/{$total} báo cáo ({$share}%), mã hạt giống {$seed}
onsite-item = • {$code}: {$title}{$state}
onsite-state-done = ✅ đã kiểm tra
onsite-none = Chưa có báo cáo nào trong phạm vi của bạn ở kỳ {$period} để bốc thăm.
onsite-ask-day = Ngày kiểm tra {$code} (dd/mm/yyyy), hoặc bấm Hôm nay.
onsite-today = Hôm nay
onsite-bad-day = Ngày chưa đúng; hãy gõ dạng dd/mm/yyyy, không sau hôm nay. Ví dụ: 25/11/2026
onsite-ask-who = Những ai đi kiểm tra? (họ tên, chức vụ)
onsite-ask-seen = Đã thấy gì tại nơi làm mô hình?
onsite-ask-photos = Gửi ảnh chụp tại chỗ (nếu có); xong bấm Xong.
onsite-photos-received = 📎 Đã nhận {$count} ảnh. Gửi thêm hoặc bấm Xong.
onsite-ask-verdict = Kết luận kiểm tra?
onsite-verdict-verified = ✅ Đúng thực tế
onsite-verdict-questioned = ❓ Cần làm rõ
onsite-done = Đã ghi nhận kiểm tra thực tế {$code} kỳ {$period}: {$verdict}.
onsite-error-not-found = Không tìm thấy báo cáo này.
onsite-error-not-allowed = Báo cáo này ngoài phạm vi của bạn.
onsite-error-not-drawn = Báo cáo này không có trong danh sách bốc thăm.
onsite-error-already = Báo cáo này đã được ghi nhận kiểm tra thực tế.
onsite-error-invalid = Thông tin chưa đủ; hãy làm lại.

## Tổng hợp
ev-summary-title = 🔎 <b>Minh chứng và ý kiến người dân</b>
ev-summary-flagged = Báo cáo có minh chứng bị gắn cờ (ảnh dùng lại, ngày chụp ngoài kỳ): {$count}
ev-summary-unit = • {$unit}: {$flagged}/{$reports} báo cáo
ev-summary-people = 👥 Người dân xác nhận: {$count} lượt cho {$models} mô hình, điểm trung bình {$rating}/5

## Bảng tính
ev-col-confirmations = Người dân xác nhận
ev-col-rating = Điểm người dân
ev-col-archived = Tệp lưu trữ
ev-col-flags = Cờ minh chứng
ev-flag-name-reused = ảnh dùng lại
ev-flag-name-capture-date = ngày chụp ngoài kỳ
