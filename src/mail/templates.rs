//! The text of each mail, in Vietnamese, as plain text and as HTML with the same words.

use maud::{DOCTYPE, Markup, html};

use super::OutgoingMail;

/// What a confirmation mail needs to say.
pub struct Confirmation<'a> {
    pub to: &'a str,
    pub tracking_number: &'a str,
    pub draft_title: &'a str,
    /// "Khoản 2 Điều 5", or None for the whole draft.
    pub section: Option<&'a str>,
    pub confirm_url: &'a str,
    pub status_url: &'a str,
    pub expires: &'a str,
    pub body: &'a str,
}

pub fn confirmation(c: &Confirmation<'_>) -> OutgoingMail {
    let about = match c.section {
        Some(s) => format!("{s} của dự thảo “{}”", c.draft_title),
        None => format!("toàn bộ dự thảo “{}”", c.draft_title),
    };
    let subject = format!("Xác nhận ý kiến góp ý {} – Góp Ý", c.tracking_number);
    let text = format!(
        "Kính gửi Ông/Bà,\n\n\
         Góp Ý đã nhận ý kiến góp ý của Ông/Bà về {about}, mã số {tracking}.\n\n\
         Ý kiến chỉ được tính khi Ông/Bà xác nhận. Đề nghị Ông/Bà mở liên kết sau trước {expires} (giờ Việt Nam):\n\
         {confirm}\n\n\
         Xem trạng thái ý kiến, hoặc rút lại ý kiến khi dự thảo còn trong thời gian lấy ý kiến:\n\
         {status}\n\
         Đề nghị Ông/Bà không chia sẻ liên kết này: người có liên kết có thể xem và rút lại ý kiến.\n\n\
         Nội dung Ông/Bà đã gửi:\n\
         {body}\n\n\
         Nếu Ông/Bà không gửi ý kiến này, xin bỏ qua thư này; ý kiến sẽ không được tính.\n\n\
         Góp Ý – cổng lấy ý kiến về dự thảo văn bản\n",
        tracking = c.tracking_number,
        expires = c.expires,
        confirm = c.confirm_url,
        status = c.status_url,
        body = quote(c.body),
    );
    let html = page(
        &subject,
        html! {
            p { "Kính gửi Ông/Bà," }
            p { "Góp Ý đã nhận ý kiến góp ý của Ông/Bà về " (about) ", mã số " strong { (c.tracking_number) } "." }
            p { "Ý kiến chỉ được tính khi Ông/Bà xác nhận. Đề nghị Ông/Bà bấm nút sau trước " (c.expires) " (giờ Việt Nam):" }
            p {
                a href=(c.confirm_url) style="display:inline-block;padding:10px 16px;background:#a5161d;color:#ffffff;text-decoration:none;font-weight:bold;border-radius:4px" {
                    "Xác nhận ý kiến"
                }
            }
            p { "Hoặc mở liên kết: " a href=(c.confirm_url) { (c.confirm_url) } }
            p {
                "Xem trạng thái ý kiến, hoặc rút lại ý kiến khi dự thảo còn trong thời gian lấy ý kiến: "
                a href=(c.status_url) { "trang ý kiến của Ông/Bà" }
                ". Đề nghị Ông/Bà không chia sẻ liên kết này: người có liên kết có thể xem và rút lại ý kiến."
            }
            p { "Nội dung Ông/Bà đã gửi:" }
            blockquote style="border-left:4px solid #c9c9c9;margin:0;padding:4px 12px;color:#4a4a4a" {
                @for line in c.body.lines() { (line) br; }
            }
            p { "Nếu Ông/Bà không gửi ý kiến này, xin bỏ qua thư này; ý kiến sẽ không được tính." }
        },
    );
    OutgoingMail {
        to: c.to.to_string(),
        subject,
        text,
        html,
    }
}

fn quote(body: &str) -> String {
    body.lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn page(title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head { meta charset="utf-8"; title { (title) } }
            body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b" {
                (body)
                hr;
                p style="color:#4a4a4a;font-size:14px" { "Góp Ý – cổng lấy ý kiến về dự thảo văn bản" }
            }
        }
    }
    .into_string()
}

/// The moderator's decision on a comment: published, or not with the reason.
pub fn decision(
    to: &str,
    tracking: &str,
    rejected: Option<(crate::domain::comment::RejectionReason, &str)>,
    link: &str,
) -> OutgoingMail {
    let t = &crate::i18n::VI;
    let (subject, lines): (String, Vec<String>) = match rejected {
        None => (
            format!("Ý kiến {tracking} đã được công khai – Góp Ý"),
            vec![
                format!("Ý kiến {tracking} của Ông/Bà đã được kiểm duyệt và công khai trên trang dự thảo."),
                format!("Xem ý kiến: {link}"),
                "Cơ quan chủ trì soạn thảo sẽ xem xét, tiếp thu, giải trình ý kiến; Ông/Bà sẽ nhận thư khi có trả lời và khi bản tổng hợp, tiếp thu, giải trình ý kiến được công bố.".into(),
            ],
        ),
        Some((reason, note)) => {
            let mut lines = vec![
                format!("Ý kiến {tracking} của Ông/Bà không được công khai."),
                format!("Lý do: {}.", t.rejection_reason(reason)),
            ];
            if !note.trim().is_empty() {
                lines.push(format!("Ghi chú của người kiểm duyệt: {}", note.trim()));
            }
            lines.push("Nếu Ông/Bà cho rằng quyết định này chưa phù hợp, Ông/Bà có thể trả lời thư này hoặc gửi lại ý kiến đã chỉnh sửa.".into());
            (format!("Ý kiến {tracking} không được công khai – Góp Ý"), lines)
        }
    };
    simple(to, subject, &lines)
}

/// The synthesis report with a commenter's comment in it was published.
pub fn report_published(
    to: &str,
    tracking: &str,
    draft_title: &str,
    disposition: crate::domain::comment::Disposition,
    reason: &str,
    link: &str,
) -> OutgoingMail {
    let t = &crate::i18n::VI;
    let subject = format!("Trả lời ý kiến {tracking} – Góp Ý");
    let lines = vec![
        format!(
            "Cơ quan chủ trì soạn thảo đã công bố bản tổng hợp, tiếp thu, giải trình ý kiến đối với dự thảo “{draft_title}”."
        ),
        format!(
            "Kết quả tiếp thu ý kiến {tracking} của Ông/Bà: {}.",
            t.disposition(disposition)
        ),
        format!("Nội dung tiếp thu, giải trình: {reason}"),
        format!("Xem bản tổng hợp: {link}"),
    ];
    simple(to, subject, &lines)
}

/// The agency answered a comment (or changed its answer).
pub struct Answered<'a> {
    pub to: &'a str,
    pub tracking: &'a str,
    pub draft_title: &'a str,
    pub disposition: crate::domain::comment::Disposition,
    pub reason: &'a str,
    /// The comment's own page, where the answer shows under it.
    pub link: &'a str,
    pub updated: bool,
}

pub fn answered(a: &Answered<'_>) -> OutgoingMail {
    let t = &crate::i18n::VI;
    let tracking = a.tracking;
    let subject = if a.updated {
        format!("Trả lời ý kiến {tracking} đã được cập nhật – Góp Ý")
    } else {
        format!("Cơ quan chủ trì soạn thảo đã trả lời ý kiến {tracking} – Góp Ý")
    };
    let lines = vec![
        format!(
            "Cơ quan chủ trì soạn thảo đã {} ý kiến {tracking} của Ông/Bà về dự thảo “{}”.",
            if a.updated {
                "cập nhật trả lời"
            } else {
                "trả lời"
            },
            a.draft_title
        ),
        format!("Kết quả tiếp thu: {}.", t.disposition(a.disposition)),
        format!("Nội dung tiếp thu, giải trình: {}", a.reason),
        format!("Xem ý kiến và trả lời: {}", a.link),
        "Khi bản tổng hợp, tiếp thu, giải trình ý kiến được công bố, Ông/Bà sẽ nhận thêm một thư."
            .into(),
    ];
    simple(a.to, subject, &lines)
}

/// The private links of a comment, mailed again to the address on record.
pub struct Links<'a> {
    pub to: &'a str,
    pub tracking: &'a str,
    pub draft_title: &'a str,
    pub status_url: &'a str,
    /// The new confirmation link and until when it works, if the comment still waits
    /// for one.
    pub confirm: Option<(&'a str, &'a str)>,
}

pub fn links(l: &Links<'_>) -> OutgoingMail {
    let subject = format!("Liên kết đến ý kiến {} – Góp Ý", l.tracking);
    let mut lines = vec![
        format!(
            "Theo yêu cầu gửi qua Góp Ý, xin gửi Ông/Bà các liên kết mới đến ý kiến {} về dự thảo “{}”. Các liên kết cũ không còn sử dụng được.",
            l.tracking, l.draft_title
        ),
        format!(
            "Trang ý kiến của Ông/Bà (trạng thái, trả lời, rút lại ý kiến): {}",
            l.status_url
        ),
    ];
    if let Some((url, expires)) = l.confirm {
        lines.push(format!(
            "Ý kiến chưa được xác nhận. Đề nghị Ông/Bà xác nhận trước {expires} (giờ Việt Nam): {url}"
        ));
    }
    lines.push(
        "Đề nghị Ông/Bà không chia sẻ các liên kết này. Nếu Ông/Bà không gửi yêu cầu này, xin bỏ qua thư này.".into(),
    );
    simple(l.to, subject, &lines)
}

/// A mail of a few paragraphs, the same in text and HTML.
fn simple(to: &str, subject: String, lines: &[String]) -> OutgoingMail {
    let text = format!(
        "Kính gửi Ông/Bà,\n\n{}\n\nGóp Ý – cổng lấy ý kiến về dự thảo văn bản\n",
        lines.join("\n\n")
    );
    let html = page(
        &subject,
        html! {
            p { "Kính gửi Ông/Bà," }
            @for l in lines { p { (l) } }
        },
    );
    OutgoingMail {
        to: to.to_string(),
        subject,
        text,
        html,
    }
}

/// A deadline of a social critique comes near: to the staff who must meet it.
pub struct DeadlineReminder<'a> {
    pub to: &'a str,
    pub draft_title: &'a str,
    pub organisation: &'a str,
    /// The Front's critique (true) or the agency's written answer.
    pub front: bool,
    pub due: chrono::NaiveDate,
    pub days_left: i64,
    /// The critique's page in the console.
    pub link: &'a str,
}

pub fn deadline_reminder(r: &DeadlineReminder<'_>) -> OutgoingMail {
    let due = r.due.format("%d/%m/%Y");
    let what = if r.front {
        format!(
            "{} gửi ý kiến phản biện xã hội đối với dự thảo “{}”",
            r.organisation, r.draft_title
        )
    } else {
        format!(
            "cơ quan chủ trì soạn thảo trả lời bằng văn bản ý kiến phản biện xã hội của {} đối với dự thảo “{}”",
            r.organisation, r.draft_title
        )
    };
    let subject = format!(
        "Còn {} ngày: hạn phản biện xã hội {due} – Góp Ý",
        r.days_left
    );
    let lines = vec![
        format!("Hạn để {what} là ngày {due}, còn {} ngày.", r.days_left),
        format!("Xem và cập nhật trên Cổng: {}", r.link),
    ];
    simple(r.to, subject, &lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confirmation_mail_carries_both_links_in_both_parts() {
        let m = confirmation(&Confirmation {
            to: "a@example.vn",
            tracking_number: "GY-2026-000001",
            draft_title: "Nghị quyết <thử>",
            section: Some("Khoản 1 Điều 2"),
            confirm_url: "http://x/y-kien/xac-nhan/abc",
            status_url: "http://x/y-kien/cua-toi/def",
            expires: "10:00 29/11/2026",
            body: "Dòng một\nDòng hai",
        });
        for part in [&m.text, &m.html] {
            assert!(part.contains("http://x/y-kien/xac-nhan/abc"));
            assert!(part.contains("http://x/y-kien/cua-toi/def"));
            assert!(part.contains("GY-2026-000001"));
        }
        assert!(m.html.contains("Nghị quyết &lt;thử&gt;"), "escaped in HTML");
        assert!(m.text.contains("> Dòng hai"));
    }
}
