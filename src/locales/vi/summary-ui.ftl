# /tonghop và /xuat trong cuộc trò chuyện: nút, bộ lọc, chuẩn bị tệp
sm-button-export = 📥 Xuất Excel
sm-button-filter = 🔎 Lọc
sm-button-clear = ✖️ Bỏ mọi bộ lọc
sm-current-period = kỳ hiện tại
sm-filter-menu = Lọc tổng hợp ({ $period }): chọn lĩnh vực, tập thể/cá nhân hoặc đơn vị. Cũng có thể gõ, ví dụ: /tonghop linhvuc=economy chuthe=tapthe ky=2026-10 donvi=kg-chau-thanh
sm-chart-caption = Mô hình theo đơn vị và trạng thái · { $unit }
sm-export-preparing = ⏳ Đang chuẩn bị tệp Excel, vui lòng chờ trong giây lát…
sm-export-caption = Tổng hợp phong trào "Dân vận khéo" · { $unit }
sm-bad-argument = Không hiểu “{ $arg }”. Ví dụ: /tonghop linhvuc=economy chuthe=tapthe ky=2026-11 donvi=kg-chau-thanh
sm-fail-not-allowed = Tổng hợp và xuất dữ liệu dành cho Ban Chỉ đạo các cấp.
sm-fail-unit-not-found = Không tìm thấy đơn vị này.
sm-fail-unit-out-of-scope = Đơn vị này nằm ngoài phạm vi của bạn.
sm-fail-field-unknown = Phong trào không có lĩnh vực này.
sm-fail-owner-kind-unknown = Chủ thể phải là tập thể hoặc cá nhân.
sm-fail-period-invalid = Kỳ không hợp lệ; ví dụ 2026-11 (tháng) hoặc 2026-Q4 (quý), theo chu kỳ báo cáo của phong trào.
