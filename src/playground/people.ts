import type { RoleName } from '../domain/permissions.ts';

/**
 * The demo people. The first four can be chosen on the page; the others only own the seeded
 * models of other units (the bot may still write to them: their chats are kept, just not shown).
 * Telegram ids are far above real ones handed out today, so they are recognisable in the data.
 */
export interface DemoPerson {
  key: string;
  telegramId: number;
  name: string;
  role: RoleName | null;
  /** Unit code (see src/templates) where the role is granted. */
  unitCode: string | null;
  /** Shown in the identity switcher. */
  label: { vi: string; en: string };
  selectable: boolean;
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    key: 'cadre',
    telegramId: 9_100_000_001,
    name: 'Nguyễn Thị Lan',
    role: 'cadre',
    unitCode: 'kg-ct-binh-an',
    label: {
      vi: 'Cán bộ · Xã Bình An (huyện Châu Thành, điểm chỉ đạo)',
      en: 'Cadre · Bình An commune (Châu Thành, the pilot district)',
    },
    selectable: true,
  },
  {
    key: 'coordinator',
    telegramId: 9_100_000_002,
    name: 'Trần Văn Minh',
    role: 'coordinator',
    unitCode: 'kg-chau-thanh',
    label: {
      vi: 'Ban Chỉ đạo · Huyện Châu Thành',
      en: 'Steering Committee · Châu Thành district',
    },
    selectable: true,
  },
  {
    key: 'board',
    telegramId: 9_100_000_003,
    name: 'Lê Hoàng Phúc',
    role: 'board',
    unitCode: 'kg',
    label: {
      vi: 'Ban Chỉ đạo tỉnh · Tỉnh Kiên Giang',
      en: 'Provincial Steering Committee · Kiên Giang',
    },
    selectable: true,
  },
  {
    key: 'newcomer',
    telegramId: 9_100_000_004,
    name: 'Phạm Văn Tâm',
    role: null,
    unitCode: null,
    label: { vi: 'Người mới · chưa có vai trò', en: 'Newcomer · no role yet' },
    selectable: true,
  },
  {
    key: 'cadre-giuc-tuong',
    telegramId: 9_100_000_101,
    name: 'Võ Thị Hoa',
    role: 'cadre',
    unitCode: 'kg-ct-giuc-tuong',
    label: { vi: 'Cán bộ · Xã Giục Tượng', en: 'Cadre · Giục Tượng commune' },
    selectable: false,
  },
  {
    key: 'cadre-minh-luong',
    telegramId: 9_100_000_102,
    name: 'Đặng Minh Khoa',
    role: 'cadre',
    unitCode: 'kg-ct-minh-luong',
    label: { vi: 'Cán bộ · Thị trấn Minh Lương', en: 'Cadre · Minh Lương town' },
    selectable: false,
  },
  {
    key: 'cadre-rach-gia',
    telegramId: 9_100_000_103,
    name: 'Huỳnh Thị Mai',
    role: 'cadre',
    unitCode: 'kg-rach-gia',
    label: { vi: 'Cán bộ · Thành phố Rạch Giá', en: 'Cadre · Rạch Giá city' },
    selectable: false,
  },
  {
    key: 'cadre-hon-dat',
    telegramId: 9_100_000_104,
    name: 'Lâm Văn Sang',
    role: 'cadre',
    unitCode: 'kg-hon-dat',
    label: { vi: 'Cán bộ · Huyện Hòn Đất', en: 'Cadre · Hòn Đất district' },
    selectable: false,
  },
];

export function demoPerson(telegramId: number): DemoPerson | undefined {
  return DEMO_PEOPLE.find((p) => p.telegramId === telegramId);
}
