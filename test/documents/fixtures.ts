import type { Application } from "../../src/domain/records.ts";

/** A submitted application as the form stores it, with every field answered. */
export function sampleApplication(overrides: Partial<Application["answers"]> = {}, code = "KC-2026-000123"): Application {
  return {
    code,
    channel: "telegram",
    userId: "7001",
    chatId: "7001",
    displayName: "An",
    submittedAt: "2026-12-01T03:00:00.000Z",
    answers: {
      representative: "Nguyễn Thị Ánh Tuyết",
      position: "Giám đốc",
      facilityName: "Công ty TNHH Chè Shan Tuyết Mường Phăng",
      entityType: "dnnvv",
      taxCode: "5600123456",
      province: "dien-bien",
      commune: "Xã Mường Phăng",
      address: "Bản Khá, đường Võ Nguyên Giáp",
      phone: "0912345678",
      email: "chemuongphang@gmail.com",
      sector: "Chế biến chè búp khô, chè xanh đặc sản",
      workers: 24,
      supportId: "may-moc-thiet-bi",
      description: "Mua 01 máy sấy chè công suất 500 kg/mẻ và 01 máy vò chè để thay lò sấy thủ công, giảm hao hụt và nâng chất lượng chè búp khô.",
      totalCost: 1_250_000_000,
      requested: 150_000_000,
      startMonth: { month: 3, year: 2027 },
      endMonth: { month: 10, year: 2027 },
      previousSupport: false,
      consent: true,
      ...overrides,
    },
    supportId: String(overrides.supportId ?? "may-moc-thiet-bi"),
    estimate: { maxVnd: 300_000_000, requestedVnd: 150_000_000, note: "" },
    status: "submitted",
    history: [{ at: "2026-12-01T03:00:00.000Z", by: "applicant", from: null, to: "submitted" }],
  };
}

/** The hard case for layout: very long names, a 500-character description, optional fields missing. */
export function longApplication(): Application {
  const description = (
    "Đầu tư đồng bộ dây chuyền sấy, vò, sao và đóng gói chè búp khô gồm máy sấy băng tải công suất năm trăm ki-lô-gam mỗi mẻ, " +
    "máy vò chè thủy lực, chảo sao quay tự động dùng ga, máy hút chân không và hàn miệng túi, cân điện tử và hệ thống xử lý khói lò; " +
    "đào tạo lại công nhân vận hành, xây dựng quy trình kiểm soát chất lượng theo tiêu chuẩn cơ sở, thiết kế bao bì mới cho sản phẩm " +
    "chè Shan tuyết cổ thụ để tham gia chương trình OCOP của tỉnh và mở rộng bán hàng qua sàn thương mại điện tử trong nước."
  ).padEnd(500, ".");
  const app = sampleApplication({
    representative: "Tòng Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc Khánh Linh Hương Giang",
    facilityName:
      "Hợp tác xã Nông nghiệp, Dịch vụ Thương mại và Chế biến Chè Shan Tuyết Cổ Thụ Vùng Cao Mường Phăng – Pá Khoang – Nà Tấu của đồng bào dân tộc Thái",
    entityType: "htx",
    sector: "Trồng, chế biến và tiêu thụ chè Shan tuyết cổ thụ, chè xanh, hồng trà, bạch trà; sản xuất bao bì giấy kraft thủ công",
    address: "Tổ dân phố số 12, bản Phiêng Ban Cuông Mường Loọng Thướng, đường liên xã Mường Phăng – Nà Nhạn, km số 17 + 500",
    description,
    totalCost: 2_987_654_321,
    requested: 1_000_000_005,
  });
  delete app.answers.position;
  delete app.answers.email;
  return app;
}
