import { parseArgs } from "node:util";
import { copyStorage, isDatabaseUrl, openPlace } from "../store/copy.ts";
import { runCli } from "./run-cli.ts";

const USAGE = `Cách dùng: npm run store:copy -- --from <thư mục dữ liệu hoặc postgresql://…> --to <thư mục trống hoặc postgresql://…>
Sao chép toàn bộ dữ liệu (phiên trò chuyện, hồ sơ, câu hỏi, tin nhắn, thông báo chờ gửi, bộ đếm mã hồ sơ) sang kho trống và kiểm tra số lượng.`;

/** `npm run store:copy`: moves a deployment between the lowdb folder and PostgreSQL (either way). */
runCli(async () => {
  const { values } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" }, help: { type: "boolean" } } });
  if (values.help || !values.from || !values.to) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 1;
    return;
  }
  const from = await openPlace(values.from, "source");
  try {
    const to = await openPlace(values.to, "target");
    try {
      const counts = await copyStorage(from, to);
      const where = (p: string) => (isDatabaseUrl(p) ? "PostgreSQL" : p);
      console.log(
        `Đã sao chép từ ${where(values.from)} sang ${where(values.to)} và kiểm tra: ${counts.applications} hồ sơ, ${counts.sessions} phiên trò chuyện, ${counts.questions} câu hỏi, ${counts.contacts} tin nhắn, ${counts.notifications} thông báo chờ gửi.`,
      );
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
});
