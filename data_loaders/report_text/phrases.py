"""The phrase tables of the report-text extractor, compiled once.

Every pattern runs on the folded view of a sentence (see
:mod:`data_loaders.report_text.folding`): lowercase, no diacritics, ``đ`` →
``d``, punctuation kept. Field and theme phrases are built from the shared
vocabulary (``data_loaders/reference/vocab``) plus the few extra spellings below that
only make sense inside running prose.
"""

from __future__ import annotations

import re
from functools import cache

from data_loaders.reference import vocabulary
from data_loaders.reference.text import fold_key

# --------------------------------------------------------------------------- count nouns
# What a number counts, read right after it ("371 mô hình", "6 tập thể").
NOUN = re.compile(
    r"""\s*(?:
      (?P<subject_all>(?:luot\s+)?tap\s+the\s*(?:,|va|-|–|/)\s*ca\s+nhan)
    | (?P<any>(?:luot\s+)?(?:mo\s+hinh|mh)\s*(?:,|va|-|–|/|&)\s*(?:guong\s+)?dien\s+hinh)
    | (?P<model>(?:luot\s+)?mo\s+hinh)
    | (?P<exemplar>(?:luot\s+)?(?:(?:tam\s+)?guong\s+dien\s+hinh|dien\s+hinh)|tam\s+guong
        |guong(?=\s+(?:ca\s+nhan|tap\s+the|tieu\s+bieu|sang|nguoi\s+tot)))
    | (?P<collective>(?:luot\s+)?tap\s+the)
    | (?P<individual>(?:luot\s+)?ca\s+nhan)
    | (?P<entry>bai\s+du\s+thi|bai\s+thi|bai\s+viet|tac\s+pham|doi\s+du\s+thi|doi\s+thi|doi
        |san\s+pham\s+du\s+thi)
    | (?P<author>(?:nhom\s+)?tac\s+gia)
    | (?P<prize>giai(?:\s+thuong)?
        (?!\s+(?:phap|quyet|phong|ngan|thich|trinh|toa|cuu|dap|tri|doan|the\s+thao|dau))
        (?:\s+(?P<grade>nhat|nhi|ba|tu|a|b|c|dac\s+biet|khuyen\s+khich|phu|trien\s+vong))?)
    | (?P<award>bang\s+khen|giay\s+khen)
    )\b""",
    re.VERBOSE,
)
# The same nouns anywhere, for "Số tập thể đăng ký: 168" (noun before the number).
NOUN_BEFORE = re.compile(NOUN.pattern.replace(r"\s*(?:", r"\b(?:", 1), re.VERBOSE)
NOUN_FAMILY = {
    "subject_all": "subject",
    "collective": "subject",
    "individual": "subject",
    "any": "model",
    "model": "model",
    "exemplar": "model",
    "entry": "entry",
    "author": "author",
    "prize": "prize",
    "award": "award",
}
# "mô hình tập thể" / "điển hình cá nhân": the subject follows the noun.
SUBJECT_SUFFIX = re.compile(r"\s+(tap\s+the|ca\s+nhan)\b")
# "6 tập thể ... điển hình": the kind follows a subject noun.
KIND_SUFFIX = re.compile(r"\s+(?:[\w]+\s+){0,2}?(dien\s+hinh|mo\s+hinh)\b")

# --------------------------------------------------------------------------- stage cues
NOMINATE = re.compile(
    r"(?<!theo )(?<!co so )\b(?:de\s+nghi|de\s+xuat)\b(?!\s+cua)"
    r"|\bdang\s+ky\s+(?:xet\s+)?(?:cong\s+nhan|khen\s+thuong)\b"
    r"|\bxet\s+chon\s+gui\b|\btham\s+gia\s+xet\b"
    r"|\btrinh\s+(?:ubnd|uy\s+ban|ban|cap\s+tren|chu\s+tich|hoi\s+dong|thuong\s+truc)\b"
    r"|\bgioi\s+thieu\b(?=[^.;]{0,80}\bxet\b)"
    r"|\bde\s+(?:[\w#]+\s+){0,8}?xet\s+(?:cong\s+nhan|khen\s+thuong|tang)\b"
    # "được lựa chọn tham gia biểu dương cấp tỉnh": put forward to a higher level's honours
    r"|\btham\s+gia\s+(?:hoi\s+nghi\s+)?(?:bieu\s+duong|tuyen\s+duong|ton\s+vinh)\s+"
    r"(?:[\w#]+\s+){0,4}?cap\s+(?:tinh|thanh\s+pho|trung\s+uong|tw|toan\s+quoc)\b"
)
COMMEND = re.compile(
    r"\b(?:khen\s+thuong|bang\s+khen|giay\s+khen|tang\s+thuong|khen\s+tang"
    r"|(?:nhan|trao|tang|xet\s+tang)\s+giai\s+thuong)\b"
)
RECOGNIZE = re.compile(
    r"\b(?:cong\s+nhan|bieu\s+duong|tuyen\s+duong|vinh\s+danh|ton\s+vinh|binh\s+chon"
    r"|chung\s+nhan|dat\s+danh\s+hieu)\b"
)
# Implementing the movement or a plan ("qua 15 năm thực hiện phong trào") registers nothing.
REGISTER = re.compile(
    r"\b(?:dang\s+ky|xay\s+dung|trien\s+khai|thuc\s+hien|duy\s+tri|phat\s+trien|ra\s+mat"
    r"|hinh\s+thanh|tiep\s+nhan|van\s+hanh)\b(?<!trong\sthuc\shien)(?<!trong\sviec\sthuc\shien)"
    r"(?!(?:\s+(?:thuc\s+hien|trien\s+khai))?\s+(?:phong\s+trao|ke\s+hoach|nghi\s+quyet|chi\s+thi"
    r"|huong\s+dan|de\s+an|chuong\s+trinh|cuoc\s+van\s+dong|ket\s+luan|cong\s+van)\b)"
)
# Registration by collectives/individuals ("181 tập thể ... đăng ký").
ENROL = re.compile(r"\b(?:dang\s+ky|tham\s+gia(?:\s+thuc\s+hien|\s+xay\s+dung)?)\b")
APPRAISE = re.compile(
    r"\b(?:khao\s+sat|tham\s+dinh|kiem\s+tra|tham\s+quan|hoc\s+tap\s+kinh\s+nghiem|giam\s+sat)\b"
)
REPLICATE = re.compile(r"\bnhan\s+rong\b")
ATTEND = re.compile(r"\b(?:tham\s+du|den\s+du|du\s+hoi\s+nghi|dai\s+bieu|khach\s+moi)\b")
TARGET = re.compile(
    r"\b(?:phan\s+dau|chi\s+tieu|muc\s+tieu|du\s+kien|ke\s+hoach\s+dat|it\s+nhat|toi\s+thieu"
    r"|binh\s+quan|trung\s+binh|se\s+(?:xay\s+dung|dang\s+ky|thuc\s+hien|trien\s+khai)"
    r"|moi\s+(?:nam|xa|phuong|thi\s+tran|co\s+quan|don\s+vi|chi\s+bo|doan\s+the|to\s+chuc"
    r"|dia\s+phuong|huyen|ap|thon|ban))\b"
)
DELTA_BEFORE = re.compile(r"\b(?:tang|giam|nhieu\s+hon|it\s+hon|vuot)(?:\s+len)?\s*$")
DELTA_AFTER = re.compile(r"\bso\s+voi\b|\bso\s+cung\s+ky\b")
EFFECTIVE = re.compile(r"\bhieu\s+qua\b")
# A purpose or stage that makes a count something else than a tally.
NOT_A_TALLY_AFTER = re.compile(
    r"\b(?:de|nham)\s+(?:[\w]+\s+){0,4}?nhan\s+rong\b|\bdu\s+kien\b|\bse\s+duoc\b"
)
ENTRY_PRIZED = re.compile(r"\b(?:dat\s+giai|trao\s+giai|doat\s+giai|gianh\s+giai|duoc\s+giai)\b")
ENTRY_STAGE = re.compile(r"\b(?:vong\s+(?:so\s+khao|chung\s+khao|chung\s+ket)|lot\s+vao)\b")
CONTEST = re.compile(
    r"\b(?:cuoc\s+thi|hoi\s+thi|du\s+thi|ban\s+giam\s+khao|trao\s+giai|giai\s+thuong"
    r"|giai\s+(?:nhat|nhi|ba|a|b|c|khuyen\s+khich))\b"
)
# Movements other than "Dân vận khéo" whose figures reports mention alongside.
OTHER_MOVEMENT = re.compile(
    r"\b(?:(?:ngay\s+)?vi\s+nguoi\s+ngheo|toan\s+dan\s+doan\s+ket|doi\s+song\s+van\s+hoa"
    r"|gia\s+dinh\s+van\s+hoa|khu\s+dan\s+cu\s+van\s+hoa|qcdc|quy\s+che\s+dan\s+chu"
    r"|dan\s+chu\s+o?\s*co\s+so|dan\s+van\s+(?:cua\s+)?chinh\s+quyen|chung\s+suc\s+xay\s+dung"
    r"|hoc\s+tap\s+va\s+lam\s+theo|nha\s+dai\s+doan\s+ket|nguoi\s+tot\s+viec\s+tot"
    r"|ngay\s+hoi\s+dai\s+doan\s+ket|dai\s+doan\s+ket\s+toan\s+dan\s+toc"
    r"|bao\s+ve\s+an\s+ninh\s+to\s+quoc"
    r"|(?:thuc\s+hien|trien\s+khai)\s+(?:nghi\s+quyet|chi\s+thi|ket\s+luan|quy\s+dinh))\b"
)
# Words that start another clause: a movement named after them is not the item's.
CLAUSE_OPENER = re.compile(
    r"\b(?:tren\s+co\s+so|dong\s+thoi|qua\s+do|tu\s+do|ngoai\s+ra|ben\s+canh\s+do|sau\s+do"
    r"|tiep\s+do|ban\s+chi\s+dao|ban\s+thuong\s+vu|ubnd|uy\s+ban\s+nhan\s+dan)\b"
)
# Other emulation drives a whole article may be about (checked on the document as a whole).
OTHER_DRIVE = re.compile(
    r"\b(?:thi\s+dua\s+yeu\s+nuoc|loi\s+keu\s+goi\s+thi\s+dua|dien\s+hinh\s+tien\s+tien"
    r"|thi\s+dua\s+ai\s+quoc)\b"
)
# An event held to honour exemplars ("Hội nghị … biểu dương các điển hình “Dân vận khéo”").
HONOURING_EVENT = re.compile(
    r"\b(?:bieu\s+duong|tuyen\s+duong|ton\s+vinh|vinh\s+danh)\s+(?:cac\s+|nhung\s+)?"
    r"(?:tap\s+the\s*(?:,|va)?\s*ca\s+nhan\s+)?(?:guong\s+)?dien\s+hinh\b"
)
MODEL_WORD = re.compile(r"\b(?:mo\s+hinh|dien\s+hinh)\b")
DVK = re.compile(r"\bdan\s+van\s+kheo\b|\bdvk\b")
# Stock figures ("đến nay", "hiện có"): the period ends at the report date.
STOCK = re.compile(
    r"\b(?:den\s+nay|hien\s+nay|hien\s+co|hien\s+tai|den\s+thoi\s+diem\s+nay|tinh\s+den)\b"
)
# Separators between the items of a sentence.
DELIMITER = re.compile(
    r"[,;:()|]|\s-\s|\bva\b|\bcung\b|\btrong\s+do\b|\bbao\s+gom\b|\bgom\b|\bcu\s+the\b"
    r"|\btrong\s+so\s+do\b|\bdong\s+thoi\b"
)
# Separators that open a breakdown of the previous figure.
CHILD_OPENER = re.compile(
    r"\btrong\s+do\b|\bbao\s+gom\b|\bgom\b|\bcu\s+the\b|\btrong\s+so\s+do\b|\bchia\s+ra\b|\("
)
SENTENCE_CHILD_OPENER = re.compile(r"^[\s\-–•+*]*(?:trong\s+do|cu\s+the|gom|bao\s+gom)\b")
BULLET = re.compile(r"^\s*(?:[-–•+*]|[a-zđ]\)|\d{1,2}[.)])\s")
QUOTED = re.compile(r"“[^”]{1,200}”|\"[^\"]{1,200}\"|‘[^’]{1,200}’")

# --------------------------------------------------------------------------- levels
CENTRAL_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
_UNIT = r"(?P<unit>tinh|thanh\s+pho|tp|huyen|quan|thi\s+xa|xa|phuong|thi\s+tran)"
LEVEL_CUES = re.compile(
    rf"\bcap\s+(?P<cap>trung\s+uong|tw|toan\s+quoc|tinh|thanh\s+pho|tp|huyen|quan|thi\s+xa"
    rf"|xa|phuong|thi\s+tran|co\s+so)\b"
    rf"|\b(?P<central>ban\s+dan\s+van\s+trung\s+uong|trung\s+uong\s+(?:doan|hoi|mat\s+tran)"
    rf"|thu\s+tuong(?:\s+chinh\s+phu)?|chu\s+tich\s+nuoc|bo\s+chinh\s+tri"
    rf"|bo\s+(?:cong\s+an|quoc\s+phong|noi\s+vu))\b"
    rf"|\b(?P<committee>tinh\s+uy|thanh\s+uy|huyen\s+uy|quan\s+uy|thi\s+uy)\b"
    # the youth union's committees: "Huyện đoàn", "Tỉnh đoàn" (not "tỉnh đoàn kết")
    rf"|\b(?P<youth>tinh|thanh|huyen|quan|thi)\s+doan\b(?!\s+(?:ket|vien|the|thanh\s+nien))"
    rf"|\bdang\s+uy\s+(?:cac\s+)?(?P<party>xa|phuong|thi\s+tran)\b"
    rf"|\b(?P<base>(?:cap\s+uy|dang\s+uy|dang\s+bo|chi\s+bo|to\s+chuc\s+dang)\s+co\s+so)\b"
    rf"|\b(?:ubnd|uy\s+ban\s+nhan\s+dan|hdnd|hoi\s+dong\s+nhan\s+dan|ban\s+thuong\s+vu"
    rf"|ban\s+dan\s+van|mat\s+tran(?:\s+to\s+quoc)?(?:\s+viet\s+nam)?|mttq(?:\s+viet\s+nam)?"
    rf"|dang\s+uy\s+khoi(?:\s+(?:cac\s+)?co\s+quan)?(?:\s+(?:va\s+)?doanh\s+nghiep)?"
    rf"|(?:hoi\s+dong|ban)\s+thi\s+dua(?:\s*[-–]?\s*khen\s+thuong)?"
    # bodies named by their kind and the tier of their unit ("Công an tỉnh")
    rf"|cong\s+an|(?:bo|ban)\s+chi\s+huy\s+quan\s+su|lien\s+doan\s+lao\s+dong"
    rf"|hoi\s+(?:nong\s+dan|lien\s+hiep\s+phu\s+nu|cuu\s+chien\s+binh)"
    rf"|ban\s+chi\s+dao(?:[^,;.]{{0,90}}?)?)\s+(?:cac\s+)?{_UNIT}\b"
)
CITY_UNITS = frozenset({"thanh pho", "tp"})
# "cấp quận, huyện, thị xã": a list of units after "cấp" is one level.
_LIST_UNIT = r"(?:tinh|thanh\s+pho|tp|huyen|quan|thi\s+xa|xa|phuong|thi\s+tran|co\s+so)"
LEVEL_LIST = re.compile(rf"\bcap\s+{_LIST_UNIT}(?:\s*(?:,|/|va)\s*{_LIST_UNIT}\b)+")

# --------------------------------------------------------------------------- periods
YEAR = r"(?:19[89]\d|20[0-4]\d)"
PERIOD_RANGE = re.compile(
    rf"(?<![\d/.])(?P<a>{YEAR})\s*(?:-|–|—|(?:den|toi)(?:\s+(?:het|cuoi))?(?:\s+nam)?)\s*"
    rf"(?P<b>{YEAR})(?![\d/])"
)
PERIOD_SINCE = re.compile(
    rf"\btu\s+(?:nam\s+)?(?P<a>{YEAR})\s*(?:,\s*)?(?:den|toi)\s+"
    rf"(?:nay|hien\s+nay|thoi\s+diem\s+nay|nam\s+nay)\b"
)
# "Từ năm 2021 đến tháng 6/2024": a period ending with a month.
PERIOD_TO_MONTH = re.compile(
    rf"\btu\s+(?:(?:dau\s+)?nam\s+)?(?P<a>{YEAR})\s*(?:,\s*)?(?:den|toi)\s+(?:het\s+|cuoi\s+)?"
    rf"(?:thang\s+)?(?P<m>\d{{1,2}})\s*/\s*(?P<b>{YEAR})\b"
)
# "Từ khi phát động phong trào (…) đến nay": since the movement was launched (2009).
PERIOD_SINCE_LAUNCH = re.compile(
    r"\b(?:ke\s+)?tu\s+khi\s+(?:[\w#]+\s+){0,6}?(?:phat\s+dong|trien\s+khai|thuc\s+hien)"
    r"(?:\s+thuc\s+hien)?\s+phong\s+trao\b(?:[^.;]{0,100}?\b(?:den|toi)\s+(?:nay|hien\s+nay)\b)?"
)
PERIOD_MONTHS = re.compile(
    r"\b(?P<n>\d{1,2}|sau|chin|ba|mot)\s+thang\s+(?:(?P<part>dau|cuoi)(?:\s+nam)?"
    rf"(?:\s+(?P<y>{YEAR}))?|nam\s+(?P<y2>{YEAR}))\b"
)
# "tháng 10/2023", "tháng 10 năm 2023": one month.
PERIOD_MONTH = re.compile(
    rf"(?<!\d/)\bthang\s+(?P<m>\d{{1,2}})\s*(?:/|-|\s+nam\s+)(?P<y>{YEAR})\b(?![\d/])"
)
# "trong 2 năm 2023 và 2024": the years counted, listed.
PERIOD_LISTED_YEARS = re.compile(
    rf"\b(?P<n>\d|hai|ba)\s+nam\s*(?:\(\s*)?(?:nam\s+)?(?P<a>{YEAR})\s*(?:,|va)\s*"
    rf"(?:nam\s+)?(?P<b>{YEAR})\b"
)
# "năm 2023 và 6 tháng đầu năm 2024": a year and the first months of the next.
PERIOD_YEAR_AND_MONTHS = re.compile(
    rf"\bnam\s+(?P<a>{YEAR})\s*(?:va|,)\s*(?P<n>\d{{1,2}}|sau|chin|ba)\s+thang\s+dau"
    rf"\s+nam\s+(?P<b>{YEAR})\b"
)
PERIOD_QUARTER = re.compile(
    rf"\bquy\s+(?P<q>iv|i{{1,3}}|[1-4])(?:\s*/\s*|\s+(?:nam\s+)?)(?P<y>{YEAR})\b"
)
PERIOD_YEAR = re.compile(rf"(?<![\d/.])(?<!tu\s)\bnam\s+(?P<y>{YEAR})\b(?![\d/])")
# "năm nay", "năm qua" — but "những năm qua" (the past years) states no period.
PERIOD_THIS_YEAR = re.compile(r"(?<!nhung )(?<!cac )(?<!nhieu )\bnam\s+(?:nay|qua)\b")
PERIOD_YEARS = re.compile(
    r"\b(?:qua|sau|trong|sau\s+hon|hon|tong\s+ket|so\s+ket)\s+(?P<n>\d{1,2}|hai|ba|bon|nam|muoi)"
    r"\s+nam\b(?!\s+(?:ngay|thanh\s+lap|lien|truyen\s+thong))"
)
# "5 năm qua" (but not "những năm qua", which states no period).
PERIOD_YEARS_PAST = re.compile(
    r"(?<!nhung )(?<!cac )\b(?P<n>\d{1,2}|hai|ba|bon|nam|muoi)\s+nam\s+qua\b"
)
# What "sau N năm thực hiện …" counts from: a dated plan or resolution, or the movement.
DOCUMENT_DATE = re.compile(
    rf"\b(?:ke\s+hoach|nghi\s+quyet|chi\s+thi|huong\s+dan|de\s+an|chuong\s+trinh|ket\s+luan)\b"
    rf"[^.;]{{0,60}}?\bngay\s+\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*(?P<y>{YEAR})\b"
)
# After a date: the document issued that day ("ngày 12/4/2009, Ban Thường vụ Tỉnh ủy ban hành
# Chỉ thị số 15 …").
ISSUED_AFTER = re.compile(r"[^.;]{0,80}?\bban\s+hanh\b")
MOVEMENT_NAMED = re.compile(
    r"^\s*(?:(?:trien\s+khai|thuc\s+hien|phat\s+dong|xay\s+dung)\s*(?:,|va)?\s*)*"
    r"(?:phong\s+trao|\W*dan\s+van\s+kheo)"
)
STOCK_DATE = re.compile(
    rf"\btinh\s+(?:den|toi)\s+(?:(?:het\s+)?ngay\s+)?(?:\d{{1,2}}/)?(?:thang\s+)?\d{{1,2}}/(?P<y>{YEAR})\b"
)
NOT_PERIOD_BEFORE = re.compile(
    r"(?:\bso\s+voi|\bso\s+cung\s+ky|(?<!tinh\s)\bden|(?<!tinh\s)\btoi|\btruoc|\bphan\s+dau)"
    r"(?:\s+(?:cuoi|het|dau))?\s*$"
)
ANNIVERSARY_BEFORE = re.compile(
    r"(?:ky\s+niem|thanh\s+lap|truyen\s+thong|ngay\s+thanh\s+lap)[^.;]{0,60}$"
)
DATE = re.compile(
    rf"\b\d{{1,2}}/\d{{1,2}}/(?P<y>{YEAR})\b|\bngay\s+\d{{1,2}}\s+thang\s+\d{{1,2}}\s+nam\s+(?P<y2>{YEAR})\b"
)
SPELLED_SMALL = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "chin": 9, "muoi": 10}


# --------------------------------------------------------------------------- fields, themes
def phrase_regex(key: str) -> str:
    """Regex for a folded phrase whose words may be joined by spaces, dashes or commas.

    >>> bool(re.fullmatch(phrase_regex("quoc phong an ninh"), "quoc phong, an ninh"))
    True
    """
    return r"[\s\-–—,/&.]+(?:va\s+)?".join(re.escape(token) for token in key.split())


# Spellings that only work in running prose, not as a cell value (folded key → id).
EXTRA_FIELD_SPELLINGS = {
    "xay dung dang xay dung he thong chinh tri": "political_system",
    "xay dung dang he thong chinh tri": "political_system",
    "xay dung dang va he thong chinh tri": "political_system",
    "xay dung dang": "political_system",
    "linh vuc quoc phong": "defense_security",
    "linh vuc van hoa": "culture_society",
    "quoc phong va an ninh": "defense_security",
    "an ninh va quoc phong": "defense_security",
    "van hoa va xa hoi": "culture_society",
    "an ninh chinh tri": "defense_security",
    "an ninh trat tu": "defense_security",
    "trat tu an toan xa hoi": "defense_security",
    "an ninh chinh tri trat tu an toan xa hoi": "defense_security",
    "quoc phong quan su dia phuong": "defense_security",
}
EXTRA_THEME_SPELLINGS = {
    "chinh trang": "urban",
    "hien dai hoa do thi": "urban",
    "do thi van minh": "urban",
    "phong chong dich": "covid",
    "phong chong dich benh covid 19": "covid",
    "dong bao co dao": "other",
    "vung dong bao co dao": "other",
    "ton giao": "other",
    "chuc sac": "other",
    "chuc viec": "other",
    "dong bao dan toc thieu so": "other",
    "vung dong bao dan toc thieu so": "other",
    "dan toc thieu so": "other",
    "dtts": "other",
    # named groups and faiths: models of a named group (ethnic minorities, religions)
    "dong bao dan toc": "other",
    "dong bao cac dan toc": "other",
    "vung dong bao dan toc": "other",
    "dong bao khmer": "other",
    "dong bao cham": "other",
    "dong bao hoa": "other",
    "dong bao mong": "other",
    "dong bao theo dao": "other",
    "dong bao cong giao": "other",
    "cong giao": "other",
    "phat giao": "other",
    "giao dan": "other",
    "tin do": "other",
    "bao hiem y te": "other",
    "bao hiem xa hoi": "other",
    "bhyt": "other",
    "bhxh": "other",
}
# Spellings too short or too general to trust inside prose.
_UNSAFE = frozenset({"kt", "bk", "gk", "khac", "khong", "tong", "tat ca"})


def _vocab_phrases(dimension: str, extra: dict[str, str]) -> dict[str, str]:
    skip_ids = {"all", "none", "other"} if dimension == "field" else {"none"}
    english = {fold_key(t.label_en) for t in vocabulary.terms()[dimension].values()} | {
        fold_key(t.id) for t in vocabulary.terms()[dimension].values()
    }
    phrases = {
        key: term_id
        for key, term_id in vocabulary.spellings()[dimension].items()
        if term_id not in skip_ids and key not in english and key not in _UNSAFE
    }
    phrases.update({key: term_id for key, term_id in extra.items()})
    return phrases


@cache
def field_phrases() -> dict[str, str]:
    """Folded spelling → field id, longest first (vocabulary + prose extras)."""
    phrases = _vocab_phrases("field", EXTRA_FIELD_SPELLINGS)
    return dict(sorted(phrases.items(), key=lambda kv: -len(kv[0])))


@cache
def theme_phrases() -> dict[str, str]:
    """Folded spelling → theme id, longest first (vocabulary + prose extras)."""
    phrases = _vocab_phrases("theme", EXTRA_THEME_SPELLINGS)
    phrases.pop("chu de khac", None)
    return dict(sorted(phrases.items(), key=lambda kv: -len(kv[0])))


@cache
def field_regex() -> re.Pattern[str]:
    """One pattern for every field spelling; "kinh tế - xã hội" (socio-economic) is not one."""
    body = "|".join(phrase_regex(key) for key in field_phrases())
    return re.compile(
        rf"\b(?:{body})\b(?<!kinh te)|\bkinh\s+te\b(?![\s\-–—]*(?:-\s*)?xa\s+hoi)",
    )


@cache
def theme_regex() -> re.Pattern[str]:
    """One pattern for every theme spelling (Covid-19 with or without "-19")."""
    body = "|".join(phrase_regex(key) for key in theme_phrases())
    return re.compile(
        rf"\b(?:phong[\s,]*chong\s+(?:dich(?:\s+benh)?\s+)?covid(?:[\s-]*19)?"
        rf"|phong[\s,]*chong\s+dich(?:\s+benh)?|covid(?:[\s-]*19)?|{body})\b"
    )


FIELD_LIST_GAP = re.compile(r"^[\s,;\-–—/&]*(?:(?:va|hoac|cung|linh\s+vuc)\s+)*[\s,;\-–—/&]*$")
ALL_FIELDS = re.compile(r"\b(?:cac|tat\s+ca\s+cac|ca\s+4|ca\s+bon|4|bon)\s+linh\s+vuc\b")


def field_id(phrase: str) -> str | None:
    """Field id of a matched phrase ("Văn hóa – Xã hội" → culture_society).

    >>> field_id("Văn hóa – Xã hội"), field_id("xây dựng Đảng, xây dựng hệ thống chính trị")
    ('culture_society', 'political_system')
    """
    key = fold_key(phrase)
    try:
        return vocabulary.categorise("field", key)
    except vocabulary.UnknownTerm:
        pass
    key = key.removeprefix("linh vuc ")
    found = field_phrases().get(key) or field_phrases().get("linh vuc " + key)
    if found is None and key.startswith("kinh te"):
        return "economy"
    return found


def theme_id(phrase: str) -> str | None:
    """Theme id of a matched phrase ("phòng, chống dịch Covid-19" → covid).

    >>> theme_id("phòng, chống dịch Covid-19"), theme_id("xây dựng nông thôn mới")
    ('covid', 'new_rural')
    """
    key = fold_key(phrase)
    if "covid" in key or key.startswith("phong chong dich"):
        return "covid"
    try:
        return vocabulary.categorise("theme", key)
    except vocabulary.UnknownTerm:
        return theme_phrases().get(key)
