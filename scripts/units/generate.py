"""Writes a province's post-2025 unit tree and the old-to-new mapping of its units.

Sources (installed by generate.sh into a throwaway virtual environment, never a runtime
dependency of the bot):
  * vietnam-provinces: the 34 provinces and their commune-level units with official codes and
    kinds (xã, phường, đặc khu);
  * vietnamadminunits: the 2025 conversion data, from the last pre-2025 map (provinces, districts,
    communes) to the new one.

Usage: python generate.py <province name or official code> --prefix ag --out-dir src/templates
"""

import argparse
import json
import re
import sqlite3
import sys
import unicodedata
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import vietnam_provinces
import vietnamadminunits
from vietnam_provinces import Province, Ward


def fold(s: str) -> str:
    s = unicodedata.normalize('NFD', s).replace('đ', 'd').replace('Đ', 'D')
    return ''.join(ch for ch in s if unicodedata.category(ch) != 'Mn').lower()


def key(s: str) -> str:
    """The conversion data's key for a name: folded, letters and digits only ("Xã Vĩnh Thuận" -> xavinhthuan)."""
    return re.sub(r'[^a-z0-9]', '', fold(s))


def slug(s: str) -> str:
    return re.sub(r'[^a-z0-9]+', '-', fold(s)).strip('-')


KIND_PREFIX = re.compile(r'^(Tỉnh|Thành phố|Thị xã|Quận|Huyện|Thị trấn|Xã|Phường|Đặc khu)\s+', re.I)


def short(name: str) -> str:
    return KIND_PREFIX.sub('', name).strip()


def find_province(query: str) -> Province:
    provinces = list(Province.iter_all())
    if query.isdigit():
        for p in provinces:
            if int(p.code) == int(query):
                return p
    else:
        matches = [p for p in provinces if key(short(p.name)) == key(short(query))]
        if len(matches) == 1:
            return matches[0]
    names = ', '.join(sorted(short(p.name) for p in provinces))
    sys.exit(f'error: no province "{query}" among the {len(provinces)}: {names}')


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('province', help='name ("An Giang") or official code ("91")')
    ap.add_argument('--prefix', required=True, help='code prefix of our unit codes, e.g. ag')
    ap.add_argument('--out-dir', required=True)
    ap.add_argument('--stem', default=None, help='file name stem (default: the province slug)')
    args = ap.parse_args()
    if not re.fullmatch(r'[a-z0-9]+(-[a-z0-9]+)*', args.prefix):
        sys.exit('error: --prefix is lower-case letters, digits and dashes')

    prov = find_province(args.province)
    kind_of_province = prov.division_type.value
    prov_full = f'{"Tỉnh" if kind_of_province == "tỉnh" else "Thành phố"} {prov.name.removeprefix("Thành phố ")}'
    wards = sorted(Ward.iter_by_province(prov.code), key=lambda w: int(w.code))
    stem = args.stem or slug(short(prov.name))
    vp = f'vietnam-provinces {version("vietnam-provinces")} (data retrieved {vietnam_provinces.__data_version__})'
    vau = f'vietnamadminunits {version("vietnamadminunits")}'

    # --- the new tree -------------------------------------------------------------------------
    units = [
        {
            'code': args.prefix,
            'name': prov_full,
            'level': 'province',
            'parent': None,
            'kind': kind_of_province,
            'officialCode': f'{int(prov.code):02d}',
            'order': 0,
        }
    ]
    by_key: dict[str, dict] = {}
    used: set[str] = {args.prefix}
    for i, w in enumerate(wards, start=1):
        code = f'{args.prefix}-{slug(short(w.name))}'
        if code in used:  # two units of the same name: the official code tells them apart
            code = f'{code}-{int(w.code):05d}'
        used.add(code)
        u = {
            'code': code,
            'name': w.name,
            'level': 'commune',
            'parent': args.prefix,
            'kind': w.division_type.value,
            'officialCode': f'{int(w.code):05d}',
            'order': i,
        }
        units.append(u)
        by_key[key(w.name)] = u
    counts = Counter(u['kind'] for u in units[1:])
    tree = {
        'name': f'{prov_full} từ 01/07/2025: {len(wards)} đơn vị hành chính cấp xã ('
        + ', '.join(f'{n} {k}' for k, n in sorted(counts.items(), key=lambda x: -x[1]))
        + ')',
        'source': vp,
        'counts': {'commune-level': len(wards), **counts},
        'units': units,
    }
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tree_file = out / f'units-{stem}-2025.json'
    tree_file.write_text(json.dumps(tree, ensure_ascii=False, indent=1) + '\n', encoding='utf-8')

    # --- old (pre-2025) units to new ones --------------------------------------------------------
    data_dir = Path(vietnamadminunits.__file__).parent / 'data'
    conv = json.loads((data_dir / 'converter_2025.json').read_text(encoding='utf-8'))
    new_pkey = next((k for k in conv['DICT_PROVINCE'] if key(short(prov_full)) in k), None)
    if new_pkey is None or key(prov_full) != new_pkey:
        new_pkey = next((k for k in conv['DICT_PROVINCE'] if k.endswith(key(short(prov.name)))), None)
    if new_pkey is None:
        sys.exit(f'error: {vau} has no conversion for {prov_full}')
    old_pkeys = conv['DICT_PROVINCE'][new_pkey]
    whole: dict[str, str] = {}
    for new_wkey, olds in conv['DICT_PROVINCE_WARD_NO_DIVIDED'].get(new_pkey, {}).items():
        for o in olds:
            whole[o] = new_wkey
    divided = conv['DICT_PROVINCE_WARD_DIVIDED'].get(new_pkey, {})

    def target(new_wkey: str) -> str:
        u = by_key.get(key(new_wkey))
        if not u:
            sys.exit(f'error: the conversion names {new_wkey}, which {vp} lacks in {prov_full}')
        return u['code']

    db = sqlite3.connect(data_dir / 'dataset.db')
    old_provinces = []
    unmapped = []
    for opk in old_pkeys:
        rows = db.execute(
            'select province, provinceCode, district, districtCode, districtKey, ward, wardCode, wardKey'
            ' from admin_units_legacy where provinceKey = ? order by districtCode, wardCode',
            (opk,),
        ).fetchall()
        if not rows:
            sys.exit(f'error: {vau} has no old units of {opk}')
        districts: dict[str, dict] = {}
        for pname, pcode, dname, dcode, dkey, wname, wcode, wkey in rows:
            d = districts.setdefault(
                dkey, {'name': dname, 'officialCode': dcode, 'to': None, 'how': None, 'communes': []}
            )
            k3 = f'{opk}_{dkey}_{wkey}'
            c = {'name': wname, 'officialCode': wcode}
            if k3 in whole:
                c['to'] = [target(whole[k3])]
            elif k3 in divided:
                parts = divided[k3]
                c['to'] = [target(p['newWardKey']) for p in parts]
                c['suggested'] = next((target(p['newWardKey']) for p in parts if p['isDefaultNewWard']), None)
            else:
                c['to'] = []
                unmapped.append(f'{wname}, {dname}, {pname}')
            d['communes'].append(c)
        # A district is no longer a unit: it goes to the new unit that bears its name among those
        # its communes went to, else the one that took its seat (the thị trấn or first phường),
        # else the one that took most of its communes.
        for d in districts.values():
            targets = [t for c in d['communes'] for t in c['to'][:1] if len(c['to']) == 1]
            named = [t for t in targets if t.endswith('-' + slug(short(d['name'])))]
            seat = next(
                (c['to'][0] for c in d['communes'] if len(c['to']) == 1 and re.match(r'^(Thị trấn|Phường)', c['name'])),
                None,
            )
            if named:
                d['to'], d['how'] = named[0], 'name'
            elif seat:
                d['to'], d['how'] = seat, 'seat'
            elif targets:
                d['to'], d['how'] = Counter(targets).most_common(1)[0][0], 'most communes'
        old_provinces.append(
            {'name': rows[0][0], 'officialCode': rows[0][1], 'districts': list(districts.values())}
        )
    mapping = {
        'name': f'Đơn vị cũ (trước 01/07/2025) -> {prov_full} từ 01/07/2025',
        'source': f'{vau} (converter_2025, admin_units_legacy); new units: {vp}',
        'note': 'The old side is the last map before 1 July 2025; a commune with several "to" was'
        ' split and is left for a person to decide ("suggested" is the package\'s default).',
        'to': {'province': args.prefix, 'name': prov_full},
        'oldProvinces': old_provinces,
    }
    map_file = out / f'units-mapping-{stem}-2025.json'
    map_file.write_text(json.dumps(mapping, ensure_ascii=False, indent=1) + '\n', encoding='utf-8')

    print(f'{tree_file}: {prov_full}, {len(wards)} commune-level units: {dict(counts)}')
    for p in old_provinces:
        n = sum(len(d['communes']) for d in p['districts'])
        split = sum(1 for d in p['districts'] for c in d['communes'] if len(c['to']) > 1)
        print(f'{map_file}: {p["name"]}: {len(p["districts"])} districts, {n} communes, {split} split')
    for u in unmapped:
        print(f'  no new unit for {u}')


if __name__ == '__main__':
    main()
