/**
 * Vietnamese function words and chat particles, folded (no diacritics).
 *
 * Owners wrap a question in words like "thì", "rồi", "nhé", "ạ", "anh ơi";
 * the knowledge base rarely uses them, so by IDF alone they would look like
 * rare, telling words and pull the ranking towards any variant that happens
 * to contain one. They keep a small weight; pairs containing them
 * ("cho vay", "khi nào") still count as two-word terms. Words that fold
 * onto a content word ("ho": họ/hộ, "vay": vậy/vay, "day": đây/dạy/dây,
 * "chu": chứ/chủ, "de": để/đề) are left out, except "hoi" (hỏi/hội): "cho tôi
 * hỏi" opens many questions, and "hội chợ", "hội thảo" keep their weight as
 * word pairs (no change on the tuning set; the commonest questions all answered).
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  [
    // pronouns and forms of address
    "toi", "tui", "em", "anh", "minh", "ong", "ba", "co", "bac", "ta", "nha",
    // particles and sentence endings
    "a", "ah", "ak", "ha", "nhe", "nha", "nhi", "oi", "the", "sao", "ne", "luon", "voi",
    // linking and framing words
    "thi", "la", "ma", "va", "hay", "hoac", "cua", "cho", "neu", "nhung", "con", "roi", "ra", "nua", "cung", "vao",
    "o", "den", "nay", "kia", "ay", "nao", "gi", "se", "vua", "nhu",
    "rat", "lam", "duoc", "khong", "chua", "phai", "muon", "biet", "giup", "xin", "hoi",
  ].filter((w, i, all) => all.indexOf(w) === i),
);
