# Nhắc việc và tin tổng hợp tuần (jobs/). Ngày được truyền vào đã viết dạng dd/mm/yyyy;
# số lượng là số, Fluent định dạng theo vi-VN (1.234).

## Hạn việc của từng bước
reminder-deadline-title = ⏰ Nhắc việc: { $task }
reminder-deadline-days-left = { $days ->
    [0] Hôm nay ({ $due }) là hạn chót.
   *[other] Còn { $days } ngày nữa là đến hạn ({ $due }).
  }
reminder-deadline-phase = Thuộc { $phase }.
reminder-deadline-unit = Đơn vị: { $unit }
reminder-deadline-snooze-override = Anh/chị đang tạm tắt nhắc việc, nhưng hôm nay là hạn chót nên tin này vẫn được gửi.
reminder-deadline-footer = Xem các hạn sắp tới: /lichnhac · Tạm tắt nhắc việc: /tatnhac

## Đơn vị còn thiếu gì
reminder-lack-ok = ✅ Đơn vị đã đáp ứng yêu cầu của việc này.
reminder-lack-units = { $missing } trên { $total } { $level ->
    [province] tỉnh
    [district] huyện
    [commune] xã
   *[other] đơn vị
  } trực thuộc chưa có mô hình đăng ký: { $names }
reminder-lack-own-model = Đơn vị chưa có mô hình nào được đăng ký.
reminder-lack-appraisal = { $count } mô hình đang chờ thẩm định: { $names }
reminder-lack-reports = { $count } trên { $total } mô hình chưa có báo cáo kỳ { $period }: { $names }
reminder-more = { $names } và { $count } mục khác

## Quá hạn: gửi đơn vị cấp trên
reminder-overdue-title = ⚠️ Đã quá hạn: { $task } (hạn { $due })
reminder-overdue-intro = { $count } đơn vị trực thuộc { $unit } còn chưa hoàn thành:
reminder-overdue-line = • { $unit }: { $detail }
reminder-overdue-footer = Xem việc cần xét duyệt: /duyet · Xem tổng hợp: /tonghop

## Nhắc báo cáo tiến độ
reminder-nudge-title = 📝 Nhắc báo cáo tiến độ kỳ { $period }
reminder-nudge-body = { $count } mô hình của anh/chị chưa có báo cáo kỳ { $period }. Kỳ báo cáo kết thúc ngày { $due }:
reminder-nudge-line = • { $code }: { $title }
reminder-nudge-footer = Gửi báo cáo bằng lệnh /baocao.
reminder-report-overdue-title = 📋 Kỳ báo cáo { $period } đã kết thúc
reminder-report-overdue-body = { $count } mô hình thuộc { $unit } chưa có báo cáo kỳ { $period }:
reminder-report-overdue-line = • { $code }: { $title } ({ $unit })

## Tin tổng hợp tuần
digest-title = 📊 Tổng hợp tuần { $from } – { $to }
digest-scope = { $campaign } · { $unit }
digest-new-models = • Mô hình mới đăng ký: { $count }
digest-reports = • Báo cáo tiến độ đã gửi: { $count }
digest-reviews = • Lượt xét duyệt, thẩm định đã làm: { $count }
digest-overdue-reports = • Mô hình chưa báo cáo kỳ { $period }: { $count }
digest-overdue-tasks = • Việc đã quá hạn còn chưa xong:
digest-overdue-task-line = – { $task } (hạn { $due }): { $detail }
digest-overdue-none = • Không có việc nào quá hạn.
digest-next-deadlines = Hạn sắp tới:
digest-deadline-line = • { $due } ({ $days ->
    [0] hôm nay
   *[other] còn { $days } ngày
  }): { $task }
digest-no-deadlines = Kế hoạch không còn hạn nào phía trước.
digest-footer = Xem chi tiết: /tonghop

## Theo dõi mô hình sau biểu dương (jobs/follow-up.ts)
reminder-follow-up-title = 🌱 Báo cáo duy trì mô hình { $code }: { $title }
reminder-follow-up-body = Mô hình được biểu dương theo quyết định ngày { $honoured }; đến nay đã { $months } tháng. Đề nghị anh/chị báo cáo tình hình duy trì, phát huy của mô hình.
reminder-follow-up-footer = Gửi báo cáo bằng lệnh /baocao, chậm nhất ngày { $by }.
digest-follow-up-overdue = • Mô hình đã biểu dương quá hạn báo cáo duy trì: { $count }
digest-follow-up-line = – { $code }: { $title } ({ $months } tháng sau biểu dương ngày { $honoured })
