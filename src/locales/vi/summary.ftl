# Tổng hợp (/tonghop): văn bản và biểu đồ (tên trạng thái: status-* trong register.ftl)
summary-title = 📊 TỔNG HỢP PHONG TRÀO "DÂN VẬN KHÉO"
summary-scope = Phạm vi: { $unit } · ngày { $date }
summary-filters = Bộ lọc: { $filters }
summary-filter-unit = đơn vị { $name }
summary-filter-field = lĩnh vực { $name }
summary-filter-period = kỳ { $period }
summary-phase = Giai đoạn hiện tại: { $name } ({ $start } – { $end })
summary-phase-upcoming = Phong trào chưa bắt đầu (bắt đầu ngày { $start }).
summary-phase-ended = Phong trào đã kết thúc ngày { $end }.
summary-phase-between = Hiện không nằm trong giai đoạn nào của kế hoạch.
summary-deadline = Hạn kế tiếp: { $date } ({ $days ->
    [0] hôm nay
   *[other] còn { $daysText } ngày
  }), cần hoàn thành:
summary-deadline-none = Không còn hạn nào phía trước.
summary-empty = Chưa có mô hình nào trong phạm vi này.
summary-models = Mô hình: { $registered } đăng ký · { $effective } hiệu quả · { $honoured } được biểu dương
summary-kinds = Tập thể: { $collective } · Cá nhân: { $individual }
summary-reporting = Báo cáo kỳ { $period }: { $reported }/{ $open } mô hình đã báo cáo ({ $rate })
summary-reporting-none = Báo cáo kỳ { $period }: chưa có mô hình nào đang chăm bồi.
summary-overdue = Quá hạn, chưa báo cáo từ kỳ { $period }: { $count } mô hình
summary-pilot = Điểm chỉ đạo { $name }: { $models } mô hình, { $effective } hiệu quả, tỷ lệ báo cáo { $rate }
summary-rest = Các đơn vị còn lại: { $models } mô hình, { $effective } hiệu quả, tỷ lệ báo cáo { $rate }
summary-by-status = Theo trạng thái:
summary-by-field = Theo lĩnh vực:
summary-item = • { $name }: { $count }
summary-by-unit = Theo đơn vị (đăng ký / hiệu quả / biểu dương · tỷ lệ báo cáo):
summary-unit-row = • { $name }: { $registered } / { $effective } / { $honoured } · { $rate }
summary-unit-direct = { $name } (trực thuộc)
summary-unit-more = … và { $count } đơn vị khác (xem tệp Excel).
summary-chart-title = Mô hình “Dân vận khéo” theo đơn vị và trạng thái
summary-chart-subtitle = { $unit } · ngày { $date } · { $count } mô hình
summary-chart-axis = Số mô hình
summary-chart-empty = Chưa có mô hình nào trong phạm vi này
summary-chart-others = Chỉ vẽ các đơn vị có nhiều mô hình nhất; { $count } đơn vị khác có { $models } mô hình (xem tệp Excel).
summary-definitions = Hiệu quả: có báo cáo được xác minh trong { $window } kỳ gần nhất (báo cáo bị yêu cầu làm rõ hoặc chưa xác minh không tính) · Quá hạn: kỳ trước là kỳ trọn vẹn đầu tiên trở đi kể từ khi được tiếp nhận mà chưa có báo cáo.
