# /tonghop và /xuat trong cuộc trò chuyện: nút, bộ lọc, chuẩn bị tệp
sm-button-export = 📥 Xuất Excel
sm-button-filter = 🔎 Lọc
sm-button-clear = ✖️ Bỏ mọi bộ lọc
sm-current-period = kỳ hiện tại
sm-filter-menu = Lọc tổng hợp ({ $period }): chọn lĩnh vực, tập thể/cá nhân hoặc đơn vị. Cũng có thể gõ, có dấu hay không dấu, ví dụ: /tonghop linhvuc=kinh te chuthe=tap the ky=10/2026 donvi=chau thanh
sm-chart-caption = Mô hình theo đơn vị và trạng thái · { $unit }
sm-export-preparing = ⏳ Đang chuẩn bị tệp Excel, vui lòng chờ trong giây lát…
sm-export-caption = Tổng hợp phong trào "Dân vận khéo" · { $unit }
sm-bad-argument = Không hiểu “{ $arg }”. Có thể lọc theo linhvuc, chuthe, ky, donvi; ví dụ: /tonghop linhvuc=kinh tế chuthe=tập thể ky=11/2026 donvi=Châu Thành (có dấu hay không dấu đều được)
sm-fail-not-allowed = Tổng hợp và xuất dữ liệu dành cho Ban Chỉ đạo các cấp.
sm-fail-unit-not-found = Không tìm thấy đơn vị này.
sm-fail-unit-out-of-scope = Đơn vị này nằm ngoài phạm vi của bạn.
sm-fail-field-unknown = Phong trào không có lĩnh vực này.
sm-fail-owner-kind-unknown = Chủ thể phải là tập thể hoặc cá nhân.
sm-fail-period-invalid = Kỳ không hợp lệ; ví dụ 2026-11 (tháng) hoặc 2026-Q4 (quý), theo chu kỳ báo cáo của phong trào.
sm-unknown-field = Phong trào không có lĩnh vực này: “{ $value }”. Các lĩnh vực: { $allowed }
sm-unknown-unit = Không tìm thấy đơn vị “{ $value }”. Các đơn vị trong phạm vi của bạn: { $allowed } (gõ tên, có dấu hay không dấu, hoặc mã đơn vị)
sm-ambiguous-unit = Có nhiều đơn vị tên “{ $value }”: { $allowed }. Gõ mã đơn vị để chọn một.
sm-unknown-owner = Chủ thể “{ $value }” không hợp lệ: gõ tập thể (tapthe) hoặc cá nhân (canhan).
sm-unknown-period = Kỳ “{ $value }” không hợp lệ; ví dụ 11/2026 hoặc 2026-11 (tháng), Q4/2026 hoặc 2026-Q4 (quý).
