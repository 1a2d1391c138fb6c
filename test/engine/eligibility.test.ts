import { describe, expect, it } from "vitest";
import { userChat, useTestApps } from "../support/app.ts";

/** Issue 16: the eligibility check as owners answer it. */
const { open } = useTestApps();

type Chat = ReturnType<typeof userChat>;
type App = Awaited<ReturnType<typeof open>>;

const questionOf = async (app: App) => {
  const state = (await app.store.sessions.get("terminal:u1"))?.state;
  return state?.name === "eligibility" ? state.questionId : state?.name;
};

const stateOf = async (app: App) => (await app.store.sessions.get("terminal:u1"))?.state.name;

async function start(app: App): Promise<Chat> {
  const chat = userChat(app);
  await chat.command("start");
  await chat.pressLabel("Kiểm tra điều kiện");
  return chat;
}

/** Answers until the worker-count question. */
async function toWorkers(app: App): Promise<Chat> {
  const chat = await start(app);
  for (const label of ["Hộ kinh doanh", "Xã hoặc đặc khu", "Tiểu thủ công nghiệp", "Không"]) await chat.pressLabel(label);
  expect((await questionOf(app))).toBe("lao-dong");
  return chat;
}

describe("worker count (W5)", () => {
  it.each([
    ["2", "duoi-50"],
    ["12", "duoi-50"],
    ["45", "duoi-50"],
    ["12 nguoi", "duoi-50"],
    ["50", "tu-50"],
    ["hon 500 cong nhan", "tu-50"],
  ])("reads %j as a number of workers (%s)", async (typed, band) => {
    const app = await open();
    const chat = await toWorkers(app);
    const reply = await chat.text(typed);
    expect(reply).not.toMatch(/chưa hiểu lựa chọn/);
    expect((await app.store.sessions.get("terminal:u1"))?.eligibility["lao-dong"]).toBe(band);
  });

  it("asks for the number itself, not for a numbered band", async () => {
    const app = await open();
    const chat = await start(app);
    for (const label of ["Hộ kinh doanh", "Xã hoặc đặc khu", "Tiểu thủ công nghiệp"]) await chat.pressLabel(label);
    const asked = await chat.pressLabel("Không");
    expect(asked).toMatch(/bao nhiêu lao động[\s\S]*con số/);
    expect(chat.buttons().filter((b) => b.kind === "choice")).toHaveLength(0);
  });
});

describe("side questions and typed names", () => {
  it("answers a question typed mid-check and asks the same question again", async () => {
    const app = await open();
    const chat = await toWorkers(app);
    const reply = await chat.text("mua máy cũ có được hỗ trợ không?");
    expect(reply).not.toMatch(/chưa hiểu lựa chọn/);
    expect(reply).toMatch(/bao nhiêu lao động/);
    expect((await questionOf(app))).toBe("lao-dong");
  });

  it("reads an entity type typed in words", async () => {
    const app = await open();
    const chat = await start(app);
    await chat.text("hộ kinh doanh cá thể");
    expect((await app.store.sessions.get("terminal:u1"))?.eligibility["entity-type"]).toBe("hkd");
  });
});

describe("stopping as soon as the outcome is decided", () => {
  it("tells a large enterprise 'no' per support right after its size, and asks fewer questions", async () => {
    const app = await open();
    const chat = await start(app);
    await chat.pressLabel("Doanh nghiệp lớn");
    const afterSize = await chat.pressLabel("Lớn: trên 200");
    expect(afterSize).toMatch(/không thuộc diện[\s\S]*Máy móc/i);
    expect(afterSize).toMatch(/Sản xuất sạch hơn/);
    let asked = 2;
    let last = afterSize;
    while ((await stateOf(app)) === "eligibility" && asked < 12) {
      last = await chat.press(chat.buttons().find((b) => b.kind === "choice" || b.data.startsWith("e:"))!.data);
      asked++;
    }
    expect((await stateOf(app))).toBe("eligibility-result");
    expect(asked).toBeLessThan(9);
    expect(last).toMatch(/Kết quả/);
  });

  it("never raises the announced number of questions mid-way", async () => {
    const app = await open();
    const chat = await start(app);
    const totals: number[] = [];
    let reply = await chat.pressLabel("Doanh nghiệp nhỏ");
    for (let i = 0; i < 12 && (await stateOf(app)) === "eligibility"; i++) {
      const total = /Câu \d+\/(\d+)/.exec(reply)?.[1];
      if (total) totals.push(Number(total));
      reply = await chat.press(chat.buttons().find((b) => b.data.startsWith("e:") && !b.data.startsWith("e:?"))!.data);
    }
    expect(totals.length).toBeGreaterThan(2);
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeLessThanOrEqual(totals[i - 1] as number);
  });
});

describe("the ward rule of the six centrally-run cities (W8)", () => {
  async function wardResult(entity: string, size: string | undefined) {
    const app = await open();
    const chat = await start(app);
    await chat.pressLabel(entity);
    if (size) await chat.pressLabel(size);
    await chat.pressLabel("Phường của 6 thành phố");
    let last = await chat.pressLabel("Không");
    for (let i = 0; i < 10 && (await stateOf(app)) === "eligibility"; i++) {
      const q = (await questionOf(app));
      if (q === "lao-dong") last = await chat.text("120");
      else last = await chat.press(chat.buttons().find((b) => b.data.startsWith("e:") && !b.data.startsWith("e:?"))!.data);
    }
    return { app, last };
  }

  it("says plainly for an SME that the rule is unconfirmed and points to the centre, like the Q&A", async () => {
    const { app, last } = await wardResult("Doanh nghiệp nhỏ", "Nhỏ: đến 100");
    expect(last).toMatch(/chưa được xác nhận/);
    expect(last).toMatch(/hỏi Trung tâm Khuyến công/);
    expect(last).not.toMatch(/Câu chữ tiếng Việt chưa được đối chiếu/);
    const qa = await userChat(app, "u2").text("Cơ sở ở phường của Hà Nội có được hỗ trợ khuyến công không?");
    expect(qa).toMatch(/chưa được xác nhận/);
    expect(qa).toMatch(/hỏi Trung tâm Khuyến công/);
  });

  it("gives a large enterprise no note about 50 workers", async () => {
    const { last } = await wardResult("Doanh nghiệp lớn", "Lớn: trên 200");
    expect(last).not.toMatch(/50 lao động/);
  });
});

describe('"Đăng ký hỗ trợ này" only where an owner can register', () => {
  it.each(["nghe-nhan-duoc-ho-tro", "sp-tieu-bieu-dieu-kien", "sp-tieu-bieu-cac-cap"])("is not offered under the topic %s", async (topic) => {
    const app = await open();
    const chat = userChat(app);
    await chat.press(`t:${topic}`);
    expect(chat.buttons().map((b) => b.label)).not.toContain("📝 Đăng ký hỗ trợ này");
  });

  it("is offered under a support owners register through the form", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.text("mua máy móc thiết bị được hỗ trợ bao nhiêu");
    expect(chat.buttons().map((b) => b.label)).toContain("📝 Đăng ký hỗ trợ này");
  });
});
