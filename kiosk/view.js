// Builds each screen's DOM from plain data. Text goes in as text nodes, never as HTML.

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

function heading(text, id = "screen-title") {
  return h("h1", { id, tabindex: "-1" }, text);
}

function actionBar(actions) {
  return h(
    "div",
    { class: "actions" },
    actions.map((a) =>
      h("button", { type: "button", class: `button button--${a.kind}`, onclick: a.onClick }, a.label),
    ),
  );
}

// Languages, each named in itself; `prompts` says "choose your language" in a few of them.
export function welcomeScreen({ title, prompts, languages, onChoose }) {
  return h(
    "div",
    { class: "welcome" },
    heading(title),
    h(
      "p",
      { class: "lead", id: "choose-language" },
      prompts.map((p, i) => [i ? " · " : "", h("span", { lang: p.lang, dir: p.dir }, p.text)]),
    ),
    h(
      "ul",
      { class: "languages", "aria-labelledby": "choose-language" },
      languages.map((l) =>
        h(
          "li",
          {},
          h(
            "button",
            { type: "button", class: "language", lang: l.code, dir: l.dir, onclick: (event) => onChoose(l.code, event) },
            l.name,
          ),
        ),
      ),
    ),
  );
}

// Between campaigns: the same friendly words in French first, then in the tablet's other languages.
export function noSurveyScreen({ title, text, others }) {
  return h(
    "div",
    { class: "welcome no-survey" },
    heading(title),
    h("p", { class: "lead" }, text),
    h(
      "ul",
      { class: "elsewhere" },
      others.map((o) => h("li", { lang: o.lang, dir: o.dir }, h("strong", {}, o.title), h("span", {}, o.text))),
    ),
  );
}

function optionButton(option, selected, onAnswer) {
  return h(
    "button",
    {
      type: "button",
      class: "option",
      "aria-pressed": option.value === selected ? "true" : "false",
      onclick: (e) => onAnswer(option.value, e),
    },
    option.image ? h("img", { src: option.image, alt: "", width: 48, height: 48 }) : null,
    h("span", {}, option.label),
  );
}

// One question: progress, its page, the question as the heading, then options or a text box.
export function questionScreen(q) {
  const described = [q.hint && "q-hint", q.help && "q-help", q.notice && "q-notice"].filter(Boolean);
  let field;
  if (q.type === "text") {
    const count = h("p", { class: "hint", id: "q-count" }, q.countText(q.value.length));
    field = [
      h("textarea", {
        id: "q-field",
        class: "textarea",
        rows: 6,
        maxlength: q.maxLength,
        "aria-labelledby": "screen-title",
        "aria-describedby": [...described, "q-count"].join(" "),
        oninput: (e) => {
          count.textContent = q.countText(e.target.value.length);
          q.onInput(e.target.value);
        },
      }),
      count,
    ];
    field[0].value = q.value;
  } else {
    field = h(
      "div",
      { role: "group", class: `options options--${q.type}`, "aria-labelledby": "screen-title",
        "aria-describedby": described.join(" ") || null },
      q.options.map((o) => optionButton(o, q.value, q.onAnswer)),
    );
  }
  return h(
    "div",
    { class: "question" },
    h(
      "div",
      { class: "progress" },
      h("p", { id: "q-progress", class: "progress__text" }, q.progressText),
      h("progress", { max: q.total, value: q.position, "aria-labelledby": "q-progress" }),
    ),
    q.introduction ? h("p", { class: "lead" }, q.introduction) : null,
    h("p", { class: "page-title" }, q.pageTitle),
    heading(q.label),
    q.required ? h("p", { class: "required" }, q.requiredText) : null,
    q.hint ? h("p", { class: "hint", id: "q-hint" }, q.hint) : null,
    q.help ? h("p", { class: "hint", id: "q-help" }, q.help) : null,
    q.notice ? h("p", { class: "notice", id: "q-notice" }, q.notice) : null,
    field,
    actionBar(q.actions),
  );
}

export function messageScreen({ title, lines = [], actions = [], kind = "info" }) {
  return h(
    "div",
    { class: `message message--${kind}` },
    heading(title),
    lines.map((line) => h("p", {}, line)),
    actions.length ? actionBar(actions) : null,
  );
}

export function idleContent({ title, text, remaining, continueLabel, onContinue }) {
  return [
    h("h2", { id: "idle-title", tabindex: "-1" }, title),
    h("p", { id: "idle-text" }, text),
    h("p", { class: "countdown", id: "idle-remaining", "data-remaining": true }, remaining),
    h("button", { type: "button", class: "button button--primary", onclick: onContinue }, continueLabel),
  ];
}

export function statusContent({ online, onlineText, offlineText, waitingText, rejectedText }) {
  const text = [online ? onlineText : offlineText, waitingText, rejectedText].filter(Boolean).join(" · ");
  return [
    h("span", { class: `status__dot status__dot--${online ? "online" : "offline"}`, "aria-hidden": "true" }),
    h("span", { class: "status__text" }, text),
  ];
}
