# Chọn phong trào trong /tonghop, /xuat, /duyet; phong trào đã kết thúc chỉ để xem
cp-pick-none-running = Hiện không có phong trào nào đang diễn ra. Chọn phong trào để xem (phong trào đã kết thúc chỉ xem, không sửa):
cp-pick-title = Chọn phong trào:
cp-button-other = 🗂 Phong trào khác
cp-state-running = đang diễn ra
cp-state-upcoming = chưa bắt đầu
cp-state-ended = đã kết thúc
cp-state-closed = đã đóng
cp-read-only = { $why ->
        [closed] 📕 Phong trào “{ $name }” đã đóng: chỉ xem.
       *[other] 📕 Phong trào “{ $name }” đã kết thúc ngày { $end }: số liệu tính đến ngày đó, chỉ xem.
    }
cp-stale = Nút này không còn dùng được; gõ lại lệnh.
