/** What the engine says about the request letter; how it arrives is the channel's (src/channels/document-delivery.ts). */
export const DOCUMENT_MSG = {
  letterFor: (code: string) =>
    `📄 Đơn đề nghị hỗ trợ kinh phí khuyến công và đề cương đề án của hồ sơ ${code}, điền sẵn theo hồ sơ hiện tại.`,
};
