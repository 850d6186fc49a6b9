"""Phrase parts for synthetic model and exemplar names (``dvk demo``).

Names are composed from realistic parts: a model head phrase by field (with the
theme it implies), an optional qualifier, owner organisations, hamlet names and
Vietnamese personal names. Everything here is plain data; the composition is
vectorised in :mod:`data_loaders.demo.models`.
"""

from __future__ import annotations

from data_loaders.reference.text import clean_text, fold_key

# (field, theme, head phrase). Theme "none" means no particular theme.
MODEL_HEADS: tuple[tuple[str, str, str], ...] = (
    # economy
    ("economy", "new_rural", "Vận động nhân dân hiến đất làm đường giao thông nông thôn"),
    ("economy", "none", "Hỗ trợ hội viên phát triển kinh tế hộ gia đình"),
    ("economy", "none", "Tổ hợp tác trồng rau an toàn"),
    ("economy", "new_rural", "Vận động nhân dân chuyển đổi cơ cấu cây trồng, vật nuôi"),
    ("economy", "none", "Xây dựng thương hiệu sản phẩm OCOP"),
    ("economy", "none", "Hội viên giúp nhau giảm nghèo bền vững"),
    ("economy", "none", "Tiết kiệm vì phụ nữ nghèo"),
    ("economy", "none", "Chi hội nghề nghiệp nuôi trồng thủy sản"),
    ("economy", "none", "Liên kết sản xuất lúa chất lượng cao"),
    ("economy", "new_rural", "Dồn điền đổi thửa, xây dựng cánh đồng lớn"),
    ("economy", "none", "Ngân hàng bò giúp hộ nghèo"),
    ("economy", "none", "Vườn mẫu, vườn chuẩn nông thôn mới"),
    ("economy", "digital", "Hỗ trợ nông dân bán nông sản trên sàn thương mại điện tử"),
    ("economy", "land", "Vận động nhân dân bàn giao mặt bằng thực hiện dự án"),
    ("economy", "none", "Hợp tác xã kiểu mới gắn với chuỗi giá trị"),
    ("economy", "none", "Tổ vay vốn tín dụng chính sách"),
    ("economy", "covid", "Giải cứu nông sản cho bà con trong mùa dịch Covid-19"),
    # culture and society
    ("culture_society", "environment", "Tổ tự quản vệ sinh môi trường"),
    ("culture_society", "new_rural", "Tuyến đường hoa nông thôn mới"),
    ("culture_society", "none", "Ngôi nhà nhân ái"),
    ("culture_society", "new_rural", "Thắp sáng đường quê"),
    ("culture_society", "environment", "Phân loại rác thải sinh hoạt tại nguồn"),
    ("culture_society", "none", "Câu lạc bộ gia đình hạnh phúc"),
    ("culture_society", "none", "Bữa cơm nghĩa tình cho người bệnh"),
    ("culture_society", "none", "Tủ sách cộng đồng khu dân cư"),
    ("culture_society", "urban", "Tuyến phố văn minh đô thị"),
    ("culture_society", "urban", "Vận động nhân dân chỉnh trang đô thị, trả lại vỉa hè"),
    ("culture_society", "environment", "Chống rác thải nhựa"),
    ("culture_society", "none", "Nuôi heo đất tiếp sức học sinh đến trường"),
    ("culture_society", "none", "Câu lạc bộ dân ca, dân vũ"),
    ("culture_society", "covid", "Túi an sinh hỗ trợ người dân khó khăn do dịch Covid-19"),
    ("culture_society", "covid", "Vận động nhân dân tiêm vắc xin phòng Covid-19"),
    ("culture_society", "none", "Đỡ đầu trẻ em mồ côi"),
    ("culture_society", "none", "Xây dựng gia đình 5 không, 3 sạch"),
    # defence and security
    ("defense_security", "none", "Camera an ninh khu dân cư"),
    ("defense_security", "none", "Tổ tự quản an ninh trật tự"),
    ("defense_security", "none", "Khu dân cư an toàn về an ninh trật tự"),
    ("defense_security", "none", "Tổ liên gia tự quản"),
    ("defense_security", "none", "Điểm chữa cháy công cộng"),
    ("defense_security", "none", "Tiếng kẻng an ninh"),
    ("defense_security", "none", "Dòng họ không có người vi phạm pháp luật"),
    ("defense_security", "none", "Xứ, họ đạo bình yên"),
    ("defense_security", "none", "Tổ hòa giải ở cơ sở"),
    ("defense_security", "none", "Ngày hội toàn dân bảo vệ an ninh Tổ quốc"),
    ("defense_security", "none", "Phòng, chống ma túy tại cộng đồng"),
    ("defense_security", "none", "Dân quân tự vệ giúp dân"),
    ("defense_security", "none", "Cột mốc biên giới, biển đảo do nhân dân tự quản"),
    ("defense_security", "digital", "Zalo an ninh trật tự khu dân cư"),
    # building the political system
    ("political_system", "digital", "Dân vận khéo trong chuyển đổi số"),
    ("political_system", "none", "Cán bộ, đảng viên gần dân, sát dân"),
    ("political_system", "none", "Chi bộ gắn với nhân dân"),
    ("political_system", "none", "Tiếp công dân và đối thoại trực tiếp với nhân dân"),
    ("political_system", "none", "Dân vận chính quyền"),
    ("political_system", "none", "Nâng cao chất lượng sinh hoạt chi bộ"),
    ("political_system", "none", "Mỗi đảng viên gắn với một hộ gia đình"),
    ("political_system", "none", "Một cửa thân thiện"),
    ("political_system", "digital", "Tổ công nghệ số cộng đồng"),
    ("political_system", "digital", "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến"),
    ("political_system", "land", "Dân vận khéo trong giải phóng mặt bằng"),
    ("political_system", "new_rural", "Dân vận khéo trong xây dựng nông thôn mới"),
    ("political_system", "none", "Cải cách hành chính vì nhân dân phục vụ"),
    ("political_system", "none", "Đảng viên nêu gương, dân tin theo"),
    ("political_system", "none", "Nghe dân nói, nói dân hiểu, làm dân tin"),
)

# Optional qualifiers appended to a head, with the fields they suit ("" means none).
FIELDS = ("economy", "culture_society", "defense_security", "political_system")
MODEL_SUFFIXES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("", 0.58, FIELDS),
    (" gắn với xây dựng nông thôn mới", 0.07, ("economy", "culture_society", "political_system")),
    (" ở khu dân cư", 0.08, ("culture_society", "defense_security")),
    (" trong đồng bào dân tộc thiểu số", 0.05, FIELDS),
    (" trong đồng bào có đạo", 0.04, ("culture_society", "defense_security", "political_system")),
    (
        " gắn với cuộc vận động “Toàn dân đoàn kết xây dựng đời sống văn hóa”",
        0.05,
        ("culture_society", "defense_security"),
    ),
    (" của hội viên phụ nữ", 0.04, ("economy", "culture_society")),
    (" trong đoàn viên thanh niên", 0.04, FIELDS),
    (" của cựu chiến binh", 0.03, ("economy", "defense_security")),
    (" nơi biên giới", 0.02, ("defense_security",)),
)
# Some names are written with the word "Mô hình" in front.
MODEL_PREFIXES: tuple[tuple[str, float], ...] = (("", 0.8), ("Mô hình ", 0.2))

# Role phrases for exemplars, by field.
EXEMPLAR_ROLES: dict[str, tuple[str, ...]] = {
    "economy": (
        "điển hình trong phát triển kinh tế hộ gia đình",
        "nông dân sản xuất, kinh doanh giỏi",
        "gương mặt tiêu biểu trong vận động hiến đất làm đường",
        "điển hình giúp nhau thoát nghèo",
    ),
    "culture_society": (
        "điển hình trong công tác an sinh xã hội",
        "người tiêu biểu trong xây dựng đời sống văn hóa",
        "gương sáng hiếu học, khuyến học",
        "điển hình trong bảo vệ môi trường",
    ),
    "defense_security": (
        "điển hình trong giữ gìn an ninh trật tự",
        "người có uy tín trong đồng bào dân tộc thiểu số",
        "tổ trưởng tổ tự quản tiêu biểu",
        "điển hình trong phòng, chống tội phạm",
    ),
    "political_system": (
        "đảng viên gương mẫu, gần dân",
        "cán bộ dân vận khéo ở cơ sở",
        "bí thư chi bộ tiêu biểu",
        "điển hình trong thực hiện quy chế dân chủ ở cơ sở",
    ),
}

# Organisations owning models: commune-level (followed by the commune's type and name).
COMMUNE_ORGS: tuple[str, ...] = (
    "Hội Phụ nữ",
    "Hội Nông dân",
    "Hội Cựu chiến binh",
    "Đoàn Thanh niên",
    "Ủy ban Mặt trận Tổ quốc",
    "Đảng ủy",
    "Ủy ban nhân dân",
    "Công an",
    "Ban Chỉ huy Quân sự",
    "Hội Người cao tuổi",
)
# Hamlet-level organisations (followed by the hamlet word and name).
HAMLET_ORGS: tuple[str, ...] = (
    "Chi bộ",
    "Chi hội Phụ nữ",
    "Chi hội Nông dân",
    "Chi hội Cựu chiến binh",
    "Chi đoàn",
    "Ban Công tác Mặt trận",
    "Tổ hòa giải",
    "Tổ tự quản",
)
# District-level organisations (followed by the district's type and name).
DISTRICT_ORGS: tuple[str, ...] = (
    "Ban Dân vận",
    "Ủy ban Mặt trận Tổ quốc",
    "Hội Phụ nữ",
    "Hội Nông dân",
    "Đoàn Thanh niên",
    "Công an",
    "Ủy ban nhân dân",
    "Hội Cựu chiến binh",
)
HAMLET_NAMES: tuple[str, ...] = (
    *(str(i) for i in range(1, 13)),
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Thượng",
    "Hạ",
    "Tân Lập",
    "Đồng Tâm",
    "Thống Nhất",
    "Quyết Tiến",
    "Hòa Bình",
    "Tân Thành",
    "Phú Lợi",
    "An Hòa",
    "Bình An",
    "Đoàn Kết",
    "Hưng Thịnh",
    "Na Hang",
    "Cốc Lồng",
)

# Personal names (surname frequencies roughly as in the population).
SURNAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 0.38),
    ("Trần", 0.11),
    ("Lê", 0.095),
    ("Phạm", 0.07),
    ("Hoàng", 0.04),
    ("Huỳnh", 0.02),
    ("Phan", 0.045),
    ("Vũ", 0.025),
    ("Võ", 0.02),
    ("Đặng", 0.02),
    ("Bùi", 0.02),
    ("Đỗ", 0.014),
    ("Hồ", 0.013),
    ("Ngô", 0.013),
    ("Dương", 0.01),
    ("Lý", 0.005),
    ("Đinh", 0.01),
    ("Trịnh", 0.008),
    ("Mai", 0.007),
    ("Lò", 0.005),
    ("Hà", 0.008),
    ("Triệu", 0.005),
)
MIDDLE_MALE: tuple[str, ...] = ("Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Công", "Thanh")
MIDDLE_FEMALE: tuple[str, ...] = ("Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng")
GIVEN_MALE: tuple[str, ...] = (
    "Hùng",
    "Dũng",
    "Hưng",
    "Tuấn",
    "Sơn",
    "Thắng",
    "Hải",
    "Long",
    "Nam",
    "Phong",
    "Cường",
    "Bình",
    "Quân",
    "Trung",
    "Thành",
    "Hòa",
    "Lộc",
    "Tiến",
    "Khánh",
    "Vinh",
    "Đạt",
    "Hiếu",
    "Toàn",
    "Chiến",
    "Tùng",
)
GIVEN_FEMALE: tuple[str, ...] = (
    "Lan",
    "Hương",
    "Hoa",
    "Mai",
    "Hạnh",
    "Nga",
    "Thảo",
    "Huyền",
    "Linh",
    "Phương",
    "Hằng",
    "Yến",
    "Dung",
    "Loan",
    "Trang",
    "Vân",
    "Thủy",
    "Nhung",
    "Liên",
    "Oanh",
    "Hiền",
    "Thơm",
    "Duyên",
    "Nhàn",
    "Tuyết",
)


def piece(text: str) -> str:
    """NFC text of a name part, keeping one leading/trailing space that joins it to a neighbour."""
    if not text.strip():
        return ""
    lead = " " if text.startswith(" ") else ""
    trail = " " if text.endswith(" ") else ""
    return lead + clean_text(text) + trail


def heads() -> tuple[tuple[str, str, str], ...]:
    """Model heads as (field, theme, NFC phrase)."""
    return tuple((f, t, clean_text(p)) for f, t, p in MODEL_HEADS)


def weighted(parts: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    """Split (text, weight) pairs into name parts and normalised weights."""
    total = sum(w for _, w in parts)
    return [piece(t) for t, _ in parts], [w / total for _, w in parts]


def suffixes_by_head() -> tuple[list[str], list[list[float]]]:
    """Qualifier parts and, per model head, their normalised weights (a qualifier suits
    some fields and never repeats words of its head: no "khu dân cư ở khu dân cư")."""
    texts = [piece(t) for t, _, _ in MODEL_SUFFIXES]
    endings = [" ".join(fold_key(t).split()[-2:]) for t in texts]
    weights = []
    for field, _, head in heads():
        head_key = fold_key(head)
        row = [
            w if field in fields and not (end and end in head_key) else 0.0
            for (_, w, fields), end in zip(MODEL_SUFFIXES, endings)
        ]
        weights.append([w / sum(row) for w in row])
    return texts, weights
