// The digital fiche hall: a suggestion, a complaint or a question for the site's register.
// Apart from the questionnaire and never linked to a response: its own id, its own request
// (/api/v1/kiosk/fiches), sent at once; offline, the visitor is told and may retry.

import { newId } from "./store.js";
import { t, ui, setDocumentLanguage } from "./texts.js";
import { h } from "./view.js";

const KINDS = ["suggestion", "reclamation", "information"];
const MAX_MESSAGE = 2000;
const MAX_CONTACT = 200;
const SENT_MS = 8000;
const TIMEOUT_MS = 15000;
const API = new URL("../api/v1/kiosk/fiches", location.href);

// The button that opens the fiche, for the welcome and thank-you screens; `labels` says it
// in one or two languages ({lang, dir, text}).
export function ficheButton(labels, onOpen) {
  return h(
    "p",
    { class: "fiche-entry" },
    h(
      "button",
      { type: "button", class: "button button--secondary fiche-entry__button", onclick: onOpen },
      labels.map((l, i) => [i ? " · " : "", h("span", { lang: l.lang, dir: l.dir }, l.text)]),
    ),
  );
}

function languageRow(languages, current, onLanguage) {
  return h(
    "ul",
    { class: "fiche-languages", "aria-label": t("choose_language") },
    languages.map((l) =>
      h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: "fiche-language",
            lang: l.code,
            dir: l.dir,
            "aria-pressed": l.code === current ? "true" : "false",
            onclick: () => onLanguage(l.code),
          },
          l.name,
        ),
      ),
    ),
  );
}

function ficheScreen({ fiche, languages, retentionDays, error, onLanguage, onBack, onSend }) {
  const message = h("textarea", {
    id: "fiche-message",
    class: "textarea",
    rows: 5,
    maxlength: MAX_MESSAGE,
    "aria-describedby": error ? "fiche-error" : null,
    "aria-invalid": error ? "true" : null,
    oninput: (e) => { fiche.message = e.target.value; },
  });
  message.value = fiche.message;
  const contact = h("input", {
    id: "fiche-contact",
    class: "textarea fiche-contact",
    type: "text",
    maxlength: MAX_CONTACT,
    autocomplete: "off",
    "aria-describedby": "fiche-why",
    oninput: (e) => { fiche.contact = e.target.value; },
  });
  contact.value = fiche.contact;
  return h(
    "div",
    { class: "fiche" },
    languages.length > 1 ? languageRow(languages, ui.lang, onLanguage) : null,
    h("h1", { id: "screen-title", tabindex: "-1" }, t("fiche_button")),
    h("p", { class: "lead" }, t("fiche_lead")),
    h("p", { class: "fiche-label", id: "fiche-kind" }, t("fiche_kind")),
    h(
      "div",
      { role: "group", class: "options options--fiche", "aria-labelledby": "fiche-kind" },
      KINDS.map((kind) =>
        h(
          "button",
          {
            type: "button",
            class: "option",
            "aria-pressed": fiche.kind === kind ? "true" : "false",
            onclick: (event) => {
              fiche.kind = kind;
              for (const b of event.currentTarget.parentNode.children) b.setAttribute("aria-pressed", "false");
              event.currentTarget.setAttribute("aria-pressed", "true");
            },
          },
          h("span", {}, t(`fiche_${kind}`)),
        ),
      ),
    ),
    h("label", { class: "fiche-label", for: "fiche-message" }, t("fiche_message")),
    error ? h("p", { class: "notice", id: "fiche-error" }, error) : null,
    message,
    h("label", { class: "fiche-label", for: "fiche-contact" }, t("fiche_contact")),
    h("p", { class: "hint", id: "fiche-why" }, t("fiche_contact_why", { days: retentionDays })),
    contact,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "button button--secondary", onclick: onBack }, t("back")),
      h("button", { type: "button", class: "button button--primary", onclick: onSend }, t("fiche_send")),
    ),
  );
}

// The fiche's screens, given the page's screen helpers (kiosk.js) and the tablet's token.
export function createFiche({ app, show, showMessage, showWelcome, idle, once, token, languages, onUnauthorised }) {
  let retentionDays = null;

  async function call(method, body) {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), TIMEOUT_MS);
    const headers = { Authorization: `Bearer ${token()}` };
    if (body) headers["Content-Type"] = "application/json";
    try {
      const response = await fetch(API, {
        method, headers, body: body ? JSON.stringify(body) : undefined,
        signal: controller.signal, cache: "no-store", credentials: "omit",
      });
      if (response.status === 401) onUnauthorised();
      return { status: response.status, data: await response.json().catch(() => null) };
    } catch {
      return { status: 0, data: null };
    } finally {
      clearTimeout(timeout);
    }
  }

  function offline(retry) {
    showMessage("fiche-offline", t("fiche_button"), [t("fiche_offline")], [
      { kind: "secondary", label: t("back"), onClick: once(render) },
      { kind: "primary", label: t("retry"), onClick: once(retry) },
    ]);
  }

  function render(error = "") {
    const fiche = app.visitor?.fiche;
    if (!fiche) return showWelcome();
    show(
      "fiche",
      ficheScreen({
        fiche,
        languages: languages(),
        retentionDays,
        error,
        onLanguage: (code) => { setDocumentLanguage(code); render(); },
        onBack: once(showWelcome),
        onSend: once(send),
      }),
      t("fiche_button"),
    );
    if (error) document.getElementById("fiche-message")?.focus();
  }

  async function send() {
    const fiche = app.visitor?.fiche;
    if (!fiche || fiche.isSending) return;
    if (!fiche.message.trim()) return render(t("fiche_empty"));
    fiche.isSending = true;
    const { status } = await call("POST", {
      id: fiche.id, kind: fiche.kind, message: fiche.message.trim(), contact: fiche.contact.trim(),
    });
    fiche.isSending = false;
    if (status === 401) return;
    if (status !== 201 && status !== 200) return offline(send);
    idle.stop();
    app.visitor = null;
    showMessage("fiche-sent", t("fiche_button"), [t("fiche_sent"), t("thanks_return")], [
      { kind: "primary", label: t("finish"), onClick: once(showWelcome) },
    ]);
    app.thanksTimer = setTimeout(showWelcome, SENT_MS);
  }

  async function open(code = ui.lang) {
    clearTimeout(app.thanksTimer);
    setDocumentLanguage(code);
    const fiche = { id: newId(), kind: "suggestion", message: "", contact: "" };
    app.visitor = { id: fiche.id, lang: code, fiche };
    idle.arm();
    if (retentionDays === null) {
      const { status, data } = await call("GET");
      if (status === 401) return;
      if (status !== 200) return offline(() => open(ui.lang));
      retentionDays = data.retention_days;
    }
    render();
  }

  // The button in the visitor's language, or on the welcome screen in the first two offered.
  function button(code = null) {
    const codes = code ? [code] : languages().slice(0, 2).map((l) => l.code);
    const labels = codes.map((c) => ({ lang: c, dir: ui.texts[c]?.dir ?? "ltr", text: t("fiche_button", {}, c) }));
    return ficheButton(labels, once(() => open(code ?? "fr")));
  }

  return { open, button };
}
