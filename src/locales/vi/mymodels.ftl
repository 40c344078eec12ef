# /mohinh: my models
mymodels-empty = Bạn chưa đăng ký mô hình nào. Gõ /dangky để bắt đầu.
mymodels-no-report = chưa có
mymodels-title = <b>Mô hình của tôi</b> ({$count})
mymodels-line = {$icon} <b>{$code}</b> · {$title}
    {$status} · Báo cáo gần nhất: {$last} · Hạn tiếp theo: {$due}
mymodels-details = <b>{$code}</b> · {$title}
    Tình trạng: <b>{$status}</b>
    {$kind}: {$owner}
    Đơn vị: {$unit} · Lĩnh vực: {$field} · Cấp: {$level}
    Thời gian: {$start} → {$evaluation}
    Tiến độ: {$progress}% · Báo cáo gần nhất: {$last}
    Chỉ tiêu (đạt / mục tiêu):{$indicators}{$reason}
mymodels-return-reason = ↩️ {$label}: <i>{$reason}</i>
mymodels-button-report = 📊 Báo cáo tiến độ
mymodels-button-edit = ✏️ Sửa đăng ký
mymodels-button-withdraw = ⛔ Rút mô hình
mymodels-withdraw-confirm = Rút mô hình <b>{$code}</b> · {$title}? Sau khi rút, mô hình không còn được theo dõi và xét chọn.
mymodels-withdraw-yes = ⛔ Rút mô hình
mymodels-withdraw-kept = Đã giữ nguyên mô hình.
mymodels-withdrawn = Đã rút mô hình {$code}.
mymodels-withdraw-failed = Không rút được: mô hình đang ở tình trạng "{$status}".
