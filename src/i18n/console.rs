//! The words of the agency console (see the parent module).

use super::number;
use crate::domain::comment::CommentStatus;
use crate::domain::comment::{AnswerFilter, QueueStatus};
use crate::domain::period::PeriodProblem;
use crate::domain::staff::Role;

pub struct ConsoleText {
    pub account_agency_hint: &'static str,
    pub account_agency_needed: &'static str,
    pub account_organisation_hint: &'static str,
    pub account_organisation_needed: &'static str,
    pub col_organisation: &'static str,
    pub account_create: &'static str,
    pub account_created: &'static str,
    pub account_exists: &'static str,
    pub account_initial_password: &'static str,
    pub account_name_needed: &'static str,
    pub account_new_title: &'static str,
    pub account_role_needed: &'static str,
    pub accounts_caption: &'static str,
    pub accounts_title: &'static str,
    pub activate: &'static str,
    pub active: &'static str,
    pub add_text: &'static str,
    pub answer_button: &'static str,
    pub answer_edit: &'static str,
    pub answer_hint: &'static str,
    pub answer_reason: &'static str,
    pub answer_reason_needed: &'static str,
    pub answer_selected: &'static str,
    pub answers_title: &'static str,
    pub approve: &'static str,
    pub approve_selected: &'static str,
    pub attachment_file: &'static str,
    pub attachment_hint: &'static str,
    pub attachment_kind: &'static str,
    pub attachment_removed: &'static str,
    pub attachment_title: &'static str,
    pub attachment_uploaded: &'static str,
    pub attachment_wrong_type: &'static str,
    pub audit_action: &'static str,
    pub audit_actor: &'static str,
    pub audit_draft_id: &'static str,
    pub audit_from: &'static str,
    pub audit_title: &'static str,
    pub audit_until: &'static str,
    pub bulk_hint: &'static str,
    pub bulk_title: &'static str,
    pub change_note: &'static str,
    pub change_note_hint: &'static str,
    pub close_button: &'static str,
    pub col_actions: &'static str,
    pub col_after: &'static str,
    pub col_agency: &'static str,
    pub col_answered: &'static str,
    pub col_before: &'static str,
    pub col_doc_type: &'static str,
    /// Beside a figure whose legal rule an administrator has not confirmed yet.
    pub rule_unconfirmed: &'static str,
    pub col_draft: &'static str,
    pub col_email: &'static str,
    pub col_name: &'static str,
    pub col_object: &'static str,
    pub col_period: &'static str,
    pub col_publication: &'static str,
    pub col_role: &'static str,
    pub col_state: &'static str,
    pub col_time: &'static str,
    pub col_unanswered: &'static str,
    pub col_waiting_moderation: &'static str,
    pub comments_label: &'static str,
    pub console_name: &'static str,
    pub error_back: &'static str,
    pub nav_site: &'static str,
    pub nav_jobs: &'static str,
    pub nav_legal: &'static str,
    pub legal_title: &'static str,
    pub legal_intro: &'static str,
    pub calendar_title: &'static str,
    pub calendar_intro: &'static str,
    pub calendar_col_day: &'static str,
    pub calendar_col_name: &'static str,
    pub legal_col_subject: &'static str,
    pub legal_col_days: &'static str,
    pub legal_col_citation: &'static str,
    pub legal_col_status: &'static str,
    pub legal_confirmed: &'static str,
    pub legal_source_label: &'static str,
    pub legal_source_hint: &'static str,
    pub legal_citation_hint: &'static str,
    pub legal_confirm_label: &'static str,
    pub legal_edit: &'static str,
    pub legal_save: &'static str,
    pub legal_unconfirmed_count_suffix: &'static str,
    pub jobs_title: &'static str,
    pub jobs_intro: &'static str,
    pub jobs_queues: &'static str,
    pub jobs_scheduled: &'static str,
    pub jobs_col_queue: &'static str,
    pub jobs_col_waiting: &'static str,
    pub jobs_col_dead: &'static str,
    pub jobs_col_job: &'static str,
    pub jobs_col_schedule: &'static str,
    pub jobs_col_last_ok: &'static str,
    pub jobs_col_next: &'static str,
    pub jobs_col_problem: &'static str,
    pub jobs_requeue: &'static str,
    pub jobs_never: &'static str,
    pub jobs_ok: &'static str,
    pub site_title: &'static str,
    pub site_intro: &'static str,
    pub site_name: &'static str,
    pub site_address: &'static str,
    pub site_phone: &'static str,
    pub site_email: &'static str,
    pub site_website: &'static str,
    pub site_website_hint: &'static str,
    pub site_save: &'static str,
    pub site_missing: &'static str,
    pub name_published: &'static str,
    pub name_not_published: &'static str,
    pub error_console_home: &'static str,
    pub count_articles: &'static str,
    pub count_chapters: &'static str,
    pub count_clauses: &'static str,
    pub count_points: &'static str,
    pub count_sections: &'static str,
    pub dashboard_caption: &'static str,
    pub dashboard_empty: &'static str,
    pub dashboard_title: &'static str,
    pub deactivate: &'static str,
    pub disposition: &'static str,
    pub draft_actions: &'static str,
    pub draft_create: &'static str,
    pub draft_created: &'static str,
    pub draft_new: &'static str,
    pub draft_published: &'static str,
    pub drafts_title: &'static str,
    pub extend_button: &'static str,
    pub extend_until: &'static str,
    pub field_closes: &'static str,
    pub field_moderation: &'static str,
    pub field_number: &'static str,
    pub field_number_hint: &'static str,
    pub field_opens: &'static str,
    pub field_slug: &'static str,
    pub field_slug_hint: &'static str,
    pub field_title: &'static str,
    pub filter: &'static str,
    pub filter_links: &'static str,
    pub filter_kind: &'static str,
    pub filter_locality: &'static str,
    pub filter_section: &'static str,
    pub flag_links: &'static str,
    pub flag_redacted: &'static str,
    pub inactive: &'static str,
    pub login_button: &'static str,
    pub login_email: &'static str,
    pub login_failed: &'static str,
    pub login_password: &'static str,
    pub login_title: &'static str,
    pub moderation_post: &'static str,
    pub moderation_pre: &'static str,
    pub nav_accounts: &'static str,
    pub nav_audit: &'static str,
    pub nav_drafts: &'static str,
    pub nav_home: &'static str,
    pub nav_moderation: &'static str,
    pub nav_password: &'static str,
    pub nav_public: &'static str,
    pub no_articles_found: &'static str,
    pub no_text_yet: &'static str,
    pub not_open: &'static str,
    pub not_yourself: &'static str,
    pub nothing_selected: &'static str,
    pub password_button: &'static str,
    pub password_changed: &'static str,
    pub password_current: &'static str,
    pub password_hint: &'static str,
    pub password_new: &'static str,
    pub password_rules: &'static str,
    pub password_title: &'static str,
    pub password_wrong: &'static str,
    pub period_closed: &'static str,
    pub period_dates_needed: &'static str,
    pub period_extended: &'static str,
    pub period_hint: &'static str,
    pub shortened_label: &'static str,
    pub attachment_posted: &'static str,
    pub report_period_open: &'static str,
    pub links_heading: &'static str,
    pub links_hint: &'static str,
    pub link_place_label: &'static str,
    pub link_url_label: &'static str,
    pub link_add: &'static str,
    pub link_added: &'static str,
    pub link_removed: &'static str,
    pub link_url_invalid: &'static str,
    pub link_too_many: &'static str,
    pub withdraw_reason_needed: &'static str,
    pub withdraw_file: &'static str,
    pub withdraw_file_reason: &'static str,
    pub file_withdrawn: &'static str,
    pub stage_hint: &'static str,
    pub stage_on_label: &'static str,
    pub stage_note_label: &'static str,
    pub stage_document_label: &'static str,
    pub stage_document_hint: &'static str,
    pub stage_not_for_type: &'static str,
    pub stage_date_invalid: &'static str,
    pub stage_note_too_long: &'static str,
    pub needs_proposal_hint: &'static str,
    pub needs_proposal_differs: &'static str,
    pub needs_proposal_reason_label: &'static str,
    pub needs_proposal_reason_needed: &'static str,
    pub shortened_hint: &'static str,
    pub shortened_too_long: &'static str,
    pub period_locked: &'static str,
    pub preview_button: &'static str,
    pub preview_title: &'static str,
    pub preview_tree: &'static str,
    pub public_reason: &'static str,
    pub publication_heading: &'static str,
    pub publish_button: &'static str,
    pub publish_hint: &'static str,
    pub publish_needs_period: &'static str,
    pub publish_needs_text: &'static str,
    pub publish_period_over: &'static str,
    pub published: &'static str,
    pub reason_needed: &'static str,
    pub redact: &'static str,
    pub redact_hint: &'static str,
    pub redact_span: &'static str,
    pub redact_span_needed: &'static str,
    pub reject: &'static str,
    pub reject_note: &'static str,
    pub reject_or_redact: &'static str,
    pub reject_reason: &'static str,
    pub reject_selected: &'static str,
    pub remove: &'static str,
    pub report_empty: &'static str,
    pub report_preview: &'static str,
    pub report_publish: &'static str,
    pub report_publish_hint: &'static str,
    pub report_published: &'static str,
    pub report_title: &'static str,
    pub save: &'static str,
    pub save_version: &'static str,
    pub saved: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: &'static str,
    pub start_over: &'static str,
    pub text_and_versions: &'static str,
    pub text_empty: &'static str,
    pub text_hint: &'static str,
    pub text_paste: &'static str,
    pub text_upload: &'static str,
    pub text_upload_hint: &'static str,
    pub title_needed: &'static str,
    pub slug_invalid: &'static str,
    pub choice_unknown: &'static str,
    pub slug_taken: &'static str,
    pub doc_type_needed: &'static str,
    pub agency_needed: &'static str,
    pub closes_before_opens: &'static str,
    pub extend_later: &'static str,
    pub unpublished: &'static str,
    pub upload: &'static str,
    pub version_saved: &'static str,
    pub view_public: &'static str,
}

pub static VI_CONSOLE: ConsoleText = ConsoleText {
    account_agency_hint: "Bắt buộc với biên tập viên và người kiểm duyệt: họ làm việc với dự thảo của cơ quan này.",
    account_agency_needed: "Chọn cơ quan cho biên tập viên hoặc người kiểm duyệt.",
    account_organisation_hint: "Bắt buộc với cán bộ Mặt trận: họ làm việc cho tổ chức này và các tổ chức trực thuộc.",
    account_organisation_needed: "Chọn tổ chức cho cán bộ Mặt trận.",
    col_organisation: "Tổ chức Mặt trận",
    account_create: "Tạo tài khoản",
    account_created: "Đã tạo tài khoản.",
    account_exists: "Đã có tài khoản với thư điện tử này.",
    account_initial_password: "Mật khẩu ban đầu",
    account_name_needed: "Nhập họ và tên (tối đa 100 ký tự).",
    account_new_title: "Tạo tài khoản mới",
    account_role_needed: "Chọn vai trò.",
    accounts_caption: "Tài khoản cán bộ",
    accounts_title: "Tài khoản",
    activate: "Kích hoạt",
    active: "Đang hoạt động",
    add_text: "Thêm văn bản dự thảo",
    answer_button: "Trả lời các ý kiến đã chọn",
    answer_edit: "Sửa trả lời",
    answer_hint: "Chọn một ý kiến, hoặc nhiều ý kiến cùng nội dung để trả lời chung, rồi chọn hình thức tiếp thu và nêu nội dung tiếp thu, giải trình.",
    answer_reason: "Nội dung tiếp thu, giải trình",
    answer_reason_needed: "Nêu nội dung tiếp thu, giải trình (từ 3 đến 5.000 ký tự).",
    answer_selected: "Trả lời ý kiến đã chọn",
    answers_title: "Tiếp thu, giải trình",
    approve: "Duyệt, công khai",
    approve_selected: "Duyệt các ý kiến đã chọn",
    attachment_file: "Tệp (PDF, DOCX hoặc ODT)",
    attachment_hint: "Tệp được lưu nguyên bản và cho tải về công khai.",
    attachment_kind: "Loại tài liệu",
    attachment_removed: "Đã gỡ tài liệu.",
    attachment_title: "Tên tài liệu",
    attachment_uploaded: "Đã tải lên tài liệu.",
    attachment_wrong_type: "Chỉ nhận tệp PDF, DOCX hoặc ODT; nội dung tệp phải đúng với đuôi tên tệp.",
    audit_action: "Hành động",
    audit_actor: "Người thực hiện",
    audit_draft_id: "Mã dự thảo",
    audit_from: "Từ ngày",
    audit_title: "Nhật ký thao tác",
    audit_until: "Đến ngày",
    bulk_hint: "Đánh dấu ý kiến trong danh sách bên dưới, rồi chọn thao tác.",
    bulk_title: "Xử lý hàng loạt",
    change_note: "Tóm tắt thay đổi",
    change_note_hint: "Không bắt buộc. Hiển thị công khai cùng lần dự thảo này.",
    close_button: "Kết thúc lấy ý kiến ngay",
    col_actions: "Thao tác",
    col_after: "Sau",
    col_agency: "Cơ quan",
    col_answered: "Đã trả lời",
    col_before: "Trước",
    col_doc_type: "Loại văn bản",
    rule_unconfirmed: "căn cứ chưa được xác nhận",
    col_draft: "Dự thảo",
    col_email: "Thư điện tử",
    col_name: "Họ và tên",
    col_object: "Đối tượng",
    col_period: "Lấy ý kiến",
    col_publication: "Đăng tải",
    col_role: "Vai trò",
    col_state: "Trạng thái",
    col_time: "Thời điểm",
    col_unanswered: "Chờ trả lời",
    col_waiting_moderation: "Chờ kiểm duyệt",
    comments_label: "Ý kiến",
    console_name: "Góp Ý – Quản trị",
    error_back: "Quay lại trang trước",
    nav_site: "Cơ quan vận hành",
    nav_jobs: "Công việc nền",
    nav_legal: "Căn cứ pháp lý",
    legal_title: "Căn cứ pháp lý",
    legal_intro: "Các con số pháp lý mà Cổng áp dụng (thời gian lấy ý kiến tối thiểu, thời hạn trả lời văn bản xin ý kiến), mỗi con số kèm điều, khoản của văn bản quy định. Con số chưa xác nhận vẫn được áp dụng nhưng căn cứ của nó không hiển thị công khai và không được nêu khi từ chối. Chỉ xác nhận sau khi đã đọc điều, khoản trên một trang công khai (Cơ sở dữ liệu quốc gia về văn bản pháp luật, Công báo) và ghi địa chỉ trang đó.",
    calendar_title: "Lịch ngày nghỉ",
    calendar_intro: "Khi ngày cuối cùng của thời gian lấy ý kiến tối thiểu là ngày nghỉ cuối tuần hoặc ngày nghỉ lễ, thời gian tối thiểu kéo dài đến hết ngày làm việc tiếp theo (khoản 5 Điều 148 Bộ luật Dân sự năm 2015). Ngày nghỉ lễ theo Điều 112 Bộ luật Lao động năm 2019; ngày nghỉ Tết Âm lịch, ngày liền kề Quốc khánh và ngày hoán đổi theo quyết định hằng năm của Thủ tướng Chính phủ. Năm chưa nhập quyết định chỉ tính ngày nghỉ cuối tuần và các ngày lễ đã nhập.",
    calendar_col_day: "Ngày",
    calendar_col_name: "Ngày nghỉ, ngày làm bù",
    legal_col_subject: "Nội dung",
    legal_col_days: "Số ngày",
    legal_col_citation: "Căn cứ",
    legal_col_status: "Tình trạng",
    legal_confirmed: "Đã xác nhận",
    legal_source_label: "Trang đã đối chiếu",
    legal_source_hint: "Địa chỉ trang công khai có toàn văn điều, khoản (bắt đầu bằng https://); bắt buộc khi xác nhận.",
    legal_citation_hint: "Điểm, khoản, điều và văn bản, không ghi số ngày; ví dụ: khoản 2 Điều 30 Luật số 64/2025/QH15.",
    legal_confirm_label: "Tôi đã đối chiếu căn cứ này với văn bản gốc; cho phép hiển thị công khai",
    legal_edit: "Sửa",
    legal_save: "Lưu căn cứ",
    legal_unconfirmed_count_suffix: "căn cứ pháp lý chưa được xác nhận",
    jobs_title: "Công việc nền",
    jobs_intro: "Thư điện tử và cập nhật chỉ mục tìm kiếm được xếp hàng cùng thay đổi sinh ra chúng và thử lại khi lỗi, thưa dần. Việc nào đã thử quá số lần cho phép được giữ lại ở cột “Đã dừng thử”, không mất; sau khi khắc phục nguyên nhân (ví dụ máy chủ thư), hãy bấm “Thử lại các việc đã dừng”.",
    jobs_queues: "Hàng đợi",
    jobs_scheduled: "Việc định kỳ",
    jobs_col_queue: "Hàng đợi",
    jobs_col_waiting: "Đang chờ",
    jobs_col_dead: "Đã dừng thử",
    jobs_col_job: "Việc",
    jobs_col_schedule: "Lịch chạy",
    jobs_col_last_ok: "Lần chạy xong gần nhất",
    jobs_col_next: "Lần tới",
    jobs_col_problem: "Lỗi",
    jobs_requeue: "Thử lại các việc đã dừng",
    jobs_never: "Chưa chạy",
    jobs_ok: "Không có",
    site_title: "Cơ quan vận hành Cổng",
    site_intro: "Tên, địa chỉ và thông tin liên hệ của cơ quan vận hành được hiển thị ở chân mọi trang công khai; Thông báo về xử lý dữ liệu cá nhân nêu cơ quan này là bên kiểm soát dữ liệu cá nhân của người góp ý.",
    site_name: "Tên cơ quan",
    site_address: "Địa chỉ",
    site_phone: "Điện thoại",
    site_email: "Thư điện tử liên hệ",
    site_website: "Trang thông tin điện tử (không bắt buộc)",
    site_website_hint: "Bắt đầu bằng https://",
    site_save: "Lưu thông tin",
    site_missing: "Chưa khai báo cơ quan vận hành Cổng: chân trang và Thông báo về xử lý dữ liệu cá nhân chưa nêu được bên kiểm soát dữ liệu.",
    name_published: "Họ tên được công khai cùng ý kiến",
    name_not_published: "Người gửi không đồng ý công khai họ tên: trang công khai chỉ ghi tư cách góp ý và xã, phường.",
    error_console_home: "Về trang đầu của khu quản trị",
    count_articles: "Điều",
    count_chapters: "Chương",
    count_clauses: "Khoản",
    count_points: "Điểm",
    count_sections: "Mục",
    dashboard_caption: "Dự thảo gần đây và ý kiến đang chờ",
    dashboard_empty: "Chưa có dự thảo nào.",
    dashboard_title: "Bảng điều khiển",
    deactivate: "Khóa",
    disposition: "Hình thức tiếp thu",
    draft_actions: "Thao tác với dự thảo",
    draft_create: "Tạo dự thảo",
    draft_created: "Đã tạo dự thảo. Hãy thêm văn bản dự thảo rồi đăng tải.",
    draft_new: "Dự thảo mới",
    draft_published: "Đã đăng tải dự thảo.",
    drafts_title: "Dự thảo",
    extend_button: "Gia hạn",
    extend_until: "Gia hạn đến hết ngày",
    field_closes: "Đến hết ngày",
    field_moderation: "Kiểm duyệt ý kiến",
    field_number: "Số, ký hiệu",
    field_number_hint: "Không bắt buộc với dự thảo chưa có số.",
    field_opens: "Từ ngày",
    field_slug: "Đường dẫn",
    field_slug_hint: "Chữ thường không dấu và dấu gạch ngang; để trống để tạo từ tiêu đề.",
    field_title: "Tiêu đề",
    filter: "Lọc",
    filter_links: "Chỉ ý kiến có đường liên kết",
    filter_kind: "Tư cách người góp ý",
    filter_locality: "Xã, phường, đặc khu",
    filter_section: "Điều, khoản (mã neo)",
    flag_links: "có liên kết",
    flag_redacted: "đã ẩn thông tin cá nhân",
    inactive: "Đã khóa",
    login_button: "Đăng nhập",
    login_email: "Thư điện tử",
    login_failed: "Thư điện tử hoặc mật khẩu không đúng.",
    login_password: "Mật khẩu",
    login_title: "Đăng nhập quản trị",
    moderation_post: "Công khai ngay sau khi xác nhận, kiểm duyệt sau",
    moderation_pre: "Kiểm duyệt trước khi công khai",
    nav_accounts: "Tài khoản",
    nav_audit: "Nhật ký",
    nav_drafts: "Dự thảo",
    nav_home: "Bảng điều khiển",
    nav_moderation: "Kiểm duyệt",
    nav_password: "Đổi mật khẩu",
    nav_public: "Trang công khai",
    no_articles_found: "Không nhận ra điều nào. Kiểm tra dòng tiêu đề điều có dạng “Điều 1. Tên điều”.",
    no_text_yet: "Chưa có văn bản dự thảo.",
    not_open: "Dự thảo không trong thời gian lấy ý kiến.",
    not_yourself: "Không thể tự khóa tài khoản của mình.",
    nothing_selected: "Chưa chọn ý kiến nào.",
    password_button: "Đổi mật khẩu",
    password_changed: "Đã đổi mật khẩu; các phiên đăng nhập khác đã kết thúc.",
    password_current: "Mật khẩu hiện tại",
    password_hint: "Đổi mật khẩu sẽ đăng xuất mọi phiên khác của tài khoản.",
    password_new: "Mật khẩu mới",
    password_rules: "Ít nhất 12 ký tự, không chứa tên đăng nhập.",
    password_title: "Đổi mật khẩu",
    password_wrong: "Mật khẩu hiện tại không đúng.",
    period_closed: "Đã kết thúc lấy ý kiến.",
    period_dates_needed: "Chọn cả ngày bắt đầu và ngày kết thúc.",
    period_extended: "Đã gia hạn thời gian lấy ý kiến.",
    period_hint: "Thời hạn tính theo ngày lịch, kể cả ngày nghỉ, như Bộ luật Dân sự năm 2015 quy định (Điều 147, 148): không tính ngày bắt đầu (hoặc ngày đăng tải, nếu đăng tải muộn hơn), tính từ ngày tiếp theo và kết thúc lúc 24 giờ ngày cuối cùng (giờ Việt Nam). Nếu ngày cuối cùng của thời gian tối thiểu là ngày nghỉ cuối tuần hoặc ngày nghỉ lễ, thời gian tối thiểu kéo dài đến hết ngày làm việc tiếp theo.",
    shortened_label: "Căn cứ áp dụng trình tự, thủ tục rút gọn",
    links_heading: "Nơi khác đăng tải dự thảo",
    links_hint: "Địa chỉ của dự thảo trên Cổng thông tin điện tử của tỉnh, thành phố, Cổng Pháp luật quốc gia hoặc nơi khác; được liệt kê trên trang dự thảo.",
    link_place_label: "Nơi đăng tải",
    link_url_label: "Địa chỉ trang (https://…)",
    link_add: "Thêm nơi đăng tải",
    link_added: "Đã thêm nơi đăng tải.",
    link_removed: "Đã xóa nơi đăng tải.",
    link_url_invalid: "Địa chỉ trang bắt đầu bằng https:// hoặc http://, không có dấu cách, tối đa 500 ký tự.",
    link_too_many: "Mỗi dự thảo liệt kê tối đa 10 nơi đăng tải khác.",
    report_period_open: "Chưa thể công bố bản tổng hợp: thời gian lấy ý kiến chưa kết thúc, ý kiến vẫn có thể được gửi đến.",
    attachment_posted: "Dự thảo đã đăng tải: không xóa được tệp trong hồ sơ. Hãy rút tệp và nêu lý do công khai; để thay thế, tải lên tệp mới cùng loại.",
    withdraw_reason_needed: "Nêu lý do rút tệp (từ 5 đến 1.000 ký tự); lý do được công khai trên trang dự thảo.",
    withdraw_file: "Rút tệp",
    withdraw_file_reason: "Lý do rút tệp (công khai)",
    file_withdrawn: "Đã rút tệp.",
    stage_hint: "Khi chuyển giai đoạn, ghi ngày, nội dung và văn bản quyết định việc chuyển: các mốc này được công khai trên trang dự thảo.",
    stage_on_label: "Ngày chuyển sang giai đoạn này",
    stage_note_label: "Nội dung (không bắt buộc)",
    stage_document_label: "Văn bản (số, ký hiệu; không bắt buộc)",
    stage_document_hint: "Ví dụ: Nghị quyết số 12/NQ-HĐND ngày 05/01/2026 thông qua đề xuất chính sách.",
    stage_not_for_type: "Loại văn bản này không có giai đoạn đề xuất chính sách.",
    stage_date_invalid: "Nhập ngày dạng ngày/tháng/năm, không muộn hơn hôm nay.",
    stage_note_too_long: "Nội dung và văn bản của giai đoạn dài tối đa 500 ký tự mỗi mục.",
    needs_proposal_hint: "Tiêu chí 1 (loại văn bản phải lập đề xuất chính sách) được xác định theo loại văn bản đã chọn.",
    needs_proposal_differs: "Tiêu chí 1 khác với loại văn bản (nêu lý do)",
    needs_proposal_reason_label: "Lý do tiêu chí 1 khác với loại văn bản",
    needs_proposal_reason_needed: "Nêu lý do tiêu chí 1 khác với loại văn bản (từ 10 đến 1.000 ký tự).",
    shortened_hint: "Chỉ điền khi văn bản được xây dựng theo trình tự, thủ tục rút gọn; ghi văn bản, điều, khoản cho phép. Khi có căn cứ này, thời gian lấy ý kiến tối thiểu không áp dụng và căn cứ được công khai trên trang dự thảo.",
    shortened_too_long: "Căn cứ áp dụng trình tự, thủ tục rút gọn dài tối đa 500 ký tự.",
    period_locked: "Dự thảo đã đăng tải: để thay đổi thời gian lấy ý kiến, dùng “Gia hạn” hoặc “Kết thúc lấy ý kiến ngay” và nêu lý do công khai.",
    preview_button: "Xem cấu trúc",
    preview_title: "Cấu trúc nhận được",
    preview_tree: "Các phần, chương, mục, điều, khoản, điểm",
    public_reason: "Lý do (hiển thị công khai)",
    publication_heading: "Đăng tải và thời gian lấy ý kiến",
    publish_button: "Đăng tải dự thảo",
    publish_hint: "Khi đăng tải, dự thảo và lần dự thảo mới nhất hiển thị công khai và nhận ý kiến trong thời gian đã đặt.",
    publish_needs_period: "Đặt thời gian lấy ý kiến trước khi đăng tải.",
    publish_needs_text: "Thêm văn bản dự thảo trước khi đăng tải.",
    publish_period_over: "Thời gian lấy ý kiến đã qua; đặt lại thời gian trước khi đăng tải.",
    published: "Đã đăng tải",
    reason_needed: "Nêu lý do (ít nhất 5 ký tự).",
    redact: "Ẩn đoạn này",
    redact_hint: "Chép đúng đoạn chứa thông tin cá nhân (số điện thoại, địa chỉ…). Bản công khai sẽ thay bằng dấu hiệu đã ẩn; bản gốc chỉ lưu trong nhật ký.",
    redact_span: "Đoạn cần ẩn",
    redact_span_needed: "Nhập đoạn cần ẩn (ít nhất 2 ký tự), chép đúng từ ý kiến.",
    reject: "Không công khai",
    reject_note: "Ghi chú (không bắt buộc)",
    reject_or_redact: "Không công khai, hoặc ẩn thông tin cá nhân",
    reject_reason: "Lý do không công khai",
    reject_selected: "Không công khai các ý kiến đã chọn",
    remove: "Gỡ",
    report_empty: "Chưa có ý kiến nào được trả lời để tổng hợp.",
    report_preview: "Bản xem trước",
    report_publish: "Công bố bản tổng hợp",
    report_publish_hint: "Bản tổng hợp sẽ hiển thị trên trang dự thảo, tải về được dạng .docx và .csv; người góp ý được báo qua thư.",
    report_published: "Đã công bố bản tổng hợp; thư báo cho người góp ý đang được gửi.",
    report_title: "Bản tổng hợp, tiếp thu, giải trình ý kiến",
    save: "Lưu",
    save_version: "Lưu thành lần dự thảo mới",
    saved: "Đã lưu.",
    sign_out: "Đăng xuất",
    signed_in_as: "Đang đăng nhập:",
    start_over: "Nhập lại",
    text_and_versions: "Văn bản và các lần dự thảo",
    text_empty: "Chưa có nội dung văn bản.",
    text_hint: "Dán toàn văn dự thảo, hoặc tải lên tệp .txt, .md hoặc .docx. Bạn sẽ xem cấu trúc nhận được trước khi lưu.",
    text_paste: "Dán văn bản",
    text_upload: "Hoặc tải lên tệp",
    text_upload_hint: ".txt, .md (UTF-8) hoặc .docx. Số thứ tự tự động của Word không được đọc: hãy gõ số điều, khoản, điểm.",
    title_needed: "Nhập tiêu đề (từ 5 đến 500 ký tự).",
    choice_unknown: "Hãy chọn một trong các lựa chọn có sẵn.",
    slug_invalid: "Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang, tối đa 80 ký tự.",
    slug_taken: "Đường dẫn này đã dùng cho dự thảo khác.",
    doc_type_needed: "Chọn loại văn bản.",
    agency_needed: "Chọn cơ quan chủ trì soạn thảo.",
    closes_before_opens: "Ngày kết thúc phải sau ngày bắt đầu.",
    extend_later: "Chọn ngày gia hạn sau ngày kết thúc hiện tại.",
    unpublished: "Chưa đăng tải",
    upload: "Tải lên",
    version_saved: "Đã lưu lần dự thảo mới.",
    view_public: "Xem trang công khai",
};

impl ConsoleText {
    pub fn rule_problem(&self, p: crate::domain::legal::RuleProblem) -> &'static str {
        use crate::domain::legal::RuleProblem as P;
        match p {
            P::Days => "Nhập số ngày là số nguyên từ 0 đến 366.",
            P::Citation => {
                "Nhập căn cứ (từ 5 đến 500 ký tự), ví dụ: khoản 2 Điều 30 Luật số 64/2025/QH15."
            }
            P::Source => {
                "Địa chỉ trang bắt đầu bằng https:// hoặc http://, không có dấu cách, tối đa 500 ký tự."
            }
            P::ConfirmNeedsSource => {
                "Chỉ xác nhận được khi có địa chỉ trang công khai đã dùng để đối chiếu."
            }
        }
    }

    pub fn operator_problem(&self, p: crate::domain::site::OperatorProblem) -> &'static str {
        use crate::domain::site::OperatorProblem as P;
        match p {
            P::Name => "Nhập tên cơ quan (từ 3 đến 200 ký tự).",
            P::Address => "Nhập địa chỉ (từ 5 đến 300 ký tự).",
            P::Phone => "Nhập số điện thoại: 8 đến 15 chữ số, có thể có dấu cách, +, -, ., ( ).",
            P::Email => "Nhập địa chỉ thư điện tử hợp lệ, ví dụ lienhe@so.gov.vn.",
            P::Website => "Địa chỉ trang bắt đầu bằng https:// hoặc http://, không có dấu cách.",
        }
    }
}

impl ConsoleText {
    /// A job runner queue, by its name in the jobs table.
    pub fn queue_label(&self, name: &str) -> &'static str {
        match name {
            "mail" => "Thư điện tử",
            "search-index" => "Chỉ mục tìm kiếm",
            _ => "Khác",
        }
    }

    /// A scheduled job, by its name in the jobs table.
    pub fn job_label(&self, name: &str) -> &'static str {
        match name {
            "clear-expired-sessions" => "Xóa phiên đăng nhập đã hết hạn",
            "prune-outboxes" => "Xóa thư đã gửi quá 30 ngày và cập nhật tìm kiếm đã áp dụng",
            "erase-expired-contacts" => {
                "Xóa địa chỉ thư điện tử và họ tên người góp ý khi hết thời hạn lưu trữ"
            }
            "search-index" => "Cập nhật chỉ mục tìm kiếm",
            _ => "Khác",
        }
    }

    pub fn jobs_requeued(&self, n: usize) -> String {
        format!("Đã xếp lại {n} việc vào hàng đợi.")
    }

    pub fn jobs_failures(&self, failures: i32, given_up: i32) -> String {
        match (failures, given_up) {
            (0, 0) => String::new(),
            (f, 0) => format!("Lỗi {f} lần liên tiếp, đang thử lại"),
            (0, g) => format!("Đã bỏ {g} lượt sau nhiều lần lỗi"),
            (f, g) => format!("Lỗi {f} lần liên tiếp, đang thử lại; đã bỏ {g} lượt"),
        }
    }

    pub fn role(&self, r: Role) -> &'static str {
        match r {
            Role::Admin => "Quản trị viên",
            Role::Editor => "Biên tập viên",
            Role::Moderator => "Người kiểm duyệt",
            Role::Organiser => "Cán bộ Mặt trận",
        }
    }

    pub fn counts(
        &self,
        pending: i64,
        published: i64,
        answered: i64,
        unanswered: i64,
        rejected: i64,
    ) -> String {
        format!(
            "{} chờ kiểm duyệt · {} đã công khai ({} đã trả lời, {} chờ trả lời) · {} không công khai",
            number(pending),
            number(published),
            number(answered),
            number(unanswered),
            number(rejected)
        )
    }

    pub fn answer_counts(&self, answered: i64, unanswered: i64) -> String {
        format!(
            "{} ý kiến đã trả lời, {} ý kiến chờ trả lời.",
            number(answered),
            number(unanswered)
        )
    }

    pub fn answer_filter(&self, f: AnswerFilter) -> &'static str {
        match f {
            AnswerFilter::Unanswered => "Chờ trả lời",
            AnswerFilter::Answered => "Đã trả lời",
            AnswerFilter::All => "Tất cả",
        }
    }

    pub fn queue_status(&self, s: QueueStatus) -> &'static str {
        match s {
            QueueStatus::Waiting => "Chờ kiểm duyệt",
            QueueStatus::Published => "Đã công khai",
            QueueStatus::Rejected => "Không công khai",
            QueueStatus::All => "Tất cả",
        }
    }

    pub fn item_status(&self, s: CommentStatus, reviewed: bool) -> &'static str {
        match (s, reviewed) {
            (CommentStatus::Pending, _) => "chờ kiểm duyệt",
            (CommentStatus::Published, false) => "đã công khai, chưa kiểm duyệt",
            (CommentStatus::Published, true) => "đã công khai",
            (CommentStatus::Rejected, _) => "không công khai",
            (CommentStatus::Withdrawn, _) => "đã rút",
            (CommentStatus::Unconfirmed, _) => "chưa xác nhận",
        }
    }

    pub fn comments_found(&self, n: i64) -> String {
        format!("{} ý kiến", number(n))
    }

    pub fn entries(&self, n: i64) -> String {
        format!("{} mục", number(n))
    }

    pub fn attachment_too_large(&self, mb: u64) -> String {
        format!("Tệp lớn hơn {mb} MB; hãy nén hoặc chia nhỏ tệp.")
    }

    pub fn report_last_published(&self, date: &str) -> String {
        format!("Bản tổng hợp công bố gần nhất lúc {date}.")
    }

    pub fn report_unanswered(&self, n: i64) -> String {
        format!(
            "Còn {} ý kiến chưa được trả lời (ý kiến góp ý đã công khai trên Cổng và ý kiến nhận ngoài Cổng); cần trả lời mọi ý kiến trước khi công bố bản tổng hợp.",
            number(n)
        )
    }

    /// Why a period or a change to it was refused; `rule` is the source of the document
    /// type's minimum.
    /// A period refused, naming the rule only where it is confirmed (`rule` is None
    /// otherwise: an unconfirmed minimum is enforced without citing a rule).
    pub fn period_problem(&self, problem: PeriodProblem, rule: Option<&str>) -> String {
        match problem {
            PeriodProblem::ClosesBeforeOpens => self.closes_before_opens.into(),
            PeriodProblem::TooShort {
                days,
                minimum,
                runs_until,
            } => self.period_too_short(minimum, rule, days, runs_until),
            PeriodProblem::Over => self.publish_period_over.into(),
            PeriodProblem::NotOpen => self.not_open.into(),
            PeriodProblem::ExtendLater => self.extend_later.into(),
            PeriodProblem::MinimumNotReached {
                runs_until,
                minimum,
            } => {
                let until = runs_until.format("%d/%m/%Y");
                match rule {
                    Some(rule) => format!(
                        "Chưa thể kết thúc sớm: thời gian lấy ý kiến tối thiểu {minimum} ngày (theo {rule}) kéo dài đến hết ngày {until}. Chỉ dự thảo theo trình tự, thủ tục rút gọn mới được kết thúc trước thời hạn này."
                    ),
                    None => format!(
                        "Chưa thể kết thúc sớm: thời gian lấy ý kiến tối thiểu {minimum} ngày kéo dài đến hết ngày {until}. Chỉ dự thảo theo trình tự, thủ tục rút gọn mới được kết thúc trước thời hạn này."
                    ),
                }
            }
        }
    }

    /// A draft posted without a file its dossier requires, naming the requirement's rule
    /// where it is confirmed.
    pub fn dossier_missing(&self, kind: &str, rule: Option<&str>) -> String {
        match rule {
            Some(rule) => format!(
                "Hồ sơ còn thiếu tệp bắt buộc: {kind} (theo {rule}). Tải tệp lên trước khi đăng tải."
            ),
            None => {
                format!("Hồ sơ còn thiếu tệp bắt buộc: {kind}. Tải tệp lên trước khi đăng tải.")
            }
        }
    }

    /// The flag of a comment whose text seems to hold personal data, naming the kinds.
    pub fn flag_personal_data(&self, found: &[crate::domain::comment::PersonalData]) -> String {
        use crate::domain::comment::PersonalData as P;
        let kinds: Vec<&str> = found
            .iter()
            .map(|k| match k {
                P::Phone => "số điện thoại",
                P::Email => "địa chỉ thư điện tử",
                P::IdNumber => "số định danh, chứng minh nhân dân",
            })
            .collect();
        format!(
            "có thể chứa dữ liệu cá nhân ({}): che trước khi công khai",
            kinds.join(", ")
        )
    }

    pub fn report_awaiting_moderation(&self, n: i64) -> String {
        format!(
            "Chưa thể công bố bản tổng hợp: còn {n} ý kiến chờ kiểm duyệt. Bản tổng hợp phải phản ánh mọi ý kiến đã nhận."
        )
    }

    pub fn period_too_short(
        &self,
        min: i32,
        rule: Option<&str>,
        days: i64,
        runs_until: chrono::NaiveDate,
    ) -> String {
        let rule = rule.map(|r| format!(" (theo {r})")).unwrap_or_default();
        let until = runs_until.format("%d/%m/%Y");
        if days >= i64::from(min) {
            // Long enough in days, but the minimum's last day is a rest day.
            format!(
                "Thời gian lấy ý kiến phải ít nhất {min} ngày{rule}; ngày thứ {min} là ngày nghỉ cuối tuần hoặc ngày nghỉ lễ, nên thời gian tối thiểu kéo dài đến hết ngày làm việc tiếp theo, ngày {until} (khoản 5 Điều 148 Bộ luật Dân sự năm 2015). Hãy đặt ngày kết thúc từ ngày {until}."
            )
        } else {
            format!(
                "Thời gian lấy ý kiến phải ít nhất {min} ngày{rule}; thời gian bạn đặt là {days} ngày. Ngày kết thúc sớm nhất là ngày {until}."
            )
        }
    }

    pub fn calendar_year_entered(&self, year: i32) -> String {
        format!("Năm {year}: đã nhập theo")
    }

    pub fn calendar_year_missing(&self, year: i32) -> String {
        format!(
            "Năm {year}: chưa nhập quyết định về ngày nghỉ Tết Âm lịch, Quốc khánh và hoán đổi ngày làm việc; thời gian tối thiểu chỉ tính ngày nghỉ cuối tuần và các ngày lễ đã nhập."
        )
    }

    pub fn day_kind(&self, kind: crate::domain::calendar::DayKind) -> &'static str {
        use crate::domain::calendar::DayKind as K;
        match kind {
            K::Holiday => "ngày nghỉ lễ",
            K::DayOff => "ngày nghỉ bù, nghỉ hoán đổi",
            K::Workday => "ngày làm việc bù",
        }
    }

    pub fn closed_early_note(&self, date: &str, reason: &str) -> String {
        format!("Kết thúc lấy ý kiến sớm lúc {date}. Lý do: {reason}")
    }

    pub fn extended_note(&self, date: &str, reason: &str) -> String {
        format!("Gia hạn lấy ý kiến đến hết ngày {date}. Lý do: {reason}")
    }

    pub fn answered_n(&self, n: usize) -> String {
        format!("Đã trả lời {n} ý kiến.")
    }

    pub fn decided(&self, changed: usize, skipped: usize) -> String {
        if skipped == 0 {
            format!("Đã xử lý {changed} ý kiến.")
        } else {
            format!(
                "Đã xử lý {changed} ý kiến; {skipped} ý kiến không xử lý được (không thuộc quyền, đã rút, hoặc không có đoạn cần ẩn)."
            )
        }
    }
}
