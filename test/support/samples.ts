/**
 * Sample data several test files check against or start from; no database behind it, so unit
 * tests may use it too.
 */

/** The four fields (lĩnh vực) of every shipped campaign template, by code, in their order. */
export const FIELD_CODES = ['economy', 'culture-society', 'defence-security', 'political-system'];

/** A complete, valid registration as `registrationSchema` takes it (a 2012 model of a commune). */
export const REGISTRATION = {
  title: 'Dân vận khéo trong xây dựng nông thôn mới',
  ownerKind: 'collective',
  ownerName: 'Hội Nông dân xã Bình An',
  unitId: '0123456789abcdef01234567',
  field: 'economy',
  targetLevel: 'grassroots',
  situation: 'Đường giao thông nông thôn xuống cấp.',
  goals: 'Bê tông hóa 3 km đường trong năm.',
  content: 'Vận động nhân dân hiến đất, góp công.',
  area: 'Ấp Hòa Hiệp',
  beneficiaries: '320 hộ dân',
  forces: 'Chi hội nông dân ấp',
  resources: 'Ngân sách và xã hội hóa',
  startDate: '2012-01-01',
  evaluationDate: '2013-06-30',
  outputs: '3 km đường bê tông',
  indicators: [{ name: 'Chiều dài đường', unit: 'km', target: 3 }],
  sustainability: 'Tổ tự quản duy tu hằng năm',
};
