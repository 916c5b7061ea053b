//! HTTP itself: methods a resource does not have, and errors of the JSON API.

use crate::on_both_databases;

on_both_databases! {
    /// A method a resource does not have answers 405 with the methods it has (it
    /// answered 404, as if the address did not exist), on public pages, forms, console
    /// actions and the API.
    async fn unsupported_methods_answer_405_with_allow(app) {
        let cases = [
            ("DELETE", "/", "GET, HEAD"),
            ("POST", "/du-thao/hoc-phi", "GET, HEAD"),
            ("PUT", "/du-thao/hoc-phi/gop-y", "GET, HEAD, POST"),
            ("PATCH", "/y-kien/tim-lai", "GET, HEAD, POST"),
            ("POST", "/readyz", "GET, HEAD"),
            ("GET", "/quan-tri/dang-xuat", "POST"),
            ("GET", "/quan-tri/du-thao/1/cong-bo", "POST"),
            ("DELETE", "/quan-tri/kiem-duyet", "GET, HEAD, POST"),
            ("POST", "/api/tim-kiem", "GET, HEAD"),
        ];
        for (method, path, allow) in cases {
            let resp = app
                .client
                .request(method.parse().unwrap(), format!("{}{path}", app.address))
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 405, "{method} {path}");
            assert_eq!(resp.headers()["allow"], allow, "{method} {path}");
            let json = path.starts_with("/api/");
            let ty = resp.headers()["content-type"].to_str().unwrap().to_string();
            let body = resp.text().await.unwrap();
            if json {
                assert!(ty.starts_with("application/json"), "{ty}");
                let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                assert!(v["error"].as_str().unwrap().contains("không nhận yêu cầu"), "{body}");
            } else {
                assert!(ty.starts_with("text/html"), "{ty}");
                assert!(body.contains("không nhận yêu cầu"), "{body}");
            }
        }
        // An address that does not exist is still 404, whatever the method.
        let resp = app.client.delete(format!("{}/khong-co-trang-nay", app.address)).send().await.unwrap();
        assert_eq!(resp.status(), 404);
    }
}

/// The JSON error of a response, after checking it is one.
async fn api_error(resp: reqwest::Response) -> String {
    let ty = resp.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ty.starts_with("application/json"), "{ty}");
    let v: serde_json::Value = resp.json().await.unwrap();
    v["error"].as_str().expect("an error message").to_string()
}

on_both_databases! {
    /// Every error of /api/ is JSON, whatever answers it: the handler, the query check
    /// in front of every route, the rate limit, or no route at all.
    async fn api_errors_are_always_json(app, |b| b.setting("GOPY_RATE_SEARCH_IP", "4/min")) {
        // A filter the search does not know (the handler's own check).
        let resp = app.get("/api/tim-kiem?q=hoc&ket-qua=khong-co").await;
        assert_eq!(resp.status(), 400);
        assert!(!api_error(resp).await.is_empty());
        // A query with a control character (checked before any handler).
        let resp = app.get("/api/tim-kiem?q=hoc&trang=1%00").await;
        assert_eq!(resp.status(), 400);
        assert!(!api_error(resp).await.is_empty());
        // No such route under /api/.
        let resp = app.get("/api/khong-co").await;
        assert_eq!(resp.status(), 404);
        assert!(!api_error(resp).await.is_empty());
        // The rate limit: 429 with Retry-After, in JSON, with the wait in words.
        let mut limited = None;
        for _ in 0..10 {
            let resp = app.get("/api/tim-kiem?q=hoc").await;
            if resp.status() == 429 {
                limited = Some(resp);
                break;
            }
            assert_eq!(resp.status(), 200);
        }
        let resp = limited.expect("the limit applies");
        let wait: u64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(wait >= 1);
        assert!(api_error(resp).await.contains("giây"));
        // The pages still answer their errors as pages.
        let resp = app.get("/khong-co").await;
        assert_eq!(resp.status(), 404);
        assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    }
}
