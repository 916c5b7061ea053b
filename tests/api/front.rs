//! Issue 16, point 1: the Fatherland Front's organisations as data. An administrator
//! adds and corrects them, the tree's shape holds (one committee for the city, one per
//! commune under it, member organisations under a committee), an office's contact is
//! never a person's, and an organiser sees their own organisation and those under it.

use diesel::prelude::*;
use gopy::db::schema::{audit_log, organisations};

use crate::helpers::*;
use crate::on_both_databases;

async fn id_of(app: &TestApp, name: &'static str) -> i64 {
    app.with_db(move |c| {
        organisations::table
            .filter(organisations::name.eq(name))
            .select(organisations::id)
            .first::<i64>(c)
            .unwrap()
    })
    .await
}

on_both_databases! {
    async fn an_administrator_keeps_the_fronts_organisations_in_their_tree(app) {
        let admin = app.sign_in(&app.staff("admin", None).await).await;
        let list = admin.page("/quan-tri/to-chuc").await;
        // The demo's tree: the city's committee, its members, the communes' committees.
        for name in [
            "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh",
            "Thành Đoàn Thành phố Hồ Chí Minh",
            "Ủy ban Mặt trận Tổ quốc Việt Nam phường Sài Gòn",
            "Hội Nông dân xã Cần Giờ",
        ] {
            assert!(list.contains(name), "{name}");
        }
        let city = id_of(&app, "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh").await;
        let saigon = id_of(&app, "Ủy ban Mặt trận Tổ quốc Việt Nam phường Sài Gòn").await;
        let women = id_of(&app, "Hội Liên hiệp Phụ nữ phường Sài Gòn").await;

        // A commune's committee for Côn Đảo, under the city's.
        let good = vec![
            ("loai", "front_committee".to_string()),
            ("ten", "Ủy ban Mặt trận Tổ quốc Việt Nam đặc khu Côn Đảo".into()),
            ("ten_ngan", "Ủy ban MTTQ đặc khu Côn Đảo".into()),
            ("truc_thuoc", city.to_string()),
            ("xa", "dac-khu-con-dao".into()),
            ("dia_chi", "Đường Tôn Đức Thắng, đặc khu Côn Đảo".into()),
            ("dien_thoai", "0254 383 0000".into()),
            ("thu", "mttq.condao@example.gov.vn".into()),
        ];
        let count = || app.with_db(|c| organisations::table.count().get_result::<i64>(c).unwrap());
        let before = count().await;
        let saigon_id = saigon.to_string();
        for (field, value, message) in [
            ("loai", "hoi", "Chọn loại tổ chức trong danh sách."),
            ("ten", "x", "Ghi tên tổ chức"),
            // An office's contact, never a person's.
            ("dien_thoai", "0912 345 678", "không ghi số di động cá nhân"),
            ("thu", "mttq.condao@gmail.com", "không dùng hộp thư cá nhân"),
            // The tree's shape.
            ("truc_thuoc", "", "Chỉ Ủy ban Mặt trận cấp xã chọn xã, phường, đặc khu"),
            ("truc_thuoc", saigon_id.as_str(), "Tổ chức trực thuộc không phù hợp"),
            ("truc_thuoc", "999999", "Tổ chức trực thuộc không phù hợp"),
            ("xa", "", "Chỉ Ủy ban Mặt trận cấp xã chọn xã, phường, đặc khu"),
            ("xa", "phuong-sai-gon", "Thành phố hoặc xã, phường, đặc khu này đã có Ủy ban Mặt trận."),
        ] {
            let resp = admin.post_form("/quan-tri/to-chuc", "/quan-tri/to-chuc", &with(good.clone(), field, value)).await;
            assert_eq!(resp.status(), 400, "{field}={value}");
            let html = resp.text().await.unwrap();
            assert!(html.contains(message), "{field}={value}: {message}");
        }
        // A second committee of the city.
        let second_root = with(with(good.clone(), "truc_thuoc", ""), "xa", "");
        let resp = admin.post_form("/quan-tri/to-chuc", "/quan-tri/to-chuc", &second_root).await;
        assert_eq!(resp.status(), 400);
        assert!(resp.text().await.unwrap().contains("Thành phố hoặc xã, phường, đặc khu này đã có Ủy ban Mặt trận."));
        // A member organisation with no committee above it.
        let orphan = with(with(good.clone(), "loai", "youth_union"), "truc_thuoc", "");
        let resp = admin.post_form("/quan-tri/to-chuc", "/quan-tri/to-chuc", &orphan).await;
        assert_eq!(resp.status(), 400);
        assert_eq!(count().await, before, "nothing refused is made");

        assert_eq!(admin.post_form("/quan-tri/to-chuc", "/quan-tri/to-chuc", &good).await.status(), 303);
        let con_dao = id_of(&app, "Ủy ban Mặt trận Tổ quốc Việt Nam đặc khu Côn Đảo").await;
        // A member under it takes its commune.
        let youth = vec![
            ("loai", "youth_union".to_string()),
            ("ten", "Đoàn Thanh niên đặc khu Côn Đảo".into()),
            ("truc_thuoc", con_dao.to_string()),
        ];
        // A commune typed for a member organisation is refused, not dropped.
        let with_commune = with(youth.clone(), "xa", "dac-khu-con-dao");
        let resp = admin.post_form("/quan-tri/to-chuc", "/quan-tri/to-chuc", &with_commune).await;
        assert_eq!(resp.status(), 400);
        assert_eq!(admin.post_form("/quan-tri/to-chuc", "/quan-tri/to-chuc", &youth).await.status(), 303);
        let (commune_of_committee, commune_of_member) = app
            .with_db(move |c| {
                let of = |c: &mut _, name: &str| {
                    organisations::table
                        .filter(organisations::name.eq(name.to_string()))
                        .select(organisations::locality_id)
                        .first::<Option<i64>>(c)
                        .unwrap()
                };
                (of(c, "Ủy ban Mặt trận Tổ quốc Việt Nam đặc khu Côn Đảo"), of(c, "Đoàn Thanh niên đặc khu Côn Đảo"))
            })
            .await;
        assert!(commune_of_committee.is_some());
        assert_eq!(commune_of_member, commune_of_committee, "a member sits in its committee's commune");
        // A committee with a member under it cannot become a member itself.
        let edit = format!("/quan-tri/to-chuc/{con_dao}");
        let resp = admin.post_form(&edit, &edit, &with(good.clone(), "loai", "womens_union")).await;
        assert_eq!(resp.status(), 400);
        assert!(resp.text().await.unwrap().contains("Tổ chức còn tổ chức trực thuộc"));
        // Corrected: its phone.
        assert_eq!(admin.post_form(&edit, &edit, &with(good.clone(), "dien_thoai", "1900 1234")).await.status(), 303);
        let phone = app.with_db(move |c| organisations::table.find(con_dao).select(organisations::office_phone).first::<String>(c).unwrap()).await;
        assert_eq!(phone, "1900 1234");
        let audited = app
            .with_db(|c| audit_log::table.filter(audit_log::action.like("organisation.%")).filter(audit_log::actor.ne("demo")).count().get_result::<i64>(c).unwrap())
            .await;
        assert_eq!(audited, 3);
        assert_eq!(admin.get("/quan-tri/to-chuc/999999").await.status(), 404);

        // An organiser of phường Sài Gòn's committee: that committee and its members,
        // not the city's, not another commune's.
        let organiser = app.sign_in(&app.organiser("Ủy ban Mặt trận Tổ quốc Việt Nam phường Sài Gòn").await).await;
        let own = organiser.page("/quan-tri/to-chuc").await;
        assert!(own.contains("Hội Liên hiệp Phụ nữ phường Sài Gòn"));
        assert!(!own.contains("Hội Nông dân xã Cần Giờ"));
        assert!(!own.contains("Thành Đoàn Thành phố Hồ Chí Minh"));
        assert!(!own.contains("name=\"loai\""), "no form for an organiser");
        let page = organiser.page(&format!("/quan-tri/to-chuc/{women}")).await;
        assert!(page.contains("Hội Liên hiệp Phụ nữ phường Sài Gòn"));
        assert_eq!(organiser.get(&format!("/quan-tri/to-chuc/{con_dao}")).await.status(), 404);
        assert_eq!(organiser.get(&format!("/quan-tri/to-chuc/{city}")).await.status(), 404);

        // An account for an organiser names its organisation.
        let resp = admin
            .post_form(
                "/quan-tri/tai-khoan",
                "/quan-tri/tai-khoan",
                &[
                    ("ten", "Cán bộ Mặt trận".to_string()),
                    ("email", "mttq.moi@example.gov.vn".into()),
                    ("vai_tro", "organiser".into()),
                    ("mat_khau", "một mật khẩu đủ dài và khó đoán".into()),
                ],
            )
            .await;
        assert_eq!(resp.status(), 400);
        assert!(resp.text().await.unwrap().contains("Chọn tổ chức cho cán bộ Mặt trận."));
    }
}
