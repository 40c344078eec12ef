# Registering a model (/dangky)
register-intro = <b>Đăng ký mô hình "Dân vận khéo"</b>
    Có {$total} mục, đúng theo mẫu đăng ký. Mỗi câu trả lời được lưu ngay; bạn có thể dừng (/huy) và quay lại sau bằng /dangky. Trước khi gửi, bạn sẽ xem lại toàn bộ và có thể sửa bất kỳ mục nào.
register-not-allowed = Bạn chưa có vai trò cán bộ hoặc điều phối ở đơn vị nào nên chưa đăng ký được mô hình. Hãy xin mã mời từ Ban Chỉ đạo đơn vị, hoặc gõ /start để gửi yêu cầu tham gia.
register-no-campaign = Hiện không có phong trào thi đua nào đang diễn ra cho đơn vị của bạn.
register-summary-title = <b>Xem lại trước khi gửi</b>
register-done = ✅ Đã đăng ký mô hình, mã <b>{$code}</b>. Ban Chỉ đạo đơn vị đã được báo để xem xét. Theo dõi tại /mohinh.
register-notify-coordinator = 🆕 Mô hình mới đăng ký: <b>{$code}</b> · {$title}
    Đơn vị: {$unit} · Người đăng ký: {$by}
review-open-button = 🔎 Mở để xem xét

register-label-title = Tên mô hình
register-label-ownerKind = Chủ thể
register-label-ownerName = Tên tập thể/cá nhân
register-label-unit = Đơn vị, địa bàn
register-label-field = Lĩnh vực
register-label-targetLevel = Cấp đăng ký
register-label-situation = Thực trạng, lý do
register-label-goals = Mục tiêu, tiêu chí đánh giá
register-label-content = Nội dung, cách làm
register-label-area = Phạm vi, địa bàn thực hiện
register-label-beneficiaries = Đối tượng hưởng lợi
register-label-forces = Lực lượng thực hiện
register-label-resources = Nguồn lực
register-label-startDate = Ngày bắt đầu
register-label-evaluationDate = Ngày đánh giá
register-label-outputs = Sản phẩm kiểm chứng được
register-label-indicators = Chỉ tiêu đo lường
register-label-sustainability = Khả năng duy trì, nhân rộng
register-label-replicated = Nhân rộng từ mô hình

register-ask-title = <b>Tên mô hình</b> (5–200 ký tự).
    Ví dụ: Tổ tự quản "Xóm đạo bình yên"
register-ask-ownerKind = Mô hình do <b>tập thể</b> hay <b>cá nhân</b> thực hiện?
register-ask-ownerName = { $kind ->
    [individual] <b>Họ tên cá nhân</b> thực hiện mô hình (2–200 ký tự).
   *[other] <b>Tên tập thể</b> thực hiện mô hình (2–200 ký tự). Ví dụ: Chi hội Phụ nữ ấp Bình Lợi
}
register-ask-unit = <b>Đơn vị, địa bàn</b> của mô hình: chạm vào tên để chọn, chạm ▸ để xem các đơn vị trực thuộc; hoặc gõ một phần tên để tìm (ví dụ: Minh Hòa).
register-ask-field = Mô hình thuộc <b>lĩnh vực</b> nào?
register-ask-targetLevel = Đăng ký mô hình ở <b>cấp</b> nào?
register-ask-situation = <b>Thực trạng và lý do</b> xây dựng mô hình: vấn đề ở địa phương là gì, vì sao cần làm (10–3000 ký tự).
register-ask-goals = <b>Mục tiêu và tiêu chí đánh giá</b>: làm được gì, đo bằng gì (10–3000 ký tự).
    Ví dụ: Đến hết năm 2027, 100% hộ trong ấp tham gia phân loại rác tại nguồn.
register-ask-content = <b>Nội dung và cách làm</b>: các bước, cách vận động nhân dân (10–3000 ký tự).
register-ask-area = <b>Phạm vi, địa bàn</b> thực hiện. Ví dụ: Ấp Bình Lợi, xã Bình An
register-ask-beneficiaries = <b>Đối tượng hưởng lợi</b>. Ví dụ: 120 hộ dân ấp Bình Lợi, trong đó 15 hộ nghèo
register-ask-forces = <b>Lực lượng</b>: ai chủ trì, ai phối hợp, ai tham gia (5–2000 ký tự).
register-ask-resources = <b>Nguồn lực</b>: kinh phí, vật tư, ngày công, nguồn xã hội hóa (5–2000 ký tự).
register-ask-startDate = <b>Ngày bắt đầu</b> (ngày/tháng/năm), trong khoảng {$from} – {$to}. Ví dụ: 01/12/2026
register-ask-evaluationDate = <b>Ngày đánh giá kết quả</b> (ngày/tháng/năm), trong khoảng {$from} – {$to}.
register-ask-outputs = <b>Sản phẩm kiểm chứng được</b>: kết quả có thể xem, đếm, xác minh (5–2000 ký tự). Ví dụ: sổ theo dõi, biên bản, hình ảnh công trình.
register-ask-sustainability = <b>Khả năng duy trì và nhân rộng</b> (5–2000 ký tự).
register-ask-indicator-name = <b>Chỉ tiêu đo lường</b> (ít nhất 1, tối đa 10). Gõ tên chỉ tiêu thứ nhất. Ví dụ: Số hộ tham gia
register-ask-indicator-next = Gõ tên chỉ tiêu tiếp theo, hoặc bấm <b>Xong</b>.
register-indicators-so-far = Các chỉ tiêu đã có:
register-indicator-clear = 🗑 Xóa hết, nhập lại
register-indicator-max = Đã đủ 10 chỉ tiêu; bấm Xong để tiếp tục.
register-indicator-duplicate = Đã có chỉ tiêu trùng tên này.
register-ask-indicator-unit = <b>Đơn vị tính</b> của "{$name}". Ví dụ: hộ, người, km, triệu đồng
register-ask-indicator-target = <b>Chỉ tiêu phấn đấu</b> cho "{$name}" (số, tính bằng {$unit}). Ví dụ: 120 hoặc 1.500
register-indicator-target-zero = Chỉ tiêu phải lớn hơn 0.
register-ask-replicated = Mô hình này có <b>nhân rộng từ một mô hình đã được biểu dương</b> không? Gõ mã (ví dụ DVK-2026-0012) hoặc một phần tên để tìm; nếu không, bấm Bỏ qua.
register-replicated-pick = Chọn mô hình gốc, hoặc gõ để tìm lại:
register-replicated-none = Không tìm thấy mô hình đã biểu dương nào khớp. Gõ lại hoặc bấm Bỏ qua.

register-error-invalid = Một số mục chưa hợp lệ; vui lòng kiểm tra và sửa.
register-error-not-allowed = Bạn không còn quyền đăng ký mô hình ở đơn vị này.
register-error-unknown-unit = Đơn vị đã chọn không còn tồn tại; vui lòng chọn lại.
register-error-bad-field = Lĩnh vực không còn trong danh sách của phong trào; vui lòng chọn lại.
register-error-bad-level = Cấp đăng ký không hợp lệ; vui lòng chọn lại.
register-error-dates = Ngày đánh giá phải sau ngày bắt đầu và nằm trong thời gian phong trào.
register-error-bad-source = Mô hình gốc chưa được biểu dương; vui lòng chọn lại hoặc bỏ qua.
register-error-no-campaign = Phong trào không còn hoạt động.

owner-collective = Tập thể
owner-individual = Cá nhân
level-grassroots = Cơ sở
level-district = Huyện
level-province = Tỉnh
status-registered = Mới đăng ký
status-returned = Trả lại để sửa
status-nurturing = Đang chăm bồi
status-submitted = Chờ thẩm định
status-appraised = Đã thẩm định
status-selected = Được xét chọn
status-honoured = Đã biểu dương
status-withdrawn = Đã rút
role-cadre = Cán bộ
role-coordinator = Thành viên Ban Chỉ đạo
role-board = Ban Chỉ đạo tỉnh
role-admin = Quản trị
register-label-milestones = Các mốc thực hiện
