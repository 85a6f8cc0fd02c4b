// Which items a visitor sees and what is sent: a port of questionnaires/answers.py
// (is_visible, clean_answers), so the tablet and the server never disagree on show_if.

// Python's str.strip() whitespace, which differs slightly from String.prototype.trim().
const SPACE =
  "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const STRIP = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "g");
// Bidi embeddings/overrides/isolates and control characters (but tab and newline) are dropped.
const DROPPED = /[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f]/g;

const strip = (text) => text.replace(STRIP, "");

function normaliseText(raw) {
  return strip(raw.replace(/\r\n?/g, "\n").normalize("NFC").replace(DROPPED, ""));
}

export function isBlank(value) {
  return value === undefined || value === null || (typeof value === "string" && strip(value) === "");
}

// An item is shown when it has no show_if or the earlier item's kept answer is one of its values.
export function isVisible(item, cleaned) {
  return !item.show_if || item.show_if.in.includes(cleaned[item.show_if.item]);
}

export function optionsOf(questionnaire, item) {
  if (item.options) return item.options;
  const scale = item.type === "yesno" ? "yesno" : item.scale;
  return questionnaire.scales?.[scale]?.options ?? [];
}

function cleanValue(questionnaire, item, raw) {
  if (typeof raw !== "string") return undefined;
  if (item.type !== "text") {
    return optionsOf(questionnaire, item).some((o) => o.value === raw) ? raw : undefined;
  }
  if (raw.includes("\0")) return undefined;
  const value = normaliseText(raw);
  return [...value].length > item.max_length ? undefined : value;
}

// Walks the items in order, as the server does: an answer counts for later show_if
// conditions only if its own item is visible and the answer valid.
export function walk(questionnaire, answers) {
  const cleaned = {};
  const visible = [];
  for (const item of questionnaire.items) {
    let raw = answers[item.key];
    if (typeof raw === "string" && item.type === "text" && !raw.includes("\0")) raw = normaliseText(raw);
    const shown = isVisible(item, cleaned);
    if (shown) visible.push(item);
    if (isBlank(raw) || !shown) continue;
    const value = cleanValue(questionnaire, item, raw);
    if (value !== undefined) cleaned[item.key] = value;
  }
  return { visible, cleaned };
}
