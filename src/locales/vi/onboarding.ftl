# /start, invites, access requests, language
start-no-role = Xin chào! Đây là trợ lý phong trào thi đua <b>"Dân vận khéo"</b>.
    Để tham gia, bạn cần <b>mã mời</b> từ Ban Chỉ đạo (hoặc cán bộ dân vận) đơn vị mình: mở đường link mời, hoặc gõ mã mời vào đây (10 ký tự, ví dụ K7MP2QXR9T).
    Chưa có mã? Bấm nút dưới đây để gửi yêu cầu tham gia tới Ban Chỉ đạo đơn vị.
start-request-access-button = 🙋 Gửi yêu cầu tham gia
start-welcome-back = Chào {$name}!
invite-ok = ✅ Mã mời hợp lệ: bạn tham gia với vai trò <b>{$role}</b> tại {$unit}.
invite-malformed = Mã mời gồm 10 ký tự chữ và số (ví dụ K7MP2QXR9T). Vui lòng kiểm tra lại.
invite-unknown = Mã mời không đúng hoặc đã bị thu hồi. Hãy hỏi lại người đã gửi mã cho bạn.
invite-expired = Mã mời đã hết hạn. Hãy xin một mã mới từ Ban Chỉ đạo đơn vị.
invite-used-up = Mã mời đã được dùng hết lượt. Hãy xin một mã mới từ Ban Chỉ đạo đơn vị.
invite-already-used = Bạn đã dùng mã mời này rồi.
invite-not-allowed = Chỉ thành viên Ban Chỉ đạo (điều phối) và quản trị mới tạo được mã mời.
invite-ask-unit = Tạo mã mời cho đơn vị nào?
invite-ask-role = Mời vào {$unit} với vai trò gì?
invite-created = ✅ Mã mời vai trò {$role} tại {$unit}:
    {$link}
    Mã: {$code} · dùng được {$uses} lần · hết hạn sau {$days} ngày.
    Gửi đường link này cho người được mời; mã chỉ hiện một lần.
onboarding-ask-language = Chọn ngôn ngữ / Choose your language:
onboarding-ask-name = Tên hiển thị trên hồ sơ, báo cáo của bạn là gì? Dùng tên Telegram "{$name}" hay gõ họ tên đầy đủ (2–120 ký tự).
onboarding-use-name = Dùng "{$name}"
onboarding-later = Đã tạm dừng. Gõ /start để hoàn tất khi thuận tiện.
onboarding-done = Cảm ơn, <b>{$name}</b>! Bạn đã sẵn sàng. Gõ /help để xem những việc có thể làm.
access-no-units = Chưa có đơn vị nào được thiết lập. Vui lòng liên hệ quản trị.
access-ask-unit = Bạn muốn tham gia <b>đơn vị</b> nào? Chạm vào tên để chọn, ▸ để xem đơn vị trực thuộc, hoặc gõ một phần tên để tìm.
access-ask-name = Họ tên của bạn (để Ban Chỉ đạo nhận biết), 2–120 ký tự:
access-confirm = Gửi yêu cầu tham gia <b>{$unit}</b> với tên <b>{$name}</b>?
access-notify-coordinator = 🙋 Yêu cầu tham gia: <b>{$name}</b> (Telegram id {$id}) xin tham gia {$unit} với vai trò cán bộ.
access-approve = ✅ Đồng ý
access-deny = ✖️ Từ chối
access-request-sent = ✅ Đã gửi yêu cầu tới Ban Chỉ đạo {$unit}. Bạn sẽ nhận tin khi được duyệt.
access-request-nobody = Đã lưu yêu cầu, nhưng {$unit} chưa có thành viên Ban Chỉ đạo nào dùng bot. Hãy liên hệ trực tiếp để xin mã mời.
access-request-duplicate = Bạn đã có một yêu cầu đang chờ duyệt ở {$unit}.
access-request-gone = Đơn vị này không còn tồn tại.
access-already-decided = Yêu cầu này đã được xử lý.
access-approved-coordinator = Đã chấp thuận: {$name} là cán bộ của {$unit}.
access-denied-coordinator = Đã từ chối yêu cầu của {$name} ({$unit}).
access-approved-requester = ✅ Yêu cầu tham gia {$unit} đã được chấp thuận. Gõ /start để bắt đầu.
access-denied-requester = Yêu cầu tham gia {$unit} chưa được chấp thuận. Bạn có thể liên hệ Ban Chỉ đạo đơn vị để biết thêm.
language-ask = Chọn ngôn ngữ / Choose your language:
language-set = Đã chuyển sang tiếng Việt.
