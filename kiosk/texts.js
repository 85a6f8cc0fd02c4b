// The words on screen: the kiosk's own texts, the questionnaire's translations, and the
// pictograms (as data: URLs), all inside the script, so questions need no request.

import { PICTOGRAMS, TEXTS } from "./words.js";

export const ui = { lang: "fr", texts: TEXTS };
const pictograms = Object.fromEntries(
  Object.entries(PICTOGRAMS).map(([name, svg]) => [name, `data:image/svg+xml,${encodeURIComponent(svg)}`]),
);

export function t(key, params = {}, language = ui.lang) {
  const text = ui.texts[language]?.[key] ?? ui.texts.fr?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
}

// A questionnaire text ({fr: ..., ar: ...}) in the current language.
export function tr(text, language = ui.lang) {
  return text ? (text[language] ?? text.fr) : "";
}

export function setDocumentLanguage(code) {
  ui.lang = code;
  document.documentElement.lang = code;
  document.documentElement.dir = ui.texts[code]?.dir ?? "ltr";
}

// Languages whose kiosk texts exist: a questionnaire language without them is not offered.
export function available(languages) {
  return languages.filter((code) => ui.texts[code]);
}

// A pictogram the tablet does not have is left out rather than fetched.
export function pictogram(name) {
  return (name && pictograms[name]) || null;
}
