import { shown } from './fixtures.ts';
import type { Person } from './telegram.ts';

/** The typed answers of /dangky a test may replace (with markup, say): the ones shown again later. */
export interface RegistrationTexts {
  title: string;
  ownerName: string;
  situation: string;
  /** The first indicator's name. */
  indicator: string;
}

export const REGISTRATION_TEXTS: RegistrationTexts = {
  title: 'Tổ tự quản "Xóm đạo bình yên"',
  ownerName: 'Chi hội Phụ nữ ấp Bình Lợi',
  situation: 'Rác thải sinh hoạt đổ ra kênh, gây ô nhiễm và dịch bệnh.',
  indicator: 'Số hộ tham gia',
};

/**
 * Answers every question of /dangky with valid input, tapping where buttons are expected.
 * `beforeReplication` answers any part a test's form table adds after sustainability; `texts`
 * replaces some typed answers, and `afterIndicator` runs once the indicator's name is sent.
 */
export async function fillRegistration(
  p: Person,
  beforeReplication?: () => Promise<void>,
  opts: { texts?: Partial<RegistrationTexts>; afterIndicator?: () => void | Promise<void> } = {},
) {
  const t = { ...REGISTRATION_TEXTS, ...opts.texts };
  await p.send(t.title);
  await p.tap('Tập thể');
  await p.send(t.ownerName);
  await p.send('binh an'); // search, accents optional
  await p.tap('Xã Bình An');
  await p.tap('Văn hóa');
  await p.tap('Cơ sở');
  await p.send(t.situation);
  await p.send('Đến hết năm 2027, 100% hộ phân loại rác tại nguồn.');
  await p.send('Họp dân từng xóm, mỗi tổ tự quản phân công người nhắc nhở.');
  await p.send('Ấp Bình Lợi');
  await p.send('120 hộ dân ấp Bình Lợi');
  await p.send('Chi hội Phụ nữ chủ trì, Đoàn Thanh niên phối hợp');
  await p.send('Hội viên góp ngày công, xã hỗ trợ thùng rác');
  await p.send(shown(4));
  await p.send(shown(368));
  await p.send('Sổ theo dõi, hình ảnh trước và sau');
  await p.send(t.indicator);
  await opts.afterIndicator?.();
  await p.send('hộ');
  await p.send('120');
  await p.tap('Xong');
  await p.send('Duy trì qua tổ tự quản, nhân rộng sang ấp khác');
  await beforeReplication?.();
  await p.tap('Bỏ qua');
}
