// The words on screen: the kiosk's own texts (i18n/<lang>.json), the questionnaire's
// translations, and the pictograms, loaded once (as data: URLs) so questions need no request.

export const ui = { lang: "fr", texts: {}, pictograms: {} };

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

export async function loadTexts(languages) {
  const missing = languages.filter((code) => !ui.texts[code]);
  await Promise.all(
    missing.map(async (code) => {
      const response = await fetch(`i18n/${code}.json`).catch(() => null);
      if (response?.ok) ui.texts[code] = await response.json();
    }),
  );
}

export async function loadPictograms(questionnaire) {
  const options = [
    ...questionnaire.items.flatMap((item) => item.options ?? []),
    ...Object.values(questionnaire.scales ?? {}).flatMap((scale) => scale.options),
  ];
  const names = new Set(options.map((o) => o.pictogram).filter((name) => name && !ui.pictograms[name]));
  await Promise.all(
    [...names].map(async (name) => {
      const response = await fetch(`pictograms/${name}.svg`).catch(() => null);
      if (!response?.ok) return;
      ui.pictograms[name] = `data:image/svg+xml,${encodeURIComponent(await response.text())}`;
    }),
  );
}

export function pictogram(name) {
  return name ? (ui.pictograms[name] ?? `pictograms/${name}.svg`) : null;
}
