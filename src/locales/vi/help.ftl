# /help and the fallback
help-no-role = Bạn chưa tham gia đơn vị nào. Gõ /start để nhập mã mời hoặc gửi yêu cầu tham gia.
help-title = <b>Trợ lý phong trào "Dân vận khéo"</b>
help-cadre = <b>Mô hình của bạn</b>
    /dangky – đăng ký mô hình mới
    /baocao – báo cáo tiến độ kèm minh chứng
    /mohinh – mô hình của tôi: tình trạng, báo cáo gần nhất, hạn tiếp theo
    /lichnhac – giai đoạn hiện tại và các hạn sắp tới
help-coordinator = <b>Ban Chỉ đạo đơn vị</b>
    /duyet – hàng chờ xem xét: đăng ký và báo cáo mới
    /tonghop – tổng hợp đơn vị (kèm biểu đồ)
    /xuat – xuất Excel
    /vanban – soạn văn bản Word: báo cáo sơ kết, tổng kết, danh sách đề nghị khen thưởng, danh sách mô hình
    /kiemtra – kiểm tra thực tế: các báo cáo được bốc thăm trong kỳ vừa qua, ghi kết quả chuyến kiểm tra
    /moi – tạo mã mời
    /nguoidung – mã mời còn hiệu lực và người trong phạm vi: thu hồi mã, tạm khóa tài khoản
help-board = <b>Ban Chỉ đạo tỉnh</b>
    /tonghop và /xuat cho toàn phong trào, lọc theo đơn vị, lĩnh vực, kỳ.
help-admin = <b>Quản trị</b>
    /admin – tình trạng gửi nhắc việc; thiết lập đơn vị, phong trào, vai trò bằng lệnh `npm run admin`.
help-always = <b>Lúc nào cũng dùng được</b>
    /huy – dừng biểu mẫu đang điền (giữ bản nháp)
    /tatnhac – tạm tắt nhắc việc đến một ngày
    /ngonngu – đổi ngôn ngữ
    /help – trợ giúp
fallback-unknown-command = Lệnh này không có. Gõ /help để xem các lệnh.
fallback-draft-waiting = Bạn có một biểu mẫu đang điền dở. Gõ {$command} để tiếp tục đúng chỗ đã dừng.
fallback-pointer = Mình chưa hiểu tin nhắn này. Đăng ký mô hình: /dangky · Báo cáo: /baocao · Mô hình của tôi: /mohinh · Trợ giúp: /help
fallback-no-role = Bạn chưa tham gia đơn vị nào. Gõ /start để bắt đầu.
