"""The web UI's words in Vietnamese (first) and English.

Templates call ``t("key")``; the language comes from ``?lang=`` or the ``tdkt_lang`` cookie.
Every string is stored NFC-normalised so that searches and comparisons behave.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from typing import Final, Literal

Lang = Literal["vi", "en"]
LANGS: Final[tuple[Lang, ...]] = ("vi", "en")
DEFAULT_LANG: Final[Lang] = "vi"

_RAW: dict[str, tuple[str, str]] = {
    "app.name": ("Thi đua – Khen thưởng", "Emulation & Commendation"),
    "lang.switch": ("English", "Tiếng Việt"),
    "nav.inbox": ("Việc cần xử lý", "My tasks"),
    "nav.new": ("Lập hồ sơ đề nghị", "New nomination"),
    "nav.list": ("Tra cứu hồ sơ", "Dossiers"),
    "nav.dashboard": ("Thống kê", "Dashboard"),
    "nav.public": ("Công khai", "Public posting"),
    "nav.logout": ("Đăng xuất", "Sign out"),
    "nav.skip": ("Bỏ qua đến nội dung chính", "Skip to main content"),
    "login.title": ("Đăng nhập", "Sign in"),
    "login.username": ("Tên đăng nhập", "Username"),
    "login.password": ("Mật khẩu", "Password"),
    "login.submit": ("Đăng nhập", "Sign in"),
    "login.failed": ("Sai tên đăng nhập hoặc mật khẩu", "Incorrect username or password"),
    "login.required": ("Vui lòng nhập đủ thông tin", "Please fill in both fields"),
    "csrf.failed": (
        "Phiên biểu mẫu đã hết hạn; vui lòng thử lại",
        "The form expired; please try again",
    ),
    "inbox.title": ("Việc cần xử lý", "My tasks"),
    "inbox.empty": ("Không có hồ sơ nào đang chờ đơn vị của bạn.", "Nothing is waiting for you."),
    "inbox.returned": ("Hồ sơ bị trả lại cần bổ sung", "Returned dossiers to resubmit"),
    "col.dossier": ("Hồ sơ", "Dossier"),
    "col.award": ("Danh hiệu / hình thức", "Award"),
    "col.proposer": ("Đơn vị đề nghị", "Proposer"),
    "col.level": ("Cấp xét", "Level"),
    "col.status": ("Trạng thái", "Status"),
    "col.due": ("Hạn xử lý", "Due"),
    "col.left": ("Còn lại", "Left"),
    "col.nominees": ("Đối tượng", "Nominees"),
    "days.left": ("còn {n} ngày làm việc", "{n} working days left"),
    "days.today": ("hết hạn hôm nay", "due today"),
    "days.over": ("quá hạn {n} ngày làm việc", "{n} working days overdue"),
    "badge.overdue": ("Quá hạn", "Overdue"),
    "badge.escalated": ("Đã báo cáo cấp trên ×{n}", "Escalated ×{n}"),
    "badge.late": ("Nộp muộn", "Late"),
    "badge.posting": ("Đang công khai", "Public posting"),
    "status.draft": ("Nháp", "Draft"),
    "status.in_review": ("Đang xét", "In review"),
    "status.returned": ("Trả lại", "Returned"),
    "status.decided": ("Đã quyết định", "Decided"),
    "status.rejected": ("Không đồng ý", "Rejected"),
    "status.withdrawn": ("Đã rút", "Withdrawn"),
    "status.expired": ("Hết hạn bổ sung", "Expired"),
    "level.unit": ("Đơn vị", "Unit"),
    "level.commune": ("Cấp xã", "Commune"),
    "level.district": ("Cấp huyện", "District"),
    "level.department": ("Sở, ban, ngành", "Department"),
    "level.province": ("Cấp tỉnh", "Province"),
    "level.ministry": ("Cấp bộ", "Ministry"),
    "level.central": ("Bộ Nội vụ", "Ministry of Home Affairs"),
    "level.government": ("Thủ tướng", "Prime Minister"),
    "level.president": ("Chủ tịch nước", "President"),
    "phase.review": ("Xét duyệt", "Review"),
    "phase.public_posting": ("Công khai lấy ý kiến", "Public posting"),
    "phase.resubmission": ("Chờ bổ sung", "Awaiting resubmission"),
    "kind.individual": ("Cá nhân", "Individual"),
    "kind.collective": ("Tập thể", "Collective"),
    "kind.household": ("Hộ gia đình", "Household"),
    "outcome.pending": ("Đang xét", "Pending"),
    "outcome.approved": ("Được đề nghị", "Approved"),
    "outcome.dropped": ("Không được chọn", "Dropped"),
    "act.submitted": ("Nộp hồ sơ", "Submitted"),
    "act.arrived": ("Chuyển đến", "Arrived"),
    "act.approved": ("Đồng ý, trình cấp trên", "Approved and forwarded"),
    "act.decided": ("Quyết định khen thưởng", "Decided"),
    "act.returned": ("Trả lại để bổ sung", "Returned"),
    "act.rejected": ("Không đồng ý", "Rejected"),
    "act.resubmitted": ("Trình lại", "Resubmitted"),
    "act.withdrawn": ("Rút hồ sơ", "Withdrawn"),
    "act.extended": ("Gia hạn", "Deadline extended"),
    "act.posting_ended": ("Kết thúc công khai", "Posting ended"),
    "act.reminded": ("Nhắc hạn", "Reminder"),
    "act.escalated": ("Báo cáo cấp trên do quá hạn", "Escalated"),
    "act.expired": ("Hết hạn bổ sung", "Expired"),
    "act.objection": ("Ý kiến phản ánh", "Objection received"),
    "act.objection_received": ("Nhận phản ánh, kiến nghị", "Objection received"),
    "act.objection_resolved": ("Xử lý phản ánh, kiến nghị", "Objection resolved"),
    "act.drafted": ("Lập hồ sơ nháp", "Draft started"),
    "new.title": ("Lập hồ sơ đề nghị khen thưởng", "New nomination dossier"),
    "new.award": ("Danh hiệu / hình thức khen thưởng", "Award"),
    "new.choose": ("— Chọn —", "— Choose —"),
    "new.year": ("Năm thành tích", "Achievement year"),
    "new.summary": ("Tóm tắt thành tích", "Summary of achievements"),
    "new.nominees": ("Danh sách đối tượng đề nghị", "Nominees"),
    "new.add_row": ("Thêm dòng", "Add row"),
    "new.remove_row": ("Xóa dòng", "Remove row"),
    "new.paste": ("Dán từ bảng tính", "Paste from a spreadsheet"),
    "new.paste_help": (
        "Dán các dòng sao chép từ Excel: Họ tên ⇥ Chức vụ ⇥ Loại (cá nhân/tập thể) ⇥ Giới tính "
        "⇥ Lao động trực tiếp (có/không).",
        "Paste rows copied from a spreadsheet: Name ⇥ Position ⇥ Kind (individual/collective) "
        "⇥ Gender ⇥ Direct worker (yes/no).",
    ),
    "new.paste_area": ("Các dòng sao chép từ bảng tính", "Rows copied from a spreadsheet"),
    "new.paste_apply": ("Thêm các dòng đã dán", "Add pasted rows"),
    "new.name": ("Họ tên / tên tập thể", "Name"),
    "new.position": ("Chức vụ", "Position"),
    "new.kind": ("Loại", "Kind"),
    "new.gender": ("Giới tính", "Gender"),
    "new.direct": ("Lao động trực tiếp", "Direct worker"),
    "new.ethnic": ("Dân tộc thiểu số", "Ethnic minority"),
    "new.rating": ("Xếp loại năm", "Year rating"),
    "new.check": ("Kiểm tra điều kiện", "Check eligibility"),
    "new.submit": ("Gửi hồ sơ", "Submit dossier"),
    "gender.male": ("Nam", "Male"),
    "gender.female": ("Nữ", "Female"),
    "elig.ok": ("Đủ điều kiện", "Eligible"),
    "elig.no": ("Chưa đủ điều kiện", "Not eligible"),
    "dossier.title": ("Hồ sơ {id}", "Dossier {id}"),
    "dossier.route": ("Quy trình xét duyệt", "Route"),
    "dossier.current": ("Đang ở", "Now at"),
    "dossier.round": ("Lần trình", "Round"),
    "dossier.summary": ("Tóm tắt", "Summary"),
    "dossier.history": ("Lịch sử xử lý", "History"),
    "dossier.decision": ("Quyết định khen thưởng", "Decision"),
    "dossier.decision_no": ("Số quyết định", "Decision number"),
    "dossier.decision_date": ("Ngày quyết định", "Decision date"),
    "dossier.authority": ("Cơ quan quyết định", "Deciding authority"),
    "dossier.bonus": ("Tiền thưởng", "Bonus"),
    "dossier.posting_ends": ("Hết hạn công khai", "Posting ends"),
    "panel.decide": ("Ý kiến của Hội đồng", "Council decision"),
    "panel.action": ("Quyết định", "Action"),
    "action.approve": ("Đồng ý", "Approve"),
    "action.return": ("Trả lại để bổ sung", "Return for changes"),
    "action.reject": ("Không đồng ý", "Reject"),
    "panel.comment": ("Ý kiến", "Comment"),
    "panel.choose": ("Đối tượng được đồng ý", "Nominees approved"),
    "panel.vote": ("Kết quả bỏ phiếu", "Ballot"),
    "panel.members_total": ("Tổng số thành viên", "Members"),
    "panel.present": ("Có mặt", "Present"),
    "panel.in_favor": ("Tán thành", "In favour"),
    "panel.vote_needed": ("Cần tỷ lệ tán thành ≥ {p}%", "Needs ≥ {p}% in favour"),
    "panel.submit": ("Ghi nhận quyết định", "Record decision"),
    "panel.resubmit": ("Trình lại hồ sơ", "Resubmit"),
    "panel.withdraw": ("Rút hồ sơ", "Withdraw"),
    "col.eligibility": ("Điều kiện khen thưởng", "Eligibility"),
    "eligibility.yes": ("Đủ điều kiện", "Eligible"),
    "eligibility.no": ("Chưa đủ điều kiện", "Not eligible yet"),
    "panel.extend": ("Gia hạn thời hạn xử lý", "Extend the deadline"),
    "panel.extend_days": ("Số ngày làm việc gia hạn (1–60)", "Extra working days (1–60)"),
    "panel.extend_reason": ("Lý do gia hạn", "Reason for the extension"),
    "panel.withdraw_reason": ("Lý do rút hồ sơ", "Reason for withdrawing"),
    "panel.withdraw_confirm": ("Rút hồ sơ này?", "Withdraw this dossier?"),
    "panel.done": ("Đã ghi nhận.", "Recorded."),
    "list.title": ("Tra cứu hồ sơ", "Dossiers"),
    "list.q": ("Từ khóa", "Search"),
    "list.filter": ("Lọc", "Filter"),
    "list.all": ("Tất cả", "All"),
    "list.overdue_only": ("Chỉ hồ sơ quá hạn", "Overdue only"),
    "list.total": ("{n} hồ sơ", "{n} dossiers"),
    "list.prev": ("← Trang trước", "← Previous"),
    "list.next": ("Trang sau →", "Next →"),
    "list.org": ("Đơn vị", "Organisation"),
    "dash.title": ("Thống kê thi đua – khen thưởng", "Commendation statistics"),
    "dash.year": ("Năm", "Year"),
    "dash.by_award": ("Hồ sơ theo danh hiệu", "Dossiers by award"),
    "dash.by_level": ("Hồ sơ theo cấp đang xét", "Dossiers by level"),
    "dash.by_status": ("Hồ sơ theo trạng thái", "Dossiers by status"),
    "dash.on_time": ("Tỷ lệ xử lý đúng hạn theo cấp", "On-time ratio per level"),
    "dash.overdue_org": ("Hồ sơ quá hạn theo đơn vị", "Overdue by organisation"),
    "dash.direct": ("Tỷ lệ người lao động trực tiếp", "Share of direct workers"),
    "dash.direct_note": (
        "trong số cá nhân đã được khen thưởng",
        "among decided individual nominees",
    ),
    "dash.other_workers": ("Lao động khác", "Other workers"),
    "dash.none": ("Chưa có dữ liệu", "No data yet"),
    "public.title": ("Công khai danh sách đề nghị khen thưởng", "Public list of nominations"),
    "public.intro": (
        "Danh sách dưới đây đang được công khai để lấy ý kiến của cơ quan, tổ chức, cá nhân. "
        "Mọi ý kiến phản ánh xin gửi trước ngày hết hạn công khai.",
        "The nominees below are posted for public comment. Please send any objection before "
        "the posting ends.",
    ),
    "public.empty": ("Hiện không có danh sách nào đang công khai.", "Nothing is posted now."),
    "public.ends": ("Hết hạn công khai", "Posting ends"),
    "public.object": ("Gửi ý kiến", "Send a comment"),
    "public.content": ("Nội dung ý kiến", "Your comment"),
    "public.contact": ("Thông tin liên hệ (không bắt buộc)", "Contact (optional)"),
    "public.sent": (
        "Cảm ơn, ý kiến của bạn đã được chuyển đến hội đồng xét duyệt. Mã tra cứu",
        "Thank you, your comment was sent to the reviewing council. Reference",
    ),
    "public.org": ("Đơn vị", "Organisation"),
    "form.required": ("Bắt buộc nhập", "Required"),
    "error.title": ("Có lỗi", "Error"),
    "error.unavailable": (
        "Chức năng này chưa sẵn sàng trên máy chủ.",
        "This function is not available on the server yet.",
    ),
    "doc.to_trinh": ("Tờ trình", "Submission letter"),
    "doc.bao_cao_thanh_tich": ("Báo cáo thành tích", "Achievement report"),
    "doc.bien_ban": ("Biên bản họp Hội đồng", "Council minutes"),
    "doc.xac_nhan_sang_kien": ("Xác nhận sáng kiến", "Initiative confirmation"),
    "doc.khac": ("Tài liệu khác", "Other paper"),
    "papers.title": ("Thành phần hồ sơ", "Papers"),
    "papers.checklist": ("Tài liệu bắt buộc", "Required papers"),
    "papers.present": ("Đã có", "Present"),
    "papers.missing": ("Còn thiếu", "Missing"),
    "papers.basis": ("Căn cứ", "Legal basis"),
    "papers.none_required": ("Không có tài liệu bắt buộc.", "No paper is required."),
    "papers.summary": (
        "Đã có {present}/{required} tài liệu bắt buộc",
        "{present} of {required} required papers present",
    ),
    "papers.attachments": ("Tài liệu đính kèm", "Attachments"),
    "papers.no_attachments": ("Chưa có tài liệu nào.", "No paper attached yet."),
    "papers.kind": ("Loại tài liệu", "Kind of paper"),
    "papers.file": ("Tệp", "File"),
    "papers.size": ("Dung lượng", "Size"),
    "papers.uploaded": ("Người tải lên", "Uploaded by"),
    "papers.actions": ("Thao tác", "Actions"),
    "papers.upload_title": ("Thêm tài liệu", "Attach a paper"),
    "papers.upload": ("Tải lên", "Upload"),
    "papers.choose_file": ("Chọn tệp", "Choose a file"),
    "papers.file_help": (
        "PDF, DOCX, XLSX, JPEG hoặc PNG; tối đa {mb} MB.",
        "PDF, DOCX, XLSX, JPEG or PNG; at most {mb} MB.",
    ),
    "papers.too_large": (
        "Tệp lớn hơn giới hạn {mb} MB; vui lòng chọn tệp nhỏ hơn.",
        "The file is larger than the {mb} MB limit; please choose a smaller one.",
    ),
    "papers.bad_type": ("Loại tệp không được chấp nhận.", "This type of file is not accepted."),
    "papers.replace": ("Thay tệp", "Replace"),
    "papers.replace_file": ("Tệp thay thế cho {name}", "New file for {name}"),
    "papers.delete": ("Xoá", "Delete"),
    "papers.delete_named": ("Xoá {name}", "Delete {name}"),
    "papers.delete_confirm": ("Xoá tài liệu này?", "Delete this paper?"),
    "papers.locked": (
        "Tài liệu chỉ được thay hoặc xoá khi hồ sơ là bản nháp hoặc bị trả lại để bổ sung.",
        "Papers can be replaced or removed only while the dossier is a draft or returned.",
    ),
    "papers.generated": ("Văn bản của hồ sơ", "Generated papers"),
    "papers.none_yet": ("Chưa có văn bản nào.", "No paper yet."),
    "papers.certificates": ("Bằng khen, giấy khen", "Certificates"),
    "paper.to_trinh": ("Tờ trình", "Submission letter"),
    "paper.bien_ban": ("Biên bản họp Hội đồng", "Council minutes"),
    "paper.quyet_dinh": ("Quyết định khen thưởng", "Decision"),
    "paper.annex": ("Danh sách kèm theo quyết định", "Annexed list of the decision"),
    "paper.certificate": ("Bằng khen / Giấy khen", "Certificate"),
    "papers.sign": ("Ký quyết định", "Sign the decision"),
    "papers.sign_again": ("Ký lại quyết định", "Sign the decision again"),
    "papers.sign_hint": (
        "Ký số (PAdES) quyết định bằng chứng thư số của {org}.",
        "Sign the decision (PAdES) with the digital certificate of {org}.",
    ),
    "papers.signed": ("Chữ ký số của quyết định", "Digital signature"),
    "papers.signed_by": ("Ký bởi {who} lúc {at}", "Signed by {who} at {at}"),
    "papers.signed_download": ("Tải quyết định đã ký (PDF)", "Download the signed decision (PDF)"),
    "papers.not_signed": ("Quyết định chưa được ký số.", "The decision has not been signed yet."),
    "papers.verify_title": ("Cách kiểm tra chữ ký số", "How to verify the signature"),
    "papers.verify": (
        "Mở tệp bằng Adobe Acrobat Reader (bảng Chữ ký) hoặc một công cụ kiểm tra chữ ký PDF "
        "(ví dụ: pyhanko sign validate --pretty-print --trust ca.pem tệp.pdf). Chữ ký hợp lệ "
        "khi tệp không bị sửa sau khi ký và chứng thư số do tổ chức chứng thực của cơ quan cấp; "
        "chỉ cần sửa một byte, chữ ký sẽ không còn hợp lệ. Mã SHA-256 của tệp đã ký: {sha}",
        "Open the file in Adobe Acrobat Reader (Signatures panel) or any PDF signature validator "
        "(e.g. pyhanko sign validate --pretty-print --trust ca.pem file.pdf). The signature is "
        "valid when the file is unchanged since signing and the certificate was issued by the "
        "body's certificate authority; a single changed byte breaks it. SHA-256 of the signed "
        "file: {sha}",
    ),
    "export.nominees": ("Xuất danh sách (Excel)", "Export the list (Excel)"),
    "export.list": ("Xuất Excel danh sách đang lọc", "Export the filtered list to Excel"),
    "import.title": ("Nhập danh sách từ Excel", "Import nominees from Excel"),
    "import.help": (
        "Tệp .xlsx, dòng đầu là tiêu đề với các cột: Họ và tên (bắt buộc), Đối tượng (cá nhân, "
        "tập thể, hộ gia đình), Chức vụ, Giới tính (nam, nữ), Lao động trực tiếp (có/không), "
        "Dân tộc thiểu số (có/không). Nếu có dòng sai, không hồ sơ nào được tạo.",
        "An .xlsx file whose first row holds the headers: Họ và tên (required), Đối tượng, "
        "Chức vụ, Giới tính, Lao động trực tiếp, Dân tộc thiểu số. If any row is wrong, "
        "nothing is created.",
    ),
    "import.award": ("Hình thức khen thưởng đề nghị", "Award proposed for the list"),
    "import.year": ("Năm đạt thành tích", "Year of the achievements"),
    "import.summary": ("Tóm tắt chung về thành tích", "Summary of the achievements"),
    "import.file": ("Tệp Excel danh sách", "Excel file of nominees"),
    "import.submit": ("Tạo hồ sơ từ tệp Excel", "Create the dossier from the file"),
    "import.row_error": (
        "Dòng {row}, cột {field}: {message}",
        "Row {row}, column {field}: {message}",
    ),
    "import.errors": (
        "Tệp có lỗi; chưa tạo hồ sơ nào. Sửa các dòng sau rồi tải lên lại:",
        "The file has errors; nothing was created. Fix these rows and upload again:",
    ),
    "objection.title": ("Phản ánh, kiến nghị", "Objections"),
    "objection.open_count": ("{n} chưa xử lý", "{n} open"),
    "objection.blocks": (
        "Chưa thể đồng ý hồ sơ khi còn phản ánh, kiến nghị chưa xử lý.",
        "The dossier cannot be approved while an objection is open.",
    ),
    "objection.open": ("Chưa xử lý", "Open"),
    "objection.dismissed": ("Không có cơ sở", "Dismissed"),
    "objection.upheld": ("Có cơ sở", "Upheld"),
    "objection.resolution": ("Kết quả xử lý", "Resolution"),
    "objection.outcome": ("Kết luận", "Outcome"),
    "objection.do_dismissed": ("Không có cơ sở (bác phản ánh)", "Dismiss (no grounds)"),
    "objection.do_upheld": ("Có cơ sở (chấp nhận phản ánh)", "Uphold (well founded)"),
    "objection.reason": ("Lý do, kết quả xác minh", "Reasons, findings"),
    "objection.submit": ("Ghi nhận kết quả xử lý", "Record the resolution"),
    "objection.inbox": ("Phản ánh, kiến nghị cần xử lý", "Objections to resolve"),
    "objection.lookup": ("Tra cứu phản ánh, kiến nghị", "Look up an objection"),
    "objection.reference": ("Mã tra cứu", "Reference"),
    "objection.lookup_help": (
        "Mã có dạng PA-XXXXXXXXXX, nhận được khi gửi ý kiến.",
        "Given when you sent the comment, e.g. PA-7K3M9Q2XDF.",
    ),
    "objection.lookup_submit": ("Tra cứu", "Look up"),
    "objection.bad_reference": (
        "Mã tra cứu không đúng dạng (ví dụ: PA-7K3M9Q2XDF).",
        "The reference is not in the right form (e.g. PA-7K3M9Q2XDF).",
    ),
    "objection.status_is": ("Tình trạng", "Status"),
    "objection.waiting": (
        "Hội đồng đang xem xét ý kiến của bạn.",
        "The council is considering your comment.",
    ),
    "draft.save": ("Lưu nháp", "Save as draft"),
    "draft.inbox": ("Hồ sơ nháp của đơn vị", "Your unit's drafts"),
    "draft.notice": (
        "Hồ sơ đang là bản nháp: chỉ đơn vị của bạn nhìn thấy. Đính kèm đủ tài liệu rồi nộp.",
        "This dossier is a draft, seen by your unit only. Attach the papers, then submit.",
    ),
    "draft.submit": ("Nộp hồ sơ", "Submit the dossier"),
    "draft.comment": ("Ý kiến khi nộp (không bắt buộc)", "Comment (optional)"),
    "draft.level": (
        "Khi nộp, hồ sơ được chuyển đến {level}; tài liệu bắt buộc tính theo cấp này.",
        "On submission the dossier goes to {level}; the required papers are those of that level.",
    ),
    "common.yes": ("Có", "Yes"),
    "common.no": ("Không", "No"),
    "common.save": ("Lưu", "Save"),
    "common.back": ("Quay lại", "Back"),
    "common.signed_in_as": ("Đăng nhập với", "Signed in as"),
}

CATALOGUE: Final[Mapping[str, tuple[str, str]]] = {
    key: (unicodedata.normalize("NFC", vi), unicodedata.normalize("NFC", en))
    for key, (vi, en) in _RAW.items()
}


def pick_lang(query: str | None, cookie: str | None) -> Lang:
    """``?lang=`` wins over the cookie; anything unknown falls back to Vietnamese."""
    for value in (query, cookie):
        if value == "en":
            return "en"
        if value == "vi":
            return "vi"
    return DEFAULT_LANG


def translator(lang: Lang) -> Callable[..., str]:
    """``t(key, **values)``: the text in ``lang``; an unknown key is shown as itself."""
    index = LANGS.index(lang)

    def t(key: str, **values: object) -> str:
        pair = CATALOGUE.get(key)
        if pair is None:
            return key
        text = pair[index]
        return text.format(**values) if values else text

    return t
