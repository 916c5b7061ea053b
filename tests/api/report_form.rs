//! Issue 15, point 7: the synthesis report in the form of Decree 30/2020/NĐ-CP, the same
//! in its page, CSV and .docx: the parent body, the agency and its number line on the
//! left; the motto, the place and the date (with its leading zeros) on the right; the
//! columns the law names; the signer's title at the end.

use crate::helpers::*;

#[tokio::test]
async fn the_report_has_the_heading_and_columns_of_the_law() {
    let app = TestApp::builder(Backend::Sqlite).spawn().await.unwrap();
    let date = regex::Regex::new(
        r"Thành phố Hồ Chí Minh, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm 20\d\d",
    )
    .unwrap();
    let page = app.page("/du-thao/via-he/bao-cao").await;
    let csv = app
        .get("/du-thao/via-he/bao-cao.csv")
        .await
        .text()
        .await
        .unwrap();
    let docx = app
        .get("/du-thao/via-he/bao-cao.docx")
        .await
        .bytes()
        .await
        .unwrap();
    let docx = gopy::upload::docx_text(&docx).unwrap();
    for (name, text) in [("page", &page), ("csv", &csv), ("docx", &docx)] {
        for part in [
            "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
            "SỞ XÂY DỰNG THÀNH PHỐ HỒ CHÍ MINH",
            "Số:      /BC-SXD",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Điều, khoản, điểm",
            "Cơ quan, tổ chức, cá nhân góp ý",
            "Nội dung góp ý",
            "Kết quả tiếp thu",
            "Nội dung tiếp thu, giải trình",
        ] {
            assert!(text.contains(part), "{name}: {part}");
        }
        assert!(
            date.is_match(text),
            "{name}: the place and the date, with Decree 30's zeros"
        );
    }
    for (name, text) in [("page", &page), ("docx", &docx)] {
        assert!(text.contains("GIÁM ĐỐC"), "{name}: the signer's title");
    }
}
