use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::*;

/// A provincial decision laid out as they are published: heading block, legal bases,
/// enacting words, chapters with titles on the next line, articles, clauses, points past
/// đ), an inserted "Điều 5a.", then the signature block.
const DECISION: &str = "ỦY BAN NHÂN DÂN
THÀNH PHỐ HỒ CHÍ MINH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số:      /2026/QĐ-UBND

QUYẾT ĐỊNH
Quy định mức thu học phí năm học 2026 - 2027

Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;
Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15;
Theo đề nghị của Giám đốc Sở Giáo dục và Đào tạo.

QUYẾT ĐỊNH:

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quyết định này quy định mức thu học phí.

Điều 2. Đối tượng áp dụng
1. Trẻ em mầm non và học sinh phổ thông.
2. Cơ sở giáo dục công lập:
a) Trường mầm non;
b) Trường tiểu học;
c) Trường trung học cơ sở;
d) Trường trung học phổ thông;
đ) Trường phổ thông có nhiều cấp học;
e) Trường chuyên biệt;
g) Trung tâm giáo dục nghề nghiệp - giáo dục thường xuyên.

CHƯƠNG II: MỨC THU HỌC PHÍ

Mục 1
HỌC PHÍ THEO ĐỊA BÀN

Điều 5. Mức thu
1. Các phường: 300.000 đồng/học sinh/tháng.
2. Các xã và đặc khu:
- Xã: 200.000 đồng/học sinh/tháng;
- Đặc khu Côn Đảo: 100.000 đồng/học sinh/tháng.

Điều 5a. Mức thu đối với lớp học hai buổi/ngày
Mức thu bằng 1,2 lần mức quy định tại Điều 5 Quyết định này.

Chương 3
TỔ CHỨC THỰC HIỆN

Điều 6. Hiệu lực thi hành
Quyết định này có hiệu lực từ ngày 01 tháng 9 năm 2026.

Nơi nhận:
- Như Điều 6;
- Bộ Giáo dục và Đào tạo;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
(Đã ký)
";

fn find<'a>(doc: &'a ParsedDocument, anchor: &str) -> &'a ParsedSection {
    doc.flatten()
        .into_iter()
        .map(|(_, _, s)| s)
        .find(|s| s.anchor == anchor)
        .unwrap_or_else(|| panic!("no section {anchor}"))
}

fn non_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn a_decision_becomes_preamble_tree_and_signature() {
    let doc = parse(DECISION);
    assert!(doc.preamble.starts_with("ỦY BAN NHÂN DÂN"));
    assert!(
        doc.preamble
            .contains("Căn cứ Luật Tổ chức chính quyền địa phương")
    );
    assert!(doc.preamble.ends_with("QUYẾT ĐỊNH:"));
    assert!(doc.signature.starts_with("Nơi nhận:"));
    assert!(doc.signature.ends_with("(Đã ký)"));

    let chapters: Vec<_> = doc
        .sections
        .iter()
        .map(|s| (s.anchor.as_str(), s.title.as_str()))
        .collect();
    assert_eq!(
        chapters,
        [
            ("chuong-i", "QUY ĐỊNH CHUNG"),
            ("chuong-ii", "MỨC THU HỌC PHÍ"),
            ("chuong-3", "TỔ CHỨC THỰC HIỆN"),
        ]
    );
    assert_eq!(doc.count(SectionKind::Article), 5);
    assert_eq!(find(&doc, "dieu-2").title, "Đối tượng áp dụng");
    assert_eq!(
        find(&doc, "dieu-2-khoan-1").body,
        "Trẻ em mầm non và học sinh phổ thông."
    );
    assert_eq!(
        find(&doc, "dieu-2-khoan-2-diem-dd").body,
        "Trường phổ thông có nhiều cấp học;"
    );
    assert_eq!(
        find(&doc, "dieu-2-khoan-2-diem-d").body,
        "Trường trung học phổ thông;"
    );
    assert_eq!(find(&doc, "dieu-2-khoan-2-diem-g").number, "g");
    assert_eq!(find(&doc, "dieu-2-khoan-2").children.len(), 7);

    let section = find(&doc, "chuong-ii-muc-1");
    assert_eq!(section.title, "HỌC PHÍ THEO ĐỊA BÀN");
    assert_eq!(section.children.len(), 2, "both articles sit in Mục 1");
    assert_eq!(
        find(&doc, "dieu-5a").title,
        "Mức thu đối với lớp học hai buổi/ngày"
    );
    // Dashed sub-points stay in their clause's text.
    assert!(
        find(&doc, "dieu-5-khoan-2")
            .body
            .contains("- Đặc khu Côn Đảo")
    );
    // A reference to "Điều 5" inside a sentence is not a heading.
    assert!(
        find(&doc, "dieu-5a")
            .body
            .contains("tại Điều 5 Quyết định này")
    );
    assert_eq!(
        find(&doc, "dieu-6").body,
        "Quyết định này có hiệu lực từ ngày 01 tháng 9 năm 2026."
    );
}

#[test]
fn nothing_is_lost() {
    let doc = parse(DECISION);
    assert_eq!(
        non_space(&doc.reassemble()),
        non_space(&normalize(DECISION))
    );
}

#[test]
fn nfd_and_crlf_input_give_the_same_tree() {
    let nfd: String = DECISION.nfd().collect::<String>().replace('\n', "\r\n");
    assert_eq!(parse(&nfd), parse(DECISION));
    let with_bom = format!("\u{feff}{DECISION}");
    assert_eq!(parse(&with_bom), parse(DECISION));
}

#[test]
fn parts_and_roman_chapters_of_a_code() {
    let text = "BỘ LUẬT\n\nPhần thứ nhất\nNHỮNG QUY ĐỊNH CHUNG\n\nChương I. PHẠM VI\n\nĐiều 1. Phạm vi điều chỉnh\nBộ luật này quy định.\n\nPHẦN THỨ HAI: QUYỀN SỞ HỮU\n\nCHƯƠNG XIV\nQUY ĐỊNH CHUNG VỀ QUYỀN SỞ HỮU\n\nĐIỀU 158. Quyền sở hữu\n1. Quyền chiếm hữu.\n";
    let doc = parse(text);
    assert_eq!(doc.preamble, "BỘ LUẬT");
    assert_eq!(doc.sections.len(), 2);
    let p1 = &doc.sections[0];
    assert_eq!(
        (p1.anchor.as_str(), p1.number.as_str()),
        ("phan-thu-nhat", "thứ nhất")
    );
    assert_eq!(p1.title, "NHỮNG QUY ĐỊNH CHUNG");
    assert_eq!(p1.children[0].title, "PHẠM VI");
    assert_eq!(p1.children[0].children[0].anchor, "dieu-1");
    let p2 = &doc.sections[1];
    assert_eq!(p2.anchor, "phan-thu-hai");
    assert_eq!(p2.title, "QUYỀN SỞ HỮU");
    assert_eq!(p2.children[0].anchor, "chuong-xiv");
    assert_eq!(find(&doc, "dieu-158-khoan-1").body, "Quyền chiếm hữu.");
}

#[test]
fn an_article_without_clauses_may_hold_points() {
    let doc = parse("Điều 3. Nguyên tắc\nViệc thu phải:\na) Công khai;\nb) Minh bạch.\n");
    let a = find(&doc, "dieu-3");
    assert_eq!(a.body, "Việc thu phải:");
    assert_eq!(find(&doc, "dieu-3-diem-b").body, "Minh bạch.");
}

#[test]
fn numbered_lines_outside_articles_and_amounts_are_text() {
    let text =
        "Căn cứ:\n1. Luật A;\n2. Luật B.\nĐiều 1. Mức thu\n2.000.000 đồng/tháng.\n1.1. Tiểu mục\n";
    let doc = parse(text);
    assert!(doc.preamble.contains("1. Luật A;"));
    let a = find(&doc, "dieu-1");
    assert!(a.children.is_empty(), "{:?}", a.children);
    assert!(a.body.contains("2.000.000 đồng/tháng."));
    assert!(a.body.contains("1.1. Tiểu mục"));
}

#[test]
fn a_decision_issuing_a_regulation_keeps_anchors_unique() {
    let text = "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy định.\nĐiều 2. Hiệu lực.\nQUY ĐỊNH\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\n1. Khoản một.\n";
    let doc = parse(text);
    let anchors: Vec<_> = doc
        .flatten()
        .iter()
        .map(|(_, _, s)| s.anchor.clone())
        .collect();
    assert_eq!(
        anchors,
        [
            "dieu-1",
            "dieu-2",
            "chuong-i",
            "dieu-1-2",
            "dieu-1-2-khoan-1"
        ]
    );
}

#[test]
fn a_lookalike_eth_and_a_colon_still_make_an_article() {
    let doc = parse("Ðiều 7: Trách nhiệm\nNội dung.");
    assert_eq!(find(&doc, "dieu-7").title, "Trách nhiệm");
}

#[test]
fn text_without_structure_is_all_preamble() {
    let doc = parse("Thông báo\nVề việc lấy ý kiến.");
    assert!(doc.sections.is_empty());
    assert_eq!(doc.preamble, "Thông báo\nVề việc lấy ý kiến.");
    assert_eq!(parse("").sections.len(), 0);
}

#[test]
fn the_demo_drafts_parse_into_deep_trees() {
    // Read from the files rather than through `demo`, which sits above `parse`.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/demo/texts");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        seen += 1;
        let doc = parse(&text);
        assert!(doc.count(SectionKind::Article) >= 8, "{name}");
        assert!(doc.count(SectionKind::Clause) > 0, "{name}");
        assert!(
            !doc.preamble.is_empty() && !doc.signature.is_empty(),
            "{name}"
        );
        assert_eq!(
            non_space(&doc.reassemble()),
            non_space(&normalize(&text)),
            "{name}"
        );
        let anchors: std::collections::HashSet<_> = doc
            .flatten()
            .iter()
            .map(|(_, _, s)| s.anchor.clone())
            .collect();
        assert_eq!(
            anchors.len(),
            doc.flatten().len(),
            "{name}: anchors are unique"
        );
    }
    assert_eq!(seen, 4, "the four demo drafts");
}

/// Lines that look like the real thing, mixed with noise, so that the generator reaches
/// every branch of the parser.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-zÀ-ỹĐđ ,.;:()\\-–“”0-9]{0,40}",
        (1u32..200).prop_map(|n| format!("Điều {n}. Tiêu đề")),
        (1u32..200, "[a-zđ]?").prop_map(|(n, s)| format!("Điều {n}{s}.")),
        (1u32..30).prop_map(|n| format!("{n}. Khoản")),
        "[a-zđ]{1,2}\\) điểm",
        "(Chương|CHƯƠNG|Mục|Phần|PHẦN) ([IVX]{1,4}|[0-9]{1,2}|thứ nhất)[.:]? ?[A-ZĐ ]{0,12}",
        Just("Nơi nhận:".to_string()),
        Just("TM. ỦY BAN NHÂN DÂN".to_string()),
        Just(String::new()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_and_never_drops_a_character(lines in prop::collection::vec(line(), 0..60)) {
        let input = lines.join("\n");
        let doc = parse(&input);
        prop_assert_eq!(non_space(&doc.reassemble()), non_space(&normalize(&input)));
        let nfd: String = input.nfd().collect();
        prop_assert_eq!(parse(&nfd), doc);
    }

    #[test]
    fn arbitrary_text_never_panics(input in any::<String>()) {
        let doc = parse(&input);
        prop_assert_eq!(non_space(&doc.reassemble()), non_space(&normalize(&input)));
    }
}
