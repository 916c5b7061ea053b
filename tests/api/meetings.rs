//! Issue 16, point 5: an organiser records a meeting's result in a campaign; what it
//! said enters the draft as opinions received outside the portal from the Front, which
//! the agency answers like the others; the minutes are for the agency and the
//! organisers only.

use diesel::prelude::*;
use gopy::db::schema::{campaigns, front_meetings, received_opinions};
use reqwest::multipart::Part;

use crate::helpers::*;
use crate::on_both_databases;

/// A received opinion: its id, source, organisation and clause.
type Opinion = (i64, String, String, Option<i64>);

const CITY: &str = "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh";

fn text(s: &str) -> Part {
    Part::text(s.to_string())
}

fn minutes() -> Part {
    Part::bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec())
        .file_name("bien-ban-hop.pdf")
}

on_both_databases! {
    async fn a_meetings_opinions_reach_the_agency_as_the_fronts(app) {
        let campaign: i64 = app
            .with_db(|c| campaigns::table.filter(campaigns::title.eq("Cả Thành phố góp ý phân loại rác tại nguồn")).select(campaigns::id).first(c).unwrap())
            .await;
        let organiser = app.sign_in(&app.organiser(CITY).await).await;
        let page = format!("/quan-tri/chien-dich/{campaign}");
        let action = format!("{page}/hop-dan");
        let html = organiser.page(&page).await;
        assert!(html.contains("Kết quả hội nghị, họp dân"));
        assert!(html.contains("bien-ban-hop-ap-thanh-binh.pdf"), "the demo's meeting is listed");
        let today = gopy::domain::time::local_date(now()).format("%d/%m/%Y").to_string();

        // Nothing usable: each problem is named beside its field, nothing is stored.
        let r = organiser
            .post_multipart(&page, &action, vec![("ngay_hop", text("31/02/2026")), ("xa", text("")), ("so_nguoi", text("0")), ("dieu_khoan", text("")), ("y_kien", text("  "))])
            .await;
        assert_eq!(r.status(), 400);
        let html = r.text().await.unwrap();
        for message in ["Nhập ngày họp dạng ngày/tháng/năm", "Chọn xã, phường nơi họp.", "Nhập số người tham dự", "Nhập ít nhất một ý kiến", "Tải lên biên bản cuộc họp."] {
            assert!(html.contains(message), "{message}");
        }
        // A commune the campaign does not target is refused, and a file that is not a
        // document.
        let r = organiser
            .post_multipart(&page, &action, vec![("ngay_hop", text(&today)), ("xa", text("phuong-go-vap")), ("so_nguoi", text("30")), ("dieu_khoan", text("")), ("y_kien", text("Một ý kiến.")), ("bien_ban", minutes())])
            .await;
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("không thuộc địa bàn của chiến dịch"));
        let r = organiser
            .post_multipart(&page, &action, vec![("ngay_hop", text(&today)), ("xa", text("phuong-sai-gon")), ("so_nguoi", text("30")), ("dieu_khoan", text("")), ("y_kien", text("Một ý kiến.")), ("bien_ban", Part::bytes(b"hello".to_vec()).file_name("bien-ban.exe"))])
            .await;
        assert_eq!(r.status(), 400);
        let stored = app.with_db(|c| front_meetings::table.count().get_result::<i64>(c).unwrap()).await;
        assert_eq!(stored, 1, "only the demo's meeting");

        // A good one: two opinions, one on a clause and one on the whole draft.
        let r = organiser
            .post_multipart(&page, &action, vec![
                ("ngay_hop", text(&today)),
                ("xa", text("phuong-sai-gon")),
                ("so_nguoi", text("1.250")),
                ("tom_tat", text("Hội nghị tại nhà văn hóa khu phố 2.")),
                ("dieu_khoan", text("dieu-1")),
                ("y_kien", text("Khu phố đề nghị làm rõ phạm vi điều chỉnh đối với chợ truyền thống.")),
                ("dieu_khoan", text("")),
                ("y_kien", text("Đa số đồng ý với dự thảo.")),
                ("dieu_khoan", text("")),
                ("y_kien", text("")),
                ("bien_ban", minutes()),
            ])
            .await;
        assert_eq!(r.status(), 303);
        let location = r.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with(&page), "{location}");
        let html = organiser.page(&location).await;
        assert!(html.contains("Đã ghi nhận kết quả cuộc họp"));
        assert!(html.contains("1.250"));
        let (meeting, opinions): (i64, Vec<Opinion>) = app
            .with_db(|c| {
                let m: i64 = front_meetings::table.order(front_meetings::id.desc()).select(front_meetings::id).first(c).unwrap();
                let o = received_opinions::table
                    .filter(received_opinions::meeting_id.eq(m))
                    .order(received_opinions::id)
                    .select((received_opinions::id, received_opinions::source, received_opinions::organisation, received_opinions::section_id))
                    .load(c)
                    .unwrap();
                (m, o)
            })
            .await;
        assert_eq!(opinions.len(), 2);
        assert!(opinions.iter().all(|(_, source, org, _)| source == "fatherland_front" && org == CITY));
        assert!(opinions[0].3.is_some() && opinions[1].3.is_none(), "the clause, then the whole draft");

        // The agency sees them among the opinions received outside the portal, with the
        // minutes, and answers one like any other.
        let draft = app.draft_id("chat-thai-ran").await;
        let editor = app.sign_in(&app.staff("editor", Some("so-nong-nghiep-va-moi-truong")).await).await;
        let received = format!("/quan-tri/du-thao/{draft}/y-kien-khac");
        let html = editor.page(&received).await;
        assert!(html.contains("Khu phố đề nghị làm rõ phạm vi điều chỉnh đối với chợ truyền thống."));
        let minutes_path = format!("/quan-tri/hop-dan/{meeting}/bien-ban");
        assert!(html.contains(&minutes_path));
        let r = editor.get(&minutes_path).await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        assert_eq!(r.headers()["cache-control"], "private, no-store");
        let answer = gopy::paths::console::received_answer(draft, gopy::domain::ids::ReceivedOpinionId(opinions[1].0));
        let r = editor.post_form(&received, &answer, &[("hinh_thuc", "noted".into()), ("ly_do", "Ghi nhận sự đồng thuận của khu phố.".into())]).await;
        assert_eq!(r.status(), 303);
        let answered: Option<String> = app
            .with_db(move |c| received_opinions::table.find(opinions[1].0).select(received_opinions::disposition).first(c).unwrap())
            .await;
        assert_eq!(answered.as_deref(), Some("noted"));

        // The minutes are nobody else's: not the public's, not another commune's
        // organiser's (404, as for anything not theirs), not another agency's.
        assert_ne!(app.get(&minutes_path).await.status(), 200);
        let other = app.sign_in(&app.organiser("Ủy ban Mặt trận Tổ quốc Việt Nam phường Sài Gòn").await).await;
        assert_eq!(other.get(&minutes_path).await.status(), 404);
        let stranger = app.sign_in(&app.staff("editor", Some("so-giao-duc-va-dao-tao")).await).await;
        assert_eq!(stranger.get(&minutes_path).await.status(), 404);
        // Nor may they record a meeting in a campaign that is not theirs.
        let r = other.post_multipart("/quan-tri/chien-dich", &action, vec![("ngay_hop", text(&today))]).await;
        assert_eq!(r.status(), 404);
        // The public draft page shows none of the minutes.
        assert!(!app.page("/du-thao/chat-thai-ran").await.contains("bien-ban"));
    }
}
