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
    unitCode: 'ag-binh-an',
    label: {
      vi: 'Cán bộ · Xã Bình An (tỉnh An Giang)',
      en: 'Cadre · Bình An commune (An Giang)',
    },
    selectable: true,
  },
  {
    key: 'coordinator',
    telegramId: 9_100_000_002,
    name: 'Trần Văn Minh',
    role: 'coordinator',
    unitCode: 'ag-binh-an',
    label: {
      vi: 'Ban Chỉ đạo · Xã Bình An',
      en: 'Steering Committee · Bình An commune',
    },
    selectable: true,
  },
  {
    key: 'board',
    telegramId: 9_100_000_003,
    name: 'Lê Hoàng Phúc',
    role: 'board',
    unitCode: 'ag',
    label: {
      vi: 'Ban Chỉ đạo tỉnh · Tỉnh An Giang',
      en: 'Provincial Steering Committee · An Giang',
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
    key: 'cadre-chau-thanh',
    telegramId: 9_100_000_101,
    name: 'Võ Thị Hoa',
    role: 'cadre',
    unitCode: 'ag-chau-thanh',
    label: { vi: 'Cán bộ · Xã Châu Thành', en: 'Cadre · Châu Thành commune' },
    selectable: false,
  },
  {
    key: 'cadre-vinh-thuan',
    telegramId: 9_100_000_102,
    name: 'Đặng Minh Khoa',
    role: 'cadre',
    unitCode: 'ag-vinh-thuan',
    label: { vi: 'Cán bộ · Xã Vĩnh Thuận', en: 'Cadre · Vĩnh Thuận commune' },
    selectable: false,
  },
  {
    key: 'cadre-rach-gia',
    telegramId: 9_100_000_103,
    name: 'Huỳnh Thị Mai',
    role: 'cadre',
    unitCode: 'ag-rach-gia',
    label: { vi: 'Cán bộ · Phường Rạch Giá', en: 'Cadre · Rạch Giá ward' },
    selectable: false,
  },
  {
    key: 'cadre-hon-dat',
    telegramId: 9_100_000_104,
    name: 'Lâm Văn Sang',
    role: 'cadre',
    unitCode: 'ag-hon-dat',
    label: { vi: 'Cán bộ · Xã Hòn Đất', en: 'Cadre · Hòn Đất commune' },
    selectable: false,
  },
];

export function demoPerson(telegramId: number): DemoPerson | undefined {
  return DEMO_PEOPLE.find((p) => p.telegramId === telegramId);
}
