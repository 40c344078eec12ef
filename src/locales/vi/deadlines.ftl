# /lichnhac, /tatnhac, /admin
deadlines-phase = 📅 <b>Giai đoạn hiện tại</b>: { $name } ({ $start } – { $end })
deadlines-no-phase = 📅 Hiện không nằm trong giai đoạn nào của kế hoạch.
deadlines-none = Không còn hạn nào phía trước.
deadlines-line = • <b>{ $due }</b> ({ $days ->
    [0] hôm nay
   *[other] còn { $days } ngày
  }): { $title }
deadlines-snoozed = 🔕 Nhắc việc đang tắt đến hết ngày { $until } (nhắc đúng ngày hạn vẫn gửi). Bật lại: /tatnhac bat
snooze-usage = Tắt nhắc việc đến hết một ngày: /tatnhac 15/12/2026 (tối đa 90 ngày). Bật lại: /tatnhac bat. Nhắc đúng ngày hạn vẫn được gửi.
snooze-set = 🔕 Đã tắt nhắc việc đến hết ngày { $until }. Nhắc đúng ngày hạn vẫn được gửi.
snooze-cleared = 🔔 Đã bật lại nhắc việc.
snooze-invalid-day = Ngày không hợp lệ.
snooze-past = Ngày này đã qua.
snooze-too-far = Chỉ tắt được tối đa 90 ngày.
snooze-no-user = Bạn chưa bắt đầu dùng bot; gõ /start.
admin-no-failures = ✅ Không có nhắc việc nào gửi thất bại.
admin-failures-title = <b>Nhắc việc gửi thất bại</b> ({ $count } gần nhất):
admin-failure-line = • { $kind } → { $to } · hạn { $due } · { $attempts } lần thử · <i>{ $error }</i>
