# Access request limits, deactivated people, closed campaigns, /nguoidung (people and invites)
access-request-too-many-person = Bạn đang có {$max} yêu cầu tham gia chờ duyệt. Hãy đợi Ban Chỉ đạo trả lời trước khi gửi thêm.
access-request-too-many-unit = {$unit} đang có quá nhiều yêu cầu chờ duyệt ({$max}). Vui lòng thử lại sau, hoặc liên hệ trực tiếp Ban Chỉ đạo để xin mã mời.
account-deactivated = Tài khoản của bạn đã bị tạm ngừng. Hãy liên hệ Ban Chỉ đạo đơn vị nếu cần dùng lại.
register-error-campaign-closed = Đợt thi đua này đã kết thúc: không nhận đăng ký mới. Bản nháp của bạn vẫn được giữ.
report-error-campaign-closed = Đợt thi đua này đã kết thúc: không nhận báo cáo mới. Bản nháp của bạn vẫn được giữ.
