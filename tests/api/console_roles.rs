//! Every console route, walked by every role: allowed or refused as the policy says.

use diesel::prelude::*;
use gopy::db::schema::{comments, drafts};

use crate::on_both_databases;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Admin,
    EditorA,
    EditorB,
    ModeratorA,
    ModeratorB,
    Organiser,
    Anonymous,
}

use Who::*;

const EVERYONE: &[Who] = &[Admin, EditorA, EditorB, ModeratorA, ModeratorB, Organiser];

on_both_databases! {
    /// Agency A is Sở Xây dựng (draft via-he, closed, with a pending comment) and agency B
    /// Sở Giáo dục và Đào tạo. Staff of B cannot see A's drafts (404); staff of A who may
    /// see a draft but not do a thing get 403; signed-out visitors are sent to sign in.
    async fn every_route_with_every_role(app) {
        let a = app.draft_id("via-he").await;
        // A comment of agency A's draft, waiting for moderation.
        let csrf_page = "/du-thao/hoc-phi/gop-y";
        let _ = app.page(csrf_page).await;
        let comment = app.with_db(move |c| {
            use gopy::db::queries::comments as q;
            use gopy::domain::comment::{CommentForm, CommentRules, ValidComment};
            let target = match q::target(c, "via-he", Some("dieu-1")).unwrap() { q::Target::Found(t) => t, _ => panic!() };
            let form = CommentForm { noi_dung: "Ý kiến chờ kiểm duyệt để thử quyền.".into(), email: "a@example.vn".into(), loai: "individual".into(), dong_y: Some("1".into()), ..Default::default() };
            let v = ValidComment::parse(&form, CommentRules { min_chars: 10, max_chars: 10000 }, |_| true).unwrap();
            let t = now();
            let stored = q::store(c, &q::NewComment {
                draft_id: target.draft.id, version_id: target.version_id, section_id: target.section.as_ref().map(|s| s.id),
                comment: &v, locality_id: None, confirm_token_hash: "x", confirm_expires_at: t, status_token_hash: "y", now: t, campaign_id: None,
            }, |_| gopy::mail::OutgoingMail { to: "a@example.vn".into(), subject: "s".into(), text: "t".into(), html: "h".into() }).unwrap();
            let q::Stored::New { id, .. } = stored else { panic!() };
            diesel::update(comments::table.find(id)).set(comments::status.eq("pending")).execute(c).unwrap();
            id
        }).await;

        let mut clients = Vec::new();
        for (who, role, agency) in [
            (Admin, "admin", None),
            (EditorA, "editor", Some("so-xay-dung")),
            (EditorB, "editor", Some("so-giao-duc-va-dao-tao")),
            (ModeratorA, "moderator", Some("so-xay-dung")),
            (ModeratorB, "moderator", Some("so-giao-duc-va-dao-tao")),
        ] {
            let email = app.staff(role, agency).await;
            clients.push((who, app.sign_in(&email).await));
        }
        // The organiser acts for phường Sài Gòn's Front committee and those under it.
        let organiser = app.organiser("Ủy ban Mặt trận Tổ quốc Việt Nam phường Sài Gòn").await;
        clients.push((Organiser, app.sign_in(&organiser).await));
        let organisations = app.with_db(|c| gopy::db::queries::front::all(c).unwrap()).await;
        let org = |name: &str| organisations.iter().find(|o| o.name == name).unwrap().id;
        let (city, saigon, saigon_women, can_gio) = (
            org("Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh"),
            org("Ủy ban Mặt trận Tổ quốc Việt Nam phường Sài Gòn"),
            org("Hội Liên hiệp Phụ nữ phường Sài Gòn"),
            org("Ủy ban Mặt trận Tổ quốc Việt Nam xã Cần Giờ"),
        );
        // The demo's campaigns: the city committee's (out of the organiser's scope) and
        // the Women's Union of phường Sài Gòn's (in it).
        let (city_campaign, own_campaign) = app
            .with_db(|c| {
                use gopy::db::schema::campaigns;
                let id = |c: &mut _, title: &str| {
                    campaigns::table.filter(campaigns::title.eq(title.to_string())).select(campaigns::id).first::<i64>(c).unwrap()
                };
                (
                    id(c, "Cả Thành phố góp ý phân loại rác tại nguồn"),
                    id(c, "Phụ nữ phường Sài Gòn góp ý giá dịch vụ thu gom rác"),
                )
            })
            .await;
        let meeting: i64 = app
            .with_db(|c| gopy::db::schema::front_meetings::table.select(gopy::db::schema::front_meetings::id).first(c).unwrap())
            .await;
        let anonymous = StaffClient {
            client: reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap(),
            base: app.address.clone(),
        };
        clients.push((Anonymous, anonymous));

        let get_routes: Vec<(String, &[Who])> = vec![
            ("/quan-tri".into(), EVERYONE),
            ("/quan-tri/mat-khau".into(), EVERYONE),
            ("/quan-tri/du-thao".into(), &[Admin, EditorA, EditorB, ModeratorA, ModeratorB]),
            ("/quan-tri/du-thao/moi".into(), &[Admin, EditorA, EditorB]),
            (format!("/quan-tri/du-thao/{a}"), &[Admin, EditorA, ModeratorA]),
            (format!("/quan-tri/du-thao/{a}/van-ban"), &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/tra-loi"), &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/y-kien-khac"), &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/bao-cao"), &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/tham-gia"), &[Admin, EditorA, ModeratorA]),
            (format!("/quan-tri/du-thao/{a}/tham-gia.csv"), &[Admin, EditorA, ModeratorA]),
            ("/quan-tri/kiem-duyet".into(), &[Admin, ModeratorA, ModeratorB]),
            ("/quan-tri/tai-khoan".into(), &[Admin]),
            ("/quan-tri/co-quan".into(), &[Admin]),
            ("/quan-tri/co-quan/1".into(), &[Admin]),
            ("/quan-tri/nhat-ky".into(), &[Admin]),
            ("/quan-tri/cong-viec".into(), &[Admin]),
            ("/quan-tri/can-cu-phap-ly".into(), &[Admin]),
            ("/quan-tri/can-cu-phap-ly/1".into(), &[Admin]),
            ("/quan-tri/to-chuc".into(), &[Admin, Organiser]),
            (format!("/quan-tri/to-chuc/{saigon}"), &[Admin, Organiser]),
            (format!("/quan-tri/to-chuc/{saigon_women}"), &[Admin, Organiser]),
            (format!("/quan-tri/to-chuc/{city}"), &[Admin]),
            (format!("/quan-tri/to-chuc/{can_gio}"), &[Admin]),
            ("/quan-tri/chien-dich".into(), &[Admin, Organiser]),
            (format!("/quan-tri/chien-dich/{own_campaign}"), &[Admin, Organiser]),
            (format!("/quan-tri/chien-dich/{own_campaign}/ap-phich"), &[Admin, Organiser]),
            (format!("/quan-tri/chien-dich/{own_campaign}/ma-qr.png"), &[Admin, Organiser]),
            (format!("/quan-tri/chien-dich/{city_campaign}"), &[Admin]),
            (format!("/quan-tri/chien-dich/{city_campaign}/ma-qr.png"), &[Admin]),
            (format!("/quan-tri/chien-dich/{own_campaign}/tham-gia.csv"), &[Admin, Organiser]),
            (format!("/quan-tri/chien-dich/{city_campaign}/tham-gia.csv"), &[Admin]),
            // The demo meeting's minutes: the city committee's, on Sở Nông nghiệp's draft
            // (its staff's access is in meetings.rs).
            (format!("/quan-tri/hop-dan/{meeting}/bien-ban"), &[Admin]),
            // Social critique (issue 16, point 7): the demo's first is the city
            // committee's on Sở Nông nghiệp's draft; the second was asked of the Women's
            // Union of phường Sài Gòn, under the organiser's committee.
            ("/quan-tri/phan-bien".into(), EVERYONE),
            ("/quan-tri/phan-bien/1".into(), &[Admin]),
            ("/quan-tri/phan-bien/1/van-ban".into(), &[Admin]),
            ("/quan-tri/phan-bien/2".into(), &[Admin, Organiser]),
            (format!("/quan-tri/du-thao/{a}/phan-bien"), &[Admin, EditorA]),
        ];
        for (who, client) in &clients {
            for (path, allowed) in &get_routes {
                let status = client.get(path).await.status().as_u16();
                check(*who, allowed, status, "GET", path);
            }
        }

        let day = |n: i64| (gopy::domain::time::local_date(now()) + chrono::Duration::days(n)).format("%Y-%m-%d").to_string();
        type Probe<'a> = (String, Vec<(&'a str, String)>, &'a [Who]);
        let post_routes: Vec<Probe> = vec![
            (format!("/quan-tri/du-thao/{a}"), vec![("tieu_de", "Tiêu đề mới của dự thảo".into())], &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/cong-bo"), vec![], &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/lien-ket"), vec![("noi", "other".into()), ("dia_chi", "khong".into())], &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/gia-han"), vec![("dong_den_moi", day(30)), ("ly_do", "Thử quyền gia hạn.".into())], &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/ket-thuc"), vec![("ly_do", "Thử quyền kết thúc.".into())], &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/van-ban/luu"), vec![("van_ban", String::new())], &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/tra-loi"), vec![("hinh_thuc", "noted".into()), ("ly_do", "Ghi nhận.".into())], &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/bao-cao"), vec![], &[Admin, EditorA]),
            // Refused for what was typed (400) once allowed: nothing is recorded.
            (format!("/quan-tri/du-thao/{a}/y-kien-khac"), vec![("nguon", "khong".into())], &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/y-kien-khac/xin-y-kien"), vec![("so", String::new())], &[Admin, EditorA]),
            (format!("/quan-tri/du-thao/{a}/y-kien-khac/1/tra-loi"), vec![("hinh_thuc", "noted".into()), ("ly_do", String::new())], &[Admin, EditorA]),
            ("/quan-tri/kiem-duyet".into(), vec![("hanh_dong", "khong-co".into())], &[Admin, ModeratorA, ModeratorB]),
            ("/quan-tri/tai-khoan".into(), vec![("ten", "X".into())], &[Admin]),
            // Refused for what was typed (400) once allowed: no agency is made or changed.
            ("/quan-tri/co-quan".into(), vec![("ten", "X".into())], &[Admin]),
            ("/quan-tri/co-quan/1".into(), vec![("ten", "X".into())], &[Admin]),
            ("/quan-tri/cong-viec/mail/thu-lai".into(), vec![], &[Admin]),
            ("/quan-tri/can-cu-phap-ly/1".into(), vec![("so_ngay", "khong".into())], &[Admin]),
            // Refused for what was typed (400) once allowed: no organisation is made or changed.
            ("/quan-tri/to-chuc".into(), vec![("loai", "khong".into())], &[Admin]),
            (format!("/quan-tri/to-chuc/{saigon_women}"), vec![("loai", "khong".into())], &[Admin]),
            // Refused for what was typed (400) once allowed: no campaign is made or moved.
            ("/quan-tri/chien-dich".into(), vec![("tieu_de", "X".into())], &[Admin, Organiser]),
            (format!("/quan-tri/chien-dich/{own_campaign}/trang-thai"), vec![("buoc", "khong".into())], &[Admin, Organiser]),
            (format!("/quan-tri/chien-dich/{city_campaign}/trang-thai"), vec![("buoc", "khong".into())], &[Admin]),
            // A meeting's result is an upload: a plain form is refused (400) once allowed.
            (format!("/quan-tri/chien-dich/{own_campaign}/hop-dan"), vec![], &[Admin, Organiser]),
            (format!("/quan-tri/chien-dich/{city_campaign}/hop-dan"), vec![], &[Admin]),
            // Receipt of the Women's Union's dossier: its organisers' (a bad date: 400 once
            // allowed); the agency's steps are not theirs.
            ("/quan-tri/phan-bien/2/nhan".into(), vec![("ngay_nhan", "x".into())], &[Admin, Organiser]),
            ("/quan-tri/phan-bien/2/rut".into(), vec![("ly_do_rut", "".into())], &[Admin]),
            ("/quan-tri/phan-bien/1/cong-bo".into(), vec![], &[Admin]),
            (format!("/quan-tri/du-thao/{a}/phan-bien"), vec![("so", "".into())], &[Admin, EditorA]),
            ("/quan-tri/du-thao/moi".into(), vec![("tieu_de", "Dự thảo mới".into())], &[Admin, EditorA, EditorB]),
            ("/quan-tri/mat-khau".into(), vec![("cu", "sai".into()), ("moi", "x".into())], EVERYONE),
        ];
        for (who, client) in &clients {
            let csrf = csrf_in(&client.get(if *who == Anonymous { "/quan-tri/dang-nhap" } else { "/quan-tri/mat-khau" }).await.text().await.unwrap());
            for (path, fields, allowed) in &post_routes {
                let mut form = vec![("csrf", csrf.clone())];
                form.extend(fields.iter().cloned());
                let status = client.client.post(format!("{}{path}", app.address)).form(&form).send().await.unwrap().status().as_u16();
                check(*who, allowed, status, "POST", path);
            }
        }

        // Moderation decisions only touch comments of the moderator's own agency.
        for (who, client) in &clients {
            let page = if *who == Anonymous { "/quan-tri/dang-nhap" } else { "/quan-tri/mat-khau" };
            let resp = client.post_raw(page, "/quan-tri/kiem-duyet", format!("chon={comment}&hanh_dong=tu_choi&ly_do=spam")).await;
            let status = resp.status().as_u16();
            check(*who, &[Admin, ModeratorA, ModeratorB], status, "POST decide", "/quan-tri/kiem-duyet");
            let state = app.with_db(move |c| comments::table.find(comment).select(comments::status).first::<String>(c).unwrap()).await;
            match who {
                ModeratorB => assert_eq!(state, "pending", "a moderator of B cannot touch A's comment"),
                ModeratorA | Admin => {
                    assert_eq!(state, "rejected", "{who:?}");
                    app.with_db(move |c| diesel::update(comments::table.find(comment)).set(comments::status.eq("pending")).execute(c).unwrap()).await;
                }
                _ => assert_eq!(state, "pending", "{who:?}"),
            }
        }
        // Only A's editor and the administrator could create drafts under agency A.
        let per_agency = app.with_db(|c| drafts::table.group_by(drafts::agency_id).select((drafts::agency_id, diesel::dsl::count_star())).load::<(i64, i64)>(c).unwrap()).await;
        assert_eq!(per_agency.iter().map(|(_, n)| n).sum::<i64>(), 4, "the probes created nothing: {per_agency:?}");
    }
}

fn check(who: Who, allowed: &[Who], status: u16, method: &str, path: &str) {
    if who == Anonymous {
        assert_eq!(status, 303, "{method} {path}: a visitor is sent to sign in");
    } else if allowed.contains(&who) {
        assert!(
            ![403, 404].contains(&status),
            "{method} {path} for {who:?}: allowed but got {status}"
        );
    } else {
        assert!(
            [403, 404].contains(&status),
            "{method} {path} for {who:?}: refused but got {status}"
        );
    }
}
