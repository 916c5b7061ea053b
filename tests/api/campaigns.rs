//! Issue 16, point 2: an organiser starts a campaign on an open draft for their
//! organisation, takes it through its states, and prints its poster, whose QR code
//! (decoded here) carries the short link that leads to the draft once it has started.

use diesel::prelude::*;
use gopy::db::schema::{audit_log, campaigns};

use crate::helpers::*;
use crate::on_both_databases;

fn day(n: i64) -> String {
    (gopy::domain::time::local_date(now()) + chrono::Duration::days(n))
        .format("%d/%m/%Y")
        .to_string()
}

/// The text of the QR code in a PNG.
fn decode_qr(png: &[u8]) -> String {
    let img = image::load_from_memory(png).expect("a PNG").to_luma8();
    let (w, h) = img.dimensions();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
            img.get_pixel(x as u32, y as u32).0[0]
        });
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("a readable QR code").1
}

on_both_databases! {
    async fn an_organiser_runs_a_campaign_with_a_poster_whose_qr_code_leads_to_the_draft(app) {
        let draft = app.draft_id("chat-thai-ran").await;
        let organiser = app.sign_in(&app.organiser("Ủy ban Mặt trận Tổ quốc Việt Nam phường Sài Gòn").await).await;
        let (women, city) = app
            .with_db(|c| {
                let all = gopy::db::queries::front::all(c).unwrap();
                let id = |name: &str| all.iter().find(|o| o.name == name).unwrap().id.to_string();
                (
                    id("Hội Liên hiệp Phụ nữ phường Sài Gòn"),
                    id("Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh"),
                )
            })
            .await;

        // The list: the Women's Union's demo campaign (under their committee), not the
        // city's.
        let list = organiser.page("/quan-tri/chien-dich").await;
        assert!(list.contains("Phụ nữ phường Sài Gòn góp ý giá dịch vụ thu gom rác"));
        assert!(!list.contains("Cả Thành phố góp ý phân loại rác tại nguồn"));
        // Choosing the draft lists its clauses.
        let chosen = organiser.page(&format!("/quan-tri/chien-dich?du_thao={draft}")).await;
        assert!(chosen.contains("name=\"dieu_khoan\" value=\"dieu-1\""), "{chosen}");
        assert!(chosen.contains("Xã Cần Giờ – <strong>ưu tiên</strong>"), "priority communes are marked");
        // A draft not open for comments (the closed pavement draft): its clauses are not
        // listed, whatever id is typed.
        let closed = app.draft_id("via-he").await;
        let other = organiser.page(&format!("/quan-tri/chien-dich?du_thao={closed}")).await;
        assert!(!other.contains("name=\"dieu_khoan\""), "no clause of a draft that is not open");

        let good = vec![
            ("du_thao", draft.to_string()),
            ("to_chuc", women.clone()),
            ("tieu_de", "Hội viên phụ nữ góp ý phân loại rác".to_string()),
            ("muc_tieu", "Mỗi chi hội gửi ít nhất một ý kiến.".into()),
            ("chi_tieu", "200".into()),
            ("tu_ngay", day(0)),
            ("den_ngay", day(5)),
            ("kenh_lien_ket", "1".into()),
            ("kenh_hop", "1".into()),
            ("xa", "phuong-sai-gon".into()),
            ("dieu_khoan", "dieu-1".into()),
        ];
        let count = || app.with_db(|c| campaigns::table.count().get_result::<i64>(c).unwrap());
        let before = count().await;
        for (field, value, message) in [
            ("den_ngay", day(60), "phải nằm trong thời gian lấy ý kiến còn lại của dự thảo"),
            ("tu_ngay", day(-3), "phải nằm trong thời gian lấy ý kiến còn lại của dự thảo"),
            ("to_chuc", city.clone(), "Chọn tổ chức mà bạn làm việc cho"),
            ("tieu_de", "Rác".into(), "Ghi tên chiến dịch"),
            ("kenh_lien_ket", String::new(), "Chọn ít nhất một hình thức vận động."),
            ("dieu_khoan", "dieu-999".into(), "Chọn các điều, khoản trong danh sách"),
            ("xa", "xa-khong-co".into(), "Chọn các xã, phường, đặc khu trong danh sách"),
        ] {
            let mut form = with(good.clone(), field, &value);
            if field == "kenh_lien_ket" {
                form = with(form, "kenh_hop", "");
            }
            let resp = organiser.post_form("/quan-tri/chien-dich", "/quan-tri/chien-dich", &form).await;
            assert_eq!(resp.status(), 400, "{field}={value}");
            let html = resp.text().await.unwrap();
            assert!(html.contains(message), "{field}={value}: {message}");
        }
        assert_eq!(count().await, before, "nothing refused is made");

        let made = organiser.post_form("/quan-tri/chien-dich", "/quan-tri/chien-dich", &good).await;
        assert_eq!(made.status(), 303);
        let page = made.headers()["location"].to_str().unwrap().split('?').next().unwrap().to_string();
        let (id, code) = app
            .with_db(|c| campaigns::table.order(campaigns::id.desc()).select((campaigns::id, campaigns::code)).first::<(i64, String)>(c).unwrap())
            .await;
        assert_eq!(page, format!("/quan-tri/chien-dich/{id}"));
        let shown = organiser.page(&page).await;
        assert!(shown.contains("Đang chuẩn bị") && shown.contains(&format!("/v/{code}")));

        // The QR code carries the short link; the poster shows both.
        let png = organiser.get(&format!("{page}/ma-qr.png")).await;
        assert_eq!(png.status(), 200);
        assert_eq!(png.headers()["content-type"], "image/png");
        let link = decode_qr(&png.bytes().await.unwrap());
        assert!(link.starts_with("http") && link.ends_with(&format!("/v/{code}")), "{link}");
        let poster = organiser.page(&format!("{page}/ap-phich")).await;
        assert!(poster.contains(&link) && poster.contains("ma-qr.png") && poster.contains("Hội viên phụ nữ góp ý phân loại rác"));

        // Before it starts, the short link leads nowhere; then to the draft.
        assert_eq!(app.get(&format!("/v/{code}")).await.status(), 404);
        let step = |buoc: &'static str| {
            let (organiser, page) = (&organiser, page.clone());
            async move { organiser.post_form(&page, &format!("{page}/trang-thai"), &[("buoc", buoc.to_string())]).await }
        };
        let started = step("bat-dau").await;
        assert_eq!(started.status(), 303);
        assert!(organiser.page(&page).await.contains("Đang diễn ra"));
        let follow = app.get(&format!("/v/{code}")).await;
        assert_eq!(follow.status(), 303);
        assert_eq!(follow.headers()["location"], "/du-thao/chat-thai-ran");
        // Not a code, or no such one: 404 before or after a query.
        assert_eq!(app.get("/v/..%2F..").await.status(), 404);
        assert_eq!(app.get("/v/zzzzzzz").await.status(), 404);
        // Ended, it still leads to the draft; an ended campaign cannot be cancelled.
        assert_eq!(step("ket-thuc").await.status(), 303);
        assert_eq!(app.get(&format!("/v/{code}")).await.status(), 303);
        let refused = step("huy").await;
        assert!(refused.headers()["location"].to_str().unwrap().contains("khong-doi-duoc"));
        assert!(organiser.page(&page).await.contains("Đã kết thúc"));
        let audited = app
            .with_db(move |c| audit_log::table.filter(audit_log::action.like("campaign.%")).filter(audit_log::object_id.eq(id)).count().get_result::<i64>(c).unwrap())
            .await;
        assert_eq!(audited, 3, "created, started, ended");

        // Another commune's organiser does not know it exists; nor the city's campaign
        // for this one.
        let other = app.sign_in(&app.organiser("Ủy ban Mặt trận Tổ quốc Việt Nam xã Cần Giờ").await).await;
        for path in [page.clone(), format!("{page}/ma-qr.png"), format!("{page}/ap-phich")] {
            assert_eq!(other.get(&path).await.status(), 404, "{path}");
        }
        let refused = other.post_form("/quan-tri/chien-dich", &format!("{page}/trang-thai"), &[("buoc", "huy".to_string())]).await;
        assert_eq!(refused.status(), 404);
    }
}

on_both_databases! {
    async fn a_comment_through_a_campaigns_link_counts_for_it_and_organisers_see_only_counts(app) {
        use gopy::db::schema::comments;
        // The demo's active campaign of the city's committee, on the waste draft.
        let (id, code) = app
            .with_db(|c| {
                campaigns::table
                    .filter(campaigns::title.eq("Cả Thành phố góp ý phân loại rác tại nguồn"))
                    .select((campaigns::id, campaigns::code))
                    .first::<(i64, String)>(c)
                    .unwrap()
            })
            .await;
        let comment = |body: &str, email: &str| with(with(good_comment(), "noi_dung", body), "email", email);
        // Before following the link: not the campaign's.
        app.comment("chat-thai-ran", Some("dieu-1"), &comment("Ý kiến gửi trước khi theo đường dẫn chiến dịch.", "truoc@example.vn")).await;
        let follow = app.get(&format!("/v/{code}")).await;
        assert_eq!(follow.status(), 303);
        let cookie = follow.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with(&format!("gopy_chien_dich={code};")), "the code and nothing else: {cookie}");
        assert!(cookie.contains("Path=/du-thao/chat-thai-ran") && cookie.contains("HttpOnly"), "{cookie}");
        app.comment("chat-thai-ran", Some("dieu-1"), &comment("Ý kiến gửi qua đường dẫn của chiến dịch vận động.", "qua.chien.dich@example.vn")).await;
        // Another draft: the link's cookie is not sent there, and would not count.
        app.comment("hoc-phi", Some("dieu-1"), &comment("Ý kiến về học phí sau khi theo đường dẫn chiến dịch.", "hoc.phi@example.vn")).await;
        let rows = app
            .with_db(|c| comments::table.filter(comments::email.is_not_null()).select((comments::email, comments::campaign_id)).load::<(Option<String>, Option<i64>)>(c).unwrap())
            .await;
        let counted: Vec<_> = rows.iter().filter(|(_, c)| c.is_some()).collect();
        assert_eq!(counted.len(), 1, "{rows:?}");
        assert_eq!(counted[0], &(Some("qua.chien.dich@example.vn".to_string()), Some(id)));

        // Confirmation is unchanged; the campaign counts it once confirmed.
        let mails = app.mails(3).await;
        let mail = mails.iter().find(|m| m.mail.to == "qua.chien.dich@example.vn").unwrap();
        assert_eq!(app.confirm(&confirm_link(mail)).await.status(), 200);

        // The city committee's organiser sees counts, never who or what; and a count
        // under 5 only as "under 5", which no one can be picked out of.
        let organiser = app.sign_in(&app.organiser("Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh").await).await;
        let page = organiser.page(&format!("/quan-tri/chien-dich/{id}")).await;
        assert!(page.contains("<th scope=\"row\">Đã được người gửi xác nhận</th><td>dưới 5</td>"), "{page}");
        assert!(page.contains("<th scope=\"row\">Đã công khai</th><td>0</td>"));
        let counts = app
            .with_db(move |c| gopy::db::queries::campaigns::counts(c, gopy::domain::ids::CampaignId(id)).unwrap())
            .await;
        assert_eq!((counts.confirmed, counts.published), (1, 0), "counted exactly underneath");
        for secret in ["qua.chien.dich@example.vn", "Ý kiến gửi qua đường dẫn"] {
            assert!(!page.contains(secret), "{secret}");
        }
        // Once cancelled, the link counts nothing more, even with its cookie.
        let cancel = organiser.post_form(&format!("/quan-tri/chien-dich/{id}"), &format!("/quan-tri/chien-dich/{id}/trang-thai"), &[("buoc", "huy".to_string())]).await;
        assert_eq!(cancel.status(), 303);
        app.comment("chat-thai-ran", Some("dieu-1"), &comment("Ý kiến gửi sau khi chiến dịch đã bị hủy bỏ.", "sau.khi.huy@example.vn")).await;
        let late = app
            .with_db(|c| comments::table.filter(comments::email.eq("sau.khi.huy@example.vn")).select(comments::campaign_id).first::<Option<i64>>(c).unwrap())
            .await;
        assert_eq!(late, None);
    }
}
