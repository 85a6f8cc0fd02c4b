// The hall tablet: language choice, one question per screen, a queue that never loses
// or doubles a response, an idle reset, and a discreet status line for the staff.

import { optionsOf, walk } from "./answers.js";
import { createFiche } from "./fiche.js";
import { createIdle } from "./idle.js";
import { startPreview } from "./preview.js";
import { newId, openStore } from "./store.js";
import { createSync } from "./sync.js";
import { available, pictogram, setDocumentLanguage, t, tr, ui } from "./texts.js";
import {
  idleContent,
  messageScreen,
  noSurveyScreen,
  questionScreen,
  statusContent,
  welcomeScreen,
} from "./view.js";

const THANKS_MS = 6000;
const PAIRED_MS = 1500;
const RETRY_START_MS = 10000;
const app = { visitor: null, screen: "boot", unauthorised: false, reload: false };
const main = document.getElementById("screen");
const statusBar = document.getElementById("status");
const once = (action) => (event) => event.detail <= 1 && action(event); // a double tap acts once
const TAP_GUARD_MS = 1000;
const GUARDED = ["mousedown", "click"];

// The rest of an impatient double or triple tap on "Send" (the taps the browser counts as
// the 2nd, 3rd... of one series) lands on the thank-you screen: swallowed, so it neither
// presses that screen's button nor takes the focus from its heading, which a screen reader
// is reading. A fresh tap (a series of one) goes through.
function guardTaps() {
  const swallow = (event) => {
    if (event.detail <= 1) return;
    event.preventDefault();
    event.stopPropagation();
  };
  for (const type of GUARDED) document.addEventListener(type, swallow, { capture: true });
  setTimeout(() => {
    for (const type of GUARDED) document.removeEventListener(type, swallow, { capture: true });
  }, TAP_GUARD_MS);
}

const idle = createIdle({
  dialog: document.getElementById("idle"),
  isVisiting: () => Boolean(app.visitor),
  seconds: () => app.payload.settings.idle_seconds,
  warningSeconds: () => app.payload.settings.idle_warning_seconds,
  remainingText: (seconds) => t("idle_remaining", { seconds }),
  render: (seconds, onContinue) =>
    idleContent({
      title: t("idle_title"),
      text: t("idle_text"),
      remaining: t("idle_remaining", { seconds }),
      continueLabel: t("idle_continue"),
      onContinue,
    }),
  onExpire: () => showWelcome(),
  onContinue: () => main.querySelector("h1")?.focus(),
});

// ---- screens -----------------------------------------------------------------------------

function show(name, node, title) {
  main.replaceChildren(node);
  document.title = `${title} – ${t("page_title")}`;
  app.screen = name;
  document.body.dataset.screen = name; // the CSS shows the legal links between visitors only
  main.querySelector("h1")?.focus();
  renderStatus();
}

function renderStatus() {
  if (!app.sync || app.preview) return; // a preview's status line says it is one
  const { online, queue, rejected } = app.sync.state;
  statusBar.setAttribute("aria-label", t("status_label"));
  statusBar.replaceChildren(
    ...statusContent({
      online,
      onlineText: t("status_online"),
      offlineText: t("status_offline"),
      waitingText: t("status_waiting", { count: queue }),
      rejectedText: rejected ? t("status_rejected", { count: rejected }) : "",
    }),
  );
}

function showMessage(name, title, lines, actions = []) {
  show(name, messageScreen({ title, lines, actions }), title);
}

function showUnauthorised(text = t("unauthorised_text")) {
  endVisitor();
  showMessage("unauthorised", t("unauthorised_title"), [text]);
}

// No campaign open for the tablet's site (or its pinned one is not open): it waits, and
// switches at a heartbeat when one opens.
function showNoSurvey() {
  const title = t("no_survey_title", {}, "fr");
  const others = available(app.payload.languages ?? []).filter((code) => code !== "fr");
  const screen = noSurveyScreen({
    title,
    text: t("no_survey_text", {}, "fr"),
    others: others.map((code) => ({
      lang: code,
      dir: ui.texts[code].dir,
      title: t("no_survey_title", {}, code),
      text: t("no_survey_text", {}, code),
    })),
  });
  show("no-survey", screen, title);
}

function showWelcome() {
  endVisitor();
  clearTimeout(app.thanksTimer);
  setDocumentLanguage("fr");
  if (app.reload) return location.reload(); // a new shell was installed meanwhile
  if (app.unauthorised) return showUnauthorised();
  if (app.payload.campaign?.state !== "open") return showNoSurvey(); // none, or a pinned one closed
  const { questionnaire } = app.payload;
  const languages = available(questionnaire.languages);
  const screen = welcomeScreen({
    title: tr(questionnaire.title),
    prompts: languages.slice(0, 2).map((code) => ({
      lang: code,
      dir: ui.texts[code].dir,
      text: t("choose_language", {}, code),
    })),
    languages: languages.map((code) => ({
      code,
      dir: ui.texts[code].dir,
      name: ui.texts[code].language_name,
    })),
    onChoose: (code, event) => event.detail <= 1 && startVisitor(code),
  });
  if (!app.preview) screen.append(fiche.button());
  show("welcome", screen, tr(questionnaire.title));
}

// The fiche hall (fiche.js): a suggestion or complaint, apart from the questionnaire.
const fiche = createFiche({
  app, show, showMessage, showWelcome, idle, once,
  token: () => app.token,
  languages: () => available(app.payload.questionnaire.languages).map((code) => ({
    code, dir: ui.texts[code].dir, name: ui.texts[code].language_name,
  })),
  onUnauthorised: () => onUnauthorised(),
});

// ---- the visitor -------------------------------------------------------------------------

function startVisitor(code) {
  const questionnaire = app.payload.questionnaire;
  // The response id is chosen now: however often "send" is pressed, it is one response.
  app.visitor = { id: newId(), lang: code, answers: {}, key: walk(questionnaire, {}).visible[0].key };
  setDocumentLanguage(code);
  renderQuestion();
  idle.arm();
}

// Forgets everything about the visitor: answers, timers, the warning.
function endVisitor() {
  idle.stop();
  app.visitor = null;
}

function position() {
  const { visible, cleaned } = walk(app.payload.questionnaire, app.visitor.answers);
  return { visible, cleaned, index: visible.findIndex((item) => item.key === app.visitor.key) };
}

const isMissing = (item, cleaned) => item.required && cleaned[item.key] === undefined;

function go(step) {
  const { visible, cleaned, index } = position();
  if (step > 0 && isMissing(visible[index], cleaned)) return main.querySelector("#q-field")?.focus();
  const target = visible[index + step];
  if (!target) return step < 0 ? showWelcome() : null;
  app.visitor.key = target.key;
  renderQuestion();
}

function choose(item, value) {
  app.visitor.answers[item.key] = value;
  const { visible, index } = position();
  if (index === visible.length - 1) renderQuestion(true); // the last one: wait for "send"
  else go(1);
}

function actionsFor(item, isLast, answered) {
  const back = { kind: "secondary", label: t("back"), onClick: once(() => go(-1)) };
  const forward = (label) => ({ kind: "primary", label, onClick: once(() => go(1)) });
  if (isLast) return [back, { kind: "primary", label: t("send"), onClick: once(submit) }];
  if (answered || item.type === "text") return [back, forward(t("next"))];
  return item.required ? [back] : [back, forward(t("skip"))];
}

function renderQuestion(focusChoice = false) {
  const questionnaire = app.payload.questionnaire;
  const answers = app.visitor.answers;
  const { visible, index } = position();
  const item = visible[index];
  const value = answers[item.key] ?? "";
  const progress = t("question_of", { n: index + 1, total: visible.length });
  const screen = questionScreen({
    type: item.type,
    position: index + 1,
    total: visible.length,
    progressText: progress,
    introduction: index === 0 ? tr(questionnaire.introduction) : "",
    pageTitle: tr(questionnaire.pages.find((p) => p.key === item.page)?.title),
    label: tr(item.label),
    required: item.required,
    requiredText: t("required"),
    hint: item.type === "rating" ? t("rating_hint") : "",
    help: tr(item.help),
    notice: tr(item.notice),
    options: optionsOf(questionnaire, item).map((o) => ({
      value: o.value,
      label: tr(o.label),
      image: pictogram(o.pictogram),
    })),
    value,
    maxLength: item.max_length,
    countText: (count) => t("characters", { count, max: item.max_length }),
    onAnswer: (choice, event) => event.detail <= 1 && choose(item, choice),
    onInput: (text) => {
      answers[item.key] = text;
    },
    actions: actionsFor(item, index === visible.length - 1, value.trim() !== ""),
  });
  show("question", screen, progress);
  if (focusChoice) main.querySelector('[aria-pressed="true"]')?.focus();
}

async function submit() {
  const visitor = app.visitor;
  if (!visitor || visitor.isSending) return;
  const { visible, cleaned } = position();
  const missing = visible.find((item) => isMissing(item, cleaned));
  if (missing) {
    visitor.key = missing.key;
    return renderQuestion();
  }
  visitor.isSending = true;
  const collectedAt = new Date().toISOString();
  const record = {
    id: visitor.id,
    campaign: app.payload.campaign.slug, // filed there even if the site's campaign changes meanwhile
    lang: visitor.lang,
    answers: cleaned,
    collected_at: collectedAt,
  };
  try {
    await app.store.enqueue(record); // on the tablet's disk before any network call
  } catch {
    visitor.isSending = false;
    const actions = [
      { kind: "secondary", label: t("back"), onClick: once(() => renderQuestion()) },
      { kind: "primary", label: t("retry"), onClick: once(submit) },
    ];
    return showMessage("error", t("storage_error_title"), [t("storage_error")], actions);
  }
  endVisitor(); // the thank-you screen keeps the language, nothing else
  const thanks = tr(app.payload.questionnaire.thanks) || t("thanks");
  guardTaps();
  showMessage("thanks", thanks, [t("thanks_saved"), t("thanks_return")], [
    { kind: "primary", label: t("finish"), onClick: once(showWelcome) },
  ]);
  if (!app.preview) main.firstChild.append(fiche.button(ui.lang));
  app.thanksTimer = setTimeout(showWelcome, THANKS_MS);
  app.sync.refreshCounts();
  app.sync.flush();
}

// ---- start-up, pairing, news from the server ---------------------------------------------

function pairingCode() {
  const match = location.hash.match(/^#pair=([\w-]+)$/);
  if (location.hash) history.replaceState(null, "", location.pathname); // out of sight and history
  return match?.[1] ?? null;
}

async function pair(code) {
  endVisitor();
  showMessage("pairing", t("pairing_title"), [t("loading")]);
  const { status, data } = await app.sync.pair(code);
  if (status === 200) {
    await app.store.setMeta("token", data.token);
    app.token = data.token;
    app.unauthorised = false;
    showMessage("paired", t("pairing_title"), [t("paired_text", { name: data.device.name })]);
    const shown = new Promise((resolve) => setTimeout(resolve, PAIRED_MS)); // time to read it
    return start(shown);
  }
  const retry = [{ kind: "primary", label: t("retry"), onClick: once(() => pair(code)) }];
  if (status === 0) showMessage("pairing-failed", t("pairing_title"), [t("connection_failed")], retry);
  else showMessage("pairing-failed", t("pairing_title"), [t("pairing_failed")]);
}

async function refreshQuestionnaire() {
  const fresh = await app.sync.questionnaire();
  if (fresh && fresh !== "unauthorised") {
    app.payload = fresh;
    await app.store.setMeta("questionnaire", fresh);
  }
  return fresh !== "unauthorised" && Boolean(app.payload);
}

async function start(notBefore = null) {
  const isReady = await refreshQuestionnaire();
  await notBefore;
  if (!isReady) {
    if (app.unauthorised) return showUnauthorised();
    showMessage("connecting", t("pairing_title"), [t("connection_failed")]);
    return setTimeout(start, RETRY_START_MS);
  }
  showWelcome();
  if (app.isSyncing) app.sync.flush();
  else {
    app.isSyncing = true;
    app.sync.start();
  }
}

function onHeartbeat(news) {
  if (news.shell_version !== app.version) {
    navigator.serviceWorker?.getRegistration().then((registration) => registration?.update());
  }
  const current = app.payload;
  const isStale =
    news.campaign !== (current?.campaign?.slug ?? null) ||
    news.content_hash !== (current?.content_hash ?? null) ||
    news.campaign_state !== (current?.campaign?.state ?? null);
  if (current && isStale && !app.visitor) { // never under a visitor's feet; next heartbeat
    refreshQuestionnaire().then(
      () => ["welcome", "no-survey"].includes(app.screen) && showWelcome(),
    );
  }
}

function onUnauthorised() {
  app.unauthorised = true;
  if (!app.visitor && app.screen !== "thanks") showUnauthorised(); // a visitor finishes first
}

function watchShellUpdates() {
  const hadWorker = Boolean(navigator.serviceWorker?.controller);
  navigator.serviceWorker?.register("sw.js", { scope: "./" }).catch(() => {});
  navigator.serviceWorker?.addEventListener("controllerchange", () => {
    if (!hadWorker) return; // first install: this page already is the current shell
    if (app.visitor || app.screen === "thanks") app.reload = true;
    else location.reload();
  });
}

async function boot() {
  if (startPreview(app, { showWelcome })) return; // a draft in the admin: no worker, no store
  navigator.storage?.persist?.().catch(() => {});
  app.version = document.querySelector('meta[name="kiosk-version"]')?.content ?? "unknown";
  app.store = await openStore();
  app.token = await app.store.getMeta("token");
  app.payload = await app.store.getMeta("questionnaire");
  if (app.payload?.campaign) await app.store.nameCampaign(app.payload.campaign.slug);
  app.sync = createSync({
    store: app.store,
    token: () => app.token,
    version: app.version,
    onChange: renderStatus,
    onUnauthorised,
    onHeartbeat,
  });
  await app.sync.refreshCounts();
  addEventListener("hashchange", () => {
    const code = pairingCode(); // a pairing link opened in the same tab
    if (code && !app.visitor) pair(code);
  });
  const code = pairingCode();
  if (code) return pair(code);
  if (!app.token) return showUnauthorised(t("not_paired_text"));
  return start();
}

// The worker is registered once the first screen is up: its install (which takes the files
// this page already loaded from the browser's cache) never delays that screen.
boot()
  .catch(() => showMessage("error", t("storage_error_title"), [t("storage_error")]))
  .finally(() => app.preview || watchShellUpdates());
